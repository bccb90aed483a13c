import { describe, expect, it } from 'vitest';
import type { Rollforward } from '../types';
import { assertIdentities, bridgeOf, IdentityError, rollforwardOf } from './identities';

const flows = { issued: 5000, reloaded: 0, redeemed: -2000, refunded: 0, voided: 0, adjusted: 0, expired: -100 };

describe('the identities', () => {
  it('the roll-forward states redemptions and expiries as positive amounts taken off', () => {
    expect(rollforwardOf(1000, flows, 3900)).toMatchObject({ redeemed_cents: 2000, expired_cents: 100, closing_cents: 3900 });
  });

  it('a roll-forward that does not foot, or a bridge that does not reach the closing, is refused', () => {
    const rf: Rollforward = rollforwardOf(1000, flows, 3900);
    const bridge = bridgeOf([], 1000, 1000);
    expect(() => assertIdentities(rf, bridge, 3900, 3900, { gift_card: 3900, store_credit: 0 })).not.toThrow();
    expect(() => assertIdentities({ ...rf, closing_cents: 3901 }, bridge, 3901, 3901, { gift_card: 3901, store_credit: 0 })).toThrow(IdentityError);
    expect(() => assertIdentities(rf, bridge, 3800, 3900, { gift_card: 3900, store_credit: 0 })).toThrow(/Bridge does not reach/);
    expect(() => assertIdentities(rf, bridge, 3900, 3900, { gift_card: 3000, store_credit: 0 })).toThrow(/By-instrument/);
  });

  it('an opening that differs from the ERP’s opening journal is a bridge line of its own', () => {
    expect(bridgeOf([], 1000, 900).at(-1)).toEqual({ category: 'OPENING_BALANCE_DIFFERENCE', amount_cents: 100, count: 1 });
    expect(bridgeOf([], 1000, 1000).some((b) => b.category === 'OPENING_BALANCE_DIFFERENCE')).toBe(false);
  });
});
