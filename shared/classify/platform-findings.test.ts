import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { classified, SETTINGS } from '../testing/stages';

const findings = async (text: string, settings = SETTINGS) =>
  (await classified(events(text), [], settings)).findings.map((f) => [f.category, f.records.map((r) => r.ref), f.amountCents, f.carriesDelta]);

describe('findings of a platform transaction', () => {
  it('a transaction every system agrees on has none', async () => {
    expect(await findings(`
      platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
      storefront S-1  07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
      payments   ch_1 07-01 09:58 charge 50.00 order=#1
      erp        J-1:1 07-01 credit 50.00 ref=GT-1
    `)).toEqual([]);
  });

  it('DUPLICATE: the ERP posts it twice', async () => {
    expect(await findings(`
      platform GT-1 07-01 10:00 adjustment 5.00 card=6006000000000001 order=#1 bal=5.00
      erp      J-1:1 07-01 credit 5.00 ref=GT-1
      erp      J-2:1 07-02 credit 5.00 ref=GT-1
    `)).toEqual([['DUPLICATE', ['J-1:1', 'J-2:1', 'GT-1'], 500, true]]);
  });

  it('VOID_NOT_PROPAGATED: the platform reversed a voided tender, the ERP never did', async () => {
    expect(await findings(`
      platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      platform   GT-3 07-02 13:01 void 20.00 card=6006000000000001 order=#2 bal=50.00 ref=GT-2
      storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
      storefront S-3  07-02 13:00 order_voided 20.00 last4=0001 order=#2
      erp        J-2:1 07-02 debit 20.00 ref=GT-2
    `)).toEqual([['VOID_NOT_PROPAGATED', ['S-3', 'GT-3'], 2000, true]]);
  });

  it('MANUAL_OVERRIDE: a CSR adjustment outside the order workflow', async () => {
    expect(await findings(`
      platform GT-1 07-03 10:00 adjustment 7.50 card=6006000000000001 operator=csr:ana bal=7.50
    `)).toEqual([['MANUAL_OVERRIDE', ['GT-1'], 750, true]]);
  });

  it('ACTIVATION_LAG: the liability began at the sale, and the movement counts from it', async () => {
    const c = await classified(events(`
      platform   GT-1 07-01 18:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
      storefront S-1  07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
      payments   ch_1 07-01 09:58 charge 50.00 order=#1
      erp        J-1:1 07-01 credit 50.00 ref=GT-1
    `));
    expect(c.findings.map((f) => [f.category, f.records.map((r) => r.ref)])).toEqual([['ACTIVATION_LAG', ['S-1', 'ch_1', 'GT-1']]]);
    const ev = c.events;
    expect(c.movements[0].trueAtMs).toBe(ev[at(ev, 'S-1')].at);
    expect(c.findings[0].movement).toBe(c.movements[0]);
    expect(c.findings[0].explanation).toContain('8 h later');
  });

  it('UNPAID_ACTIVATION: no sale and no payment; flagged without carrying a difference', async () => {
    expect(await findings(`
      platform GT-1 07-03 10:00 activation 25.00 card=6006000000000002 channel=pos bal=25.00
      erp      J-1:1 07-03 credit 25.00 ref=GT-1
    `)).toEqual([['UNPAID_ACTIVATION', ['GT-1', 'J-1:1'], 2500, false]]);
  });

  it('MISSING_IN_ERP: no ERP line, nor a share of a batch line', async () => {
    expect(await findings(`
      platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
    `)).toEqual([['MISSING_IN_ERP', ['GT-2'], 2000, true]]);
  });

  it('AMOUNT_MISMATCH: the ERP books another amount; the storefront states another amount', async () => {
    expect(await findings(`
      platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
      erp        J-2:1 07-02 debit 2.00 ref=GT-2
    `)).toEqual([['AMOUNT_MISMATCH', ['GT-2', 'J-2:1'], -1800, true]]);
    expect(await findings(`
      platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      storefront S-2  07-02 11:59 gift_card_applied 20.50 last4=0001 order=#2
      erp        J-2:1 07-02 debit 20.00 ref=GT-2
    `)).toEqual([['AMOUNT_MISMATCH', ['S-2', 'GT-2'], 50, false]]);
  });

  it('CUTOFF: it happened inside the period, the ERP posted it after', async () => {
    const [f] = await findings(`
      platform   GT-6 09-30 23:00 redemption 5.00 card=6006000000000001 order=#6 bal=45.00
      storefront S-6  09-30 22:59 gift_card_applied 5.00 last4=0001 order=#6
      erp        J-6:1 10-01 debit 5.00 ref=GT-6
    `);
    expect(f).toEqual(['CUTOFF', ['GT-6', 'J-6:1'], 500, true]);
  });
});
