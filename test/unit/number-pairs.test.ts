import { describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJs } from '../../shared/node/files';
import { numberPairs } from '../../shared/store/sql';

describe('numberPairs', () => {
  const setup = async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE e (id INTEGER PRIMARY KEY, k TEXT, at INTEGER)');
    const put = db.prepare('INSERT INTO e VALUES (?, ?, ?)');
    for (let i = 0; i < 3000; i++) put.run([i, `k${i % 700}`, 1_782_000_000_000 + ((i * 7919) % 5000) * 1000]);
    put.free();
    return { SQL, db };
  };
  const JOIN = `SELECT a.id AS a, b.id AS b FROM e a JOIN e b ON b.k = a.k AND b.id <> a.id
                ORDER BY a.id, ABS(b.at - a.at), b.id`;

  it("reads through SQLite's C API the same pairs, in the same order, as sql.js reads", async () => {
    const { SQL, db } = await setup();
    const direct = numberPairs(db, JOIN, SQL);
    const viaSqlJs = numberPairs(db, JOIN); // no module: sql.js's own stepping
    const viaExec = db.exec(JOIN)[0].values.map(([a, b]) => [Number(a), Number(b)]);
    expect(direct.length).toBeGreaterThan(9000);
    expect(direct).toEqual(viaExec);
    expect(viaSqlJs).toEqual(viaExec);
    // Large values come back exact (event ids are small; the reading must not be).
    expect(numberPairs(db, 'SELECT at, -at FROM e WHERE id = 3', SQL)).toEqual([[1_782_000_000_000 + ((3 * 7919) % 5000) * 1000, -(1_782_000_000_000 + ((3 * 7919) % 5000) * 1000)]]);
    expect(numberPairs(db, 'SELECT a, b FROM (SELECT 1 AS a, 2 AS b) WHERE a > 5', SQL)).toEqual([]);
    db.close();
  });

  it('reports an error the query meets as sql.js reports it', async () => {
    const { SQL, db } = await setup();
    // abs() of the smallest integer overflows while the query runs, not when it is prepared.
    const bad = 'SELECT id, abs(-9223372036854775807 - 1) FROM e';
    expect(() => numberPairs(db, bad, SQL)).toThrow(/integer overflow/);
    expect(() => numberPairs(db, bad, { Database: SQL.Database } as unknown as SqlJsStatic)).toThrow(/integer overflow/);
    db.close();
  });
});
