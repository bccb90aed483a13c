// Which profile reads a file, and where its header is: the profile given for the role, or a mapping (docs/formats.md
// §3, a rename-only profile), or the best of the presets and the reference layout by header signature. The
// reader asks this before it reads a data row (read-table's header chooser), so that the reader and the profile
// agree on the header row; a title block above it is out of scope. The reference layout, a mapping and a profile
// that only renames columns are read on the fast path; other profiles row by row (the record path).
import { instrumentByName, parseLiabilityEntry } from '../accounts';
import { sha256Hex } from '../hash';
import { InputError, type FileRole, type Mapping } from '../types';
import { LAYOUTS, normalizeHeader, resolveColumns, type ColumnResolution } from './layouts';
import { compileProfile, detectProfile, referenceProfile, UNSUPPORTED_LAYOUTS, type CompiledProfile, type Detection } from './profile';
import { headerShare } from './profile/run';
import { PROFILE_FORMAT } from './profile/types';
import type { RawRow, TableStream } from './read-table';

/** A profile given for a role: its JSON (or compiled), and whether a detection chose it (a re-performed case). */
export interface GivenProfile {
  profile: unknown;
  detected?: boolean;
}

export interface ProfileChoice {
  profile: CompiledProfile;
  /** The profile's JSON as it is saved with the case and by --save-profiles. */
  json: unknown;
  /** Chosen by its header signature rather than given. */
  detected: boolean;
  /** The detection, when one was made (for the inspection and the errors). */
  detection: Detection | null;
  /** `fast`: read as a reference-layout file, with `mapping` when its headers are other names; `records`: row by row. */
  path: 'fast' | 'records';
  mapping?: Mapping;
}

/** How well a header row fits a role's reference layout: its required columns found, then its other columns. */
export function layoutFit(role: FileRole, headers: string[], mapping?: Mapping): number {
  const r = resolveColumns(role, headers, mapping);
  const found = LAYOUTS[role].columns.filter((c) => r.index[c] >= 0).length;
  return (LAYOUTS[role].required.length - r.missingRequired.length) * 100 + found;
}

const FITS = 10_000;
const cellText = (c: unknown): string => (c == null ? '' : String(c));

/** Where a given profile finds its header among the first rows: a fixed row, its signature, or the first row. */
function headerOf(p: CompiledProfile, rows: RawRow[]): { at: number; fits: boolean; share: number } {
  const fixed = p.def.table?.header;
  if (typeof fixed === 'number') {
    const at = rows.findIndex((r) => r.row === fixed);
    return { at: Math.max(0, at), fits: at >= 0, share: at >= 0 ? 1 : 0 };
  }
  const d = p.def.detect;
  if (!d || (p.def.table?.header !== undefined && p.def.table.header !== 'detect')) return { at: 0, fits: true, share: 1 };
  const names = d.headers.map((h) => (Array.isArray(h) ? h : [h]).map(normalizeHeader));
  const max = Math.min(rows.length, d.maxHeaderRow ?? 50);
  for (let i = 0; i < max; i++) {
    const share = headerShare(rows[i].cells, names);
    if (share >= (d.minShare ?? 1) - 1e-9) return { at: i, fits: true, share };
  }
  return { at: 0, fits: false, share: 0 };
}

/**
 * Chooses a file's profile as the reader meets its first rows (once per sheet of a workbook), then gives the
 * choice for the sheet the reader took.
 */
export class ProfileChooser {
  private readonly seen = new Map<string, Detection | null>();
  private readonly given: CompiledProfile | null;

  constructor(
    private readonly file: string,
    private readonly role: FileRole,
    private readonly mapping: Mapping | undefined,
    private readonly givenProfile: GivenProfile | undefined,
    /** The case's liability accounts: added to an ERP profile's own accounts (settingsAccounts). */
    private readonly liabilityAccounts: readonly string[] = [],
  ) {
    if (givenProfile && mapping?.[role]) throw new InputError(`${file}: both a mapping and a profile are given for the ${role} file; use one`, file);
    this.given = givenProfile ? compileProfile(givenProfile.profile) : null;
    if (this.given && this.given.role !== role) {
      throw new InputError(`${file}: the profile ${this.given.id} reads ${this.given.role} files, not the ${role} file`, file);
    }
  }

  /** read-table's header chooser. */
  readonly choose = (rows: RawRow[], sheet?: string): { at: number; score: number } => {
    const legacy = () => layoutFit(this.role, (rows[0]?.cells ?? []).map(cellText), this.mapping);
    if (this.given) {
      const h = headerOf(this.given, rows);
      return { at: h.at, score: h.fits ? FITS + h.share * 1000 : legacy() };
    }
    if (this.mapping?.[this.role]) return { at: 0, score: legacy() };
    const d = detectProfile(rows, { role: this.role });
    this.seen.set(sheet ?? '', d);
    const at = d.best ? rows.findIndex((r) => r.row === d.best!.headerRow) : -1;
    return at >= 0 ? { at, score: FITS + d.best!.score * 1000 } : { at: 0, score: legacy() };
  };

