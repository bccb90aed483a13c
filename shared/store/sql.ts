// Small helpers over a sql.js database, shared by the case and its queries.
import type { Database, SqlJsStatic } from 'sql.js';

/**
 * An empty case database inside an in-memory file that already has room for `bytes`. sql.js keeps the
 * database in a JS array that otherwise grows by an eighth at a time, copying itself each time: for a large
 * quarter that copying was most of the load. SQLite trims the file to its real size when the load commits.
 */
export function roomyEmptyDatabase(SQL: SqlJsStatic, bytes: number): Uint8Array | undefined {
  const size = Math.min(Math.max(bytes, 0), 1536 * 1024 * 1024);
  if (size < 16 * 1024 * 1024) return undefined;
  const seed = new SQL.Database();
  seed.exec('PRAGMA user_version = 0; CREATE TABLE seed (x); DROP TABLE seed;');
  const empty = seed.export();
  seed.close();
  const room = new Uint8Array(size);
  room.set(empty);
  return room;
}

export function scalar(db: Database, sql: string): unknown {
  const r = db.exec(sql);
  return r.length && r[0].values.length ? r[0].values[0][0] : null;
}

export function rows(db: Database, sql: string, params: (string | number | null)[] = []): unknown[][] {
  const stmt = db.prepare(sql);
  stmt.bind(params);
  const out: unknown[][] = [];
  while (stmt.step()) out.push(stmt.get());
  stmt.free();
  return out;
}
