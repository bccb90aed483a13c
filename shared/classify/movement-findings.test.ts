import { describe, expect, it } from 'vitest';
import { events } from '../testing/events';
import { classified } from '../testing/stages';

const categories = async (text: string) => (await classified(events(text))).findings.map((f) => [f.category, f.records.map((r) => r.ref), f.amountCents]);

describe('findings of the movements that are exceptions by their kind', () => {
  it('DUPLICATE: a platform retry, counted once', async () => {
    expect(await categories(`
      platform GT-1 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      platform GT-2 07-02 12:03 redemption 20.00 card=6006000000000001 order=#2 bal=10.00
      erp      J-1:1 07-02 debit 20.00 ref=GT-1
    `)).toContainEqual(['DUPLICATE', ['GT-1', 'GT-2'], 2000]);
  });

  it('DUPLICATE: a processor charge recorded twice', async () => {
    expect(await categories(`
      platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
      storefront S-1  07-01 09:58 gift_card_sold 50.00 last4=0001 order=#1
      payments   ch_1 07-01 09:58 charge 50.00 order=#1
      payments   ch_2 07-01 09:59 charge 50.00 order=#1
      erp        J-1:1 07-01 credit 50.00 ref=GT-1
    `)).toEqual([['DUPLICATE', ['ch_1', 'ch_2'], 5000]]);
  });

  it('MISSING_IN_PLATFORM: a tender the platform never recorded, on its card', async () => {
    const c = await classified(events(`
      platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
      storefront S-5  07-04 15:00 gift_card_applied 12.00 last4=0001 order=#5
      erp        J-1:1 07-01 credit 50.00 ref=GT-1
    `));
    const f = c.findings.find((x) => x.category === 'MISSING_IN_PLATFORM')!;
    expect([f.records, f.amountCents, f.card]).toEqual([[{ system: 'storefront', ref: 'S-5' }], 1200, '6006000000000001']);
    expect(f.explanation).toContain('It happened: the balance moves by -12.00');
  });

  it('UNACTIVATED_SALE: a paid sale never activated', async () => {
    expect(await categories(`
      storefront S-4  07-03 09:00 gift_card_sold 25.00 last4=0044 order=#4
      payments   ch_4 07-03 09:00 charge 25.00 order=#4
    `)).toEqual([['UNACTIVATED_SALE', ['S-4', 'ch_4'], 2500]]);
  });

  it('VOID_NOT_PROPAGATED: a voided order whose tender the platform kept', async () => {
    expect(await categories(`
      platform   GT-2 07-02 12:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      storefront S-2  07-02 11:59 gift_card_applied 20.00 last4=0001 order=#2
      storefront S-3  07-02 13:00 order_voided 20.00 last4=0001 order=#2
      erp        J-2:1 07-02 debit 20.00 ref=GT-2
    `)).toEqual([['VOID_NOT_PROPAGATED', ['S-3', 'GT-2'], 2000]]);
  });

  it('ERP_ONLY_ENTRY: a liability line with nothing behind it', async () => {
    expect(await categories(`
      erp J-9:1 07-05 credit 10.00 memo="Manual accrual"
    `)).toEqual([['ERP_ONLY_ENTRY', ['J-9:1'], 1000]]);
  });

  it('AMOUNT_MISMATCH: the part of a batch line no redemption explains', async () => {
    expect(await categories(`
      platform GT-1 07-02 10:00 redemption 20.00 card=6006000000000001 order=#1 bal=30.00
      erp      B-1:1 07-02 debit 21.00 memo="Gift card redemptions batch 2026-07-02"
    `)).toEqual([['AMOUNT_MISMATCH', ['B-1:1'], 100]]);
  });
});
