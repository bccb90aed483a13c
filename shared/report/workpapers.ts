// workpapers.xlsx: what another auditor needs to re-perform the work. Amounts are numbers with a currency
// format (negatives in parentheses), each sheet has a frozen, filterable header row, and every text cell is a
// string cell, so a hostile memo can never become a formula. Every money sheet foots as read: its lines sum to
// its total row, and the Tie-out sheet sets each total beside report.json's figure.
import { CATEGORY_LABELS, type AuditEntry, type Category, type Decision, type FileRole, type Mapping, type QuarantineEntry, type Report } from '../types';
import type { JournalLine } from './corrections';
import { closeSheets } from './close-sheets';
import { maskCardsIn } from './mask';
import { analyticsSheets } from './analytics-sheets';
import { writeXlsx, type NativeDeflate, type Rows, type XCell as Cell, type XSheet } from './xlsx-writer';

function sheet(name: string, headers: string[], rows: Rows, widths: number[] = []): XSheet {
  return { name, headers, rows, widths };
}

/** The rows of a long list, each made as the sheet is written: a quarter's balances are not held twice. */
function eachOf<T>(list: T[], row: (t: T, i: number) => Cell[]): Rows {
  return { length: list.length, at: (i) => (i >= 0 && i < list.length ? row(list[i], i) : undefined) };
}

const cents = (c: number | undefined | null) => ({ cents: c ?? 0 });

/** A list's rows, then one more: its total row. */
function withTotal(rows: Rows, total: Cell[]): Rows {
  return { length: rows.length + 1, at: (i) => (i === rows.length ? total : rows.at(i)) };
}

/**
 * The exact sum of some cents, as a number for the sheet. Added as numbers while every partial sum is a safe
 * integer (exact), and in bigint from the first that is not: a long list can pass 2^53.
 */
function sumCents<T>(list: ArrayLike<T>, of: (t: T) => number | undefined): number {
  let total = 0;
  for (let i = 0; i < list.length; i++) {
    const next = total + (of(list[i]) ?? 0);
    if (!Number.isSafeInteger(next)) return Number(sumCentsFrom(list, of, i, total));
    total = next;
  }
  return total;
}

function sumCentsFrom<T>(list: ArrayLike<T>, of: (t: T) => number | undefined, from: number, before: number): bigint {
  let total = BigInt(before);
  for (let i = from; i < list.length; i++) total += BigInt(of(list[i]) ?? 0);
  return total;
}

/** A bridge line's or exception's category as the screens name it. */
function categoryLabel(category: string): string {
  if (category === 'OPENING_BALANCE_DIFFERENCE') return 'Opening balance difference';
  return CATEGORY_LABELS[category as Category] ?? category;
}

/** The workbook; card numbers are masked unless `unmasked` (report.json keeps them whole). */
/** What the workbook records beside report.json: each quarantined row as read, and the column mapping used. */
export interface WorkpaperSources {
  quarantined?: (role: FileRole) => QuarantineEntry[];
  mapping?: Mapping;
  /** Each card line's opening balance, in the order of report.cards, for the Balances sheet's roll from opening to closing. */
  openings?: ArrayLike<number>;
}

export function buildWorkpapers(
  report: Report,
  log: AuditEntry[],
  decisions: Decision[],
  entries: readonly JournalLine[],
  deflate?: NativeDeflate,
  unmasked = false,
  sources: WorkpaperSources = {},
): Uint8Array {
  const totals = cardTotals(report.cards);
  const sheets = [
    summarySheet(report), ...closeSheets(report), rollforwardSheet(report), bridgeSheet(report), exceptionsSheet(report, decisions),
    balancesSheet(report, totals, sources.openings), entriesSheet(entries), tieOutSheet(report, totals), ...analyticsSheets(report), quarantineSheet(report, sources.quarantined), sourcesSheet(report, sources.mapping), auditSheet(log),
  ];
  // Every text cell is masked (mask.ts) as it is written: every card number in it, wherever it stands.
  return writeXlsx(sheets, { deflate, cellText: unmasked ? undefined : maskCardsIn });
}

