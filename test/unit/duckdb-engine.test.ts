// The two engines side by side: a quarter run on sql.js and on DuckDB gives byte-identical report.json (less its
// audit seal, which names each run's own log) and the same rows in every table of the case; decisions and undo
// give the same reports on both; DuckDB's case file (its own database file) reopens to the same report.json, on
// DuckDB and on sql.js. The engine is a choice of the host, not a case setting: nothing in report.json names it.
// Where DuckDB's binary does not load, its tests are skipped (duckdb-available.ts).
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { EngineCase } from '../../shared/api';
import type { CanonicalEvent } from '../../shared/events';
import { openSavedCase } from '../../shared/case/pipeline';
import { runCase } from '../../shared/engine';
import { CaseStore } from '../../shared/case/case-store';
import { rowsBySystem } from '../../shared/match/one-to-one';
import { RULES, ruleParams, systemBounds } from '../../shared/match/rules';
import { duckdbEngine, isDuckDbFile } from '../../shared/node/duckdb/duckdb-db';
import { unsealedReportJson } from '../../shared/report/report-json';
import { CATEGORIES, DEFAULT_SETTINGS, type InputFile } from '../../shared/types';
import { generateQuarter, type GenerateOptions } from '../fixtures/generate';
import { duckdbLoads, NO_DUCKDB } from './duckdb-available';
import { quarterInputs, quarterSettings, roleOf, sql } from './engine-helpers';
import { runWithLoss } from './vendor-loss';

