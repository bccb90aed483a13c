// The messages between the UI and the engine worker. One table (EngineMethods) names every request,
// its parameters and its result; the client and the worker are both typed from it.
import type { AuditEntry, ChainCheck, DriftPoint, FileInspection, QueryResult, TimelineRow } from '../../../shared/api';
import type { CaseSettings, Decision, FileRole, Mapping, Progress, Report } from '../../../shared/types';

/** What the worker knows about a case after a run or an open. */
export interface CaseSnapshot {
  settings: CaseSettings;
  report: Report;
  drift: DriftPoint[];
}

export interface EngineMethods {
  /** Answers at once when the worker is free (used to tell a busy worker from an idle one). */
  ping: { params: null; result: 'pong' };
  /** Hands a file's bytes to the worker (transferred, not copied); the worker keeps it for inspect and run. */
  putFile: { params: { role: FileRole; name: string; bytes: ArrayBuffer }; result: { role: FileRole; size: number } };
  removeFile: { params: { role: FileRole }; result: null };
  inspect: { params: { role: FileRole; mapping?: Mapping }; result: FileInspection };
  /** Runs the engine on the files the worker holds. */
  run: { params: { settings: CaseSettings; mapping?: Mapping; decisions?: Decision[] }; result: CaseSnapshot };
  /** Opens a saved case file (bytes transferred). */
  open: { params: { bytes: ArrayBuffer }; result: CaseSnapshot };
  drift: { params: null; result: DriftPoint[] };
  decide: { params: { decisions: Decision[]; action: string }; result: Report };
  decisions: { params: null; result: Decision[] };
  timeline: { params: { card: string | null; order?: string | null }; result: TimelineRow[] };
  quarantine: { params: { role: FileRole }; result: { row: number; column: string | null; reason: string; raw: string }[] };
  query: { params: { sql: string; limit?: number }; result: QueryResult };
  auditLog: { params: null; result: AuditEntry[] };
  verifyChain: { params: null; result: ChainCheck };
  /** The case file bytes (transferred back). */
  exportCase: { params: null; result: ArrayBuffer };
  /** The case file as a Blob made in the worker: the page's thread never copies the bytes (autosave). */
  exportCaseBlob: { params: null; result: Blob };
  workpapers: { params: null; result: ArrayBuffer };
  journalEntriesCsv: { params: null; result: string };
  platformCorrectionsCsv: { params: null; result: string };
  reportJson: { params: null; result: string };
}

export type Method = keyof EngineMethods;
export type Params<M extends Method> = EngineMethods[M]['params'];
export type Result<M extends Method> = EngineMethods[M]['result'];

export type Request = { [M in Method]: { kind: 'call'; id: number; method: M; params: Params<M> } }[Method];
export interface CancelRequest {
  kind: 'cancel';
  id: number;
}
export type ToWorker = Request | CancelRequest;

export interface SerializedError {
  name: string;
  message: string;
  file?: string;
  row?: number;
  column?: string;
}

export type FromWorker =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  | { kind: 'progress'; id: number; progress: Progress }
  | { kind: 'ready' };

/** The part of a Worker (or a MessagePort, or a test fake) the client needs. */
export interface PortLike {
  postMessage(message: ToWorker, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromWorker>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate?(): void;
}

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const e = err as Error & { file?: string; row?: number; column?: string };
    const out: SerializedError = { name: e.name, message: e.message };
    if (e.file !== undefined) out.file = e.file;
    if (e.row !== undefined) out.row = e.row;
    if (e.column !== undefined) out.column = e.column;
    return out;
  }
  return { name: 'Error', message: String(err) };
}
