// A saved case checked against its audit log before it is re-performed. The log is the record (hash-chained,
// and sealed by its head, which report.json and the workpapers print); the tables beside it are copies. Every
// difference is named in plain words, and the re-performance uses what the log records: its settings, its
// decisions, and the stored files only as the bytes they are, whose hash the log names.
import { sha256Hex } from '../hash';
import type { CaseSettings, Category, Decision, FileRole, InputFile, InputSummary, Mapping, Report } from '../types';
import type { LoggedFile, LoggedSettings } from './case-log';

/** A source file as the files table holds it. */
export interface SavedFile {
  role: FileRole;
  name: string;
  /** The files table's SHA-256 column: a copy, checked against the bytes and the log. */
  sha256: string;
  rows: number;
  imported: number;
  quarantined: number;
  bytes: Uint8Array;
}

const short = (hash: string) => `${String(hash).slice(0, 12)}…`;

// ---- settings ----------------------------------------------------------------------------------------

const SETTING_NAMES: Record<keyof CaseSettings, string> = {
  periodStart: 'the period start',
  periodEnd: 'the period end',
  timezone: 'the business time zone',
  authoritative: 'the authoritative system',
  lagToleranceMinutes: 'the lag tolerance (minutes)',
  autoSettleToleranceCents: 'the auto-settle tolerance (cents)',
  liabilityAccounts: 'the liability accounts',
  driftAlertCents: 'the drift alert threshold (cents)',
  currency: 'the currency',
  reasonCodes: 'the reason codes',
  offsetAccounts: 'the offset accounts',
};

function shown(v: unknown): string {
  if (v === undefined || v === null) return '(none)';
  if (Array.isArray(v)) return v.map(String).join(',');
  return typeof v === 'string' ? v : JSON.stringify(v);
}

const same = (a: unknown, b: unknown) => JSON.stringify(a ?? null) === JSON.stringify(b ?? null);

/** How the settings table (its text as stored) differs from the settings the log records, in plain words. */
export function settingsDifferences(tableText: string | null, mappingText: string | null, logged: LoggedSettings): string[] {
  const out: string[] = [];
  const table = parseObject(tableText);
  if (!table) out.push(`The settings table does not hold readable settings (${tableText === null ? 'none' : 'not an object'}); the audit log's are used`);
  else {
    const keys = [...new Set([...Object.keys(SETTING_NAMES), ...Object.keys(logged.settings), ...Object.keys(table)])];
    for (const k of keys) {
      const was = (logged.settings as unknown as Record<string, unknown>)[k];
      const now = table[k];
      if (same(was, now)) continue;
      const name = Object.hasOwn(SETTING_NAMES, k) ? SETTING_NAMES[k as keyof CaseSettings] : `the setting '${k}'`;
      const were = k === 'liabilityAccounts' ? 'were' : 'was';
      out.push(`${name[0].toUpperCase()}${name.slice(1)} ${were} changed from ${shown(was)} to ${shown(now)} outside the audit log`);
    }
  }
  out.push(...mappingDifferences(mappingText, logged.mapping));
  return out;
}

