// Bytes to text: the export's encoding is detected, never assumed, and the report names the one used.

export interface Decoded {
  text: string;
  encoding: 'utf-8' | 'utf-16le' | 'utf-16be' | 'windows-1252';
}

/** Returns null for what is plainly not text (binary garbage named .csv). */
export function decodeText(bytes: Uint8Array): Decoded | null {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
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
  if (half > 4 && oddZeros > half * 0.6 && evenZeros < half * 0.05) return { text: new TextDecoder('utf-16le').decode(bytes), encoding: 'utf-16le' };
  if (half > 4 && evenZeros > half * 0.6 && oddZeros < half * 0.05) return { text: new TextDecoder('utf-16be').decode(bytes), encoding: 'utf-16be' };
  if ((evenZeros + oddZeros + controls) > sample.length * 0.1) return null;
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    // Not valid UTF-8: the usual culprit is a spreadsheet saved as "CSV" on Windows.
    return { text: new TextDecoder('windows-1252').decode(bytes), encoding: 'windows-1252' };
  }
}
