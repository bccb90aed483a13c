// DuckDB's bulk load (shared/node/duckdb: columns gathered on the calling thread, vectors filled in the worker)
// gives back every value as it was added: texts short enough to be inlined and longer ones, ASCII or not, nulls
// and empty texts, dictionary columns whose entries are long, integers past 32 bits, across several of DuckDB's
// vectors and several batches sent to the worker.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { Cell } from '../../shared/store/case-db';
import { duckdbEngine } from '../../shared/node/duckdb/duckdb-db';
import { duckdbLoads, NO_DUCKDB } from './duckdb-available';

const tmp = mkdtempSync(join(tmpdir(), 'bf-duckdb-bulk-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
if (!duckdbLoads) console.warn(NO_DUCKDB);

/** Texts around DuckDB's twelve inlined bytes, with multi-byte characters on either side of that bound. */
const TEXTS = [
  '', 'a', 'twelve bytes', 'thirteen byte', 'GC-0001-0002-0003', 'Café crème', 'Café crème brûlée, deux',
  '東京都渋谷区', '東京都渋谷区神南一丁目', 'emoji 🎁 gift card', '🎁🎁🎁', 'x'.repeat(300),
];
/** The ASCII ones, for the later batches: a batch of ASCII texts only, and one with others. */
const ASCII = TEXTS.filter((t) => [...t].every((ch) => ch.charCodeAt(0) < 0x80));
/** Dictionary values: few, some long, some not ASCII. */
const REPEATED = ['storefront', 'a dictionary value longer than twelve bytes', 'Zürich — Hauptbahnhof', null, 'X'];

function rowOf(i: number): Cell[] {
  const pool = i < 20_000 ? TEXTS : ASCII;
  const text = i % 17 === 0 ? null : `${pool[i % pool.length]}${i % 3 === 0 ? ` #${i}` : ''}`;
  const number = i % 29 === 0 ? null : (i % 2 ? -1 : 1) * (i * 4_294_967_311 + 7);
  return [i, REPEATED[Math.floor(i / 1000) % REPEATED.length], text, number, REPEATED[i % REPEATED.length]];
}

describe('DuckDB bulk load', () => {
  it.skipIf(!duckdbLoads)('gives back every value as it was added, across vectors and batches', () => {
    const db = duckdbEngine({ dir: tmp, memoryLimit: '256MB', threads: 1 }).create(0);
    try {
      db.exec('CREATE TABLE t (id BIGINT, run VARCHAR, text VARCHAR, n BIGINT, mixed VARCHAR)');
      // More rows than one batch on the calling thread, ending inside a vector.
      const count = 40_000;
      const put = db.bulk('t', ['id', 'run', 'text', 'n', 'mixed'], ['run', 'mixed']);
      const row: Cell[] = [];
      for (let i = 0; i < count; i++) {
        row.splice(0, row.length, ...rowOf(i));
        put.add(row);
      }
      put.finish();
      const back = db.rows('SELECT id, run, text, n, mixed FROM t ORDER BY id');
      expect(back.length).toBe(count);
      for (let i = 0; i < count; i++) expect(back[i]).toEqual(rowOf(i));
      // Texts compare as written (an inlined string_t's padding and a long one's prefix both count in DuckDB).
      const [[same]] = db.rows("SELECT count(*) FROM t WHERE text = 'Café crème brûlée, deux'");
      expect(same).toBe(back.filter((r) => r[2] === 'Café crème brûlée, deux').length);
    } finally {
      db.close();
    }
  });
});
