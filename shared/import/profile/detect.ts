// Which profile reads a file: each candidate's header signature is looked for in the file's first rows (under
// any title block); the best fit wins, with its score and the header row found. The reference layout of each
// role is a candidate too (`reference-<role>`, read on the fast path). Layouts known not to be readable are
// refused with the export to use instead; a file nothing fits is refused with the closest candidate's gaps.
import { FILE_ROLES, type DetectionCandidate, type FileRole } from '../../types';
import { LAYOUTS, normalizeHeader } from '../layouts';
import { PRESETS, UNSUPPORTED_LAYOUTS } from '../presets';
import { compileProfile, type CompiledProfile } from './compile';
import { headerShare } from './run';
import { isBlank } from './state';
import { PROFILE_FORMAT, type RawRow } from './types';

/** A candidate as detection ranks it, with the compiled profile that would read the file. */
export interface Candidate extends DetectionCandidate {
  profile: CompiledProfile;
}

export interface Detection {
  /** The profile to read the file with, or null when none fits (then `refusal` says why). */
  best: Candidate | null;
  /** The role: as given, or guessed from the best candidate. */
  role: FileRole | null;
  /** Every candidate, best first. */
  candidates: Candidate[];
  refusal: string | null;
}

const referenceProfiles = new Map<FileRole, CompiledProfile>();

/** The reference layout of a role as a profile that only names its columns (read on the fast path). */
export function referenceProfile(role: FileRole): CompiledProfile {
  let p = referenceProfiles.get(role);
  if (!p) {
    const layout = LAYOUTS[role];
    const fields: Record<string, unknown> = {};
    for (const c of layout.columns) fields[c] = layout.required.includes(c) ? { column: c } : { column: c, optional: true };
    // As the normalizer reads these layouts: the processor's times are UTC, posting dates month-first (docs/formats.md §1).
    if (role === 'payments') fields['Created (UTC)'] = { column: 'Created (UTC)', dates: { zone: 'UTC' } };
    p = compileProfile({
      format: PROFILE_FORMAT, id: `reference-${role}`, name: `Reference layout (${role})`, role, version: 1,
      detect: { headers: [...layout.required] }, table: { header: 'detect', skip: [] }, fields, dates: { order: 'MDY' },
    });
    referenceProfiles.set(role, p);
  }
  return p;
}

function signatureOf(p: CompiledProfile): { names: string[][]; shown: string[]; minShare: number; maxRow: number } | null {
  const d = p.def.detect;
  if (!d) return null;
  return {
    names: d.headers.map((h) => (Array.isArray(h) ? h : [h]).map(normalizeHeader)),
    shown: d.headers.map((h) => (Array.isArray(h) ? h[0] : h)),
    minShare: d.minShare ?? 1,
    maxRow: d.maxHeaderRow ?? 50,
  };
}

/** The first row (within maxRow rows) reaching minShare, else the row that came closest. */
function bestRow(rows: RawRow[], names: string[][], minShare: number, maxRow: number): { row: RawRow | null; share: number; fits: boolean } {
  let best: { row: RawRow | null; share: number } = { row: null, share: 0 };
  for (let i = 0; i < rows.length && i < maxRow; i++) {
    const share = headerShare(rows[i].cells, names);
    if (share >= minShare - 1e-9) return { row: rows[i], share, fits: true };
    if (share > best.share) best = { row: rows[i], share };
  }
  return { ...best, fits: false };
}

function candidate(p: CompiledProfile, kind: Candidate['kind'], rows: RawRow[]): Candidate {
  const base = { id: p.id, name: p.name, role: p.role, kind, profile: p };
  if (kind === 'reference') {
    // A reference-layout file has its header on its first row: no title block on the fast path.
    const first = rows.find((r) => r.cells.some((c) => !isBlank(c)));
    const layout = LAYOUTS[p.role];
    const have = new Set((first?.cells ?? []).map((c) => normalizeHeader(c == null ? '' : String(c))));
    const present = layout.columns.filter((c) => have.has(normalizeHeader(c)));
    const missingRequired = layout.required.filter((c) => !have.has(normalizeHeader(c)));
    return {
      ...base, score: present.length / layout.columns.length, matched: present.length, of: layout.columns.length, headerRow: first?.row ?? 0,
      fits: missingRequired.length === 0, missing: missingRequired,
    };
  }
  const sig = signatureOf(p);
  if (!sig) return { ...base, score: 0, matched: 0, of: 0, headerRow: 0, fits: false, missing: [] };
  const b = bestRow(rows, sig.names, sig.minShare, sig.maxRow);
  const have = new Set((b.row?.cells ?? []).map((c) => normalizeHeader(c == null ? '' : String(c))));
  const missing = sig.shown.filter((_, i) => !sig.names[i].some((n) => have.has(n)));
  return {
    ...base, score: b.share, matched: sig.names.length - missing.length, of: sig.names.length, headerRow: b.row?.row ?? 0, fits: b.fits, missing,
  };
}

/** Better first: fitting, higher share, more headers matched, then a reference layout before a preset (the fast path). */
function rank(a: Candidate, b: Candidate): number {
  return Number(b.fits) - Number(a.fits) || b.score - a.score || b.matched - a.matched || Number(b.kind === 'reference') - Number(a.kind === 'reference') || a.id.localeCompare(b.id);
}

/**
 * The best profile for a file, from its first rows (50 are plenty: a title block is a few lines). `profiles`:
 * the user's own profiles, considered beside the presets. `role`: when the file's role is known.
 */
export function detectProfile(rows: RawRow[], opts: { role?: FileRole; profiles?: readonly CompiledProfile[] } = {}): Detection {
  const roles = opts.role ? [opts.role] : FILE_ROLES;
  const candidates: Candidate[] = [
    ...(opts.profiles ?? []).map((p) => candidate(p, 'profile', rows)),
    ...PRESETS.map((p) => candidate(p, 'preset', rows)),
    ...roles.map((r) => candidate(referenceProfile(r), 'reference', rows)),
  ].filter((c) => roles.includes(c.role));
  candidates.sort(rank);
  const top = candidates[0];
  for (const u of UNSUPPORTED_LAYOUTS) {
    const names = u.headers.map((h) => (Array.isArray(h) ? h : [h]).map(normalizeHeader));
    const b = bestRow(rows, names, u.minShare, 50);
    if (b.fits && (!top?.fits || b.share > top.score)) {
      return { best: null, role: opts.role ?? null, candidates, refusal: `${u.name} (header at row ${b.row!.row}): ${u.reason}` };
    }
  }
  if (top?.fits) return { best: top, role: top.role, candidates, refusal: null };
  const closest = top && top.matched > 0
    ? `; the closest is ${top.name} (${top.kind === 'reference' ? 'the header row' : `row ${top.headerRow}`} lacks ${top.missing.map((m) => `'${m}'`).join(', ')})`
    : '';
  const what = opts.role ? `for the ${opts.role} role` : 'for any role';
  return { best: null, role: opts.role ?? null, candidates, refusal: `no preset or profile ${what} fits this file, and it is not in the reference layout${closest}` };
}
