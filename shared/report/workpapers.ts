// workpapers.xlsx: what another auditor needs to re-perform the work. Amounts are numbers with a currency
// format (negatives in parentheses), each sheet has a frozen, filterable header row, and every text cell is a
// string cell, so a hostile memo can never become a formula.
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import type { AuditEntry } from '../api';
import type { Decision, Report } from '../types';
import { safeText } from './cells';

const MONEY = '#,##0.00;(#,##0.00);-';

type Cell = string | number | null | { cents: number };

function sheet(headers: string[], rows: Cell[][], widths: number[] = []): XLSX.WorkSheet {
  const data: XLSX.CellObject[][] = [headers.map((h) => ({ t: 's', v: h }))];
  for (const r of rows) {
    data.push(
      r.map((v): XLSX.CellObject => {
        if (v === null || v === undefined) return { t: 'z' };
        if (typeof v === 'number') return { t: 'n', v };
        if (typeof v === 'object') return { t: 'n', v: v.cents / 100, z: MONEY };
        return { t: 's', v: safeText(v) };
      }),
    );
  }
  const ws: XLSX.WorkSheet = { '!data': data } as unknown as XLSX.WorkSheet;
  const cols = Math.max(headers.length, 1);
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(rows.length, 0), c: cols - 1 } });
  ws['!autofilter'] = { ref: XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(rows.length, 0), c: cols - 1 } }) };
  ws['!cols'] = headers.map((h, i) => ({ wch: widths[i] ?? Math.max(12, h.length + 2) }));
  return ws;
}

const cents = (c: number | undefined | null) => ({ cents: c ?? 0 });

export function buildWorkpapers(report: Report, log: AuditEntry[], decisions: Decision[]): Uint8Array {
  const wb = XLSX.utils.book_new();
  const L = report.liability;
  const decided = new Map<string, Decision>();
  for (const d of decisions) decided.set(d.key, d);

  XLSX.utils.book_append_sheet(wb, sheet(['Item', 'Value'], [
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
    ...(report.notes ?? []).map((n): Cell[] => ['Note', n]),
  ], [40, 60]), 'Summary');

  const rf = L.rollforward;
  XLSX.utils.book_append_sheet(wb, sheet(['Line', 'Amount'], [
    ['Opening balance', cents(rf.opening_cents)], ['+ Issued', cents(rf.issued_cents)], ['+ Reloaded', cents(rf.reloaded_cents)],
    ['− Redeemed', cents(rf.redeemed_cents)], ['+ Refunded to cards', cents(rf.refunded_cents)], ['± Voided (net)', cents(rf.voided_cents)],
    ['± Adjusted (net)', cents(rf.adjusted_cents)], ['− Expired', cents(rf.expired_cents)], ['Closing balance', cents(rf.closing_cents)],
  ], [30, 16]), 'Roll-forward');

  XLSX.utils.book_append_sheet(wb, sheet(['Line', 'Count', 'Amount'], [
    ['ERP closing balance', null, cents(L.erp_closing_cents)],
    ...L.bridge.map((b): Cell[] => [b.category, b.count, cents(b.amount_cents)]),
    ['Reconstructed closing balance', null, cents(L.reconstructed_closing_cents)],
  ], [34, 8, 16]), 'Bridge');

  XLSX.utils.book_append_sheet(wb, sheet(
    ['ID', 'Category', 'Card', 'Last four', 'Order', 'Amount', 'Effect on ERP bridge', 'Effect vs platform', 'Records', 'Explanation', 'Suggested resolution', 'Resolution in force', 'Status', 'Decided by', 'Decided at', 'Note'],
    report.exceptions.map((x) => {
      const d = decided.get(x.key ?? '');
      return [x.id, x.category, x.card, x.last_four ?? null, x.order ?? null, cents(x.amount_cents), cents(x.erp_effect_cents), cents(x.platform_effect_cents),
        x.records.map((r) => `${r.system}:${r.ref}`).join(' '), x.explanation, x.suggested_resolution, x.resolution ?? null, x.status ?? 'open',
        d?.user ?? null, d?.at ?? null, d?.note ?? null];
    }),
    [9, 22, 18, 9, 10, 12, 12, 12, 40, 80, 36, 22, 10, 14, 22, 40],
  ), 'Exceptions');

  XLSX.utils.book_append_sheet(wb, sheet(['Card', 'Instrument', 'Last four', 'Order', 'Reconstructed', 'Platform reports', 'Difference'],
    report.cards.map((c) => [c.card, c.instrument, c.last_four ?? (c.card ? c.card.slice(-4) : null), c.order ?? null, cents(c.reconstructed_cents), cents(c.platform_reported_cents), cents(c.reconstructed_cents - c.platform_reported_cents)]),
    [20, 13, 9, 10, 14, 14, 14]), 'Balances');

  XLSX.utils.book_append_sheet(wb, sheet(['System', 'File', 'Row', 'Reason'],
    report.inputs.flatMap((i) => i.quarantine.map((q): Cell[] => [i.system, i.file, q.row, q.reason])), [12, 24, 8, 80]), 'Quarantine');

  XLSX.utils.book_append_sheet(wb, sheet(['System', 'File', 'SHA-256', 'Encoding', 'Layout', 'Rows read', 'Imported', 'Quarantined'],
    report.inputs.map((i) => [i.system, i.file, i.sha256, i.encoding ?? null, i.layout ?? null, i.rows, i.imported, i.quarantined]), [12, 24, 66, 12, 10, 10, 10, 12]), 'Sources');

  XLSX.utils.book_append_sheet(wb, sheet(['#', 'At', 'User', 'Action', 'Detail', 'Previous hash', 'Hash'],
    log.map((e) => [e.seq, e.at, e.user, e.action, e.detail, e.prev_hash, e.hash]), [6, 24, 16, 18, 80, 66, 66]), 'Audit log');

  // SheetJS writes faster compressed than not (its uncompressed path builds byte strings); fflate then
  // inflates, freezes the header rows and deflates once more.
  const bytes = XLSX.write(wb, { type: 'array', bookType: 'xlsx', compression: true }) as ArrayBuffer;
  return freezeHeaderRows(new Uint8Array(bytes));
}

/** SheetJS Community Edition writes no frozen panes: add them to each sheet's XML directly. */
function freezeHeaderRows(xlsx: Uint8Array): Uint8Array {
  const files = unzipSync(xlsx);
  const frozen = '<sheetViews><sheetView workbookViewId="0"><pane ySplit="1" topLeftCell="A2" activePane="bottomLeft" state="frozen"/><selection pane="bottomLeft" activeCell="A2" sqref="A2"/></sheetView></sheetViews>';
  for (const name of Object.keys(files)) {
    if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(name)) continue;
    const xml = strFromU8(files[name]);
    files[name] = strToU8(xml.replace(/<sheetViews>[\s\S]*?<\/sheetViews>/, frozen));
  }
  // Level 1: at 135k balance rows it deflates in half the time of level 6 for a file a quarter larger (5.2 MB
  // against 4.1 MB at a million events; docs/performance.md).
  return zipSync(files, { level: 1 });
}
