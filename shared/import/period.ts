// The period and time zone the files suggest, before a run: each file's business dates, the calendar quarter
// most rows fall in, and an IANA zone whose offsets agree with every offset the timestamps state. After a run,
// how many of the case's in-scope rows fall in its period: a run on another quarter's files must never look
// like a perfect result.
import type { CanonicalEvent } from '../events';
import { BusinessCalendar, isValidZone, parseDate, parseInstant } from '../time';
import {
  DEFAULT_SETTINGS,
  type CaseSettings,
  type FilePeriod,
  type FileRole,
  type InputFile,
  type Mapping,
  type PeriodCoverage,
  type PeriodProposal,
} from '../types';
import { resolveColumns } from './layouts';
import { openTable } from './read-table';

/** The column that dates each role's rows, and whether a time without a zone is UTC (the processor's). */
const DATED: Partial<Record<FileRole, { column: string; kind: 'instant' | 'date'; assumeUtc?: boolean }>> = {
  platform: { column: 'Timestamp', kind: 'instant' },
  storefront: { column: 'Created At', kind: 'instant' },
  payments: { column: 'Created (UTC)', kind: 'instant', assumeUtc: true },
  erp: { column: 'Date', kind: 'date' },
};

/**
 * Zones tried first, in this order, where several agree with the offsets (Europe/Berlin and Europe/Paris always
 * do): the business zones most often met. Any other IANA zone is tried after them.
 */
const PREFERRED_ZONES = [
  'America/New_York', 'America/Chicago', 'America/Denver', 'America/Phoenix', 'America/Los_Angeles', 'America/Anchorage',
  'Pacific/Honolulu', 'America/Halifax', 'America/St_Johns', 'America/Toronto', 'America/Vancouver', 'America/Mexico_City',
  'America/Bogota', 'America/Sao_Paulo', 'America/Argentina/Buenos_Aires', 'Europe/London', 'Europe/Dublin', 'Europe/Lisbon',
  'Europe/Berlin', 'Europe/Paris', 'Europe/Madrid', 'Europe/Rome', 'Europe/Amsterdam', 'Europe/Stockholm', 'Europe/Warsaw',
  'Europe/Athens', 'Europe/Helsinki', 'Europe/Istanbul', 'Europe/Moscow', 'Africa/Johannesburg', 'Africa/Lagos', 'Africa/Cairo',
  'Asia/Dubai', 'Asia/Karachi', 'Asia/Kolkata', 'Asia/Dhaka', 'Asia/Bangkok', 'Asia/Singapore', 'Asia/Hong_Kong',
  'Asia/Shanghai', 'Asia/Manila', 'Asia/Tokyo', 'Asia/Seoul', 'Australia/Perth', 'Australia/Brisbane', 'Australia/Adelaide',
  'Australia/Darwin', 'Australia/Sydney', 'Australia/Melbourne', 'Pacific/Auckland',
];

/** No offset stated: the processor's zone-less times, taken as UTC. */
const NO_OFFSET = -32768;
/** Rows whose offsets a candidate zone is checked against, spread through the files. */
const ZONE_SAMPLES = 2000;

/** One file's dated rows as read: instants (or a date's UTC midnight), the offsets stated, whether in scope. */
interface DatedRows {
  file: FilePeriod;
  kind: 'instant' | 'date';
  values: Float64Array;
  offsets: Int16Array;
  scope: Uint8Array;
  n: number;
}

export function proposePeriod(
  files: InputFile[],
  mapping?: Mapping,
  settings?: Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'> & Partial<Pick<CaseSettings, 'liabilityAccounts'>>,
): PeriodProposal {
  const accounts = settings?.liabilityAccounts ?? DEFAULT_SETTINGS.liabilityAccounts;
  const read = files.map((f) => datedRows(f, mapping, accounts));
  const zone = zoneOf(read);
  const working = new BusinessCalendar(zone.timezone ?? (settings && isValidZone(settings.timezone) ? settings.timezone : 'UTC'));
  for (const r of read) fillRange(r, working);
  const out: PeriodProposal = { files: read.map((r) => r.file), period: busiestQuarter(read, working), timezone: zone.timezone, zone_basis: zone.basis };
  if (settings && isValidZone(settings.timezone)) out.coverage = rowsInPeriod(read, settings);
  return out;
}

