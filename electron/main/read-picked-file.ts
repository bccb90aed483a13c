// Reads a file the user picked in a native dialog, refusing oversized ones before reading a byte.
import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import { tooLargeMessage } from '../../contract/file-names';
import type { PickedFile } from '../../contract/host';

export async function readPickedFile(path: string, limit: number): Promise<PickedFile> {
  const st = await stat(path);
  if (!st.isFile()) throw new Error(`"${basename(path)}" is not a file.`);
  if (st.size > limit) throw new Error(tooLargeMessage(basename(path), st.size, limit));
  const buf = await readFile(path);
  return { name: basename(path), bytes: new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength) };
}
