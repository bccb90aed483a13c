// Prior quarters' platform exports, for the close analytics only (docs/analytics.md, "Input: the history"):
// each read through the same import and profiles as the quarter's platform file, each covering the period its
// name states (`2026Q2`, or `2026-04-01..2026-06-30` with `..` or `_`), else the calendar quarter of its first
// business date. They must end before the case's period and may not overlap: refused in one line otherwise.
import { importFiles } from '../import/import-files';
import type { BusinessCalendar } from '../time';
import { InputError, type CaseSettings, type InputFile, type InputSummary, type Mapping } from '../types';
import { buildHistory, HistoryError, sourceFromPlatformEvents, type HistorySource } from './history';
import { addDays } from './months';
import { DEFAULT_ANALYTICS_SETTINGS, resolveAnalyticsSettings, type AnalyticsSettingsInput } from './close';
import type { CardRegister } from './escheat';
import { readCardRegister } from './register';
import { openTable } from '../import/read-table';
import { sha256Hex } from '../hash';

export interface PriorHistory {
  sources: HistorySource[];
  /** The card register (card → owner's state), and the analytics settings as given. */
  register?: CardRegister;
  registerFile?: { file: string; sha256: string; rows: number; owners: number; unknown: number };
  settings?: AnalyticsSettingsInput;
  /** Each file as read: what report.json's analytics.history lists, with the period taken and how. */
  files: (InputSummary & { period: { start: string; end: string }; period_from: 'name' | 'first_row' })[];
  notes: string[];
}

const QUARTER = /(\d{4})[-_ ]?Q([1-4])/i;
const RANGE = /(\d{4}-\d{2}-\d{2})(?:\.\.|_)(\d{4}-\d{2}-\d{2})/;

function quarterOf(year: number, q: number): { start: string; end: string } {
  const m = (q - 1) * 3 + 1;
  const start = `${year}-${String(m).padStart(2, '0')}-01`;
  const next = q === 4 ? `${year + 1}-01-01` : `${year}-${String(m + 3).padStart(2, '0')}-01`;
  return { start, end: addDays(next, -1) };
}

/** The period a file covers: from its name, else the calendar quarter of its first business date. */
export function periodOfFile(name: string, firstDate: string | null): { period: { start: string; end: string }; from: 'name' | 'first_row' } | null {
  const r = RANGE.exec(name);
  if (r && r[1] <= r[2]) return { period: { start: r[1], end: r[2] }, from: 'name' };
  const q = QUARTER.exec(name);
  if (q) return { period: quarterOf(Number(q[1]), Number(q[2])), from: 'name' };
  if (!firstDate) return null;
  return { period: quarterOf(Number(firstDate.slice(0, 4)), Math.floor((Number(firstDate.slice(5, 7)) - 1) / 3) + 1), from: 'first_row' };
}

/** What a run takes for the close analytics besides its quarter (RunRequest). */
export interface AnalyticsRequest {
  history?: InputFile[];
  register?: InputFile;
  analyticsSettings?: AnalyticsSettingsInput;
}

/**
 * How a refusal names a prior quarter: the command line by its flag (`--history platform-2026Q3.csv: …`), the
 * app in words (`Prior quarter platform-2026Q3.csv: …`).
 */
export interface HistoryWording {
  file: string;
  all: string;
}

export const FLAG_WORDING: HistoryWording = { file: '--history', all: '--history' };
export const APP_WORDING: HistoryWording = { file: 'Prior quarter', all: 'Prior quarters' };

/** One problem of the analytics settings given, by the setting's dotted path (as the validator names it). */
export interface SettingProblem {
  field: string;
  message: string;
}

/** Every problem of the analytics settings given: unknown keys and bad values, each naming its setting. */
export function checkAnalyticsSettings(given: AnalyticsSettingsInput): SettingProblem[] {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return [{ field: '', message: 'the analytics settings must be an object such as {"escheat": {"holderState": "NY"}}' }];
  const unknown = unknownSettings(given);
  if (unknown) return [{ field: unknown, message: `${unknown} is not a setting (docs/analytics.md, Settings)` }];
  // The validator's lines begin with the setting's path: `breakage.prudenceMargin: must be …`.
  return resolveAnalyticsSettings(given).errors.map((e) => {
    const at = e.indexOf(': ');
    return at > 0 ? { field: e.slice(0, at), message: e.slice(at + 2) } : { field: '', message: e };
  });
}

