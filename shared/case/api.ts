// The engine's surface as the hosts (the renderer's Web Worker, the command line, tests) call it. The data
// shapes it exchanges are the engine's vocabulary (../types.ts); this file names the calls.
import type { AnalyticsRequest, HistoryWording } from '../analytics/prior-quarters';
import type { AnalyticsCarry, AnalyticsChange } from './analytics-inputs';
import type { ExceptionIdEntry } from '../reconstruct/exception-ids';
import type { PriorCarry } from '../close';
import type { GivenProfile } from '../import/choose-profile';
import type { NativeDeflate } from '../report/xlsx-writer';
import type { CloseCarry } from './close-book';
import type { CaseClosing } from './closing';
import type {
  AuditEntry,
  CaseSettings,
  ChainCheck,
  Decision,
  DriftPoint,
  FileRole,
  InputFile,
  Instrument,
  Mapping,
  PeriodCoverage,
  Progress,
  QuarantineEntry,
  QueryResult,
  RecordRef,
  Report,
  System,
  TimelineRow,
} from '../types';

export type { FilePeriod, PeriodCoverage, PeriodProposal } from '../types';

export interface RunRequest extends AnalyticsRequest {
  files: InputFile[];
  settings: CaseSettings;
  mapping?: Mapping;
  /** A profile per role to read its file with; roles without one are read by the profile their headers fit. */
  profiles?: Partial<Record<FileRole, GivenProfile>>;
  /**
   * Go on despite the plausibility problems the import finds (import/plausibility.ts): they are written into
   * report.json. Without it, a run with any stops with a PlausibilityError naming the first.
   */
  acceptWarnings?: boolean;
  decisions?: Decision[];
  /** The case of the quarter before (CaseClosing.nextCase, or the command line's --prior): its closing opens this one. */
  prior?: PriorCarry;
  /**
   * With `prior`: the prior case's close analytics inputs (CaseClosing.nextCase, analyticsCarry): its prior
   * quarters and its own platform export as one more, its card register and settings. `history` given replaces
   * the carried prior quarters; `register` and `analyticsSettings` given replace theirs. An `analytics` entry names each.
   */
  analyticsCarry?: AnalyticsCarry;
  /** A re-run's: the close of the case it replaces (materiality, sign-offs, evidence), voided where figures move. */
  close?: CloseCarry;
  /**
   * The exception ids a case has shown so far (EngineCase.exceptionIds()): a re-run keeps each finding's id, and
   * numbers new findings after the highest one ever given. Without it, ids start at EX-0001 in report order.
   */
  exceptionIds?: ExceptionId[];
  /** How a refused prior quarter is named: by the command line's flag (the default), or in words (the app). */
  historyWording?: HistoryWording;
}

/** An exception id as the case keeps it for its whole life: the finding's key, and the id first given to it. */
export type ExceptionId = ExceptionIdEntry;

export interface OpenOptions {
  /**
   * The audit log head an auditor kept (from a signed report.json or workpapers): 64 hex digits, or
   * `ENTRIES:HEAD`. A saved case whose log ends elsewhere fails its integrity check, saying so in one line.
   */
  keptHead?: string;
  /**
   * The command line's close-analytics flags given with --case: prior quarters added to those the case file holds
   * (one of the same name replaces it), a card register and settings replacing the stored ones. Where they change
   * what the case holds, the reopened case records them (an `analytics` entry by `system`).
   */
  analytics?: AnalyticsRequest;
  historyWording?: HistoryWording;
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** Checked between chunks: an aborted run stops with an AbortError and leaves nothing half-made. */
  signal?: AbortSignal;
}

/** What undo and redo would act on, by the label each action was recorded with. */
export interface DecisionHistory {
  canUndo: boolean;
  canRedo: boolean;
  undo?: string;
  redo?: string;
}

/**
 * A reconciled case held in memory (its case database, sql.js or DuckDB, plus its report). Created by `runCase` or `openCase`
 * (case/pipeline.ts); the worker keeps one and answers the UI's questions from it.
 */
