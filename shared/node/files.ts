// The engine's only Node edge: reading input files and writing outputs for the command line and tests.
import { mkdirSync, readFileSync, renameSync, statSync, writeFileSync, openSync, fsyncSync, closeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { createRequire } from 'node:module';
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
  let size: number;
  try {
    const st = statSync(path);
    if (st.isDirectory()) throw new InputError(`${path}: is a folder, not a file`, path);
    size = st.size;
  } catch (err) {
    if (err instanceof InputError) throw err;
    throw new InputError(`${path}: no such file`, path);
  }
  if (size > MAX_INPUT_BYTES) throw new InputError(`${path}: ${formatBytes(size)} is over the limit of ${formatBytes(MAX_INPUT_BYTES)} per file`, path);
  return { role, name: basename(path), bytes: new Uint8Array(readFileSync(path)) };
}

/** Writes atomically: beside the target, flushed to disk, then renamed over it. */
export function writeOutput(path: string, data: Uint8Array | string): void {
  mkdirSync(dirname(path), { recursive: true });
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.tmp`);
  const fd = openSync(tmp, 'w');
  try {
    writeFileSync(fd, data);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
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