/** The prior quarters, the card register and the settings, each checked and refused in one line. */
export async function readAnalyticsInputs(
  req: AnalyticsRequest,
  settings: CaseSettings,
  calendar: BusinessCalendar,
  mapping?: Mapping,
  wording: HistoryWording = FLAG_WORDING,
): Promise<PriorHistory | undefined> {
  if (!req.history?.length && !req.register && !req.analyticsSettings) return undefined;
  const out = await readPriorQuarters(req.history ?? [], settings, calendar, mapping, wording);
  if (req.analyticsSettings) {
    const [problem] = checkAnalyticsSettings(req.analyticsSettings);
    if (problem) throw new InputError(`analytics settings: ${problem.field && !problem.message.startsWith(problem.field) ? `${problem.field}: ` : ''}${problem.message}`);
    out.settings = req.analyticsSettings;
  }
  if (req.register) {
    const f = req.register;
    const table = openTable(f.name, f.bytes);
    const rows = [...table.chunks()].flatMap((c) => c.rows);
    const r = readCardRegister(f.name, table.headers, rows);
    if (r.refused.length) {
      const q = r.refused[0];
      throw new InputError(`${f.name}: row ${q.row}, column '${q.column}': ${q.reason}`, f.name, q.row, q.column ?? undefined);
    }
    out.register = r.register;
    out.registerFile = { file: f.name, sha256: sha256Hex(f.bytes), rows: r.rows, owners: r.register.size, unknown: r.unknown };
    if (r.unknown) out.notes.push(`${f.name}: ${r.unknown} row(s) give no owner state: the holder's state (${out.settings?.escheat?.holderState ?? 'DE'}) claims those cards.`);
  }
  return out;
}

/** The first key of the given settings that names no setting, as a dotted path; null when all do. */
function unknownSettings(given: unknown, known: unknown = DEFAULT_ANALYTICS_SETTINGS, path = ''): string | null {
  if (!given || typeof given !== 'object' || Array.isArray(given)) return null;
  for (const [k, v] of Object.entries(given)) {
    const here = path ? `${path}.${k}` : k;
    if (!known || typeof known !== 'object' || !Object.prototype.hasOwnProperty.call(known, k)) return here;
    const deeper = unknownSettings(v, (known as Record<string, unknown>)[k], here);
    if (deeper) return deeper;
  }
  return null;
}

/** Reads each prior quarter's platform export and checks the sources fit before the case's period. */
export async function readPriorQuarters(
  files: readonly InputFile[],
  settings: CaseSettings,
  calendar: BusinessCalendar,
  mapping?: Mapping,
  wording: HistoryWording = FLAG_WORDING,
): Promise<PriorHistory> {
  const out: PriorHistory = { sources: [], files: [], notes: [] };
  for (const f of files) {
    const imported = await importFiles([{ ...f, role: 'platform' }], mapping, calendar, { currency: settings.currency, liabilityAccounts: settings.liabilityAccounts });
    const summary = imported.files[0].summary;
    let first: string | null = null;
    for (const e of imported.events) if (e.system === 'platform' && (first === null || e.bdate < first)) first = e.bdate;
    const p = periodOfFile(f.name, first);
    if (!p) throw new InputError(`${wording.file} ${f.name}: no platform rows, and its name states no period (e.g. platform-2026Q2.csv)`, f.name);
    if (p.period.end >= settings.periodStart) {
      throw new InputError(`${wording.file} ${f.name}: it covers ${p.period.start}..${p.period.end}, which reaches into the case's period from ${settings.periodStart}; history is prior quarters only`, f.name);
    }
    const source = sourceFromPlatformEvents(f.name, p.period, calendar.startOf(p.period.start), imported.events);
    out.sources.push(source);
    out.notes.push(...source.notes, ...(summary.notes ?? []).map((n) => `${f.name}: ${n}`));
    if (summary.quarantined) out.notes.push(`${f.name}: ${summary.quarantined} row(s) quarantined; they are not in the history (the first: row ${summary.quarantine[0].row}, ${summary.quarantine[0].reason}).`);
    if (p.from === 'first_row') out.notes.push(`${f.name}: its name states no period; taken as the quarter of its first row, ${p.period.start}..${p.period.end}.`);
    out.files.push({ ...summary, system: 'platform', period: p.period, period_from: p.from });
  }
  try {
    buildHistory(out.sources);
  } catch (err) {
    if (err instanceof HistoryError) throw new InputError(`${wording.all}: ${err.message}`);
    throw err;
  }
  out.files.sort((a, b) => (a.period.start < b.period.start ? -1 : a.period.start > b.period.start ? 1 : 0));
  return out;
}
