// The engine's surface as the hosts (the renderer's Web Worker, the command line, tests) call it.
// The implementations live in the pipeline modules; this file names the shapes they exchange.
import type { CaseSettings, Decision, FileRole, InputFile, Mapping, Progress, Report, System } from './types';
import type { NativeDeflate } from './report/xlsx-writer';

export interface RunRequest {
  files: InputFile[];
  settings: CaseSettings;
  mapping?: Mapping;
  decisions?: Decision[];
}

export interface RunHooks {
  onProgress?: (p: Progress) => void;
  /** Checked between chunks: an aborted run stops with an AbortError and leaves nothing half-made. */
  signal?: AbortSignal;
}

/** What the import screen shows for one file before (and after) a run. */
export interface FileInspection {
  role: FileRole;
  name: string;
  sha256: string;
  encoding: string;
  /** 'reference' when the headers match the reference layout (loosely), 'mapped' with a mapping, 'incomplete' otherwise. */
  layout: 'reference' | 'mapped' | 'incomplete';
  headers: string[];
  /** Reference column → the header it was found under (or null when missing). */
  columns: Record<string, string | null>;
  requiredMissing: string[];
  /** The first rows, as text, for the mapping editor's preview. */
  preview: string[][];
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

export type { CaseSettings, Decision, InputFile, Mapping, Progress, Report };

export interface AuditEntry {
  seq: number;
  at: string;
  user: string;
  action: string;
  detail: string;
  prev_hash: string;
  hash: string;
}

export interface ChainCheck {
  ok: boolean;
  /** Plain words: which entry was altered or removed, when not ok. */
  problem?: string;
}

/**
 * A reconciled case held in memory (a sql.js database plus its report). Created by `runCase` or `openCase`
 * in shared/engine.ts; the worker keeps one and answers the UI's questions from it.
 */
export interface EngineCase {
  readonly settings: CaseSettings;
  readonly report: Report;
  /** Records decisions (audit-logged with user and time) and recomputes balances, bridge and report at once. */
  decide(decisions: Decision[], action: string): Report;
  /** Every decision in force, in the order recorded. */
  decisions(): Decision[];
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
  quarantine(role: FileRole): { row: number; column: string | null; reason: string; raw: string }[];
  auditLog(): AuditEntry[];
  verifyChain(): ChainCheck;
  /** The case file bytes (sql.js export). */
  exportCase(): Uint8Array;
  /**
   * The case file bytes, for a host that is done with the case (the command line): the objects of the run are
   * let go before the sources are stored and the file is made, so they and the file are not held at once (at a
   * million events 0.5 GB of objects beside a 380 MB file). The case is closed after, as by close().
   */
  exportCaseAndClose(): Uint8Array;
  /** The workpapers workbook; `deflate`: a host's native deflate to compress it with (the command line's zlib). */
  workpapers(deflate?: NativeDeflate): Uint8Array;
  journalEntriesCsv(): string;
  platformCorrectionsCsv(): string;
  reportJson(): string;
  /**
   * Frees the case database. sql.js's memory is not garbage-collected: a host that replaces its case with a
   * new one closes the old one, or every re-run keeps another database (at a million events, ~450 MB of the
   * 2 GiB sql.js can address). The case cannot be used after.
   */
  close(): void;
}
