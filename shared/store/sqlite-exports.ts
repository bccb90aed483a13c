// The parts of SQLite's C API and of the Emscripten runtime that sql.js exports but its typings do not list,
// used where going through sql.js's JavaScript wrappers costs too much (bulk loads, the in-memory database).
import type { SqlJsStatic, Statement } from 'sql.js';

/** sqlite3_step's result codes: a row is ready; the statement has finished. */
export const SQLITE_ROW = 100;
export const SQLITE_DONE = 101;

export interface SqliteExports {
  _malloc(n: number): number;
  _free(ptr: number): void;
  writeArrayToMemory(bytes: Uint8Array, ptr: number): void;
  stringToNewUTF8(s: string): number;
  UTF8ToString(ptr: number): string;
  _sqlite3_open(name: number, out: number): number;
  _sqlite3_close_v2(db: number): number;
  _sqlite3_sql(stmt: number): number;
  _sqlite3_reset(stmt: number): number;
  _sqlite3_clear_bindings(stmt: number): number;
  _sqlite3_step(stmt: number): number;
  _sqlite3_bind_int(stmt: number, i: number, v: number): number;
  _sqlite3_bind_double(stmt: number, i: number, v: number): number;
  _sqlite3_bind_text(stmt: number, i: number, ptr: number, bytes: number, destructor: number): number;
  _sqlite3_bind_blob(stmt: number, i: number, ptr: number, bytes: number, destructor: number): number;
  _sqlite3_column_double(stmt: number, col: number): number;
  _RegisterExtensionFunctions?(db: number): number;
}

/** The module's exports, if it offers every one of `needed` as a function. */
export function sqliteExports(SQL: SqlJsStatic, needed: readonly (keyof SqliteExports)[]): SqliteExports | undefined {
  const sql = SQL as unknown as SqliteExports;
  return needed.every((f) => typeof sql[f] === 'function') ? sql : undefined;
}

/**
 * The SQLite handle behind a sql.js statement, found among its fields by asking SQLite for each candidate's
 * text: sql.js does not expose the handle, and the field's name is minified. Undefined if none matches (sql.js
 * changed), in which case callers keep to sql.js's own API.
 */
export function statementHandle(SQL: SqlJsStatic, stmt: Statement, text: string): number | undefined {
  const sql = sqliteExports(SQL, ['_sqlite3_sql', 'UTF8ToString']);
  if (!sql) return undefined;
  for (const v of Object.values(stmt as object)) {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 4096) continue;
    if (sql.UTF8ToString(sql._sqlite3_sql(v)) === text) return v;
  }
  return undefined;
}
