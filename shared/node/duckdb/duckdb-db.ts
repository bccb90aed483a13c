// The case database in DuckDB, the command line's second engine (--engine duckdb): for quarters beyond what sql.js
// holds in its WebAssembly memory. The same tables as in sql.js (store/schema.ts gives each engine's DDL), the
// same rules' SQL, called synchronously through a worker thread (channel.ts, worker.ts). A case being made is a
// database file in the working folder from its first row: DuckDB keeps in memory what fits under its memory
// limit and writes or spills the rest (a database held in memory and copied into a file at the end ran out of
// memory copying a large quarter's stored sources). Saved, that file is checkpointed, closed and renamed into
// place as the case file: written by DuckDB page by page, never built in memory as one buffer.
import { mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BulkWriter, CaseDb, CaseEngine, Cell, SqlValue } from '../../store/case-db';
import { quoteId } from '../../store/case-db';
import type { QueryResult } from '../../types';
import { DuckDbChannel } from './channel';
import { columnEncoder, transferList, type ColumnEncoder } from './columns';
import type { OpenOptions } from './protocol';

/** Rows sent to the worker at a time in a bulk load (eight of DuckDB's vectors). */
const BATCH = 16_384;

export interface DuckDbOptions {
  /** The folder for case databases being made (and DuckDB's spill folders beside them). */
  dir: string;
  /**
   * DuckDB's memory limit, e.g. '4GB' (DEFAULT_MEMORY_LIMIT when not given): past it DuckDB spills to disk. The
   * engine's JavaScript (the events, the movements) is beside it, not in it.
   */
  memoryLimit?: string;
  threads?: number;
}

/** DuckDB's own default is 80 % of the machine's memory, which leaves too little beside it for the engine's objects. */
export const DEFAULT_MEMORY_LIMIT = '2GB';

/**
 * DuckDB's limit while the engine's JavaScript works alone (CaseDb.useMemory): what it then caches of a case
 * already in its file is read again from disk when asked for, and it may spill past this meanwhile.
 */
const LITTLE_MEMORY = 256 * 1024 * 1024;

/**
 * The bytes a memory limit such as '2GB' or '512 MiB' names (DuckDB's units: KB = 1000 bytes, KiB = 1024);
 * undefined for any other text, which is then no limit to give DuckDB, and for a size past 2^53 bytes (8 PiB),
 * beyond any machine: DuckDB refuses those past 2^64 with no more than "Failed to set config".
 */
