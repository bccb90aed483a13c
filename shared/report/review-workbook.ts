// The review workbook (docs/formats.md §12.4): the exception queue as a workbook a reviewer edits in Excel and the
// app reads back. Each row has a Decision column whose drop-down offers that exception's choices, a Note, a
// Reason code (the case's list) and a Reviewer column; everything else is locked, and hidden columns carry the
// exception's key and a fingerprint of the figures it showed, so that the import can tell an edited figure or a
// row that changed in the case since from a decision.
import * as XLSX from 'xlsx';
import type { ChainHead } from '../close';
import { RESOLUTIONS } from '../classify/resolutions';
import { sha256Text } from '../hash';
import { CATEGORIES, DEFAULT_REASON_CODES, type AuditEntry, type CaseSettings, type Category, type ExceptionItem, type Report } from '../types';
import { writeXlsx, type NativeDeflate, type XCell, type XSheet } from './xlsx-writer';

export const REVIEW_SHEET = 'Review';
export const ABOUT_SHEET = 'About';
export const LISTS_SHEET = 'Lists';
export const REVIEW_FORMAT = 'balance-forensics-review/1';

/** The Review sheet's columns, in order. The import finds them by these headers. */
export const REVIEW_COLUMNS = [
  'ID', 'Category', 'Card', 'Last four', 'Order', 'Amount', 'Effect on ERP bridge', 'Explanation', 'Resolution in force', 'Status',
  'Choices', 'Decision', 'Note', 'Reason code', 'Reviewer', 'Key', 'Fingerprint',
] as const;
export type ReviewColumn = (typeof REVIEW_COLUMNS)[number];
const col = (name: ReviewColumn) => REVIEW_COLUMNS.indexOf(name);
const EDITABLE: ReviewColumn[] = ['Decision', 'Note', 'Reason code', 'Reviewer'];
const HIDDEN: ReviewColumn[] = ['Key', 'Fingerprint'];

/** The choices a row's Decision column offers: accept (the default stands), defer, or each alternative. */
export function decisionChoices(category: Category): string[] {
  return ['accept', 'defer', ...RESOLUTIONS[category].slice(1).map((r) => `resolve:${r.code}`)];
}

/** What a choice means, in words (the Choices column). */
function choicesText(category: Category): string {
  const [first, ...rest] = RESOLUTIONS[category];
  return [`accept: ${first.label}`, 'defer: decide later (the default stands meanwhile)', ...rest.map((r) => `resolve:${r.code}: ${r.label}`)].join(' · ');
}

/** The figures and state of an exception the workbook showed, as they are compared when it comes back. */
export interface RowFigures {
  key: string;
  id: string;
  category: string;
  card: string | null;
  amount_cents: number;
  erp_effect_cents: number;
  resolution: string | null;
  status: string;
}

export function rowFigures(x: ExceptionItem): RowFigures {
  return {
    key: x.key, id: x.id, category: x.category, card: x.card ?? null, amount_cents: x.amount_cents, erp_effect_cents: x.erp_effect_cents ?? 0,
    resolution: x.resolution ?? null, status: x.status ?? 'open',
  };
}

/** A row's fingerprint: the SHA-256 of its figures and state, in a fixed order. */
export function fingerprint(f: RowFigures): string {
  return sha256Text(JSON.stringify([REVIEW_FORMAT, f.key, f.id, f.category, f.card, f.amount_cents, f.erp_effect_cents, f.resolution, f.status]));
}

const cents = (c: number) => ({ cents: c });

