import { describe, expect, it } from 'vitest';
import { events } from '../testing/events';
import { classified } from '../testing/stages';

describe('near misses', () => {
  it('names a platform row nearly matching a tender nothing matched, without matching it', async () => {
    const c = await classified(events(`
      platform   GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
      platform   GT-2 07-02 12:40 redemption 20.00 card=6006000000000001 bal=30.00
      storefront S-2  07-02 12:00 gift_card_applied 20.50 last4=0001 order=#2
      erp        J-1:1 07-01 credit 50.00 ref=GT-1
      erp        J-2:1 07-02 debit 20.00 ref=GT-2
    `));
    const f = c.findings.find((x) => x.category === 'MISSING_IN_PLATFORM')!;
    expect(f.suggestions).toEqual([{ system: 'platform', ref: 'GT-2' }]);
    expect(f.explanation).toContain('Possible counterpart, not matched automatically: platform GT-2 (redemption 20.00');
  });

  it('a row that differs by more than a tenth is no near miss', async () => {
    const c = await classified(events(`
      platform   GT-2 07-02 12:40 redemption 20.00 card=6006000000000001 bal=30.00
      storefront S-2  07-02 12:00 gift_card_applied 35.00 last4=0001 order=#2
    `));
    expect(c.findings.find((x) => x.category === 'MISSING_IN_PLATFORM')!.suggestions).toBeUndefined();
  });
});
