// Bytes to text: the export's encoding is detected, never assumed, and the report names the one used.
// Detection reads the bytes without building the text, so that a large file can then be decoded in chunks.

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  offset: number;
}

const VALIDATE_CHUNK = 16 * 1024 * 1024;

/** The encoding of a text file, or null for what is plainly not text (binary garbage named .csv). */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', offset: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', offset: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', offset: 2 };
  // UTF-16 without a BOM shows as every other byte being zero in ASCII text.
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
  let evenZeros = 0, oddZeros = 0, controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) {
      if (i % 2 === 0) evenZeros++;
      else oddZeros++;
    } else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  const half = sample.length / 2;
  if (half > 4 && oddZeros > half * 0.6 && evenZeros < half * 0.05) return { encoding: 'utf-16le', offset: 0 };
  if (half > 4 && evenZeros > half * 0.6 && oddZeros < half * 0.05) return { encoding: 'utf-16be', offset: 0 };
  if (evenZeros + oddZeros + controls > sample.length * 0.1) return null;
  // Valid UTF-8 throughout? ASCII is, and most exports are ASCII all through: only from the first byte above
  // 0x7f on is the text checked, chunk by chunk with the platform's strict decoder, output thrown away.
  const from = firstNonAscii(bytes);
  if (from === bytes.length) return { encoding: 'utf-8', offset: 0 };
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let off = from; off < bytes.length; off += VALIDATE_CHUNK) {
      strict.decode(bytes.subarray(off, Math.min(off + VALIDATE_CHUNK, bytes.length)), { stream: true });
    }
    strict.decode();
    return { encoding: 'utf-8', offset: 0 };
  } catch {
    // Not valid UTF-8: the usual culprit is a spreadsheet saved as "CSV" on Windows.
    return { encoding: 'windows-1252', offset: 0 };
  }
}

/**
 * Where the first byte above 0x7f is (bytes.length if none). A byte that is not ASCII is where any UTF-8
 * sequence begins, so validating from there is validating the whole. Four bytes are tested at a time.
 */
export function firstNonAscii(bytes: Uint8Array): number {
  let i = 0;
  const head = Math.min(bytes.length, (4 - (bytes.byteOffset % 4)) % 4);
  for (; i < head; i++) if (bytes[i] & 0x80) return i;
  const words = new Uint32Array(bytes.buffer, bytes.byteOffset + i, (bytes.length - i) >> 2);
  for (let w = 0; w < words.length; w++) {
    if (words[w] & 0x80808080) {
      for (i += w * 4; !(bytes[i] & 0x80); i++);
      return i;
    }
  }
  for (i += words.length * 4; i < bytes.length; i++) if (bytes[i] & 0x80) return i;
  return bytes.length;
}
