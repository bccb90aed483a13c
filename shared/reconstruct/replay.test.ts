import { describe, expect, it } from 'vitest';
import { events } from '../testing/events';
import { openingOf, replayed } from '../testing/stages';
import type { Decision } from '../types';

// Card …0001 opens at 40.00, is reloaded 25.00 (booked), spends 20.00 (booked) and 12.00 the platform never
// recorded; the ERP also holds a 10.00 line nothing explains.
const ev = events(`
  platform   GT-1 07-01 10:00 reload 25.00 card=6006000000000001 order=R-1 bal=65.00
  payments   ch_1 07-01 09:59 charge 25.00 order=R-1
  platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=45.00
  storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
  storefront S-3  07-04 15:00 gift_card_applied 12.00 last4=0001 order=#3
  erp        OB:1 07-01 credit 40.00 channel=system memo="Opening balance"
  erp        J-1:1 07-01 credit 25.00 ref=GT-1
  erp        J-2:1 07-02 debit 20.00 ref=GT-2
  erp        J-9:1 07-05 credit 10.00 memo="Manual accrual"
`);
const opening = openingOf({ '6006000000000001': '40.00' });

describe('reconstruct', () => {
  it('replays each card from its opening balance through every movement that happened', async () => {
    const r = await replayed(ev, opening);
    expect(r.cards).toEqual([{ card: '6006000000000001', instrument: 'gift_card', reconstructed_cents: 3300, platform_reported_cents: 4500 }]);
    expect(r.rollforward).toEqual({
      opening_cents: 4000, issued_cents: 0, reloaded_cents: 2500, redeemed_cents: 3200, refunded_cents: 0, voided_cents: 0,
      adjusted_cents: 0, expired_cents: 0, closing_cents: 3300,
    });
  });

  it('bridges from the ERP closing to the reconstructed one, one line per category', async () => {
    const r = await replayed(ev, opening);
    expect([r.erpOpeningCents, r.erpClosingCents, r.reconstructedCents]).toEqual([4000, 5500, 3300]);
    const lines = Object.fromEntries(r.bridge.filter((b) => b.amount_cents || b.count).map((b) => [b.category, [b.amount_cents, b.count]]));
    expect(lines).toEqual({ MISSING_IN_PLATFORM: [-1200, 1], ERP_ONLY_ENTRY: [-1000, 1] });
    expect(r.erpClosingCents + r.bridge.reduce((a, b) => a + b.amount_cents, 0)).toBe(r.reconstructedCents);
  });

  it('an auditor’s decision changes the numbers by the exception’s amount, and the identities still hold', async () => {
    const before = await replayed(ev, opening);
    const x = before.exceptions.find((e) => e.category === 'MISSING_IN_PLATFORM')!;
    const d: Decision = { key: x.key!, action: 'resolve', resolution: 'did_not_happen', user: 'a', at: '2026-10-01T00:00:00Z' };
    const after = await replayed(ev, opening, [d]);
    expect(after.reconstructedCents - before.reconstructedCents).toBe(1200);
    expect(after.exceptions.find((e) => e.key === x.key)).toMatchObject({ resolution: 'did_not_happen', status: 'resolved', erp_effect_cents: 0 });
    expect(after.decisionsApplied).toBe(1);
    expect(after.erpClosingCents + after.bridge.reduce((a, b) => a + b.amount_cents, 0)).toBe(after.reconstructedCents);
  });

  it('numbers the exceptions in the report order, each with its stable key', async () => {
    const r = await replayed(ev, opening);
    expect(r.exceptions.map((x) => [x.id, x.key])).toEqual([
      ['EX-0001', 'MISSING_IN_PLATFORM|storefront:S-3'],
      ['EX-0002', 'ERP_ONLY_ENTRY|erp:J-9:1'],
    ]);
    expect(r.movementByKey.get('ERP_ONLY_ENTRY|erp:J-9:1')).toBe(r.c.movements.find((m) => m.kind === 'erp_only')!.id);
  });
});
