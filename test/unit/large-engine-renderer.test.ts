// The renderer's side of the large-quarter engine, against fake ports: while the files held fit the Web Worker
// they go to it; once the host (the main process's choice, engine-choice.ts) gives the large-quarter engine's
// port, the client moves to it, the worker is stopped, and every file held goes there, by grant where it has one.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { FromEngine, PortLike, ToEngine } from '../../contract/engine';
import { chooseEngine } from '../../electron/main/engine-choice';
import { EngineClient, engine, setEngine } from '../../renderer/src/engine/client';
import { addFile, recoverFrom } from '../../renderer/src/state/actions';
import { DEFAULT_SETTINGS } from '../../shared/types';
import { useNotice } from '../../renderer/src/state/notice';
import { session } from '../../renderer/src/state/session';

const MiB = 1024 * 1024;
/** The sizes the main process saw for each grant. */
const sizes: Record<string, number> = { 'grant-platform': 300 * MiB, 'grant-storefront': 500 * MiB };

/** Answers every call at once, with the size for putFile and putGrantedFile. */
class FakePort implements PortLike {
  calls: ToEngine[] = [];
  terminated = false;
  private listener: ((e: MessageEvent<FromEngine>) => void) | null = null;
  postMessage(message: ToEngine): void {
    this.calls.push(message);
    if (message.kind !== 'call') return;
    const result =
      message.method === 'open' ? { settings: DEFAULT_SETTINGS, exceptions: 0 }
      : message.method === 'verifyChain' ? { ok: true, problems: [], seal: { entries: 3, head: 'abc' } }
      : null;
    queueMicrotask(() => this.listener?.({ data: { kind: 'result', id: message.id, result } } as MessageEvent<FromEngine>));
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    if (type === 'message') this.listener = listener;
  }
  terminate(): void {
    this.terminated = true;
  }
  puts(): [string, unknown][] {
    return this.calls.flatMap((c) => (c.kind === 'call' && c.method.startsWith('put') ? [[c.method, (c.params as { role: string }).role] as [string, unknown]] : []));
  }
}

const large = new FakePort();
const forCase = new FakePort();
const asked: string[][] = [];
/** Whether the host gives the engine for a DuckDB case (the desktop app does; here a test may say it does not). */
let givesCaseEngine = true;

vi.mock('../../renderer/src/host', async (original) => {
  const real = await original<typeof import('../../renderer/src/host')>();
  return {
    ...real,
    host: {
      ...real.host,
      largeEngine: async (grants: string[], duckdbCase = false) => {
        asked.push(grants);
        if (duckdbCase) return givesCaseEngine ? forCase : null;
        return chooseEngine(grants.map((g) => sizes[g])) === 'utility' ? large : null;
      },
    },
  };
});

let worker: FakePort;
beforeEach(() => {
  worker = new FakePort();
  setEngine(new EngineClient(worker));
  session.fileCopies.clear();
});
afterEach(() => setEngine(null));

describe('the renderer moves to the large-quarter engine', () => {
  it('keeps the worker while the files fit, then moves every file held to the large engine by its grant', async () => {
    await addFile('platform', 'platform.csv', new Uint8Array([1, 2, 3]).buffer, { id: 'grant-platform', size: sizes['grant-platform'] });
    expect(engine().large).toBe(false);
    expect(worker.puts()).toEqual([['putFile', 'platform']]);

    // A file too large to pass comes with no bytes: with it the quarter is past the worker's limit.
    await addFile('storefront', 'storefront.csv', new ArrayBuffer(0), { id: 'grant-storefront', size: sizes['grant-storefront'] });
    expect(asked.at(-1)).toEqual(['grant-platform', 'grant-storefront']);
    expect(engine().large).toBe(true);
    expect(worker.terminated).toBe(true);
    expect(worker.puts()).toEqual([['putFile', 'platform']]);
    expect(large.puts()).toEqual([
      ['putGrantedFile', 'platform'],
      ['putGrantedFile', 'storefront'],
    ]);
    expect(large.calls[0]).toMatchObject({ kind: 'call', method: 'putGrantedFile', params: { role: 'platform', grant: 'grant-platform' } });
    expect(useNotice.getState().message).toMatch(/large-quarter engine/);

    // A file without a grant (dropped on the window) goes as bytes; the engine is not asked for again.
    const before = asked.length;
    await addFile('erp', 'erp.csv', new Uint8Array([4, 5]).buffer);
    expect(large.puts().at(-1)).toEqual(['putFile', 'erp']);
    expect(asked.length).toBe(before);
  });

  it('opens a case the large-quarter engine saved on that engine, and says so where it cannot', async () => {
    // A DuckDB database file's header: 'DUCK' at bytes 8 to 11.
    const bytes = new Uint8Array(64);
    bytes.set(new TextEncoder().encode('DUCK'), 8);
    const recovered = { bytes, casePath: null, caseName: 'Q2 large', savedAt: '2026-07-03T10:00:00Z' };

    givesCaseEngine = false;
    expect(await recoverFrom(recovered)).toBe(false);
    expect(useNotice.getState().message).toMatch(/saved by the desktop app’s large-quarter engine \(DuckDB\).*--case FILE/);
    expect(worker.calls.filter((c) => c.kind === 'call' && c.method === 'open')).toEqual([]);

    givesCaseEngine = true;
    expect(await recoverFrom(recovered)).toBe(true);
    expect(engine().large).toBe(true);
    // The worker never started: the refused open asked it nothing.
    expect(worker.calls).toEqual([]);
    expect(forCase.calls.filter((c) => c.kind === 'call').map((c) => (c as { method: string }).method)).toEqual(['open', 'verifyChain']);
    expect(useNotice.getState().message).toMatch(/Opened Q2 large; audit log intact/);
  });
});
