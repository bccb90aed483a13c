// The engine's public vocabulary: every part of the app (worker, command line, tests, UI) speaks these types.
// Money is always integer cents (number, safe to ±2^53) — never a float amount.
import type { CloseStatus, EvidenceEntry, EvidenceRef, PriorSection, Signoff } from './close';

export const SYSTEMS = ['platform', 'storefront', 'payments', 'erp'] as const;
export type System = (typeof SYSTEMS)[number];
/** A file's role in a case: one of the four systems, or the optional opening balances. */
export type FileRole = System | 'opening';
export const FILE_ROLES: readonly FileRole[] = [...SYSTEMS, 'opening'];

export type Instrument = 'gift_card' | 'store_credit';

export const CATEGORIES = [
  'ACTIVATION_LAG',
  'UNACTIVATED_SALE',
  'UNPAID_ACTIVATION',
  'MISSING_IN_PLATFORM',
  'VOID_NOT_PROPAGATED',
  'DUPLICATE',
  'MANUAL_OVERRIDE',
  'MISSING_IN_ERP',
  'ERP_ONLY_ENTRY',
  'AMOUNT_MISMATCH',
  'CUTOFF',
  'BALANCE_CHAIN_BREAK',
] as const;
export type Category = (typeof CATEGORIES)[number];

/** The categories in plain words, as the screens and the workpapers name them. */
export const CATEGORY_LABELS: Readonly<Record<Category, string>> = {
  ACTIVATION_LAG: 'Activation lag',
  UNACTIVATED_SALE: 'Unactivated sale',
  UNPAID_ACTIVATION: 'Unpaid activation',
  MISSING_IN_PLATFORM: 'Missing in platform',
  VOID_NOT_PROPAGATED: 'Void not propagated',
  DUPLICATE: 'Duplicate',
  MANUAL_OVERRIDE: 'Manual override',
  MISSING_IN_ERP: 'Missing in ERP',
  ERP_ONLY_ENTRY: 'ERP-only entry',
  AMOUNT_MISMATCH: 'Amount mismatch',
  CUTOFF: 'Cut-off',
  BALANCE_CHAIN_BREAK: 'Balance chain break',
};

/** The settings of a case: everything besides the files and the decisions that decides the numbers. */
export interface CaseSettings {
  /** Inclusive business dates, YYYY-MM-DD. */
  periodStart: string;
  periodEnd: string;
  /** IANA time zone deciding business days, e.g. America/New_York. */
  timezone: string;
  /** The system whose ledger is taken as what a customer can spend. */
  authoritative: 'platform' | 'storefront';
  /** A sale activated later than this is ACTIVATION_LAG. */
  lagToleranceMinutes: number;
  /** Differences at or under this may be auto-settled in bulk by the auditor. */
  autoSettleToleranceCents: number;
  /**
   * The ERP's liability accounts: each an account-number prefix (`2410`) or an account name (`Store Credit
   * Liability`), with its instrument after `=` (`2410=gift_card`) or read from the account's name; never from its
   * place in the list (import/liability-accounts.ts).
   */
  liabilityAccounts: string[];
  /** Weekly drift alert threshold for the overview, in cents (absolute). */
  driftAlertCents: number;
  /** ISO currency of the case; detected from the platform export when not given. */
  currency?: string;
  /** The reasons a decision may give (Decision.reason), editable per case; DEFAULT_REASON_CODES when not given. */
  reasonCodes?: string[];
  /**
   * The account each category's correcting entry offsets the liability against (journal_entries.csv), e.g.
   * `1290 Gift Card Sales Clearing`; DEFAULT_OFFSET_ACCOUNTS for a category not given.
   */
  offsetAccounts?: Partial<Record<Category, string>>;
}

export const DEFAULT_REASON_CODES: readonly string[] = [
  'Confirmed with platform support',
  'Confirmed against the storefront order',
  'Confirmed against the processor payout',
  'Confirmed with the ERP journal owner',
  'Timing — reverses next period',
  'Immaterial',
  'Known integration fault (ticket raised)',
  'Corrected in the source system',
  'Per management representation',
];

/**
 * Where each category's correcting entry goes besides the liability: the nature of what it corrects, in a
 * chart of accounts the auditor edits per case. Suspense where the other side needs review.
 */
