// Applying a profile to a table, chunk by chunk: the header found (under any title block), then each physical
// row becomes a record, out of scope with a reason, or quarantined with the column and the reason. Fill-down,
// groups and sections carry across chunks. A profile with a lookup, or with day/month dates whose order it does
// not declare, reads the file twice: a pre-scan (scan/endScan), then the records (push/finish).
import { normalizeHeader } from '../layouts';
import { bindProfile, type BoundProfile, type CompiledProfile } from './compile';
import { bigintText } from './money';
import { isBlank, RowState, RowStop } from './state';
import type { ApplySummary, FileProblem, RawRow, RowOutcome } from './types';
import { ProfileError } from './validate';

export const TITLE_REASON = 'title block above the header row';
export const BLANK_REASON = 'blank line';

function allBlank(cells: unknown[]): boolean {
  for (const c of cells) if (!isBlank(c)) return false;
  return true;
}
const DEFAULT_MAX_HEADER_ROW = 50;

type Phase = 'header' | 'data' | 'footer';

const FIT_CHECKS = [
  { role: ['storefront'], column: 'Card Last Four', ok: /^[0-9A-Za-z]{4}$/, strip: /^[*xX•\s-]+/, what: 'four characters' },
  { role: ['platform', 'opening'], column: 'Card Number', ok: /^(\d{8,19}|SC[0-9A-Z]{2,30})$/i, strip: /[\s-]/g, what: 'a card number (8-19 digits) or a store credit number (SC…)' },
];

/** One pass over the table: finds the header, then sorts each row into title, shape rows and data rows. */
class Pass {
  phase: Phase = 'header';
  footerReason = '';
  readonly st = new RowState();
  private seen = 0;

  constructor(private run: ProfileRun) {}

  /** The outcome of a row that is not data (title, header, footer, skipped, section), or null for a data row. */
  classify(r: RawRow): RowOutcome | 'header' | null {
    const st = this.st;
    st.load(r.row, r.cells);
    if (this.phase === 'header') {
      this.seen++;
      if (this.run.isHeader(r, this.seen)) {
        this.phase = 'data';
        this.run.headerFound(r);
        return 'header';
      }
      return { kind: 'outOfScope', row: r.row, reason: TITLE_REASON };
    }
    const b = this.run.bound!;
    if (this.phase === 'footer') return { kind: 'outOfScope', row: r.row, reason: this.footerReason };
    if (b.footer && b.footer.cond(st)) {
      this.phase = 'footer';
      this.footerReason = b.footer.reason;
      return { kind: 'outOfScope', row: r.row, reason: b.footer.reason };
    }
    const sec = b.sections;
    if (sec) {
      if (sec.end && sec.end(st)) {
        st.sections.pop();
        return { kind: 'outOfScope', row: r.row, reason: sec.endReason };
      }
      if (sec.start(st)) {
        st.sections.push(st.text(sec.value));
        return { kind: 'outOfScope', row: r.row, reason: sec.reason };
      }
    }
    for (const s of b.skip) if (s.cond(st)) return { kind: 'outOfScope', row: r.row, reason: s.reason };
    if (allBlank(r.cells)) return { kind: 'outOfScope', row: r.row, reason: BLANK_REASON };
    if (b.groupStart && b.groupStart(st)) {
      st.groupPos = 0;
      st.groupStart = r.row;
      st.fill.fill(undefined);
    }
    if (st.groupStart) st.groupPos++;
    const fc = b.fillColumns;
    for (let k = 0; k < fc.length; k++) {
      const v = st.cells[fc[k]];
      if (!isBlank(v)) st.fill[k] = v;
    }
    return null;
  }
}

export interface RunOptions {
  /** The file's name, for messages. */
  file?: string;
  /**
   * `csv`: a data row must have the header's number of fields (extra empty ones aside), as the reference path
   * requires: a row shifted by a stray delimiter is quarantined, not misread.
   */
  format?: 'csv' | 'xlsx';
  /** A workbook in the 1904 date system: its date serials count from 1904-01-01. */
  date1904?: boolean;
}

/**
 * A profile applied to one file. Without a pre-scan: push every chunk, then finish. With one (needsPrescan):
 * scan every chunk, endScan, then push every chunk again, then finish.
 */
