// One system's rows to canonical events. A row that cannot be read is quarantined with the column and the
// reason; nothing is dropped silently. Every rule here follows docs/formats.md §1.
import type { CanonicalEvent, OpeningBalance } from '../events';
import { CENTS_UNSET, formatCents, parseAmount } from '../money';
import { addDays, BusinessCalendar, parseDate, parseInstant } from '../time';
import { AmountStyle, commaToPoint, Findings } from './findings';
import { oneLine } from './one-line';
import { InputError, type FileRole, type Instrument, type QuarantinedRow } from '../types';
import type { ColumnResolution } from './layouts';
import { AmbiguousAccount, type LiabilityAccounts } from './liability-accounts';
import type { Marker } from './profile/types';
import { KeyIndex } from './key-index';
import { lastFourInterner, ownString, recentlySeen, sameAsBefore } from './own-string';

export interface NormalizeContext {
  fileId: number;
  /** Returns one shared copy of a repeated value (a type, an operator, an account): a million rows then
   *  hold a handful of strings instead of a million copies. */
  intern: (s: string) => string;
  /** ownString for the ERP's Journal and Memo, whose values run over a journal's lines (ownStringRuns). */
  journalCopy: (s: string) => string;
  memoCopy: (s: string) => string;
  calendar: BusinessCalendar;
  currency: string;
  /** The ERP's liability accounts and their instruments (the settings). */
  liability: LiabilityAccounts;
  /** Reference columns the system never exports (an import profile says so): their absence quarantines nothing. */
  absent?: readonly string[];
  /**
   * Where a row made by an import profile holds the extension column Instrument (payments, erp): `gift_card` or
   * `store_credit` when the profile decided the row moves the liability, blank when it did not decide.
   */
  instrumentAt?: number;
  /** CSV rows must have the header's number of fields (extra empty ones aside): a shifted row is misread. */
  format?: 'csv' | 'xlsx';
  /** The file's name, for the notes on what was found in it. */
  fileName?: string;
  /** A workbook in the 1904 date system: its date serials count from 1904-01-01, 1,462 days later. */
  date1904?: boolean;
  /** The period's first day: an opening balance's As Of must be it or the day before. */
  periodStart?: string;
}

/** Per column, the interned value of a cell's text, remembering the values before (sameAsBefore, recentlySeen). */
interface Interners {
  /** Lower-cased. */
  type: (s: string) => string;
  /** Upper-cased. */
  currency: (s: string) => string;
  channel: (s: string) => string;
  operator: (s: string) => string;
  /** Lower-cased. */
  status: (s: string) => string;
  account: (s: string) => string;
  /** The last four characters of a card number or a last four (lastFourInterner). */
  last4: (s: string) => string;
}

/** What a row reader is given: the file's context, its interners and postingDate. */
type RowContext = NormalizeContext & {
  interned: Interners;
  /** parseDate of an ERP Date cell, its date interned; the row before's answer when the cell is the same. */
  postingDate: (cell: unknown) => ReturnType<typeof parseDate>;
  /** What was found in the file and read in a stated way (notes.ts). */
  findings: Findings;
  /** How the file writes its amounts' decimals (decided from the first amounts that show it). */
  amounts: AmountStyle;
  /** Why an opening balance's As Of does not fit the period, or null. */
  asOf: (cell: unknown) => string | null;
  /** What an import profile left for the import to settle on this row (a derived amount, an inferred void). */
  markers: Record<string, Marker> | undefined;
  /** The storefront names no card digits (profile: Card Last Four absent). */
  noLastFour: boolean;
  /** What an ERP line's Memo names (an order, a masked card's last four); the line before's when the memo is the same. */
  memoFacts: (memo: string) => { order: string | null; last4: string | null };
};

export interface Normalized {
  events: CanonicalEvent[];
  opening: OpeningBalance[];
  quarantine: (QuarantinedRow & { raw: string })[];
  /** Platform events whose Amount is derived from the balance chain once every file is read (balance-delta.ts). */
  derive: { event: CanonicalEvent; raw: string }[];
}

class RowProblem extends Error {
  constructor(
    readonly column: string | null,
    message: string,
  ) {
    super(message);
  }
}

