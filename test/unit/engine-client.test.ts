import { describe, expect, it } from 'vitest';
import type { FromEngine as FromWorker, PortLike, ToEngine as ToWorker } from '../../contract/engine';
import { EngineClient, EngineError, isAbortError } from '../../renderer/src/engine/client';
import { deferredPort } from '../../renderer/src/engine/deferred-port';
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
    const last = this.sent[this.sent.length - 1].message;
    return last.id;
  }
}

const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };

describe('EngineClient', () => {
  it('sends typed requests and resolves each with its own answer, in any order', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const a = client.call('auditLog', null);
    const b = client.call('reportJson', null);
    expect(port.sent.map((s) => s.message)).toEqual([
      { kind: 'call', id: 1, method: 'auditLog', params: null },
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

  it('routes a call’s progress events to its caller until the answer arrives, and to subscribers', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const seen: number[] = [];
    const subscribed: number[] = [];
    client.on('progress', (e) => subscribed.push(e.progress.done));
    const p = client.call('run', { settings }, { onProgress: (pr) => seen.push(pr.done) });
    const call = port.lastId();
    const progress = (done: number): FromWorker => ({ kind: 'event', event: 'progress', data: { call, progress: { stage: 'read', done, total: 100 } } });
    port.reply(progress(10));
    port.reply({ kind: 'event', event: 'progress', data: { call: call + 1, progress: { stage: 'read', done: 20, total: 100 } } }); // another call's
    port.reply(progress(50));
    port.reply({ kind: 'result', id: call, result: { settings, exceptions: 0 } });
    port.reply(progress(99)); // late: not the caller's any more
    await p;
    expect(seen).toEqual([10, 50]);
    expect(subscribed).toEqual([10, 20, 50, 99]);
  });

  it('pushes the engine’s caseChanged events to subscribers until they unsubscribe, across a restart', async () => {
    const ports = [new FakePort(), new FakePort()];
    let n = 0;
    const client = new EngineClient(() => ports[n++]);
    const got: string[] = [];
    const off = client.on('caseChanged', (c) => got.push(`${c.cause} ${c.report.exceptions.length}`));
    expect(n).toBe(0); // subscribing starts no worker
    const changed = (cause: 'run' | 'decide', exceptions: number): FromWorker => ({
      kind: 'event',
      event: 'caseChanged',
      data: { cause, settings, report: { exceptions: new Array(exceptions) } as Report, drift: [], history: { canUndo: false, canRedo: false } },
    });
    const pending = client.call('ping', null);
    ports[0].reply(changed('run', 3));
    client.restart();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
    ports[1].reply(changed('decide', 2));
    off();
    ports[1].reply(changed('decide', 1));
    expect(got).toEqual(['run 3', 'decide 2']);
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
    await expect(client.call('auditLog', null, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(port.sent).toHaveLength(0);
  });

  it('rejects everything in flight when the worker crashes, and later calls too', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const a = client.call('auditLog', null);
    port.crash('out of memory');
    await expect(a).rejects.toThrow(/out of memory/);
    await expect(client.call('auditLog', null)).rejects.toThrow(/out of memory/);
  });

  it('dispose rejects pending calls and terminates the worker', async () => {
    const port = new FakePort();
    const client = new EngineClient(port);
    const a = client.call('auditLog', null);
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
    const next = client.call('auditLog', null);
    expect(ports[1].sent[0].message).toMatchObject({ method: 'auditLog' });
    ports[1].reply({ kind: 'result', id: ports[1].lastId(), result: [] });
    await expect(next).resolves.toEqual([]);
  });
});

describe('EngineClient moved to the large-quarter engine', () => {
  it('stops the worker, keeps its subscribers, and sends to the new port from then on', async () => {
    const worker = new FakePort();
    const client = new EngineClient(worker);
    const seen: string[] = [];
    client.on('caseChanged', (c) => seen.push(c.cause));
    const pending = client.call('ping', null);
    const large = new FakePort();
    client.switchTo(() => large);
    expect(client.large).toBe(true);
    expect(worker.terminated).toBe(true);
    await expect(pending).rejects.toSatisfy(isAbortError);

    const answer = client.call('putGrantedFile', { role: 'platform', grant: 'g' });
    expect(large.sent.map((s) => s.message.kind === 'call' && s.message.method)).toEqual(['putGrantedFile']);
    large.reply({ kind: 'result', id: large.lastId(), result: { role: 'platform', size: 9 } });
    await expect(answer).resolves.toEqual({ role: 'platform', size: 9 });
    large.reply({ kind: 'event', event: 'caseChanged', data: { cause: 'run' } as never });
    expect(seen).toEqual(['run']);
    // A crash of the engine's process fails what is in flight, in words.
    const lost = client.call('ping', null);
    large.crash('the large-quarter engine stopped (exit code 9)');
    await expect(lost).rejects.toThrow(/stopped: the large-quarter engine stopped \(exit code 9\)/);
  });

  it('holds calls for a port still on its way, and says why when it never comes', async () => {
    let arrive!: (p: PortLike) => void;
    const client = new EngineClient(deferredPort(new Promise<PortLike>((resolve) => (arrive = resolve))));
    const call = client.call('ping', null);
    const port = new FakePort();
    arrive(port);
    await Promise.resolve();
    expect(port.sent.map((s) => s.message)).toEqual([{ kind: 'call', id: 1, method: 'ping', params: null }]);
    port.reply({ kind: 'result', id: 1, result: 'pong' });
    await expect(call).resolves.toBe('pong');

    const failing = new EngineClient(deferredPort(Promise.reject(new Error('The large-quarter engine did not start'))));
    await expect(failing.call('ping', null)).rejects.toThrow(/did not start/);
  });
});
