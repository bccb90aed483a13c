// Rows of a bulk load as they cross from the calling thread to the DuckDB worker: column by column, in typed
// arrays moved across (never copied value by value, as a structured clone of strings would be). Numbers go as
// doubles, texts as their UTF-8 bytes with where each ends, and a column of few distinct values (a system, a
// type, a date) as codes into a dictionary whose new entries come with the batch that first uses them.
import type { Cell } from '../../store/case-db';

/** What kind of column a bulk load writes, from the table's column type. */
export type ColumnKind = 'number' | 'text' | 'dictionary' | 'blob';

export type EncodedColumn =
  | { kind: 'number'; values: Float64Array; nulls: Uint8Array }
  | { kind: 'text'; bytes: Uint8Array; ends: Int32Array; nulls: Uint8Array }
  /** codes[i]: the index of row i's value in the column's dictionary, -1 for null; `added`: its new entries. */
  | { kind: 'dictionary'; codes: Int32Array; added: string[] }
  | { kind: 'blob'; values: (Uint8Array | null)[] };

/** The buffers of a batch, to move rather than copy. */
export function transferList(columns: EncodedColumn[]): ArrayBuffer[] {
  const out: ArrayBuffer[] = [];
  for (const c of columns) {
    if (c.kind === 'number') out.push(c.values.buffer as ArrayBuffer, c.nulls.buffer as ArrayBuffer);
    else if (c.kind === 'text') out.push(c.bytes.buffer as ArrayBuffer, c.ends.buffer as ArrayBuffer, c.nulls.buffer as ArrayBuffer);
    else if (c.kind === 'dictionary') out.push(c.codes.buffer as ArrayBuffer);
  }
  return out;
}

/** One column of a batch being gathered on the calling thread. */
export interface ColumnEncoder {
  put(i: number, v: Cell): void;
  /** The column's rows 0..n-1, and a fresh start for the next batch. */
  take(n: number): EncodedColumn;
}

class NumberColumn implements ColumnEncoder {
  private values: Float64Array;
  private nulls: Uint8Array;
  constructor(private readonly size: number) {
    this.values = new Float64Array(size);
    this.nulls = new Uint8Array(size);
  }
  put(i: number, v: Cell): void {
    if (v === null || v === undefined) this.nulls[i] = 1;
    else if (typeof v === 'number') this.values[i] = v;
    else throw new Error(`'${String(v)}' is not a number`);
  }
  take(n: number): EncodedColumn {
    const out = { kind: 'number' as const, values: this.values.subarray(0, n), nulls: this.nulls.subarray(0, n) };
    this.values = new Float64Array(this.size);
    this.nulls = new Uint8Array(this.size);
    return out;
  }
}

const encoder = new TextEncoder();

class TextColumn implements ColumnEncoder {
  private bytes: Uint8Array;
  private ends: Int32Array;
  private nulls: Uint8Array;
  private at = 0;
  constructor(private readonly size: number) {
    this.bytes = new Uint8Array(size * 24);
    this.ends = new Int32Array(size);
    this.nulls = new Uint8Array(size);
  }
  put(i: number, v: Cell): void {
    if (v === null || v === undefined) {
      this.nulls[i] = 1;
      this.ends[i] = this.at;
      return;
    }
    const s = typeof v === 'string' ? v : String(v);
    // UTF-8 takes at most three bytes per UTF-16 unit.
    if (this.at + s.length * 3 > this.bytes.length) this.grow(this.at + s.length * 3);
    const out = this.bytes;
    let at = this.at;
    for (let j = 0; j < s.length; j++) {
      const c = s.charCodeAt(j);
      if (c >= 0x80) {
        at = this.at + encoder.encodeInto(s, out.subarray(this.at)).written;
        break;
      }
      out[at++] = c;
    }
    this.at = at;
    this.ends[i] = at;
  }
  private grow(need: number): void {
    const next = new Uint8Array(Math.max(need, this.bytes.length * 2));
    next.set(this.bytes.subarray(0, this.at));
    this.bytes = next;
  }
  take(n: number): EncodedColumn {
    const out = { kind: 'text' as const, bytes: this.bytes.subarray(0, this.at), ends: this.ends.subarray(0, n), nulls: this.nulls.subarray(0, n) };
    this.bytes = new Uint8Array(Math.max(this.size * 24, this.at));
    this.ends = new Int32Array(this.size);
    this.nulls = new Uint8Array(this.size);
    this.at = 0;
    return out;
  }
}

class DictionaryColumn implements ColumnEncoder {
  private readonly index = new Map<string, number>();
  private added: string[] = [];
  private codes: Int32Array;
  private last: string | undefined;
  private lastCode = -1;
  constructor(private readonly size: number) {
    this.codes = new Int32Array(size);
  }
  put(i: number, v: Cell): void {
    if (v === null || v === undefined) {
      this.codes[i] = -1;
      return;
    }
    const s = typeof v === 'string' ? v : String(v);
    // Rows come in runs (one system, one day, one type at a time): the value before first.
    if (s !== this.last) {
      let code = this.index.get(s);
      if (code === undefined) {
        code = this.index.size;
        this.index.set(s, code);
        this.added.push(s);
      }
      this.last = s;
      this.lastCode = code;
    }
    this.codes[i] = this.lastCode;
  }
  take(n: number): EncodedColumn {
    const out = { kind: 'dictionary' as const, codes: this.codes.subarray(0, n), added: this.added };
    this.codes = new Int32Array(this.size);
    this.added = [];
    return out;
  }
}

class BlobColumn implements ColumnEncoder {
  private values: (Uint8Array | null)[] = [];
  put(i: number, v: Cell | Uint8Array): void {
    this.values[i] = v instanceof Uint8Array ? v : v === null || v === undefined ? null : new TextEncoder().encode(String(v));
  }
  take(n: number): EncodedColumn {
    const out = { kind: 'blob' as const, values: this.values.slice(0, n) };
    this.values = [];
    return out;
  }
}

export function columnEncoder(kind: ColumnKind, size: number): ColumnEncoder {
  switch (kind) {
    case 'number':
      return new NumberColumn(size);
    case 'text':
      return new TextColumn(size);
    case 'dictionary':
      return new DictionaryColumn(size);
    case 'blob':
      return new BlobColumn();
  }
}
