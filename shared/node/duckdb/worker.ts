// The DuckDB side of a case database: a worker thread that holds one DuckDB database and answers the calling
// thread's requests (protocol.ts) one at a time, in order. DuckDB's Node API is asynchronous; the calling thread
// waits for each answer (channel.ts), so the case store reads the same on DuckDB as on sql.js.
//
// Bulk loads (columns.ts) fill DuckDB's data chunks directly: numbers are copied in as 64-bit words, and a text
// of at most 12 bytes is written in place as DuckDB's string_t (its C API's documented layout: the length, then
// the bytes, zero-padded). A vector's longer texts cross into DuckDB in one call, as one string whose memory
// their string_t point into (Bulk.placeLong); blobs cross one call each.
import duckdb from '@duckdb/node-bindings';
import {
  DuckDBAppender,
  DuckDBBlobValue,
  DuckDBConnection,
  DuckDBDataChunk,
  DuckDBInstance,
  DuckDBTypeId,
  blobValue,
  type DuckDBType,
  type DuckDBValue,
} from '@duckdb/node-api';
import { workerData } from 'node:worker_threads';
import type { MessagePort } from 'node:worker_threads';
import type { SqlValue } from '../../store/case-db';
import type { QueryResult } from '../../types';
import type { ColumnKind, EncodedColumn } from './columns';
import type { OpenOptions, Reply, Request } from './protocol';

const { port, signal } = workerData as { port: MessagePort; signal: Int32Array };

/** Rows per data chunk: DuckDB's vector size. */
const VECTOR = duckdb.vector_size();

let instance: DuckDBInstance | null = null;
let connection: DuckDBConnection | null = null;
const bulks = new Map<number, Bulk>();

function con(): DuckDBConnection {
  if (!connection) throw new Error('The DuckDB case database is not open');
  return connection;
}

async function open(options: OpenOptions): Promise<void> {
  const config: Record<string, string> = {};
  if (options.readOnly) config.access_mode = 'READ_ONLY';
  if (options.memoryLimit) config.memory_limit = options.memoryLimit;
  if (options.tempDirectory) config.temp_directory = options.tempDirectory;
  if (options.threads) config.threads = String(options.threads);
  instance = await DuckDBInstance.create(options.path, config);
  connection = await instance.connect();
}

function close(): void {
  for (const b of bulks.values()) b.abandon();
  bulks.clear();
  connection?.closeSync();
  instance?.closeSync();
  connection = null;
  instance = null;
}

/** A parameter as DuckDB binds it: integers as BIGINT (exact), other numbers as DOUBLE, bytes as a BLOB. */
function param(v: SqlValue): DuckDBValue {
  if (v instanceof Uint8Array) return blobValue(v);
  if (typeof v === 'number' && Number.isSafeInteger(v)) return BigInt(v);
  return v;
}

function params(values: SqlValue[]): DuckDBValue[] {
  return values.map(param);
}

/** A value read back as the case store reads it from sql.js: integers as numbers, blobs as bytes. */
function value(v: DuckDBValue): SqlValue {
  if (v === null || typeof v === 'string' || typeof v === 'number') return v;
  if (typeof v === 'bigint') {
    const n = Number(v);
    if (!Number.isSafeInteger(n)) throw new Error(`An integer ${v} is beyond what the engine reads exactly`);
    return n;
  }
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v instanceof DuckDBBlobValue) return v.bytes;
  return String(v);
}

async function rows(sql: string, values: SqlValue[]): Promise<SqlValue[][]> {
  const reader = await con().runAndReadAll(sql, values.length ? params(values) : undefined);
  return reader.getRows().map((r) => r.map(value));
}

/** A query of two integer columns, read from the result's vectors (the low words of each 64-bit id). */
async function pairs(sql: string, named: Record<string, number>): Promise<{ a: Int32Array; b: Int32Array }> {
  const bound: Record<string, DuckDBValue> = {};
  for (const [k, v] of Object.entries(named)) bound[k.replace(/^\$/, '')] = BigInt(v);
  const result = await con().run(sql, Object.keys(bound).length ? bound : undefined);
  const n = Number(result.rowCount);
  const a = new Int32Array(n);
  const b = new Int32Array(n);
  let at = 0;
  for (let c = 0; c < result.chunkCount; c++) {
    const chunk = result.getChunk(c).chunk;
    const size = duckdb.data_chunk_get_size(chunk);
    readIds(duckdb.data_chunk_get_vector(chunk, 0), size, a, at);
    readIds(duckdb.data_chunk_get_vector(chunk, 1), size, b, at);
    at += size;
  }
  return { a, b };
}