function parseObject(text: string | null): Record<string, unknown> | null {
  if (text === null) return null;
  try {
    const v: unknown = JSON.parse(text);
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function mappingDifferences(text: string | null, logged: Mapping | null): string[] {
  const table = text === null ? null : parseObject(text);
  if (text !== null && !table) return ["The settings table's column mapping does not read; the audit log's is used"];
  const was = (logged ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const now = (table ?? {}) as Record<string, Record<string, unknown> | undefined>;
  const out: string[] = [];
  for (const role of [...new Set([...Object.keys(was), ...Object.keys(now)])]) {
    const a = was[role] ?? {};
    const b = now[role] ?? {};
    for (const column of [...new Set([...Object.keys(a), ...Object.keys(b)])]) {
      if (same(a[column], b[column])) continue;
      out.push(`The column mapping of ${role} '${column}' was changed from ${shown(a[column])} to ${shown(b[column])} outside the audit log`);
    }
  }
  return out;
}

// ---- the stored files --------------------------------------------------------------------------------

/**
 * The files to re-perform (in the log's order, by the log's names, with the stored bytes) and how the files
 * table differs from the log's import entry. Without an import entry, the table's files, checked only against
 * their own hash column.
 */
export function checkStoredFiles(saved: readonly SavedFile[], logged: readonly LoggedFile[] | null): { files: InputFile[]; problems: string[] } {
  const problems: string[] = [];
  const asInput = (f: SavedFile, name = f.name): InputFile => ({ role: f.role, name, bytes: f.bytes });
  if (!logged) {
    for (const f of saved) problems.push(...ownHashProblem(f));
    return { files: saved.map((f) => asInput(f)), problems };
  }
  const files: InputFile[] = [];
  for (const l of logged) {
    const f = saved.find((s) => s.role === l.role);
    if (!f) {
      problems.push(`The audit log's import entry names the ${l.role} file ${l.name}, which the case file no longer holds`);
      continue;
    }
    problems.push(...storedFileProblems(f, l));
    files.push(asInput(f, l.name));
  }
  for (const f of saved)
    if (!logged.some((l) => l.role === f.role))
      problems.push(`The case file holds a ${f.role} file (${f.name}) that the audit log's import entry does not name; it was left out`);
  return { files, problems };
}

function ownHashProblem(f: SavedFile): string[] {
  const actual = sha256Hex(f.bytes);
  return actual === f.sha256 ? [] : [`${f.name} (${f.role}): its stored bytes hash to ${short(actual)}, not the SHA-256 the files table records (${short(f.sha256)}): the stored file was edited`];
}

function storedFileProblems(f: SavedFile, l: LoggedFile): string[] {
  const out: string[] = [];
  const actual = sha256Hex(f.bytes);
  const label = `${l.name} (${l.role})`;
  if (actual !== l.sha256) {
    if (f.sha256 === l.sha256)
      out.push(`${label}: its stored bytes hash to ${short(actual)}, not the SHA-256 the audit log's import entry records (${short(l.sha256)}): the stored file was edited`);
    else
      out.push(
        `${label}: the stored file (SHA-256 ${short(actual)}) is not the one the audit log's import entry records (${short(l.sha256)})${f.sha256 === actual ? ': the file and its hash in the files table were edited together' : ''}`,
      );
  } else if (f.sha256 !== l.sha256) out.push(`${label}: the files table's SHA-256 (${short(f.sha256)}) was edited; the stored bytes are the ones the audit log records`);
  if (f.name !== l.name) out.push(`The files table names the ${l.role} file '${f.name}'; the audit log's import entry names it '${l.name}'`);
  const counts = (x: { rows: number; imported: number; quarantined: number }) => `${x.rows} rows (${x.imported} imported, ${x.quarantined} quarantined)`;
  if (f.rows !== l.rows || f.imported !== l.imported || f.quarantined !== l.quarantined)
    out.push(`The files table's counts for ${l.name}, ${counts(f)}, differ from the audit log's import entry, ${counts(l)}`);
  return out;
}

/** How the re-performed import differs from what the log's import entry records (files whose bytes match it). */
export function importDifferences(reperformed: readonly InputSummary[], logged: readonly LoggedFile[] | null): string[] {
  if (!logged) return [];
  const out: string[] = [];
  for (const s of reperformed) {
    const l = logged.find((x) => x.role === s.system);
    if (!l || l.sha256 !== s.sha256) continue;
    if (s.rows !== l.rows || s.imported !== l.imported || s.quarantined !== l.quarantined)
      out.push(
        `${s.file}: re-performed, it reads ${s.rows} rows (${s.imported} imported, ${s.quarantined} quarantined); the audit log's import entry records ${l.rows} (${l.imported} imported, ${l.quarantined} quarantined)`,
      );
    const profile = s.profile ? `${s.profile.id}@${s.profile.version}` : undefined;
    if (l.profile !== undefined && profile !== l.profile)
      out.push(`${s.file}: re-performed, it is read with the profile ${profile ?? '(none)'}; the audit log's import entry records ${l.profile}`);
  }
  return out;
}

// ---- the stored report ------------------------------------------------------------------------------

/**
 * How the report stored in the case file (its copy of report.json when it was saved) differs from the report
 * re-performed: the seal it was made under, and the liability's figures. An edit of the log that recomputes the
 * chain must rewrite this copy too to pass unseen, and the kept head still tells it.
 */
export function storedReportProblems(stored: string | null, reperformed: Report): string[] {
  if (stored === null) return ['The case file holds no stored report to compare the re-performed one with'];
  let saved: Partial<Report>;
  try {
    saved = JSON.parse(stored) as Partial<Report>;
  } catch {
    return ['The report stored in the case file does not read as JSON'];
  }
  const out: string[] = [];
  const was = saved.audit_seal;
  const now = reperformed.audit_seal;
  if (was && now && (was.entries !== now.entries || was.head !== now.head))
    out.push(
      `The report stored in the case file was sealed with ${was.entries} audit log entries (head ${short(was.head)}), but the log has ${now.entries} (head ${short(now.head)})`,
    );
  const figures = (r: Partial<Report>) => JSON.stringify(r.liability ?? null);
  if (figures(saved) !== figures(reperformed)) {
    const a = saved.liability?.reconstructed_closing_cents;
    const b = reperformed.liability.reconstructed_closing_cents;
    out.push(
      a === b
        ? 'The liability in the report stored in the case file (roll-forward, bridge or totals) differs from the re-performed one'
        : `The report stored in the case file shows a reconstructed closing of ${shown(a)} cents; re-performed, the case gives ${b}`,
    );
  }
  return out;
}

// ---- decisions -------------------------------------------------------------------------------------------

/**
 * The decisions that cannot stand in the re-performed case: on a key no exception has, or with a resolution
 * code that is not one of its exception's (docs/formats.md §2). Each named with the log entry that records it.
 * `optionsOf` gives an exception's resolution codes, undefined for a key no exception has. A link or unlink is
 * on matching, not on an exception: the re-match takes it (or names the rows it cannot find).
 */
export function decisionProblems(
  decisions: readonly Decision[],
  optionsOf: (key: string) => { category: Category; codes: readonly string[] } | undefined,
  entryOf: (d: Decision) => number | undefined,
): { bad: Set<Decision>; problems: string[] } {
  const bad = new Set<Decision>();
  const problems: string[] = [];
  for (const d of decisions) {
    // A link or unlink names two rows, not an exception: the matching takes it or says why not (links.ts).
    if (d.action === 'link' || d.action === 'unlink') continue;
    const seq = entryOf(d);
    const which = `${seq !== undefined ? `Audit entry ${seq} (` : '('}decision:${d.action} by ${d.user} at ${d.at})`;
    const options = optionsOf(d.key);
    if (!options) {
      bad.add(d);
      problems.push(`${which} decides on ${d.key}, which no exception of the re-performed case has; it was left out`);
      continue;
    }
    if (d.resolution !== undefined && !options.codes.includes(d.resolution)) {
      bad.add(d);
      problems.push(`${which} gives ${d.key} the resolution '${d.resolution}', which is not one of ${options.category}'s (${options.codes.join(', ')}); it was left out`);
    }
  }
  return { bad, problems };
}
