// The files a command-line run writes into --out (and --export-parquet's folder), put in place together once the
// case file is saved: a run that stops on its way (DuckDB out of memory as its case file is made, a full disk)
// leaves the folders as they were, never this run's report.json beside the case file of the run before.
import { mkdir, readdir, rename, rm, rmdir } from 'node:fs/promises';
import { join } from 'node:path';
import { placeTemp, tempPathFor, writeTemp } from '../shared/node/atomic-write';
import { InputError } from '../shared/types';

/** Every name a run may write in --out (the case file under either engine's name). */
export const OUTPUT_NAMES = [
  'report.json', 'workpapers.xlsx', 'journal_entries.csv', 'platform_corrections.csv', 'review.xlsx', 'case.sqlite', 'case.duckdb',
] as const;

export class RunOutputs {
  private readonly staged: { temp: string; target: string }[] = [];
  private readonly trees: { temp: string; dir: string }[] = [];

  /** Writes `data` whole and synced beside `target`, which stays as it was until place(). */
  async write(target: string, data: Uint8Array | string): Promise<void> {
    this.staged.push({ temp: await writing(target, () => writeTemp(target, data)), target });
  }

  /**
   * A hidden folder inside `dir` for a tree of files written by another hand (the Parquet export): place() puts
   * each of its entries in place of the entry of the same name in `dir`.
   */
  async folder(dir: string): Promise<string> {
    const temp = tempPathFor(join(dir, 'staged'));
    await writing(temp, () => mkdir(temp));
    this.trees.push({ temp, dir });
    return temp;
  }

  /** Puts every file written in place, in the order written, then the folders' entries. */
  async place(): Promise<void> {
    while (this.staged.length) {
      const { temp, target } = this.staged.shift()!;
      await writing(target, () => placeTemp(temp, target));
    }
    while (this.trees.length) {
      const { temp, dir } = this.trees.shift()!;
      for (const name of await readdir(temp)) {
        const target = join(dir, name);
        // The entry of the run before (a folder of rules, say) is replaced whole, not merged with this run's.
        await writing(target, async () => {
          await rm(target, { recursive: true, force: true });
          await rename(join(temp, name), target);
        });
      }
      await rmdir(temp);
    }
  }

  /** Removes what was written and not placed. */
  async discard(): Promise<void> {
    await Promise.all([
      ...this.staged.splice(0).map(({ temp }) => rm(temp, { force: true })),
      ...this.trees.splice(0).map(({ temp }) => rm(temp, { recursive: true, force: true })),
    ]);
  }
}

const WRITE_PROBLEMS: Record<string, string> = {
  ENOSPC: 'the disk is full',
  EDQUOT: 'the disk quota is used up',
  EROFS: 'the disk is read-only',
  EACCES: 'permission denied',
  EPERM: 'permission denied',
  EISDIR: 'a folder has its name',
  ENOENT: 'its folder no longer exists',
};

/** A file-system error while writing `target` as one line naming it (a full disk, a folder in its place). */
export async function writing<T>(target: string, step: () => Promise<T>): Promise<T> {
  try {
    return await step();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (!code) throw err;
    throw new InputError(`${target}: could not be written (${WRITE_PROBLEMS[code] ?? code})`, target);
  }
}