function readIds(vector: duckdb.Vector, n: number, out: Int32Array, at: number): void {
  const type = duckdb.get_type_id(duckdb.vector_get_column_type(vector));
  if (type === duckdb.Type.INTEGER) {
    const data = duckdb.vector_get_data(vector, n * 4);
    out.set(new Int32Array(data.buffer, data.byteOffset, n), at);
    return;
  }
  if (type !== duckdb.Type.BIGINT) throw new Error('A rule must return two integer columns');
  const data = duckdb.vector_get_data(vector, n * 8);
  const words = new Int32Array(data.buffer, data.byteOffset, n * 2);
  for (let i = 0; i < n; i++) {
    const lo = words[2 * i];
    if (words[2 * i + 1] !== (lo >> 31)) throw new Error('A rule returned an id beyond 32 bits');
    out[at + i] = lo;
  }
}

/** Statements that cannot change the database. Any other is refused before it runs. */
const READING = new Set([duckdb.StatementType.SELECT, duckdb.StatementType.EXPLAIN]);

/**
 * One statement of the SQL console: refused unless DuckDB parses it as a SELECT or an EXPLAIN, and run inside a
 * transaction that is rolled back whatever it did.
 */
async function readOnly(sql: string, limit: number): Promise<QueryResult> {
  const c = con();
  const stmt = await c.prepare(sql);
  try {
    if (!READING.has(stmt.statementType)) throw new Error('Only a single SELECT, WITH or EXPLAIN statement may be run');
    await c.run('BEGIN TRANSACTION');
    try {
      const reader = await stmt.streamAndReadUntil(limit + 1);
      const columns = reader.columnNames();
      const all = reader.getRows();
      const out = all.slice(0, limit).map((r) =>
        r.map((v) => {
          const x = value(v);
          return x instanceof Uint8Array ? `<${x.length} bytes>` : x;
        }),
      );
      return { columns, rows: out, truncated: all.length > limit };
    } finally {
      await c.run('ROLLBACK');
    }
  } finally {
    stmt.destroySync();
  }
}

/** Each column's DuckDB type as a bulk load writes it. */
function kindOf(type: DuckDBTypeId, repeated: boolean): ColumnKind {
  switch (type) {
    case DuckDBTypeId.BIGINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.DOUBLE:
      return 'number';
    case DuckDBTypeId.VARCHAR:
      return repeated ? 'dictionary' : 'text';
    case DuckDBTypeId.BLOB:
      return 'blob';
    default:
      throw new Error(`a column of type ${DuckDBTypeId[type]}, which the bulk load does not write`);
  }
}

/** A dictionary entry as the vectors take it: its string_t when inlined, else its bytes. */
interface Entry {
  inline: Int32Array | null;
  utf8: Uint8Array;
  /** A long entry: the vector (by fill's stamp) whose gathered texts hold it, and where. */
  stamp: number;
  at: number;
}

const utf8 = new TextEncoder();

/**
 * A bulk load into some columns of a table. DuckDB's appender fills every column of a table in order; for a
 * subset of them the rows go to a temporary table of those columns first, and from there into the table.
 */
class Bulk {
  private readonly types: DuckDBTypeId[];
  private readonly chunk: DuckDBDataChunk;
  private readonly scratch = new ArrayBuffer(VECTOR * 16);
  private readonly bytes = new Uint8Array(this.scratch);
  private readonly words = new Int32Array(this.scratch);
  private readonly validity = new Uint32Array(VECTOR / 32);
  /** Per dictionary column, its entries so far. */
  private readonly dictionaries: Entry[][];
  readonly kinds: ColumnKind[];

  private constructor(
    private readonly table: string,
    private readonly columns: readonly string[],
    private readonly staging: string | null,
    private readonly appender: DuckDBAppender,
    repeated: readonly string[],
  ) {
    const types: DuckDBType[] = [];
    for (let i = 0; i < appender.columnCount; i++) types.push(appender.columnType(i));
    this.types = types.map((t) => t.typeId);
    this.kinds = this.types.map((t, i) => kindOf(t, repeated.includes(columns[i])));
    this.dictionaries = this.kinds.map(() => []);
    this.chunk = DuckDBDataChunk.create(types);
  }

