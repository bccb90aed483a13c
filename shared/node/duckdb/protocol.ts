// What the case database's calling thread and its DuckDB worker (worker.ts) say to each other. Every request
// gets one reply, in order; `seq` numbers them.
import type { QueryResult } from '../../types';
import type { SqlValue } from '../../store/case-db';
import type { ColumnKind, EncodedColumn } from './columns';

export interface OpenOptions {
  /** The database file; created if missing. */
  path: string;
  readOnly: boolean;
  /** DuckDB's memory limit (e.g. '2GB'): past it, DuckDB spills to its temporary folder rather than failing. */
  memoryLimit?: string;
  /** Where it spills (DuckDB's default: the database file's name with .tmp). */
  tempDirectory?: string;
  threads?: number;
}

export type Request =
  | { op: 'open'; options: OpenOptions }
  | { op: 'exec'; sql: string }
  | { op: 'run'; sql: string; params: SqlValue[] }
  | { op: 'rows'; sql: string; params: SqlValue[] }
  | { op: 'pairs'; sql: string; params: Record<string, number> }
  | { op: 'readOnly'; sql: string; limit: number }
  /** `repeated`: the columns of few distinct values, sent as codes into a dictionary. */
  | { op: 'bulkBegin'; id: number; table: string; columns: readonly string[]; repeated: readonly string[] }
  /** Rows for a bulk load, column by column (columns.ts). */
  | { op: 'bulkRows'; id: number; count: number; columns: EncodedColumn[] }
  | { op: 'bulkEnd'; id: number }
  | { op: 'checkpoint' }
  | { op: 'close' };

export type Op = Request['op'];

/** What each request answers. */
export interface Answers {
  open: null;
  exec: null;
  run: null;
  rows: SqlValue[][];
  /** The pairs as two columns. */
  pairs: { a: Int32Array; b: Int32Array };
  readOnly: QueryResult;
  /** How each column's rows are to be sent. */
  bulkBegin: ColumnKind[];
  bulkRows: null;
  bulkEnd: null;
  checkpoint: null;
  close: null;
}

export type Reply = { seq: number; ok: true; value: unknown } | { seq: number; ok: false; error: string };