export function limitBytes(limit: string): number | undefined {
  const m = /^(\d{1,9}(?:\.\d{1,3})?) ?(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i.exec(limit);
  if (!m) return undefined;
  const unit = m[2].toLowerCase();
  const power = 'kmgt'.indexOf(unit[0]) + 1;
  const bytes = Number(m[1]) * (unit.includes('i') ? 1024 : 1000) ** power;
  return bytes <= 2 ** 53 ? bytes : undefined;
}

/** LITTLE_MEMORY, or the configured limit where that is smaller. */
function littleLimit(configured: string | undefined): string {
  const bytes = configured === undefined ? undefined : limitBytes(configured);
  return bytes !== undefined && bytes < LITTLE_MEMORY ? configured! : `${LITTLE_MEMORY / 1024 / 1024}MiB`;
}

/** Whether `bytes` begin a DuckDB database file (its header names it at bytes 8 to 11). */
export function isDuckDbFile(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'DUCK';
}

export class DuckDb implements CaseDb {
  readonly dialect = 'duckdb' as const;
  private bulks = 0;
  private closed = false;
  private memoryInUse: 'little' | 'full' = 'full';

  private constructor(
    private readonly channel: DuckDbChannel,
    private readonly options: OpenOptions,
    /**
     * What is this object's to delete when it closes: the copy of a saved case it reads, a case file being made
     * (unless saved), their spill folders.
     */
    private readonly owned: string[],
    /** A case being made: its database file, which saveTo renames into place. */
    private readonly making: string | null,
  ) {}

  /** `channel`: a worker already started (or starting) for it. `making`: the file of a case being made. */
  static open(options: OpenOptions, owned: string[], channel = new DuckDbChannel(), making: string | null = null): DuckDb {
    try {
      channel.call({ op: 'open', options });
    } catch (err) {
      channel.end();
      for (const f of owned) rmSync(f, { recursive: true, force: true });
      throw err;
    }
    return new DuckDb(channel, options, owned, making);
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

  bulk(table: string, columns: readonly string[], repeated: readonly string[] = []): BulkWriter {
    return new DuckBulk(this.channel, ++this.bulks, table, columns, repeated);
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

  toParquet(files: { path: string; query: string }[]): void {
    for (const f of files) {
      mkdirSync(dirname(f.path), { recursive: true });
      this.exec(`COPY (${f.query}) TO '${f.path.replace(/'/g, "''")}' (FORMAT parquet)`);
    }
  }

  text(value: string): { placeholder: string; value: SqlValue } {
    return { placeholder: '?', value };
  }

  readOnly(text: string, limit: number): QueryResult {
    return this.channel.call({ op: 'readOnly', sql: text, limit });
  }

  useMemory(use: 'little' | 'full'): void {
    // A saved case opened to be read holds nothing to commit; a case being made is in its file once checkpointed.
    if (!this.making || use === this.memoryInUse) return;
    this.memoryInUse = use;
    const limit = this.options.memoryLimit;
    if (use === 'little') this.exec(`CHECKPOINT; SET memory_limit = '${littleLimit(limit)}'`);
    else this.exec(limit ? `SET memory_limit = '${limit.replace(/'/g, "''")}'` : 'RESET memory_limit');
  }

  /** The case file's bytes, for a host that takes a case file as bytes: a copy of the database, then read. */
  export(): Uint8Array {
    const path = `${this.options.tempDirectory ?? this.options.path}.export.duckdb`;
    try {
      this.copyTo(path);
      return new Uint8Array(readFileSync(path));
    } finally {
      rmSync(path, { force: true });
    }
  }

  /**
   * The case database as the database file at `path`, then closed. A case being made is already that file:
   * closing checkpoints it, and it is renamed into place. Any other is copied beside `path` first.
   */
  saveTo(path: string): void {
    if (this.making) {
      this.exec('CHECKPOINT');
      this.close(() => renameSync(this.making!, path));
      return;
    }
    const partial = `${path}.partial`;
    try {
      this.copyTo(partial);
      this.close();
      renameSync(partial, path);
    } finally {
      rmSync(partial, { force: true });
    }
  }

  /** Copies every table of the case (not the temporary ones) into a new DuckDB database file at `path`. */
  private copyTo(path: string): void {
    rmSync(path, { force: true });
    const file = path.replace(/'/g, "''");
    const [[source]] = this.rows('SELECT current_database()');
    this.exec(`ATTACH '${file}' AS saved`);
    try {
      this.exec(`COPY FROM DATABASE ${quoteId(String(source))} TO saved`);
    } finally {
      this.exec('DETACH saved');
    }
  }

  /** Closes the database; `keep`, run once DuckDB has let its files go, moves away what is to be kept. */
  close(keep?: () => void): void {
    if (this.closed) return;
    this.closed = true;
    try {
      this.channel.call({ op: 'close' });
      keep?.();
    } finally {
      this.channel.end();
      for (const f of this.owned) rmSync(f, { recursive: true, force: true });
    }
  }
}

/** A bulk load through the worker: rows gathered column by column (columns.ts), sent a batch at a time without waiting. */
class DuckBulk implements BulkWriter {
  private readonly encoders: ColumnEncoder[];
  private count = 0;

  constructor(
    private readonly channel: DuckDbChannel,
    private readonly id: number,
    private readonly table: string,
    names: readonly string[],
    repeated: readonly string[],
  ) {
    const kinds = channel.call({ op: 'bulkBegin', id, table, columns: names, repeated });
    this.encoders = kinds.map((k) => columnEncoder(k, BATCH));
  }

  add(row: Cell[]): void {
    const { encoders, count } = this;
    if (row.length !== encoders.length) throw new Error(`${this.table}: a row of ${row.length} values for ${encoders.length} columns`);
    try {
      for (let c = 0; c < row.length; c++) encoders[c].put(count, row[c]);
    } catch (err) {
      throw new Error(`${this.table}: ${(err as Error).message}`, { cause: err });
    }
    if (++this.count === BATCH) this.send();
  }

  private send(): void {
    const columns = this.encoders.map((e) => e.take(this.count));
    this.channel.post({ op: 'bulkRows', id: this.id, count: this.count, columns }, transferList(columns));
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
  const nameIn = (kind: string) => {
    mkdirSync(options.dir, { recursive: true });
    return join(options.dir, `.${kind}-${process.pid}-${Date.now().toString(36)}-${++made}`);
  };
  const limits = { memoryLimit: options.memoryLimit ?? DEFAULT_MEMORY_LIMIT, threads: options.threads };
  // The first case's worker starts now, while the host reads the quarter's files: loading DuckDB takes a moment.
  let spare: DuckDbChannel | undefined = new DuckDbChannel();
  const channel = () => {
    const c = spare ?? new DuckDbChannel();
    spare = undefined;
    return c;
  };
  return {
    name: 'duckdb',
    // Bounded by the disk it spills to, not by memory.
    maxInputBytes: Number.POSITIVE_INFINITY,
    loadsApart: true,
    create: () => {
      const path = `${nameIn('case')}.duckdb`;
      const spill = `${path}.tmp`;
      return DuckDb.open({ path, readOnly: false, tempDirectory: spill, ...limits }, [path, `${path}.wal`, spill], channel(), path);
    },
    openSaved: (bytes) => {
      const path = `${nameIn('saved')}.duckdb`;
      writeFileSync(path, bytes);
      // Deleted when the case closes, or by open itself if DuckDB refuses it.
      return DuckDb.open({ path, readOnly: true, ...limits }, [path]);
    },
    openSavedFile: (path) => DuckDb.open({ path, readOnly: true, ...limits }, []),
  };
}
