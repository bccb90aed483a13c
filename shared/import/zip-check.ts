// A workbook's zip archive checked before SheetJS reads it. SheetJS trusts the archive: it ignores the CRC-32 of
// every part (a stored part with one digit changed is read as it is), spins on some damaged ones, and parses a
// sheet of sixteen million one-cell rows to the end. Here the central directory is read, every part is inflated
// a slice at a time and checked against its CRC-32 and declared size, and the sheets are scanned for what no
// spreadsheet can hold, so that a bad archive is refused in one line before anything is parsed.
import { Inflate } from 'fflate';

/** One part of the archive, as its central directory describes it. */
export interface ZipEntry {
  name: string;
  method: number;
  flags: number;
  crc: number;
  compressedSize: number;
  size: number;
  localOffset: number;
}

/**
 * A reason the archive cannot be read; read-table turns it into an InputError naming the file. `damaged`: the
 * archive itself is broken (as opposed to refused for what it holds).
 */
export class ZipProblem extends Error {
  constructor(
    message: string,
    readonly damaged = true,
  ) {
    super(message);
  }
}

const EOCD = 0x06054b50;
const EOCD64_LOCATOR = 0x07064b50;
const EOCD64 = 0x06064b50;
const CENTRAL = 0x02014b50;
const LOCAL = 0x04034b50;

/** The central directory's entries. Throws ZipProblem when the archive's structure is damaged or truncated. */
export function readCentralDirectory(bytes: Uint8Array, maxEntries: number): ZipEntry[] {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const damaged = () => new ZipProblem('the zip archive is damaged or truncated');
  // The end record sits in the last 22 bytes plus a comment of up to 64 KiB.
  let end = -1;
  for (let i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xffff); i--) {
    if (view.getUint32(i, true) === EOCD) {
      end = i;
      break;
    }
  }
  if (end < 0) throw damaged();
  let count = view.getUint16(end + 10, true);
  let cdSize = view.getUint32(end + 12, true);
  let cdOffset = view.getUint32(end + 16, true);
  if (count === 0xffff || cdSize === 0xffffffff || cdOffset === 0xffffffff) {
    // ZIP64: the real figures are in the ZIP64 end record the locator points to.
    const loc = end - 20;
    if (loc < 0 || view.getUint32(loc, true) !== EOCD64_LOCATOR) throw damaged();
    const at = Number(view.getBigUint64(loc + 8, true));
    if (at + 56 > bytes.length || view.getUint32(at, true) !== EOCD64) throw damaged();
    count = Number(view.getBigUint64(at + 32, true));
    cdSize = Number(view.getBigUint64(at + 40, true));
    cdOffset = Number(view.getBigUint64(at + 48, true));
  }
  if (count > maxEntries) throw new ZipProblem(`the workbook has over ${maxEntries} parts; refused unread`, false);
  if (cdOffset + cdSize > bytes.length) throw damaged();
  const entries: ZipEntry[] = [];
  const names = new TextDecoder('utf-8');
  let p = cdOffset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > bytes.length || view.getUint32(p, true) !== CENTRAL) throw damaged();
    const flags = view.getUint16(p + 8, true);
    const method = view.getUint16(p + 10, true);
    const crc = view.getUint32(p + 16, true);
    let compressedSize = view.getUint32(p + 20, true);
    let size = view.getUint32(p + 24, true);
    const nameLen = view.getUint16(p + 28, true);
    const extraLen = view.getUint16(p + 30, true);
    const commentLen = view.getUint16(p + 32, true);
    let localOffset = view.getUint32(p + 42, true);
    if (p + 46 + nameLen + extraLen > bytes.length) throw damaged();
    const name = names.decode(bytes.subarray(p + 46, p + 46 + nameLen));
    // ZIP64 extra field: the 64-bit values, in order, of those set to 0xFFFFFFFF above.
    for (let x = p + 46 + nameLen; x + 4 <= p + 46 + nameLen + extraLen; ) {
      const id = view.getUint16(x, true);
      const len = view.getUint16(x + 2, true);
      if (id === 0x0001) {
        let q = x + 4;
        const next = () => {
          if (q + 8 > x + 4 + len) throw damaged();
          const v = Number(view.getBigUint64(q, true));
          q += 8;
          return v;
        };
        if (size === 0xffffffff) size = next();
        if (compressedSize === 0xffffffff) compressedSize = next();
        if (localOffset === 0xffffffff) localOffset = next();
      }
      x += 4 + len;
    }
    entries.push({ name, method, flags, crc, compressedSize, size, localOffset });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return entries;
}