export const DEFAULT_OFFSET_ACCOUNTS: Readonly<Record<Category, string>> = {
  ACTIVATION_LAG: '1290 Gift Card Sales Clearing',
  UNACTIVATED_SALE: '1290 Gift Card Sales Clearing',
  UNPAID_ACTIVATION: '1290 Gift Card Sales Clearing',
  MISSING_IN_PLATFORM: '4010 Gift Card Redemptions Clearing',
  VOID_NOT_PROPAGATED: '4010 Gift Card Redemptions Clearing',
  DUPLICATE: '6990 Reconciliation Suspense',
  MANUAL_OVERRIDE: '6960 Customer Goodwill Credits',
  MISSING_IN_ERP: '4010 Gift Card Redemptions Clearing',
  ERP_ONLY_ENTRY: '6990 Reconciliation Suspense',
  AMOUNT_MISMATCH: '6990 Reconciliation Suspense',
  CUTOFF: '4010 Gift Card Redemptions Clearing',
  BALANCE_CHAIN_BREAK: '6990 Reconciliation Suspense',
};

export const DEFAULT_SETTINGS: Omit<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'> = {
  authoritative: 'platform',
  lagToleranceMinutes: 60,
  autoSettleToleranceCents: 100,
  liabilityAccounts: ['2410', '2420'],
  driftAlertCents: 100_000,
};

/** A file handed to the engine: the bytes, never a path (the host reads the file). */
export interface InputFile {
  role: FileRole;
  name: string;
  /**
   * The file's bytes. The engine takes them twice, to import the file and to store it in the case file at
   * export, and keeps no copy in between: a host that can read the file again (the command line, from disk)
   * may give a getter that does, so that the sources (as large as the whole input) are not held through the run.
   * Such a getter must give the same bytes each time, or throw.
   */
  readonly bytes: Uint8Array;
  /** The byte length, where `bytes` is a getter that reads: progress and the database's room need no read. */
  readonly size?: number;
  /**
   * The SHA-256 (hex) of the bytes `bytes` last gave, where the host computed it as it read them (the command
   * line checks each read against the first): the import takes it instead of hashing the file again.
   */
  readonly sha256?: string;
}

/** A file's byte length, without reading it where the host gave its size. */
export function fileSize(f: InputFile): number {
  return f.size ?? f.bytes.length;
}

/** For each role: reference column name → the header in the user's file (docs/formats.md §3). */
export type Mapping = Partial<Record<FileRole, Record<string, string>>>;

export interface QuarantinedRow {
  /** Row number as a spreadsheet shows it: the header is row 1, the first data row is row 2. */
  row: number;
  column: string | null;
  reason: string;
}

/** A money column's control total over every row read (docs/formats.md §5.1): what the source system's own total ties to. */
export interface MoneyTotal {
  /** The reference column (Amount, Debit…) and the header it was read under. */
  column: string;
  header: string;
  total_cents: number;
  /** Cells read as amounts, and cells that held something else (those rows are quarantined). */
  cells: number;
  unreadable: number;
}

/** The import profile a file was read with (report.json inputs[].profile). */
export interface ProfileUsed {
  id: string;
  name: string;
  version: number;
  /** Chosen by its header signature (a preset or the reference layout), not given. */
  detected: boolean;
}

export interface InputSummary {
  system: FileRole;
  file: string;
  sha256: string;
  /** Rows read below and above the header (blank rows aside): imported + out_of_scope + quarantined. */
  rows: number;
  /** Rows that became events or opening balances (in scope or not). */
  imported: number;
  /** Of the imported events, those that may move the liability (scope 1). */
  in_scope?: number;
  /** Rows set aside by the profile before they became events (a title block, a payout, a card payment…). */
  out_of_scope?: number;
  /** Why, with how many rows each. */
  out_of_scope_reasons?: Record<string, number>;
  quarantined: number;
  quarantine: QuarantinedRow[];
  /** The profile the file was read with, and the header's row. */
  profile?: ProfileUsed;
  header_row?: number;
  /** Plausibility warnings the run went on despite (accepted by the user). */
  warnings?: string[];
  /** 'reference', 'mapped' (a mapping or a profile that only renames columns) or 'profile'; the encoding used. */
  layout?: string;
  encoding?: string;
  /** Per money column, its total over every row read, as written in the file. */
  money?: MoneyTotal[];
  /** What the reader found and how it read it (a sheet chosen, decimal commas, rows split at a stray line end). */
  notes?: string[];
}

export interface BridgeLine {
  category: Category | string;
  amount_cents: number;
  count: number;
}

export interface Rollforward {
  opening_cents: number;
  issued_cents: number;
  reloaded_cents: number;
  redeemed_cents: number;
  refunded_cents: number;
  voided_cents: number;
  adjusted_cents: number;
  expired_cents: number;
  closing_cents: number;
}

export interface CardBalance {
  card: string | null;
  instrument: Instrument;
  reconstructed_cents: number;
  platform_reported_cents: number;
  last_four?: string;
  order?: string;
}

export interface RecordRef {
  system: System;
  ref: string;
}

