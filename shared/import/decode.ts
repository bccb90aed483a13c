// Bytes to text: the export's encoding is detected, never assumed, and the report names the one used.
// Detection reads the bytes without building the text, so that a large file can then be decoded in chunks.
// The decoders give the same text in every host: Windows-1252 and UTF-32 are decoded here (Node's built-in
// 'windows-1252' is Latin-1, so `€` came out as a C1 control in the command line but as `€` in the app's
// worker; neither host's TextDecoder knows UTF-32).

export type Encoding = 'utf-8' | 'utf-16le' | 'utf-16be' | 'utf-32le' | 'utf-32be' | 'windows-1252';

export interface DetectedEncoding {
  encoding: Encoding;
  /** Bytes of byte-order mark to skip. */
  offset: number;
  /**
   * UTF-8 with some bytes that are not: the file mixes encodings (a Windows-1252 line appended to a UTF-8
   * export, say). It is decoded as UTF-8, and the rows holding the undecodable bytes are quarantined rather
   * than the whole file re-decoded as Windows-1252. The byte offset of the first bad byte.
   */
  mixedFrom?: number;
}

const VALIDATE_CHUNK = 16 * 1024 * 1024;

/** The encoding of a text file, or null for what is plainly not text (binary garbage named .csv). */
export function detectEncoding(bytes: Uint8Array): DetectedEncoding | null {
  // UTF-32's marks first: FF FE 00 00 also begins with UTF-16 LE's.
  if (bytes[0] === 0xff && bytes[1] === 0xfe && bytes[2] === 0 && bytes[3] === 0) return { encoding: 'utf-32le', offset: 4 };
  if (bytes[0] === 0 && bytes[1] === 0 && bytes[2] === 0xfe && bytes[3] === 0xff) return { encoding: 'utf-32be', offset: 4 };
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) return { encoding: 'utf-8', offset: 3 };
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { encoding: 'utf-16le', offset: 2 };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { encoding: 'utf-16be', offset: 2 };
  // UTF-16 without a BOM shows as every other byte being zero in ASCII text; UTF-32 as three bytes in four.
  const sample = bytes.subarray(0, Math.min(bytes.length, 4096));
  const zerosAt = [0, 0, 0, 0];
  let controls = 0;
  for (let i = 0; i < sample.length; i++) {
    const b = sample[i];
    if (b === 0) zerosAt[i % 4]++;
    else if (b < 0x20 && b !== 0x09 && b !== 0x0a && b !== 0x0d) controls++;
  }
  const quarter = sample.length / 4;
  if (quarter > 2) {
    const [z0, z1, z2, z3] = zerosAt.map((z) => z / quarter);
    if (z0 < 0.05 && z1 > 0.6 && z2 > 0.6 && z3 > 0.6) return { encoding: 'utf-32le', offset: 0 };
    if (z3 < 0.05 && z0 > 0.6 && z1 > 0.6 && z2 > 0.6) return { encoding: 'utf-32be', offset: 0 };
    if (z1 > 0.6 && z3 > 0.6 && z0 < 0.05 && z2 < 0.05) return { encoding: 'utf-16le', offset: 0 };
    if (z0 > 0.6 && z2 > 0.6 && z1 < 0.05 && z3 < 0.05) return { encoding: 'utf-16be', offset: 0 };
  }
  if (zerosAt[0] + zerosAt[1] + zerosAt[2] + zerosAt[3] + controls > sample.length * 0.1) return null;
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
    // Not valid UTF-8. Some text that is (a multi-byte sequence) beside bytes that are not: mixed encodings.
    // None at all: the usual culprit, a spreadsheet saved as "CSV" on Windows.
    const bad = firstInvalidUtf8(bytes, from);
    return hasUtf8Sequence(bytes, from) ? { encoding: 'utf-8', offset: 0, mixedFrom: bad } : { encoding: 'windows-1252', offset: 0 };
  }
}

/** Whether a well-formed multi-byte UTF-8 sequence (two to four bytes) occurs from `from` on. */
function hasUtf8Sequence(bytes: Uint8Array, from: number): boolean {
  for (let i = from; i < bytes.length; i++) {
    const n = sequenceLength(bytes, i);
    if (n > 1) return true;
  }
  return false;
}

/** The byte offset of the first byte that does not begin a well-formed UTF-8 sequence. */
function firstInvalidUtf8(bytes: Uint8Array, from: number): number {
  for (let i = from; i < bytes.length; ) {
    const n = sequenceLength(bytes, i);
    if (n === 0) return i;
    i += n;
  }
  return bytes.length;
}

