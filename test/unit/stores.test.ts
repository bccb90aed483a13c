import { beforeEach, describe, expect, it } from 'vitest';
import type { DriftPoint, FileInspection } from '../../shared/api';
import { CATEGORIES, DEFAULT_SETTINGS, type Report } from '../../shared/types';
import { useCaseStore } from '../../renderer/src/state/case';
import { filesReady, useFilesStore } from '../../renderer/src/state/files';
import { createPresetStore, PRESET_KEY, type KeyValueStorage } from '../../renderer/src/state/presets';
import { byCategory, driftAlerts, headline, useReportStore, waterfall } from '../../renderer/src/state/report';
import { percent, useRunStore } from '../../renderer/src/state/run';
import { defaultSettings, lastQuarter, periodLabel } from '../../renderer/src/state/settings';
import { settingsProblems } from '../../shared/settings';

const base = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };

describe('case settings', () => {
  it('defaults to the last complete quarter and names quarters', () => {
    expect(lastQuarter(new Date('2026-11-15T12:00:00Z'))).toEqual({ start: '2026-07-01', end: '2026-09-30' });
    expect(lastQuarter(new Date('2026-02-01T12:00:00Z'))).toEqual({ start: '2025-10-01', end: '2025-12-31' });
    expect(periodLabel('2026-07-01', '2026-09-30')).toBe('Q3 2026');
    expect(periodLabel('2026-07-01', '2026-08-15')).toBe('2026-07-01 – 2026-08-15');
    expect(settingsProblems(defaultSettings(new Date('2026-11-15T12:00:00Z'))).periodStart).toBeUndefined();
  });
});

describe('case store', () => {
  beforeEach(() => useCaseStore.getState().reset());
  it('marks changes dirty and stale and follows the period in the name until the user names it', () => {
    const s = useCaseStore.getState();
    s.load({ settings: base });
    expect(useCaseStore.getState()).toMatchObject({ name: 'Q3 2026', dirty: false, stale: false });
    s.updateSettings({ periodStart: '2026-04-01', periodEnd: '2026-06-30' });
    expect(useCaseStore.getState()).toMatchObject({ name: 'Q2 2026', dirty: true, stale: true });
    s.setName('Acme Q2');
    s.updateSettings({ lagToleranceMinutes: 30 });
    expect(useCaseStore.getState().name).toBe('Acme Q2');
    s.markSaved({ path: '/cases/acme.sqlite', name: 'acme.sqlite' });
    expect(useCaseStore.getState()).toMatchObject({ dirty: false, location: { name: 'acme.sqlite' } });
  });
});

const inspection = (missing: string[]): FileInspection => ({
  role: 'platform',
  name: 'p.csv',
  sha256: 'abc',
  encoding: 'utf-8',
  layout: missing.length ? 'incomplete' : 'reference',
  headers: ['Transaction ID', 'GC Code'],
  columns: { 'Transaction ID': 'Transaction ID', 'Card Number': null },
  requiredMissing: missing,
  preview: [],
});

describe('files store', () => {
  beforeEach(() => useFilesStore.getState().clear());
  it('tracks each file through loading, inspection and failure', () => {
    const s = useFilesStore.getState();
    s.fileLoading('platform', 'p.csv', 10);
    expect(useFilesStore.getState().files.platform?.status).toBe('loading');
    s.fileInspected('platform', inspection([]));
    expect(useFilesStore.getState().files.platform).toMatchObject({ status: 'ready', name: 'p.csv', size: 10 });
    s.fileFailed('erp', 'unreadable');
    expect(useFilesStore.getState().files.erp).toMatchObject({ status: 'error', error: 'unreadable' });
    s.removeFile('erp');
    expect(useFilesStore.getState().files.erp).toBeUndefined();
  });
  it('edits the mapping column by column and drops empty roles', () => {
    const s = useFilesStore.getState();
    s.mapColumn('platform', 'Card Number', 'GC Code');
    s.mapColumn('erp', 'Reference', 'Ext Ref');
    expect(useFilesStore.getState().mapping).toEqual({ platform: { 'Card Number': 'GC Code' }, erp: { Reference: 'Ext Ref' } });
    s.mapColumn('erp', 'Reference', null);
    expect(useFilesStore.getState().mapping).toEqual({ platform: { 'Card Number': 'GC Code' } });
    s.setRoleMapping('platform', {});
    expect(useFilesStore.getState().mapping).toEqual({});
  });
  it('is ready only with all four systems inspected and complete', () => {
    const s = useFilesStore.getState();
    for (const r of ['platform', 'storefront', 'payments'] as const) {
      s.fileLoading(r, `${r}.csv`, 1);
      s.fileInspected(r, inspection([]));
    }
    expect(filesReady(useFilesStore.getState().files)).toBe(false);
    s.fileLoading('erp', 'erp.xlsx', 1);
    s.fileInspected('erp', inspection(['Account']));
    expect(filesReady(useFilesStore.getState().files)).toBe(false);
    s.fileInspected('erp', inspection([]));
    expect(filesReady(useFilesStore.getState().files)).toBe(true);
  });
});

