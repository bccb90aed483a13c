import { describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJs } from '../../shared/node/files';
import { caseDatabase, MEMORY_DATABASE_LIMIT, memoryDatabase } from '../../shared/store/memory-database';

const mainFile = (db: { exec(sql: string): { values: unknown[][] }[] }) =>
  db.exec('PRAGMA database_list')[0].values.find((r) => r[1] === 'main')?.[2];

describe('memoryDatabase', () => {
  it("opens the database in SQLite's memory, not in a file, and does not use the fallback", async () => {
    const SQL = await loadSqlJs();
    let fellBack = false;
    const db = memoryDatabase(SQL, 32 * 1024 * 1024, () => {
      fellBack = true;
      return new SQL.Database();
    });
    expect(fellBack).toBe(false);
    // An in-memory database has no file name; sql.js's own databases are files named dbfile_….
    expect(mainFile(db)).toBe('');
    expect(mainFile(new SQL.Database())).toMatch(/dbfile_/);
    db.close();
  });

  it('exports what it holds, and the export reopens with the same rows, blobs and text included', async () => {
    const SQL = await loadSqlJs();
    const db = memoryDatabase(SQL, 0, () => new SQL.Database());
    db.exec('CREATE TABLE t (i INTEGER PRIMARY KEY, s TEXT, b BLOB); CREATE INDEX t_s ON t(s)');
    const put = db.prepare('INSERT INTO t VALUES (?, ?, ?)');
    for (let i = 0; i < 5000; i++) put.run([i, `card ${i % 97} Zoë`, new Uint8Array([i & 255, 0, 7])]);
    put.free();
    const bytes = db.export();
    // Still usable after export.
    db.exec("INSERT INTO t VALUES (5000, 'after', NULL)");
    expect(db.exec('SELECT count(*) FROM t')[0].values[0][0]).toBe(5001);
    const copy = new SQL.Database(bytes);
    expect(copy.exec('PRAGMA integrity_check')[0].values[0][0]).toBe('ok');
    expect(copy.exec('SELECT count(*), sum(i) FROM t')[0].values[0]).toEqual([5000, (4999 * 5000) / 2]);
    expect(copy.exec('SELECT s, b FROM t WHERE i = 1234')[0].values[0]).toEqual([`card ${1234 % 97} Zoë`, new Uint8Array([1234 & 255, 0, 7])]);
    copy.close();
    db.close();
  });

  it('falls back where the sql.js build lacks the C functions it needs', async () => {
    const SQL = await loadSqlJs();
    const bare = { Database: SQL.Database } as unknown as SqlJsStatic;
    let fellBack = false;
    const db = memoryDatabase(bare, 0, () => {
      fellBack = true;
      return new SQL.Database();
    });
    expect(fellBack).toBe(true);
    expect(mainFile(db)).toMatch(/dbfile_/);
    db.close();
  });

  it('keeps a case too large for WASM memory in a file instead (caseDatabase)', async () => {
    const SQL = await loadSqlJs();
    const file = () => new SQL.Database();
    const small = caseDatabase(SQL, 16 * 1024 * 1024, file, 64 * 1024 * 1024);
    const large = caseDatabase(SQL, 65 * 1024 * 1024, file, 64 * 1024 * 1024);
    expect(mainFile(small)).toBe('');
    expect(mainFile(large)).toMatch(/dbfile_/);
    // A million events (116 MB of CSV, 4.5 bytes of room per input byte) still fits the default limit.
    expect(116e6 * 4.5).toBeLessThan(MEMORY_DATABASE_LIMIT);
    small.close();
    large.close();
  });
});
