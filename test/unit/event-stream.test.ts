// On DuckDB the events go into the case database while the files are read (import-files.ts EventStream,
// stages.ts loadInputs): what is given early must be exactly the result's first events, in order, so that the
// ids the load gives them are the ids the run uses; and a platform export whose amounts wait for the balance
// chain (Square's CLEAR_BALANCE) stops the early load before the first such row.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { duckdbEngine } from '../../shared/node/duckdb/duckdb-db';
import type { CanonicalEvent } from '../../shared/events';
import { importFiles } from '../../shared/import/import-files';
import { inRoleOrder } from '../../shared/case/stages';
import { BusinessCalendar } from '../../shared/time';
import { generateQuarter, type GenerateOptions } from '../fixtures/generate';
import { duckdbLoads } from './duckdb-available';
import { quarterInputs, quarterSettings } from './engine-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'bf-stream-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

async function readWithStream(o: GenerateOptions) {
  const q = generateQuarter(o);
  const settings = quarterSettings(q);
  const given: CanonicalEvent[] = [];
  const result = await importFiles(inRoleOrder(quarterInputs(q)), undefined, new BusinessCalendar(settings.timezone), {
    liabilityAccounts: settings.liabilityAccounts,
    periodStart: settings.periodStart,
    onEvents: (events, start, end) => {
      for (let i = start; i < end; i++) given.push(events[i]);
    },
  });
  return { q, given, result };
}

describe('events loaded while the files are read', () => {
  it('gives every event of a quarter in the reference layouts, in the order of the result', async () => {
    const { given, result } = await readWithStream({ seed: 5, cards: 300, timezone: 'America/Chicago', erpFormat: 'csv' });
    expect(result.events.length).toBeGreaterThan(1000);
    expect(given.length).toBe(result.events.length);
    given.forEach((e, i) => expect(e, `event ${i}`).toBe(result.events[i]));
  });

  it.skipIf(!duckdbLoads)('stops before the first amount the balance chain settles, and a DuckDB run still loads every event with its id', async () => {
    const o: GenerateOptions = { seed: 5, cards: 300, timezone: 'America/Chicago', erpFormat: 'csv', layout: { platform: 'square-gca' } };
    const { q, given, result } = await readWithStream(o);
    // Square writes newest first: CLEAR_BALANCE rows (amounts from the balance chain) come early in the file.
    expect(given.length).toBeLessThan(result.events.length);
    given.forEach((e, i) => expect(e, `event ${i}`).toBe(result.events[i]));
    const duck = duckdbEngine({ dir: tmp, memoryLimit: '512MB', threads: 2 });
    const c = await runCase(duck, { files: quarterInputs(q), settings: quarterSettings(q) });
    try {
      const stored = c.query('SELECT id, system, key, amount, effect FROM events ORDER BY id', 1_000_000).rows;
      expect(stored.length).toBe(result.events.length);
      stored.forEach(([id, system, key], i) => expect([id, system, key], `row ${i}`).toEqual([i, result.events[i].system, result.events[i].key]));
      expect(c.report.liability.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
    } finally {
      c.close();
    }
  });
});
