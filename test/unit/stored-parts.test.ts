// A source file larger than PART_BYTES is stored in parts (case/stored-bytes.ts): the case reopens to the same
// report from them, a part missing is named as an edited file, and on DuckDB a source of more than half its memory
// limit no longer fails the run as the case file is made (a value held whole took the next power of two above it).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openCase, openSavedCase } from '../../shared/case/pipeline';
import { PART_BYTES } from '../../shared/case/stored-bytes';
import { runCase } from '../../shared/engine';
import { DuckDbOutOfMemory } from '../../shared/node/duckdb/channel';
import { duckdbEngine } from '../../shared/node/duckdb/duckdb-db';
import { unsealedReportJson } from '../../shared/report/report-json';
import type { InputFile } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { duckdbLoads } from './duckdb-available';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'bf-parts-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const q = generateQuarter({ seed: 31, cards: 300, timezone: 'America/Chicago', periodStart: '2026-04-01', periodEnd: '2026-06-30', erpFormat: 'csv' });

/**
 * The quarter with its opening file grown to `bytes` by blank lines at its end, as some exports end: no row more,
 * a file past the size under test.
 */
function withLargeOpening(bytes: number): InputFile[] {
  return quarterInputs(q).map((f) => {
    if (f.role !== 'opening') return f;
    const grown = new Uint8Array(bytes).fill(0x0a);
    grown.set(f.bytes);
    return { ...f, bytes: grown };
  });
}

describe('source files stored in parts', () => {
  it('a file past PART_BYTES goes in parts that reopen to the same case; a part missing is named', async () => {
    const SQL = await sql();
    const files = withLargeOpening(Math.floor(2.5 * PART_BYTES));
    const opening = files.find((f) => f.role === 'opening')!.bytes;
    const c = await runCase(SQL, { files, settings: quarterSettings(q) });
    const json = unsealedReportJson(c.reportJson());
    const saved = c.exportCaseAndClose();

    const db = new SQL.Database(saved);
    const [[id, own]] = db.exec("SELECT id, length(bytes) FROM files WHERE role = 'opening'")[0].values;
    expect(own).toBe(0);
    const parts = db.exec(`SELECT part, bytes FROM stored_parts WHERE owner = 'files' AND id = ${Number(id)} ORDER BY part`)[0].values;
    expect(parts.map(([p]) => p)).toEqual([0, 1, 2]);
    expect(Buffer.concat(parts.map(([, b]) => b as Uint8Array)).equals(opening)).toBe(true);
    // Every smaller file is still whole in its own row.
    expect(db.exec("SELECT count(*) FROM files WHERE role <> 'opening' AND length(bytes) = 0")[0].values[0][0]).toBe(0);

    const again = await openCase(SQL, saved);
    expect(unsealedReportJson(again.reportJson())).toBe(json);
    expect(again.verifyChain()).toMatchObject({ ok: true, problems: [] });
    again.close();

    db.run(`DELETE FROM stored_parts WHERE owner = 'files' AND id = ${Number(id)} AND part = 2`);
    const edited = await openCase(SQL, db.export());
    db.close();
    expect(edited.verifyChain().problems).toContainEqual(
      expect.stringMatching(/^opening_balances\.csv \(opening\): its stored bytes hash to [0-9a-f]{12}…, not the SHA-256 the audit log's import entry records/),
    );
    edited.close();
  });

  it('reads a case saved before parts were kept (no stored_parts table, every file whole)', async () => {
    const SQL = await sql();
    const c = await runCase(SQL, { files: quarterInputs(q), settings: quarterSettings(q) });
    const json = unsealedReportJson(c.reportJson());
    const db = new SQL.Database(c.exportCaseAndClose());
    expect(db.exec('SELECT count(*) FROM stored_parts')[0].values[0][0]).toBe(0);
    db.run('DROP TABLE stored_parts');
    const old = await openCase(SQL, db.export());
    db.close();
    expect(unsealedReportJson(old.reportJson())).toBe(json);
    expect(old.verifyChain()).toMatchObject({ ok: true, problems: [] });
    old.close();
  });

  it.skipIf(!duckdbLoads)('on DuckDB, a source of more than half the memory limit is stored, and the case reopens', async () => {
    // 20 MiB under a 32MB limit: stored whole it took one allocation of 32 MiB, and the run failed at its end.
    const duck = duckdbEngine({ dir: tmp, memoryLimit: '32MB', threads: 1 });
    const c = await runCase(duck, { files: withLargeOpening(20 * 1024 * 1024), settings: quarterSettings(q) });
    const json = c.reportJson();
    const path = join(tmp, 'case.duckdb');
    c.saveCaseAndClose(path);
    const again = await openSavedCase(duck, duck.openSavedFile(path));
    expect(again.reportJson()).toBe(json);
    expect(again.verifyChain()).toMatchObject({ ok: true, problems: [] });
    again.close();
  });

  it.skipIf(!duckdbLoads)('on DuckDB, sources larger than the memory limit stop the save with DuckDB’s own memory error', async () => {
    // DuckDB ends the transaction itself when its commit runs out of memory: the error to tell is that one,
    // not the failure of a rollback with nothing left to roll back.
    const duck = duckdbEngine({ dir: tmp, memoryLimit: '32MB', threads: 1 });
    const c = await runCase(duck, { files: withLargeOpening(36 * 1024 * 1024), settings: quarterSettings(q) });
    let error: unknown;
    try {
      c.saveCaseAndClose(join(tmp, 'too-large.duckdb'));
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DuckDbOutOfMemory);
    expect((error as Error).message).toMatch(/^TransactionContext Error: Failed to commit: failed to pin block/);
  });
});