describe('run store', () => {
  beforeEach(() => useRunStore.getState().reset());
  it('measures rows per second within a stage and restarts at each stage', () => {
    const s = useRunStore.getState();
    s.start('Reading and matching', 1000);
    s.report({ stage: 'read', done: 0, total: 1000, file: 'a.csv' }, 1000);
    s.report({ stage: 'read', done: 500, total: 1000, file: 'a.csv' }, 2000);
    expect(useRunStore.getState().rate).toBe(500);
    expect(percent(useRunStore.getState().progress)).toBe(50);
    s.report({ stage: 'match', done: 10, total: 100, rate: 12345 }, 2500);
    expect(useRunStore.getState().rate).toBe(12345);
    s.finish();
    expect(useRunStore.getState().status).toBe('done');
    s.report({ stage: 'match', done: 99, total: 100 }, 3000); // after the end: ignored
    expect(useRunStore.getState().progress?.done).toBe(10);
  });
  it('records failure and cancellation', () => {
    const s = useRunStore.getState();
    s.start('x');
    s.fail('Missing column Account');
    expect(useRunStore.getState()).toMatchObject({ status: 'failed', error: 'Missing column Account' });
    s.start('x');
    s.cancelled();
    expect(useRunStore.getState()).toMatchObject({ status: 'cancelled', error: null });
    expect(percent(null)).toBeNull();
    expect(percent({ stage: 'read', done: 5, total: 0 })).toBeNull();
  });
});

function report(): Report {
  return {
    period: { start: '2026-07-01', end: '2026-09-30', timezone: 'America/New_York' },
    inputs: [],
    liability: {
      reconstructed_closing_cents: 10_500,
      by_instrument: { gift_card: 10_000, store_credit: 500 },
      platform_reported_closing_cents: 10_300,
      erp_closing_cents: 10_000,
      rollforward: {
        opening_cents: 0,
        issued_cents: 0,
        reloaded_cents: 0,
        redeemed_cents: 0,
        refunded_cents: 0,
        voided_cents: 0,
        adjusted_cents: 0,
        expired_cents: 0,
        closing_cents: 10_500,
      },
      bridge: [
        { category: 'MISSING_IN_ERP', amount_cents: 800, count: 2 },
        { category: 'DUPLICATE', amount_cents: 0, count: 1 },
        { category: 'ERP_ONLY_ENTRY', amount_cents: -300, count: 1 },
      ],
    },
    cards: [],
    exceptions: [
      { id: 'EX-1', key: 'k1', category: 'MISSING_IN_ERP', card: 'c', amount_cents: 500, records: [], explanation: '', suggested_resolution: '' },
      { id: 'EX-2', key: 'k2', category: 'MISSING_IN_ERP', card: 'c', amount_cents: 300, records: [], explanation: '', suggested_resolution: '' },
      { id: 'EX-3', key: 'k3', category: 'ERP_ONLY_ENTRY', card: null, amount_cents: -300, records: [], explanation: '', suggested_resolution: '' },
    ],
    matching: { matched_groups: 0, by_rule: {} },
  };
}

