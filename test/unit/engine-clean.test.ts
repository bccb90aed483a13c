// A quarter with no injected faults: the engine must find nothing, and the three closings must agree.
import type { SqlJsStatic, SqlValue } from 'sql.js';
import { describe, expect, it } from 'vitest';
import { unsealedReportJson } from '../../shared/engine';
import { generateQuarter } from '../fixtures/generate';
import { bridgeMap, expectIdentities, quarterInputs, runQuarter, sql } from './engine-helpers';

describe('engine on a clean quarter', () => {
  for (const opts of [
    { seed: 71, cards: 800, timezone: 'America/New_York', erpFormat: 'xlsx' as const },
    { seed: 72, cards: 800, timezone: 'Australia/Sydney', periodStart: '2026-04-01', periodEnd: '2026-06-30', erpFormat: 'csv' as const },
  ]) {
    it(`finds no exception and reconstructed = platform = ERP (${opts.timezone}, ${opts.erpFormat})`, async () => {
      const q = generateQuarter({ ...opts, anomalies: 'clean' });
      const e = q.expected;
      // The generator's clean quarter has this property; the engine must see it too.
      expect(e.anomalies).toHaveLength(0);
      expect(e.platform_reported_closing_cents).toBe(e.reconstructed_closing_cents);
      expect(e.erp_closing_cents).toBe(e.reconstructed_closing_cents);

      const r = (await runQuarter(q)).report;
      expect(r.exceptions.map((x) => `${x.category} ${x.explanation}`)).toEqual([]);
      expect(bridgeMap(r.liability.bridge)).toEqual({});
      expect(r.liability.reconstructed_closing_cents).toBe(e.reconstructed_closing_cents);
      expect(r.liability.platform_reported_closing_cents).toBe(r.liability.reconstructed_closing_cents);
      expect(r.liability.erp_closing_cents).toBe(r.liability.reconstructed_closing_cents);
      expectIdentities(r);
      for (const c of r.cards) expect(c.reconstructed_cents, String(c.card)).toBe(c.platform_reported_cents);
      for (const i of r.inputs) expect(i.quarantined, i.file).toBe(0);
      // Matching did its work: most movements were matched across systems.
      expect(r.matching.matched_groups).toBeGreaterThan(0);
    });
  }
});

/** The rows of an exported case's tables, by name: those named, or every one but the audit log (whose entries
 *  carry the time they were made). */
function caseTables(SQL: SqlJsStatic, bytes: Uint8Array, names?: string[]): Record<string, SqlValue[][]> {
  const db = new SQL.Database(bytes);
  const all = names ?? (db.exec("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'audit_log' ORDER BY name")[0].values.flat() as string[]);
  const out = Object.fromEntries(all.map((t) => [t, db.exec(`SELECT * FROM ${t} ORDER BY 1, 2`)[0]?.values ?? []]));
  db.close();
  // The stored report's seal names its run's audit log, left out with the log itself.
  out.report = out.report?.map(([id, json]) => [id, unsealedReportJson(String(json))]);
  return out;
}

describe('closing a case', () => {
  it('frees its database: the case is unusable after, and a new run works', async () => {
    const q = generateQuarter({ seed: 4, cards: 60 });
    const c = await runQuarter(q);
    expect(c.exportCase().length).toBeGreaterThan(0);
    c.close();
    expect(() => c.exportCase()).toThrow(/closed/i);
    const again = await runQuarter(q);
    expect(again.report.liability.reconstructed_closing_cents).toBe(c.report.liability.reconstructed_closing_cents);
    again.close();
  });
});

describe('the final export (exportCaseAndClose)', () => {
  it('makes the same case file as exportCase, then leaves the case closed', async () => {
    const SQL = await sql();
    const q = generateQuarter({ seed: 8, cards: 80 });
    const tables = (bytes: Uint8Array) => caseTables(SQL, bytes);
    const a = await runQuarter(q);
    const b = await runQuarter(q);
    const kept = tables(a.exportCase());
    const final = tables(b.exportCaseAndClose());
    expect(final).toEqual(kept);
    // The sources are in it, byte for byte, and so are the results the objects held.
    const given = new Map(quarterInputs(q).map((f) => [f.name, Buffer.from(f.bytes).toString('hex')]));
    expect(new Map(final.files.map((f) => [f[2] as string, Buffer.from(f[11] as Uint8Array).toString('hex')]))).toEqual(given);
    expect(final.movements.length).toBeGreaterThan(0);
    expect(final.exceptions.length).toBe(a.report.exceptions.length);
    expect(() => b.query('SELECT 1')).toThrow(/closed/i);
    a.close();
  });
});

