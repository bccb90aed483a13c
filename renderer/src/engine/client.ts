// The one way the UI talks to the engine: typed promises over the worker's message port, and the engine's
// pushed events. Nothing else in the renderer calls postMessage.
import type { EngineEvent, EngineEvents, FromEngine, Method, Params, PortLike, Result, SerializedError } from '../../../contract/engine';
import { Emitter } from '../../../shared/service/emitter';
import type { Progress } from '../../../shared/types';

export interface CallOptions {
  onProgress?: (p: Progress) => void;
  /** Aborting rejects the call at once with an AbortError and asks the worker to stop. */
  signal?: AbortSignal;
  /** Buffers to transfer (moved, not copied) with the request. */
  transfer?: Transferable[];
}

/** An error the engine raised, with where it happened when the engine said so. */
export class EngineError extends Error {
  readonly file?: string;
  readonly row?: number;
  readonly column?: string;
  constructor(e: SerializedError) {
    super(e.message);
    this.name = e.name === 'Error' ? 'EngineError' : e.name;
    this.file = e.file;
    this.row = e.row;
    this.column = e.column;
  }
}

export function abortError(): Error {
  const err = new Error('The operation was cancelled');
  err.name = 'AbortError';
  return err;
}

export function isAbortError(err: unknown): boolean {
  return err instanceof Error && err.name === 'AbortError';
}

interface Pending {
  resolve: (value: unknown) => void;
  reject: (err: Error) => void;
  onProgress?: (p: Progress) => void;
  cleanup: () => void;
}

export class EngineClient {
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();
  private readonly events = new Emitter<EngineEvents>();
  private broken: Error | null = null;
  /** Connected on the first call, so that subscribing to events does not start a worker. */
  private port: PortLike | null = null;
  /** Starts a fresh worker: used after a crash or when a cancelled run does not stop in time. */
  private connect: () => PortLike;
  private onLarge = false;

  constructor(port: PortLike | (() => PortLike)) {
    this.connect = typeof port === 'function' ? port : () => port;
  }

  private live(): PortLike {
    if (!this.port) this.attach(this.connect());
    return this.port!;
  }

  private attach(port: PortLike): void {
    this.port = port;
    port.addEventListener('message', (event: MessageEvent<FromEngine>) => {
      if (this.port === port) this.receive(event.data);
    });
    port.addEventListener('error', (event: ErrorEvent) => {
      if (this.port === port) this.failAll(new Error(`The engine stopped: ${event.message || 'worker error'}`));
    });
  }

  /** Subscribes to an event the engine pushes (they keep coming from a restarted worker). Returns the unsubscribe function. */
  on<E extends EngineEvent>(event: E, listener: (data: EngineEvents[E]) => void): () => void {
    return this.events.on(event, listener);
  }

  /**
   * The engine checks for cancellation between its chunks, but a worker busy in a long synchronous stretch cannot
   * read the cancel message. This asks the worker for a ping; when no answer comes within `graceMs`, the worker is
   * stopped and a fresh one started (everything it held is gone: the caller restores files and case). Resolves true
   * when it restarted.
   */
  async restartIfBusy(graceMs: number): Promise<boolean> {
    const ping = this.call('ping', null).then(
      () => true,
      () => false,
    );
    const answered = await Promise.race([ping, new Promise<false>((r) => setTimeout(() => r(false), graceMs))]);
    if (answered) return false;
    this.restart();
    return true;
  }

  /** Stops the worker and starts a fresh one; calls in flight reject with AbortError. */
  restart(): void {
    const old = this.port;
    this.failAll(abortError());
    this.broken = null;
    old?.terminate?.();
    this.attach(this.connect());
  }

  /** Whether the engine is the large-quarter engine (DuckDB in the desktop app's utility process). */
  get large(): boolean {
    return this.onLarge;
  }

  /**
   * Moves to another host of the same engine methods (the large-quarter engine's port): calls in flight reject with
   * AbortError, the old host is stopped, subscribers keep their events. `connect` gives a fresh port on each later
   * restart. What the old host held is the caller's to give the new one.
   */
  switchTo(connect: () => PortLike, large = true): void {
    this.connect = connect;
    this.onLarge = large;
    this.restart();
  }

  /** Requests in flight (for the status bar and tests). */
  get inFlight(): number {
    return this.pending.size;
  }

  call<M extends Method>(method: M, params: Params<M>, opts: CallOptions = {}): Promise<Result<M>> {
    if (this.broken) return Promise.reject(this.broken);
    if (opts.signal?.aborted) return Promise.reject(abortError());
    const port = this.live();
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        this.port?.postMessage({ kind: 'cancel', id });
        reject(abortError());
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: opts.onProgress,
        cleanup: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      // The message union cannot be narrowed from a generic M; Params<M> keeps the call itself honest.
      const message = { kind: 'call', id, method, params } as unknown as Parameters<PortLike['postMessage']>[0];
      try {
        port.postMessage(message, opts.transfer ?? []);
      } catch (err) {
        this.pending.delete(id);
        opts.signal?.removeEventListener('abort', onAbort);
        reject(err instanceof Error ? err : new Error(String(err)));
      }
    });
  }

  /** Rejects everything in flight and stops the worker. */
  dispose(): void {
    this.failAll(abortError());
    this.port?.terminate?.();
  }

  private receive(msg: FromEngine): void {
    if (msg.kind === 'ready') return;
    if (msg.kind === 'event') {
      // A call's progress goes to its caller too; late progress of a cancelled call only to subscribers.
      if (msg.event === 'progress') this.pending.get(msg.data.call)?.onProgress?.(msg.data.progress);
      this.events.emit(msg.event, msg.data as never);
      return;
    }
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or unknown: late answers are dropped
    this.pending.delete(msg.id);
    p.cleanup();
    if (msg.kind === 'result') p.resolve(msg.result);
    else p.reject(msg.error.name === 'AbortError' ? abortError() : new EngineError(msg.error));
  }

  private failAll(err: Error): void {
    if (err.name !== 'AbortError') this.broken = err;
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) {
      p.cleanup();
      p.reject(err);
    }
  }
}

let shared: EngineClient | null = null;

/** The app's engine client; the worker starts on the first call. */
export function engine(): EngineClient {
  if (!shared) {
    shared = new EngineClient(
      () => new Worker(new URL('./worker.ts', import.meta.url), { type: 'module', name: 'engine' }) as unknown as PortLike,
    );
  }
  return shared;
}

/** For tests and for a hard restart after a crash. */
export function setEngine(client: EngineClient | null): void {
  shared = client;
}
