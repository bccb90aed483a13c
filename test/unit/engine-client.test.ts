import { describe, expect, it, vi } from 'vitest';
import { EngineClient, EngineError, isAbortError } from '../../renderer/src/engine/client';
import type { FromWorker, PortLike, ToWorker } from '../../renderer/src/engine/protocol';
import { createWorkerCore } from '../../renderer/src/engine/worker-core';
import type { EngineCase, FileInspection } from '../../shared/api';
import { DEFAULT_SETTINGS, type CaseSettings, type Report } from '../../shared/types';

/** A port that records what the client sent and lets the test answer as the worker would. */
class FakePort implements PortLike {
  sent: { message: ToWorker; transfer: Transferable[] }[] = [];
  private listeners: { message: ((e: MessageEvent<FromWorker>) => void)[]; error: ((e: ErrorEvent) => void)[] } = {
    message: [],
    error: [],
  };
  terminated = false;
  postMessage(message: ToWorker, transfer: Transferable[] = []): void {
    this.sent.push({ message, transfer });
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    (this.listeners[type] as unknown[]).push(listener);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(msg: FromWorker): void {
    for (const l of this.listeners.message) l({ data: msg } as MessageEvent<FromWorker>);
  }
  crash(message: string): void {
    for (const l of this.listeners.error) l({ message } as ErrorEvent);
  }
  lastId(): number {
    return this.sent[this.sent.length - 1].message.id;
  }
}

const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };

describe('EngineClient', () => {
  it('sends typed requests and resolves each with its own answer, in any order', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const a = client.call('drift', null);
    const b = client.call('reportJson', null);
    expect(port.sent.map((s) => s.message)).toEqual([
      { kind: 'call', id: 1, method: 'drift', params: null },
      { kind: 'call', id: 2, method: 'reportJson', params: null },
    ]);
    port.reply({ kind: 'result', id: 2, result: '{"ok":1}' });
    port.reply({ kind: 'result', id: 1, result: [] });
    await expect(b).resolves.toBe('{"ok":1}');
    await expect(a).resolves.toEqual([]);
    expect(client.inFlight).toBe(0);
  });

  it('transfers the buffers it is given instead of copying them', () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const bytes = new Uint8Array([1, 2, 3]).buffer;
    void client.call('putFile', { role: 'platform', name: 'p.csv', bytes }, { transfer: [bytes] });
    expect(port.sent[0].transfer).toEqual([bytes]);
  });

  it('routes progress to the caller until the answer arrives', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const seen: number[] = [];
    const p = client.call('run', { settings }, { onProgress: (pr) => seen.push(pr.done) });
    const id = port.lastId();
    port.reply({ kind: 'progress', id, progress: { stage: 'read', done: 10, total: 100 } });
    port.reply({ kind: 'progress', id, progress: { stage: 'read', done: 50, total: 100 } });
    port.reply({ kind: 'result', id, result: { settings, report: {} as Report, drift: [] } });
    port.reply({ kind: 'progress', id, progress: { stage: 'read', done: 99, total: 100 } }); // late: dropped
    await p;
    expect(seen).toEqual([10, 50]);
  });

  it('turns engine errors into EngineError with the file, row and column', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const p = client.call('inspect', { role: 'erp' });
    port.reply({
      kind: 'error',
      id: port.lastId(),
      error: { name: 'InputError', message: 'Missing column Account', file: 'erp.xlsx', column: 'Account' },
    });
    const err = await p.catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineError);
    expect((err as EngineError).message).toBe('Missing column Account');
    expect((err as EngineError).name).toBe('InputError');
    expect((err as EngineError).column).toBe('Account');
  });

  it('cancels: rejects at once with AbortError, tells the worker, and ignores the late answer', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const controller = new AbortController();
    const p = client.call('run', { settings }, { signal: controller.signal });
    const id = port.lastId();
    controller.abort();
    const err = await p.catch((e: unknown) => e);
    expect(isAbortError(err)).toBe(true);
    expect(port.sent[1].message).toEqual({ kind: 'cancel', id });
    port.reply({ kind: 'result', id, result: null }); // must not throw nor resolve anything
    expect(client.inFlight).toBe(0);
  });

  it('does not send a request whose signal is already aborted', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const controller = new AbortController();
    controller.abort();
    await expect(client.call('drift', null, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(port.sent).toHaveLength(0);
  });

  it('rejects everything in flight when the worker crashes, and later calls too', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const a = client.call('drift', null);
    port.crash('out of memory');
    await expect(a).rejects.toThrow(/out of memory/);
    await expect(client.call('drift', null)).rejects.toThrow(/out of memory/);
  });

  it('dispose rejects pending calls and terminates the worker', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const a = client.call('drift', null);
    client.dispose();
    await expect(a).rejects.toMatchObject({ name: 'AbortError' });
    expect(port.terminated).toBe(true);
  });
});

