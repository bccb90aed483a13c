// The message a reader in another thread answers, the same for every host (a Node worker thread, a Web Worker):
// read one file (readFilePacked) and hand back the packed result, or the one-line failure.
import { InputError, type FileRole } from '../types';
import { readFilePacked, type PackedFileRead, type ReadSettings } from './import-files';
import { packedTransfer } from './pack-events';

export interface ReadApartRequest {
  file: { role: FileRole; name: string; bytes: Uint8Array };
  fileId: number;
  timezone: string;
  settings: ReadSettings;
}

/** An error as it crosses threads: InputError keeps its file, row and column. */
export interface ReadFailure {
  name: string;
  message: string;
  file?: string;
  row?: number;
  column?: string;
}

export type ReadApartReply = { ok: PackedFileRead } | { failed: ReadFailure };

/** Reads the requested file; the reply and the buffers to transfer with it. Never throws. */
export async function answerReadApart(req: ReadApartRequest): Promise<{ reply: ReadApartReply; transfer: ArrayBuffer[] }> {
  try {
    const ok = await readFilePacked({ role: req.file.role, name: req.file.name, bytes: req.file.bytes }, req.fileId, req.timezone, req.settings);
    return { reply: { ok }, transfer: packedTransfer(ok.events) };
  } catch (err) {
    const e = err instanceof Error ? err : new Error(String(err));
    const input = e instanceof InputError ? e : undefined;
    return { reply: { failed: { name: e.name, message: e.message, file: input?.file, row: input?.row, column: input?.column } }, transfer: [] };
  }
}

/** The reply's result, or its failure thrown as the error it was (an InputError stays one). */
export function readApartResult(reply: ReadApartReply): PackedFileRead {
  if ('ok' in reply) return reply.ok;
  const f = reply.failed;
  if (f.name === 'InputError') throw new InputError(f.message, f.file, f.row, f.column);
  throw new Error(f.message);
}