function summarySheet(report: Report): XSheet {
  const L = report.liability;
  return sheet('Summary', ['Item', 'Value'], [
    ['Period', `${report.period.start} .. ${report.period.end}`],
    ['Business time zone', report.period.timezone],
    ['Reconstructed closing liability', cents(L.reconstructed_closing_cents)],
    ['  of which gift cards', cents(L.by_instrument.gift_card)],
    ['  of which store credit', cents(L.by_instrument.store_credit)],
    ['The platform reports', cents(L.platform_reported_closing_cents)],
    ['The ERP (general ledger) shows', cents(L.erp_closing_cents)],
    ['Difference: reconstructed − ERP', cents(L.reconstructed_closing_cents - L.erp_closing_cents)],
    ['Difference: reconstructed − platform', cents(L.reconstructed_closing_cents - L.platform_reported_closing_cents)],
    ['Exceptions', report.exceptions.length],
    ['Auditor decisions applied', report.decisions_applied ?? 0],
    ['Matched groups', report.matching.matched_groups],
    // The seal: a copy of these two, signed and kept, shows any later change to the case's audit log.
    ['Audit log entries', report.audit_seal?.entries ?? null],
    ['Audit log head (SHA-256 of the last entry)', report.audit_seal?.head ?? null],
    ...(report.notes ?? []).map((n): Cell[] => ['Note', n]),
  ], [40, 60]);
}

/** The roll-forward with each line signed as it moves the balance: the lines above the closing sum to it. */
function rollforwardSheet(report: Report): XSheet {
  const rf = report.liability.rollforward;
  return sheet('Roll-forward', ['Line', 'Amount'], [
    ['Opening balance', cents(rf.opening_cents)], ['Issued', cents(rf.issued_cents)], ['Reloaded', cents(rf.reloaded_cents)],
    ['Redeemed', cents(-rf.redeemed_cents)], ['Refunded to cards', cents(rf.refunded_cents)], ['Voided (net)', cents(rf.voided_cents)],
    ['Adjusted (net)', cents(rf.adjusted_cents)], ['Expired', cents(-rf.expired_cents)], ['Closing balance', cents(rf.closing_cents)],
  ], [30, 16]);
}

/** The bridge: the ERP's closing, a line per category, their total, and the reconstructed closing they lead to. */
function bridgeSheet(report: Report): XSheet {
  const L = report.liability;
  return sheet('Bridge', ['Line', 'Count', 'Amount'], [
    ['ERP closing balance', null, cents(L.erp_closing_cents)],
    ...L.bridge.map((b): Cell[] => [categoryLabel(b.category), b.count, cents(b.amount_cents)]),
    ['Total of the bridge lines', sumCents(L.bridge, (b) => b.count), cents(sumCents(L.bridge, (b) => b.amount_cents))],
    ['Reconstructed closing balance', null, cents(L.reconstructed_closing_cents)],
  ], [34, 8, 16]);
}

/** Each exception with the decision in force on it (who, when, why). */
function exceptionsSheet(report: Report, decisions: Decision[]): XSheet {
  const decided = new Map<string, Decision>();
  for (const d of decisions) decided.set(d.key, d);
  return sheet(
    'Exceptions',
    ['ID', 'Category', 'Card', 'Last four', 'Order', 'Amount', 'Effect on ERP bridge', 'Effect vs platform', 'Records', 'Explanation', 'Suggested resolution', 'Resolution in force', 'Status', 'Decided by', 'Decided at', 'Note'],
    withTotal(eachOf(report.exceptions, (x) => {
      const d = decided.get(x.key);
      return [x.id, categoryLabel(x.category), x.card, x.last_four ?? null, x.order ?? null, cents(x.amount_cents), cents(x.erp_effect_cents), cents(x.platform_effect_cents),
        x.records.map((r) => `${r.system}:${r.ref}`).join(' '), x.explanation, x.suggested_resolution, x.resolution ?? null, x.status ?? 'open',
        d?.user ?? null, d?.at ?? null, d?.note ?? null];
    }), [`Total (${report.exceptions.length})`, null, null, null, null, cents(sumCents(report.exceptions, (x) => x.amount_cents)),
      cents(sumCents(report.exceptions, (x) => x.erp_effect_cents)), cents(sumCents(report.exceptions, (x) => x.platform_effect_cents))]),
    [9, 22, 18, 9, 10, 12, 12, 12, 40, 80, 36, 22, 10, 14, 22, 40],
  );
}

