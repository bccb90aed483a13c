import { describe, expect, it } from 'vitest';
import type { SqlJsStatic } from 'sql.js';
import { loadSqlJs } from '../../shared/node/files';
import type { CanonicalEvent } from '../../shared/events';
import { rowsBySystem } from '../../shared/match/one-to-one';
import { ruleParams, systemBounds } from '../../shared/match/rules';
import { numberPairs } from '../../shared/store/sql';
import type { System } from '../../shared/types';

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

  it('binds named parameters, on either reading path', async () => {
    const { SQL, db } = await setup();
    const ranged = `SELECT a.id AS a, b.id AS b FROM e a JOIN e b ON b.k = a.k AND b.id <> a.id
                    WHERE a.id BETWEEN $x_first AND $x_last ORDER BY a.id, b.id`;
    const all = numberPairs(db, JOIN.replace('ORDER BY a.id, ABS(b.at - a.at), b.id', 'ORDER BY a.id, b.id'), SQL);
    const some = numberPairs(db, ranged, SQL, { $x_first: 100, $x_last: 199 });
    expect(some).toEqual(all.filter(([a]) => a >= 100 && a <= 199));
    expect(some.length).toBeGreaterThan(0);
    expect(numberPairs(db, ranged, undefined, { $x_first: 100, $x_last: 199 })).toEqual(some);
    db.close();
  });
});

/** Events of these systems, in this order (only their system is read). */
function eventsOf(systems: readonly System[]): CanonicalEvent[] {
  return systems.map((system) => ({ system }) as CanonicalEvent);
}

describe('systemBounds and ruleParams', () => {
  it("give each system's run of ids, and none for a system without rows", () => {
    const systems = ['platform', 'platform', 'storefront', 'payments', 'payments', 'payments', 'erp'] as const;
    const bounds = systemBounds(rowsBySystem(eventsOf(systems)));
    expect(bounds).toEqual({
      $platform_first: 0, $platform_last: 1, $storefront_first: 2, $storefront_last: 2,
      $payments_first: 3, $payments_last: 5, $erp_first: 6, $erp_last: 6,
    });
    const sql = 'SELECT id, id FROM events WHERE id BETWEEN $payments_first AND $payments_last AND id <> $erp_last';
    expect(ruleParams(sql, bounds)).toEqual({ $payments_first: 3, $payments_last: 5, $erp_last: 6 });
    // No processor file rows at all: the range is empty, so the rule reads nothing.
    expect(ruleParams(sql, systemBounds(rowsBySystem(eventsOf(systems.slice(0, 3)))))).toEqual({ $payments_first: 0, $payments_last: -1, $erp_last: -1 });
    // Rows of a system in more than one run: the bounds still hold them all.
    const split = ['platform', 'erp', 'erp', 'platform'] as const;
    expect(systemBounds(rowsBySystem(eventsOf(split)))).toEqual({ $platform_first: 0, $platform_last: 3, $erp_first: 1, $erp_last: 2 });
  });
});
