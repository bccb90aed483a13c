// A Blob answer across a port that cannot carry Blobs (the large-quarter engine's MessagePortMain, Node's IPC): the
// engine's side sends it as its bytes, marked, and the page's side makes the Blob again, so the client gets the
// answer it gets from the Web Worker.
import type { FromEngine } from './protocol';

const MARK = 'bf:blob';

interface BlobBytes {
  [MARK]: true;
  bytes: ArrayBuffer;
  type: string;
}

function isBlobBytes(v: unknown): v is BlobBytes {
  return typeof v === 'object' && v !== null && (v as Record<string, unknown>)[MARK] === true && (v as BlobBytes).bytes instanceof ArrayBuffer;
}

/** The engine's side: a result that is a Blob, as its bytes. */
export async function blobAsBytes(message: FromEngine): Promise<FromEngine> {
  if (message.kind !== 'result' || !(message.result instanceof Blob)) return message;
  const blob = message.result;
  const result: BlobBytes = { [MARK]: true, bytes: await blob.arrayBuffer(), type: blob.type };
  return { ...message, result };
}

/** The page's side: marked bytes as the Blob they were. */
export function bytesAsBlob(message: FromEngine): FromEngine {
  if (message.kind !== 'result' || !isBlobBytes(message.result)) return message;
  return { ...message, result: new Blob([message.result.bytes], { type: message.result.type }) };
}