describe('EngineClient restart', () => {
  it('keeps a worker that answers the ping within the grace period', async () => {
    const port = new FakePort();
    const client = new EngineClient(() => port);
    const r = client.restartIfBusy(1000);
    port.reply({ kind: 'result', id: port.lastId(), result: 'pong' });
    await expect(r).resolves.toBe(false);
    expect(port.terminated).toBe(false);
  });

  it('replaces a worker stuck in a long run: the old one is stopped, calls go to the new one', async () => {
    const ports = [new FakePort(), new FakePort()];
    let n = 0;
    const client = new EngineClient(() => ports[n++]);
    const controller = new AbortController();
    const run = client.call('run', { settings }, { signal: controller.signal });
    controller.abort();
    await expect(run).rejects.toMatchObject({ name: 'AbortError' });
    await expect(client.restartIfBusy(10)).resolves.toBe(true);
    expect(ports[0].terminated).toBe(true);
    ports[0].reply({ kind: 'result', id: 1, result: null }); // the old worker is not listened to any more
    const next = client.call('drift', null);
    expect(ports[1].sent[0].message).toMatchObject({ method: 'drift' });
    ports[1].reply({ kind: 'result', id: ports[1].lastId(), result: [] });
    await expect(next).resolves.toEqual([]);
  });
});