/** Where an entry's stored bytes are: after its local header (whose name and extra field may differ in length). */
function entryData(bytes: Uint8Array, e: ZipEntry): Uint8Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  if (e.localOffset + 30 > bytes.length || view.getUint32(e.localOffset, true) !== LOCAL) {
    throw new ZipProblem(`the zip archive is damaged (part ${e.name} is not where the directory says)`);
  }
  const start = e.localOffset + 30 + view.getUint16(e.localOffset + 26, true) + view.getUint16(e.localOffset + 28, true);
  if (start + e.compressedSize > bytes.length) throw new ZipProblem(`the zip archive is truncated (part ${e.name})`);
  return bytes.subarray(start, start + e.compressedSize);
}

const CRC_TABLES = (() => {
  const t = new Uint32Array(8 * 256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c;
  }
  for (let n = 0; n < 256; n++) for (let k = 1; k < 8; k++) t[k * 256 + n] = (t[(k - 1) * 256 + n] >>> 8) ^ t[t[(k - 1) * 256 + n] & 0xff];
  return t;
})();

/** CRC-32 (the zip polynomial) of `data`, continuing from `crc`; eight bytes a step (slicing-by-8). */
export function crc32(data: Uint8Array, crc = 0): number {
  const t = CRC_TABLES;
  let c = ~crc >>> 0;
  let i = 0;
  const n8 = data.length - 8;
  for (; i <= n8; i += 8) {
    const a = c ^ (data[i] | (data[i + 1] << 8) | (data[i + 2] << 16) | (data[i + 3] << 24));
    const b = data[i + 4] | (data[i + 5] << 8) | (data[i + 6] << 16) | (data[i + 7] << 24);
    c =
      t[1792 + (a & 0xff)] ^ t[1536 + ((a >>> 8) & 0xff)] ^ t[1280 + ((a >>> 16) & 0xff)] ^ t[1024 + (a >>> 24)] ^
      t[768 + (b & 0xff)] ^ t[512 + ((b >>> 8) & 0xff)] ^ t[256 + ((b >>> 16) & 0xff)] ^ t[b >>> 24];
  }
  for (; i < data.length; i++) c = t[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}

const SLICE = 256 * 1024;

/**
 * Inflates (or copies) one part a slice at a time, handing each piece of its content to `sink`, and checks the
 * whole against the declared size and CRC-32. `sink` may throw to stop early. Never holds the whole part.
 */
export function streamEntry(bytes: Uint8Array, e: ZipEntry, sink: (piece: Uint8Array) => void): void {
  if (e.flags & 1) throw new ZipProblem(`part ${e.name} is encrypted; save the workbook without a password`, false);
  const data = entryData(bytes, e);
  let crc = 0;
  let got = 0;
  const take = (piece: Uint8Array) => {
    got += piece.length;
    if (got > e.size) throw new ZipProblem(`the zip archive is damaged (part ${e.name} inflates past its declared ${e.size} bytes)`);
    crc = crc32(piece, crc);
    sink(piece);
  };
  if (e.method === 0) {
    if (e.compressedSize !== e.size) throw new ZipProblem(`the zip archive is damaged (stored part ${e.name} has two sizes)`);
    for (let off = 0; off < data.length; off += SLICE) take(data.subarray(off, Math.min(off + SLICE, data.length)));
  } else if (e.method === 8) {
    const inflater = new Inflate((piece) => take(piece));
    try {
      if (data.length === 0) inflater.push(data, true);
      for (let off = 0; off < data.length; off += SLICE) inflater.push(data.subarray(off, Math.min(off + SLICE, data.length)), off + SLICE >= data.length);
    } catch (err) {
      if (err instanceof ZipProblem) throw err;
      throw new ZipProblem(`the zip archive is damaged (part ${e.name} does not inflate)`);
    }
  } else {
    throw new ZipProblem(`part ${e.name} uses compression method ${e.method}, which .xlsx does not`);
  }
  if (got !== e.size) throw new ZipProblem(`the zip archive is damaged (part ${e.name} is ${got} bytes, its directory says ${e.size})`);
  if (crc !== e.crc) throw new ZipProblem(`the zip archive is damaged (part ${e.name} fails its CRC-32 check)`);
}
