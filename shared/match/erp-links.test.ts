import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';
import { erpPostings } from './erp-links';

const ev = events(`
  platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
  platform GT-2 07-02 10:00 activation 25.00 card=6006000000000002 bal=25.00
  erp      J-1:1 07-01 credit 50.00 ref=GT-1
  erp      J-2:1 07-02 credit 25.00 ref=GT-2
  erp      J-3:1 07-03 credit 25.00 ref=GT-2
  erp      J-3:2 07-03 debit  25.00 account=1010
  erp      OB-2026:1 07-01 credit 40.00
  erp      J-9:1 07-05 credit 10.00 memo="Manual accrual"
`);

describe('ERP links', () => {
  it('a line carries its effect into the movement of the platform row its Reference names', async () => {
    const m = await matched(ev);
    const a = m.movements.find((x) => x.anchor === at(ev, 'GT-1'))!;
    expect(a.erpLines).toEqual([at(ev, 'J-1:1')]);
    expect(a.members.at(-1)).toEqual({ event: at(ev, 'J-1:1'), shareCents: 5000, rule: 'erpReference' });
    expect(m.byRule['reference: ERP Reference = platform Transaction ID']).toBe(3);
  });

  it('a second line of the same amount for one transaction is a double posting', async () => {
    const m = await matched(ev);
    const b = m.movements.find((x) => x.anchor === at(ev, 'GT-2'))!;
    expect(b.kind === 'platform' && [b.erpLines, b.erpDuplicates]).toEqual([[at(ev, 'J-2:1')], [at(ev, 'J-3:1')]]);
    expect(erpPostings(ev, [at(ev, 'J-2:1'), at(ev, 'J-3:1')]).map((p) => p.double)).toEqual([false, true]);
  });

  it('the opening journal is the ERP opening, and a liability line nothing accounts for is ERP-only', async () => {
    const m = await matched(ev);
    expect(m.erpOpening).toEqual([at(ev, 'OB-2026:1')]);
    const only = m.movements.filter((x) => x.kind === 'erp_only');
    expect(only).toHaveLength(1);
    expect(only[0]).toMatchObject({ card: null, trueEffectCents: 0, flow: 'adjusted', erpLines: [at(ev, 'J-9:1')] });
    // A line on another account is not the liability's: it makes no movement.
    expect(m.movements.some((x) => x.members.some((y) => y.event === at(ev, 'J-3:2')))).toBe(false);
  });
});
