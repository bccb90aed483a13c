// Runs the pipeline's stages: reports progress, lets a cancel in between chunks of work and stops the run when
// it comes. Beside it, the one way to collect garbage at once (the case file's stage, case.ts).
import type { Progress } from '../types';
import type { RunHooks } from './api';

/** How long the engine works at most between two progress reports and chances for a cancel to get through. */
const PAUSE_EVERY_MS = 40;

export class StageRunner {
  private readonly started = Date.now();

  constructor(private readonly hooks: RunHooks = {}) {}

  progress(p: Progress): void {
    this.hooks.onProgress?.(p);
  }

  /** Rows per second since the run started. */
  rate(n: number): number {
    const s = (Date.now() - this.started) / 1000;
    return s > 0 ? Math.round(n / s) : n;
  }

  /** Stops the run with an AbortError if it was cancelled. */
  checkAbort(): void {
    if (this.hooks.signal?.aborted) {
      const err = new Error('The run was cancelled');
      err.name = 'AbortError';
      throw err;
    }
  }

  /**
   * Lets the host breathe, then stops the run if it was cancelled meanwhile: in the Web Worker a cancel message
   * can only get in while the engine waits.
   */
  async breathe(): Promise<void> {
    await new Promise((resolve) => setTimeout(resolve, 0));
    this.checkAbort();
  }

  /**
   * Whether PAUSE_EVERY_MS have passed since the last time this said yes. Work that comes in many small pieces
   * (a CSV's chunks) breathes only then: a timer turn after each piece would cost more than the piece (Node's
   * timers wait at least 1 ms, a browser's nested ones 4 ms), and a progress message for each would only make
   * the screen redraw more often than it can show.
   */
  pacer(): () => boolean {
    let last = Date.now();
    return () => {
      const now = Date.now();
      if (now - last < PAUSE_EVERY_MS) return false;
      last = now;
      return true;
    };
  }

  /** Runs one stage: announces it (`start`), does the work, then breathes. */
  async stage<T>(start: Progress, work: () => T | Promise<T>): Promise<T> {
    this.progress(start);
    const out = await work();
    await this.breathe();
    return out;
  }
}

/**
 * A full garbage collection, where the host exposes its collector as globalThis.gc (the command line and the
 * bench do: node/files.ts, exposeCollector; a browser never does, and there this does nothing). Called where a
 * large heap of garbage has just been left behind: left to itself, V8 collects it at some later allocation, and
 * until then the garbage and what comes next are held at once, which raises the peak. They are collections V8
 * would make a little later anyway.
 */
export function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}
