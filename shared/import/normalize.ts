// One system's rows to canonical events. A row that cannot be read is quarantined with the column and the
// reason; nothing is dropped silently. Every rule here follows formats.md §1.
import type { CanonicalEvent, OpeningBalance } from '../events';
import { parseAmount } from '../money';
import { BusinessCalendar, parseDate, parseInstant } from '../time';
import type { FileRole, Instrument, QuarantinedRow } from '../types';
import type { ColumnResolution } from './layouts';
import { KeyIndex } from './key-index';
import { ownString, sameAsBefore } from './own-string';

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
  liabilityAccounts: string[];
  /** CSV rows must have the header's number of fields (extra empty ones aside): a shifted row is misread. */
  format?: 'csv' | 'xlsx';
}

/** Per column, intern with a memory of the value before (sameAsBefore). */
interface Interners {
  type: (s: string) => string;
  currency: (s: string) => string;
  channel: (s: string) => string;
  operator: (s: string) => string;
  status: (s: string) => string;
  account: (s: string) => string;
}

/** What a row reader is given: the file's context, its interners and postingDate. */
type RowContext = NormalizeContext & {
  interned: Interners;
  /** parseDate of an ERP Date cell, its date interned; the row before's answer when the cell is the same. */
  postingDate: (cell: unknown) => ReturnType<typeof parseDate>;
};