/** A file's dated rows (none for a role without dates, or a file whose date column cannot be found). */
function datedRows(f: InputFile, mapping: Mapping | undefined, accounts: readonly string[]): DatedRows {
  const out: DatedRows = {
    file: { role: f.role, name: f.name, rows: 0, first: null, last: null, offsets: [] },
    kind: 'instant', values: new Float64Array(1024), offsets: new Int16Array(1024), scope: new Uint8Array(1024), n: 0,
  };
  const dated = DATED[f.role];
  if (!dated) return out;
  out.kind = dated.kind;
  let table;
  try {
    table = openTable(f.name, f.bytes);
  } catch {
    return out; // a file that cannot be read says so when it is inspected or run
  }
  const { index } = resolveColumns(f.role, table.headers, mapping);
  const col = index[dated.column];
  if (col < 0) return out;
  const inScope = scopeTest(f.role, index, accounts);
  const offsets = new Set<string>();
  for (const chunk of table.chunks()) {
    for (const row of chunk.rows) {
      const v = dated.kind === 'date' ? dateValue(row[col]) : instantValue(row[col], dated.assumeUtc === true, offsets);
      if (v === null) continue;
      push(out, v.ms, v.offset, inScope(row) ? 1 : 0);
    }
  }
  out.file.rows = out.n;
  out.file.offsets = [...offsets].sort();
  return out;
}

/** Whether a row is in the liability's scope, as the import will decide (docs/formats.md §1.6–§1.8). */
function scopeTest(role: FileRole, index: Record<string, number>, accounts: readonly string[]): (row: unknown[]) => boolean {
  const text = (row: unknown[], column: string) => (index[column] >= 0 ? String(row[index[column]] ?? '').trim() : '');
  if (role === 'storefront') return (row) => index.Status < 0 || text(row, 'Status').toLowerCase() === 'success';
  if (role === 'payments') return (row) => /gift\s*card/i.test(text(row, 'Description'));
  if (role === 'erp') return (row) => accounts.some((p) => text(row, 'Account').startsWith(p));
  return () => true;
}

function instantValue(raw: unknown, assumeUtc: boolean, offsets: Set<string>): { ms: number; offset: number } | null {
  const t = parseInstant(raw, { assumeUtc });
  if (!t.ok) return null;
  const zone = /(Z|[+-]\d{2}:?\d{2})\s*$/i.exec(String(raw ?? '').trim());
  if (!zone) return { ms: t.ms, offset: NO_OFFSET };
  const text = zone[1].toUpperCase() === 'Z' ? 'Z' : `${zone[1].slice(0, 3)}:${zone[1].slice(-2)}`;
  offsets.add(text);
  const minutes = text === 'Z' ? 0 : (text[0] === '-' ? -1 : 1) * (Number(text.slice(1, 3)) * 60 + Number(text.slice(4, 6)));
  // Z says UTC, not where the business is: only a stated local offset tells the zone.
  return { ms: t.ms, offset: text === 'Z' ? NO_OFFSET : minutes };
}

function dateValue(raw: unknown): { ms: number; offset: number } | null {
  const d = parseDate(raw);
  return d.ok ? { ms: Date.parse(`${d.date}T00:00:00Z`), offset: NO_OFFSET } : null;
}

function push(r: DatedRows, ms: number, offset: number, scope: number): void {
  if (r.n === r.values.length) {
    const grow = <T extends Float64Array | Int16Array | Uint8Array>(a: T, make: (n: number) => T): T => {
      const b = make(a.length * 2);
      b.set(a);
      return b;
    };
    r.values = grow(r.values, (n) => new Float64Array(n));
    r.offsets = grow(r.offsets, (n) => new Int16Array(n));
    r.scope = grow(r.scope, (n) => new Uint8Array(n));
  }
  r.values[r.n] = ms;
  r.offsets[r.n] = offset;
  r.scope[r.n] = scope;
  r.n++;
}

