// Every event keeps one V8 shape, whatever its amounts (normalize.ts, CENTS_UNSET). An amount past V8's small
// integers (2^31 − 1 cents in Node) once retired the shape of every event read before it, and the next pass
// over the events migrated each of them: 10 s at 10M events (docs/performance.md §3.2). The shape is compared
// with V8's own %HaveSameMap.
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { importFiles } from '../../shared/import/import-files';
import { inRoleOrder } from '../../shared/case/stages';
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
});