const PLATFORM_TYPES = new Set(['activation', 'reload', 'redemption', 'refund', 'void', 'adjustment', 'expiry']);
const STOREFRONT_EVENTS = new Set([
  'gift_card_sold',
  'gift_card_applied',
  'gift_card_refunded',
  'store_credit_issued',
  'store_credit_applied',
  'order_voided',
]);
const PAYMENT_TYPES = new Set(['charge', 'refund', 'dispute', 'adjustment']);

/** The columns that identify or link a row: none may hold a line break. */
const IDENTIFIERS: Record<FileRole, string[]> = {
  platform: ['Transaction ID', 'Card Number', 'Type', 'Order Ref', 'Voids Txn'],
  storefront: ['Order', 'Transaction ID', 'Event', 'Card Last Four', 'Status'],
  payments: ['id', 'Type', 'Order ID'],
  erp: ['Journal', 'Line', 'Account', 'Reference'],
  opening: ['Card Number', 'Instrument'],
};

export function cardInstrument(card: string): Instrument {
  return /^SC/i.test(card) ? 'store_credit' : 'gift_card';
}

function cleanCard(raw: string): string {
  return raw.replace(/[\s-]/g, '').toUpperCase();
}

/** ownString of a text that may be null. */
function own(s: string | null): string | null {
  return s === null ? null : ownString(s);
}

/** The rows of a chunk of the file, as read-table gives them (TableChunk). */
export interface RowBatch {
  rows: unknown[][];
  /** Each row's number as a spreadsheet shows it; without them, rows are numbered from 2 in order. */
  rowNos?: number[];
  /** Rows the reader could not split into fields, by index: quarantined with the reader's reason. */
  damaged?: Map<number, { reason: string; column: string | null }>;
  /** The caller has checked the rows' text holds no NUL character. */
  noNul?: boolean;
  /** The caller has checked that no row holds a line break. */
  noBreaks?: boolean;
  /** Rows made by an import profile: what each left to settle, and the source row's cells (kept if quarantined). */
  markers?: (Record<string, Marker> | undefined)[];
  raw?: unknown[][];
}

export interface RowNormalizer {
  /** Turns the next rows of the file (in order) into events, openings or quarantined rows. */
  push(batch: RowBatch): void;
  /** After the last batch: reads any rows still held back. */
  finish(): void;
  /** Data rows seen so far. */
  readonly rows: number;
  readonly result: Normalized;
  /** What was found in the file and how it was read (decimal commas, numbers as last fours, …), for the report. */
  notes(): string[];  /** Every amount looked at a whole number with no decimal mark (perhaps cents read as dollars), or null. */
  minorUnitsSuspect(): { count: number; row: number; text: string } | null;
  /** The order the ERP's numeric dates show. */
  readonly dayMonth: DayMonthEvidence;
}

/**
 * Normalizes a file's rows as they arrive, chunk by chunk. A natural key seen twice quarantines the later row;
 * whether it repeats the earlier one exactly is judged on the values read from the row, so no row's text
 * needs keeping (the source file itself is kept whole in the case, so nothing is lost).
 */
