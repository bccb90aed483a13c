import { describe, expect, it } from 'vitest';
import type { Rollforward } from '../types';
import { analyzeClose } from './close';
import type { Flow } from './history';
import { movement as mv, source, sourceFromReconstruction } from './testing';

const A = '6006490000000001';
const B = '6006490000000002';
const C = '6006490000000003';
const D = '6006490000000004';
const E = '6006490000000005';
const S = 'SC00000006';

/** The first quarter as a prior platform export (the breakage test's vintages). */
const quarter1 = () =>
  source('platform-2024Q1.csv', '2024-01-01', '2024-03-31', [
    mv(A, '2024-01-10', 'activation', 10000),
    mv(B, '2024-01-20', 'activation', 20000),
    mv(A, '2024-01-25', 'redemption', -4000),
    mv(C, '2024-02-05', 'activation', 30000),
    mv(B, '2024-02-14', 'redemption', -6000),
    mv(C, '2024-02-20', 'redemption', -9000),
    mv(D, '2024-03-03', 'activation', 10000),
    mv(C, '2024-03-08', 'redemption', -4500),
    mv(A, '2024-03-12', 'redemption', -2000),
    mv(D, '2024-03-20', 'redemption', -3000),
  ]);

/** The second quarter as the reconstruction counts it: its movements by roll-forward flow, and its opening. */
function quarter2() {
  const f = (card: string, bdate: string, flow: Flow, effect: number) => ({
    card, instrument: card.startsWith('SC') ? ('store_credit' as const) : ('gift_card' as const), flow, effect, bdate, at: Date.parse(`${bdate}T12:00:00Z`),
  });
  return sourceFromReconstruction(
    'reconstructed 2024-04-01..2024-06-30',
    { start: '2024-04-01', end: '2024-06-30' },
    Date.parse('2024-04-01T00:00:00Z'),
    [
      f(S, '2024-04-02', 'issued', 3000),
      f(S, '2024-04-03', 'adjusted', -100),
      f(A, '2024-04-10', 'redeemed', -4000),
      f(B, '2024-05-02', 'redeemed', -10000),
      f(E, '2024-05-15', 'issued', 5000),
      f(B, '2024-05-20', 'refunded', 2500),
      f(C, '2024-06-01', 'reloaded', 2000),
      f(C, '2024-06-03', 'redeemed', -1000),
      f(C, '2024-06-04', 'voided', 1000),
      f(D, '2024-06-30', 'expired', -7000),
    ],
    [
      { card: A, instrument: 'gift_card', cents: 4000 },
      { card: B, instrument: 'gift_card', cents: 14000 },
      { card: C, instrument: 'gift_card', cents: 16500 },
      { card: D, instrument: 'gift_card', cents: 7000 },
    ],
  );
}

/** What report.json says for the quarter, worked out by hand from the movements above. */
const RECONSTRUCTED: Rollforward = {
  opening_cents: 41500, issued_cents: 8000, reloaded_cents: 2000, redeemed_cents: 15000, refunded_cents: 2500, voided_cents: 1000, adjusted_cents: -100,
  expired_cents: 7000, closing_cents: 32900,
};
const Q2 = { start: '2024-04-01', end: '2024-06-30' };
const settings = { breakage: { minVintageMonths: 3 }, escheat: { holderState: 'FL' } };

