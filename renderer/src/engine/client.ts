// The one way the UI talks to the engine: typed promises over the worker's message port.
// Nothing else in the renderer calls postMessage.
import type { Progress } from '../../../shared/types';
import type { FromWorker, Method, Params, PortLike, Result, SerializedError } from './protocol';

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
  private broken: Error | null = null;
  private port!: PortLike;
  /** Starts a fresh worker: used after a crash or when a cancelled run does not stop in time. */
  private readonly connect: () => PortLike;

  constructor(port: PortLike | (() => PortLike)) {
    this.connect = typeof port === 'function' ? port : () => port;
    this.attach(this.connect());
  }

  private attach(port: PortLike): void {
    this.port = port;
    port.addEventListener('message', (event: MessageEvent<FromWorker>) => {
      if (this.port === port) this.receive(event.data);
    });
    port.addEventListener('error', (event: ErrorEvent) => {
      if (this.port === port) this.failAll(new Error(`The engine stopped: ${event.message || 'worker error'}`));
    });
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
    old.terminate?.();
    this.attach(this.connect());
  }

  /** Requests in flight (for the status bar and tests). */
  get inFlight(): number {
    return this.pending.size;
  }

  call<M extends Method>(method: M, params: Params<M>, opts: CallOptions = {}): Promise<Result<M>> {
    if (this.broken) return Promise.reject(this.broken);
    if (opts.signal?.aborted) return Promise.reject(abortError());
    const id = this.nextId++;
    return new Promise<Result<M>>((resolve, reject) => {
      const onAbort = (): void => {
        if (!this.pending.has(id)) return;
        this.pending.delete(id);
        this.port.postMessage({ kind: 'cancel', id });
        reject(abortError());
      };
      opts.signal?.addEventListener('abort', onAbort, { once: true });
      this.pending.set(id, {
        resolve: resolve as (value: unknown) => void,
        reject,
        onProgress: opts.onProgress,
        cleanup: () => opts.signal?.removeEventListener('abort', onAbort),
      });
      // The discriminated union cannot be narrowed from a generic M; the table keeps both sides honest.
      const message = { kind: 'call', id, method, params } as unknown as Parameters<PortLike['postMessage']>[0];
      try {
        this.port.postMessage(message, opts.transfer ?? []);
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
    this.port.terminate?.();
  }

  private receive(msg: FromWorker): void {
    if (msg.kind === 'ready') return;
    const p = this.pending.get(msg.id);
    if (!p) return; // cancelled or unknown: late answers are dropped
    if (msg.kind === 'progress') {
      p.onProgress?.(msg.progress);
      return;
    }
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

/** The app's engine client, starting the worker on first use. */
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
