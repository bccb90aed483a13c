import { describe, expect, it } from 'vitest';
import type { Finding } from '../classify/classify';
import { events } from '../testing/events';
import { classified, openingOf, replayed } from '../testing/stages';
import type { Decision } from '../types';
import { applyResolution, type ReplayState } from './resolution-effects';

const decide = (key: string, resolution: string): Decision => ({ key, action: 'resolve', resolution, user: 'a', at: '2026-10-01T00:00:00Z' });

/** The reconstructed closing of `text` with `resolution` chosen on its exception of `category`, and without. */
async function closing(text: string, category: string, resolution: string, opening = openingOf({})): Promise<[number, number]> {
  const ev = events(text);
  const base = await replayed(ev, opening);
  const x = base.exceptions.find((e) => e.category === category)!;
  const r = await replayed(ev, opening, [decide(x.key!, resolution)]);
  return [base.reconstructedCents, r.reconstructedCents];
}

describe('what each resolution does to the replay', () => {
  it('did_not_happen and its kin take the movement out', async () => {
    expect(await closing(`
      storefront S-4 07-03 09:00 gift_card_sold 25.00 last4=0044 order=#4
    `, 'UNACTIVATED_SALE', 'no_liability')).toEqual([2500, 0]);
    expect(await closing(`
      platform GT-9 07-07 10:00 adjustment 7.50 card=6006000000000009 operator=csr:ana bal=7.50
    `, 'MANUAL_OVERRIDE', 'reverse_override')).toEqual([750, 0]);
  });

  it('liability_at_activation counts a lagging sale from the activation: here after the period', async () => {
    expect(await closing(`
      platform   GT-1 10-01 08:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
      storefront S-1  09-30 09:58 gift_card_sold 50.00 last4=0001 order=#1
      payments   ch_1 09-30 09:58 charge 50.00 order=#1
    `, 'ACTIVATION_LAG', 'liability_at_activation')).toEqual([5000, 0]);
  });

  it('happened_twice counts a platform retry as a second transaction', async () => {
    expect(await closing(`
      platform GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      platform GT-2 07-02 12:03 redemption 20.00 card=6006000000000001 order=#2 bal=10.00
    `, 'DUPLICATE', 'happened_twice', openingOf({ '6006000000000001': '50.00' }))).toEqual([3000, 1000]);
  });

  it('it_happened keeps an ERP-only line as an unallocated liability', async () => {
    expect(await closing(`
      erp J-9:1 07-05 credit 10.00 memo="Manual accrual"
    `, 'ERP_ONLY_ENTRY', 'it_happened')).toEqual([0, 1000]);
  });

  it('erp_amount takes the amount the ERP booked', async () => {
    expect(await closing(`
      platform GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      erp      J-2:1 07-02 debit 2.00 ref=GT-2
    `, 'AMOUNT_MISMATCH', 'erp_amount', openingOf({ '6006000000000001': '50.00' }))).toEqual([3000, 4800]);
  });

  it('posting_date lets the ERP posting date decide the period', async () => {
    expect(await closing(`
      platform GT-6 09-30 23:00 redemption 5.00 card=6006000000000001 order=#6 bal=45.00
      erp      J-6:1 10-01 debit 5.00 ref=GT-6
    `, 'CUTOFF', 'posting_date', openingOf({ '6006000000000001': '50.00' }))).toEqual([4500, 5000]);
  });

  it('platform_balance takes the platform’s balance where the chain breaks', async () => {
    expect(await closing(`
      platform GT-1 07-01 10:00 redemption 10.00 card=6006000000000001 bal=35.00
    `, 'BALANCE_CHAIN_BREAK', 'platform_balance', openingOf({ '6006000000000001': '40.00' }))).toEqual([3000, 3500]);
  });

  it('a code with no effect of its own, or a name of Object.prototype, changes nothing', async () => {
    const c = await classified(events('erp J-9:1 07-05 credit 10.00'));
    const f: Finding = c.findings[0];
    const s: ReplayState = { ev: c.events, effect: new Float64Array([0, 7]), at: new Float64Array(2), cardAdjust: new Map(), adjustments: [] };
    for (const code of ['no_such_code', 'hasOwnProperty', '__proto__', 'constructor']) applyResolution(code, f, s);
    expect([...s.effect]).toEqual([0, 7]);
  });
});