/** The business date of row `i` in the working zone (a posting date is its own). */
function dateOf(r: DatedRows, i: number, calendar: BusinessCalendar): string {
  return r.kind === 'date' ? new Date(r.values[i]).toISOString().slice(0, 10) : calendar.businessDate(r.values[i]);
}

function fillRange(r: DatedRows, calendar: BusinessCalendar): void {
  let lo = Infinity, hi = -Infinity;
  for (let i = 0; i < r.n; i++) {
    lo = Math.min(lo, r.values[i]);
    hi = Math.max(hi, r.values[i]);
  }
  if (r.n === 0) return;
  const date = (ms: number) => (r.kind === 'date' ? new Date(ms).toISOString().slice(0, 10) : calendar.businessDate(ms));
  r.file.first = date(lo);
  r.file.last = date(hi);
}

/** The zone whose offset agrees with every stated one (checked on rows spread through the files). */
function zoneOf(read: DatedRows[]): { timezone: string | null; basis: string } {
  const samples: { ms: number; offset: number }[] = [];
  const stated = new Set<number>();
  let total = 0;
  for (const r of read) for (let i = 0; i < r.n; i++) if (r.offsets[i] !== NO_OFFSET) total++;
  const every = Math.max(1, Math.floor(total / ZONE_SAMPLES));
  let k = 0;
  // Each distinct offset's first and last instant too: where a zone's clocks change is where they differ.
  const span = new Map<number, { lo: number; hi: number }>();
  for (const r of read)
    for (let i = 0; i < r.n; i++) {
      const offset = r.offsets[i];
      if (offset === NO_OFFSET) continue;
      stated.add(offset);
      const ms = r.values[i];
      const s = span.get(offset);
      if (!s) span.set(offset, { lo: ms, hi: ms });
      else {
        s.lo = Math.min(s.lo, ms);
        s.hi = Math.max(s.hi, ms);
      }
      if (k++ % every === 0) samples.push({ ms, offset });
    }
  for (const [offset, s] of span) samples.push({ ms: s.lo, offset }, { ms: s.hi, offset });
  if (!samples.length) {
    return { timezone: null, basis: 'The files state their times in UTC (Z) or as dates only: the business time zone cannot be told from them. Choose it.' };
  }
  const fits = (zone: string) => {
    const c = new BusinessCalendar(zone);
    return samples.every((s) => c.offsetMs(s.ms) === s.offset * 60_000);
  };
  const offsets = [...stated].sort((a, b) => a - b).map(offsetText).join(', ');
  const preferred = PREFERRED_ZONES.filter(fits);
  const found = preferred.length ? preferred : allZones().filter(fits);
  if (!found.length) return { timezone: null, basis: `No time zone has the offsets the files state (${offsets}) at the times they state them. Choose it.` };
  const also = found.slice(1, 4);
  return {
    timezone: found[0],
    basis: `The timestamps state the offsets ${offsets}, which ${found[0]} has at every time they state them${also.length ? ` (so do ${also.join(', ')}${found.length > 4 ? '…' : ''})` : ''}.`,
  };
}

function allZones(): string[] {
  const intl = Intl as unknown as { supportedValuesOf?: (key: string) => string[] };
  return (intl.supportedValuesOf?.('timeZone') ?? []).filter((z) => !PREFERRED_ZONES.includes(z)).sort();
}

function offsetText(minutes: number): string {
  const a = Math.abs(minutes);
  return `${minutes < 0 ? '−' : '+'}${String(Math.floor(a / 60)).padStart(2, '0')}:${String(a % 60).padStart(2, '0')}`;
}

/** The calendar quarter holding most in-scope rows (all rows when none is in scope); the earlier on a tie. */
function busiestQuarter(read: DatedRows[], calendar: BusinessCalendar): { start: string; end: string } | null {
  const counts = new Map<string, number>();
  const anyInScope = read.some((r) => r.scope.subarray(0, r.n).some((s) => s === 1));
  for (const r of read)
    for (let i = 0; i < r.n; i++) {
      if (anyInScope && !r.scope[i]) continue;
      const q = quarterOf(dateOf(r, i, calendar));
      counts.set(q, (counts.get(q) ?? 0) + 1);
    }
  const best = [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0];
  return best ? quarterBounds(best[0]) : null;
}

