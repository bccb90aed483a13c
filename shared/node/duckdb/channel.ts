// A synchronous line to the DuckDB worker (worker.ts). DuckDB's Node API answers with promises, while the case
// store (and the case and its session above it) call their database synchronously, as they do sql.js. So the
// calling thread posts a request and sleeps on a shared counter until the worker has answered, then takes the
// answer off the port itself (receiveMessageOnPort). A request may also be sent without waiting (bulk rows):
// the worker answers it all the same, and the next wait takes that answer in passing and raises its error.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, receiveMessageOnPort, type MessagePort } from 'node:worker_threads';
import { EngineOutOfMemory } from '../../store/case-db';
import { InputError } from '../../types';
import type { Answers, Reply, Request } from './protocol';

/** The worker's state in signal[1]: starting, ready to take requests, failed to start. */
export const STARTING = 0;
export const READY = 1;
export const FAILED = 2;

/** How long a worker may take to start before the database is given up. */
const START_MS = 60_000;

/** How many requests sent without waiting may be on their way before the next send waits for the oldest. */
const MAX_IN_FLIGHT = 4;

/** The worker's script: the built JavaScript beside this file, or, run from source, its TypeScript (workerFromSource). */
function workerUrl(): URL {
  const js = new URL('./worker.js', import.meta.url);
  return existsSync(fileURLToPath(js)) ? js : workerFromSource(new URL('./worker.ts', import.meta.url));
}

/**
 * A worker entry that loads `ts` through tsx, registered inside the worker: Node 20 loads a worker's own entry
 * before the loader hooks its flags name, so a .ts entry cannot be given directly.
 */
function workerFromSource(ts: URL): URL {
  const api = createRequire(import.meta.url).resolve('tsx/esm/api').replace(/\.c?js$/, '.mjs');
  const code = `import { workerData } from 'node:worker_threads';
import { register } from ${JSON.stringify(pathToFileURL(api).href)};
register();
try {
  await import(${JSON.stringify(ts.href)});
} catch (err) {
  workerData.port.postMessage({ seq: 0, ok: false, error: String(err?.message ?? err) });
  Atomics.store(workerData.signal, 1, ${FAILED});
  Atomics.notify(workerData.signal, 1);
}`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}

export class DuckDbChannel {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** [0]: answers sent so far; [1]: the worker's state (READY…). */
  private readonly signal = new Int32Array(new SharedArrayBuffer(8));
  private seq = 0;
  /** Answers taken off the port: how many. */
  private answered = 0;
  /** The first error of a request that was not waited for. */
  private pending: string | null = null;
  private closed = false;

  constructor() {
    const { port1, port2 } = new MessageChannel();
    const url = workerUrl();
    this.worker = new Worker(url, { workerData: { port: port2, signal: this.signal }, transferList: [port2] });
    // A case database left open does not keep the process alive: the calling thread waits on it only in a call.
    this.worker.unref();
    this.port = port1;
  }

  /** Whether the worker has said it is ready (started() has returned). */
  private ready = false;

  /**
   * Waits until the worker has started (its DuckDB loaded), or says why it did not. The first request waits for
   * it: a channel made ahead of need starts its worker meanwhile.
   */
  private started(): void {
    if (this.ready) return;
    const deadline = Date.now() + START_MS;
    while (Atomics.load(this.signal, 1) === STARTING && Date.now() < deadline) Atomics.wait(this.signal, 1, STARTING, 1000);
    const state = Atomics.load(this.signal, 1);
    this.ready = state === READY;
    if (this.ready) return;
    const why = (receiveMessageOnPort(this.port)?.message as Reply | undefined) ?? null;
    this.end();
    throw new Error(`The DuckDB engine could not start${why && !why.ok ? `: ${why.error}` : ''}`);
  }

  /** Sends a request and waits for its answer; throws the worker's error as an Error. */
  call<O extends Request['op']>(req: Extract<Request, { op: O }>, transfer: ArrayBuffer[] = []): Answers[O] {
    const seq = this.send(req, transfer);
    const answer = this.waitFor(seq);
    if (this.pending) {
      const error = this.pending;
      this.pending = null;
      throw workerError(error);
    }
    return answer as Answers[O];
  }

  /** Sends a request without waiting for it (its error, if any, is raised by the next call). */
  post(req: Request, transfer: ArrayBuffer[] = []): void {
    const seq = this.send(req, transfer);
    if (seq - this.answered > MAX_IN_FLIGHT) this.waitFor(seq - MAX_IN_FLIGHT);
  }

  private send(req: Request, transfer: ArrayBuffer[]): number {
    if (this.closed) throw new Error('The DuckDB case database is closed');
    this.started();
    const seq = ++this.seq;
    this.port.postMessage({ ...req, seq }, transfer);
    return seq;
  }

  /** Takes answers off the port until the one to request `seq`; returns its value. */
  private waitFor(seq: number): unknown {
    for (;;) {
      const seen = Atomics.load(this.signal, 0);
      const message = receiveMessageOnPort(this.port);
      if (!message) {
        // A worker that stopped marked itself FAILED on its way out, after its last answer.
        if (Atomics.load(this.signal, 1) === FAILED) throw new Error('The DuckDB engine stopped');
        // Woken when the worker answers (or stops).
        Atomics.wait(this.signal, 0, seen, 1000);
        continue;
      }
      const reply = message.message as Reply;
      this.answered = reply.seq;
      if (reply.seq === seq) {
        if (!reply.ok) throw workerError(reply.error);
        return reply.value;
      }
      if (!reply.ok) this.pending ??= reply.error;
    }
  }

  /** Stops the worker (after the database in it was closed). */
  end(): void {
    if (this.closed) return;
    this.closed = true;
    this.port.close();
    void this.worker.terminate();
  }
}

/**
 * DuckDB could not stay within its memory limit (docs/scale.md §1.2): what it holds past the limit spills to
 * disk, but a single value or a transaction's pinned blocks cannot. The host names the limit and how to raise it.
 */
export class DuckDbOutOfMemory extends EngineOutOfMemory {
  constructor(message: string) {
    super(message);
    this.name = 'DuckDbOutOfMemory';
  }
}

/**
 * The worker's error as an Error: DuckDbOutOfMemory for DuckDB's memory errors, and a one-line InputError when
 * the disk it writes the case and its spill to is full (their texts as DuckDB words them).
 */
export function workerError(message: string): Error {
  if (/Out of Memory Error|failed to pin block|could not allocate block|failed to allocate data/i.test(message)) return new DuckDbOutOfMemory(message);
  const full = /Could not write file "([^"]+)": No space left on device/i.exec(message);
  if (full) return new InputError(`the disk is full: DuckDB could not write ${full[1]}, where it keeps the case and its spill until the case file is saved; free room there, or give another --out`, full[1]);
  return new Error(message);
}
