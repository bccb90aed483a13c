import { describe, expect, it } from 'vitest';
import RULES from './escheat-rules.json';
import { analyzeClose } from './close';
import { US_STATES, applicableRule, defaultRuleTable, parseRuleTable, DEFAULT_ESCHEAT_SETTINGS } from './escheat';
import { movement as mv, source } from './testing';

describe('the rule table', () => {
  it('ships valid, says it is not legal advice, and cites a source for every rule', () => {
    const t = defaultRuleTable();
    expect(t.notice).toMatch(/^NOT LEGAL ADVICE\./);
    expect(t.states.size).toBeGreaterThanOrEqual(10);
    for (const st of t.states.values()) {
      for (const r of [st.gift_card, st.store_credit]) if (r) expect(r.source.length).toBeGreaterThan(8);
    }
    // The examples the issue names.
    expect(applicableRule(t, 'DE', 'gift_card', DEFAULT_ESCHEAT_SETTINGS)).toMatchObject({ kind: 'dormancy', rule: { dormancyYears: 5 } });
    expect(applicableRule(t, 'NY', 'gift_card', DEFAULT_ESCHEAT_SETTINGS)).toMatchObject({ kind: 'dormancy', rule: { dormancyYears: 5 } });
    expect(applicableRule(t, 'CA', 'gift_card', DEFAULT_ESCHEAT_SETTINGS).kind).toBe('exempt');
    expect(applicableRule(t, 'TX', 'gift_card', DEFAULT_ESCHEAT_SETTINGS).kind).toBe('exempt');
    expect(applicableRule(t, 'TX', 'gift_card', { ...DEFAULT_ESCHEAT_SETTINGS, programHasFees: true })).toMatchObject({ kind: 'dormancy', rule: { dormancyYears: 3 } });
    expect(applicableRule(t, 'NJ', 'gift_card', DEFAULT_ESCHEAT_SETTINGS)).toMatchObject({ kind: 'dormancy', rule: { shareText: '0.6' } });
    expect(applicableRule(t, 'OH', 'gift_card', DEFAULT_ESCHEAT_SETTINGS).kind).toBe('no_rule');
  });

  it('gives one error per bad entry, naming its key', () => {
    const bad = structuredClone(RULES) as Record<string, unknown> & { states: Record<string, Record<string, unknown>> };
    bad.notice = 'A table.';
    bad.states.NJ.gift_card = { ...(bad.states.NJ.gift_card as object), share: '1.5' };
    bad.states.TX.gift_card = { ...(bad.states.TX.gift_card as object), dormancy_years: 'three', exempt: 'sometimes' };
    bad.states.XX = { gift_card: { exempt: true, source: 'nowhere' } };
    bad.states.DE.store_credit = { ...(bad.states.DE.store_credit as object), source: '' , typo: 1 };
    const r = parseRuleTable(bad);
    expect(r.ok).toBe(false);
    expect(!r.ok && r.errors).toEqual([
      'notice: must say plainly that the table is not legal advice',
      'states.DE.store_credit.source: must name the statute or guidance the rule rests on',
      'states.DE.store_credit.typo: is not a field of a rule',
      'states.NJ.gift_card.share: must be a decimal from 0 to 1 written as text, such as "1" or "0.6", got "1.5"',
      'states.TX.gift_card.exempt: must be true, false, "unless_expiry" or "unless_expiry_or_fees", got "sometimes"',
      'states.TX.gift_card.dormancy_years: must be a whole number of years from 1 to 99, got "three"',
      'states.XX: is not a US state or DC code (two capital letters, such as NJ)',
    ]);
    expect(Object.keys(US_STATES)).toHaveLength(51);
  });
});

/**
 * Each card's last owner activity and balance at 2026-09-30, the state that may claim it and what the shipped
 * table says; the amounts are worked out by hand below.
 */
