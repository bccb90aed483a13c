// The vocabulary of closing a quarter (docs/formats.md §12): sign-offs and the materiality they are judged
// against, evidence files on decisions, a case carried from the quarter before, and the review workbook that
// leaves the app and comes back. Shapes only; the work is in shared/case/ (signoff, close-book, prior…) and
// shared/report/ (review-workbook, close-sheets).
import type { Category, Decision, Instrument, RecordRef } from './types';

export type SignoffRole = 'preparer' | 'reviewer';

/** The audit log's head: its last entry's number and hash (64 zeros and 0 for an empty log). */
export interface ChainHead {
  seq: number;
  hash: string;
}

/** The figures a sign-off covers: when any of them moves, the sign-off is void. */
export interface SignedFigures {
  reconstructed_closing_cents: number;
  erp_closing_cents: number;
  platform_reported_closing_cents: number;
  bridge: { category: string; amount_cents: number; count: number }[];
  /** Exceptions without a decision, and the sum of their amounts (absolute). */
  open_exceptions: number;
  open_amount_cents: number;
  deferred_exceptions: number;
}

export interface Signoff {
  role: SignoffRole;
  name: string;
  /** ISO instant, and the audit entry that records it. */
  at: string;
  seq: number;
  /** The chain's head when it was signed: the entry before the one that records it. */
  chain_head: ChainHead;
  materiality_cents: number;
  figures: SignedFigures;
  /** Signed although open exceptions above the materiality remained, with a note saying why. */
  forced: boolean;
  note: string | null;
  status: 'active' | 'void' | 'withdrawn';
  /** Why it no longer stands: the entry that voided or withdrew it, and what moved. */
  ended: { seq: number; at: string; by: string; reason: string } | null;
}

/** An open exception above the materiality: what stops a sign-off unless forced. */
export interface MaterialItem {
  id: string;
  key: string;
  category: Category;
  amount_cents: number;
}

/** The close as a screen shows it and report.json states it (`signoffs`). */
export interface CloseStatus {
  materiality_cents: number;
  /** unsigned, prepared (a preparer's sign-off stands), reviewed (a reviewer's too). */
  status: 'unsigned' | 'prepared' | 'reviewed';
  /** Every sign-off, oldest first, with what ended the ones that no longer stand. */
  signoffs: Signoff[];
  /** The figures now, and the open exceptions above the materiality now. */
  figures: SignedFigures;
  material: MaterialItem[];
}

/** A file kept as evidence of a decision: stored in the case with its hash, listed by name and hash elsewhere. */
export interface EvidenceRef {
  name: string;
  sha256: string;
  size: number;
}

/** One evidence file as the case lists it: on which exception, with which decision (its entry), by whom. */
export interface EvidenceEntry extends EvidenceRef {
  key: string;
  exception_id: string | null;
  /** The decision's audit entry that names it. */
  seq: number;
  user: string;
  at: string;
}

// ---- the quarter before -----------------------------------------------------------------------------------

/** One closing line of the prior case: a card, or a liability with no known card (last four and order). */
export interface PriorCard {
  card: string | null;
  instrument: Instrument;
  closing_cents: number;
  /** What the platform itself held then (its last Balance After): where its next rows start from. */
  platform_cents: number;
  last_four?: string;
  order?: string;
}

/** An exception of the prior case that comes across: still open or deferred, or one whose other half comes later. */
export interface PriorItem {
  id: string;
  key: string;
  category: Category;
  card: string | null;
  last_four?: string;
  order?: string;
  amount_cents: number;
  erp_effect_cents: number;
  records: RecordRef[];
  explanation: string;
  resolution: string | null;
  status: string;
  /** The decision in force on it in the prior case, if any (its note and reason come along). */
  decision: Pick<Decision, 'action' | 'resolution' | 'note' | 'reason' | 'user' | 'at'> | null;
  /** The instant its movement counts at by default (ISO), and whether the prior period counted it. */
  at: string | null;
  counted: boolean;
  /** Why it came across: still open, deferred, or a timing item whose counterpart may arrive later. */
  carried: 'open' | 'deferred' | 'timing';
}

/**
 * What a new case takes from the case of the quarter before (docs/formats.md §12.3): the closing per card (its
 * opening), the items still open or deferred or waiting for their counterpart, and enough to re-perform the
 * continuity: the prior case file's SHA-256, its audit chain's head, its report's SHA-256.
 */
export interface PriorCarry {
  format: 'balance-forensics-prior/1';
  case_file: { name: string; sha256: string };
  chain_head: ChainHead;
  report_sha256: string;
  period: { start: string; end: string; timezone: string };
  currency: string;
  totals: { reconstructed_closing_cents: number; platform_reported_closing_cents: number; erp_closing_cents: number };
  close: { status: CloseStatus['status']; materiality_cents: number };
  cards: PriorCard[];
  items: PriorItem[];
}

/** report.json `prior` (docs/formats.md §12.3): the continuity from the quarter before, re-performable. */
export interface PriorSection {
  case_file: { name: string; sha256: string };
  chain_head: ChainHead;
  report_sha256: string;
  period: { start: string; end: string; timezone: string };
  prior_status: CloseStatus['status'];
  opening_cents: number;
  opening_lines: number;
  /** The ERP's opening journal against the prior case's ERP closing. */
  erp_opening: { erp_opening_cents: number; prior_erp_closing_cents: number; difference_cents: number };
  /**
   * Cards whose platform opening (this quarter's opening file, else its first rows) disagrees with the prior
   * closing: `carried` where the platform still holds what it held at the prior period end (a known
   * difference), `new` where it holds something else (a finding).
   */
  platform_opening: { basis: 'file' | 'rows'; cards: number; differences: PlatformOpeningDifference[] };
  items: PriorItemOutcome[];
}

export interface PlatformOpeningDifference {
  card: string;
  prior_closing_cents: number;
  prior_platform_cents: number;
  platform_opening_cents: number;
  kind: 'carried' | 'new';
}

export interface PriorItemOutcome {
  id: string;
  category: Category;
  card: string | null;
  last_four?: string;
  order?: string;
  amount_cents: number;
  carried: PriorItem['carried'];
  prior_status: string;
  prior_resolution: string | null;
  note: string | null;
  reason: string | null;
  /** completed: its counterpart arrived here (the exception that closes it); outstanding: not yet. */
  outcome: 'completed' | 'outstanding';
  counterpart: string | null;
}

// ---- the review workbook ---------------------------------------------------------------------------------

/** One row of an edited review workbook as the import reads it and what it would do. */
export interface ReviewChange {
  /** The spreadsheet row (header = 1). */
  row: number;
  id: string;
  key: string;
  category: string;
  /** What the row asks for: the decision's action and resolution, note, reason, and who decided. */
  action: Decision['action'];
  resolution: string | null;
  note: string | null;
  reason: string | null;
  by: string;
  /** The exception's resolution and status now, and what they would be. */
  from: { resolution: string | null; status: string };
  to: { resolution: string | null; status: string };
}

export interface ReviewRefusal {
  row: number;
  id: string | null;
  reason: string;
}

export interface ReviewPreview {
  workbook: { name: string; sha256: string; size: number };
  /** The case and the moment it was exported from (from the workbook's About sheet). */
  exported: { at: string; chain_head: ChainHead; period: string } | null;
  changes: ReviewChange[];
  refused: ReviewRefusal[];
  /** Rows read with nothing asked (no decision given) or asking what is already in force. */
  unchanged: number;
}
