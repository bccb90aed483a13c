// Reads a file the user picked in a native dialog, refusing oversized ones before reading a byte.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { tooLargeMessage } from '../../contract/file-names';
import type { PickedFile } from '../../contract/host';
import { passesAsBytes } from './engine-choice';
import type { ImportGrants } from './import-grants';

export async function readPickedFile(path: string, limit: number): Promise<PickedFile> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`"${basename(path)}" is not a file.`);
  if (st.size > limit) throw new Error(tooLargeMessage(basename(path), st.size, limit));
  const buf = await readFile(path);
  return { name: basename(path), bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}

/**
 * An import file the user picked, granted to the large-quarter engine: its bytes as well when they can pass to the
 * renderer, else only its grant and size (the engine process reads it from disk, past any size the worker holds).
 */
export async function pickImportFile(path: string, grants: ImportGrants): Promise<PickedFile> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`"${basename(path)}" is not a file.`);
  const grant = grants.grant(path, st.size);
  if (!passesAsBytes(st.size)) return { name: basename(path), bytes: new Uint8Array(0), grant, size: st.size };
  const file = await readPickedFile(path, st.size);
  return { ...file, grant, size: file.bytes.byteLength };
}