export interface ExceptionItem {
  id: string;
  category: Category;
  card: string | null;
  amount_cents: number;
  records: RecordRef[];
  explanation: string;
  suggested_resolution: string;
  /** Effect on the bridge from the ERP (reconstructed − ERP), in cents, under the chosen resolution. */
  erp_effect_cents?: number;
  /** Effect on the platform's reported balance (reconstructed − platform), in cents. */
  platform_effect_cents?: number;
  /** Stable key that survives re-runs: decisions refer to it. */
  key: string;
  last_four?: string;
  order?: string;
  /** Tolerant candidates the auditor may want to look at; never matched automatically. */
  suggestions?: RecordRef[];
  /** The resolution in force: the default or the auditor's decision. */
  resolution?: string;
  status?: 'open' | 'accepted' | 'resolved' | 'deferred';
  /** In a case carried from a prior one: the prior item this exception completes (its id there). */
  prior_item?: string;
}

export interface Report {
  period: { start: string; end: string; timezone: string };
  inputs: InputSummary[];
  liability: {
    reconstructed_closing_cents: number;
    by_instrument: Record<Instrument, number>;
    platform_reported_closing_cents: number;
    erp_closing_cents: number;
    rollforward: Rollforward;
    bridge: BridgeLine[];
  };
  cards: CardBalance[];
  exceptions: ExceptionItem[];
  matching: { matched_groups: number; by_rule: Record<string, number> };
  /** Data-quality notes (e.g. unbalanced journals) and whether auditor decisions changed the numbers. */
  notes?: string[];
  decisions_applied?: number;
  /** The close (docs/formats.md §12), each only once used: the sign-offs, the evidence files, the prior case. */
  signoffs?: { materiality_cents: number; status: CloseStatus['status']; entries: Signoff[] };
  evidence?: EvidenceEntry[];
  prior?: PriorSection;
  /**
   * The close analytics: aging, breakage, escheat exposure, the disclosure roll-forward (docs/analytics.md).
   * Typed as ReportAnalytics in shared/analytics/case-analytics.ts (read it with reportAnalytics()).
   */
  analytics?: object;
  /** The audit log's seal when the report was made (docs/formats.md §5.1); last, so that the rest reads as before. */
  audit_seal?: AuditSeal;
}

/**
 * An auditor's decision, recorded in the audit log with user and time: on one exception (accept, resolve,
 * defer), or on matching itself (link two rows the rules did not pair, unlink two they did).
 */
export interface Decision {
  /** The exception's stable key; for link and unlink, linkKey(records[0], records[1]). */
  key: string;
  action: 'accept' | 'resolve' | 'defer' | 'link' | 'unlink';
  /** For 'resolve': the resolution chosen, one of the exception's (EngineCase.resolutionOptions). */
  resolution?: string;
  /** link, unlink: the two rows; resolve with `omitted_set`: the redemptions the batch line left out. */
  records?: RecordRef[];
  note?: string;
  /** One of the case's reason codes (CaseSettings.reasonCodes). */
  reason?: string;
  /** Files kept as its evidence (stored in the case by their SHA-256: EngineCase.closing().putEvidence). */
  evidence?: EvidenceRef[];
  user: string;
  at: string;
}

/** One profile or layout tried on a file's header rows (detect.ts), as the import screen shows it. */
export interface DetectionCandidate {
  id: string;
  name: string;
  role: FileRole;
  kind: 'preset' | 'reference' | 'profile';
  /** Share of the signature's headers found in the header row (0-1). */
  score: number;
  /** How many of the signature's headers were found, of how many. */
  matched: number;
  of: number;
  /** The physical row holding the header (or the row that came closest). */
  headerRow: number;
  /** Whether the share reaches the profile's minimum (and, for a reference layout, every required column is there). */
  fits: boolean;
  /** Signature headers the row lacks. */
  missing: string[];
}

/** How a file's profile was chosen: the best candidate by header signature, every candidate ranked, or why none fits. */
export interface DetectionView {
  best: { id: string; name: string; kind: 'preset' | 'reference' | 'profile'; score: number; headerRow: number } | null;
  candidates: DetectionCandidate[];
  refusal: string | null;
}

/** A file's rows by outcome (report.json's inputs[] counts). */
export interface ImportCounts {
  rows: number;
  imported: number;
  in_scope: number;
  out_of_scope: number;
  out_of_scope_reasons: Record<string, number>;
  quarantined: number;
}