export class ProfileRun {
  bound: BoundProfile | null = null;
  headerRow = 0;
  private headers: string[] | null = null;
  private pass: Pass;
  private scanned = false;
  private counts = { rows: 0, records: 0, outOfScope: 0, quarantined: 0 };
  private reasons: Record<string, number> = Object.create(null);
  private markerCounts: Record<string, number> = Object.create(null);
  private moneyBig: bigint[] = [];
  private moneyNum: number[] = [];
  private moneyCount: number[] = [];
  private misfits = new Map<string, { count: number; example: string; what: string }>();
  /** The reference columns whose values are checked for fit, and what they must look like. */
  private fits: { column: string; at: number; ok: RegExp; strip: RegExp; what: string }[];
  private signature: { names: string[][]; shown: string; minShare: number; maxRow: number } | null;

  constructor(
    readonly profile: CompiledProfile,
    private opts: RunOptions = {},
  ) {
    this.pass = new Pass(this);
    this.fits = FIT_CHECKS.filter((f) => f.role.includes(profile.role) && profile.columns.includes(f.column))
      .map((f) => ({ ...f, at: profile.columns.indexOf(f.column) }));
    const d = profile.def.detect;
    const header = profile.def.table?.header ?? (d ? 'detect' : undefined);
    this.signature = header === 'detect' && d
      ? {
          names: d.headers.map((h) => (Array.isArray(h) ? h : [h]).map(normalizeHeader)),
          shown: d.headers.map((h) => (Array.isArray(h) ? h.join(' or ') : h)).join(', '),
          minShare: d.minShare ?? 1,
          maxRow: d.maxHeaderRow ?? DEFAULT_MAX_HEADER_ROW,
        }
      : null;
  }

  get needsPrescan(): boolean {
    return this.profile.needsPrescan;
  }

  private fail(message: string): never {
    throw new ProfileError(`${this.opts.file ? `${this.opts.file}: ` : ''}profile ${this.profile.id}: ${message}`);
  }

  isHeader(r: RawRow, seen: number): boolean {
    const fixed = this.profile.def.table?.header;
    if (typeof fixed === 'number') {
      if (r.row > fixed) this.fail(`table.header: row ${fixed} is not in the file (the rows go from ${r.row - seen + 1} to at least ${r.row})`);
      return r.row === fixed;
    }
    if (this.headers) return r.row === this.headerRow;
    if (!this.signature) return r.cells.some((c) => !isBlank(c));
    if (seen > this.signature.maxRow) {
      this.fail(`none of the first ${this.signature.maxRow} rows holds the header (${this.signature.shown}): this file is not in the layout this profile reads`);
    }
    return headerFits(r.cells, this.signature.names, this.signature.minShare);
  }

  headerFound(r: RawRow): void {
    const headers = r.cells.map((c) => (c == null ? '' : String(c)));
    if (this.headers) {
      if (r.row !== this.headerRow) this.fail(`the header was at row ${this.headerRow} when the file was first read, and at row ${r.row} now`);
      return;
    }
    this.headers = headers;
    this.headerRow = r.row;
    this.bound = bindProfile(this.profile, headers, { date1904: this.opts.date1904 });
  }

  /** The pre-scan: lookups indexed, day/month dates read for their order. */
  scan(chunk: RawRow[]): void {
    if (this.scanned) throw new Error('scan after endScan');
    const p = this.pass;
    for (const r of chunk) {
      if (p.classify(r) !== null) continue;
      const b = this.bound!;
      for (const l of b.lookups) l.add(p.st);
      for (const i of b.dateColumns) {
        const c = p.st.cells[i];
        const t = typeof c === 'string' ? c.trim() : '';
        if (t !== '' && /^\d{1,2}[/.-]\d{1,2}[/.-]\d{4}/.test(t)) b.dates.see(r.row, t);
      }
    }
  }

  endScan(): void {
    if (this.pass.phase === 'header') this.noHeader();
    this.bound!.dates.settle();
    this.scanned = true;
    this.pass = new Pass(this);
  }

  private noHeader(): never {
    return this.fail(this.signature ? `no row holds the header (${this.signature.shown}): this file is not in the layout this profile reads` : 'the file has no header row');
  }

  /** The outcomes of the next rows, in order. */
  push(chunk: RawRow[]): RowOutcome[] {
    if (this.profile.needsPrescan && !this.scanned) throw new Error(`profile ${this.profile.id} reads the file twice: scan it first`);
    const out: RowOutcome[] = [];
    const p = this.pass;
    for (const r of chunk) {
      const c = p.classify(r);
      if (c === 'header') continue;
      const o = c ?? this.record(p.st);
      this.count(o);
      out.push(o);
    }
    return out;
  }

