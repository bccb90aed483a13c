import { describe, expect, it } from 'vitest';
import { agingAt } from './aging';
import { buildHistory } from './history';
import { replayHistory } from './layers';
import { addYears, monthEnd, monthIndex, wholeMonthsBetween } from './months';
import { movement as mv, source } from './testing';

const END = '2026-09-30';

function aging(movements: ReturnType<typeof mv>[], start = '2016-01-01', carried: { card: string; instrument: 'gift_card'; cents: number }[] = []) {
  const h = buildHistory([source('all', start, END, movements, carried)]);
  const r = replayHistory(h, { until: END, snapshots: [END] });
  return agingAt(h, r.snapshots.get(END)!, END);
}

describe('calendar months', () => {
  it('counts whole months to the same day, or to a shorter month’s last day', () => {
    expect(wholeMonthsBetween('2025-10-01', END)).toBe(11);
    expect(wholeMonthsBetween('2025-09-30', END)).toBe(12);
    expect(wholeMonthsBetween('2026-01-31', '2026-02-28')).toBe(1);
    expect(wholeMonthsBetween('2026-01-15', '2026-02-14')).toBe(0);
    expect(wholeMonthsBetween('2026-03-01', '2026-02-01')).toBe(-1);
    expect(addYears('2024-02-29', 3)).toBe('2027-02-28');
    expect(monthEnd(monthIndex('2024-02'))).toBe('2024-02-29');
  });
});

describe('aging by vintage and time since the owner last used the card', () => {
  it('puts each balance in its activation month and its bucket, exactly at the bucket edges', () => {
    const r = aging([
      mv('6006490000000011', '2016-05-05', 'activation', 1000), // 124 months idle
      mv('6006490000000012', '2021-09-30', 'activation', 2000), // 60 months: 60+
      mv('6006490000000013', '2021-10-01', 'activation', 3000), // 59 months: 36-60
      mv('6006490000000014', '2023-10-01', 'activation', 4000), // 35 months: 24-36
      mv('6006490000000015', '2025-09-30', 'activation', 5000), // 12 months exactly: 12-24
      mv('6006490000000016', '2025-09-02', 'activation', 6000),
      mv('6006490000000016', '2025-10-01', 'redemption', -1000), // 11 months: 0-12, vintage 2025-09
      mv('6006490000000017', '2025-09-12', 'activation', 700),
      mv('6006490000000017', '2025-09-13', 'redemption', -700), // nothing left: not in the aging
      mv('6006490000000018', '2025-09-20', 'activation', 500),
      mv('6006490000000018', '2026-01-10', 'adjustment', 900), // support's act: the owner's last use stays 2025-09-20
      mv('SC00000019', '2026-09-30', 'activation', 800),
    ]);
    expect(r.rows.map((x) => [x.instrument, x.vintage, x.bucket, x.cards, x.balance_cents])).toEqual([
      ['gift_card', '2016-05', '60+', 1, 1000],
      ['gift_card', '2021-09', '60+', 1, 2000],
      ['gift_card', '2021-10', '36-60', 1, 3000],
      ['gift_card', '2023-10', '24-36', 1, 4000],
      ['gift_card', '2025-09', '0-12', 1, 5000],
      ['gift_card', '2025-09', '12-24', 2, 5000 + 1400],
      ['store_credit', '2026-09', '0-12', 1, 800],
    ]);
    expect(r.totals.gift_card).toEqual({ cards: 7, balance_cents: 1000 + 2000 + 3000 + 4000 + 5000 + 5000 + 1400, reaching_dormancy_cents: 0 });
    expect(r.totals.store_credit.balance_cents).toBe(800);
    expect(r.notes).toEqual([]);
  });

  it("says what it cannot know: a balance from before a short history, and a card below zero", () => {
    const r = aging(
      [mv('6006490000000021', '2026-08-01', 'redemption', -300), mv('6006490000000022', '2026-08-02', 'redemption', -500)],
      '2026-07-01',
      [{ card: '6006490000000021', instrument: 'gift_card', cents: 1000 }],
    );
    expect(r.rows).toEqual([
      { instrument: 'gift_card', vintage: 'before history', bucket: '0-12', cards: 2, balance_cents: 700 - 500, reaching_dormancy_cards: 0, reaching_dormancy_cents: 0 },
    ]);
    const idle = aging([], '2026-07-01', [{ card: '6006490000000023', instrument: 'gift_card', cents: 400 }]);
    expect(idle.rows.map((x) => [x.vintage, x.bucket, x.balance_cents])).toEqual([['before history', 'unknown', 400]]);
    expect(idle.notes[0]).toMatch(/^1 card\(s\) show no owner activity since the history began \(2026-07-01\)/);
    expect(r.negative_balance_cards).toBe(1);
    // A long enough history bounds the same card into 60+.
    expect(aging([], '2016-01-01', [{ card: '6006490000000023', instrument: 'gift_card', cents: 400 }]).rows[0].bucket).toBe('60+');
  });
});
