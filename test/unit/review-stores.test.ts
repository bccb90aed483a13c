// The review's state that is logic, not layout: the queue's order, ticks, masking, grouped drift alerts, and
// which settings make the numbers stale or keep the files' proposal from replacing the period.
import { beforeEach, describe, expect, it } from 'vitest';
import type { ExceptionItem } from '../../shared/types';
import { DEFAULT_SETTINGS } from '../../shared/types';
import { useCaseStore } from '../../renderer/src/state/case';
import { maskCard } from '../../renderer/src/state/display';
import { groupAlerts, type DriftAlert } from '../../renderer/src/state/report';
import { DEFAULT_SORT, sortExceptions, useReviewStore } from '../../renderer/src/state/review';

const item = (id: string, amount: number, status: ExceptionItem['status'], card: string | null = null): ExceptionItem => ({
  id, key: `K|${id}`, category: 'DUPLICATE', card, amount_cents: amount, records: [], explanation: '', suggested_resolution: '', status,
});

describe('the queue', () => {
  beforeEach(() => useReviewStore.setState({ sort: DEFAULT_SORT, checked: new Set() }));
  const rows = [item('EX-0001', -500, 'open', '6006000000000003'), item('EX-0002', 2000, 'accepted'), item('EX-0003', 500, 'deferred', '6006000000000001')];

  it('sorts by amount (absolute, largest first on the first click), by status, and keeps report order for ties', () => {
    const s = useReviewStore.getState();
    s.sortBy('amount');
    expect(sortExceptions(rows, useReviewStore.getState().sort).map((x) => x.id)).toEqual(['EX-0002', 'EX-0001', 'EX-0003']);
    s.sortBy('amount');
    expect(sortExceptions(rows, useReviewStore.getState().sort).map((x) => x.id)).toEqual(['EX-0001', 'EX-0003', 'EX-0002']);
    s.sortBy('status');
    expect(sortExceptions(rows, useReviewStore.getState().sort).map((x) => x.id)).toEqual(['EX-0001', 'EX-0003', 'EX-0002']);
    s.sortBy('card');
    expect(sortExceptions(rows, useReviewStore.getState().sort).map((x) => x.id)).toEqual(['EX-0003', 'EX-0001', 'EX-0002']);
    expect(sortExceptions(rows, DEFAULT_SORT)).toBe(rows);
  });

  it('ticks and unticks by key', () => {
    const s = useReviewStore.getState();
    s.check(['a', 'b', 'c'], true);
    s.check(['b'], false);
    expect([...useReviewStore.getState().checked]).toEqual(['a', 'c']);
    s.clearChecked();
    expect(useReviewStore.getState().checked.size).toBe(0);
  });
});

describe('card numbers on screen', () => {
  it('show only their last four when masked', () => {
    expect(maskCard('6006493773222059')).toBe('••••2059');
    expect(maskCard('SC50115461')).toBe('••••5461');
    expect(maskCard('1234')).toBe('1234');
  });
});

describe('drift alerts', () => {
  it('are one group per series, with its weeks, first and last, and the largest drift', () => {
    const a = (week_end: string, against: DriftAlert['against'], drift: number): DriftAlert => ({ week_end, against, drift });
    const groups = groupAlerts([a('2026-07-05', 'ERP', 120_000), a('2026-07-05', 'platform', -300), a('2026-07-12', 'ERP', -250_000), a('2026-07-19', 'ERP', 250_000)]);
    expect(groups.map((g) => [g.against, g.weeks.length, g.first, g.last, g.worst.week_end])).toEqual([
      ['ERP', 3, '2026-07-05', '2026-07-19', '2026-07-12'],
      ['platform', 1, '2026-07-05', '2026-07-05', '2026-07-05'],
    ]);
    expect(groupAlerts([])).toEqual([]);
  });
});

describe('the case’s settings', () => {
  beforeEach(() => useCaseStore.getState().reset());
  const base = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };

  it('that only the review reads do not make the numbers stale', () => {
    useCaseStore.getState().load({ settings: base });
    useCaseStore.getState().updateSettings({ autoSettleToleranceCents: 2000, driftAlertCents: 1 });
    expect(useCaseStore.getState()).toMatchObject({ dirty: true, stale: false });
    useCaseStore.getState().updateSettings({ reasonCodes: ['Immaterial'] });
    expect(useCaseStore.getState().stale).toBe(true);
  });

  it('keep the files’ proposal from replacing a period the auditor chose', () => {
    expect(useCaseStore.getState().periodChosen).toBe(false);
    useCaseStore.getState().updateSettings({ periodStart: '2026-04-01' });
    expect(useCaseStore.getState().periodChosen).toBe(false);
    useCaseStore.getState().choosePeriod({ timezone: 'Europe/Berlin' });
    expect(useCaseStore.getState()).toMatchObject({ periodChosen: true, settings: { timezone: 'Europe/Berlin' } });
    useCaseStore.getState().reset();
    useCaseStore.getState().load({ settings: base });
    expect(useCaseStore.getState().periodChosen).toBe(true);
  });
});
