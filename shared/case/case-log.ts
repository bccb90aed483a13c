// What a case's audit log records besides the decisions: the import (each source file's role, name, SHA-256
// and counts) and the settings the case was run with. A reopened case checks its stored files and its settings
// table against these entries (integrity.ts): the log is hash-chained and sealed, the tables are copies.
import { FILE_ROLES, type AuditEntry, type CaseSettings, type FileRole, type InputSummary, type Mapping } from '../types';

/** One source file as the import entry records it. */
export interface LoggedFile {
  role: FileRole;
  name: string;
  sha256: string;
  rows: number;
  imported: number;
  quarantined: number;
  /** Rows set aside before they became events, and the profile the file was read with (`id@version`). */
  out_of_scope?: number;
  profile?: string;
}

/** The settings entry: the settings in force (with the detected currency) and the column mapping. */
export interface LoggedSettings {
  settings: CaseSettings;
  mapping: Mapping | null;
}

/** What the log records of a case's inputs, and what in it does not read. */
export interface LoggedCase {
  files: LoggedFile[] | null;
  settings: LoggedSettings | null;
  problems: string[];
}

/** The detail of the import entry, as JSON: each file in role order. */
export function importEntryDetail(files: readonly InputSummary[]): string {
  const list: LoggedFile[] = files.map((f) => ({
    role: f.system, name: f.file, sha256: f.sha256, rows: f.rows, imported: f.imported, quarantined: f.quarantined,
    ...(f.out_of_scope === undefined ? {} : { out_of_scope: f.out_of_scope }),
    ...(f.profile ? { profile: `${f.profile.id}@${f.profile.version}` } : {}),
  }));
  return JSON.stringify({ files: list });
}

/** The detail of a settings entry, as JSON. */
export function settingsEntryDetail(settings: CaseSettings, mapping: Mapping | undefined): string {
  return JSON.stringify({ settings, mapping: mapping ?? null });
}

/** Reads the import and settings entries of a log (the last settings entry is the one in force). */
export function readCaseLog(log: readonly AuditEntry[]): LoggedCase {
  const out: LoggedCase = { files: null, settings: null, problems: [] };
  for (const e of log) {
    if (e.action === 'import') {
      const files = readImport(e.detail);
      if (!files) out.problems.push(`Audit entry ${e.seq} (import) does not read as a list of files`);
      else if (out.files) out.problems.push(`Audit entry ${e.seq} is a second import entry; a case is imported once`);
      else out.files = files;
    } else if (e.action === 'settings') {
      const s = readSettings(e.detail);
      if (!s) out.problems.push(`Audit entry ${e.seq} (settings) does not read as the case's settings`);
      else out.settings = s;
    }
  }
  if (!out.files) out.problems.push('The audit log has no import entry: the stored files cannot be checked against it');
  if (!out.settings) out.problems.push('The audit log has no settings entry: the settings table cannot be checked against it');
  return out;
}

const isCount = (n: unknown): n is number => Number.isSafeInteger(n) && (n as number) >= 0;
const isRole = (r: unknown): r is FileRole => FILE_ROLES.includes(r as FileRole);

function readImport(detail: string): LoggedFile[] | null {
  if (!detail.startsWith('{')) return readLegacyImport(detail);
  let files: unknown;
  try {
    files = (JSON.parse(detail) as { files?: unknown }).files;
  } catch {
    return null;
  }
  if (!Array.isArray(files)) return null;
  const ok = files.every(
    (f: Partial<LoggedFile> | null) =>
      !!f && isRole(f.role) && typeof f.name === 'string' && typeof f.sha256 === 'string' && isCount(f.rows) && isCount(f.imported) && isCount(f.quarantined),
  );
  const extra = (f: LoggedFile) => ({
    ...(isCount(f.out_of_scope) ? { out_of_scope: f.out_of_scope } : {}),
    ...(typeof f.profile === 'string' ? { profile: f.profile } : {}),
  });
  return ok
    ? (files as LoggedFile[]).map((f) => ({ role: f.role, name: f.name, sha256: f.sha256, rows: f.rows, imported: f.imported, quarantined: f.quarantined, ...extra(f) }))
    : null;
}

/** The import entry as cases saved before it was JSON wrote it: `role name sha256=… rows=… imported=… quarantined=…; …`. */
function readLegacyImport(detail: string): LoggedFile[] | null {
  const one = /(platform|storefront|payments|erp|opening) (.+?) sha256=([0-9a-f]{64}) rows=(\d+) imported=(\d+) quarantined=(\d+)(?:; |$)/gy;
  const out: LoggedFile[] = [];
  let m: RegExpExecArray | null;
  while ((m = one.exec(detail))) {
    out.push({ role: m[1] as FileRole, name: m[2], sha256: m[3], rows: Number(m[4]), imported: Number(m[5]), quarantined: Number(m[6]) });
    if (one.lastIndex === detail.length) return out;
  }
  return null;
}

function readSettings(detail: string): LoggedSettings | null {
  let parsed: { settings?: unknown; mapping?: unknown };
  try {
    parsed = JSON.parse(detail) as typeof parsed;
  } catch {
    return null;
  }
  const { settings, mapping = null } = parsed ?? {};
  if (!settings || typeof settings !== 'object' || Array.isArray(settings)) return null;
  if (mapping !== null && (typeof mapping !== 'object' || Array.isArray(mapping))) return null;
  return { settings: settings as CaseSettings, mapping: (mapping as Mapping | null) ?? null };
}
