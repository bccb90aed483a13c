// --export-parquet: the canonical events, the decisions and the rows each fallback rule was given, as Parquet,
// with the rules' SQL for other engines (match/rule-dialects.ts). The proof of the files' shape: the exported
// DuckDB SQL, run by a DuckDB of its own over nothing but those files, gives every rule's candidate pairs, in
// order, exactly as the engine's own run produced them.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { RULE_NAMES, readsLeftovers, ruleIn, type RuleName } from '../../shared/match/rule-dialects';
import { RULES } from '../../shared/match/rules';
import { duckdbEngine } from '../../shared/node/duckdb/duckdb-db';
import { writeRulesSql } from '../../shared/node/rules-sql';
import type { CaseDb, CaseEngine } from '../../shared/store/case-db';
import type { InputFile } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { duckdbLoads, NO_DUCKDB } from './duckdb-available';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

const tmp = mkdtempSync(join(tmpdir(), 'bf-parquet-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** An engine whose databases record each rule's candidate pairs as the run asked for them. */
function recording(engine: CaseEngine, seen: Map<RuleName, [number, number][]>): CaseEngine {
  const ruleOf = new Map(RULE_NAMES.map((r) => [RULES[r].sql, r] as const));
  return {
    ...engine,
    create: (n) => {
      const db: CaseDb = engine.create(n);
      const pairs = db.pairs.bind(db);
      db.pairs = (q, params) => {
        const out = pairs(q, params);
        const rule = ruleOf.get(q);
        if (rule) seen.set(rule, out);
        return out;
      };
      return db;
    },
  };
}

/** A quarter bent so that both fallback rules link rows: platform rows without their order, tenders off by cents. */
function bent(files: InputFile[]): InputFile[] {
  const bend = (f: InputFile, column: string, every: number, change: (v: string) => string): InputFile => {
    const lines = new TextDecoder().decode(f.bytes).split('\n');
    const at = lines[0].split(',').indexOf(column);
    const text = lines.map((line, i) => (i === 0 || i % every || line.includes('"') ? line : line.split(',').map((c, j) => (j === at ? change(c) : c)).join(','))).join('\n');
    return { ...f, bytes: new TextEncoder().encode(text) };
  };
  return files.map((f) =>
    f.role === 'platform' ? bend(f, 'Order Ref', 13, () => '') : f.role === 'storefront' ? bend(f, 'Amount', 19, (v) => (Number(v) + 0.02).toFixed(2)) : f,
  );
}

if (!duckdbLoads) console.warn(NO_DUCKDB);

describe('the Parquet export', () => {
  it.skipIf(!duckdbLoads)("runs every exported rule in DuckDB over the files alone to the engine's own pairs", async () => {
    const q = generateQuarter({ seed: 31, cards: 1200, timezone: 'Europe/Berlin', periodStart: '2026-07-01', periodEnd: '2026-09-30', erpFormat: 'csv' });
    const seen = new Map<RuleName, [number, number][]>();
    const c = await runCase(recording(duckdbEngine({ dir: tmp }), seen), { files: bent(quarterInputs(q)), settings: quarterSettings(q) });
    const key = c.report.exceptions[0].key!;
    c.decide([{ key, action: 'accept', user: 'ana', at: '2026-10-02T09:00:00Z' }], `accept ${key}`);
    const dir = join(tmp, 'export');
    const files = [...c.exportParquet(dir), ...writeRulesSql(dir)];
    const events = c.query('SELECT count(*) FROM events', 1).rows[0][0];
    c.close();
    // Every rule ran but those for fields this quarter's layouts do not lack (a rule with `needs`, and the
    // fallbacks for storefront rows without a last four): those the export must show pairing nothing.
    const forLostFields = (rule: RuleName) => 'needs' in RULES[rule] || rule.startsWith('storefrontNoLast4');
    expect([...seen.keys()].sort()).toEqual(RULE_NAMES.filter((r) => !forLostFields(r)).sort());
    for (const rule of ['storefrontPlatformWindow', 'storefrontPlatformAmountOff'] as const) expect(seen.get(rule)!.length, rule).toBeGreaterThan(0);
    expect(files).toContain('events.parquet');
    expect(files).toContain('rules/bigquery/storefrontPlatformWindow.sql');

    const { DuckDBInstance } = await import('@duckdb/node-api');
    const db = await DuckDBInstance.create(':memory:');
    const con = await db.connect();
    const parquet = (name: string) => `read_parquet('${join(dir, name)}')`;
    await con.run(`CREATE VIEW events AS SELECT * FROM ${parquet('events.parquet')}`);
    expect((await con.runAndReadAll('SELECT count(*) FROM events')).getRows()[0][0]).toBe(BigInt(events as number));
    expect((await con.runAndReadAll(`SELECT key, action, "user" FROM ${parquet('decisions.parquet')}`)).getRows()).toEqual([[key, 'accept', 'ana']]);
    for (const rule of RULE_NAMES) {
      if (readsLeftovers(rule)) {
        for (const t of ['leftover_storefront', 'leftover_platform']) {
          await con.run(`CREATE OR REPLACE VIEW ${t} AS SELECT * FROM ${parquet(`leftovers/${rule}/${t}.parquet`)}`);
        }
      }
      const text = readFileSync(join(dir, 'rules', 'duckdb', `${rule}.sql`), 'utf8');
      expect(text).toContain(ruleIn(rule, 'duckdb'));
      const rows = (await con.runAndReadAll(text)).getRows().map(([a, b]) => [Number(a), Number(b)]);
      expect(rows, rule).toEqual(seen.get(rule) ?? []);
    }
    con.closeSync();
    db.closeSync();
  });

  it('is refused on sql.js, in one line naming the engine that writes it', async () => {
    const q = generateQuarter({ seed: 32, cards: 200, timezone: 'UTC', periodStart: '2026-01-01', periodEnd: '2026-03-31', erpFormat: 'csv' });
    const c = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
    expect(() => c.exportParquet(join(tmp, 'no'))).toThrow('Parquet is written by the DuckDB engine: run with --engine duckdb');
    c.close();
  });

  it('writes each rule for Spark SQL and BigQuery with the changes those engines need, and nothing else changed', () => {
    for (const rule of RULE_NAMES) {
      const duck = ruleIn(rule, 'duckdb');
      for (const dialect of ['spark', 'bigquery'] as const) {
        const other = ruleIn(rule, dialect);
        expect(other).not.toMatch(/\$\w+_(first|last)|temp\./);
        expect(other.replaceAll('`at`', '"at"')).toBe(duck);
      }
      // b descending for a rule that prefers the latest (voidInferred).
      expect(duck).toMatch(/ORDER BY a, dist, b( DESC)?$/);
    }
  });
});
