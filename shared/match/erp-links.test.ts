import { describe, expect, it } from 'vitest';
import { at, events } from '../testing/events';
import { matched } from '../testing/stages';

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
  });

  it('of three lines for one transaction, only the one repeating an earlier amount is a double posting', async () => {
    const three = events(`
      platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 bal=50.00
      erp      J-1:1 07-01 credit 50.00 ref=GT-1
      erp      J-2:1 07-02 credit 10.00 ref=GT-1
      erp      J-3:1 07-03 credit 50.00 ref=GT-1
    `);
    const m = await matched(three);
    const a = m.movements.find((x) => x.anchor === at(three, 'GT-1'))!;
    expect(a.kind === 'platform' && [a.erpLines, a.erpDuplicates]).toEqual([
      [at(three, 'J-1:1'), at(three, 'J-2:1')],
      [at(three, 'J-3:1')],
    ]);
    // Every line is a member with its own share, in line order, the double posting too.
    expect(a.members.slice(1).map((x) => [x.event, x.shareCents])).toEqual([
      [at(three, 'J-1:1'), 5000],
      [at(three, 'J-2:1'), 1000],
      [at(three, 'J-3:1'), 5000],
    ]);
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

describe('ERP lines without a Reference (a ledger that keeps none, no id in the memo)', () => {
  const noRef = events(`
    platform GT-1 07-02 10:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
    platform GT-2 07-02 11:00 redemption 20.00 card=6006000000000002 order=#2 bal=5.00
    platform GT-3 07-03 10:00 redemption 15.00 card=6006000000000003 order=#3 bal=5.00
    platform GT-4 07-04 10:00 activation 30.00 card=6006000000000004 order=#4 bal=30.00
    platform GT-5 07-05 10:00 redemption  7.00 card=6006000000000005 order=#5 bal=5.00
    erp      J-1:1 07-02 debit  20.00 memo="GC redemption ************0001 order #2"
    erp      J-2:1 07-03 debit  15.00 memo="GC redemption order #3" ref=GT-3
    erp      J-3:1 07-03 debit  15.00 memo="GC redemption order #3"
    erp      J-4:1 07-04 debit  30.00 memo="GC activation order #4"
    erp      J-5:1 07-05 debit   7.00 memo="GC redemptions 2026-07-05 (batch) order #5"
    erp      J-6:1 07-06 credit 12.00 memo="Manual accrual"
  `);

  it('link by the memo’s order, amount and direction (and the last four it names), one to one', async () => {
    const m = await matched(noRef);
    const lines = (key: string) => m.movements.find((x) => x.anchor === at(noRef, key))!.members.filter((x) => noRef[x.event].system === 'erp');
    expect(lines('GT-1')).toEqual([{ event: at(noRef, 'J-1:1'), shareCents: -2000, rule: 'erpOrderAmount' }]);
    expect(lines('GT-2')).toEqual([]);
    expect(m.byRule['reference: ERP memo order + amount']).toBe(1);
  });

  it('never take a transaction another line references, a batch line, or a line of the other direction', async () => {
    const m = await matched(noRef);
    const onlyLines = m.movements.filter((x) => x.kind === 'erp_only').map((x) => noRef[x.erpLines[0]].key);
    // J-3:1 would post GT-3 twice; J-4:1 debits what an activation credits; J-6:1 names no order.
    expect(onlyLines).toEqual(['J-3:1', 'J-4:1', 'J-6:1']);
    // The batch line covers its day's redemption, as a batch line does.
    expect(m.movements.find((x) => x.anchor === at(noRef, 'GT-5'))!.members.map((x) => x.rule)).toEqual(['anchor', 'batch']);
  });
});

describe('an ERP line without a Reference for a Void that names no order (Square)', () => {
  it('reaches the Void through the redemption of its order the Void reverses', async () => {
    const sq = events(`
      platform GT-1 07-02 10:00 redemption 20.00 card=6006000000000001 order=#2 bal=30.00
      platform GT-2 07-02 14:00 void       20.00 card=6006000000000001 bal=50.00
      erp      J-1:1 07-02 debit  20.00 ref=GT-1
      erp      J-2:1 07-02 credit 20.00 memo="GC void order #2"
    `);
    const m = await matched(sq);
    const v = m.movements.find((x) => x.anchor === at(sq, 'GT-2'))!;
    expect(v.members.at(-1)).toEqual({ event: at(sq, 'J-2:1'), shareCents: 2000, rule: 'erpOrderAmount' });
    expect(m.movements.some((x) => x.kind === 'erp_only')).toBe(false);
  });
});