describe('report store and its derived views', () => {
  it('holds the result and derives the headline differences', () => {
    useReportStore.getState().setResult(report(), [], { canUndo: true, canRedo: false, undo: 'accept EX-1' }, '2026-10-01T00:00:00Z');
    const r = useReportStore.getState().report!;
    expect(headline(r)).toEqual({ erp: 10_000, platform: 10_300, reconstructed: 10_500, erpDiff: 500, platformDiff: 200 });
    expect(useReportStore.getState().history.undo).toBe('accept EX-1');
    useReportStore.getState().clear();
    expect(useReportStore.getState()).toMatchObject({ report: null, history: { canUndo: false, canRedo: false } });
  });
  it('builds a waterfall that walks from the ERP to the reconstructed balance, skipping zero items', () => {
    const w = waterfall(report());
    expect(w.map((s) => [s.label, s.low, s.high, s.kind])).toEqual([
      ['ERP', 0, 10_000, 'total'],
      ['MISSING_IN_ERP', 10_000, 10_800, 'up'],
      ['ERP_ONLY_ENTRY', 10_500, 10_800, 'down'],
      ['Reconstructed', 0, 10_500, 'total'],
    ]);
  });
  it('counts exceptions by category in the fixed order, with amounts and bridge effects', () => {
    const rows = byCategory(report(), CATEGORIES);
    expect(rows.map((r) => r.category)).toEqual([...CATEGORIES]);
    expect(rows.find((r) => r.category === 'MISSING_IN_ERP')).toEqual({ category: 'MISSING_IN_ERP', count: 2, amount: 800, bridge: 800 });
    expect(rows.find((r) => r.category === 'ERP_ONLY_ENTRY')).toEqual({ category: 'ERP_ONLY_ENTRY', count: 1, amount: 300, bridge: -300 });
    expect(rows.find((r) => r.category === 'CUTOFF')?.count).toBe(0);
  });
  it('raises drift alerts only where the cumulative drift passes the threshold', () => {
    const pt = (week_end: string, erp: number, plat: number): DriftPoint => ({
      week_end,
      erp_cents: 0,
      platform_cents: 0,
      reconstructed_cents: 0,
      erp_drift_cents: erp,
      platform_drift_cents: plat,
    });
    const alerts = driftAlerts([pt('2026-07-04', 50, 0), pt('2026-07-11', -150, 100), pt('2026-07-18', 200, 101)], 100);
    expect(alerts).toEqual([
      { week_end: '2026-07-11', against: 'ERP', drift: -150 },
      { week_end: '2026-07-18', against: 'ERP', drift: 200 },
      { week_end: '2026-07-18', against: 'platform', drift: 101 },
    ]);
  });
});

describe('mapping presets', () => {
  class Mem implements KeyValueStorage {
    data = new Map<string, string>();
    getItem(k: string) {
      return this.data.get(k) ?? null;
    }
    setItem(k: string, v: string) {
      this.data.set(k, v);
    }
  }
  it('saves, replaces by name and role, removes, and survives a restart', () => {
    const storage = new Mem();
    const a = createPresetStore(storage);
    a.getState().save('Shopify export', 'storefront', { Order: 'Name' }, new Date('2026-10-01T00:00:00Z'));
    a.getState().save('Shopify export', 'storefront', { Order: 'Order Name' }, new Date('2026-10-02T00:00:00Z'));
    a.getState().save('Shopify export', 'platform', { 'Card Number': 'GC Code' });
    a.getState().save('   ', 'platform', {});
    expect(a.getState().presets).toHaveLength(2);
    const b = createPresetStore(storage);
    expect(b.getState().forRole('storefront')).toEqual([
      { name: 'Shopify export', role: 'storefront', columns: { Order: 'Order Name' }, savedAt: '2026-10-02T00:00:00.000Z' },
    ]);
    b.getState().remove('Shopify export', 'platform');
    expect(createPresetStore(storage).getState().presets).toHaveLength(1);
  });
  it('ignores damaged storage and works without any', () => {
    const storage = new Mem();
    storage.setItem(PRESET_KEY, '{not json');
    expect(createPresetStore(storage).getState().presets).toEqual([]);
    storage.setItem(PRESET_KEY, JSON.stringify([{ name: 1 }, { name: 'ok', role: 'erp', columns: { A: 'B' }, savedAt: 'x' }]));
    expect(createPresetStore(storage).getState().presets.map((p) => p.name)).toEqual(['ok']);
    const none = createPresetStore(null);
    none.getState().save('x', 'erp', {});
    expect(none.getState().presets).toHaveLength(1);
  });
});
