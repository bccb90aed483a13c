// The case database in DuckDB, the command line's second engine (--engine duckdb): for quarters beyond what sql.js
// holds in its WebAssembly memory. The same tables as in sql.js (store/schema.ts gives each engine's DDL), the
// same rules' SQL, called synchronously through a worker thread (channel.ts, worker.ts). The database is a file
// from the start, in a working folder, and becomes the case file itself when the case is saved: written by
// DuckDB page by page, never built in memory as one buffer. Past its memory limit DuckDB spills to a temporary
// folder beside that file rather than failing.
import { copyFileSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BulkWriter, CaseDb, CaseEngine, Cell, SqlValue } from '../../store/case-db';
import { quoteId } from '../../store/case-db';
import type { QueryResult } from '../../types';
import { DuckDbChannel } from './channel';
import type { OpenOptions } from './protocol';

/** Rows sent to the worker at a time in a bulk load (eight of DuckDB's vectors). */
const BATCH = 16_384;

export interface DuckDbOptions {
  /** The folder for case databases being made (and DuckDB's spill folders beside them). */
  dir: string;
  /** DuckDB's memory limit, e.g. '2GB' (its default: 80 % of the machine's memory). */
  memoryLimit?: string;
  threads?: number;
}

/** Whether `bytes` begin a DuckDB database file (its header names it at bytes 8 to 11). */
export function isDuckDbFile(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'DUCK';
}

export class DuckDb implements CaseDb {
  readonly dialect = 'duckdb' as const;
  private bulks = 0;
  private closed = false;

  private constructor(
    private readonly channel: DuckDbChannel,
    /** The database file. */
    readonly path: string,
    /** Whether the file is this object's to delete when closed unsaved (a case being made, a copy being read). */
    private readonly owned: boolean,
  ) {}

  static open(options: OpenOptions, owned: boolean): DuckDb {
    const channel = new DuckDbChannel();
    try {
      channel.call({ op: 'open', options });
    } catch (err) {
      channel.end();
      throw err;
    }
    return new DuckDb(channel, options.path, owned);
  }

  exec(sql: string): void {
    this.channel.call({ op: 'exec', sql });
  }

  run(sql: string, params: SqlValue[] = []): void {
    this.channel.call({ op: 'run', sql, params });
  }

  rows(sql: string, params: SqlValue[] = []): SqlValue[][] {
    return this.channel.call({ op: 'rows', sql, params });
  }

  pairs(sql: string, params: Record<string, number> = {}): [number, number][] {
    const { a, b } = this.channel.call({ op: 'pairs', sql, params });
    const out: [number, number][] = new Array(a.length);
    for (let i = 0; i < a.length; i++) out[i] = [a[i], b[i]];
    return out;
  }

  bulk(table: string, columns: readonly string[]): BulkWriter {
    return new DuckBulk(this.channel, ++this.bulks, table, columns);
  }

  /** The rows' new values go to a temporary table first, then into `table` in one UPDATE joined by key. */
  update(table: string, key: string, columns: readonly string[], all: Iterable<SqlValue[]>): void {
    const temp = `update_${++this.bulks}`;
    const names = [key, ...columns];
    this.exec(`CREATE TEMP TABLE ${temp} AS SELECT ${names.map(quoteId).join(', ')} FROM ${table} LIMIT 0`);
    try {
      const put = this.bulk(`temp.${temp}`, names);
      for (const row of all) put.add(row as Cell[]);
      put.finish();
      const set = columns.map((c) => `${quoteId(c)} = u.${quoteId(c)}`).join(', ');
      this.exec(`UPDATE ${table} SET ${set} FROM temp.${temp} u WHERE ${table}.${quoteId(key)} = u.${quoteId(key)}`);
    } finally {
      this.exec(`DROP TABLE IF EXISTS temp.${temp}`);
    }
  }

  text(value: string): { placeholder: string; value: SqlValue } {
    return { placeholder: '?', value };
  }

  readOnly(text: string, limit: number): QueryResult {
    return this.channel.call({ op: 'readOnly', sql: text, limit });
  }

  /** The database file's bytes, made whole first (a checkpoint); for a host that takes a case file as bytes. */
  export(): Uint8Array {
    this.channel.call({ op: 'checkpoint' });
    return new Uint8Array(readFileSync(this.path));
  }

  saveTo(path: string): void {
    this.channel.call({ op: 'checkpoint' });
    this.shut();
    try {
      renameSync(this.path, path);
    } catch {
      // Another file system: copied, then the working file goes.
      copyFileSync(this.path, path);
      rmSync(this.path, { force: true });
    }
  }

  close(): void {
    if (this.closed) return;
    this.shut();
    if (this.owned) for (const f of [this.path, `${this.path}.wal`]) rmSync(f, { force: true });
  }

  private shut(): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.channel.call({ op: 'close' });
    } finally {
      this.channel.end();
    }
  }
}

/** A bulk load through the worker: rows gathered column by column, sent a batch at a time without waiting. */
class DuckBulk implements BulkWriter {
  private columns: Cell[][];
  private count = 0;

  constructor(
    private readonly channel: DuckDbChannel,
    private readonly id: number,
    private readonly table: string,
    private readonly names: readonly string[],
  ) {
    channel.call({ op: 'bulkBegin', id, table, columns: names });
    this.columns = names.map(() => []);
  }

  add(row: Cell[]): void {
    if (row.length !== this.names.length) throw new Error(`${this.table}: a row of ${row.length} values for ${this.names.length} columns`);
    for (let c = 0; c < row.length; c++) this.columns[c].push(row[c]);
    if (++this.count === BATCH) this.send();
  }

  private send(): void {
    this.channel.post({ op: 'bulkRows', id: this.id, count: this.count, columns: this.columns });
    this.columns = this.names.map(() => []);
    this.count = 0;
  }

  finish(): void {
    if (this.count) this.send();
    this.channel.call({ op: 'bulkEnd', id: this.id });
  }
}

/** DuckDB as a case engine: each new case a database file in `options.dir`, a saved one opened read-only. */
export interface DuckDbEngine extends CaseEngine {
  readonly name: 'duckdb';
  /** A saved case file on disk, opened read-only where it is. */
  openSavedFile(path: string): DuckDb;
}

export function duckdbEngine(options: DuckDbOptions): DuckDbEngine {
  let made = 0;
  const fileIn = (kind: string) => {
    mkdirSync(options.dir, { recursive: true });
    return join(options.dir, `.${kind}-${process.pid}-${Date.now().toString(36)}-${++made}.duckdb`);
  };
  const opening = (path: string, readOnly: boolean): OpenOptions => ({
    path, readOnly, memoryLimit: options.memoryLimit, threads: options.threads,
  });
  return {
    name: 'duckdb',
    create: () => DuckDb.open(opening(fileIn('case'), false), true),
    openSaved: (bytes) => {
      const path = fileIn('saved');
      writeFileSync(path, bytes);
      try {
        return DuckDb.open(opening(path, true), true);
      } catch (err) {
        rmSync(path, { force: true });
        throw err;
      }
    },
    openSavedFile: (path) => DuckDb.open(opening(path, true), false),
  };
}