  static async begin(id: number, table: string, columns: readonly string[], repeated: readonly string[]): Promise<Bulk> {
    const c = con();
    const [schema, name] = table.startsWith('temp.') ? ['temp', table.slice(5)] : [null, table];
    const info = await c.runAndReadAll(
      `SELECT column_name FROM duckdb_columns() WHERE table_name = ? ${schema ? "AND database_name = 'temp'" : "AND database_name <> 'temp'"} ORDER BY column_index`,
      [name],
    );
    const all = info.getRows().map((r) => String(r[0]));
    if (all.length === columns.length && all.every((col, i) => col === columns[i])) {
      return new Bulk(table, columns, null, await c.createAppender(name, null, schema), repeated);
    }
    const staging = `bulk_${id}`;
    const quoted = columns.map((col) => `"${col}"`).join(', ');
    await c.run(`CREATE TEMP TABLE ${staging} AS SELECT ${quoted} FROM ${table} LIMIT 0`);
    return new Bulk(table, columns, staging, await c.createAppender(staging, null, 'temp'), repeated);
  }

  append(count: number, columns: EncodedColumn[]): void {
    if (columns.length !== this.types.length) throw new Error(`${this.table}: rows of ${columns.length} columns for ${this.types.length}`);
    columns.forEach((col, c) => {
      if (col.kind === 'dictionary') for (const s of col.added) this.dictionaries[c].push(entry(s));
    });
    const raw = this.chunk.chunk;
    for (let start = 0; start < count; start += VECTOR) {
      const n = Math.min(VECTOR, count - start);
      duckdb.data_chunk_reset(raw);
      duckdb.data_chunk_set_size(raw, n);
      for (let c = 0; c < columns.length; c++) this.fill(duckdb.data_chunk_get_vector(raw, c), c, columns[c], start, n);
      this.appender.appendDataChunk(this.chunk);
    }
  }

  /** Writes rows start..start+n of one column into its vector. */
  private fill(vector: duckdb.Vector, c: number, col: EncodedColumn, start: number, n: number): void {
    this.validity.fill(0);
    this.longAt = this.longBytes = 0;
    this.longSource = null;
    let nulls = 0;
    let width = 16;
    switch (col.kind) {
      case 'number':
        width = this.types[c] === DuckDBTypeId.INTEGER ? 4 : 8;
        nulls = this.fillNumbers(c, col.values, col.nulls, start, n);
        break;
      case 'text':
        nulls = this.fillTexts(col.bytes, col.ends, col.nulls, start, n);
        break;
      case 'dictionary':
        nulls = this.fillDictionary(this.dictionaries[c], col.codes, start, n);
        break;
      case 'blob':
        for (let i = 0; i < n; i++) {
          if (col.values[start + i] !== null) this.validity[i >> 5] |= 1 << (i & 31);
          else {
            nulls++;
            this.words.fill(0, 4 * i, 4 * i + 4);
          }
        }
        break;
    }
    if (this.longAt) this.placeLong(vector, this.longSource ?? this.long.subarray(0, this.longBytes));
    duckdb.copy_data_to_vector(vector, 0, this.scratch, 0, n * width);
    if (nulls) {
      duckdb.vector_ensure_validity_writable(vector);
      duckdb.copy_data_to_vector_validity(vector, 0, this.validity.buffer as ArrayBuffer, 0, Math.ceil(n / 64) * 8);
    }
    if (col.kind === 'blob') {
      for (let i = 0; i < n; i++) {
        const v = col.values[start + i];
        if (v !== null) duckdb.vector_assign_string_element_len(vector, i, v);
      }
    }
  }

