// An edited review workbook coming back (docs/formats.md §12.4): every row read, and for each either a change (what,
// from, to, by whom) or a refusal with its reason — a row that changed in the case since the export, a figure
// edited in the workbook, a choice the exception does not offer, a reason code not in the case's list, no
// reviewer named. Nothing is applied until the changes are applied as one step, each decision naming the
// workbook and its SHA-256 (the workbook is kept in the case as their evidence).
import type { EvidenceRef, ReviewChange, ReviewPreview, ReviewRefusal } from '../close';
import { RESOLUTIONS } from '../classify/resolutions';
import { sha256Hex } from '../hash';
import { formatCents } from '../money';
import {
  decisionChoices,
  fingerprint,
  readReviewWorkbook,
  REVIEW_FORMAT,
  ReviewWorkbookError,
  rowFigures,
  type ReviewRow,
  type RowFigures,
} from '../report/review-workbook';
import { DEFAULT_REASON_CODES, InputError, type CaseSettings, type Decision, type ExceptionItem, type Report } from '../types';

/** What the workbook asks, row by row, against the case as it is now. Nothing is recorded. */
export function previewReview(name: string, bytes: Uint8Array, report: Report, settings: CaseSettings): ReviewPreview {
  let book;
  try {
    book = readReviewWorkbook(name, bytes);
  } catch (err) {
    if (err instanceof ReviewWorkbookError) throw new InputError(err.message);
    throw err;
  }
  const { about } = book;
  if (about.format !== REVIEW_FORMAT) throw new InputError(`${name}: its About sheet does not say it is a review workbook (${REVIEW_FORMAT})`);
  const period = `${report.period.start}..${report.period.end}`;
  if (about.period !== period || about.timezone !== report.period.timezone)
    throw new InputError(`${name} was exported from the case for ${about.period ?? '?'} (${about.timezone ?? '?'}), not this one (${period}, ${report.period.timezone})`);
  const byKey = new Map(report.exceptions.map((x) => [x.key, x]));
  const reasons = new Set(settings.reasonCodes ?? DEFAULT_REASON_CODES);
  const changes: ReviewChange[] = [];
  const refused: ReviewRefusal[] = [];
  let unchanged = 0;
  const seen = new Set<string>();
  for (const r of book.rows) {
    const out = readRow(r, byKey, reasons, seen);
    if (out === null) unchanged++;
    else if ('by' in out) changes.push(out);
    else refused.push(out);
  }
  return {
    workbook: { name, sha256: sha256Hex(bytes), size: bytes.length },
    exported: about.exportedAt && about.chainHead ? { at: about.exportedAt, chain_head: about.chainHead, period: about.period ?? '' } : null,
    changes, refused, unchanged,
  };
}

const text = (v: string | number | null | undefined): string | null => (v === null || v === undefined || v === '' ? null : String(v).trim() || null);

/** A row: a change, a refusal with its reason, or null when it asks nothing new. */
function readRow(r: ReviewRow, byKey: Map<string, ExceptionItem>, reasons: Set<string>, seen: Set<string>): ReviewChange | ReviewRefusal | null {
  const c = r.cells;
  const id = text(c.ID);
  const refuse = (reason: string): ReviewRefusal => ({ row: r.row, id, reason });
  const key = text(c.Key);
  const decision = text(c.Decision)?.toLowerCase() ?? null;
  const note = text(c.Note);
  const reason = text(c['Reason code']);
  const by = text(c.Reviewer);
  if (!decision) return note || reason ? refuse('a note or reason code is given but no decision') : null;
  if (!key) return refuse('the hidden Key column is empty: the row was not exported by this app or was altered');
  if (seen.has(key)) return refuse(`the exception ${id ?? key} appears in an earlier row too`);
  seen.add(key);
  const x = byKey.get(key);
  if (!x) return refuse(`no exception with this key is in the case (${key})`);
  const shown = shownFigures(c, key);
  const exported = text(c.Fingerprint);
  if (!shown || fingerprint(shown) !== exported) {
    const edited = shown ? differences(shown, rowFigures(x)) : ['a figure cell is not a number'];
    return refuse(`figures were edited in the workbook${edited.length ? ` (${edited.join('; ')})` : ''}: the row is refused as it is`);
  }
  const now = rowFigures(x);
  if (fingerprint(now) !== exported) return refuse(`the exception changed in the case since the export (${differences(shown, now).join('; ')})`);
  const choices = decisionChoices(x.category);
  if (!choices.includes(decision)) return refuse(`'${text(c.Decision)}' is not a choice for ${x.category} (${choices.join(', ')})`);
  if (reason && !reasons.has(reason)) return refuse(`'${reason}' is not one of the case's reason codes`);
  if (!by) return refuse('no reviewer is named in the Reviewer column');
  const action: Decision['action'] = decision === 'accept' ? 'accept' : decision === 'defer' ? 'defer' : 'resolve';
  const defaultCode = RESOLUTIONS[x.category][0].code;
  const resolution = action === 'resolve' ? decision.slice('resolve:'.length) : null;
  const to = { resolution: resolution ?? defaultCode, status: action === 'accept' ? 'accepted' : action === 'defer' ? 'deferred' : 'resolved' };
  if (to.status === now.status && to.resolution === now.resolution && !note && !reason) return null;
  return {
    row: r.row, id: x.id, key, category: x.category, action, resolution, note, reason, by,
    from: { resolution: now.resolution, status: now.status }, to,
  };
}

