// The main process's pure guards: path traversal on app://, the trusted origin, IPC argument checks, the
// CSP kept in step between the header and index.html, and the stores that live in userData.
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { isAppUrl } from '../../electron/main/app-origin';
import { AutosaveStore } from '../../electron/main/autosave-store';
import { CSP_DIRECTIVES, CSP_HEADER } from '../../electron/main/csp';
import { PathGrants } from '../../electron/main/path-grants';
import { readPickedFile } from '../../electron/main/read-picked-file';
import { RecentCasesStore } from '../../electron/main/recent-cases-store';
import { contentType, resolveInside } from '../../electron/main/safe-path';
import { parseStartupArgs } from '../../electron/main/startup-args';
import * as v from '../../electron/main/validate';

const root = resolve('/srv/out/renderer');
const tmp = mkdtempSync(join(tmpdir(), 'bf-host-main-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('app:// path resolution', () => {
  it('serves files inside the renderer build', () => {
    expect(resolveInside(root, '/')).toBe(join(root, 'index.html'));
    expect(resolveInside(root, '/assets/index-abc.js')).toBe(join(root, 'assets/index-abc.js'));
    expect(resolveInside(root, '/assets/a%20b.css')).toBe(join(root, 'assets/a b.css'));
  });
  it('refuses traversal, encoded or not', () => {
    for (const p of [
      '/../secret',
      '/%2e%2e/secret',
      '/assets/%2E%2E/%2E%2E/etc/passwd',
      '/..%2fsecret',
      '/..%5csecret',
      '/%00',
      '/%E0%A4%A',
    ]) {
      expect(resolveInside(root, p), p).toBeNull();
    }
  });
  it('labels wasm so sql.js can stream-compile it', () => {
    expect(contentType('/x/sql-wasm.wasm')).toBe('application/wasm');
    expect(contentType('/x/index.html')).toMatch(/^text\/html/);
    expect(contentType('/x/unknown.bin')).toBe('application/octet-stream');
  });
});

describe('trusted origin', () => {
  it('trusts app://bf only, and the dev server only when given', () => {
    expect(isAppUrl('app://bf/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('file:///work/out/renderer/index.html')).toBe(false);
    expect(isAppUrl('https://bf/index.html')).toBe(false);
    expect(isAppUrl('http://localhost:5173/')).toBe(false);
    expect(isAppUrl('http://localhost:5173/', 'http://localhost:5173')).toBe(true);
    expect(isAppUrl('http://localhost:5174/', 'http://localhost:5173')).toBe(false);
    expect(isAppUrl('not a url')).toBe(false);
  });
});

describe('IPC argument validation', () => {
  it('accepts well-formed requests', () => {
    expect(
      v.openFilesOptions({
        title: 'Import',
        multiple: true,
        filters: [{ name: 'CSV', extensions: ['csv'] }],
      }),
    ).toEqual({
      title: 'Import',
      multiple: true,
      filters: [{ name: 'CSV', extensions: ['csv'] }],
    });
    expect(v.saveFileOptions({ suggestedName: 'je.csv', filters: [], text: 'a,b' }, 100).text).toBe('a,b');
    const abs = resolve('/cases/q3.sqlite');
    expect(v.saveCaseRequest({ bytes: new Uint8Array(3), path: abs, suggestedName: 'q3' }, 10).path).toBe(
      abs,
    );
  });
  it('rejects wrong types, sizes and paths', () => {
    expect(() => v.openFilesOptions({ title: 'x', multiple: 'yes', filters: [] })).toThrow(v.InvalidArgument);
    expect(() => v.filters([{ name: 'x', extensions: ['../sh'] }])).toThrow(v.InvalidArgument);
    expect(() =>
      v.saveFileOptions({ suggestedName: 'a', filters: [], bytes: new Uint8Array(2), text: 'x' }, 10),
    ).toThrow();
    expect(() =>
      v.saveFileOptions({ suggestedName: 'a', filters: [], bytes: new Uint8Array(11) }, 10),
    ).toThrow(/limit/);
    expect(() => v.saveCaseRequest({ bytes: [1, 2], path: null, suggestedName: 'a' }, 10)).toThrow(
      /not bytes/,
    );
    expect(() => v.caseLocation({ path: 'relative/q3.sqlite', name: 'q3' })).toThrow(/absolute/);
    expect(() => v.str('a\0b', 'name')).toThrow();
    expect(() => v.none([1])).toThrow();
  });
});

describe('CSP', () => {
  it('index.html carries the same policy as the header', () => {
    const html = readFileSync(new URL('../../renderer/index.html', import.meta.url), 'utf8');
    const meta = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(html)?.[1];
    expect(meta?.split(/;\s*/)).toEqual([...CSP_DIRECTIVES]);
  });
  it('allows nothing remote', () => {
    expect(CSP_HEADER).not.toMatch(/https?:|\*|'unsafe-inline'|'unsafe-eval'/);
    expect(CSP_HEADER).toContain("'wasm-unsafe-eval'");
    expect(CSP_HEADER).toContain("frame-ancestors 'none'");
  });
});

describe('main-process state', () => {
  it('reads --demo', () => {
    expect(parseStartupArgs(['electron', '.', '--demo'])).toEqual({ demo: true });
    expect(parseStartupArgs(['electron', '.'])).toEqual({ demo: false });
  });
  it('grants only chosen paths', () => {
    const g = new PathGrants();
    g.grant('/cases/./q3.sqlite');
    expect(g.has('/cases/q3.sqlite')).toBe(true);
    expect(g.has('/etc/passwd')).toBe(false);
  });
  it('keeps recent cases in userData', async () => {
    const store = new RecentCasesStore(tmp);
    const a = join(tmp, 'a.sqlite');
    await store.add({ path: a, name: 'a.sqlite' });
    await store.add({ path: '/gone/b.sqlite', name: 'b.sqlite' });
    expect((await store.list()).map((r) => [r.name, r.reopenable])).toEqual([
      ['b.sqlite', false],
      ['a.sqlite', false],
    ]);
    expect(await store.includes(a)).toBe(true);
  });
  it('autosaves and recovers', async () => {
    const store = new AutosaveStore(tmp);
    expect(await store.recover()).toBeNull();
    await Promise.all(
      [1, 2, 3].map((n) => store.write(new Uint8Array([n]), { casePath: null, caseName: `v${n}` })),
    );
    const rec = await store.recover();
    // Serialised: the last autosave requested is the one kept.
    expect([...(rec?.bytes ?? [])]).toEqual([3]);
    expect(rec?.caseName).toBe('v3');
    await store.clear();
    expect(await store.recover()).toBeNull();
  });
  it('refuses oversized picked files with a clear message', async () => {
    const f = join(tmp, 'big.csv');
    writeFileSync(f, 'x'.repeat(2048));
    await expect(readPickedFile(f, 1024)).rejects.toThrow(/"big.csv" is 2 KB, more than the 1 KB/);
    expect((await readPickedFile(f, 4096)).bytes.byteLength).toBe(2048);
  });
});