  /** A column of numbers as the vector's 32- or 64-bit integers or doubles; the count of nulls. */
  private fillNumbers(c: number, values: Float64Array, isNull: Uint8Array, start: number, n: number): number {
    const { validity, words } = this;
    const type = this.types[c];
    const doubles = new Float64Array(this.scratch);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      if (isNull[start + i]) {
        nulls++;
        continue;
      }
      validity[i >> 5] |= 1 << (i & 31);
      const x = values[start + i];
      if (type === DuckDBTypeId.DOUBLE) doubles[i] = x;
      else {
        if (!Number.isSafeInteger(x)) throw new Error(`${this.table}.${this.columns[c]}: ${x} is not an integer`);
        if (type === DuckDBTypeId.INTEGER) words[i] = x;
        else {
          words[2 * i] = x % 4294967296 | 0;
          words[2 * i + 1] = Math.floor(x / 4294967296) | 0;
        }
      }
    }
    return nulls;
  }

  /** A column of texts: each inlined as its string_t, or gathered as a long one (placeLong); the count of nulls. */
  private fillTexts(bytes: Uint8Array, ends: Int32Array, isNull: Uint8Array, start: number, n: number): number {
    const { validity, words } = this;
    const out = this.bytes;
    // The vector's texts lie one after another in the column's bytes: its long ones point into that stretch.
    const base = start === 0 ? 0 : ends[start - 1];
    this.longSource = bytes.subarray(base, ends[start + n - 1]);
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const r = start + i;
      const o = i * 16;
      if (isNull[r]) {
        nulls++;
        words[4 * i] = words[4 * i + 1] = words[4 * i + 2] = words[4 * i + 3] = 0;
        continue;
      }
      validity[i >> 5] |= 1 << (i & 31);
      const from = r === 0 ? 0 : ends[r - 1];
      const len = ends[r] - from;
      if (len > 12) {
        this.pointLong(i, from - base, len);
        continue;
      }
      // An inlined string_t: its length, its bytes, zeros after them (DuckDB compares all twelve).
      words[4 * i] = len;
      words[4 * i + 1] = words[4 * i + 2] = words[4 * i + 3] = 0;
      for (let j = 0; j < len; j++) out[o + 4 + j] = bytes[from + j];
    }
    return nulls;
  }

  /** A dictionary column: each code's entry, inlined or gathered once per vector as a long text; the count of nulls. */
  private fillDictionary(entries: Entry[], codes: Int32Array, start: number, n: number): number {
    const { validity, words } = this;
    const stamp = ++this.stamp;
    let nulls = 0;
    for (let i = 0; i < n; i++) {
      const code = codes[start + i];
      if (code < 0) {
        nulls++;
        words[4 * i] = words[4 * i + 1] = words[4 * i + 2] = words[4 * i + 3] = 0;
        continue;
      }
      validity[i >> 5] |= 1 << (i & 31);
      const e = entries[code];
      const inline = e.inline;
      if (inline) {
        words[4 * i] = inline[0];
        words[4 * i + 1] = inline[1];
        words[4 * i + 2] = inline[2];
        words[4 * i + 3] = inline[3];
      } else if (e.stamp === stamp) this.pointLong(i, e.at, e.utf8.length);
      else {
        e.stamp = stamp;
        e.at = this.longBytes;
        this.gatherLong(i, e.utf8, 0, e.utf8.length);
      }
    }
    return nulls;
  }

  /**
   * Texts longer than twelve bytes, for one vector: per row, where its text begins in longSource (a text column's
   * stretch of bytes for the vector) or else in `long` (a dictionary's entries gathered), and its length.
   * placeLong gives DuckDB all of them in one call.
   */
  private longSource: Uint8Array | null = null;
  private long = new Uint8Array(VECTOR * 64);
  private longBytes = 0;
  private readonly longRows = new Int32Array(VECTOR * 3);
  private longAt = 0;
  private stamp = 0;

  private gatherLong(i: number, bytes: Uint8Array, from: number, len: number): void {
    if (this.longBytes + len > this.long.length) {
      const next = new Uint8Array(Math.max(this.long.length * 2, this.longBytes + len));
      next.set(this.long.subarray(0, this.longBytes));
      this.long = next;
    }
    this.long.set(bytes.subarray(from, from + len), this.longBytes);
    this.pointLong(i, this.longBytes, len);
    this.longBytes += len;
  }

  private pointLong(i: number, at: number, len: number): void {
    const rows = this.longRows;
    rows[this.longAt++] = i;
    rows[this.longAt++] = at;
    rows[this.longAt++] = len;
  }

  /**
   * The gathered long texts into the vector: all their bytes assigned as one string (row 0's, for now), which
   * DuckDB copies into the vector's own string memory; then each long row's string_t (its length, its first four
   * bytes, a pointer into that memory: the C API's layout) written in the scratch before it is copied in, row 0's
   * included. The vector owns that memory until it is reset, after the chunk was appended (and copied).
   */
  private placeLong(vector: duckdb.Vector, long: Uint8Array): void {
    duckdb.vector_assign_string_element_len(vector, 0, long);
    const head = duckdb.vector_get_data(vector, 16);
    const word = new Int32Array(head.buffer, head.byteOffset, 4);
    if (word[0] !== long.length) throw new Error(`${this.table}: DuckDB did not take a text as written`);
    const lo = word[2] >>> 0;
    const hi = word[3];
    const { words, bytes, longRows } = this;
    for (let k = 0; k < this.longAt; k += 3) {
      const i = longRows[k];
      const at = longRows[k + 1];
      const o = i * 16;
      words[4 * i] = longRows[k + 2];
      bytes[o + 4] = long[at];
      bytes[o + 5] = long[at + 1];
      bytes[o + 6] = long[at + 2];
      bytes[o + 7] = long[at + 3];
      const p = lo + at;
      words[4 * i + 2] = p | 0;
      words[4 * i + 3] = p >= 4294967296 ? hi + 1 : hi;
    }
    this.longAt = 0;
    this.longBytes = 0;
  }

  async end(): Promise<void> {
    this.appender.closeSync();
    if (!this.staging) return;
    const quoted = this.columns.map((col) => `"${col}"`).join(', ');
    await con().run(`INSERT INTO ${this.table} (${quoted}) SELECT ${quoted} FROM temp.${this.staging}`);
    await con().run(`DROP TABLE temp.${this.staging}`);
  }

  abandon(): void {
    try {
      this.appender.closeSync();
    } catch {
      /* the load failed already; its error was reported */
    }
  }
}