describe('look-up indexes', () => {
  it('are built when a look-up first needs them, not by the run, and then serve the timeline and the SQL console', async () => {
    const SQL = await sql();
    const q = generateQuarter({ seed: 5, cards: 80 });
    const c = await runQuarter(q);
    const indexes = () => {
      const db = new SQL.Database(c.exportCase());
      const names = db.exec("SELECT name FROM sqlite_master WHERE type = 'index' AND name NOT LIKE 'sqlite_%' ORDER BY name")[0]?.values.flat() ?? [];
      db.close();
      return names as string[];
    };
    // The run leaves only the matching's indexes (and the report it stores is the same either way).
    expect(indexes()).toEqual(['ev_platform_key', 'ev_platform_ord', 'ev_storefront_ord']);
    const card = c.report.cards.find((x) => x.card)!.card!;
    const tl = c.timeline(card);
    expect(tl.length).toBeGreaterThan(0);
    expect(indexes()).toEqual(['ev_card', 'ev_platform_key', 'ev_platform_ord', 'ev_ref', 'ev_storefront_ord', 'mm_event', 'mm_movement']);
    // The console's plans use them, and building again is a no-op.
    c.prepareLookups();
    const plan = c.query(`EXPLAIN QUERY PLAN SELECT * FROM events WHERE card = '${card}'`).rows.map((r) => String(r.at(-1)));
    expect(plan.join(' ')).toMatch(/USING INDEX ev_card/);
    expect(c.timeline(card)).toEqual(tl);
    c.close();
  });
});

describe('movements in the case database', () => {
  it('are written when first needed, the same whether a look-up or the export comes first', async () => {
    const SQL = await sql();
    const q = generateQuarter({ seed: 6, cards: 80 });
    const tables = (bytes: Uint8Array) => caseTables(SQL, bytes, ['movements', 'movement_members']);
    // Exported straight after the run: the export writes them.
    const a = await runQuarter(q);
    const exported = tables(a.exportCase());
    expect(exported.movements.length).toBeGreaterThan(0);
    expect(exported.movement_members.length).toBeGreaterThan(exported.movements.length);
    // A card's timeline first: it needs them (which movement each event belongs to), and writes them once.
    const b = await runQuarter(q);
    const card = b.report.cards.find((x) => x.card)!.card!;
    expect(b.timeline(card).some((row) => row.group_id !== null)).toBe(true);
    b.prepareLookups();
    expect(tables(b.exportCase())).toEqual(exported);
    a.close();
    b.close();
  });

  it('the results tables hold the last recompute, for the SQL console and in the export', async () => {
    const SQL = await sql();
    const c = await runQuarter(generateQuarter({ seed: 7, cards: 120 }));
    const r = c.report;
    expect(r.exceptions.length).toBeGreaterThan(0);
    const one = (text: string) => c.query(text).rows[0][0];
    expect(one('SELECT COUNT(*) FROM exceptions')).toBe(r.exceptions.length);
    expect(one('SELECT COUNT(*) FROM balances')).toBe(r.cards.length);
    expect(one('SELECT SUM(reconstructed) FROM balances')).toBe(r.cards.reduce((a, x) => a + x.reconstructed_cents, 0));
    expect(one('SELECT json FROM report')).toBe(c.reportJson());
    // A decision replays the case: the console and the export then show the new state, not the old.
    const x = r.exceptions[0];
    const after = c.decide([{ key: x.key!, action: 'accept', user: 'tester', at: '2026-10-01T00:00:00Z' }], 'accept');
    const status = after.exceptions.find((e) => e.key === x.key)!.status;
    expect(status).not.toBe(x.status);
    expect(c.query(`SELECT status FROM exceptions WHERE key = '${x.key}'`).rows[0][0]).toBe(status);
    const db = new SQL.Database(c.exportCase());
    expect(db.exec(`SELECT status FROM exceptions WHERE key = '${x.key}'`)[0].values[0][0]).toBe(status);
    expect(db.exec('SELECT json FROM report')[0].values[0][0]).toBe(c.reportJson());
    db.close();
    c.close();
  });
});