describe('escheat exposure at the period end', () => {
  const NJ1 = '6006490000000101';
  const NJ2 = '6006490000000102';
  const CA1 = '6006490000000103';
  const TX1 = '6006490000000104';
  const PA1 = '6006490000000105';
  const DE1 = '6006490000000106';
  const OH1 = '6006490000000107';
  const NJSC = 'SC00000108';
  const register = new Map([[NJ1, 'NJ'], [NJ2, 'NJ'], [CA1, 'CA'], [TX1, 'TX'], [PA1, 'PA'], [OH1, 'OH'], [NJSC, 'NJ']]);
  const history = [
    source('2021-2026', '2021-01-01', '2026-09-30', [
      mv(CA1, '2021-01-04', 'activation', 2000),
      mv(NJ1, '2021-06-15', 'activation', 10000),
      mv(NJ1, '2021-08-10', 'redemption', -3001),
      mv(NJ2, '2021-11-20', 'activation', 5555),
      mv(DE1, '2021-12-01', 'activation', 1000),
      mv(OH1, '2022-02-01', 'activation', 4000),
      mv(TX1, '2023-05-01', 'activation', 4000),
      mv(NJSC, '2023-07-01', 'activation', 1501),
      mv(TX1, '2023-09-29', 'redemption', -1000),
      mv(PA1, '2023-09-30', 'activation', 2500),
      mv(PA1, '2025-01-02', 'redemption', -500),
    ]),
  ];
  const period = { start: '2026-07-01', end: '2026-09-30' };

  it('dates each card from its owner activity under its state’s rule, and takes the state’s share, rounded half-even per card', () => {
    const a = analyzeClose({ period, sources: history, register, settings: { escheat: { holderState: 'DE', programHasFees: true } } });
    const e = a.escheat;
    const byCard = new Map(e.cards.map((c) => [c.card, c]));
    // NJ, five years from 2021-08-10: presumed abandoned on 2026-08-10; 69.99 × 0.6 = 41.994 → 41.99.
    expect(byCard.get(NJ1)).toMatchObject({ state: 'NJ', basis: 'owner_address', status: 'presumed_abandoned', dormant_on: '2026-08-10', balance_cents: 6999, amount_cents: 4199 });
    // NJ, five years from 2021-11-20: within the 90 days to 2026-12-29; 55.55 × 0.6 = 33.33.
    expect(byCard.get(NJ2)).toMatchObject({ status: 'within_horizon', dormant_on: '2026-11-20', amount_cents: 3333 });
    // Texas, with fees charged, three years from 2023-09-29.
    expect(byCard.get(TX1)).toMatchObject({ status: 'presumed_abandoned', dormant_on: '2026-09-29', amount_cents: 3000 });
    // Pennsylvania runs from issuance (2023-09-30), whatever the use since.
    expect(byCard.get(PA1)).toMatchObject({ status: 'presumed_abandoned', measured_from: '2023-09-30', dormant_on: '2026-09-30', amount_cents: 2000 });
    // No address: the holder's state of incorporation, Delaware, five years from 2021-12-01.
    expect(byCard.get(DE1)).toMatchObject({ state: 'DE', basis: 'holder_incorporation', status: 'within_horizon', amount_cents: 1000 });
    // New Jersey store credit: a credit memorandum, three years.
    expect(byCard.get(NJSC)).toMatchObject({ status: 'presumed_abandoned', dormant_on: '2026-07-01', amount_cents: 1501 });
    expect(byCard.has(CA1)).toBe(false);
    expect(byCard.has(OH1)).toBe(false);
    expect(e.totals).toEqual({ presumed_abandoned_cents: 4199 + 3000 + 2000 + 1501, within_horizon_cents: 3333 + 1000, presumed_abandoned_cards: 4, within_horizon_cards: 2 });
    expect(e.other).toEqual([
      { status: 'exempt', state: 'CA', instrument: 'gift_card', cards: 1, balance_cents: 2000 },
      { status: 'no_rule', state: 'OH', instrument: 'gift_card', cards: 1, balance_cents: 4000 },
    ]);
    expect(e.rows.find((r) => r.state === 'NJ' && r.instrument === 'gift_card' && r.vintage === '2021-06')).toMatchObject({
      presumed_abandoned_cards: 1, presumed_abandoned_balance_cents: 6999, presumed_abandoned_cents: 4199,
    });
    expect(e.notes[0]).toMatch(/^No rule in the table for OH \(gift card\): 4000 cents on 1 card\(s\)/);
    // The aging shows the balances about to reach dormancy, at face value.
    const reaching = a.aging.rows.filter((r) => r.reaching_dormancy_cards > 0);
    expect(reaching.map((r) => [r.vintage, r.bucket, r.reaching_dormancy_cents])).toEqual([
      ['2021-11', '36-60', 5555],
      ['2021-12', '36-60', 1000],
    ]);
  });

  it("falls to the holder's state for every card when the owner's address is not to be used", () => {
    const a = analyzeClose({ period, sources: history, register, settings: { escheat: { holderState: 'NY', ownerAddressFirst: false } } });
    expect(new Set(a.escheat.cards.map((c) => `${c.state}:${c.basis}`))).toEqual(new Set(['NY:holder_incorporation']));
    // New York has no store credit rule in the table.
    expect(a.escheat.other.find((o) => o.instrument === 'store_credit')).toMatchObject({ status: 'no_rule', state: 'NY' });
  });

  it('cannot date a balance carried from before the history unless even that bound says it is abandoned', () => {
    const old = '6006490000000201';
    const recent = '6006490000000202';
    const sources = [source('Q3', '2026-07-01', '2026-09-30', [], [
      { card: old, instrument: 'gift_card', cents: 900 },
      { card: recent, instrument: 'gift_card', cents: 700 },
    ])];
    const a = analyzeClose({ period, sources, settings: { escheat: { holderState: 'NY' } } });
    expect(a.escheat.cards).toEqual([]);
    expect(a.escheat.other).toEqual([{ status: 'undetermined', state: 'NY', instrument: 'gift_card', cards: 2, balance_cents: 1600 }]);
    expect(a.availability.find((x) => x.analysis === 'escheat')!.reason).toBe(
      'dormancy is measured from owner activity years before the period: 2 card(s) with no activity since 2026-07-01 cannot be dated (add prior quarters: the Analytics screen, or --history)',
    );
  });
});