export interface EngineCase {
  readonly settings: CaseSettings;
  readonly report: Report;
  /**
   * Records decisions (audit-logged with user and time) and recomputes balances, bridge and report at once.
   * Refused with an InputError (checkDecisions' reason, one line) when they would break an identity, take a
   * card below zero at any instant of its history, leave a difference no finding explains, name a resolution
   * that is not the exception's, a reason that is not one of the case's reason codes, or link rows that cannot
   * be one movement. Link, unlink and an omitted set chosen for a batch re-run the matching first.
   */
  decide(decisions: Decision[], action: string): Report;
  /** What decide() would do with these decisions, without recording anything: allowed or not, and why. */
  checkDecisions(decisions: Decision[]): DecisionCheck;
  /** Every resolution of an exception, each with whether it can be chosen now and, if not, why not. */
  resolutionOptions(key: string): ResolutionChoice[];
  /** Each decision, undo and redo the audit log records on an exception (also after reopening), oldest first. */
  evidence(key: string): DecisionEvidence[];
  /** Every exception id this case has given, retired ones included, in the order first given. */
  exceptionIds(): ExceptionId[];
  /** Every decision in force, in the order recorded. */
  decisions(): Decision[];
  /** The close: materiality, sign-offs, evidence, the next quarter's case, the review workbook (docs/formats.md §12). */
  closing(): CaseClosing;
  /**
   * Changes the close analytics' inputs (prior quarters, card register, settings): each file read and checked as
   * --history, --register and --analytics-settings are, the analytics made again, the change audit-logged as an
   * `analytics` entry and the files kept for the case file (docs/formats.md §10). Refused with an InputError in
   * one line (a quarter reaching into the period, two overlapping, a file that does not read, a bad setting),
   * leaving the case as it was.
   */
  changeAnalytics(change: AnalyticsChange, user: string): Promise<Report>;
  /** The close analytics' inputs the case holds: each file's name, SHA-256 and size, and the settings given. */
  analyticsInputs(): AnalyticsInputsView;
  /** The same with the files' bytes, as a run takes them: a re-run of the case keeps them. */
  analyticsRequest(): AnalyticsRequest;
  /**
   * Takes back the last action of this session (one decision, or a bulk action as a whole): every exception it
   * touched is as it was before. Logged as an undo entry; throws an InputError when there is nothing to undo.
   */
  undo(user: string, at?: string): Report;
  /** Brings back the action undone last, as it was. Logged as a redo entry; a new decision ends what can be redone. */
  redo(user: string, at?: string): Report;
  /** What undo and redo would act on now. The history belongs to this session: a reopened case starts without. */
  history(): DecisionHistory;
  /**
   * Writes the movements and builds the indexes that timeline and query look things up by, if not done yet
   * (both call it themselves; exportCase writes the movements too).
   * A host with idle time after a run calls it then, so the first look-up does not wait for them.
   */
  prepareLookups(): void;
  timeline(card: string | null, order?: string | null): TimelineRow[];
  /**
   * Any card's roll-forward (or a line with no known card): each system's lane with its running balance, the
   * reconstructed line with the movements behind it, and the findings on it, in the business time zone.
   */
  cardRollforward(line: CardLine): CardRollforward;
  /** How many of the case's in-scope rows fall in its period, with a loud warning when most do not. */
  coverage(): PeriodCoverage;
  drift(): DriftPoint[];
  /** Read-only SQL over the case database (SELECT/WITH/EXPLAIN only). */
  query(sql: string, limit?: number): QueryResult;
  quarantine(role: FileRole): QuarantineEntry[];
  auditLog(): AuditEntry[];
  verifyChain(): ChainCheck;
  /** The case file bytes (sql.js export). */
  exportCase(): Uint8Array;
  /**
   * The case file bytes, for a host that is done with the case (the command line): the objects of the run are
   * let go before the sources are stored and the file is made, so that they and the file are not held at once.
   * The case is closed after, as by close().
   */
  exportCaseAndClose(): Uint8Array;
  /**
   * Whether the case file is the engine's own database file (DuckDB), which saveCaseAndClose writes, rather than
   * bytes made by exportCase.
   */
  readonly savesToFile: boolean;
  /**
   * For an engine whose case file is its own database file (savesToFile): writes it complete at `path`, page by
   * page through the engine (never as one buffer), after letting the run's objects go, as exportCaseAndClose
   * does. The case is closed after.
   */
  saveCaseAndClose(path: string): void;
  /**
   * The canonical events and the decisions as Parquet in `dir`, with the rows each fallback rule was given, for
   * running the matching rules on another engine (docs/scale.md); the files written, relative to `dir`. DuckDB
   * only: sql.js throws an InputError.
   */
  exportParquet(dir: string): string[];
  /**
   * The workpapers workbook; `deflate`: a host's native deflate to compress it with (the command line's zlib).
   * Card numbers are masked (6006 49•• •••• 7890) unless `unmasked`.
   */
  workpapers(deflate?: NativeDeflate, options?: ExportOptions): Uint8Array;
  /** The correcting entries (CSV); card numbers masked unless `unmasked`. */
  journalEntriesCsv(options?: ExportOptions): string;
  /** The platform's balance corrections (CSV); card numbers masked unless `unmasked`. */
  platformCorrectionsCsv(options?: ExportOptions): string;
  reportJson(): string;
  /**
   * Frees the case database. sql.js's memory is not garbage-collected: a host that replaces its case with a
   * new one closes the old one, or every re-run keeps another database within the 2 GiB sql.js can address.
   * The case cannot be used after.
   */
  close(): void;
}

/** The close analytics' inputs a case holds, as the screen lists them. */
export interface AnalyticsInputsView {
  history: { name: string; sha256: string; size: number }[];
  register: { name: string; sha256: string; size: number } | null;
  settings: AnalyticsChange['settings'];
}

