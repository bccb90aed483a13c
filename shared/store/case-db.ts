// The case database as the case store sees it, whichever SQL engine holds it: sql.js (SQLite in WebAssembly, the
// app's engine and the default) or DuckDB (the command line's second engine, for quarters beyond sql.js's
// memory). Every call is synchronous, so the case and its session read the same on both engines.
import type { QueryResult } from '../types';
import type { Cell } from './direct-binder';

export type { Cell };

/** The SQL each engine speaks where they differ (the tables' DDL, indexes, temporary tables). */
export type Dialect = 'sqlite' | 'duckdb';

/** A value bound to or read from a statement: a cell, or a blob. */
export type SqlValue = Cell | Uint8Array;

/**
 * The case database's engine ran out of the memory it may use (DuckDB within its limit): a run or a reopening
 * stops on it as it is, never read as a file that is not a case. The host says how to give the engine more.
 */
export class EngineOutOfMemory extends Error {}

/** `err` itself where the engine ran out of memory, else `verdict`: what a reader of a saved case throws instead. */
export function unlessOutOfMemory(err: unknown, verdict: Error): Error {
  return err instanceof EngineOutOfMemory ? err : verdict;
}

/** The rows of a table added to the case file later: none in a file from before it was kept. */
export function rowsOfLaterTable(db: Pick<CaseDb, 'rows'>, sql: string, params?: SqlValue[]): SqlValue[][] {
  try {
    return db.rows(sql, params);
  } catch {
    return [];
  }
}

/** Rows into the named columns of one table, in bulk; finish writes what is left. */
export interface BulkWriter {
  /** Takes the row's values as it is called: the caller may fill the same array again for the next row. */
  add(row: Cell[]): void;
  finish(): void;
}

export interface CaseDb {
  readonly dialect: Dialect;
  /** Statements without parameters (one or several). */
  exec(sql: string): void;
  run(sql: string, params?: SqlValue[]): void;
  /** A query's rows; integers as numbers, blobs as bytes. */
  rows(sql: string, params?: SqlValue[]): SqlValue[][];
  /** A query of two integer columns, as [a, b] pairs in its order (the matching rules' candidate pairs). */
  pairs(sql: string, params?: Record<string, number>): [number, number][];
  /** A bulk load into the named columns of `table`; `repeated`: those of few distinct values. */
  bulk(table: string, columns: readonly string[], repeated?: readonly string[]): BulkWriter;
  /** Sets `columns` on the rows of `table` whose `key` is each row's first value (the rest: the columns' values). */
  update(table: string, key: string, columns: readonly string[], rows: Iterable<SqlValue[]>): void;
  /** A long text as this engine binds it best: the placeholder to write and the value to bind to it. */
  text(value: string): { placeholder: string; value: SqlValue };
  /** One statement that the engine itself refuses to let write; its rows up to `limit`. */
  readOnly(text: string, limit: number): QueryResult;
  /** The case file's bytes. */
  export(): Uint8Array;
  /** For an engine that writes Parquet (DuckDB): each query's rows as a Parquet file at its path. */
  toParquet?(files: { path: string; query: string }[]): void;
  /**
   * For an engine whose database is a file of its own (DuckDB): writes it complete at `path` and closes the
   * database; the file is the case file, written by the engine page by page, never held whole in memory.
   */
  saveTo?(path: string): void;
  /**
   * For an engine with a memory of its own beside the JavaScript heap (DuckDB): 'little' commits what it holds
   * to its file and keeps only a little cached, while the engine's JavaScript works alone (classify, replay,
   * report: a large run's peak); 'full' gives it its whole limit again before it next writes in bulk or joins.
   */
  useMemory?(use: 'little' | 'full'): void;
  close(): void;
}

/** An engine the case can live in: makes a new case database, and reads a saved one. */
export interface CaseEngine {
  readonly name: 'sqljs' | 'duckdb';
  /** The most input (all the files' bytes) a case in this engine holds; a larger quarter is refused before it is read. */
  readonly maxInputBytes: number;
  /**
   * Whether its databases write bulk rows on a thread of their own (DuckDB's worker), so that a case's events
   * are best loaded while the files are still being read. On sql.js, the read's own thread, a load interleaved
   * with the read was slower than one after it.
   */
  readonly loadsApart: boolean;
  /** A new, empty case database (no tables yet) for source files of `inputBytes` in all. */
  create(inputBytes: number): CaseDb;
  /** A saved case file's database, to read what it saved. */
  openSaved(bytes: Uint8Array): CaseDb;
}

/** An identifier as both engines read it, whatever it is named (DuckDB reserves `at`). */
export function quoteId(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
