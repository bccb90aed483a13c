// DuckDB's memory beside the run's JavaScript (CaseDb.useMemory): while the run works alone after the matching,
// a case being made is committed to its file and DuckDB holds only a little memory; its whole limit comes back
// before the results are written. The data read the same throughout, and a run saves and reopens as before.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineCase } from '../../shared/api';
import { limitBytes, duckdbEngine, type DuckDb, type DuckDbEngine } from '../../shared/node/duckdb/duckdb-db';
import { DuckDbOutOfMemory, workerError } from '../../shared/node/duckdb/channel';
import { InputError } from '../../shared/types';
import { runCase } from '../../shared/engine';
import { unsealedReportJson } from '../../shared/report/report-json';
import { generateQuarter } from '../fixtures/generate';
import { duckdbLoads, NO_DUCKDB } from './duckdb-available';
import { quarterInputs, quarterSettings } from './engine-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'bf-duckdb-memory-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
if (!duckdbLoads) console.warn(NO_DUCKDB);

/** DuckDB's memory limit now, in bytes (it shows it as, say, '244.1 MiB'). */
function limitNow(db: DuckDb): number {
  const [[shown]] = db.rows("SELECT current_setting('memory_limit')");
  const bytes = limitBytes(String(shown).replace(/\s+/g, ''));
  if (bytes === undefined) throw new Error(`memory_limit shown as '${String(shown)}'`);
  return bytes;
}

/**
 * A generated quarter run on DuckDB under a 1GB limit, and the case database it was made in (kept from the
 * engine, to ask it its limit), resting once the run is done.
 */
async function restedRun(seed: number, cards: number): Promise<{ c: EngineCase; db: DuckDb; engine: DuckDbEngine }> {
  const q = generateQuarter({ seed, cards });
  const engine = duckdbEngine({ dir: tmp, memoryLimit: '1GB', threads: 1 });
  const made: DuckDb[] = [];
  const create = engine.create.bind(engine);
  engine.create = (bytes: number) => {
    const db = create(bytes) as DuckDb;
    made.push(db);
    return db;
  };
  const c = await runCase(engine, { files: quarterInputs(q), settings: quarterSettings(q) });
  expect(made).toHaveLength(1);
  expect(limitNow(made[0])).toBeCloseTo(256 * 1024 * 1024, -6);
  return { c, db: made[0], engine };
}

describe('DuckDB’s errors as the command line names them', () => {
  it('a memory error stays one, a full disk becomes one line naming the file, anything else is passed on', () => {
    // As DuckDB 1.5 words them (a 1M run under 100MB; the demo on a 3 MB tmpfs).
    expect(workerError('TransactionContext Error: Failed to commit: failed to pin block of size 1.0 MiB (95.1 MiB/95.3 MiB used)')).toBeInstanceOf(DuckDbOutOfMemory);
    const full = workerError('FATAL Error: Failed to create checkpoint because of error: Could not write file "/out/.case-1-a-1.duckdb": No space left on device');
    expect(full).toBeInstanceOf(InputError);
    expect(full.message).toBe('the disk is full: DuckDB could not write /out/.case-1-a-1.duckdb, where it keeps the case and its spill until the case file is saved; free room there, or give another --out');
    const other = workerError('Catalog Error: Table with name nope does not exist!');
    expect(other).not.toBeInstanceOf(InputError);
    expect(other).not.toBeInstanceOf(DuckDbOutOfMemory);
  });
});

describe('DuckDB memory while the run works alone', () => {
  it('reads the sizes DuckDB takes, in its units', () => {
    expect(limitBytes('2GB')).toBe(2e9);
    expect(limitBytes('512MiB')).toBe(512 * 1024 * 1024);
    expect(limitBytes('1.5 GiB')).toBe(1.5 * 1024 ** 3);
    expect(limitBytes('100kb')).toBe(100_000);
    expect(limitBytes('2 gigabytes')).toBeUndefined();
    expect(limitBytes('GB')).toBeUndefined();
    // Beyond any machine (DuckDB itself fails past 2^64 bytes with no more than "Failed to set config").
    expect(limitBytes('8192TiB')).toBe(2 ** 53);
    expect(limitBytes('8193TiB')).toBeUndefined();
    expect(limitBytes('99999999TB')).toBeUndefined();
  });

  it.skipIf(!duckdbLoads)('holds a little memory at rest and its whole limit again after, the data unchanged', () => {
    const db = duckdbEngine({ dir: tmp, memoryLimit: '1GB', threads: 1 }).create(0) as DuckDb;
    try {
      db.exec('CREATE TABLE t AS SELECT range AS id, range * 7 AS n FROM range(200000)');
      const before = db.rows('SELECT count(*), sum(n) FROM t');
      expect(limitNow(db)).toBeCloseTo(1e9, -7);
      db.useMemory('little');
      expect(limitNow(db)).toBeCloseTo(256 * 1024 * 1024, -6);
      expect(db.rows('SELECT count(*), sum(n) FROM t')).toEqual(before);
      // Twice is once: the second does nothing (no second checkpoint).
      db.useMemory('little');
      db.useMemory('full');
      expect(limitNow(db)).toBeCloseTo(1e9, -7);
      db.exec('INSERT INTO t SELECT range + 200000, 0 FROM range(1000)');
      expect(db.rows('SELECT count(*) FROM t')).toEqual([[201000]]);
    } finally {
      db.close();
    }
  });

  it.skipIf(!duckdbLoads)('keeps a limit already below the little one', () => {
    const db = duckdbEngine({ dir: tmp, memoryLimit: '100MB', threads: 1 }).create(0) as DuckDb;
    try {
      db.useMemory('little');
      expect(limitNow(db)).toBeCloseTo(1e8, -6);
    } finally {
      db.close();
    }
  });

  it.skipIf(!duckdbLoads)('the SQL console on a resting case writes the results with the whole limit first', async () => {
    const { c, db } = await restedRun(12, 200);
    try {
      // DuckDB's limit as the results' tables are rewritten (their first statement).
      let limitAtResults = 0;
      const exec = db.exec.bind(db);
      db.exec = (sql: string) => {
        if (sql.startsWith('DELETE FROM exceptions')) limitAtResults = limitNow(db);
        exec(sql);
      };
      const { rows } = c.query('SELECT count(*) FROM balances');
      expect(Number(rows[0][0])).toBe(c.report.cards.length);
      expect(limitAtResults).toBeCloseTo(1e9, -7);
    } finally {
      c.close();
    }
  });

  it.skipIf(!duckdbLoads)('a run rests after its matching, writes with its whole limit, and saves its report', async () => {
    const { c, db, engine } = await restedRun(11, 300);
    const report = unsealedReportJson(c.reportJson());
    // Writing the matches (here for Parquet, as for the case file) gives DuckDB its whole limit first.
    c.exportParquet(join(tmp, 'parquet'));
    expect(limitNow(db)).toBeCloseTo(1e9, -7);
    const path = join(tmp, 'rested.duckdb');
    c.saveCaseAndClose(path);
    const saved = engine.openSavedFile(path);
    try {
      expect(unsealedReportJson(String(saved.rows('SELECT json FROM report')[0][0]))).toBe(report);
    } finally {
      saved.close();
    }
  });
});