/** What the Balances and Tie-out sheets total over the card lines. */
interface CardTotals {
  reconstructed: number;
  platform: number;
  giftCards: number;
  storeCredit: number;
}

/** The card lines' totals in one pass (a quarter has a line per card), each exact (sumCents) once a partial sum is not. */
function cardTotals(cards: Report['cards']): CardTotals {
  let reconstructed = 0;
  let platform = 0;
  let giftCards = 0;
  let storeCredit = 0;
  for (let i = 0; i < cards.length; i++) {
    const c = cards[i];
    reconstructed += c.reconstructed_cents;
    platform += c.platform_reported_cents;
    if (c.instrument === 'gift_card') giftCards += c.reconstructed_cents;
    else if (c.instrument === 'store_credit') storeCredit += c.reconstructed_cents;
    if (!Number.isSafeInteger(reconstructed) || !Number.isSafeInteger(platform) || !Number.isSafeInteger(giftCards) || !Number.isSafeInteger(storeCredit)) {
      return {
        reconstructed: sumCents(cards, (x) => x.reconstructed_cents),
        platform: sumCents(cards, (x) => x.platform_reported_cents),
        giftCards: sumCents(cards, (x) => (x.instrument === 'gift_card' ? x.reconstructed_cents : 0)),
        storeCredit: sumCents(cards, (x) => (x.instrument === 'store_credit' ? x.reconstructed_cents : 0)),
      };
    }
  }
  return { reconstructed, platform, giftCards, storeCredit };
}

function balancesSheet(report: Report, totals: CardTotals, openings: ArrayLike<number> = new Float64Array(report.cards.length)): XSheet {
  const { cards } = report;
  const opening = sumCents(openings, (o) => o);
  const { reconstructed, platform } = totals;
  return sheet('Balances', ['Card', 'Instrument', 'Last four', 'Order', 'Opening', 'Movement', 'Reconstructed', 'Platform reports', 'Difference'],
    withTotal(
      eachOf(cards, balanceRow(openings)),
      [`Total (${cards.length})`, null, null, null, cents(opening), cents(reconstructed - opening), cents(reconstructed), cents(platform), cents(reconstructed - platform)],
    ),
    [20, 13, 9, 10, 14, 14, 14, 14, 14]);
}

/**
 * A card line's row of the Balances sheet. One array and its money cells are filled again for each line: the
 * writer is done with a row before it asks for the next, and a quarter has a row per card line.
 */
function balanceRow(openings: ArrayLike<number>): (c: Report['cards'][number], i: number) => Cell[] {
  const opening = cents(0);
  const movement = cents(0);
  const reconstructed = cents(0);
  const platform = cents(0);
  const difference = cents(0);
  const row: Cell[] = [null, null, null, null, opening, movement, reconstructed, platform, difference];
  return (c, i) => {
    row[0] = c.card;
    row[1] = c.instrument;
    row[2] = c.last_four ?? (c.card ? c.card.slice(-4) : null);
    row[3] = c.order ?? null;
    opening.cents = openings[i];
    movement.cents = c.reconstructed_cents - openings[i];
    reconstructed.cents = c.reconstructed_cents;
    platform.cents = c.platform_reported_cents;
    difference.cents = c.reconstructed_cents - c.platform_reported_cents;
    return row;
  };
}

/** The correcting entries (journal_entries.csv), with their total: debits equal credits. */
function entriesSheet(entries: readonly JournalLine[]): XSheet {
  const debits = sumCents(entries, (l) => l.debitCents ?? 0);
  const credits = sumCents(entries, (l) => l.creditCents ?? 0);
  const money = (c: number | null) => (c === null ? null : cents(c));
  return sheet('Correcting entries', ['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit', 'Memo', 'Reference', 'Exception'],
    withTotal(
      eachOf([...entries], (l) => [l.journal, l.line, l.date, l.account, money(l.debitCents), money(l.creditCents), l.memo, l.reference, l.exception]),
      [`Total (${new Set(entries.map((l) => l.journal)).size} journals)`, null, null, null, cents(debits), cents(credits)],
    ),
    [14, 6, 12, 34, 14, 14, 60, 30, 10]);
}

/**
 * Each of report.json's liability figures beside the workpapers' own total of it, and the difference (zero
 * where they tie): the reconstructed closing by the roll-forward, the bridge and the balances; the ERP's and
 * the platform's closing; the bridge by the exceptions.
 */
