import { describe, expect, it } from 'vitest';
import { analyzeClose, type AnalyticsSettingsInput } from './close';
import type { HistorySource } from './history';
import { movement as mv, source } from './testing';

const A = '6006490000000001';
const B = '6006490000000002';
const C = '6006490000000003';
const D = '6006490000000004';

/**
 * Three vintages written out by hand. Jan: A loads 100.00 and B 200.00; A spends 40.00 in January and 20.00 in
 * March, B 60.00 in February. Feb: C loads 300.00, spends 90.00 in February and 45.00 in March. Mar: D loads
 * 100.00 and spends 30.00.
 *   R_jan = 40, 100, 120   R_feb = 90, 135   R_mar = 30            (dollars, by age 0, 1, 2)
 *   f(0) = (100 + 135) / (40 + 90) = 47/26 = 1.807692…             f(1) = 120 / 100 = 1.2
 *   u_jan = 120/300 = 0.4   u_feb = 135/300 × 1.2 = 0.54           u_mar = 30/100 × 47/26 × 1.2 = 423/650
 */
function quarter1(): HistorySource {
  return source('Q1', '2024-01-01', '2024-03-31', [
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
}

const Q1 = { start: '2024-01-01', end: '2024-03-31' };
const settings = (over: AnalyticsSettingsInput['breakage'] = {}, escheat: AnalyticsSettingsInput['escheat'] = { holderState: 'FL' }): AnalyticsSettingsInput => ({
  breakage: { minVintageMonths: 3, prudenceMargin: '0.02', ...over },
  escheat,
});

describe('the development triangle', () => {
  it('has exactly the factors of the hand-written vintages', () => {
    const a = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings() });
    const tri = a.breakage.by_instrument.gift_card!.triangle!;
    expect(tri.vintages).toEqual([
      { vintage: '2024-01', loaded_cents: 30000, cumulative_redeemed_cents: [4000, 10000, 12000] },
      { vintage: '2024-02', loaded_cents: 30000, cumulative_redeemed_cents: [9000, 13500] },
      { vintage: '2024-03', loaded_cents: 10000, cumulative_redeemed_cents: [3000] },
    ]);
    expect(tri.factors).toEqual([
      { age: 0, numerator_cents: 23500, denominator_cents: 13000, vintages: 2, factor: '1.807692' },
      { age: 1, numerator_cents: 12000, denominator_cents: 10000, vintages: 1, factor: '1.200000' },
    ]);
    expect(tri.valuation_date).toBe('2024-03-31');
  });

  it('gives each vintage its ultimate redemption, breakage and the breakage recognised in proportion, to the cent', () => {
    const a = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings() });
    const b = a.breakage.by_instrument.gift_card!;
    // Florida exempts gift cards: no share is owed to a state, so b = 1 − u, and b* = b − 0.02.
    expect(b.vintages.map((v) => [v.vintage, v.ultimate_redemption, v.escheat_share, v.raw_breakage, v.constrained_breakage])).toEqual([
      ['2024-01', '0.400000', '0.000000', '0.600000', '0.580000'],
      ['2024-02', '0.540000', '0.000000', '0.460000', '0.440000'],
      ['2024-03', '0.650769', '0.000000', '0.349231', '0.329231'],
    ]);
    // B_jan = 0.58 × 300 × min(1, 120 / 120) = 174.00; B_feb = 0.44 × 300 × 135/162 = 110.00;
    // B_mar = (214/650) × 100 × 30 / (100 × 423/650) = 6420/423 = 15.1773… → 15.18 (half-even at the cent).
    expect(b.vintages.map((v) => v.breakage_to_date_cents)).toEqual([17400, 11000, 1518]);
    expect(b.this_period_cents).toBe(29918);
    // (0.6 × 300 + 0.46 × 300 + 227/650 × 100) / 700 = 0.5041758…
    expect(b.ultimate_breakage_rate).toBe('0.504176');
    expect(b.journal).toEqual([
      { account: '2410', description: 'Gift card breakage 2024-01-01..2024-03-31 (proportional)', debit_cents: 29918, credit_cents: 0 },
      { account: '4050', description: 'Gift card breakage 2024-01-01..2024-03-31 (proportional)', debit_cents: 0, credit_cents: 29918 },
    ]);
    expect(a.breakage.by_instrument.store_credit!.this_period_cents).toBe(0);
  });

  it('leaves out what a state is owed: all of it in New York, 60% in New Jersey, by the loads each state claims', () => {
    const ny = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings({}, { holderState: 'NY' }) }).breakage.by_instrument.gift_card!;
    expect(ny.vintages.every((v) => v.raw_breakage === '0.000000' && v.breakage_to_date_cents === 0)).toBe(true);
    const nj = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings({}, { holderState: 'NJ' }) }).breakage.by_instrument.gift_card!;
    // e_jan = (1 − 0.4) × 0.6 = 0.36; b = 0.24; b* = 0.22; B = 0.22 × 300 = 66.00.
    expect(nj.vintages[0]).toMatchObject({ escheat_share: '0.360000', raw_breakage: '0.240000', breakage_to_date_cents: 6600 });
    // A's owner lives in New Jersey, the rest fall to Florida: a third of January's loads, at 60%.
    const mixed = analyzeClose({ period: Q1, sources: [quarter1()], register: new Map([[A, 'NJ']]), settings: settings() }).breakage.by_instrument.gift_card!;
    expect(mixed.vintages[0]).toMatchObject({ escheat_share: '0.120000', raw_breakage: '0.480000' });
  });

  it('applies the prudence margin and the tail as given', () => {
    const b = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings({ prudenceMargin: '0.5', tailFactor: '1.1' }) }).breakage.by_instrument.gift_card!;
    // u_jan = 0.4 × 1.1 = 0.44: b = 0.56, b* = 0.06. u_feb = 0.594: b = 0.406, less 0.5 → 0.
    expect(b.vintages.map((v) => [v.ultimate_redemption, v.constrained_breakage])).toEqual([
      ['0.440000', '0.060000'],
      ['0.594000', '0.000000'],
      ['0.715846', '0.000000'],
    ]);
    expect(b.vintages[0].breakage_to_date_cents).toBe(Math.round(0.06 * 30000 * (12000 / (0.44 * 30000))));
  });

  it('says why it cannot estimate: too few months of vintages, a valuation date that is no month end', () => {
    const short = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings({ minVintageMonths: 24 }) });
    expect(short.breakage.unavailable).toBe('the history gives 3 month(s) of vintages to 2024-03-31; the triangle needs at least 24 (breakage.minVintageMonths)');
    expect(short.availability.find((x) => x.analysis === 'breakage')).toEqual({ analysis: 'breakage', possible: false, reason: short.breakage.unavailable });
    expect(short.disclosure.current_portion.estimated).toBe(false);
    const midMonth = analyzeClose({ period: { start: '2024-01-01', end: '2024-03-20' }, sources: [source('Q', '2024-01-01', '2024-03-20', quarter1().movements)], settings: settings() });
    expect(midMonth.breakage.unavailable).toBe('the valuation date 2024-03-20 is not a month end: vintages and ages are whole months');
  });
});

