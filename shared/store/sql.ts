// Small helpers over a sql.js database, shared by the case and its queries.
import type { Database, SqlJsStatic } from 'sql.js';
import { DirectBinder, type Cell } from './direct-binder';
import { SQLITE_DONE, SQLITE_ROW, sqliteExports, statementHandle } from './sqlite-exports';

/**
 * An empty case database inside an in-memory file that already has room for `bytes`. sql.js keeps the
 * database in a JS array that otherwise grows by an eighth at a time, copying itself each time: for a large
 * quarter that copying would be most of the load. SQLite trims the file to its real size when the load commits.
 */
export function roomyEmptyDatabase(SQL: SqlJsStatic, bytes: number): Uint8Array | undefined {
  const size = Math.min(Math.max(bytes, 0), 1536 * 1024 * 1024);
  if (size < 16 * 1024 * 1024) return undefined;
  const seed = new SQL.Database();
  seed.exec('PRAGMA user_version = 0; CREATE TABLE seed (x); DROP TABLE seed;');
  const empty = seed.export();
  seed.close();
  // Where memory is short the allocation may be refused: less room then, or none (the file grows as it must).
  for (let n = size; n >= 16 * 1024 * 1024; n = Math.floor(n / 2)) {
    try {
      const room = new Uint8Array(n);
      room.set(empty);
      return room;
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
    }
  }
  return undefined;
}

export function scalar(db: Database, sql: string): unknown {
  const r = db.exec(sql);
  return r.length && r[0].values.length ? r[0].values[0][0] : null;
}

/**
 * The rows of a query of two numeric columns, as [a, b] pairs (the matching rules' candidate pairs). Given the
 * sql.js module, rows are stepped and read through SQLite's C API: sql.js's own reading builds an array per row
 * and crosses into WASM once per value through its wrappers, a large part of the rules' time on a large quarter.
 * Where that is not possible, or SQLite reports an error, sql.js runs the query (and reports the error).
 * `params`: the query's named parameters, each name with its `$`.
 */
export function numberPairs(db: Database, sql: string, SQL?: SqlJsStatic, params?: Record<string, number>): [number, number][] {
  const stmt = db.prepare(sql);
  try {
    if (params) stmt.bind(params);
    const c = SQL && sqliteExports(SQL, ['_sqlite3_step', '_sqlite3_column_double']);
    const ptr = c && statementHandle(SQL, stmt, sql);
    if (c && ptr !== undefined) {
      const out: [number, number][] = [];
      let rc: number;
      while ((rc = c._sqlite3_step(ptr)) === SQLITE_ROW) out.push([c._sqlite3_column_double(ptr, 0), c._sqlite3_column_double(ptr, 1)]);
      if (rc === SQLITE_DONE) return out;
      stmt.reset(); // which also clears the parameters
      if (params) stmt.bind(params);
    }
    const out: [number, number][] = [];
    while (stmt.step()) {
      const [a, b] = stmt.get();
      out.push([Number(a), Number(b)]);
    }
    return out;
  } finally {
    stmt.free();
  }
}

export function rows(db: Database, sql: string, params: (string | number | null)[] = []): unknown[][] {
  const stmt = db.prepare(sql);
  stmt.bind(params);
  const out: unknown[][] = [];
  while (stmt.step()) out.push(stmt.get());
  stmt.free();
  return out;
}

/** How a BulkInsert writes. */
export interface BulkOptions {
  /** Rows per statement (the rest go one by one). */
  per?: number;
  /** The sql.js module: given, rows are bound through SQLite's C API (DirectBinder). */
  SQL?: SqlJsStatic;
  /** Columns of few distinct values, whose text the direct binder encodes once. */
  repeated?: readonly string[];
}

/**
 * Inserts many rows into the named columns of a table, through statements of `per` rows each (the rest one by
 * one): sql.js pays a fixed cost per statement step across the JS/WASM boundary, and many rows a step load
 * markedly faster than one. Each row's values come in the order of `columns`. Given the sql.js module, it binds
 * through SQLite's C API (DirectBinder); a statement SQLite refuses is run again through sql.js, so the error is
 * the one sql.js reports.
 */
export class BulkInsert {
  private readonly many;
  private readonly one;
  private readonly binder;
  private readonly buffer: Cell[] = [];
  private readonly width: number;
  private readonly per: number;
  constructor(
    db: Database,
    table: string,
    columns: readonly string[],
    { per = 32, SQL, repeated = [] }: BulkOptions = {},
  ) {
    this.width = columns.length;
    this.per = per;
    const unknown = repeated.filter((c) => !columns.includes(c));
    if (unknown.length) throw new Error(`BulkInsert: ${unknown.join(', ')} not among the columns of ${table}`);
    const row = `(${new Array(this.width).fill('?').join(',')})`;
    const into = `INSERT INTO ${table} (${columns.join(', ')}) VALUES`;
    const manySql = `${into} ${new Array(per).fill(row).join(',')}`;
    this.many = db.prepare(manySql);
    this.one = db.prepare(`${into} ${row}`);
    const repeatedAt = repeated.map((c) => columns.indexOf(c));
    this.binder = SQL ? DirectBinder.of(SQL, this.many, manySql, this.width, repeatedAt) : undefined;
  }
  /** Whether rows go through SQLite's C API rather than sql.js's binding. */
  get direct(): boolean {
    return this.binder !== undefined;
  }
  add(row: Cell[]): void {
    if (row.length !== this.width) throw new Error(`BulkInsert: a row of ${row.length} values for ${this.width} columns`);
    for (const v of row) this.buffer.push(v);
    if (this.buffer.length === this.width * this.per) {
      try {
        if (!this.binder?.run(this.buffer)) this.many.run(this.buffer);
      } finally {
        this.buffer.length = 0;
      }
    }
  }
  /** Writes what is left and frees the statements. */
  finish(): void {
    for (let i = 0; i < this.buffer.length; i += this.width) this.one.run(this.buffer.slice(i, i + this.width));
    this.buffer.length = 0;
    this.binder?.free();
    this.many.free();
    this.one.free();
  }
}
