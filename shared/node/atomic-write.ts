// Safe saving: a file is either the previous complete version or the new complete version, never a torn
// mix, even if the process is killed or the machine loses power mid-save. The one writer of files: the
// Electron main process saves cases, exports and autosaves with it, the command line its outputs.
// Plain Node (no Electron import) so test/unit/atomic-write.test.ts can kill it in a child process.
import { randomBytes } from 'node:crypto';
import { open, readdir, rename, rm, stat } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

const TEMP_SUFFIX = '.bf-tmp';

/** The temp file sits beside the target: rename is only atomic within one file system (one directory here). */
export function tempPathFor(target: string): string {
  return join(
    dirname(target),
    `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}${TEMP_SUFFIX}`,
  );
}

/**
 * Writes `data` to `target` atomically: write a temp file beside it, fsync it (the bytes are on disk before
 * the name points at them), rename it over the target (atomic on POSIX and NTFS), then fsync the directory
 * (the rename itself survives a power cut). Keeps an existing target's permission bits.
 */
export async function atomicWrite(target: string, data: Uint8Array | string): Promise<void> {
  await placeTemp(await writeTemp(target, data), target);
}

/**
 * The first half of atomicWrite: `data` written and fsynced to a temp file beside `target` (with an existing
 * target's permission bits), whose path it returns. placeTemp puts it in place; until then the target is as it was.
 */
export async function writeTemp(target: string, data: Uint8Array | string): Promise<string> {
  const tmp = tempPathFor(target);
  let mode = 0o644;
  try {
    mode = (await stat(target)).mode & 0o777;
  } catch {
    // New file: default permissions.
  }
  const fh = await open(tmp, 'wx', mode);
  try {
    try {
      await fh.writeFile(data);
      await fh.sync();
    } finally {
      await fh.close();
    }
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  return tmp;
}

/** The second half of atomicWrite: the temp file renamed over `target`, and the rename made durable. */
export async function placeTemp(tmp: string, target: string): Promise<void> {
  try {
    await renameWithRetry(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  await fsyncDirectory(dirname(target));
}

/**
 * Windows: a virus scanner or the search indexer can hold the target open for a moment, which fails the
 * rename with EPERM/EBUSY/EACCES. Retry briefly rather than fail the save.
 */
async function renameWithRetry(from: string, to: string): Promise<void> {
  for (let attempt = 0; ; attempt++) {
    try {
      await rename(from, to);
      return;
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (process.platform !== 'win32' || attempt >= 10 || !['EPERM', 'EBUSY', 'EACCES'].includes(code ?? ''))
        throw err;
      await new Promise((r) => setTimeout(r, 20 * (attempt + 1)));
    }
  }
}

async function fsyncDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for fsync; NTFS journals the rename's metadata instead.
  if (process.platform === 'win32') return;
  const dh = await open(dir, 'r');
  try {
    await dh.sync();
  } catch (err) {
    // Some file systems (certain network mounts) refuse fsync on a directory; the rename still happened.
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'EINVAL' && code !== 'ENOTSUP' && code !== 'EISDIR') throw err;
  } finally {
    await dh.close();
  }
}

/**
 * A save killed between writing the temp file and renaming it leaves the temp file behind (the target is
 * intact). Removes such leftovers for `target` older than `olderThanMs`, so a save running right now in
 * another process is not disturbed. Returns how many were removed.
 */
export async function removeStaleTemps(
  target: string,
  olderThanMs = 60_000,
  now = Date.now(),
): Promise<number> {
  const dir = dirname(target);
  const prefix = `.${basename(target)}.`;
  let removed = 0;
  let names: string[];
  try {
    names = await readdir(dir);
  } catch {
    return 0;
  }
  for (const name of names) {
    if (!name.startsWith(prefix) || !name.endsWith(TEMP_SUFFIX)) continue;
    const p = join(dir, name);
    try {
      if (now - (await stat(p)).mtimeMs >= olderThanMs) {
        await rm(p, { force: true });
        removed++;
      }
    } catch {
      // Gone already (another cleanup); nothing to do.
    }
  }
  return removed;
}
