// The matching that stands in for what vendor exports never carry, end to end on generated quarters: the
// reference-layout files are imported, their events lose what Square, Shopify, Stripe and QuickBooks Online
// lose (vendor-loss.ts), and the report is scored against the generator's known answer. Nothing here is a
// hard-coded number: every expectation comes from the generator's ground truth.
import { describe, expect, it } from 'vitest';
import { CATEGORIES } from '../../shared/types';
import { score } from '../../scripts/score';
import { generateQuarter, type GenerateOptions } from '../fixtures/generate';
import { expectIdentities } from './engine-helpers';
import { runWithLoss } from './vendor-loss';

const QUARTERS: (GenerateOptions & { label: string })[] = [
  { label: 'New York Q3, 2 faults per category', seed: 61, cards: 900 },
  {
    label: 'Berlin Q4 (DST ends 25 Oct), 4 faults per category', seed: 'loss', cards: 1400, timezone: 'Europe/Berlin',
    periodStart: '2026-10-01', periodEnd: '2026-12-31', anomalies: Object.fromEntries(CATEGORIES.map((c) => [c, 4])),
  },
];

describe('matching without the fields vendor exports never carry (simulated on generated quarters)', () => {
  for (const { label, ...opts } of QUARTERS) {
    it(label, async () => {
      const q = generateQuarter(opts);
      // The same quarter in the vendor layouts: the cards no file there can tie to a storefront-only movement.
      const vendor = generateQuarter({ ...opts, layout: 'vendor' });
      expect(vendor.expected.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
      const named = new Set(q.expected.anomalies.flatMap((a) => a.records.filter((r) => r.system === 'erp').map((r) => r.ref)));
      const { c, refmap } = await runWithLoss(
        q,
        // An ERP line a fault names keeps its reference: without it, a double posting or a wrong amount cannot be told.
        { storefront: true, voidAmounts: true, platform: true, erpReferences: (e) => e.order !== null && e.ref !== null && !named.has(e.key) },
        vendor.refmap!.unattributable,
      );
      const r = c.report;
      expectIdentities(r);
      const s = score(q.expected, r, { refmap });
      expect(s.closing.exact, `closing ${s.closing.got} vs ${s.closing.expected}`).toBe(true);
      expect(s.cards.wrong, 'cards not exact').toEqual([]);
      expect(s.cards.unattributable.onNullLine).toBe(s.cards.unattributable.total);
      for (const cat of CATEGORIES) {
        const p = s.perCategory[cat];
        if (q.expected.counts[cat] > 0) expect(p, `${cat} expected in the known answer`).toBeDefined();
        if (!p) continue;
        expect([cat, p.recall, p.precision], `${cat}: found ${p.found}, expected ${p.expected}, ${p.tp} right`).toEqual([cat, 1, 1]);
      }
      const rules = r.matching.by_rule;
      for (const rule of ['identity: order + amount (no last four)', 'inferred: void → latest earlier redemption', 'reference: ERP memo order + amount']) {
        expect(rules[rule], rule).toBeGreaterThan(0);
      }
      for (const rule of ['identity: order + last four + amount', 'void → voided transaction']) expect(rules[rule] ?? 0, rule).toBe(0);
      c.close();
    });
  }
});
