// Every event keeps one V8 shape, whatever its amounts (normalize.ts, CENTS_UNSET). An amount past V8's small
// integers (2^31 − 1 cents in Node) once retired the shape of every event read before it, and the next pass
// over the events migrated each of them: 10 s at 10M events (docs/performance.md §3.2). The shape is compared
// with V8's own %HaveSameMap. The same holds for the movements and their members (movement.ts), made by the
// million too, whose cents can pass that bound on an ERP line of $21.5M.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../shared/import/import-files';
import { inRoleOrder } from '../../shared/case/stages';
import type { CanonicalEvent } from '../../shared/events';
import { newMember, newMovement } from '../../shared/match/movement';
import { BusinessCalendar } from '../../shared/time';
import { generateQuarter } from '../fixtures/generate';
import { quarterInputs, quarterSettings } from './engine-helpers';

setFlagsFromString('--allow-natives-syntax');
const sameShape = new Function('a', 'b', 'return %HaveSameMap(a, b)') as (a: object, b: object) => boolean;

/** A balanced journal of `dollars` on the gift card liability, dated as the ERP's last line, after every other. */
function withLargeJournal(erp: string, dollars: string): string {
  const last = erp.trimEnd().split('\n').at(-1)!.split(',');
  const [date, period] = [last[2], last[3]];
  return `${erp.trimEnd()}\nADJ-LARGE,1,${date},${period},2410 Gift Card Liability,,"${dollars}",Large adjustment,,Manual,tester\n`
    + `ADJ-LARGE,2,${date},${period},1010 Cash,"${dollars}",,Large adjustment,,Manual,tester\n`;
}

describe("the events' shape", () => {
  it('stays one when an ERP line past 2^31 − 1 cents comes after every other event', async () => {
    const q = generateQuarter({ seed: 7, cards: 200, timezone: 'America/Chicago', erpFormat: 'csv' });
    const settings = quarterSettings(q);
    const files = inRoleOrder(quarterInputs(q)).map((f) =>
      f.role === 'erp' ? { ...f, bytes: new TextEncoder().encode(withLargeJournal(new TextDecoder().decode(f.bytes), '30,000,000.00')) } : f,
    );
    const { events } = await importFiles(files, undefined, new BusinessCalendar(settings.timezone), {
      liabilityAccounts: settings.liabilityAccounts,
      periodStart: settings.periodStart,
    });
    // Compared before anything reads a field: a read that misses V8's inline cache migrates a retired shape.
    const apart = events.map((e, i) => (sameShape(events[0], e) ? -1 : i)).filter((i) => i >= 0);
    expect(apart, 'events whose shape is not the first event\'s').toEqual([]);
    const large = events.filter((e) => e.key.startsWith('ADJ-LARGE'));
    expect(large.map((e) => e.amount)).toEqual([3_000_000_000, -3_000_000_000]);
    expect(large[0].effect).toBe(3_000_000_000);
  });

  it("keeps the movements' and their members' shapes one across cents past 2^31 − 1", () => {
    // Small cents first (none of them -0, which V8 boxes), as a quarter's rows mostly are, then one past the
    // bound, then small again: were the field kept as a small integer until then, the large one and those
    // after it would no longer share the shape of those before.
    const event = (effect: number) => ({ card: '6036000000000001', instrument: 'gift_card', last4: '0001', order: null, effect, at: Date.UTC(2026, 6, 1), type: 'redemption' }) as CanonicalEvent;
    // Made one by one (cents read from an array holding the large one would all come as boxed numbers).
    const movements = Array.from({ length: 10 }, (_, i) => newMovement('platform', event(-(i + 1) * 100)));
    movements.push(newMovement('platform', event(-3_000_000_000)), newMovement('platform', event(1_000)));
    expect(movements.slice(-2).map((m) => m.trueEffectCents)).toEqual([-3_000_000_000, 1_000]);
    expect(movements.map((m) => sameShape(movements[9], m))).toEqual(movements.map(() => true));
    const members = Array.from({ length: 10 }, (_, i) => newMember(i, (i + 1) * 100, 'erpReference'));
    members.push(newMember(10, 3_000_000_000, 'erpReference'), newMember(11, -2_500, 'batch'));
    expect(members.slice(-2).map((x) => x.shareCents)).toEqual([3_000_000_000, -2_500]);
    expect(members.map((x) => sameShape(members[9], x))).toEqual(members.map(() => true));
  });
});