function tieOutSheet(report: Report, totals: CardTotals): XSheet {
  const L = report.liability;
  const rf = L.rollforward;
  const rfLines = rf.opening_cents + rf.issued_cents + rf.reloaded_cents - rf.redeemed_cents + rf.refunded_cents + rf.voided_cents + rf.adjusted_cents - rf.expired_cents;
  const bridged = L.erp_closing_cents + sumCents(L.bridge, (b) => b.amount_cents);
  const byCategory = sumCents(L.bridge.filter((b) => b.category !== 'OPENING_BALANCE_DIFFERENCE'), (b) => b.amount_cents);
  const row = (figure: string, reported: number, where: string, found: number): Cell[] => [figure, cents(reported), where, cents(found), cents(found - reported)];
  return sheet('Tie-out', ['Figure (report.json)', 'report.json', 'Workpapers: where', 'Workpapers', 'Difference'], [
    row('Reconstructed closing liability', L.reconstructed_closing_cents, 'Roll-forward: the lines from the opening on', rfLines),
    row('Reconstructed closing liability', L.reconstructed_closing_cents, 'Roll-forward: closing balance', rf.closing_cents),
    row('Reconstructed closing liability', L.reconstructed_closing_cents, 'Bridge: ERP closing plus the total of the bridge lines', bridged),
    row('Reconstructed closing liability', L.reconstructed_closing_cents, 'Balances: total reconstructed', totals.reconstructed),
    row('  of which gift cards', L.by_instrument.gift_card, 'Balances: gift cards', totals.giftCards),
    row('  of which store credit', L.by_instrument.store_credit, 'Balances: store credit', totals.storeCredit),
    row('The platform reports', L.platform_reported_closing_cents, 'Balances: total platform reports', totals.platform),
    row('Bridge: the exception categories', byCategory, 'Exceptions: total effect on ERP bridge', sumCents(report.exceptions, (x) => x.erp_effect_cents)),
  ], [34, 16, 52, 16, 14]);
}

/**
 * Each quarantined row with the column at fault and its text as read (where the case keeps it), so a reviewer can
 * judge the reason without the source file.
 */
function quarantineSheet(report: Report, quarantined?: (role: FileRole) => QuarantineEntry[]): XSheet {
  return sheet('Quarantine', ['System', 'File', 'Row', 'Column', 'Reason', 'Row as read'],
    report.inputs.flatMap((i) => {
      const raw = new Map((quarantined?.(i.system as FileRole) ?? []).map((q) => [q.row, q.raw]));
      return i.quarantine.map((q): Cell[] => [i.system, i.file, q.row, q.column ?? null, q.reason, raw.get(q.row) ?? null]);
    }), [12, 24, 8, 16, 80, 80]);
}

/** Each file, what read it (profile, layout, and the column mapping where one renamed headers), and its counts. */
function sourcesSheet(report: Report, mapping?: Mapping): XSheet {
  const mapped = (system: string) => {
    const m = mapping?.[system as FileRole];
    return m && Object.keys(m).length ? Object.entries(m).map(([column, header]) => `${column} ← ${header}`).join('; ') : null;
  };
  return sheet('Sources', ['System', 'File', 'SHA-256', 'Encoding', 'Layout', 'Rows read', 'Imported', 'Out of scope', 'Quarantined', 'Profile', 'Header row', 'Column mapping'],
    report.inputs.map((i) => [i.system, i.file, i.sha256, i.encoding ?? null, i.layout ?? null, i.rows, i.imported, i.out_of_scope ?? 0, i.quarantined, i.profile ? `${i.profile.id} v${i.profile.version}${i.profile.detected ? ' (detected)' : ''}` : null, i.header_row ?? null, mapped(i.system)]), [12, 24, 66, 12, 10, 10, 10, 12, 12, 36, 10, 60]);
}

function auditSheet(log: AuditEntry[]): XSheet {
  return sheet('Audit log', ['#', 'At', 'User', 'Action', 'Detail', 'Previous hash', 'Hash'],
    log.map((e) => [e.seq, e.at, e.user, e.action, e.detail, e.prev_hash, e.hash]), [6, 24, 16, 18, 80, 66, 66]);
}
