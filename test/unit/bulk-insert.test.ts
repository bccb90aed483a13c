import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../shared/node/files';
import { BulkInsert } from '../../shared/store/sql';

describe('BulkInsert', () => {
  for (const n of [0, 1, 31, 32, 33, 64, 100]) {
    it(`writes every one of ${n} rows, in order, with its values`, async () => {
      const SQL = await loadSqlJs();
      const db = new SQL.Database();
      db.exec('CREATE TABLE t (i INTEGER, s TEXT, x)');
      const put = new BulkInsert(db, 't', ['i', 's', 'x']);
      for (let i = 0; i < n; i++) put.add([i, `row ${i}`, i % 2 ? null : i * 1.5]);
      put.finish();
      const got = db.exec('SELECT i, s, x FROM t ORDER BY rowid');
      const rows = got.length ? got[0].values : [];
      expect(rows).toEqual(Array.from({ length: n }, (_, i) => [i, `row ${i}`, i % 2 ? null : i * 1.5]));
      db.close();
    });
  }

  it('binds through SQLite directly and stores exactly what sql.js would, types included', async () => {
    const SQL = await loadSqlJs();
    const values: (string | number | null)[] = [
      '', 'plain', 'Zoë Ü', '日本語のメモ', '🎁 gift 🎁', 'a\u0000b', 'x'.repeat(70_000), '=1+2', null,
      0, -0, 1, -1, 2147483647, -2147483648, 2147483648, -2147483649, 1_782_000_000_000, -987_654_321_012, 1.5, -0.25,
      Number.MAX_SAFE_INTEGER,
    ];
    const tables = ['a', 'b'];
    const db = new SQL.Database();
    for (const t of tables) db.exec(`CREATE TABLE ${t} (i INTEGER, s TEXT, x, n INTEGER)`);
    // Columns s and n declared as few-valued: their text is kept in WASM memory and bound from there.
    const direct = new BulkInsert(db, 'a', ['i', 's', 'x', 'n'], { per: 4, SQL, repeated: ['s', 'n'] });
    const plain = new BulkInsert(db, 'b', ['i', 's', 'x', 'n'], { per: 4 });
    expect(direct.direct).toBe(true);
    expect(plain.direct).toBe(false);
    for (let i = 0; i < values.length * 9; i++) {
      // Column 1 in runs of three (as a system or a day repeats row after row), column 3 changing every row.
      const row = [i, values[Math.floor(i / 3) % values.length], values[(i * 7) % values.length], values[(i * 5 + 3) % values.length]];
      direct.add(row);
      plain.add(row);
    }
    direct.finish();
    plain.finish();
    const dump = (t: string) =>
      db.exec(`SELECT i, s, typeof(s), x, typeof(x), n, typeof(n), hex(s), hex(x) FROM ${t} ORDER BY rowid`)[0].values;
    expect(dump('a')).toEqual(dump('b'));
    expect(dump('a')).toHaveLength(values.length * 9);
    db.close();
  });

  it('reports the error SQLite gives for a refused row, as sql.js would', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE t (a INTEGER PRIMARY KEY, b TEXT NOT NULL)');
    const put = new BulkInsert(db, 't', ['a', 'b'], { per: 2, SQL });
    put.add([1, 'one']);
    expect(() => put.add([2, null])).toThrow(/NOT NULL constraint failed: t\.b/);
    put.finish();
    expect(db.exec('SELECT count(*) FROM t')[0].values[0][0]).toBe(0);
    db.close();
  });

  it('refuses a row of the wrong width', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE t (a, b)');
    const put = new BulkInsert(db, 't', ['a', 'b']);
    expect(() => put.add([1])).toThrow(/a row of 1 values for 2 columns/);
    db.close();
  });

  it('names its columns, so a table whose columns come in another order gets each value in its own', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE t (b TEXT, a INTEGER, c TEXT)');
    const put = new BulkInsert(db, 't', ['a', 'b'], { per: 2, SQL });
    for (let i = 0; i < 5; i++) put.add([i, `b${i}`]);
    put.finish();
    expect(db.exec('SELECT a, b, c FROM t ORDER BY a')[0].values).toEqual([0, 1, 2, 3, 4].map((i) => [i, `b${i}`, null]));
    expect(() => new BulkInsert(db, 't', ['a', 'b'], { repeated: ['z'] })).toThrow(/z not among the columns of t/);
    db.close();
  });
});
