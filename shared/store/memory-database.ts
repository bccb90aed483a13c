// A sql.js database whose pages live in SQLite's own memory (':memory:') rather than in an Emscripten file.
import type { Database, SqlJsStatic } from 'sql.js';
import { CASE_PRAGMAS } from './schema';
import { roomyEmptyDatabase } from './sql';
import { sqliteExports, statementHandle, type SqliteExports } from './sqlite-exports';

/** SQLite's destructor value that makes it copy a bound value at once. */
const SQLITE_TRANSIENT = -1;

/**
 * The largest case database kept in SQLite's memory. sql.js's WASM memory ends at 2 GiB, and the database
 * shares it with SQLite's sorter (index builds) and the load's buffers; a file-backed database lives outside it.
 */
export const MEMORY_DATABASE_LIMIT = 1.25 * 1024 ** 3;

/**
 * The most input (every file's bytes) a case in sql.js holds. Its WebAssembly memory ends at 2 GiB, and the case
 * database grows to some 3.6 times its input once the sources are stored in it, beside SQLite's own working
 * memory. A larger quarter needs the DuckDB engine (the command line's --engine duckdb; in the desktop app, its
 * utility process: electron/main/engine-choice.ts).
 */
export const SQLJS_MAX_INPUT_BYTES = 450 * 1024 * 1024;

/**
 * Bytes to set aside for a case database per byte of its source files. A workbook is compressed XML, about as
 * many bytes as the same table in CSV, so one factor serves both (an exported case is some 3.6 times its CSV
 * input, the source files included; SQLite's page cache adds its own headers to that).
 */
const ROOM_PER_INPUT_BYTE = 4.5;

/**
 * A new, empty case database for source files of `inputBytes` in all, set up with CASE_PRAGMAS: in SQLite's
 * memory with room for the whole case (the sources, stored at export, included), or, for a quarter too large for
 * that or where sql.js cannot open it so, in a file with that room (caseDatabase).
 */
export function newCaseDatabase(SQL: SqlJsStatic, inputBytes: number): Database {
  const room = inputBytes * ROOM_PER_INPUT_BYTE;
  const db = caseDatabase(SQL, room, () => new SQL.Database(roomyEmptyDatabase(SQL, room)));
  db.exec(CASE_PRAGMAS);
  return db;
}

/**
 * The case database: in SQLite's memory (memoryDatabase) when `room` bytes fit under `limit`, else in a file with
 * that room set aside (`fileDatabase`), which is slower and holds each page twice but has no 2 GiB ceiling.
 */
export function caseDatabase(
  SQL: SqlJsStatic,
  room: number,
  fileDatabase: () => Database,
  limit = MEMORY_DATABASE_LIMIT,
): Database {
  return room <= limit ? memoryDatabase(SQL, room, fileDatabase) : fileDatabase();
}

/**
 * An empty database held in SQLite's page cache (`:memory:`). sql.js opens every database as a file in its
 * in-memory file system, so each page is held twice (the file, and SQLite's cache of it) and a large load
 * spills and re-reads pages through that file system. In memory each page exists once; sql.js still exports
 * it, since its export goes through SQLite's backup API.
 *
 * WASM memory is grown to `room` bytes at once (see reserve). Where this sql.js build lacks what is needed,
 * `fallback` makes the database instead.
 */
export function memoryDatabase(SQL: SqlJsStatic, room: number, fallback: () => Database): Database {
  const sql = sqliteExports(SQL, ['_malloc', '_free', 'stringToNewUTF8', '_sqlite3_open', '_sqlite3_close_v2',
    '_sqlite3_bind_blob']);
  if (!sql) return fallback();
  const db = new SQL.Database();
  // sql.js keeps the open handle in a field named `db` (not minified: its own code reads it by that name).
  const wrapper = db as unknown as { db: unknown };
  if (typeof wrapper.db !== 'number') {
    db.close();
    return fallback();
  }
  const name = sql.stringToNewUTF8(':memory:');
  const out = sql._malloc(4);
  let opened = 0;
  try {
    if (sql._sqlite3_open(name, out) !== 0) throw new Error('sqlite3_open refused :memory:');
    opened = readPointer(SQL, sql, db, out);
    if (!opened) throw new Error('the new handle could not be read');
    sql._sqlite3_close_v2(wrapper.db);
    wrapper.db = opened;
    // The same SQL functions sql.js registers on the databases it opens itself.
    sql._RegisterExtensionFunctions?.(opened);
    reserve(sql, room);
    return db;
  } catch {
    if (opened) sql._sqlite3_close_v2(opened);
    db.close();
    return fallback();
  } finally {
    sql._free(name);
    sql._free(out);
  }
}

/**
 * Reads the 32-bit pointer stored at `at` in WASM memory: sql.js exports no view of its memory, so SQLite
 * copies the four bytes into a result row (bound as a blob) and sql.js hands them back. 0 if that fails.
 */
function readPointer(SQL: SqlJsStatic, sql: SqliteExports, db: Database, at: number): number {
  const text = 'SELECT ?';
  const stmt = db.prepare(text);
  try {
    const ptr = statementHandle(SQL, stmt, text);
    if (ptr === undefined || sql._sqlite3_bind_blob(ptr, 1, at, 4, SQLITE_TRANSIENT) !== 0) return 0;
    if (!stmt.step()) return 0;
    const bytes = stmt.get()[0];
    if (!(bytes instanceof Uint8Array) || bytes.length !== 4) return 0;
    return new DataView(bytes.buffer, bytes.byteOffset, 4).getUint32(0, true);
  } finally {
    stmt.free();
  }
}

/**
 * Grows WASM memory to about `bytes` at once, by taking one block and giving it back: the allocator keeps the
 * memory for SQLite's pages. Grown a page at a time instead, each step reports new external memory to V8, which
 * answers with full garbage collections of the (large) JavaScript heap: on a large quarter that doubles the
 * collector's work. Where so much cannot be had, less is taken (or none; memory then grows as needed).
 */
function reserve(sql: SqliteExports, bytes: number): void {
  for (let n = Math.floor(bytes); n >= 16 * 1024 * 1024; n = Math.floor(n / 2)) {
    const p = sql._malloc(n);
    if (p) {
      sql._free(p);
      return;
    }
  }
}