/** A dictionary entry: its inlined string_t when it has at most 12 bytes. */
function entry(s: string): Entry {
  const bytes = utf8.encode(s);
  if (bytes.length > 12) return { inline: null, utf8: bytes, stamp: 0, at: 0 };
  const struct = new Uint8Array(16);
  struct[0] = bytes.length;
  struct.set(bytes, 4);
  return { inline: new Int32Array(struct.buffer), utf8: bytes, stamp: 0, at: 0 };
}

async function handle(req: Request): Promise<unknown> {
  switch (req.op) {
    case 'open':
      await open(req.options);
      return null;
    case 'exec':
      await con().run(req.sql);
      return null;
    case 'run':
      await con().run(req.sql, req.params.length ? params(req.params) : undefined);
      return null;
    case 'rows':
      return rows(req.sql, req.params);
    case 'pairs':
      return pairs(req.sql, req.params);
    case 'readOnly':
      return readOnly(req.sql, req.limit);
    case 'bulkBegin': {
      const bulk = await Bulk.begin(req.id, req.table, req.columns, req.repeated);
      bulks.set(req.id, bulk);
      return bulk.kinds;
    }
    case 'bulkRows': {
      const bulk = bulks.get(req.id);
      if (!bulk) throw new Error('A bulk load that was not begun (or failed already)');
      try {
        bulk.append(req.count, req.columns);
      } catch (err) {
        bulk.abandon();
        bulks.delete(req.id);
        throw err;
      }
      return null;
    }
    case 'bulkEnd': {
      const bulk = bulks.get(req.id);
      if (!bulk) throw new Error('A bulk load that was not begun (or failed already)');
      bulks.delete(req.id);
      await bulk.end();
      return null;
    }
    case 'checkpoint':
      await con().run('CHECKPOINT');
      return null;
    case 'close':
      close();
      return null;
  }
}

/** Buffers in an answer, moved to the calling thread rather than copied. */
function transferables(value: unknown): ArrayBuffer[] {
  if (value && typeof value === 'object' && 'a' in value && value.a instanceof Int32Array) {
    const p = value as { a: Int32Array; b: Int32Array };
    return [p.a.buffer as ArrayBuffer, p.b.buffer as ArrayBuffer];
  }
  if (Array.isArray(value)) {
    const out: ArrayBuffer[] = [];
    for (const row of value) if (Array.isArray(row)) for (const v of row) if (v instanceof Uint8Array && v.byteOffset === 0 && v.byteLength === v.buffer.byteLength) out.push(v.buffer as ArrayBuffer);
    return out;
  }
  return [];
}

function reply(message: Reply, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  // The calling thread sleeps on this counter: one more answer is waiting for it.
  Atomics.add(signal, 0, 1);
  Atomics.notify(signal, 0);
}

let queue: Promise<void> = Promise.resolve();
Atomics.store(signal, 1, 1); // READY (channel.ts)
Atomics.notify(signal, 1);
// FAILED (channel.ts): a calling thread waiting for an answer that will not come stops waiting.
process.on('exit', () => {
  Atomics.store(signal, 1, 2);
  Atomics.notify(signal, 0);
});
port.on('message', (message: Request & { seq: number }) => {
  queue = queue.then(async () => {
    try {
      const value = await handle(message);
      reply({ seq: message.seq, ok: true, value: value ?? null }, transferables(value));
    } catch (err) {
      reply({ seq: message.seq, ok: false, error: err instanceof Error ? err.message : String(err) });
    }
  });
});
