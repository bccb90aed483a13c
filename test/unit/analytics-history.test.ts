// The close analytics on five years of generated platform history, read through the engine's own import: the
// breakage estimate against the ultimate breakage the generator planned, the escheat exposure against the
// exposure it worked out from its plan, and the disclosure roll-forward against its last quarter.
import { beforeAll, describe, expect, it } from 'vitest';
import { analyzeClose, type CloseAnalytics } from '../../shared/analytics/close';
import { balanceAt, buildHistory, sourceFromPlatformEvents, type HistorySource } from '../../shared/analytics/history';
import { readCardRegister } from '../../shared/analytics/register';
import { importFiles } from '../../shared/import/import-files';
import { openTable } from '../../shared/import/read-table';
import { BusinessCalendar } from '../../shared/time';
import type { Instrument } from '../../shared/types';
import { generateHistory, type GeneratedHistory } from '../fixtures/history/generate-history';

const bytes = (text: string) => new TextEncoder().encode(text);

async function sourcesOf(g: GeneratedHistory, quarters = g.quarters): Promise<HistorySource[]> {
  const calendar = new BusinessCalendar(g.timezone);
  const out: HistorySource[] = [];
  for (const q of quarters) {
    const r = await importFiles([{ role: 'platform', name: q.name, bytes: bytes(q.text) }], undefined, calendar, { liabilityAccounts: ['2410', '2420'] });
    expect(r.files[0].summary.quarantined, q.name).toBe(0);
    out.push(sourceFromPlatformEvents(q.name, q.period, calendar.startOf(q.period.start), r.events));
  }
  return out;
}

function registerOf(g: GeneratedHistory) {
  const table = openTable(g.register.name, bytes(g.register.text));
  const rows = [...table.chunks()].flatMap((c) => c.rows);
  const r = readCardRegister(g.register.name, table.headers, rows);
  expect(r.refused).toEqual([]);
  return r.register;
}

describe('the history generator', () => {
  it('writes the same bytes for the same seed, and other bytes for another', () => {
    const small = { quarters: 4, giftCardsPerMonth: 20, storeCreditsPerMonth: 5 };
    const a = generateHistory({ seed: 7, ...small });
    const b = generateHistory({ seed: 7, ...small });
    const c = generateHistory({ seed: 8, ...small });
    expect(b.quarters.map((q) => q.text)).toEqual(a.quarters.map((q) => q.text));
    expect(b.register.text).toBe(a.register.text);
    expect(b.truth).toEqual(a.truth);
    expect(c.quarters[0].text).not.toBe(a.quarters[0].text);
    expect(a.quarters.map((q) => [q.name, q.period.start, q.period.end])).toEqual([
      ['platform-2021Q4.csv', '2021-10-01', '2021-12-31'],
      ['platform-2022Q1.csv', '2022-01-01', '2022-03-31'],
      ['platform-2022Q2.csv', '2022-04-01', '2022-06-30'],
      ['platform-2022Q3.csv', '2022-07-01', '2022-09-30'],
    ]);
  });
});

describe('close analytics on five years of history', () => {
  let g: GeneratedHistory;
  let sources: HistorySource[];
  let a: CloseAnalytics;
  beforeAll(async () => {
    // 500 gift cards and 250 store credit accounts a month for 20 quarters: 45,000 cards, ~150,000 rows.
    g = generateHistory({ seed: 1, giftCardsPerMonth: 500, storeCreditsPerMonth: 250 });
    sources = await sourcesOf(g);
    a = analyzeClose({
      period: g.quarters[g.quarters.length - 1].period, sources, register: registerOf(g), settings: { escheat: { holderState: g.holderState } },
    });
  }, 120_000);

  it('estimates the ultimate breakage within one percentage point of the truth, per instrument', () => {
    for (const i of ['gift_card', 'store_credit'] as Instrument[]) {
      const estimate = Number(a.breakage.by_instrument[i]!.ultimate_breakage_rate);
      const truth = g.truth.by_instrument[i]!.breakage_rate;
      expect(Math.abs(estimate - truth), `${i}: estimate ${estimate}, truth ${truth.toFixed(6)}`).toBeLessThan(0.01);
      // The loads the triangle counts are every load the generator made.
      expect(a.breakage.by_instrument[i]!.vintages.reduce((s, v) => s + v.loaded_cents, 0)).toBe(g.truth.by_instrument[i]!.loaded_cents);
    }
    expect(a.availability.every((x) => x.possible && x.reason === null)).toBe(true);
  });

  it('finds exactly the escheat exposure the plan gives under the rule table, by state and instrument', () => {
    const got = new Map<string, { presumed_abandoned_cents: number; within_horizon_cents: number }>();
    for (const r of a.escheat.rows) {
      const k = `${r.state}|${r.instrument}`;
      const x = got.get(k) ?? { presumed_abandoned_cents: 0, within_horizon_cents: 0 };
      x.presumed_abandoned_cents += r.presumed_abandoned_cents;
      x.within_horizon_cents += r.within_horizon_cents;
      got.set(k, x);
    }
    const want = new Map(g.truth.escheat.map((t) => [`${t.state}|${t.instrument}`, { presumed_abandoned_cents: t.presumed_abandoned_cents, within_horizon_cents: t.within_horizon_cents }]));
    expect(g.truth.escheat.some((t) => t.presumed_abandoned_cents > 0)).toBe(true);
    expect(got).toEqual(want);
  });

  it('ties the disclosure roll-forward to the last quarter as planned, and foots net of breakage', () => {
    const d = a.disclosure;
    for (const i of ['gift_card', 'store_credit'] as Instrument[]) expect(d.customer_balances[i], i).toEqual(g.truth.last_quarter[i]);
    expect(d.foots).toBe(true);
    const closing = d.lines.find((l) => l.key === 'closing')!.amounts;
    expect(closing.total + d.breakage_on_balances.closing.total).toBe(g.truth.last_quarter.gift_card.closing_cents + g.truth.last_quarter.store_credit.closing_cents);
    expect(a.aging.totals.gift_card.balance_cents + a.aging.totals.store_credit.balance_cents).toBe(d.customer_balances.total.closing_cents);
    expect(a.breakage.journal.reduce((s, l) => s + l.debit_cents - l.credit_cents, 0)).toBe(0);
  });

  it('says what it cannot do from the last quarter alone', () => {
    const last = sources[sources.length - 1];
    // As the reconstruction gives the quarter: with every card's opening balance, the idle cards' too.
    const before = buildHistory(sources.slice(0, -1));
    const quarter = { ...last, carried: before.cards.map((c) => ({ card: c.card, instrument: c.instrument, cents: balanceAt(c, '2026-06-30') })) };
    const only = analyzeClose({ period: last.period, sources: [quarter], settings: { escheat: { holderState: g.holderState } } });
    expect(only.breakage.unavailable).toBe('the history gives 3 month(s) of vintages to 2026-09-30; the triangle needs at least 24 (breakage.minVintageMonths)');
    expect(only.availability.find((x) => x.analysis === 'escheat')!.reason).toMatch(/cannot be dated \(add prior quarters: the Analytics screen, or --history\)$/);
    expect(only.aging.rows.some((r) => r.bucket === 'unknown' && r.vintage === 'before history')).toBe(true);
    expect(only.disclosure.customer_balances.total).toEqual(a.disclosure.customer_balances.total);
    expect(only.disclosure.foots).toBe(true);
  });
});
