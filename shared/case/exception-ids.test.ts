import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../node/files';
import { ExceptionIds } from '../reconstruct/exception-ids';
import { tinyQuarter, TINY_SETTINGS } from '../testing/tiny-quarter';
import type { ExceptionItem } from '../types';
import { openCase, runCase } from './pipeline';

const items = (...keys: string[]) => keys.map((key) => ({ key, id: '' }) as ExceptionItem);
const idsOf = (xs: { key: string; id: string }[]) => Object.fromEntries(xs.map((x) => [x.key, x.id]));

describe('exception ids for the life of a case', () => {
  it('keeps a key’s id, numbers new keys after the highest ever given, and keeps retired ids', () => {
    const ids = new ExceptionIds();
    const first = items('A', 'B', 'C');
    ids.number(first);
    expect(first.map((x) => x.id)).toEqual(['EX-0001', 'EX-0002', 'EX-0003']);
    // B is gone, D is new and sorts before C: C keeps its id and D takes the next.
    const second = items('A', 'D', 'C');
    ids.number(second);
    expect(second.map((x) => x.id)).toEqual(['EX-0001', 'EX-0004', 'EX-0003']);
    // B comes back under its own id.
    const third = items('B');
    ids.number(third);
    expect(third[0].id).toBe('EX-0002');
    expect(ids.entries()).toEqual([
      { key: 'A', id: 'EX-0001' }, { key: 'B', id: 'EX-0002' }, { key: 'C', id: 'EX-0003' }, { key: 'D', id: 'EX-0004' },
    ]);
    // A copy numbers a trial without changing the original.
    const trial = ids.clone();
    trial.number(items('E'));
    expect(ids.has('E')).toBe(false);
  });

  it('a re-run keeps every finding’s id, numbers the new ones after, and a reopened case keeps them all', async () => {
    const SQL = await loadSqlJs();
    // A generous lag tolerance: the late activation of card …0001 is no finding yet.
    const a = await runCase(SQL, { files: tinyQuarter(), settings: { ...TINY_SETTINGS, lagToleranceMinutes: 24 * 60 } });
    expect(a.report.exceptions.some((x) => x.category === 'ACTIVATION_LAG')).toBe(false);
    const before = idsOf(a.report.exceptions);
    const highest = Math.max(...Object.values(before).map((id) => Number(id.slice(3))));

    const b = await runCase(SQL, { files: tinyQuarter(), settings: TINY_SETTINGS, exceptionIds: a.exceptionIds() });
    const lag = b.report.exceptions.find((x) => x.category === 'ACTIVATION_LAG')!;
    // It sorts first in the report, but takes the next number rather than EX-0001.
    expect(b.report.exceptions[0]).toBe(lag);
    expect(lag.id).toBe(`EX-${String(highest + 1).padStart(4, '0')}`);
    for (const x of b.report.exceptions) if (x !== lag) expect(x.id).toBe(before[x.key]);

    const reopened = await openCase(SQL, b.exportCase());
    expect(idsOf(reopened.report.exceptions)).toEqual(idsOf(b.report.exceptions));
    expect(reopened.exceptionIds()).toEqual(b.exceptionIds());
    // Back to the generous tolerance: the lag finding is retired, its id kept for it.
    const c = await runCase(SQL, { files: tinyQuarter(), settings: { ...TINY_SETTINGS, lagToleranceMinutes: 24 * 60 }, exceptionIds: reopened.exceptionIds() });
    expect(idsOf(c.report.exceptions)).toEqual(before);
    expect(c.exceptionIds()).toContainEqual({ key: lag.key, id: lag.id });
    for (const x of [a, b, reopened, c]) x.close();
  });
});
