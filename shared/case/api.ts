// The engine's surface as the hosts (the renderer's Web Worker, the command line, tests) call it. The data
// shapes it exchanges are the engine's vocabulary (../types.ts); this file names the calls.
import type { AnalyticsRequest } from '../analytics/prior-quarters';
import type { GivenProfile } from '../import/choose-profile';
import type { NativeDeflate } from '../report/xlsx-writer';
import type {
  AuditEntry,
  CaseSettings,
  ChainCheck,
  Decision,
  DriftPoint,
  FileRole,
  InputFile,
  Mapping,
  Progress,
  QuarantineEntry,
  QueryResult,
  Report,
  TimelineRow,
} from '../types';

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
}

export interface OpenOptions {
  /**
   * The audit log head an auditor kept (from a signed report.json or workpapers): 64 hex digits, or
   * `ENTRIES:HEAD`. A saved case whose log ends elsewhere fails its integrity check, saying so in one line.
   */
  keptHead?: string;
  /** The close analytics' prior quarters, register and settings, as a run takes them: not stored in the case file. */
  analytics?: AnalyticsRequest;
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
 * A reconciled case held in memory (a sql.js database plus its report). Created by `runCase` or `openCase`
 * (case/pipeline.ts); the worker keeps one and answers the UI's questions from it.
 */
export interface EngineCase {
  readonly settings: CaseSettings;
  readonly report: Report;
  /** Records decisions (audit-logged with user and time) and recomputes balances, bridge and report at once. */
  decide(decisions: Decision[], action: string): Report;
  /** Every decision in force, in the order recorded. */
  decisions(): Decision[];
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
  /** The workpapers workbook; `deflate`: a host's native deflate to compress it with (the command line's zlib). */
  workpapers(deflate?: NativeDeflate): Uint8Array;
  journalEntriesCsv(): string;
  platformCorrectionsCsv(): string;
  reportJson(): string;
  /**
   * Frees the case database. sql.js's memory is not garbage-collected: a host that replaces its case with a
   * new one closes the old one, or every re-run keeps another database within the 2 GiB sql.js can address.
   * The case cannot be used after.
   */
  close(): void;
}