  /**
   * An ERP profile that names its own liability accounts, with the case's added (settingsAccounts): the profile
   * read with is this one, and it is what the case saves.
   */
  private withAccounts(c: ProfileChoice): ProfileChoice {
    const def = c.profile.def;
    if (c.path !== 'records' || def.role !== 'erp' || !def.accounts) return c;
    const accounts = settingsAccounts(def.accounts, this.liabilityAccounts);
    if (accounts.length === def.accounts.length) return c;
    const json = { ...(c.json as object), accounts };
    return { ...c, json, profile: compileProfile(json) };
  }

  /** The choice for the table the reader opened. */
  choice(table: TableStream): ProfileChoice {
    if (this.given) return this.withAccounts(fastOrRecords(this.given, this.givenProfile!.profile, this.givenProfile!.detected === true, null));
    if (this.mapping?.[this.role]) {
      return { profile: referenceProfile(this.role), json: null, detected: false, detection: null, path: 'fast', mapping: this.mapping };
    }
    const d = this.seen.get(table.sheet ?? '') ?? null;
    if (d?.best) return this.withAccounts(fastOrRecords(d.best.profile, d.best.profile.def, true, d));
    if (d?.refusal && UNSUPPORTED_LAYOUTS.some((u) => d.refusal!.startsWith(u.name))) throw new InputError(`${this.file}: ${d.refusal}`, this.file, table.headerRow);
    // Nothing fits: read as the reference layout, whose checks name the columns missing.
    return { profile: referenceProfile(this.role), json: referenceProfile(this.role).def, detected: false, detection: d, path: 'fast' };
  }
}

/** The fast path for a profile that only renames columns (the mapping it amounts to), else the record path. */
function fastOrRecords(p: CompiledProfile, json: unknown, detected: boolean, detection: Detection | null): ProfileChoice {
  const renames = p.renameOnly;
  if (!renames) return { profile: p, json, detected, detection, path: 'records' };
  const changed = Object.entries(renames).filter(([col, header]) => normalizeHeader(col) !== normalizeHeader(header));
  const mapping = changed.length ? { [p.role]: Object.fromEntries(changed) } : undefined;
  return { profile: p, json, detected, detection, path: 'fast', mapping };
}

/** The rename-only profile a mapping amounted to for one file: each reference column from the header it was read from. */
export function mappingProfile(role: FileRole, cols: ColumnResolution): unknown {
  const fields: Record<string, { column: string }> = {};
  for (const c of LAYOUTS[role].columns) if (cols.found[c]) fields[c] = { column: String(cols.found[c]).trim() };
  return {
    format: PROFILE_FORMAT, id: `mapping-${role}`, name: `Column mapping (${role})`, role, version: 1,
    description: 'The columns this file was read from under a column mapping (docs/formats.md §3).', fields,
  };
}

/** A profile's JSON as saved (two-space indent, a final newline) and the SHA-256 of that text. */
export function profileText(json: unknown): { text: string; sha256: string } {
  const text = `${JSON.stringify(json, null, 2)}\n`;
  return { text, sha256: sha256Hex(new TextEncoder().encode(text)) };
}

type AccountRule = NonNullable<CompiledProfile['def']['accounts']>[number];

/**
 * A profile's account rules with the settings' liability accounts added after them (none already there): an
 * entry with its instrument as it is; a name that says it, with that; a number prefix, once for each instrument
 * its account's name may say. So `--liability-accounts 2150=gift_card` reaches a preset's General Ledger too.
 */
export function settingsAccounts(own: readonly AccountRule[], list: readonly string[]): AccountRule[] {
  const out = [...own];
  const has = (r: AccountRule) => out.some((o) => o.match === r.match && o.matches === r.matches && o.instrument === r.instrument);
  const add = (r: AccountRule) => {
    if (!has(r)) out.push(r);
  };
  for (const text of list) {
    const e = parseLiabilityEntry(text);
    if (typeof e === 'string') continue;
    const named = e.instrument ?? instrumentByName(e.match);
    if (named && named !== 'ambiguous') add({ match: e.match, instrument: named });
    else if (/^\d+$/.test(e.match)) {
      add({ matches: `^\\s*${e.match}[\\d.-]*\\b.*gift\\s*-?\\s*(card|certificate|voucher)`, instrument: 'gift_card' });
      add({ matches: `^\\s*${e.match}[\\d.-]*\\b.*store\\s*-?\\s*credit`, instrument: 'store_credit' });
    }
  }
  return out;
}