describe('the disclosure roll-forward', () => {
  it('ties line by line to the reconstructed roll-forward and foots, net of the breakage recognised', () => {
    const a = analyzeClose({ period: Q2, sources: [quarter1(), quarter2()], reconstructed: { rollforward: RECONSTRUCTED, byInstrument: { gift_card: 30000, store_credit: 2900 } }, settings });
    const d = a.disclosure;
    expect(a.history.sources.map((s) => s.trueUps)).toEqual([0, 0]);
    expect(d.ties!.ok).toBe(true);
    expect(d.customer_balances.total).toEqual(RECONSTRUCTED);
    expect(d.foots).toBe(true);
    const b = a.breakage.by_instrument.gift_card!;
    const line = (k: string) => d.lines.find((l) => l.key === k)!.amounts;
    expect(line('opening').gift_card).toBe(41500 - b.contra_prior_cents);
    expect(line('closing').gift_card).toBe(30000 - b.contra_now_cents);
    expect(line('closing').total + d.breakage_on_balances.closing.total).toBe(RECONSTRUCTED.closing_cents);
    expect(line('activations')).toEqual({ gift_card: 5000, store_credit: 3000, total: 8000 });
    expect(line('redemptions').total).toBe(-15000);
    expect(line('returned').total).toBe(2500 + 1000);
    expect(line('adjustments')).toEqual({ gift_card: 0, store_credit: -100, total: -100 });
    // D's 70.00 expired: March's breakage is at least that, and the line counts it once.
    expect(line('breakage').gift_card).toBe(-b.this_period_cents);
    expect(b.expired_now_cents - b.expired_prior_cents).toBe(7000);
    expect(b.this_period_cents).toBeGreaterThanOrEqual(7000 - b.contra_prior_cents);
  });

  it('gives the revenue recognised from the opening balance: per card, redemptions consume the opening first', () => {
    const a = analyzeClose({ period: Q2, sources: [quarter1(), quarter2()], settings });
    const r = a.disclosure.revenue_from_opening;
    // A: all 40.00 of its opening. B: 100.00 spent less 25.00 refunded, of 140.00. C: a redemption voided. D: expired, not redeemed.
    expect(r.redemptions).toEqual({ gift_card: 4000 + 7500, store_credit: 0, total: 11500 });
    expect(r.breakage.gift_card).toBe(a.breakage.by_instrument.gift_card!.from_opening_cents);
    expect(r.total.total).toBe(11500 + r.breakage.total);
    const cp = a.disclosure.current_portion;
    expect(cp.estimated).toBe(true);
    const closing = a.disclosure.lines.find((l) => l.key === 'closing')!.amounts;
    expect(cp.current.total + cp.noncurrent.total).toBe(closing.total);
    expect(cp.current.gift_card).toBeLessThanOrEqual(closing.gift_card);
  });

  it('shows every line that does not tie, with its difference', () => {
    const a = analyzeClose({ period: Q2, sources: [quarter1(), quarter2()], reconstructed: { rollforward: { ...RECONSTRUCTED, redeemed_cents: 15100, closing_cents: 32800 } }, settings });
    expect(a.disclosure.ties!.ok).toBe(false);
    expect(a.disclosure.ties!.lines.filter((l) => l.difference_cents !== 0)).toEqual([
      { line: 'redeemed_cents', history_cents: 15000, reconstructed_cents: 15100, difference_cents: -100 },
      { line: 'closing_cents', history_cents: 32900, reconstructed_cents: 32800, difference_cents: 100 },
    ]);
    expect(a.availability.find((x) => x.analysis === 'disclosure')!.reason).toBe('the history does not tie to the reconstructed roll-forward');
  });

  it('without history beyond the quarter: the cards’ balances, breakage only as the platform expired it, all current', () => {
    const a = analyzeClose({ period: Q2, sources: [quarter2()], reconstructed: { rollforward: RECONSTRUCTED }, settings: { escheat: { holderState: 'FL' } } });
    expect(a.breakage.unavailable).toBe('the history gives 3 month(s) of vintages to 2024-06-30; the triangle needs at least 24 (breakage.minVintageMonths)');
    const d = a.disclosure;
    expect(d.ties!.ok).toBe(true);
    expect(d.foots).toBe(true);
    expect(d.lines.find((l) => l.key === 'breakage')!.amounts.total).toBe(-7000);
    expect(d.current_portion.current.total).toBe(32900);
    expect(a.availability.filter((x) => !x.possible).map((x) => x.analysis)).toEqual(['breakage', 'current_portion']);
  });
});
