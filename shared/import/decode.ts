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
  // Valid UTF-8 throughout? Checked chunk by chunk with the platform's strict decoder, output thrown away.
  const strict = new TextDecoder('utf-8', { fatal: true });
  try {
    for (let off = 0; off < bytes.length; off += VALIDATE_CHUNK) {
      strict.decode(bytes.subarray(off, Math.min(off + VALIDATE_CHUNK, bytes.length)), { stream: true });
    }
    strict.decode();
    return { encoding: 'utf-8', offset: 0 };
  } catch {
    // Not valid UTF-8: the usual culprit is a spreadsheet saved as "CSV" on Windows.
    return { encoding: 'windows-1252', offset: 0 };
  }
}