  private record(st: RowState): RowOutcome {
    const b = this.bound!;
    if (this.opts.format === 'csv') {
      const width = b.cols.headers.length;
      const n = st.cells.length;
      if (n !== width && (n < width || !allBlank(st.cells.slice(width)))) {
        return { kind: 'quarantine', row: st.row, column: null, field: null, reason: `the row has ${n} field${n === 1 ? '' : 's'}; the header has ${width}` };
      }
    }
    for (const f of b.filters) {
      if (!f.cond(st)) continue;
      if (f.outOfScope !== undefined) return { kind: 'outOfScope', row: st.row, reason: f.outOfScope };
      if (f.quarantine !== undefined) return { kind: 'quarantine', row: st.row, column: f.quarantineColumn, field: null, reason: f.quarantine };
      break;
    }
    const n = b.fields.length;
    const values = new Array<string>(n);
    let problem: RowStop | null = null;
    if (b.otherAccounts !== null) {
      // A line on another account is out of scope whatever else is wrong with it.
      try {
        if (b.fields[b.instrumentAt](st) === '') return { kind: 'outOfScope', row: st.row, reason: b.otherAccounts };
      } catch (err) {
        if (!(err instanceof RowStop)) throw err;
      }
    }
    for (let k = 0; k < n; k++) {
      const i = b.order[k];
      try {
        values[i] = b.fields[i](st);
      } catch (err) {
        if (!(err instanceof RowStop)) throw err;
        // A row out of scope is out of scope whatever its values: that decision wins over a value problem.
        if (err.kind === 'outOfScope') return { kind: 'outOfScope', row: st.row, reason: err.reason };
        problem ??= err;
      }
    }
    if (problem) return { kind: 'quarantine', row: st.row, column: problem.column, field: problem.field, reason: problem.reason };
    if (st.code && b.currencyAt >= 0) {
      const cur = values[b.currencyAt];
      if (cur === '') values[b.currencyAt] = st.code;
      else if (cur.toUpperCase() !== st.code) {
        return { kind: 'quarantine', row: st.row, column: null, field: 'Currency', reason: `an amount is written in ${st.code} but the row's Currency is ${cur}` };
      }
    }
    const o: RowOutcome = { kind: 'record', row: st.row, values };
    if (st.markers) o.markers = st.markers;
    return o;
  }

  private count(o: RowOutcome): void {
    this.counts.rows++;
    if (o.kind === 'outOfScope') {
      this.counts.outOfScope++;
      this.reasons[o.reason] = (this.reasons[o.reason] ?? 0) + 1;
      return;
    }
    if (o.kind === 'quarantine') {
      this.counts.quarantined++;
      return;
    }
    this.counts.records++;
    if (o.markers) {
      for (const col in o.markers) {
        const k = `${col}: ${o.markers[col]}`;
        this.markerCounts[k] = (this.markerCounts[k] ?? 0) + 1;
      }
    }
    const b = this.bound!;
    for (const i of b.moneyAt) {
      const v = o.values[i];
      if (v === '') continue;
      this.moneyCount[i] = (this.moneyCount[i] ?? 0) + 1;
      const acc = (this.moneyNum[i] ?? 0) + textCentsNumber(v);
      // Exact while below 2^53: fold into a bigint well before.
      if (Math.abs(acc) > 2 ** 50) {
        this.moneyBig[i] = (this.moneyBig[i] ?? 0n) + BigInt(acc);
        this.moneyNum[i] = 0;
      } else this.moneyNum[i] = acc;
    }
    this.checkFit(o.values);
  }

  /** Values that cannot be what their reference column holds (a last four of 'STER'): counted for the summary. */
  private checkFit(values: string[]): void {
    for (const f of this.fits) {
      const v = values[f.at];
      if (v === '' || f.ok.test(v) || f.ok.test(v.replace(f.strip, ''))) continue;
      const m = this.misfits.get(f.column) ?? { count: 0, example: v, what: f.what };
      m.count++;
      this.misfits.set(f.column, m);
    }
  }

