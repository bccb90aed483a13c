// Two consecutive quarters from the fixture generator (generatePair): the first is exactly the quarter
// generateQuarter makes, the second continues its true state, its logs carry the first's late rows under their
// own ids, and its known answer states the first quarter's late events as counterparts. Read from the files.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import { parseAmount } from '../../shared/money';
import { fileText, generatePair, generateQuarter, quarterFiles, type GeneratedQuarter } from '../fixtures/generate';

type Row = Record<string, string>;

function rows(q: GeneratedQuarter, name: string): Row[] {
  const f = q.files.find((x) => x.name === name);
  if (!f || f.kind !== 'text') throw new Error(`no text file ${name}`);
  return Papa.parse<Row>(fileText(f), { header: true, skipEmptyLines: true }).data;
}

function cents(raw: string): number {
  const r = parseAmount(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.cents;
}

const options = { seed: 4, anomalies: { CUTOFF: 4, ACTIVATION_LAG: 2, UNACTIVATED_SALE: 2, BALANCE_CHAIN_BREAK: 2, MISSING_IN_PLATFORM: 2 } };

describe('generatePair', () => {
  const { first, second } = generatePair(options);

  it('makes the first quarter exactly as generateQuarter does, and the next calendar quarter after it', () => {
    const alone = quarterFiles(generateQuarter(options));
    expect(quarterFiles(first)).toEqual(alone);
    expect([second.options.periodStart, second.options.periodEnd]).toEqual(['2026-10-01', '2026-12-31']);
    expect(second.expected.continues).toEqual({ seed: 4, period: { start: '2026-07-01', end: '2026-09-30' } });
  });

  it('opens each card of the second quarter at what it really held at the first period end', () => {
    for (const card of Object.keys(first.expected.cards)) expect(second.expected.cards[card], card).toBeDefined();
    // The second quarter's true opening is the first's true closing (card-less liabilities included).
    expect(second.expected.rollforward.opening_cents).toBe(first.expected.reconstructed_closing_cents);
    // Its books open at the ERP's own closing, errors included.
    expect(second.expected.gl_opening_cents).toBe(first.expected.erp_closing_cents);
    expect(second.expected.opening_difference!.erp_cents).toBe(first.expected.reconstructed_closing_cents - first.expected.erp_closing_cents);
  });

  it('writes what the platform itself held as the second quarter’s opening file, errors carried', () => {
    const opening = new Map(rows(second, 'opening_balances.csv').map((r) => [r['Card Number'], cents(r['Balance'])]));
    for (const [card, c] of Object.entries(first.expected.cards)) expect(opening.get(card), card).toBe(c.platform_reported_cents);
    const carried = Object.entries(first.expected.cards).filter(([, c]) => c.platform_reported_cents !== c.true_cents);
    expect(carried.length).toBeGreaterThan(0);
  });

  it('carries the first logs’ rows past its period end into the second, under the same ids', () => {
    const end = '2026-10-01T04:00:00Z';
    const late = rows(first, 'platform.csv').filter((r) => r['Timestamp'] >= end);
    const next = new Map(rows(second, 'platform.csv').map((r) => [r['Transaction ID'], r]));
    expect(late.length).toBeGreaterThan(0);
    for (const r of late) expect(next.get(r['Transaction ID']), r['Transaction ID']).toEqual(r);
    const ids = rows(second, 'platform.csv').map((r) => r['Transaction ID']);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('states the first quarter’s late events as counterparts in the second’s known answer', () => {
    const counterparts = second.expected.anomalies.filter((a) => a.variant.startsWith('prior_period'));
    const postings = counterparts.filter((a) => a.category === 'CUTOFF');
    const activations = counterparts.filter((a) => a.category === 'ACTIVATION_LAG');
    // Every cut-off of the first quarter the ERP posted after its end is posted in the second.
    const lateCutoffs = first.expected.anomalies.filter((a) => a.category === 'CUTOFF');
    expect(postings).toHaveLength(lateCutoffs.length);
    const erp = new Set(postings.map((p) => p.records[0].ref));
    for (const c of lateCutoffs) expect(erp.has(c.records.find((r) => r.system === 'erp')!.ref)).toBe(true);
    // The activation that crossed the period end, and one sale the first quarter never saw activated.
    expect(activations).toHaveLength(2);
    const sold = first.expected.unassigned.map((u) => u.last4);
    expect(activations.some((a) => sold.includes(a.card!.slice(-4)))).toBe(true);
    expect(second.expected.unassigned).toHaveLength(first.expected.unassigned.length - 1 + second.expected.counts.UNACTIVATED_SALE);
  });
});
