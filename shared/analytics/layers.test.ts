import { describe, expect, it } from 'vitest';
import { buildHistory } from './history';
import { NO_VINTAGE, replayHistory } from './layers';
import { monthIndex } from './months';
import { movement as mv, source } from './testing';

const G = '6006490000000009';

function replayOf(movements: ReturnType<typeof mv>[], until = '2024-03-31', carried: { card: string; instrument: 'gift_card'; cents: number }[] = []) {
  const h = buildHistory([source('Q', '2024-01-01', '2024-03-31', movements, carried)]);
  const r = replayHistory(h, { until, snapshots: ['2024-01-31', '2024-02-29', until] });
  const f = r.flows.gift_card;
  const at = (month: string) => monthIndex(month) - r.base;
  const cell = (m: 'loaded' | 'redeemed' | 'expired' | 'adjusted', v: string | typeof NO_VINTAGE, month: string) =>
    v === NO_VINTAGE ? f.noVintage[m][at(month)] : f[m][at(v) * f.size + at(month)];
  return { h, r, cell, states: (d: string) => r.snapshots.get(d)![0] };
}

describe('value by vintage', () => {
  it('takes redemptions from the oldest load first, and a refund gives back the most recent first', () => {
    const { cell, states } = replayOf([
      mv(G, '2024-01-10', 'activation', 10000),
      mv(G, '2024-02-10', 'reload', 5000),
      mv(G, '2024-03-05', 'redemption', -12000), // 100.00 of January, 20.00 of February
      mv(G, '2024-03-09', 'refund', 3000), // back: the 20.00 of February, then 10.00 of January
    ]);
    expect(cell('loaded', '2024-01', '2024-01')).toBe(10000);
    expect(cell('loaded', '2024-02', '2024-02')).toBe(5000);
    expect(cell('redeemed', '2024-01', '2024-03')).toBe(10000 - 1000);
    expect(cell('redeemed', '2024-02', '2024-03')).toBe(2000 - 2000);
    const end = states('2024-03-31');
    expect(end.balance).toBe(6000);
    expect(end.layers).toEqual([[monthIndex('2024-01') - monthIndex('2024-01'), 1000], [1, 5000]]);
    expect(end.lastOwnerActivity).toBe('2024-03-09');
    expect(states('2024-01-31')).toEqual({ balance: 10000, lastOwnerActivity: '2024-01-10', firstActivation: '2024-01-10', layers: [[0, 10000]] });
  });

  it('reverses a voided load from the newest value, and a voided redemption as a refund', () => {
    const { cell, states } = replayOf([
      mv(G, '2024-01-10', 'activation', 10000),
      mv(G, '2024-02-10', 'reload', 5000),
      mv(G, '2024-02-10', 'void', -5000), // the reload voided
      mv(G, '2024-03-01', 'redemption', -2500),
      mv(G, '2024-03-01', 'void', 2500), // the redemption voided
    ]);
    expect(cell('loaded', '2024-02', '2024-02')).toBe(0);
    expect(cell('redeemed', '2024-01', '2024-03')).toBe(0);
    expect(states('2024-03-31')).toMatchObject({ balance: 10000, layers: [[0, 10000]], lastOwnerActivity: '2024-03-01' });
  });

  it('takes expiries and negative adjustments from the oldest value; a positive adjustment adds to the newest', () => {
    const { cell, states } = replayOf([
      mv(G, '2024-01-10', 'activation', 10000),
      mv(G, '2024-02-10', 'reload', 5000),
      mv(G, '2024-02-20', 'adjustment', 700),
      mv(G, '2024-03-25', 'expiry', -11000),
      mv(G, '2024-03-26', 'adjustment', -200),
    ]);
    expect(cell('adjusted', '2024-02', '2024-02')).toBe(700);
    expect(cell('expired', '2024-01', '2024-03')).toBe(10000);
    expect(cell('expired', '2024-02', '2024-03')).toBe(1000);
    expect(cell('adjusted', '2024-02', '2024-03')).toBe(-200);
    expect(states('2024-03-31')).toMatchObject({ balance: 4500, layers: [[1, 4500]], lastOwnerActivity: '2024-02-10' });
  });

  it('keeps value from before the history apart, with no vintage, and spends it first', () => {
    const { cell, states } = replayOf(
      [mv(G, '2024-02-01', 'reload', 2000), mv(G, '2024-02-15', 'redemption', -3000)],
      '2024-03-31',
      [{ card: G, instrument: 'gift_card', cents: 1500 }],
    );
    expect(cell('redeemed', NO_VINTAGE, '2024-02')).toBe(1500);
    expect(cell('redeemed', '2024-02', '2024-02')).toBe(1500);
    expect(states('2024-01-31')).toMatchObject({ balance: 1500, layers: [[NO_VINTAGE, 1500]], lastOwnerActivity: null, firstActivation: null });
    expect(states('2024-03-31')).toMatchObject({ balance: 500, layers: [[1, 500]] });
  });

  it('records value spent beyond what the card held as a deficit, settled by the next value onto the card', () => {
    const { r, cell, states } = replayOf([mv(G, '2024-01-15', 'redemption', -800), mv(G, '2024-02-03', 'activation', 5000)]);
    expect(states('2024-01-31').balance).toBe(-800);
    // The redemption is attributed to February's load once it arrives.
    expect(cell('redeemed', '2024-02', '2024-02')).toBe(800);
    expect(states('2024-03-31')).toMatchObject({ balance: 4200, layers: [[1, 4200]] });
    expect(r.deficits.gift_card.redeemed).toBe(0);
  });
});