export interface Normalized {
  events: CanonicalEvent[];
  opening: OpeningBalance[];
  quarantine: (QuarantinedRow & { raw: string })[];
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

export interface RowNormalizer {
  /**
   * Turns the next rows of the file (in order) into events, openings or quarantined rows. `noNul`: the caller
   * has checked the rows' text holds no NUL character.
   */
  push(rows: unknown[][], noNul?: boolean): void;
  /** Data rows seen so far. */
  readonly rows: number;
  readonly result: Normalized;
}

/**
 * Normalizes a file's rows as they arrive, chunk by chunk. A natural key seen twice quarantines the later row;
 * whether it repeats the earlier one exactly is judged on the values read from the row, so no row's text
 * needs keeping (the source file itself is kept whole in the case, so nothing is lost).
 */
export function createNormalizer(role: FileRole, cols: ColumnResolution, ctx: NormalizeContext): RowNormalizer {
  const out: Normalized = { events: [], opening: [], quarantine: [] };
  // Rows come in runs (one currency, one channel, one day's postings, one type after another): comparing with
  // the row before is cheaper than hashing each new cell's text for the intern map (0.08 s at a million events).
  const interned: Interners = {
    type: sameAsBefore(ctx.intern), currency: sameAsBefore(ctx.intern), channel: sameAsBefore(ctx.intern),
    operator: sameAsBefore(ctx.intern), status: sameAsBefore(ctx.intern), account: sameAsBefore(ctx.intern),
  };
  // A journal's lines share their date, and journals come in date order.
  const postingDate = sameAsBefore((cell: unknown): ReturnType<typeof parseDate> => {
    const d = parseDate(cell);
    return d.ok ? { ok: true, date: ctx.intern(d.date) } : d;
  });
  const rowCtx: RowContext = { ...ctx, interned, postingDate };
  // Natural keys seen so far. While a file's keys only ever increase (as most exports list them), no key can
  // repeat an earlier one and the index is not needed; at the first key out of order it is built from the rows
  // so far and kept from then on.
  const seen = new KeyIndex((i) => out.events[i].key);
  let ascending = true;
  let lastKey = '';
  const width = Object.values(cols.index).reduce((a, b) => Math.max(a, b), -1) + 1;
  const used = Object.keys(cols.index).filter((c) => cols.index[c] >= 0);
  const usedAt = used.map((c) => cols.index[c]);
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
  const push = (rows: unknown[][], noNul = false): void => {
    for (let i = 0; i < rows.length; i++) {
      cells = rows[i];
      const rowNo = count + 2; // the header is row 1
      count++;
      try {
        if (cells.length < Math.min(width, 2)) throw new RowProblem(null, `the row has ${fields(cells.length)}; the header has ${cols.width}`);
        if (ctx.format === 'csv' && cells.length !== cols.width && (cells.length < cols.width || !restEmpty(cells, cols.width))) {
          throw new RowProblem(null, `the row has ${fields(cells.length)}; the header has ${cols.width}`);
        }
        if (!noNul)
          for (let k = 0; k < usedAt.length; k++) {
            const v = cells[usedAt[k]];
            if (typeof v === 'string' && v.includes('\u0000')) throw new RowProblem(used[k], `${used[k]} contains a NUL byte`);
          }
        if (role === 'opening') {
          out.opening.push(openingRow(text, value, rowNo));
          continue;
        }
        const ev = ROW_READERS[role](text, value, rowCtx);
        ev.fileId = ctx.fileId;
        ev.row = rowNo;
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
        out.quarantine.push({ row: rowNo, column: err.column, reason: err.message, raw: JSON.stringify(cells) });
      }
    }
  };
  return {
    push,
    get rows() {
      return count;
    },
    result: out,
  };
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

function amountOf(value: Value, col: string, opts: { optional?: boolean } = {}): number | null {
  const v = value(col);
  if (opts.optional && (v == null || String(v).trim() === '')) return null;
  const r = parseAmount(v);
  if (!r.ok) throw new RowProblem(col, r.reason);
  return r.cents;
}

function currencyOf(text: Text, ctx: RowContext): string | null {
  const c = text('Currency').toUpperCase();
  if (c !== '' && c !== ctx.currency) throw new RowProblem('Currency', `Currency ${c} is not the case's ${ctx.currency}`);
  return ctx.interned.currency(c) || null;
}

function instantOf(value: Value, col: string, assumeUtc = false): number {
  const r = parseInstant(value(col), { assumeUtc });
  if (!r.ok) throw new RowProblem(col, `${col} ${r.reason}`);
  return r.ms;
}

function blank(): CanonicalEvent {
  return {
    system: 'platform', fileId: 0, row: 0, key: '', instrument: null, card: null, last4: null, type: '',
    amount: 0, effect: 0, at: 0, bdate: '', order: null, ref: null, operator: null, status: null,
    balanceAfter: null, account: null, journal: null, memo: null, scope: 1, currency: null, channel: null,
  };
}

const ROW_READERS: Record<Exclude<FileRole, 'opening'>, (t: Text, v: Value, ctx: RowContext) => CanonicalEvent> = {
  platform(text, value, ctx) {
    const ev = blank();
    ev.system = 'platform';
    ev.key = ownString(need(text, 'Transaction ID'));
    const card = cleanCard(need(text, 'Card Number'));
    if (!/^(\d{8,19}|SC[0-9A-Z]{2,30})$/.test(card)) throw new RowProblem('Card Number', `Card Number '${card.slice(0, 30)}' is not a card or store-credit number`);
    ev.card = ownString(card);
    ev.last4 = ctx.intern(card.slice(-4));
    ev.instrument = cardInstrument(card);
    ev.type = ctx.interned.type(need(text, 'Type').toLowerCase());
    if (!PLATFORM_TYPES.has(ev.type)) throw new RowProblem('Type', `Type '${text('Type').slice(0, 30)}' is not a platform transaction type`);
    ev.amount = amountOf(value, 'Amount')!;
    if (ev.type !== 'adjustment' && ev.amount < 0) throw new RowProblem('Amount', `Amount ${text('Amount')} is negative for a ${text('Type')}`);
    ev.balanceAfter = amountOf(value, 'Balance After', { optional: true });
    ev.currency = currencyOf(text, ctx);
    ev.at = instantOf(value, 'Timestamp');
    ev.bdate = ctx.calendar.businessDate(ev.at);
    ev.order = own(text('Order Ref') || null);
    ev.ref = own(text('Voids Txn') || null);
    if (ev.type === 'void' && !ev.ref) throw new RowProblem('Voids Txn', 'a Void names no Transaction ID in Voids Txn');
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
    ev.at = instantOf(value, 'Created At');
    ev.bdate = ctx.calendar.businessDate(ev.at);
    ev.type = ctx.interned.type(need(text, 'Event').toLowerCase());
    if (!STOREFRONT_EVENTS.has(ev.type)) throw new RowProblem('Event', `Event '${text('Event').slice(0, 30)}' is not a storefront gift card event`);
    const last4 = cleanCard(text('Card Last Four'));
    if (last4 === '') throw new RowProblem('Card Last Four', 'Card Last Four is empty');
    ev.last4 = ctx.intern(last4.slice(-4));
    ev.amount = amountOf(value, 'Amount')!;
    if (ev.amount < 0) throw new RowProblem('Amount', `Amount ${text('Amount')} is negative`);
    ev.currency = currencyOf(text, ctx);
    ev.status = ctx.interned.status(need(text, 'Status').toLowerCase());
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
    ev.type = ctx.interned.type(need(text, 'Type').toLowerCase());
    if (!PAYMENT_TYPES.has(ev.type)) throw new RowProblem('Type', `Type '${text('Type').slice(0, 30)}' is not a processor transaction type`);
    ev.at = instantOf(value, 'Created (UTC)', true);
    ev.bdate = ctx.calendar.businessDate(ev.at);
    ev.amount = amountOf(value, 'Amount')!;
    ev.currency = currencyOf(text, ctx);
    ev.memo = own(text('Description') || null);
    ev.order = own(text('Order ID') || null);
    ev.status = ctx.interned.status(text('Status').toLowerCase()) || null;
    // Only gift card purchases (and their refunds) matter to the liability; ordinary order charges are noise.
    ev.scope = /gift\s*card/i.test(ev.memo ?? '') ? 1 : 0;
    ev.instrument = ev.scope ? 'gift_card' : null;
    return ev;
  },
  erp(text, value, ctx) {
    const ev = blank();
    ev.system = 'erp';
    const journal = ctx.journalCopy(need(text, 'Journal'));
    const line = need(text, 'Line');
    // Made of the journal (its own copy) and a short line number: not a view into the file's text.
    ev.key = `${journal}:${line.replace(/\.0+$/, '')}`;
    const date = ctx.postingDate(value('Date'));
    if (!date.ok) throw new RowProblem('Date', `Date ${date.reason}`);
    ev.bdate = date.date;
    ev.at = ctx.calendar.startOf(ev.bdate) + 12 * 3_600_000;
    ev.account = ctx.interned.account(need(text, 'Account'));
    const debit = amountOf(value, 'Debit', { optional: true });
    const credit = amountOf(value, 'Credit', { optional: true });
    if (debit === null && credit === null) throw new RowProblem('Debit', 'neither Debit nor Credit is set');
    ev.amount = (credit ?? 0) - (debit ?? 0);
    ev.type = ev.amount >= 0 ? 'credit' : 'debit';
    const memo = text('Memo');
    ev.memo = memo ? ctx.memoCopy(memo) : null;
    ev.ref = own(text('Reference') || null);
    ev.operator = ctx.interned.operator(text('Created By')) || null;
    ev.channel = ctx.interned.channel(text('Source')) || null;
    ev.order = /order\s+(#\S+)/i.exec(ev.memo ?? '')?.[1] ?? null;
    ev.last4 = /\*{2,}([0-9A-Z]{4})\b/i.exec(ev.memo ?? '')?.[1] ?? null;
    const liability = ctx.liabilityAccounts.findIndex((p) => ev.account!.startsWith(p));
    ev.scope = liability >= 0 ? 1 : 0;
    // A credit to a liability account raises the liability; a debit lowers it.
    ev.effect = ev.scope ? ev.amount : 0;
    ev.instrument = ev.scope ? (liability === 1 || /store\s*credit/i.test(ev.account) ? 'store_credit' : 'gift_card') : null;
    ev.journal = journal;
    return ev;
  },
};

const PLATFORM_SIGN: Record<string, number> = {
  activation: 1, reload: 1, redemption: -1, refund: 1, void: 0, adjustment: 1, expiry: -1,
};
const STOREFRONT_SIGN: Record<string, number> = {
  gift_card_sold: 1, gift_card_applied: -1, gift_card_refunded: 1, store_credit_issued: 1, store_credit_applied: -1,
  order_voided: 1, // a voided order gives its gift card / store credit tender back
};

function openingRow(text: Text, value: Value, row: number): OpeningBalance {
  const card = ownString(cleanCard(need(text, 'Card Number')));
  const cents = amountOf(value, 'Balance')!;
  const inst = text('Instrument').toLowerCase();
  if (inst !== '' && inst !== 'gift_card' && inst !== 'store_credit') throw new RowProblem('Instrument', `Instrument '${inst.slice(0, 20)}' is not gift_card or store_credit`);
  return { card, cents, row, instrument: (inst || cardInstrument(card)) as Instrument };
}