describe("this quarter's breakage", () => {
  /** Q2: A spends its last 40.00, B spends 100.00 of its 140.00, E loads 50.00 and spends nothing. */
  const quarter2 = () =>
    source('Q2', '2024-04-01', '2024-06-30', [
      mv(A, '2024-04-10', 'redemption', -4000),
      mv(B, '2024-05-02', 'redemption', -10000),
      mv('6006490000000005', '2024-05-15', 'activation', 5000),
    ]);

  it('is the cumulative figure now less the one at the prior quarter end, that one as the estimate then stood', () => {
    const q1 = analyzeClose({ period: Q1, sources: [quarter1()], settings: settings() }).breakage.by_instrument.gift_card!;
    const q2 = analyzeClose({ period: { start: '2024-04-01', end: '2024-06-30' }, sources: [quarter1(), quarter2()], settings: settings() }).breakage.by_instrument.gift_card!;
    // The prior quarter end's estimate uses nothing that happened after it.
    expect(q2.prior_vintages).toEqual(q1.vintages);
    expect(q2.recognised_prior_cents).toBe(q1.recognised_now_cents);
    expect(q2.this_period_cents).toBe(q2.recognised_now_cents - q2.recognised_prior_cents);
    expect(q2.change_in_estimate_cents! + q2.activity_cents!).toBe(q2.this_period_cents);
    // More of January was redeemed than the curve expected, so its estimated breakage fell: a negative change.
    expect(q2.change_in_estimate_cents).toBeLessThan(0);
    // Everything recognised on January and February value was in the opening balance.
    const opening = q2.vintages.filter((v) => v.vintage < '2024-04').reduce((s, v) => s + v.recognised_to_date_cents, 0);
    expect(q2.from_opening_cents).toBe(opening - q2.recognised_prior_cents);
  });

  it('by the remote method: the balance of cards inactive for N months, less what a state takes', () => {
    const E = '6006490000000005';
    const F = '6006490000000006';
    const sources = [
      source('Q1', '2024-01-01', '2024-03-31', [
        ...quarter1().movements,
        mv(E, '2024-01-05', 'activation', 5000),
        mv(F, '2024-01-06', 'activation', 4000),
      ]),
    ];
    const a = analyzeClose({ period: Q1, sources, register: new Map([[F, 'NJ']]), settings: settings({ method: 'remote', remoteMonths: 2 }) });
    const b = a.breakage.by_instrument.gift_card!;
    // E and F have been idle since 5 and 6 January: two whole months by 31 March. F's state takes 60%.
    expect(b.recognised_now_cents).toBe(5000 + 1600);
    expect(b.this_period_cents).toBe(6600);
    expect(b.contra_now_cents).toBe(6600);
    expect(b.change_in_estimate_cents).toBeNull();
    const tooShort = analyzeClose({ period: Q1, sources, settings: settings({ method: 'remote', remoteMonths: 36 }) });
    expect(tooShort.breakage.unavailable).toBe('the history covers 2 month(s) to 2024-03-31; no card can be known to be inactive for 36 (breakage.remoteMonths)');
  });

  it('counts balances the platform expired as breakage, never twice', () => {
    const sources = [source('Q1', '2024-01-01', '2024-03-31', [...quarter1().movements, mv(B, '2024-03-25', 'expiry', -14000)])];
    const b = analyzeClose({ period: Q1, sources, settings: settings() }).breakage.by_instrument.gift_card!;
    const jan = b.vintages[0];
    // B's 140.00 expired: more than January's estimated breakage (0.58 × 300 × …), so the expiry is what counts.
    expect(jan.expired_cents).toBe(14000);
    expect(jan.recognised_to_date_cents).toBe(Math.max(jan.breakage_to_date_cents, 14000));
    expect(b.expired_now_cents).toBe(14000);
    expect(b.contra_now_cents).toBe(b.recognised_now_cents - 14000);
  });
});

describe('settings', () => {
  it('refuses a bad setting with a line naming it', () => {
    expect(() => analyzeClose({ period: Q1, sources: [quarter1()], settings: { breakage: { prudenceMargin: '2%' }, escheat: { holderState: 'XX' } } })).toThrow(
      'breakage.prudenceMargin: must be a decimal from 0 to 1 such as "0.02", got "2%"\nescheat.holderState: must be a US state or DC code such as "DE", got "XX"',
    );
  });
});