/** `2026-Q3` for a date in July to September 2026. */
export function quarterOf(date: string): string {
  return `${date.slice(0, 4)}-Q${Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1}`;
}

export function quarterBounds(quarter: string): { start: string; end: string } {
  const year = Number(quarter.slice(0, 4));
  const q = Number(quarter.slice(-1));
  const first = (q - 1) * 3 + 1;
  const endDay = new Date(Date.UTC(year, first + 2, 0)).getUTCDate();
  const pad = (n: number) => String(n).padStart(2, '0');
  return { start: `${year}-${pad(first)}-01`, end: `${year}-${pad(first + 2)}-${pad(endDay)}` };
}

/** Before a run: how many in-scope dated rows fall in the settings' period, in their zone. */
function rowsInPeriod(read: DatedRows[], settings: Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'>): PeriodCoverage {
  const calendar = new BusinessCalendar(settings.timezone);
  let inPeriod = 0, rows = 0;
  const dates = { lo: '', hi: '' };
  for (const r of read)
    for (let i = 0; i < r.n; i++) {
      if (!r.scope[i]) continue;
      const d = dateOf(r, i, calendar);
      rows++;
      if (d >= settings.periodStart && d <= settings.periodEnd) inPeriod++;
      if (!dates.lo || d < dates.lo) dates.lo = d;
      if (!dates.hi || d > dates.hi) dates.hi = d;
    }
  return coverageOf(settings, inPeriod, rows, dates.lo ? `${dates.lo}..${dates.hi}` : null, 'dated in-scope rows');
}

/**
 * After a run: the case's in-scope events whose business date is in its period, and all of them (the ERP's
 * opening journal left out: it is dated before the period on purpose).
 */
export function eventsInPeriod(ev: readonly CanonicalEvent[], settings: Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'>, openingLines: readonly number[]): PeriodCoverage {
  const opening = new Uint8Array(ev.length);
  for (const i of openingLines) opening[i] = 1;
  let inPeriod = 0, rows = 0;
  let lo = '', hi = '';
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (!e.scope || opening[i]) continue;
    rows++;
    if (e.bdate >= settings.periodStart && e.bdate <= settings.periodEnd) inPeriod++;
    if (!lo || e.bdate < lo) lo = e.bdate;
    if (!hi || e.bdate > hi) hi = e.bdate;
  }
  return coverageOf(settings, inPeriod, rows, lo ? `${lo}..${hi}` : null, 'in-scope rows');
}

function coverageOf(
  settings: Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'>,
  inPeriod: number,
  rows: number,
  span: string | null,
  what: string,
): PeriodCoverage {
  const period = { start: settings.periodStart, end: settings.periodEnd };
  const out: PeriodCoverage = { period, timezone: settings.timezone, in_period: inPeriod, rows, warning: null };
  if (rows > 0 && inPeriod * 2 < rows) {
    out.warning =
      `Most of the files lie outside the period: only ${count(inPeriod)} of ${count(rows)} ${what} fall in ${period.start}..${period.end} (${settings.timezone})` +
      `${span ? `; they run ${span}` : ''}. A reconciliation of this period rests on almost none of them, however well it seems to agree: check the period and the time zone.`;
  }
  return out;
}

/** report.json's note on what the files cover: each file's business dates, and how many rows the period holds. */
export function coverageNote(ev: readonly CanonicalEvent[], files: readonly { name: string }[], coverage: PeriodCoverage): string {
  const ranges = files.map(() => ({ lo: '', hi: '' }));
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    const r = ranges[e.fileId];
    if (!r) continue;
    if (!r.lo || e.bdate < r.lo) r.lo = e.bdate;
    if (!r.hi || e.bdate > r.hi) r.hi = e.bdate;
  }
  const named = files.map((f, i) => (ranges[i].lo ? `${f.name} ${ranges[i].lo}..${ranges[i].hi}` : null)).filter((x) => x !== null);
  return `Business dates in the files: ${named.join(', ')}; ${count(coverage.in_period)} of ${count(coverage.rows)} in-scope rows fall in the period.`;
}

/** 1234567 → "1,234,567", the same on every machine. */
function count(n: number): string {
  return String(n).replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
