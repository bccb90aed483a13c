// The large-quarter engine's process: DuckDB behind the engine's method table in an Electron utility process
// (electron/utility/engine-host.ts), forked when the files held are past what the renderer's Web Worker holds
// (engine-choice.ts). The renderer gets one end of a MessageChannelMain, the engine the other; the main process
// only starts, grants and stops, and never carries the engine's messages.
import { MessageChannelMain, utilityProcess, type UtilityProcess, type WebContents } from 'electron';
import { rmSync } from 'node:fs';
import { ENGINE_EXIT_CHANNEL, ENGINE_PORT_CHANNEL } from '../../contract/bridge';
import type { ImportGrants } from './import-grants';

export interface LargeEngineOptions {
  /** The built entry (out/main/engine-host.js). */
  entry: string;
  /** Where DuckDB makes the case database and spills past its memory limit (the app's temp folder). */
  dir: string;
  memoryLimit?: string;
}

export class LargeEngine {
  private child: UtilityProcess | null = null;

  constructor(
    private readonly options: LargeEngineOptions,
    private readonly grants: ImportGrants,
  ) {}

  /** A fresh engine process in place of the last, its port sent to `contents`, every grant so far sent to it. */
  connect(contents: WebContents): void {
    this.stop();
    // What a stopped or crashed engine left there (its case database, its spill) is nobody's now.
    try {
      rmSync(this.options.dir, { recursive: true, force: true });
    } catch {
      // Still held by the process just stopped (Windows): its names are its own, the new engine's differ.
    }
    const child = utilityProcess.fork(this.options.entry, [], { serviceName: 'Balance Forensics engine', stdio: 'inherit' });
    this.child = child;
    const { port1, port2 } = new MessageChannelMain();
    for (const [id, g] of this.grants.entries()) child.postMessage({ kind: 'grant', id, path: g.path });
    child.postMessage({ kind: 'start', dir: this.options.dir, memoryLimit: this.options.memoryLimit }, [port1]);
    child.once('exit', (code) => {
      if (this.child !== child) return; // stopped on purpose, or replaced
      this.child = null;
      if (!contents.isDestroyed()) contents.send(ENGINE_EXIT_CHANNEL, `the large-quarter engine stopped (exit code ${code})`);
    });
    contents.postMessage(ENGINE_PORT_CHANNEL, null, [port2]);
  }

  /** Tells a running engine of a file picked since it started. */
  grant(id: string): void {
    const g = this.grants.get(id);
    if (this.child && g) this.child.postMessage({ kind: 'grant', id, path: g.path });
  }

  stop(): void {
    const child = this.child;
    this.child = null;
    child?.kill();
  }
}
