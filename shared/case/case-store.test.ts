import { describe, expect, it } from 'vitest';
import { loadSqlJs } from '../node/files';
import { events } from '../testing/events';
import { SETTINGS } from '../testing/stages';
import type { Decision } from '../types';
import { CaseStore } from './case-store';

const ev = events(`
  platform GT-1 07-01 10:00 activation 50.00 card=6006000000000001 order=#1 bal=50.00
  erp      J-1:1 10-01 credit 50.00 ref=GT-1
`);

async function loaded(): Promise<CaseStore> {
  const store = CaseStore.create(await loadSqlJs(), 0);
  const load = store.beginInputs(SETTINGS);
  load.add(ev);
  load.finish();
  store.writeInputs(SETTINGS, undefined, []);
  store.endInputs();
  return store;
}

describe('CaseStore', () => {
  it('stores each event value in the column of its name, with whether it falls in the period', async () => {
    const store = await loaded();
    const r = store.query('SELECT key, card, last4, amount, effect, bdate, ord, balance_after, in_period FROM events ORDER BY id', 10);
    expect(r.rows).toEqual([
      ['GT-1', '6006000000000001', '0001', 5000, 5000, '2026-07-01', '#1', 5000, 1],
      ['J-1:1', null, null, 5000, 5000, '2026-10-01', null, null, 0],
    ]);
    store.close();
  });

  it('keeps the decisions table a copy of the decisions in force: the last ones out on undo', async () => {
    const store = await loaded();
    const d = (key: string): Decision => ({ key, action: 'accept', user: 'ana', at: '2026-10-01T00:00:00Z' });
    store.appendDecisions([d('A'), d('B'), d('C')]);
    store.removeLastDecisions(2);
    store.appendDecisions([d('D')]);
    expect(store.decisionRows().map((x) => x.key)).toEqual(['A', 'D']);
    store.close();
  });

  it('a read-only query cannot write, whatever it hides', async () => {
    const store = await loaded();
    expect(() => store.query('WITH x AS (SELECT 1) DELETE FROM events', 10)).toThrow();
    expect(store.query('SELECT count(*) FROM events', 10).rows).toEqual([[2]]);
    store.close();
  });

  it('bytes that are not a saved case are refused in one line', async () => {
    const SQL = await loadSqlJs();
    expect(() => CaseStore.readSaved(SQL, new TextEncoder().encode('not a database'))).toThrow(/not a Balance Forensics case/);
  });
});
