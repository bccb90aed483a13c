// workpapers.xlsx: what another auditor needs to re-perform the work. Amounts are numbers with a currency
// format (negatives in parentheses), each sheet has a frozen, filterable header row, and every text cell is a
// string cell, so a hostile memo can never become a formula.
import type { AuditEntry, Decision, Report } from '../types';
import { analyticsSheets } from './analytics-sheets';
import { writeXlsx, type NativeDeflate, type Rows, type XCell as Cell, type XSheet } from './xlsx-writer';

function sheet(name: string, headers: string[], rows: Rows, widths: number[] = []): XSheet {
  return { name, headers, rows, widths };
}

/** The rows of a long list, each made as the sheet is written: a quarter's balances are not held twice. */
function eachOf<T>(list: T[], row: (t: T) => Cell[]): Rows {
  return { length: list.length, at: (i) => (i >= 0 && i < list.length ? row(list[i]) : undefined) };
}

const cents = (c: number | undefined | null) => ({ cents: c ?? 0 });

export function buildWorkpapers(report: Report, log: AuditEntry[], decisions: Decision[], deflate?: NativeDeflate): Uint8Array {
  const sheets = [
    summarySheet(report), rollforwardSheet(report), bridgeSheet(report), exceptionsSheet(report, decisions), balancesSheet(report),
    ...analyticsSheets(report), quarantineSheet(report), sourcesSheet(report), auditSheet(log),
  ];
  return writeXlsx(sheets, { deflate });
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

function rollforwardSheet(report: Report): XSheet {
  const rf = report.liability.rollforward;
  return sheet('Roll-forward', ['Line', 'Amount'], [
    ['Opening balance', cents(rf.opening_cents)], ['+ Issued', cents(rf.issued_cents)], ['+ Reloaded', cents(rf.reloaded_cents)],
    ['− Redeemed', cents(rf.redeemed_cents)], ['+ Refunded to cards', cents(rf.refunded_cents)], ['± Voided (net)', cents(rf.voided_cents)],
    ['± Adjusted (net)', cents(rf.adjusted_cents)], ['− Expired', cents(rf.expired_cents)], ['Closing balance', cents(rf.closing_cents)],
  ], [30, 16]);
}

function bridgeSheet(report: Report): XSheet {
  const L = report.liability;
  return sheet('Bridge', ['Line', 'Count', 'Amount'], [
    ['ERP closing balance', null, cents(L.erp_closing_cents)],
    ...L.bridge.map((b): Cell[] => [b.category, b.count, cents(b.amount_cents)]),
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
    eachOf(report.exceptions, (x) => {
      const d = decided.get(x.key);
      return [x.id, x.category, x.card, x.last_four ?? null, x.order ?? null, cents(x.amount_cents), cents(x.erp_effect_cents), cents(x.platform_effect_cents),
        x.records.map((r) => `${r.system}:${r.ref}`).join(' '), x.explanation, x.suggested_resolution, x.resolution ?? null, x.status ?? 'open',
        d?.user ?? null, d?.at ?? null, d?.note ?? null];
    }),
    [9, 22, 18, 9, 10, 12, 12, 12, 40, 80, 36, 22, 10, 14, 22, 40],
  );
}

function balancesSheet(report: Report): XSheet {
  return sheet('Balances', ['Card', 'Instrument', 'Last four', 'Order', 'Reconstructed', 'Platform reports', 'Difference'],
    eachOf(report.cards, (c) => [c.card, c.instrument, c.last_four ?? (c.card ? c.card.slice(-4) : null), c.order ?? null, cents(c.reconstructed_cents), cents(c.platform_reported_cents), cents(c.reconstructed_cents - c.platform_reported_cents)]),
    [20, 13, 9, 10, 14, 14, 14]);
}

function quarantineSheet(report: Report): XSheet {
  return sheet('Quarantine', ['System', 'File', 'Row', 'Reason'],
    report.inputs.flatMap((i) => i.quarantine.map((q): Cell[] => [i.system, i.file, q.row, q.reason])), [12, 24, 8, 80]);
}

function sourcesSheet(report: Report): XSheet {
  return sheet('Sources', ['System', 'File', 'SHA-256', 'Encoding', 'Layout', 'Rows read', 'Imported', 'Out of scope', 'Quarantined', 'Profile', 'Header row'],
    report.inputs.map((i) => [i.system, i.file, i.sha256, i.encoding ?? null, i.layout ?? null, i.rows, i.imported, i.out_of_scope ?? 0, i.quarantined, i.profile ? `${i.profile.id} v${i.profile.version}${i.profile.detected ? ' (detected)' : ''}` : null, i.header_row ?? null]), [12, 24, 66, 12, 10, 10, 10, 12, 12, 36, 10]);
}

function auditSheet(log: AuditEntry[]): XSheet {
  return sheet('Audit log', ['#', 'At', 'User', 'Action', 'Detail', 'Previous hash', 'Hash'],
    log.map((e) => [e.seq, e.at, e.user, e.action, e.detail, e.prev_hash, e.hash]), [6, 24, 16, 18, 80, 66, 66]);
}
