// The workpapers' close sheets (docs/formats.md §9, §12): the sign-off block (every sign-off with the figures it
// covered, the chain head it was given at, and what voided it), the evidence files of decisions, and the
// continuity from the prior case. Each sheet is there only when the case uses it, so a case without a close has
// the workpapers it always had.
import type { Signoff } from '../close';
import type { Report } from '../types';
import type { XCell, XSheet } from './xlsx-writer';

const cents = (c: number) => ({ cents: c });

export function closeSheets(report: Report): XSheet[] {
  return [signoffSheet(report), evidenceSheet(report), ...priorSheets(report)].filter((s): s is XSheet => s !== null);
}

/** The sign-off block: one row per sign-off, newest state first in its Status column. */
function signoffSheet(report: Report): XSheet | null {
  const s = report.signoffs;
  if (!s) return null;
  const headers = [
    'Role', 'Name', 'Signed at', 'Status', 'Why it no longer stands', 'Ended at', 'Materiality', 'Forced', 'Note', 'Reconstructed', 'ERP', 'Platform',
    'Open exceptions', 'Open amount', 'Deferred', 'Bridge', 'Audit entry', 'Chain head entry', 'Chain head hash',
  ];
  const rows: XCell[][] = [
    ['Close status', s.status.toUpperCase(), null, null, null, null, cents(s.materiality_cents)],
    ...s.entries.map((x: Signoff): XCell[] => [
      x.role, x.name, x.at, x.status === 'active' ? 'ACTIVE' : x.status === 'void' ? 'VOID' : 'WITHDRAWN', x.ended?.reason ?? null, x.ended?.at ?? null,
      cents(x.materiality_cents), x.forced ? 'yes' : 'no', x.note, cents(x.figures.reconstructed_closing_cents), cents(x.figures.erp_closing_cents),
      cents(x.figures.platform_reported_closing_cents), x.figures.open_exceptions, cents(x.figures.open_amount_cents), x.figures.deferred_exceptions,
      x.figures.bridge.filter((b) => b.amount_cents !== 0 || b.count !== 0).map((b) => `${b.category} ${(b.amount_cents / 100).toFixed(2)} (${b.count})`).join('; '),
      x.seq, x.chain_head.seq, x.chain_head.hash,
    ]),
  ];
  return { name: 'Sign-off', headers, rows, widths: [13, 18, 24, 11, 60, 24, 12, 8, 40, 14, 14, 14, 10, 12, 9, 60, 8, 10, 66] };
}

function evidenceSheet(report: Report): XSheet | null {
  const list = report.evidence;
  if (!list?.length) return null;
  return {
    name: 'Evidence',
    headers: ['Exception', 'Key', 'File', 'SHA-256', 'Bytes', 'Decision entry', 'By', 'At'],
    rows: list.map((e): XCell[] => [e.exception_id, e.key, e.name, e.sha256, e.size, e.seq, e.user, e.at]),
    widths: [10, 50, 30, 66, 10, 9, 16, 24],
  };
}

/** The continuity from the prior case, and its items with what became of them here. */
function priorSheets(report: Report): XSheet[] {
  const p = report.prior;
  if (!p) return [];
  const summary: XSheet = {
    name: 'Prior period',
    headers: ['Item', 'Value'],
    rows: [
      ['Prior period', `${p.period.start} .. ${p.period.end} (${p.period.timezone})`],
      ['Prior case file', p.case_file.name],
      ['Prior case file SHA-256', p.case_file.sha256],
      ['Prior audit chain head', `entry ${p.chain_head.seq}, ${p.chain_head.hash}`],
      ['Prior report.json SHA-256', p.report_sha256],
      ['Prior close status', p.prior_status],
      ['Opening (the prior reconstructed closing)', cents(p.opening_cents)],
      ['Opening lines', p.opening_lines],
      ['ERP opening journal', cents(p.erp_opening.erp_opening_cents)],
      ['Prior ERP closing', cents(p.erp_opening.prior_erp_closing_cents)],
      ['ERP opening − prior ERP closing', cents(p.erp_opening.difference_cents)],
      [`Platform opening (${p.platform_opening.basis === 'file' ? 'its opening file' : 'its first rows'}), cards compared`, p.platform_opening.cards],
      ...p.platform_opening.differences.map((d): XCell[] => [
        `Card ${d.card}: platform opens at ${(d.platform_opening_cents / 100).toFixed(2)}`,
        d.kind === 'carried'
          ? `carried: what the platform held at the prior period end; the prior closing is ${(d.prior_closing_cents / 100).toFixed(2)}`
          : `FINDING: neither the prior closing (${(d.prior_closing_cents / 100).toFixed(2)}) nor what the platform held then (${(d.prior_platform_cents / 100).toFixed(2)})`,
      ]),
    ],
    widths: [52, 90],
  };
  const items: XSheet = {
    name: 'Prior items',
    headers: ['Prior ID', 'Category', 'Card', 'Last four', 'Order', 'Amount', 'Came across as', 'Prior status', 'Prior resolution', 'Note', 'Reason code', 'Outcome here', 'Closed by'],
    rows: p.items.map((i): XCell[] => [
      i.id, i.category, i.card, i.last_four ?? null, i.order ?? null, cents(i.amount_cents), i.carried, i.prior_status, i.prior_resolution, i.note, i.reason, i.outcome, i.counterpart,
    ]),
    widths: [9, 22, 18, 9, 10, 12, 12, 12, 22, 40, 30, 12, 10],
  };
  return [summary, items];
}