const tmp = mkdtempSync(join(tmpdir(), 'bf-duckdb-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));
if (!duckdbLoads) console.warn(NO_DUCKDB);
// Made only where the binary loads: the engine starts its first worker at once.
const duck = duckdbLoads ? duckdbEngine({ dir: tmp, memoryLimit: '512MB', threads: 2 }) : (null as never);

/** A CSV with one column's value changed on every `every`-th data row (rows with quoted fields left alone). */
function bend(file: InputFile, column: string, every: number, change: (v: string) => string): InputFile {
  const lines = new TextDecoder().decode(file.bytes).split('\n');
  const at = lines[0].split(',').indexOf(column);
  const text = lines
    .map((line, i) => {
      if (i === 0 || i % every || line.includes('"')) return line;
      const cells = line.split(',');
      cells[at] = change(cells[at]);
      return cells.join(',');
    })
    .join('\n');
  return { ...file, bytes: new TextEncoder().encode(text) };
}

const QUARTERS: (GenerateOptions & { label: string; bent?: boolean })[] = [
  {
    label: 'messy files, every category, ERP as a workbook', seed: 21, cards: 900, timezone: 'Europe/Berlin', periodStart: '2026-07-01',
    periodEnd: '2026-09-30', erpFormat: 'xlsx', messy: true, anomalies: Object.fromEntries(CATEGORIES.map((c) => [c, 6])),
  },
  { label: 'standard profile, ERP as CSV, no DST', seed: 22, cards: 1200, timezone: 'Asia/Kolkata', periodStart: '2026-04-01', periodEnd: '2026-06-30', erpFormat: 'csv' },
  {
    label: 'bent so that the fallback rules link rows (no order ref, amounts off)', seed: 23, cards: 1000, timezone: 'America/New_York',
    periodStart: '2026-10-01', periodEnd: '2026-12-31', erpFormat: 'csv', bent: true,
  },
];

/** Every table of the case, in an order that decides every row's place. */
const TABLES: Record<string, string> = {
  events: 'SELECT * FROM events ORDER BY id',
  quarantine: 'SELECT * FROM quarantine ORDER BY file_id, row',
  opening: 'SELECT * FROM opening ORDER BY file_id, row, card, instrument, cents',
  movements: 'SELECT * FROM movements ORDER BY id',
  movement_members: 'SELECT * FROM movement_members ORDER BY movement_id, event_id, rule',
  exceptions: 'SELECT * FROM exceptions ORDER BY seq',
  // NULLS FIRST: SQLite's default, not DuckDB's.
  balances: 'SELECT * FROM balances ORDER BY card NULLS FIRST, instrument, last4 NULLS FIRST, ord NULLS FIRST, reconstructed',
  decisions: 'SELECT * FROM decisions ORDER BY seq',
  files: 'SELECT id, role, name, sha256, rows, imported, quarantined, headers FROM files ORDER BY id',
  report: 'SELECT json FROM report',
};

/**
 * report.json less its audit seal: the seal names each run's own audit log, whose entries carry the times they
 * were written, so two runs (on one engine or two) agree on everything else, byte for byte.
 */
function unsealed(c: EngineCase): string {
  return unsealedReportJson(c.reportJson());
}

function tables(c: EngineCase): Record<string, unknown[][]> {
  const all = Object.fromEntries(Object.entries(TABLES).map(([name, q]) => [name, c.query(q, 1e7).rows]));
  all.report = all.report.map(([json]) => [unsealedReportJson(String(json))]);
  return all;
}

/** A test that needs DuckDB's binary. */
const withDuckDb = it.skipIf(!duckdbLoads);

describe('DuckDB beside sql.js', () => {
  for (const { label, bent, ...opts } of QUARTERS) {
    withDuckDb(label, async () => {
      const q = generateQuarter(opts);
      let files = quarterInputs(q);
      if (bent) {
        files = files.map((f) =>
          f.role === 'platform' ? bend(f, 'Order Ref', 17, () => '')
          : f.role === 'storefront' ? bend(f, 'Amount', 23, (v) => (Number(v) + 0.03).toFixed(2))
          : f,
        );
      }
      const req = { files, settings: quarterSettings(q) };
      const a = await runCase(await sql(), req);
      const b = await runCase(duck, req);
      try {
        expect(unsealed(b) === unsealed(a), 'report.json byte-identical').toBe(true);
        expect(a.reportJson()).not.toMatch(/duckdb|sqljs|sql\.js/i);
        if (bent) {
          const rules = a.report.matching.by_rule;
          expect(rules['identity: last four + amount + time window']).toBeGreaterThan(0);
          expect(rules['identity: order + last four (amount differs)']).toBeGreaterThan(0);
        }
        expect(tables(b)).toEqual(tables(a));
        expect(b.timeline(a.report.cards[0].card, null)).toEqual(a.timeline(a.report.cards[0].card, null));

        // The same decisions, then an undo: the same report on both after each.
        const keys = a.report.exceptions.slice(0, 3).map((x) => x.key!);
        for (const c of [a, b]) {
          c.decide(keys.map((key) => ({ key, action: 'accept', user: 'ana', at: '2026-10-02T09:00:00Z' })), 'accept 3');
          c.decide([{ key: keys[0], action: 'defer', note: 'ask the ERP team', user: 'ana', at: '2026-10-02T09:05:00Z' }], 'defer');
        }
        expect(unsealed(b)).toBe(unsealed(a));
        a.undo('ana', '2026-10-02T09:06:00Z');
        b.undo('ana', '2026-10-02T09:06:00Z');
        expect(unsealed(b)).toBe(unsealed(a));
        expect(tables(b).decisions).toEqual(tables(a).decisions);
      } finally {
        a.close();
        b.close();
      }
    });
  }

  withDuckDb('a quarter that lost what vendor exports never carry: the rules that stand in for them', async () => {
    const q = generateQuarter({ seed: 61, cards: 900 });
    const loss = { storefront: true, voidAmounts: true, platform: true, erpReferences: (e: CanonicalEvent) => e.order !== null && e.ref !== null };
    const a = (await runWithLoss(q, loss)).c;
    const b = (await runWithLoss(q, loss, [], duck)).c;
    try {
      expect(unsealed(b) === unsealed(a), 'report.json byte-identical').toBe(true);
      const rules = a.report.matching.by_rule;
      for (const rule of ['identity: order + amount (no last four)', 'inferred: void → latest earlier redemption', 'reference: ERP memo order + amount']) {
        expect(rules[rule], rule).toBeGreaterThan(0);
      }
      expect(tables(b)).toEqual(tables(a));
    } finally {
      a.close();
      b.close();
    }
  });

  it('every rule runs on each engine, the fallbacks over their tables of rows left', async () => {
    // A rule for a field some exports lack runs only on quarters that lack it: here each runs on an empty case,
    // so that SQL one engine cannot read fails whatever the quarters the other tests use.
    for (const engine of [await sql(), ...(duckdbLoads ? [duck] : [])]) {
      const store = CaseStore.create(engine, 0);
      try {
        for (const [name, rule] of Object.entries(RULES)) {
          const pairs = () => {
            if (!('leftovers' in rule)) return store.pairs(rule.sql, ruleParams(rule.sql, systemBounds(rowsBySystem([]))));
            const out = store.leftoverPairs(rule.sql, [], [], []);
            store.dropLeftovers();
            return out;
          };
          expect(pairs, name).not.toThrow();
        }
      } finally {
        store.close();
      }
    }
  });

  withDuckDb('the bundled demo quarter', async () => {
    const demo = resolve(__dirname, '../../assets/demo');
    const readme = readFileSync(join(demo, 'README.txt'), 'utf8');
    const [, start, end] = /(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})/.exec(readme)!;
    const [, timezone] = /time zone\s+([A-Za-z_]+\/[A-Za-z_/]+)/i.exec(readme)!;
    const files = readdirSync(demo)
      .filter((n) => /\.(csv|xlsx)$/.test(n))
      .map((name) => ({ role: roleOf(name), name, bytes: new Uint8Array(readFileSync(join(demo, name))) }));
    const req = { files, settings: { ...DEFAULT_SETTINGS, periodStart: start, periodEnd: end, timezone } };
    const a = await runCase(await sql(), req);
    const b = await runCase(duck, req);
    expect(unsealed(b) === unsealed(a), 'report.json byte-identical').toBe(true);
    a.close();
    b.close();
  });

  withDuckDb("saves DuckDB's case as its own database file, which reopens to the same report on either engine", async () => {
    const q = generateQuarter({ seed: 24, cards: 800, timezone: 'America/Chicago', periodStart: '2026-04-01', periodEnd: '2026-06-30', erpFormat: 'csv' });
    const req = { files: quarterInputs(q), settings: quarterSettings(q) };
    const c = await runCase(duck, req);
    const key = c.report.exceptions[0].key!;
    c.decide([{ key, action: 'accept', user: 'ana', at: '2026-07-02T10:00:00Z' }], `accept ${key}`);
    const json = c.reportJson();
    expect(c.savesToFile).toBe(true);
    const path = join(tmp, 'case.duckdb');
    c.saveCaseAndClose(path);
    expect(isDuckDbFile(readFileSync(path).subarray(0, 16))).toBe(true);
    // No working file, WAL or spill folder left behind.
    expect(readdirSync(tmp).filter((n) => n.startsWith('.'))).toEqual([]);

    const again = await openSavedCase(duck, duck.openSavedFile(path));
    expect(again.reportJson()).toBe(json);
    expect(again.verifyChain()).toMatchObject({ ok: true, problems: [], readOnly: false });
    again.close();
    const onSqlJs = await openSavedCase(await sql(), duck.openSavedFile(path));
    expect(onSqlJs.reportJson()).toBe(json);
    onSqlJs.close();
  });

  it('a quarter beyond sql.js is refused before it is read, naming the engine that takes it', async () => {
    const unread = (role: InputFile['role'], size: number): InputFile => ({
      role, name: `${role}.csv`, size,
      get bytes(): Uint8Array {
        throw new Error('read');
      },
    });
    const files = [unread('platform', 200 * 2 ** 20), unread('storefront', 100 * 2 ** 20), unread('payments', 100 * 2 ** 20), unread('erp', 300 * 2 ** 20)];
    const settings = { ...DEFAULT_SETTINGS, periodStart: '2026-04-01', periodEnd: '2026-06-30', timezone: 'UTC' };
    await expect(runCase(await sql(), { files, settings })).rejects.toThrow(
      "This quarter's files are 700 MiB in all, over the 450 MiB the app's engine (sql.js) holds: run it on the command line with --engine duckdb",
    );
  });

  withDuckDb('the SQL console on DuckDB reads, and refuses whatever would write', async () => {
    const q = generateQuarter({ seed: 25, cards: 300, timezone: 'UTC', periodStart: '2026-01-01', periodEnd: '2026-03-31', erpFormat: 'csv' });
    const c = await runCase(duck, { files: quarterInputs(q), settings: quarterSettings(q) });
    try {
      const n = c.query('SELECT count(*) AS n FROM events', 10).rows[0][0];
      expect(n).toBe(c.report.inputs.filter((f) => f.system !== 'opening').reduce((s, f) => s + f.imported, 0));
      expect(() => c.query('WITH x AS (SELECT 1) DELETE FROM events', 10)).toThrow();
      expect(() => c.query("COPY events TO '/tmp/x.csv'", 10)).toThrow(/Only a single SELECT/);
      expect(c.query('SELECT count(*) FROM events', 10).rows[0][0]).toBe(n);
      expect(c.query('SELECT id FROM events ORDER BY id', 5)).toMatchObject({ rows: [[0], [1], [2], [3], [4]], truncated: true });
    } finally {
      c.close();
    }
  });
});
