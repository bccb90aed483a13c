import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../events';
import { HistoryError, balanceAt, buildHistory, lastOwnerActivityAt, sourceFromPlatformEvents } from './history';
import { movement as mv, source } from './testing';

const G = '6006490000000031';

describe('the history of each card', () => {
  it('orders each card’s movements across sources and knows its first activation and last owner activity', () => {
    const h = buildHistory([
      source('Q2', '2024-04-01', '2024-06-30', [mv(G, '2024-04-03', 'redemption', -1000), mv(G, '2024-05-01', 'adjustment', 200)]),
      source('Q1', '2024-01-01', '2024-03-31', [mv(G, '2024-01-10', 'activation', 5000)]),
    ]);
    const c = h.cards[0];
    expect(c.movements.map((m) => m.bdate)).toEqual(['2024-01-10', '2024-04-03', '2024-05-01']);
    expect(c.firstActivation).toBe('2024-01-10');
    expect(c.lastOwnerActivity).toBe('2024-04-03');
    expect(balanceAt(c, '2024-03-31')).toBe(5000);
    expect(balanceAt(c, '2024-06-30')).toBe(4200);
    expect(lastOwnerActivityAt(c, '2024-03-31')).toBe('2024-01-10');
    expect(h.covers).toEqual({ start: '2024-01-01', end: '2024-06-30' });
    expect(h.gaps).toEqual([]);
  });

  it('refuses overlapping sources, in one line naming both', () => {
    expect(() => buildHistory([source('a.csv', '2024-01-01', '2024-03-31', []), source('b.csv', '2024-03-01', '2024-05-31', [])])).toThrow(
      new HistoryError("History sources 'a.csv' (2024-01-01..2024-03-31) and 'b.csv' (2024-03-01..2024-05-31) overlap: their movements would be counted twice"),
    );
  });

  it('leaves an export’s trailing days to the next source, and lists a gap between sources', () => {
    const h = buildHistory([
      source('Q1', '2024-01-01', '2024-03-31', [mv(G, '2024-01-10', 'activation', 5000), mv(G, '2024-04-02', 'redemption', -100)]),
      source('Q3', '2024-07-01', '2024-09-30', [mv(G, '2024-07-02', 'redemption', -100)]),
    ]);
    expect(h.sources.map((s) => [s.movements, s.outside])).toEqual([[1, 1], [1, 0]]);
    expect(h.gaps).toEqual([{ start: '2024-04-01', end: '2024-06-30' }]);
    expect(h.notes[0]).toBe("1 movement(s) of 'Q1' fall outside its period 2024-01-01..2024-03-31 and are left to the source that covers them.");
  });

  it('takes a later source’s stated opening as right, and lists the difference as a true-up adjustment the day before', () => {
    const h = buildHistory([
      source('Q1', '2024-01-01', '2024-03-31', [mv(G, '2024-01-10', 'activation', 5000)]),
      source('Q2', '2024-04-01', '2024-06-30', [], [{ card: G, instrument: 'gift_card', cents: 4500 }]),
    ]);
    const t = h.cards[0].movements[1];
    expect(t).toMatchObject({ kind: 'adjustment', effect: -500, bdate: '2024-03-31', ownerInitiated: false });
    expect(h.sources[1]).toMatchObject({ trueUps: 1, trueUpCents: -500 });
  });

  it('counts a movement whose sign its kind cannot have as an adjustment, and says so', () => {
    const h = buildHistory([source('Q1', '2024-01-01', '2024-03-31', [mv(G, '2024-01-10', 'redemption', 300)])]);
    expect(h.cards[0].movements[0]).toMatchObject({ kind: 'adjustment', effect: 300, ownerInitiated: false });
    expect(h.notes).toEqual(['1 movement(s) have an effect whose sign their kind cannot have (the first: redemption of 300 cents on card 6006490000000031 on 2024-01-10); they are counted as adjustments.']);
  });
});

describe('a prior quarter from its platform export', () => {
  const ev = (key: string, type: string, amount: number, bdate: string, extra: Partial<CanonicalEvent> = {}): CanonicalEvent => ({
    system: 'platform', fileId: 0, row: 2, key, instrument: 'gift_card', card: G, last4: G.slice(-4), type, amount,
    effect: ({ activation: 1, reload: 1, redemption: -1, refund: 1, void: 0, adjustment: 1, expiry: -1 } as Record<string, number>)[type] * amount,
    at: Date.parse(`${bdate}T15:00:00Z`), bdate, order: null, ref: null, operator: null, status: null, balanceAfter: null, account: null, journal: null,
    memo: null, scope: 1, currency: 'USD', channel: 'pos', ...extra,
  });

  it('gives a Void the opposite of what it voids, and carries the balance before the first row', () => {
    const s = sourceFromPlatformEvents('p.csv', { start: '2024-04-01', end: '2024-06-30' }, 0, [
      ev('T1', 'redemption', 700, '2024-04-05', { balanceAfter: 1800 }),
      ev('T2', 'void', 700, '2024-04-05', { ref: 'T1' }),
      ev('T3', 'void', 250, '2024-04-06', { ref: 'T0' }),
    ]);
    expect(s.movements.map((m) => [m.kind, m.effect, m.ownerInitiated])).toEqual([
      ['redemption', -700, true],
      ['void', 700, false],
      ['void', 250, false],
    ]);
    expect(s.carried).toEqual([{ card: G, instrument: 'gift_card', cents: 2500 }]);
    expect(s.notes).toEqual(['p.csv: 1 Void(s) name a transaction not in the history; each is taken to give a redemption back onto the card.']);
  });
});
