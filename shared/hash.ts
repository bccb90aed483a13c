import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';

/** SHA-256 of a file's bytes, hex: the fingerprint recorded for every source file. */
export function sha256Hex(bytes: Uint8Array): string {
  return bytesToHex(sha256(bytes));
}

export function sha256Text(text: string): string {
  return bytesToHex(sha256(new TextEncoder().encode(text)));
}