// ---- the review (issue #18): checks before a decision, every card's roll-forward, the evidence, the period ----

/** How an export shows card numbers: masked (`6006 49•• •••• 7890`) unless the auditor asks for them whole. */
export interface ExportOptions {
  unmasked?: boolean;
}

/** A card by its number, or a line of liability with no known card (an unactivated sale, a tender no card fits). */
export type CardLine = { card: string } | { card: null; instrument: Instrument; last_four?: string; order?: string };

/** What recording decisions would do, and whether they may be recorded. */
export interface DecisionCheck {
  ok: boolean;
  /** Why not, in plain words naming the card, the rows and the amounts (when not ok). */
  reason?: string;
  /** A resolution that can be recorded instead, where one exists (e.g. exclude only the part not yet spent). */
  alternative?: { key: string; resolution: string; label: string; why: string };
  /** What they would change (also when refused: what they would have done). */
  effect: DecisionEffect;
}

export interface DecisionEffect {
  reconstructed_before_cents: number;
  reconstructed_after_cents: number;
  /** Exceptions the decisions would add (by key, with the id they would get) and retire (by key). */
  added: { key: string; id: string; category: string; amount_cents: number }[];
  retired: string[];
  /** Cards (or card-less lines) whose closing would change, at most 50: before → after. */
  cards: { card: string | null; last_four: string | null; before_cents: number; after_cents: number }[];
  /** Exceptions whose resolution or status would change. */
  changed: number;
}

/** One resolution of an exception, as the review offers it. */
export interface ResolutionChoice {
  code: string;
  label: string;
  /** The category's default: what happened unless the auditor decides otherwise. */
  is_default: boolean;
  in_force: boolean;
  /** Whether choosing it now would be recorded; if not, why not, and what can be chosen instead. */
  allowed: boolean;
  reason?: string;
  alternative?: string;
  /** It needs rows chosen with it (Decision.records): `omitted_set`, the redemptions a batch line left out. */
  needs_records?: boolean;
}

/** One entry of the audit log about an exception: a decision on it, or an undo or redo of one. */
export interface DecisionEvidence {
  seq: number;
  at: string;
  user: string;
  action: Decision['action'] | 'undo' | 'redo';
  resolution?: string;
  /** The resolution's label, as the review shows it. */
  resolution_label?: string;
  note?: string;
  reason?: string;
  records?: RecordRef[];
  /** This is the decision in force on the exception now. */
  in_force: boolean;
}

/** A row of one system in a card's roll-forward. */
export interface LaneRow {
  system: System;
  ref: string;
  /** ISO instant, UTC. */
  at: string;
  /** The instant in the business time zone (an ERP line: its posting date). */
  local: string;
  business_date: string;
  type: string;
  amount_cents: number;
  /** The row's effect on the liability as its system records it. */
  effect_cents: number;
  /**
   * The balance after it as that system tells it: the platform's Balance After (null where the row states
   * none); for the ERP, the card's opening plus the ERP's lines for its movements so far (the ERP keeps no
   * balance per card, so this is where it is known); null for the storefront and the processor.
   */
  running_cents: number | null;
  in_period: boolean;
  movement_id: number | null;
  rule: string | null;
}

/** A movement on the reconstructed line, with the running balance after it. */
export interface RollforwardStep {
  movement_id: number;
  kind: string;
  /** issued, reloaded, redeemed, refunded, voided, adjusted, expired (docs/formats.md §7.2), or `correction`. */
  flow: string;
  at: string;
  local: string;
  business_date: string;
  /** What really happened, under the resolution in force. */
  effect_cents: number;
  /** Whether it counts in the period (its true instant's business date is in it). */
  counted: boolean;
  /** The line's balance after it (counted steps only change it). */
  running_cents: number;
  /** The rows behind it. */
  records: RecordRef[];
  /** The pairs in it that the auditor may unlink (Decision action `unlink`), each with the rule that made it. */
  links: { records: [RecordRef, RecordRef]; rule: string }[];
  /** The ids of the exceptions on it. */
  exceptions: string[];
}

export interface CardRollforward {
  card: string | null;
  instrument: Instrument;
  last_four: string | null;
  order: string | null;
  timezone: string;
  period: { start: string; end: string };
  opening_cents: number;
  closing_cents: number;
  platform_reported_cents: number;
  /** The card's opening plus the ERP's lines for its movements in the period. */
  erp_cents: number;
  /** The lowest the reconstructed balance went, and when (null: it never moved). */
  lowest: { cents: number; at: string } | null;
  lanes: Record<System, LaneRow[]>;
  /** The reconstructed line: each movement in the order of its true instant. */
  steps: RollforwardStep[];
  /** The exceptions on the card (or line), in report order. */
  exceptions: { id: string; key: string; category: string; amount_cents: number; status: string; resolution: string | null }[];
}