/** The figures the row shows (the hidden key with the visible cells), or null where a figure is not a number. */
function shownFigures(c: ReviewRow['cells'], key: string): RowFigures | null {
  const money = (v: string | number | null | undefined): number | null => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return null;
    const cents = Math.round(v * 100);
    return Math.abs(cents - v * 100) < 1e-6 ? cents : null;
  };
  const amount = money(c.Amount);
  const effect = money(c['Effect on ERP bridge']);
  if (amount === null || effect === null) return null;
  return {
    key, id: text(c.ID) ?? '', category: text(c.Category) ?? '', card: text(c.Card), amount_cents: amount, erp_effect_cents: effect,
    resolution: text(c['Resolution in force']), status: text(c.Status) ?? '',
  };
}

/** The fields two sets of figures differ in, in words. */
function differences(a: RowFigures, b: RowFigures): string[] {
  const out: string[] = [];
  const m = (v: number) => formatCents(v, { parens: false });
  if (a.id !== b.id) out.push(`ID ${a.id} → ${b.id}`);
  if (a.category !== b.category) out.push(`category ${a.category} → ${b.category}`);
  if (a.card !== b.card) out.push(`card ${a.card ?? '—'} → ${b.card ?? '—'}`);
  if (a.amount_cents !== b.amount_cents) out.push(`amount ${m(a.amount_cents)} → ${m(b.amount_cents)}`);
  if (a.erp_effect_cents !== b.erp_effect_cents) out.push(`effect on the ERP bridge ${m(a.erp_effect_cents)} → ${m(b.erp_effect_cents)}`);
  if (a.resolution !== b.resolution) out.push(`resolution ${a.resolution ?? '—'} → ${b.resolution ?? '—'}`);
  if (a.status !== b.status) out.push(`status ${a.status} → ${b.status}`);
  return out;
}

/**
 * Applies what the workbook asks (the same reading as its preview): the changes as one step, each decision by
 * the reviewer the row names, carrying the workbook as its evidence. The rows refused are not applied.
 */
export function applyReview(
  name: string,
  bytes: Uint8Array,
  report: Report,
  settings: CaseSettings,
  user: string,
  decide: (decisions: Decision[], label: string) => Report,
  keep: (name: string, bytes: Uint8Array) => EvidenceRef,
): { preview: ReviewPreview; applied: number } {
  const preview = previewReview(name, bytes, report, settings);
  if (!preview.changes.length) return { preview, applied: 0 };
  if (!user.trim()) throw new InputError('Say who imports the workbook');
  const evidence = keep(name, bytes);
  const at = new Date().toISOString();
  const decisions = preview.changes.map((c) => {
    const d: Decision = { key: c.key, action: c.action, user: c.by, at, evidence: [evidence] };
    if (c.resolution) d.resolution = c.resolution;
    if (c.note) d.note = c.note;
    if (c.reason) d.reason = c.reason;
    return d;
  });
  decide(decisions, `review workbook ${name} (SHA-256 ${preview.workbook.sha256.slice(0, 12)}…), imported by ${user.trim()}: ${decisions.length} change${decisions.length === 1 ? '' : 's'}`);
  return { preview, applied: decisions.length };
}