describe('worker core', () => {
  const inspection = (name: string): FileInspection => ({
    role: 'platform',
    name,
    sha256: 'x',
    encoding: 'utf-8',
    layout: 'reference',
    headers: [],
    columns: {},
    requiredMissing: [],
    preview: [],
  });

  function fakeCase(): EngineCase {
    return {
      settings,
      report: { liability: {} } as Report,
      drift: () => [],
      exportCase: () => new Uint8Array([9, 8, 7]),
      prepareLookups: () => undefined,
    } as unknown as EngineCase;
  }

  it('keeps files, inspects them, runs with progress and transfers the exported case', async () => {
    const posted: { msg: FromWorker; transfer?: Transferable[] }[] = [];
    // How many messages had been posted each time the case was asked to build its look-up indexes.
    const prepared: number[] = [];
    const runCase = vi.fn(async (_sql: string, req, hooks) => {
      hooks?.onProgress?.({ stage: 'read', done: 1, total: 2 });
      expect(req.files.map((f: { name: string }) => f.name)).toEqual(['p.csv']);
      return { ...fakeCase(), prepareLookups: () => prepared.push(posted.length) } as unknown as EngineCase;
    });
    const core = createWorkerCore(
      { loadSql: async () => 'SQL', runCase, openCase: async () => fakeCase(), inspectFile: (f) => inspection(f.name) },
      (msg, transfer) => posted.push({ msg, transfer }),
    );
    await core({ kind: 'call', id: 1, method: 'putFile', params: { role: 'platform', name: 'p.csv', bytes: new ArrayBuffer(4) } });
    await core({ kind: 'call', id: 2, method: 'inspect', params: { role: 'platform' } });
    await core({ kind: 'call', id: 3, method: 'run', params: { settings } });
    await core({ kind: 'call', id: 4, method: 'exportCase', params: null });
    expect(posted[1].msg).toMatchObject({ kind: 'result', id: 2, result: { name: 'p.csv' } });
    expect(posted[2].msg).toMatchObject({ kind: 'progress', id: 3, progress: { done: 1 } });
    expect(posted[3].msg).toMatchObject({ kind: 'result', id: 3 });
    // The look-up indexes are built once the run's result is posted, not before it.
    expect(prepared).toEqual([4]);
    const last = posted[4];
    expect(last.transfer).toHaveLength(1);
    expect(new Uint8Array((last.msg as { result: ArrayBuffer }).result)).toEqual(new Uint8Array([9, 8, 7]));
    // For autosave, the same bytes as a Blob made in the worker: posted by reference, nothing to transfer.
    await core({ kind: 'call', id: 5, method: 'exportCaseBlob', params: null });
    const blob = (posted[5].msg as { result: Blob }).result;
    expect(blob).toBeInstanceOf(Blob);
    expect(posted[5].transfer).toEqual([]);
    expect(new Uint8Array(await blob.arrayBuffer())).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('aborts a run on cancel and answers AbortError', async () => {
    const posted: FromWorker[] = [];
    const core = createWorkerCore(
      {
        loadSql: async () => 'SQL',
        runCase: (_sql, _req, hooks) =>
          new Promise<EngineCase>((_resolve, reject) => {
            hooks?.signal?.addEventListener('abort', () => reject(new Error('stopped')));
          }),
        openCase: async () => fakeCase(),
        inspectFile: (f) => inspection(f.name),
      },
      (msg) => posted.push(msg),
    );
    const run = core({ kind: 'call', id: 7, method: 'run', params: { settings } });
    await core({ kind: 'cancel', id: 7 });
    await run;
    expect(posted).toEqual([{ kind: 'error', id: 7, error: { name: 'AbortError', message: 'Cancelled' } }]);
  });

  it('frees a case once a new one replaces it, and keeps it when the new run fails', async () => {
    const posted: FromWorker[] = [];
    const closed: number[] = [];
    const made: EngineCase[] = [];
    let fail = false;
    const runCase = async () => {
      if (fail) throw new Error('bad input');
      const n = made.length;
      const c = { ...fakeCase(), close: () => closed.push(n), reportJson: () => `case ${n}` } as unknown as EngineCase;
      made.push(c);
      return c;
    };
    const core = createWorkerCore(
      { loadSql: async () => 'SQL', runCase, openCase: runCase, inspectFile: (f) => inspection(f.name) },
      (msg) => posted.push(msg),
    );
    await core({ kind: 'call', id: 1, method: 'run', params: { settings } });
    expect(closed).toEqual([]);
    await core({ kind: 'call', id: 2, method: 'run', params: { settings } });
    expect(closed).toEqual([0]);
    await core({ kind: 'call', id: 3, method: 'open', params: { bytes: new ArrayBuffer(1) } });
    expect(closed).toEqual([0, 1]);
    fail = true;
    await core({ kind: 'call', id: 4, method: 'run', params: { settings } });
    expect(posted.at(-1)).toMatchObject({ kind: 'error', id: 4 });
    expect(closed).toEqual([0, 1]);
    await core({ kind: 'call', id: 5, method: 'reportJson', params: null });
    expect(posted.at(-1)).toMatchObject({ kind: 'result', id: 5, result: 'case 2' });
  });

  it('answers a plain error when there is no case yet', async () => {
    const posted: FromWorker[] = [];
    const core = createWorkerCore(
      { loadSql: async () => 'SQL', runCase: async () => fakeCase(), openCase: async () => fakeCase(), inspectFile: (f) => inspection(f.name) },
      (msg) => posted.push(msg),
    );
    await core({ kind: 'call', id: 1, method: 'drift', params: null });
    expect(posted[0]).toMatchObject({ kind: 'error', id: 1, error: { message: expect.stringMatching(/No case/) } });
  });
});