/** What the import screen shows for one file before (and after) a run. */
export interface FileInspection {
  role: FileRole;
  name: string;
  sha256: string;
  encoding: string;
  /**
   * 'reference' when the headers match the reference layout (loosely), 'mapped' with a mapping (or a profile that
   * only renames columns), 'profile' when a profile reads it row by row, 'incomplete' when required columns lack.
   */
  layout: 'reference' | 'mapped' | 'incomplete' | 'profile';
  headers: string[];
  /** Reference column → the header it was found under (or null when missing); under a profile, the columns it reads. */
  columns: Record<string, string | null>;
  requiredMissing: string[];
  /** Optional columns the engine reads that the file lacks, each with what the run loses without it. */
  missingOptional?: { column: string; cost: string }[];
  /** The first rows, as text, for the mapping editor's preview. */
  preview: string[][];
  /** The profile that reads the file (its JSON, for "copy and edit"), and how it was chosen. */
  profile?: ProfileUsed & { sha256: string; json: unknown };
  detection?: DetectionView;
  /** The header's row as a spreadsheet shows it (below any title block). */
  headerRow?: number;
  /** The file read as the run would read it (settings as given, or the defaults): its counts, notes and problems. */
  counts?: ImportCounts;
  notes?: string[];
  /** What would stop the run (no silent misreads): one line each, naming the file and the fix. */
  problems?: { kind: string; message: string }[];
  /** Why the file cannot be read as it stands (one line), when it cannot. */
  error?: string;
}

/** One row of a card's cross-system timeline (the four lanes of the exception detail). */
export interface TimelineRow {
  system: System;
  ref: string;
  at: string; // ISO instant (UTC)
  business_date: string;
  type: string;
  amount_cents: number;
  liability_cents: number;
  group_id: number | null;
  rule: string | null;
  in_period: boolean;
}

/** Cumulative divergence at the end of each week of the period. */
export interface DriftPoint {
  week_end: string; // YYYY-MM-DD business date
  erp_cents: number;
  platform_cents: number;
  reconstructed_cents: number;
  /** reconstructed − ERP, cumulative */
  erp_drift_cents: number;
  /** reconstructed − platform, cumulative */
  platform_drift_cents: number;
}

export interface QueryResult {
  columns: string[];
  rows: (string | number | null)[][];
  truncated: boolean;
}

/** One quarantined row as the case keeps it: where it was, why, and its text as read. */
export interface QuarantineEntry {
  row: number;
  column: string | null;
  reason: string;
  raw: string;
}

export interface AuditEntry {
  seq: number;
  at: string;
  user: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

/** The seal of an audit log: its number of entries and the hash of its last entry (its head). */
export interface AuditSeal {
  entries: number;
  head: string;
}

/**
 * A case's integrity: its audit log's chain, and, for a reopened case, its stored files, settings and decisions
 * checked against what the log records (docs/formats.md §10).
 */
export interface ChainCheck {
  ok: boolean;
  /** Every problem found, each in plain words: which entry, setting, file or decision. */
  problems: string[];
  /** The problems as one text, when not ok. */
  problem?: string;
  /** The log's seal as it stands: compare its head with one kept from report.json or the workpapers. */
  seal: AuditSeal;
  /** A case opened with problems is read-only: no decision, undo or redo is taken. */
  readOnly: boolean;
}

/** Progress of a long run, reported by the engine's callbacks. */
export interface Progress {
  stage: 'read' | 'import' | 'match' | 'classify' | 'reconstruct' | 'report';
  done: number;
  total: number;
  /** Rows per second in the current stage, where known. */
  rate?: number;
  file?: string;
}

/** Bad input that stops a run: a one-line message naming the file, the row and the column. */
export class InputError extends Error {
  constructor(
    message: string,
    readonly file?: string,
    readonly row?: number,
    readonly column?: string,
  ) {
    super(message);
    this.name = 'InputError';
  }
}

/** The business dates one file covers, as read before a run (in the proposed zone). */
export interface FilePeriod {
  role: FileRole;
  name: string;
  /** Rows with a date read. */
  rows: number;
  first: string | null;
  last: string | null;
  /** The UTC offsets its timestamps state (`-04:00`, `Z`…), as written; empty for dates without a time. */
  offsets: string[];
}

/** A period and time zone proposed from the files (the Import and Case screens, the command line). */
export interface PeriodProposal {
  files: FilePeriod[];
  /** The calendar quarter most dated rows fall in; null when no file has a date. */
  period: { start: string; end: string } | null;
  /** An IANA zone whose offsets agree with every offset the files state; null when they state none but Z. */
  timezone: string | null;
  /** How the zone was found (or why it could not be), in plain words. */
  zone_basis: string;
  /** For the settings asked about: how many dated rows fall in their period. */
  coverage?: PeriodCoverage;
}

export interface PeriodCoverage {
  period: { start: string; end: string };
  timezone: string;
  /** In-scope rows (dated rows, before a run) whose business date is in the period, and all of them. */
  in_period: number;
  rows: number;
  /** Set when most rows fall outside the period: the run's numbers then say almost nothing. */
  warning: string | null;
}
