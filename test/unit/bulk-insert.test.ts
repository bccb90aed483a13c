import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../../shared/node/files';
import { BulkInsert } from '../../shared/store/sql';

describe('BulkInsert', () => {
  for (const n of [0, 1, 31, 32, 33, 64, 100]) {
    it(`writes every one of ${n} rows, in order, with its values`, async () => {
      const SQL = await loadSqlJs();
      const db = new SQL.Database();
      db.exec('CREATE TABLE t (i INTEGER, s TEXT, x)');
      const put = new BulkInsert(db, 't', 3);
      for (let i = 0; i < n; i++) put.add([i, `row ${i}`, i % 2 ? null : i * 1.5]);
      put.finish();
      const got = db.exec('SELECT i, s, x FROM t ORDER BY rowid');
      const rows = got.length ? got[0].values : [];
      expect(rows).toEqual(Array.from({ length: n }, (_, i) => [i, `row ${i}`, i % 2 ? null : i * 1.5]));
      db.close();
    });
  }

  it('refuses a row of the wrong width', async () => {
    const SQL = await loadSqlJs();
    const db = new SQL.Database();
    db.exec('CREATE TABLE t (a, b)');
    const put = new BulkInsert(db, 't', 2);
    expect(() => put.add([1])).toThrow(/a row of 1 values for 2 columns/);
    db.close();
  });
});
