// A quarter with no injected faults: the engine must find nothing, and the three closings must agree.
import { describe, expect, it } from 'vitest';
import { generateQuarter } from '../fixtures/generate';
import { bridgeMap, expectIdentities, runQuarter } from './engine-helpers';

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
