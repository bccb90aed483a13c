// Binding a statement's parameters straight through SQLite's C API, for the bulk loads (store/sql.ts BulkInsert).
import type { SqlJsStatic, Statement } from 'sql.js';
import { SQLITE_DONE, sqliteExports, statementHandle, type SqliteExports } from './sqlite-exports';

export type Cell = string | number | null;

/** Distinct values kept in WASM memory per binder, at most (a last-four column has up to 10,000). */
const MAX_KEPT = 1 << 16;

/**
 * Binds a statement's parameters straight through SQLite's C API. sql.js binds each string by measuring and
 * encoding it in a JavaScript loop and giving it its own malloc, which made most of a bulk load's time. Here a
 * whole statement's strings are encoded natively (TextEncoder) into one scratch buffer,
 * copied into WASM memory once, and bound in place. Same values, same types: integers that fit 32 bits bind
 * as integers, other numbers as doubles (as sql.js does), null as an unbound parameter.
 */
export class DirectBinder {
  private scratch = new Uint8Array(1 << 16);
  private heap = 0;
  private heapSize = 0;
  private readonly encoder = new TextEncoder();
  /** Per parameter of the current statement: where its string's bytes are, and how many. */
  private readonly at: number[] = [];
  private readonly bytes: number[] = [];

  /** Kept values: index by text, then WASM address and byte length by index. */
  private readonly kept = new Map<string, number>();
  private readonly keptAt: number[] = [];
  private readonly keptBytes: number[] = [];
  /** Per column: the last text bound and its kept index. */
  private readonly lastText: (string | undefined)[] = [];
  private readonly lastKept: number[] = [];

  private constructor(
    private readonly sql: SqliteExports,
    private readonly ptr: number,
    /** Columns per row, and which of them hold few distinct values. */
    private readonly width: number,
    private readonly repeated: boolean[],
  ) {}

  /**
   * A binder for a sql.js statement (whose SQLite handle statementHandle finds). Undefined where this sql.js
   * lacks the exports or the handle is not found (sql.js changed): the caller keeps sql.js's own binding.
   */
  static of(SQL: SqlJsStatic, stmt: Statement, text: string, width: number, repeated: number[]): DirectBinder | undefined {
    const sql = sqliteExports(SQL, ['_malloc', '_free', 'writeArrayToMemory', '_sqlite3_reset',
      '_sqlite3_clear_bindings', '_sqlite3_step', '_sqlite3_bind_int', '_sqlite3_bind_double', '_sqlite3_bind_text']);
    const ptr = sql && statementHandle(SQL, stmt, text);
    if (!sql || ptr === undefined) return undefined;
    return new DirectBinder(sql, ptr, width, Array.from({ length: width }, (_, i) => repeated.includes(i)));
  }

  /** Binds `cells` as parameters 1..n and steps once; false if SQLite reported an error. */
  run(cells: Cell[]): boolean {
    const { sql, ptr, at, bytes, kept, repeated, width } = this;
    sql._sqlite3_reset(ptr);
    sql._sqlite3_clear_bindings(ptr);
    // Each string's bytes: kept in WASM memory for good (`at` absolute), or encoded now into the scratch
    // buffer (`at` an offset into it, made absolute once the buffer is copied in).
    let used = 0;
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (typeof v !== 'string') continue;
      const col = i % width;
      if (repeated[col]) {
        // Rows come in runs (one system, one day, one type at a time): comparing with the column's last value
        // first spares most of the map lookups.
        const k = v === this.lastText[col] ? this.lastKept[col] : (kept.get(v) ?? this.keep(v));
        this.lastText[col] = v;
        this.lastKept[col] = k;
        if (k >= 0) {
          at[i] = this.keptAt[k];
          bytes[i] = -1 - this.keptBytes[k]; // negative: already absolute
          continue;
        }
      }
      // UTF-8 needs at most three bytes per UTF-16 unit.
      if (used + v.length * 3 > this.scratch.length) this.grow(used + v.length * 3);
      at[i] = used;
      used = this.encode(v, used);
      bytes[i] = used - at[i];
    }
    // Always some memory: an empty string bound at address 0 would read as NULL.
    if (used > this.heapSize || !this.heap) {
      if (this.heap) sql._free(this.heap);
      this.heapSize = Math.max(used, this.scratch.length);
      this.heap = sql._malloc(this.heapSize);
    }
    if (used) sql.writeArrayToMemory(this.scratch.subarray(0, used), this.heap);
    for (let i = 0; i < cells.length; i++) {
      const v = cells[i];
      if (v === null) continue;
      if (typeof v === 'string') {
        const n = bytes[i];
        if (n < 0) sql._sqlite3_bind_text(ptr, i + 1, at[i], -1 - n, 0);
        else sql._sqlite3_bind_text(ptr, i + 1, this.heap + at[i], n, 0);
      } else if (v === (v | 0)) sql._sqlite3_bind_int(ptr, i + 1, v);
      else sql._sqlite3_bind_double(ptr, i + 1, v);
    }
    const rc = sql._sqlite3_step(ptr);
    sql._sqlite3_reset(ptr);
    return rc === SQLITE_DONE;
  }

  /** Writes `v` as UTF-8 into the scratch buffer at `at`; returns where it ends. ASCII is copied directly. */
  private encode(v: string, at: number): number {
    const out = this.scratch;
    for (let j = 0; j < v.length; j++) {
      const c = v.charCodeAt(j);
      if (c >= 0x80) return at + this.encoder.encodeInto(v, out.subarray(at)).written;
      out[at + j] = c;
    }
    return at + v.length;
  }

  /**
   * Puts `v`'s UTF-8 in WASM memory for good (freed with the binder), for the columns of few distinct values
   * (a system, a type, a business date): each is encoded once, not once per row. Returns its index among the
   * kept values, or -1 once the cache is full.
   */
  private keep(v: string): number {
    if (this.kept.size >= MAX_KEPT) return -1;
    const utf8 = this.encoder.encode(v);
    const p = this.sql._malloc(Math.max(utf8.length, 1));
    this.sql.writeArrayToMemory(utf8, p);
    this.kept.set(v, this.keptAt.length);
    this.keptAt.push(p);
    this.keptBytes.push(utf8.length);
    return this.kept.size - 1;
  }

  private grow(need: number): void {
    const next = new Uint8Array(Math.max(need, this.scratch.length * 2));
    next.set(this.scratch);
    this.scratch = next;
  }

  free(): void {
    if (this.heap) this.sql._free(this.heap);
    this.heap = 0;
    for (const p of this.keptAt) this.sql._free(p);
    this.kept.clear();
    this.keptAt.length = 0;
    this.keptBytes.length = 0;
    this.lastText.length = 0;
    this.lastKept.length = 0;
  }
}