export function createNormalizer(role: FileRole, cols: ColumnResolution, ctx: NormalizeContext): RowNormalizer {
  const out: Normalized = { events: [], opening: [], quarantine: [], derive: [] };
  // Rows come in runs (one currency, one day's postings, one account after another), or alternate among a few
  // values (types, statuses, channels): comparing with the values before is cheaper than hashing each new
  // cell's text for the intern map.
  const interned: Interners = {
    type: recentlySeen((s) => ctx.intern(s.toLowerCase())), currency: recentlySeen((s) => ctx.intern(s.toUpperCase())),
    channel: recentlySeen(ctx.intern), operator: sameAsBefore(ctx.intern), status: recentlySeen((s) => ctx.intern(s.toLowerCase())),
    account: sameAsBefore(ctx.intern), last4: lastFourInterner(ctx.intern),
  };
  // A journal's lines share their date, and journals come in date order.
  const dayMonth = new DayMonthEvidence();
  const postingDate = sameAsBefore((cell: unknown): ReturnType<typeof parseDate> => {
    if (typeof cell === 'string') dayMonth.see(findings.row, cell);
    const d = parseDate(cell);
    return d.ok ? { ok: true, date: ctx.intern(d.date) } : d;
  });
  const findings = new Findings(ctx.fileName ?? role);
  const amounts = new AmountStyle(cols, role);
  const rowCtx: RowContext = {
    ...ctx, interned, postingDate, findings, amounts, asOf: asOfChecker(ctx), markers: undefined,
    noLastFour: ctx.absent?.includes('Card Last Four') === true,
    // A journal's lines share its memo.
    memoFacts: sameAsBefore((memo: string) => {
      const masked = /\*{2,}([0-9A-Z]{4})\b/i.exec(memo)?.[1];
      return { order: /order\s+(#\S+)/i.exec(memo)?.[1] ?? null, last4: masked === undefined ? null : interned.last4(masked) };
    }),
  };
  const openingSeen = new Map<string, { row: number; cents: number }>();
  // Natural keys seen so far. While a file's keys only ever increase (as most exports list them), no key can
  // repeat an earlier one and the index is not needed; at the first key out of order it is built from the rows
  // so far and kept from then on.
  const seen = new KeyIndex((i) => out.events[i].key);
  let ascending = true;
  let lastKey = '';
  const width = Object.values(cols.index).reduce((a, b) => Math.max(a, b), -1) + 1;
  const used = Object.keys(cols.index).filter((c) => cols.index[c] >= 0);
  const usedAt = used.map((c) => cols.index[c]);
  const keys = IDENTIFIERS[role].filter((c) => cols.index[c] >= 0);
  const keysAt = keys.map((c) => cols.index[c]);
  let cells: unknown[] = [];
  let count = 0;
  const text = (col: string): string => {
    const j = cols.index[col];
    if (j === undefined || j < 0) return '';
    const v = cells[j];
    return v == null ? '' : String(v).trim();
  };
  const value = (col: string): unknown => {
    const j = cols.index[col];
    return j === undefined || j < 0 ? null : (cells[j] ?? null);
  };
  // Rows held back until the amounts' decimal style is decided (findings.ts, AmountStyle): a few rows at most.
  const held: RowBatch[] = [];
  const push = (batch: RowBatch): void => {
    if (!amounts.decided) {
      held.push(batch);
      if (!amounts.learn(batch.rows, batch.rowNos)) return;
      for (const b of held.splice(0)) read(b);
      return;
    }
    read(batch);
  };
  const finish = (): void => {
    if (amounts.decided) return;
    amounts.decide();
    for (const b of held.splice(0)) read(b);
  };
  const read = (batch: RowBatch): void => {
    const { rows, rowNos, damaged, markers, raw } = batch;
    const noNul = batch.noNul ?? false;
    const noBreaks = batch.noBreaks ?? false;
    for (let i = 0; i < rows.length; i++) {
      cells = rows[i];
      const rowNo = rowNos ? rowNos[i] : count + 2; // the header is row 1
      findings.row = rowNo;
      count++;
      try {
        const damage = damaged?.get(i);
        if (damage) throw new RowProblem(damage.column, damage.reason);
        if (cells.length < Math.min(width, 2)) throw new RowProblem(null, `the row has ${fields(cells.length)}; the header has ${cols.width}`);
        if (ctx.format === 'csv' && cells.length !== cols.width && (cells.length < cols.width || !restEmpty(cells, cols.width))) {
          throw new RowProblem(null, `the row has ${fields(cells.length)}; the header has ${cols.width}`);
        }
        if (!noNul)
          for (let k = 0; k < usedAt.length; k++) {
            const v = cells[usedAt[k]];
            if (typeof v === 'string' && v.includes('\u0000')) throw new RowProblem(used[k], `${used[k]} contains a NUL byte`);
          }
        // An identifier that spans lines was two rows run together, or a quote gone astray (line ends at its
        // ends are trimmed as any space is).
        if (!noBreaks)
          for (let k = 0; k < keysAt.length; k++) {
            const v = cells[keysAt[k]];
            if (typeof v === 'string' && (v.includes('\n') || v.includes('\r')) && /[\r\n]/.test(v.trim())) throw new RowProblem(keys[k], `${keys[k]} holds a line break`);
          }
        if (role === 'opening') {
          out.opening.push(openingRow(text, value, rowNo, rowCtx, openingSeen));
          continue;
        }
        rowCtx.markers = markers?.[i];
        const ev = ROW_READERS[role](text, value, rowCtx);
        ev.fileId = ctx.fileId;
        ev.row = rowNo;
        if (rowCtx.markers?.Amount === 'balanceDelta') out.derive.push({ event: ev, raw: JSON.stringify(raw?.[i] ?? cells) });
        if (ascending) {
          if (out.events.length === 0 || ev.key > lastKey) {
            lastKey = ev.key;
            out.events.push(ev);
            continue;
          }
          ascending = false;
          out.events.forEach((e, i) => seen.findOrAdd(e.key, i));
        }
        const at = seen.findOrAdd(ev.key, out.events.length);
        if (at >= 0) {
          const prior = out.events[at];
          throw new RowProblem(
            keyColumn(role),
            sameValues(prior, ev)
              ? `exact repeat of row ${prior.row} (same ${keyColumn(role)} '${ev.key}')`
              : `${keyColumn(role)} '${ev.key}' already appears at row ${prior.row} with different content`,
          );
        }
        out.events.push(ev);
      } catch (err) {
        if (!(err instanceof RowProblem)) throw err;
        out.quarantine.push({ row: rowNo, column: err.column, reason: oneLine(err.message), raw: JSON.stringify(raw?.[i] ?? cells) });
      }
    }
  };
  return {
    push,
    finish,
    get rows() {
      return count;
    },
    result: out,
    notes: () => [...amounts.notes(ctx.fileName ?? role), ...findings.notes()],
    minorUnitsSuspect: () => amounts.minorUnitsSuspect(),
    dayMonth,
  };
}

/**
 * What an ERP's numeric dates show of their order: a date such as 13/07/2026 can only be day-first, 07/13/2026
 * only month-first, 01/02/2026 either. The layout reads them month-first; a file that shows day-first dates
 * would have every ambiguous one read with its day and month swapped, so the import stops on it.
 */
export class DayMonthEvidence {
  dayFirst: { row: number; text: string } | null = null;
  monthFirst: { row: number; text: string } | null = null;
  ambiguous: { row: number; text: string; count: number } | null = null;

  see(row: number, cell: string): void {
    const m = /^\s*(\d{1,2})[/.-](\d{1,2})[/.-]\d{4}/.exec(cell);
    if (!m) return;
    const [a, b] = [Number(m[1]), Number(m[2])];
    const text = cell.trim().slice(0, 30);
    if (a > 12 && b <= 12) this.dayFirst ??= { row, text };
    else if (b > 12 && a <= 12) this.monthFirst ??= { row, text };
    else if (a <= 12 && b <= 12 && a !== b) {
      if (this.ambiguous) this.ambiguous.count++;
      else this.ambiguous = { row, text, count: 1 };
    }
  }
}

/** Two rows with the same natural key that read to the same values (row number and file aside). */
function sameValues(a: CanonicalEvent, b: CanonicalEvent): boolean {
  for (const k of Object.keys(a) as (keyof CanonicalEvent)[]) {
    if (k === 'row' || k === 'fileId') continue;
    if (a[k] !== b[k]) return false;
  }
  return true;
}

function fields(n: number): string {
  return n === 1 ? '1 field' : `${n} fields`;
}

/** True when every field from `from` on is empty (a trailing comma, say). */
function restEmpty(cells: unknown[], from: number): boolean {
  for (let i = from; i < cells.length; i++) if (cells[i] != null && String(cells[i]).trim() !== '') return false;
  return true;
}

function keyColumn(role: FileRole): string {
  return role === 'erp' ? 'Journal:Line' : role === 'payments' ? 'id' : 'Transaction ID';
}

type Text = (col: string) => string;
type Value = (col: string) => unknown;

function need(text: Text, col: string): string {
  const v = text(col);
  if (v === '') throw new RowProblem(col, `${col} is empty`);
  if (v.includes('\u0000')) throw new RowProblem(col, `${col} contains a NUL byte`);
  return v;
}

function amountOf(value: Value, col: string, ctx: RowContext, opts: { optional?: boolean } = {}): number | null {
  let v = value(col);
  if (opts.optional && (v == null || String(v).trim() === '')) return null;
  if (ctx.amounts.decimalComma && typeof v === 'string') {
    const point = commaToPoint(v.trim());
    if (point === null) throw new RowProblem(col, `${col} '${v.trim().slice(0, 30)}' is not an amount with a decimal comma, as the file's other amounts are`);
    v = point;
  }
  const r = parseAmount(v);
  if (!r.ok) throw new RowProblem(col, r.reason);
  return r.cents;
}

function currencyOf(text: Text, ctx: RowContext): string | null {
  const c = ctx.interned.currency(text('Currency'));
  if (c !== '' && c !== ctx.currency) throw new RowProblem('Currency', `Currency ${c} is not the case's ${ctx.currency}`);
  return c || null;
}

function instantOf(value: Value, col: string, ctx: RowContext, assumeUtc = false): number {
  const v = value(col);
  if (typeof v === 'number') return serialInstant(v, col, ctx, assumeUtc);
  const r = parseInstant(v, { assumeUtc });
  if (!r.ok) throw new RowProblem(col, `${col} ${r.reason}`);
  return r.ms;
}

const EXCEL_EPOCH_MS = Date.UTC(1899, 11, 30);
const DAYS_1900_TO_1904 = 1462;

/** An Excel date serial in the 1900 date system (a 1904 workbook's, moved on by 1,462 days). */
function serial1900(v: number, ctx: NormalizeContext): number {
  return ctx.date1904 ? v + DAYS_1900_TO_1904 : v;
}

/**
 * A timestamp cell holding an Excel date serial (46204.61…): a wall-clock time in the workbook's date system,
 * with no time zone. A column stated in UTC is read as UTC; any other cannot be placed in time, and says so.
 */
function serialInstant(v: number, col: string, ctx: RowContext, assumeUtc: boolean): number {
  const serial = serial1900(v, ctx);
  if (!Number.isFinite(serial) || serial < 1 || serial > 2958465) throw new RowProblem(col, `${col} '${v}' is not a timestamp`);
  const ms = EXCEL_EPOCH_MS + Math.round(serial * 86_400) * 1000;
  const shown = new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
  if (assumeUtc) {
    ctx.findings.add(`${col} held Excel date serials`, `${v} = ${shown}`, "read in the workbook's date system as UTC, as the column states");
    return ms;
  }
  throw new RowProblem(col, `${col} is an Excel date serial (${v} = ${shown}) with no time zone; save the column as text with its offset, e.g. ${shown.replace(' ', 'T')}-04:00`);
}

/** A new event: its amount and effect CENTS_UNSET until its reader sets them. */
function blank(): CanonicalEvent {
  return {
    system: 'platform', fileId: 0, row: 0, key: '', instrument: null, card: null, last4: null, type: '',
    amount: CENTS_UNSET, effect: CENTS_UNSET, at: 0, bdate: '', order: null, ref: null, operator: null, status: null,
    balanceAfter: null, account: null, journal: null, memo: null, scope: 1, currency: null, channel: null,
  };
}

const ROW_READERS: Record<Exclude<FileRole, 'opening'>, (t: Text, v: Value, ctx: RowContext) => CanonicalEvent> = {
  platform(text, value, ctx) {
    const ev = blank();
    ev.system = 'platform';
    ev.key = ownString(need(text, 'Transaction ID'));
    const card = cardNumber(text, value);
    ev.card = ownString(card);
    ev.last4 = ctx.interned.last4(card);
    ev.instrument = cardInstrument(card);
    ev.type = ctx.interned.type(need(text, 'Type'));
    if (!PLATFORM_TYPES.has(ev.type)) throw new RowProblem('Type', `Type '${text('Type').slice(0, 30)}' is not a platform transaction type`);
    const derived = ctx.markers?.Amount === 'balanceDelta';
    ev.amount = derived ? 0 : amountOf(value, 'Amount', ctx)!;
    if (ev.type !== 'adjustment' && ev.amount < 0) throw new RowProblem('Amount', `Amount ${text('Amount')} is negative for a ${text('Type')}`);
    ev.balanceAfter = amountOf(value, 'Balance After', ctx, { optional: true });
    if (derived && (ev.type === 'void' || ev.balanceAfter === null)) {
      throw new RowProblem(ev.type === 'void' ? 'Type' : 'Balance After', `the Amount is to be taken from the balance chain, which ${ev.type === 'void' ? 'a Void does not move' : 'needs the row\'s Balance After'}`);
    }
    ev.currency = currencyOf(text, ctx);
    ev.at = instantOf(value, 'Timestamp', ctx);
    ev.bdate = ctx.calendar.businessDate(ev.at);
    ev.order = own(text('Order Ref') || null);
    ev.ref = own(text('Voids Txn') || null);
    // A Void the profile says names no transaction (Square's TRANSACTION_VOIDED): the matching infers it.
    if (ev.type === 'void' && !ev.ref && ctx.markers?.['Voids Txn'] !== 'voidedRedemption') throw new RowProblem('Voids Txn', 'a Void names no Transaction ID in Voids Txn');
    ev.channel = ctx.interned.channel(text('Channel').toLowerCase()) || null;
    ev.operator = ctx.interned.operator(text('Operator')) || null;
    ev.memo = own(text('Note') || null);
    ev.effect = PLATFORM_SIGN[ev.type] * ev.amount; // a Void's effect is settled once the voided row is known
    return ev;
  },
  storefront(text, value, ctx) {
    const ev = blank();
    ev.system = 'storefront';
    ev.key = ownString(need(text, 'Transaction ID'));
    ev.order = ownString(need(text, 'Order'));
    ev.at = instantOf(value, 'Created At', ctx);
    ev.bdate = ctx.calendar.businessDate(ev.at);
    ev.type = ctx.interned.type(need(text, 'Event'));
    if (!STOREFRONT_EVENTS.has(ev.type)) throw new RowProblem('Event', `Event '${text('Event').slice(0, 30)}' is not a storefront gift card event`);
    ev.last4 = ctx.noLastFour ? null : ctx.interned.last4(lastFour(text, value, ctx));
    ev.amount = amountOf(value, 'Amount', ctx)!;
    if (ev.amount < 0) throw new RowProblem('Amount', `Amount ${text('Amount')} is negative`);
    ev.currency = currencyOf(text, ctx);
    ev.status = ctx.interned.status(need(text, 'Status'));
    ev.instrument = ev.type.startsWith('store_credit') ? 'store_credit' : ev.type.startsWith('gift_card') ? 'gift_card' : null;
    ev.channel = ctx.interned.channel(text('Location')) || null;
    ev.scope = ev.status === 'success' ? 1 : 0; // failed and pending tenders never happened
    ev.effect = ev.scope ? STOREFRONT_SIGN[ev.type] * ev.amount : 0;
    return ev;
  },
  payments(text, value, ctx) {
    const ev = blank();
    ev.system = 'payments';
    ev.key = ownString(need(text, 'id'));
    ev.type = ctx.interned.type(need(text, 'Type'));
    if (!PAYMENT_TYPES.has(ev.type)) throw new RowProblem('Type', `Type '${text('Type').slice(0, 30)}' is not a processor transaction type`);
    ev.at = instantOf(value, 'Created (UTC)', ctx, true);
    ev.bdate = ctx.calendar.businessDate(ev.at);
    ev.amount = amountOf(value, 'Amount', ctx)!;
    ev.effect = 0; // payments never move the liability (docs/formats.md §1.7)
    ev.currency = currencyOf(text, ctx);
    ev.memo = own(text('Description') || null);
    ev.order = own(text('Order ID') || null);
    ev.status = ctx.interned.status(text('Status')) || null;
    // Only gift card purchases (and their refunds) matter to the liability; ordinary order charges are noise. A
    // profile's Instrument says which rows those are; without one, the Description does.
    const stated = profileInstrument(text, ctx);
    ev.instrument = stated !== undefined ? stated : /gift\s*card/i.test(ev.memo ?? '') ? 'gift_card' : null;
    ev.scope = ev.instrument ? 1 : 0;
    return ev;
  },
  erp(text, value, ctx) {
    const ev = blank();
    ev.system = 'erp';
    const journal = ctx.journalCopy(need(text, 'Journal'));
    const line = need(text, 'Line');
    // Made of the journal (its own copy) and a short line number: not a view into the file's text.
    ev.key = `${journal}:${line.includes('.') ? line.replace(/\.0+$/, '') : line}`;
    const cell = value('Date');
    const date = ctx.postingDate(typeof cell === 'number' ? serial1900(cell, ctx) : cell);
    if (!date.ok) throw new RowProblem('Date', `Date ${date.reason}`);
    ev.bdate = date.date;
    ev.at = ctx.calendar.startOf(ev.bdate) + 12 * 3_600_000;
    ev.account = ctx.interned.account(need(text, 'Account'));
    const debit = amountOf(value, 'Debit', ctx, { optional: true });
    const credit = amountOf(value, 'Credit', ctx, { optional: true });
    if (debit === null && credit === null) throw new RowProblem('Debit', 'neither Debit nor Credit is set');
    ev.amount = (credit ?? 0) - (debit ?? 0);
    ev.type = ev.amount >= 0 ? 'credit' : 'debit';
    const memo = text('Memo');
    ev.memo = memo ? ctx.memoCopy(memo) : null;
    ev.ref = own(text('Reference') || null);
    ev.operator = ctx.interned.operator(text('Created By')) || null;
    ev.channel = ctx.interned.channel(text('Source')) || null;
    const facts = ctx.memoFacts(ev.memo ?? '');
    ev.order = facts.order;
    ev.last4 = facts.last4;
    ev.instrument = profileInstrument(text, ctx) ?? liabilityInstrument(ev.account, ctx);
    ev.scope = ev.instrument ? 1 : 0;
    // A credit to a liability account raises the liability; a debit lowers it.
    ev.effect = ev.scope ? ev.amount : 0;
    ev.journal = journal;
    return ev;
  },
};

/**
 * The instrument an import profile's Instrument column states for the row: `gift_card`, `store_credit`, null when
 * blank (the profile did not decide), undefined when the file has no such column.
 */
function profileInstrument(text: Text, ctx: RowContext): Instrument | null | undefined {
  if (ctx.instrumentAt === undefined || ctx.instrumentAt < 0) return undefined;
  const v = text('Instrument').toLowerCase();
  if (v === '') return null;
  if (v !== 'gift_card' && v !== 'store_credit') throw new RowProblem('Instrument', `Instrument '${v.slice(0, 20)}' is not gift_card or store_credit`);
  return v;
}

/** A liability account's instrument by the settings (null: not a liability account); a line whose account
 *  names no instrument stops the run, naming the account: it is never guessed from the order of the list. */
function liabilityInstrument(account: string, ctx: RowContext): Instrument | null {
  try {
    return ctx.liability.instrumentOf(account);
  } catch (err) {
    if (!(err instanceof AmbiguousAccount)) throw err;
    const file = ctx.fileName ?? 'erp';
    throw new InputError(`${file}: row ${ctx.findings.row}: ${err.message}`, file, ctx.findings.row, 'Account');
  }
}

const PLATFORM_SIGN: Record<string, number> = {
  activation: 1, reload: 1, redemption: -1, refund: 1, void: 0, adjustment: 1, expiry: -1,
};
const STOREFRONT_SIGN: Record<string, number> = {
  gift_card_sold: 1, gift_card_applied: -1, gift_card_refunded: 1, store_credit_issued: 1, store_credit_applied: -1,
  order_voided: 1, // a voided order gives its gift card / store credit tender back
};

/**
 * A card number: digits (8 to 19) or a store-credit id, as text. A number cell is refused: a spreadsheet keeps
 * 15 significant digits, so a 16- or 19-digit card that went through one as a number is another number.
 */
const CARD = /^(\d{8,19}|SC[0-9A-Z]{2,30})$/;

function cardNumber(text: Text, value: Value): string {
  const v = value('Card Number');
  if (typeof v === 'number') {
    throw new RowProblem('Card Number', `Card Number ${v} is a number cell: a card number stored as a number loses its digits past the 15th; format the column as text`);
  }
  const card = cleanCard(need(text, 'Card Number'));
  if (CARD.test(card)) return card;
  if (/^\d(\.\d+)?E\+?\d+$/i.test(card)) {
    throw new RowProblem('Card Number', `Card Number '${card}' is in scientific notation: it went through a spreadsheet as a number and lost its digits`);
  }
  throw new RowProblem('Card Number', `Card Number '${card.slice(0, 30)}' is not a card or store-credit number`);
}

/**
 * A storefront's last four. One written as a number (`479` for 0479 in a workbook, `5756.0` after a round trip
 * through a spreadsheet) is read as its digits, left-padded to four, and noted; never `56.0`.
 */
function lastFour(text: Text, value: Value, ctx: RowContext): string {
  const v = value('Card Last Four');
  let digits: string | null = null;
  if (typeof v === 'number') {
    if (!Number.isInteger(v) || v < 0 || v > 9999) throw new RowProblem('Card Last Four', `Card Last Four ${v} is not four digits`);
    digits = String(v);
  } else {
    const t = text('Card Last Four');
    // Four characters are four digits or something else; a number written shorter or with `.0` is not.
    const m = t.length === 4 && !t.includes('.') ? null : /^(\d{1,4})(?:\.0+)?$/.exec(t);
    if (m) digits = m[1];
  }
  if (digits !== null) {
    const padded = digits.padStart(4, '0');
    ctx.findings.add('Card Last Four held values written as numbers', `'${String(v).trim()}' read as ${padded}`, 'each was read as its digits, left-padded to four');
    return padded;
  }
  const last4 = cleanCard(text('Card Last Four'));
  if (last4 === '') throw new RowProblem('Card Last Four', 'Card Last Four is empty');
  // A card type or a name mapped here by mistake ('VISA', 'MASTERCARD' → 'CARD'): no card ends in letters only.
  if (!/\d/.test(last4)) throw new RowProblem('Card Last Four', `Card Last Four '${last4.slice(0, 20)}' is not the end of a card number (it has no digit)`);
  return last4.slice(-4);
}

function openingRow(text: Text, value: Value, row: number, ctx: RowContext, seen: Map<string, { row: number; cents: number }>): OpeningBalance {
  const card = ownString(cardNumber(text, value));
  const cents = amountOf(value, 'Balance', ctx)!;
  const inst = text('Instrument').toLowerCase();
  if (inst !== '' && inst !== 'gift_card' && inst !== 'store_credit') throw new RowProblem('Instrument', `Instrument '${inst.slice(0, 20)}' is not gift_card or store_credit`);
  const asOf = ctx.asOf(value('As Of'));
  if (asOf) throw new RowProblem('As Of', asOf);
  const before = seen.get(card);
  if (before) {
    throw new RowProblem('Card Number', `Card Number '${card}' already has an opening balance at row ${before.row} (${formatCents(before.cents, { parens: false })}); a card has one: not summed`);
  }
  seen.set(card, { row, cents });
  if (cents < 0) ctx.findings.add('negative opening balances', `card ${card}, ${formatCents(cents, { parens: false })}`, "imported as given: a card cannot hold less than nothing, so check the prior quarter's closing");
  return { card, cents, row, instrument: (inst || cardInstrument(card)) as Instrument };
}

/**
 * An opening balance holds at the period's start: `As Of` must be the day before it (a closing) or that day.
 * The reason it is not, or null; the file's rows share one date, so the answer is kept per value.
 */
function asOfChecker(ctx: NormalizeContext): (cell: unknown) => string | null {
  const start = ctx.periodStart;
  const eve = start ? addDays(start, -1) : '';
  return sameAsBefore((cell: unknown): string | null => {
    if (cell == null || String(cell).trim() === '' || !start) return null;
    const d = parseDate(typeof cell === 'number' ? serial1900(cell, ctx) : cell);
    if (!d.ok) return `As Of ${d.reason}`;
    if (d.date === eve || d.date === start) return null;
    return `As Of ${d.date} is not the period's opening (${eve}, the day before ${start}): the balance is from another date`;
  });
}
