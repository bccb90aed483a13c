// The engine's only Node edge: reading input files for the command line and tests (outputs are written by
// atomic-write.ts).
import { readFileSync, statSync, type Stats } from 'node:fs';
import { basename } from 'node:path';
import { createRequire } from 'node:module';
import { createHash } from 'node:crypto';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { crc32, deflateRawSync } from 'node:zlib';
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import { LIMITS, formatBytes } from '../import/read-table';
import type { NativeDeflate } from '../report/xlsx-writer';
import { InputError, type FileRole, type InputFile } from '../types';

/**
 * Refuses files this tool cannot take, with the reason, before any byte is read: the largest file any reader
 * accepts (a CSV must decode to one JavaScript string; see LIMITS in import/read-table.ts).
 */
export const MAX_INPUT_BYTES = Math.max(LIMITS.maxTextBytes, LIMITS.maxXlsxBytes);

export function readInput(role: FileRole, path: string): InputFile {
  const size = regularFileSize(path);
  if (size > MAX_INPUT_BYTES) throw new InputError(`${path}: ${formatBytes(size)} is over the limit of ${formatBytes(MAX_INPUT_BYTES)} per file`, path);
  return rereadable(role, path, size);
}

/** What an errno means for a path given on the command line, in words. */
export function pathProblem(code: string | undefined): string {
  switch (code) {
    case 'ENOENT':
      return 'no such file';
    case 'ELOOP':
      return 'a loop of symbolic links (the path points back to itself)';
    case 'EACCES':
    case 'EPERM':
      return 'permission denied';
    case 'ENOTDIR':
      return 'a part of the path is a file, not a folder';
    case 'ENAMETOOLONG':
      return 'the path is too long';
    default:
      return `could not be read (${code ?? 'unknown error'})`;
  }
}

/**
 * The size of the regular file at `path`, or a one-line InputError before any byte is read: a folder, a pipe
 * (`/dev/stdin`, `<(…)`), a device (`/dev/zero`) or a socket is refused, since it could not be read twice (the
 * case file stores what was reconciled) and may never end.
 */
export function regularFileSize(path: string): number {
  let st: Stats;
  try {
    st = statSync(path);
  } catch (err) {
    throw new InputError(`${path}: ${pathProblem((err as NodeJS.ErrnoException).code)}`, path);
  }
  if (st.isDirectory()) throw new InputError(`${path}: is a folder, not a file`, path);
  if (!st.isFile()) {
    const kind = st.isFIFO() ? 'a pipe' : st.isSocket() ? 'a socket' : st.isCharacterDevice() || st.isBlockDevice() ? 'a device' : 'not a file';
    throw new InputError(`${path}: is ${kind}, not a regular file; save the export to a file and give its path`, path);
  }
  return st.size;
}

/**
 * An input file whose bytes are read from disk each time the engine takes them (InputFile.bytes): once to
 * import, once to store in the case file, and not held in between. A file that changed on disk between the two
 * reads (its SHA-256 differs) stops the run rather than putting in the case file bytes other than those
 * reconciled.
 */
function rereadable(role: FileRole, path: string, size: number): InputFile {
  let sha256: string | undefined;
  return {
    role,
    name: basename(path),
    size,
    get bytes(): Uint8Array {
      let buf: Buffer;
      try {
        buf = readFileSync(path);
      } catch (err) {
        const code = (err as NodeJS.ErrnoException).code;
        throw new InputError(`${path}: ${code === 'ENOENT' ? 'could not be read (ENOENT)' : pathProblem(code)}`, path);
      }
      const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
      const digest = createHash('sha256').update(bytes).digest('hex');
      if (sha256 !== undefined && digest !== sha256) throw new InputError(`${path}: the file changed on disk during the run; run it again`, path);
      sha256 = digest;
      return bytes;
    },
    get sha256(): string | undefined {
      return sha256;
    },
  };
}

let sql: Promise<SqlJsStatic> | null = null;
/** sql.js in Node: the wasm file sits next to the package's own script. */
export function loadSqlJs(): Promise<SqlJsStatic> {
  if (!sql) {
    const require = createRequire(import.meta.url);
    const wasm = require.resolve('sql.js/dist/sql-wasm.wasm');
    sql = initSqlJs({ locateFile: () => wasm });
  }
  return sql;
}

/** Node's zlib for the workpapers' deflate (see NativeDeflate): a third of fflate's time at a million events. */
export const nodeDeflate: NativeDeflate = {
  deflateRaw: (data, level) => new Uint8Array(deflateRawSync(data, { level })),
  crc32: (data) => crc32(data),
};

/**
 * Gives scripts V8's collector as globalThis.gc, as `node --expose-gc` would, however Node was started: the
 * engine asks it for a full collection where one holds the peak down (case/stage-runner.ts). Without it a
 * million-event run peaks at 1.46 GiB instead of 1.2. The command line and the bench call it first thing.
 */
export function exposeCollector(): void {
  const global = globalThis as { gc?: unknown };
  if (typeof global.gc === 'function') return;
  setFlagsFromString('--expose-gc');
  global.gc = runInNewContext('gc');
}
