// The browser host's pure parts: filters, names, the recent list, the title, the startup flag.
import { describe, expect, it } from 'vitest';
import { formatBytes, safeFileName, tooLargeMessage } from '../../contract/file-names';
import { acceptAttribute, mimeFor } from '../../renderer/src/host/file-filters';
import { addToRecent, MAX_RECENT, parseRecent } from '../../contract/recent-list';
import { startupArgsFromSearch } from '../../renderer/src/host/startup-args';
import { formatTitle } from '../../contract/title';
import { createBrowserHost, DEFAULT_BROWSER_USER } from '../../renderer/src/host/browser';

describe('file filters', () => {
  it('builds the accept attribute from extensions', () => {
    expect(acceptAttribute([{ name: 'Exports', extensions: ['csv', 'XLSX', '.csv'] }])).toBe('.csv,.xlsx');
    expect(acceptAttribute([{ name: 'All', extensions: ['*'] }])).toBe('');
    expect(acceptAttribute([])).toBe('');
  });
  it('knows the types the app writes', () => {
    expect(mimeFor('workpapers.xlsx')).toMatch(/spreadsheetml/);
    expect(mimeFor('je.CSV')).toBe('text/csv');
    expect(mimeFor('noext')).toBe('application/octet-stream');
  });
  it('makes safe file names', () => {
    expect(safeFileName('../../etc/passwd', [{ name: 'Case', extensions: ['sqlite'] }])).toBe(
      'passwd.sqlite',
    );
    expect(safeFileName('C:\\Users\\x\\Q3: final?.sqlite', [{ name: 'Case', extensions: ['sqlite'] }])).toBe(
      'Q3_ final_.sqlite',
    );
    expect(safeFileName('  ..  ')).toBe('untitled');
    expect(safeFileName('report.json', [{ name: 'JSON', extensions: ['json'] }])).toBe('report.json');
  });
  it('explains oversized files in people units', () => {
    expect(formatBytes(3 * 1024 * 1024)).toBe('3 MB');
    expect(tooLargeMessage('big.csv', 600 * 1024 * 1024, 512 * 1024 * 1024)).toContain(
      '"big.csv" is 600 MB, more than the 512 MB',
    );
  });
});

describe('recent cases', () => {
  const t = new Date('2026-07-01T10:00:00Z');
  it('puts the latest first, once, capped', () => {
    let list = addToRecent([], { path: '/a.sqlite', name: 'a.sqlite' }, t);
    list = addToRecent(list, { path: '/b.sqlite', name: 'b.sqlite' }, t);
    list = addToRecent(list, { path: '/a.sqlite', name: 'a.sqlite' }, t);
    expect(list.map((r) => r.path)).toEqual(['/a.sqlite', '/b.sqlite']);
    for (let i = 0; i < 20; i++) list = addToRecent(list, { path: `/${i}`, name: `${i}` }, t);
    expect(list).toHaveLength(MAX_RECENT);
    expect(list[0].path).toBe('/19');
  });
  it('reads stored lists defensively', () => {
    expect(parseRecent('nope')).toEqual([]);
    expect(
      parseRecent([
        { path: 1 },
        { path: '/x', name: 'x', openedAt: 't' },
        { path: '/x', name: 'dup', openedAt: 't' },
      ]),
    ).toEqual([{ path: '/x', name: 'x', openedAt: 't' }]);
  });
});

describe('title and startup', () => {
  it('marks unsaved cases', () => {
    expect(formatTitle('Q3 2026', true)).toBe('Q3 2026 • — Balance Forensics');
    expect(formatTitle('Q3 2026', false)).toBe('Q3 2026 — Balance Forensics');
    expect(formatTitle('', false)).toBe('Balance Forensics');
  });
  it('reads ?demo', () => {
    expect(startupArgsFromSearch('?demo')).toEqual({ demo: true });
    expect(startupArgsFromSearch('?demo=1')).toEqual({ demo: true });
    expect(startupArgsFromSearch('?demo=0')).toEqual({ demo: false });
    expect(startupArgsFromSearch('')).toEqual({ demo: false });
  });
});

describe('browser host without storage', () => {
  it('falls back to defaults instead of throwing', async () => {
    const host = createBrowserHost();
    expect(host.kind).toBe('browser');
    expect(await host.user()).toBe(DEFAULT_BROWSER_USER);
    expect(await host.namedUser?.()).toBeNull();
    expect(await host.recentCases()).toEqual([]);
    // No IndexedDB in Node: autosave is skipped and recovery honestly finds nothing.
    await host.autosave(new Blob([new Uint8Array([1, 2, 3])]), { casePath: null, caseName: 'x' });
    expect(await host.recoverAutosave()).toBeNull();
  });
  it('keeps the recent list and the user name in localStorage', async () => {
    const mem = new Map<string, string>();
    const g = globalThis as { localStorage?: unknown };
    g.localStorage = {
      getItem: (k: string) => mem.get(k) ?? null,
      setItem: (k: string, v: string) => void mem.set(k, v),
    };
    try {
      const host = createBrowserHost();
      expect(await host.namedUser?.()).toBeNull();
      await host.setUser?.('  Dana Reyes ');
      expect(await host.user()).toBe('Dana Reyes');
      expect(await host.namedUser?.()).toBe('Dana Reyes');
      await host.addRecentCase({ path: 'Q3.sqlite', name: 'Q3.sqlite' });
      const recent = await host.recentCases();
      expect(recent.map((r) => [r.name, r.reopenable])).toEqual([['Q3.sqlite', false]]);
    } finally {
      delete g.localStorage;
    }
  });
});