/** The workbook: the Review sheet, its About sheet, and the hidden Lists sheet its drop-downs read. */
export function buildReviewWorkbook(report: Report, settings: CaseSettings, head: AuditEntry | null, opts: { deflate?: NativeDeflate; at?: string } = {}): Uint8Array {
  const reasons = settings.reasonCodes ?? [...DEFAULT_REASON_CODES];
  const categories = CATEGORIES.filter((c) => report.exceptions.some((x) => x.category === c));
  const lists: XSheet = {
    name: LISTS_SHEET,
    headers: ['Reason code', ...categories],
    rows: Array.from({ length: Math.max(reasons.length, ...categories.map((c) => decisionChoices(c).length)) }, (_, i): XCell[] => [
      reasons[i] ?? null, ...categories.map((c) => decisionChoices(c)[i] ?? null),
    ]),
    hidden: true,
  };
  const listCol = (i: number) => String.fromCharCode(65 + i);
  const rowsOf = (pred: (x: ExceptionItem) => boolean) => report.exceptions.flatMap((x, i) => (pred(x) ? [i] : []));
  const review: XSheet = {
    name: REVIEW_SHEET,
    headers: [...REVIEW_COLUMNS],
    rows: report.exceptions.map((x): XCell[] => [
      x.id, x.category, x.card, x.last_four ?? null, x.order ?? null, cents(x.amount_cents), cents(x.erp_effect_cents ?? 0), x.explanation,
      x.resolution ?? null, x.status ?? 'open', choicesText(x.category), null, null, null, null, x.key, fingerprint(rowFigures(x)),
    ]),
    widths: [9, 22, 18, 9, 10, 12, 12, 70, 24, 10, 50, 30, 40, 30, 18, 40, 66],
    protection: { editable: EDITABLE.map(col) },
    hiddenColumns: HIDDEN.map(col),
    lists: [
      ...categories.map((c, i) => ({
        column: col('Decision'), rows: rowsOf((x) => x.category === c), source: `${LISTS_SHEET}!$${listCol(i + 1)}$2:$${listCol(i + 1)}$${decisionChoices(c).length + 1}`,
        title: 'Decision', prompt: 'accept, defer, or resolve with an alternative (the Choices column says what each means)',
      })),
      { column: col('Reason code'), rows: report.exceptions.map((_, i) => i), source: `${LISTS_SHEET}!$A$2:$A$${reasons.length + 1}`, title: 'Reason code', prompt: 'One of the case’s reason codes' },
    ],
  };
  const chain: ChainHead = head ? { seq: head.seq, hash: head.hash } : { seq: 0, hash: '0'.repeat(64) };
  const about: XSheet = {
    name: ABOUT_SHEET,
    headers: ['Item', 'Value'],
    rows: [
      ['Format', REVIEW_FORMAT],
      ['Period', `${report.period.start}..${report.period.end}`],
      ['Business time zone', report.period.timezone],
      ['Exported at', opts.at ?? new Date().toISOString()],
      ['Audit chain head', `${chain.seq} ${chain.hash}`],
      ['Exceptions', report.exceptions.length],
      ['How to', 'In the Review sheet, choose a Decision for the rows you decide, add a Note and a Reason code, and put your name under Reviewer. Leave other cells as they are: a row whose figures were edited is refused when the workbook comes back.'],
    ],
    widths: [22, 100],
    protection: { editable: [] },
  };
  return writeXlsx([review, about, lists], { deflate: opts.deflate });
}

/** One row of the Review sheet as read back: its cells by column name, as text or numbers. */
export interface ReviewRow {
  row: number;
  cells: Partial<Record<ReviewColumn, string | number | null>>;
}

export interface ReadWorkbook {
  about: { format: string | null; period: string | null; timezone: string | null; exportedAt: string | null; chainHead: ChainHead | null };
  rows: ReviewRow[];
}

/** Reads an edited review workbook; a workbook that is not one is refused in one line. */
export function readReviewWorkbook(name: string, bytes: Uint8Array): ReadWorkbook {
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, { type: 'array', cellFormula: false, cellHTML: false, cellStyles: false });
  } catch {
    throw new ReviewWorkbookError(`${name}: not a readable workbook`);
  }
  const sheet = wb.Sheets[REVIEW_SHEET];
  if (!sheet) throw new ReviewWorkbookError(`${name}: no sheet named '${REVIEW_SHEET}': not a review workbook exported by this app`);
  const table = XLSX.utils.sheet_to_json<(string | number | null)[]>(sheet, { header: 1, raw: true, defval: null, blankrows: true });
  const header = (table[0] ?? []).map((h) => String(h ?? '').trim());
  const missing = REVIEW_COLUMNS.filter((c) => !header.includes(c));
  if (missing.length) throw new ReviewWorkbookError(`${name}: the ${REVIEW_SHEET} sheet lacks the column${missing.length > 1 ? 's' : ''} ${missing.map((m) => `'${m}'`).join(', ')}`);
  const at = new Map(REVIEW_COLUMNS.map((c) => [c, header.indexOf(c)]));
  const rows: ReviewRow[] = [];
  table.slice(1).forEach((cells, i) => {
    if (!cells || cells.every((v) => v === null || v === '')) return;
    const out: ReviewRow['cells'] = {};
    for (const c of REVIEW_COLUMNS) {
      const v = cells[at.get(c)!];
      out[c] = typeof v === 'string' ? v.trim() || null : (v ?? null);
    }
    rows.push({ row: i + 2, cells: out });
  });
  return { about: readAbout(wb.Sheets[ABOUT_SHEET]), rows };
}

function readAbout(sheet: XLSX.WorkSheet | undefined): ReadWorkbook['about'] {
  const out: ReadWorkbook['about'] = { format: null, period: null, timezone: null, exportedAt: null, chainHead: null };
  if (!sheet) return out;
  for (const [k, v] of XLSX.utils.sheet_to_json<unknown[]>(sheet, { header: 1, raw: true, defval: null })) {
    const value = v === null || v === undefined ? null : String(v);
    if (k === 'Format') out.format = value;
    else if (k === 'Period') out.period = value;
    else if (k === 'Business time zone') out.timezone = value;
    else if (k === 'Exported at') out.exportedAt = value;
    else if (k === 'Audit chain head' && value) {
      const m = /^(\d+) ([0-9a-f]{64})$/.exec(value);
      if (m) out.chainHead = { seq: Number(m[1]), hash: m[2] };
    }
  }
  return out;
}

/** A workbook that cannot be read as a review workbook at all (as opposed to rows refused one by one). */
export class ReviewWorkbookError extends Error {}
