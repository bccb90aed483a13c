// The engine against the generator's known answers: several quarters (seeds, periods, time zones with and
// without a DST change inside the period, ERP as xlsx and csv). Nothing here is a hard-coded number: every
// expectation comes from the generator's ground truth or from the report's own identities.
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/types';
import { score } from '../../scripts/score';
import { generateQuarter, type GenerateOptions } from '../fixtures/generate';
import { bridgeMap, expectIdentities, runQuarter } from './engine-helpers';

const QUARTERS: (GenerateOptions & { label: string })[] = [
  { label: 'New York Q1 (DST starts 8 Mar), xlsx', seed: 101, cards: 1500, timezone: 'America/New_York', periodStart: '2026-01-01', periodEnd: '2026-03-31', erpFormat: 'xlsx' },
  { label: 'Berlin Q4 (DST ends 25 Oct), csv', seed: 202, cards: 1500, timezone: 'Europe/Berlin', periodStart: '2026-10-01', periodEnd: '2026-12-31', erpFormat: 'csv' },
  { label: 'Sydney Q2 (DST ends 5 Apr), xlsx', seed: 303, cards: 1500, timezone: 'Australia/Sydney', periodStart: '2026-04-01', periodEnd: '2026-06-30', erpFormat: 'xlsx' },
  { label: 'Sydney Q4 (DST starts 4 Oct), csv', seed: 304, cards: 1000, timezone: 'Australia/Sydney', periodStart: '2026-10-01', periodEnd: '2026-12-31', erpFormat: 'csv' },
  { label: 'Kolkata Q3 (no DST), csv', seed: 404, cards: 1500, timezone: 'Asia/Kolkata', periodStart: '2026-07-01', periodEnd: '2026-09-30', erpFormat: 'csv' },
  {
    label: 'New York Q4 (DST ends 1 Nov), xlsx, 4 faults per category', seed: 'five', cards: 2500, timezone: 'America/New_York', periodStart: '2026-10-01', periodEnd: '2026-12-31', erpFormat: 'xlsx',
    anomalies: Object.fromEntries(CATEGORIES.map((c) => [c, 4])),
  },
];

describe('engine accuracy against generated quarters', () => {
  for (const { label, ...opts } of QUARTERS) {
    it(label, async () => {
      const q = generateQuarter(opts);
      const e = q.expected;
      const c = await runQuarter(q);
      const r = c.report;
      const L = r.liability;

      expect(r.period).toEqual({ start: opts.periodStart, end: opts.periodEnd, timezone: opts.timezone });
      expect(L.reconstructed_closing_cents, 'reconstructed closing').toBe(e.reconstructed_closing_cents);
      expect(L.erp_closing_cents, 'ERP closing').toBe(e.erp_closing_cents);
      expect(L.platform_reported_closing_cents, 'platform closing').toBe(e.platform_reported_closing_cents);
      expect(L.by_instrument, 'by instrument').toEqual(e.by_instrument);
      expect(L.rollforward, 'roll-forward').toEqual(e.rollforward);
      expectIdentities(r);
      expect(bridgeMap(L.bridge), 'bridge per category').toEqual(bridgeMap(e.bridge));

      const s = score(e, r);
      expect(s.closing.exact).toBe(true);
      expect(s.cards.total).toBeGreaterThan(500);
      expect(s.cards.share, `cards not exact: ${s.cards.wrong.join('; ')}`).toBeGreaterThanOrEqual(0.995);
      for (const cat of CATEGORIES) {
        const p = s.perCategory[cat];
        if (e.counts[cat] > 0) expect(p, `${cat} expected in the known answer`).toBeDefined();
        if (!p) continue;
        expect(p.recall, `${cat} recall (${p.tp}/${p.expected})`).toBeGreaterThanOrEqual(0.9);
        expect(p.precision, `${cat} precision (found ${p.found})`).toBeGreaterThanOrEqual(0.9);
      }
      // No category outside the fixed vocabulary.
      for (const x of r.exceptions) expect(CATEGORIES).toContain(x.category);

      // A sale never activated has no card number: it is a card-less entry by last four and order, with its true balance.
      for (const u of e.unassigned) {
        const hit = r.cards.find((x) => x.card === null && x.order === u.order && x.last_four === u.last4);
        expect(hit, `unassigned sale ${u.order} …${u.last4}`).toBeDefined();
        expect(hit!.reconstructed_cents).toBe(u.true_cents);
      }
      // The platform's own view of each card is what its last Balance After says.
      const platformWrong = Object.entries(e.cards).filter(([card, v]) => (r.cards.find((x) => x.card === card)?.platform_reported_cents ?? 0) !== v.platform_reported_cents);
      expect(platformWrong.length / Object.keys(e.cards).length).toBeLessThanOrEqual(0.005);
    });
  }
});