  finish(): ApplySummary {
    if (this.pass.phase === 'header') this.noHeader();
    const b = this.bound!;
    const c = this.counts;
    const money: ApplySummary['money'] = {};
    for (const i of b.moneyAt) {
      money[this.profile.columns[i]] = { total: bigintText((this.moneyBig[i] ?? 0n) + BigInt(this.moneyNum[i] ?? 0)), count: this.moneyCount[i] ?? 0 };
    }
    const problems: FileProblem[] = [];
    const d = b.dates;
    const declared = this.profile.def.dates?.order ?? null;
    let dateOrder: ApplySummary['dateOrder'] = { order: declared, how: declared ? 'declared' : 'not needed' };
    if (d.status === 'inferred') {
      const ev = d.inferred === 'MDY' ? d.mdy! : d.dmy!;
      dateOrder = { order: d.inferred, how: 'inferred', evidenceRow: ev.row };
      problems.push({
        kind: 'inferred-date-order',
        message: `dates are read ${d.inferred === 'MDY' ? 'month-first (MDY)' : 'day-first (DMY)'}: the profile does not say, and row ${ev.row} ('${ev.text}') reads no other way`,
      });
    } else if (d.status === 'ambiguous') {
      dateOrder = { order: null, how: 'ambiguous' };
      const a = d.ambiguous!;
      problems.push({
        kind: 'ambiguous-dates',
        message: `${a.count} date${a.count === 1 ? '' : 's'} such as '${a.text}' (row ${a.row}) read two ways, month-first or day-first, and no date in the file settles it: declare dates.order ('MDY' or 'DMY') in the profile; until then those rows are quarantined`,
      });
    } else if (d.status === 'mixed') {
      dateOrder = { order: null, how: 'mixed' };
      problems.push({
        kind: 'mixed-date-orders',
        message: `the file's dates are month-first in some rows (row ${d.mdy!.row}: '${d.mdy!.text}') and day-first in others (row ${d.dmy!.row}: '${d.dmy!.text}'): declare dates.order; until then its day/month dates are quarantined`,
      });
    }
    for (const [field, s] of b.moneyStats) {
      if (s.values >= 20 && s.whole === s.values) {
        problems.push({
          kind: 'minor-units-suspect', field,
          message: `${field}: all ${s.values} amounts are whole numbers with no decimal mark (e.g. '${s.example}'): if they are cents, set money.minorUnits, or every amount is read 100 times too large`,
        });
      }
    }
    for (const [field, m] of this.misfits) {
      problems.push({ kind: 'value-misfit', field, message: `${field}: ${m.count} value${m.count === 1 ? ' is' : 's are'} not ${m.what} (e.g. '${m.example}'): is the right column mapped?` });
    }
    if (c.rows > 0 && c.records === 0) {
      if (c.outOfScope === c.rows || c.quarantined === 0) {
        problems.push({ kind: 'all-out-of-scope', message: `every row is out of scope (${Object.keys(this.reasons).map((r) => `${r}: ${this.reasons[r]}`).join('; ')}): nothing of this file reaches the reconciliation` });
      } else {
        problems.push({ kind: 'all-quarantined', message: `no row could be read: ${c.quarantined} quarantined, ${c.outOfScope} out of scope` });
      }
    }
    return {
      profile: { id: this.profile.id, version: this.profile.version, role: this.profile.role },
      headerRow: this.headerRow,
      ...c,
      outOfScopeReasons: sortedCounts(this.reasons),
      markers: sortedCounts(this.markerCounts),
      money,
      dateOrder,
      problems,
    };
  }
}

/** The cents of a reference money text (`-1234.50`): at most 15 digits, so exact as a number. */
function textCentsNumber(v: string): number {
  let n = 0;
  let negative = false;
  for (let i = 0; i < v.length; i++) {
    const c = v.charCodeAt(i);
    if (c === 45) negative = true;
    else if (c !== 46) n = n * 10 + (c - 48);
  }
  return negative ? -n : n;
}

function sortedCounts(m: Record<string, number>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const k of Object.keys(m).sort()) out[k] = m[k];
  return out;
}

/** Whether a row's cells hold the signature's headers (each name or one of its alternatives) in the share asked. */
export function headerFits(cells: unknown[], names: string[][], minShare: number): boolean {
  return headerShare(cells, names) >= minShare - 1e-9;
}

export function headerShare(cells: unknown[], names: string[][]): number {
  const have = new Set(cells.map((c) => normalizeHeader(c == null ? '' : String(c))));
  let found = 0;
  for (const alts of names) if (alts.some((n) => have.has(n))) found++;
  return names.length ? found / names.length : 0;
}

/** A table as chunks of raw rows; called again for the second read of a profile that needs a pre-scan. */
export type RowSource = () => Iterable<RawRow[]>;

/** Applies a profile to a whole file, handing each chunk's outcomes to `sink` as they come. */
export function applyProfile(profile: CompiledProfile, source: RowSource, sink: (outcomes: RowOutcome[]) => void, opts: RunOptions = {}): ApplySummary {
  const run = new ProfileRun(profile, opts);
  if (run.needsPrescan) {
    for (const chunk of source()) run.scan(chunk);
    run.endScan();
  }
  for (const chunk of source()) sink(run.push(chunk));
  return run.finish();
}