/** The length of the well-formed UTF-8 sequence at `i` (1 for ASCII), or 0 when there is none. */
function sequenceLength(b: Uint8Array, i: number): number {
  const c = b[i];
  if (c < 0x80) return 1;
  const cont = (k: number, lo = 0x80, hi = 0xbf) => i + k < b.length && b[i + k] >= lo && b[i + k] <= hi;
  if (c >= 0xc2 && c <= 0xdf) return cont(1) ? 2 : 0;
  if (c === 0xe0) return cont(1, 0xa0) && cont(2) ? 3 : 0;
  if ((c >= 0xe1 && c <= 0xec) || c === 0xee || c === 0xef) return cont(1) && cont(2) ? 3 : 0;
  if (c === 0xed) return cont(1, 0x80, 0x9f) && cont(2) ? 3 : 0;
  if (c === 0xf0) return cont(1, 0x90) && cont(2) && cont(3) ? 4 : 0;
  if (c >= 0xf1 && c <= 0xf3) return cont(1) && cont(2) && cont(3) ? 4 : 0;
  if (c === 0xf4) return cont(1, 0x80, 0x8f) && cont(2) && cont(3) ? 4 : 0;
  return 0;
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

/** A streaming decoder with TextDecoder's shape: `stream: true` keeps an incomplete sequence for the next call. */
export interface TextChunkDecoder {
  decode(bytes: Uint8Array, opts?: { stream?: boolean }): string;
}

/** Windows-1252's 0x80-0x9F (WHATWG's table): the five unassigned bytes map to the C1 control of that value. */
const CP1252_HIGH = [
  0x20ac, 0x81, 0x201a, 0x192, 0x201e, 0x2026, 0x2020, 0x2021, 0x2c6, 0x2030, 0x160, 0x2039, 0x152, 0x8d, 0x17d, 0x8f,
  0x90, 0x2018, 0x2019, 0x201c, 0x201d, 0x2022, 0x2013, 0x2014, 0x2dc, 0x2122, 0x161, 0x203a, 0x153, 0x9d, 0x17e, 0x178,
];

const utf16 = () => new TextDecoder('utf-16le');

/** Windows-1252: every byte is one character; mapped to UTF-16 code units, then decoded by the host. */
function cp1252Decoder(): TextChunkDecoder {
  const table = new Uint16Array(256);
  for (let b = 0; b < 256; b++) table[b] = b >= 0x80 && b < 0xa0 ? CP1252_HIGH[b - 0x80] : b;
  const text = utf16();
  return {
    decode(bytes) {
      const units = new Uint16Array(bytes.length);
      for (let i = 0; i < bytes.length; i++) units[i] = table[bytes[i]];
      return text.decode(units);
    },
  };
}

/** UTF-32: four bytes a code point; one that is not a Unicode scalar value becomes U+FFFD. */
function utf32Decoder(bigEndian: boolean): TextChunkDecoder {
  let carry = new Uint8Array(0);
  const text = utf16();
  return {
    decode(bytes, opts) {
      let b = bytes;
      if (carry.length) {
        b = new Uint8Array(carry.length + bytes.length);
        b.set(carry);
        b.set(bytes, carry.length);
      }
      const whole = b.length - (b.length % 4);
      const units = new Uint16Array(whole / 2);
      let n = 0;
      for (let i = 0; i < whole; i += 4) {
        const cp = bigEndian
          ? ((b[i] << 24) | (b[i + 1] << 16) | (b[i + 2] << 8) | b[i + 3]) >>> 0
          : ((b[i + 3] << 24) | (b[i + 2] << 16) | (b[i + 1] << 8) | b[i]) >>> 0;
        if (cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) units[n++] = 0xfffd;
        else if (cp >= 0x10000) {
          units[n++] = 0xd800 + ((cp - 0x10000) >> 10);
          units[n++] = 0xdc00 + ((cp - 0x10000) & 0x3ff);
        } else units[n++] = cp;
      }
      carry = b.slice(whole);
      let out = text.decode(units.subarray(0, n));
      if (!opts?.stream && carry.length) {
        out += '\ufffd';
        carry = new Uint8Array(0);
      }
      return out;
    },
  };
}

/** The decoder for a detected encoding. */
export function decoderFor(encoding: Encoding): TextChunkDecoder {
  switch (encoding) {
    case 'windows-1252':
      return cp1252Decoder();
    case 'utf-32le':
      return utf32Decoder(false);
    case 'utf-32be':
      return utf32Decoder(true);
    default:
      return new TextDecoder(encoding);
  }
}
