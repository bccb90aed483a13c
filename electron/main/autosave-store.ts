// Crash recovery: the latest unsaved case in userData/autosave.sqlite, plus a small JSON beside it saying
// which case it is and when. Both are written atomically, so a crash mid-autosave leaves the previous one.
import { readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { AutosaveInfo, RecoveredAutosave } from '../../contract/host';
import { atomicWrite } from '../../shared/node/atomic-write';

export class AutosaveStore {
  private readonly dataFile: string;
  private readonly infoFile: string;
  /** Autosaves arrive every few seconds; serialise them so an older one never lands after a newer one. */
  private queue: Promise<unknown> = Promise.resolve();

  constructor(userDataDir: string) {
    this.dataFile = join(userDataDir, 'autosave.sqlite');
    this.infoFile = join(userDataDir, 'autosave.json');
  }

  private serial<T>(job: () => Promise<T>): Promise<T> {
    const next = this.queue.then(job, job);
    this.queue = next.catch(() => undefined);
    return next;
  }

  write(bytes: Uint8Array, info: AutosaveInfo): Promise<void> {
    return this.serial(async () => {
      await atomicWrite(this.dataFile, bytes);
      await atomicWrite(this.infoFile, JSON.stringify({ ...info, savedAt: new Date().toISOString() }));
    });
  }

  recover(): Promise<RecoveredAutosave | null> {
    return this.serial(async () => {
      let bytes: Buffer;
      try {
        bytes = await readFile(this.dataFile);
      } catch {
        return null;
      }
      let info: Partial<RecoveredAutosave> = {};
      try {
        info = JSON.parse(await readFile(this.infoFile, 'utf8')) as Partial<RecoveredAutosave>;
      } catch {
        // The data is what matters; without its note it is recovered as an unnamed case.
      }
      return {
        bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
        casePath: typeof info.casePath === 'string' ? info.casePath : null,
        caseName: typeof info.caseName === 'string' ? info.caseName : 'Recovered case',
        savedAt: typeof info.savedAt === 'string' ? info.savedAt : new Date(0).toISOString(),
      };
    });
  }

  clear(): Promise<void> {
    return this.serial(async () => {
      await rm(this.dataFile, { force: true });
      await rm(this.infoFile, { force: true });
    });
  }
}
