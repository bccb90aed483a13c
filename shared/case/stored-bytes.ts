// Files stored in the case file (the quarter's sources, the close analytics' inputs): whole in their own row up
// to PART_BYTES, in parts past it (docs/formats.md §10, table stored_parts).
import { rowsOfLaterTable, type CaseDb, type SqlValue } from '../store/case-db';

/**
 * The largest file stored whole in its own row. DuckDB holds a value whole in its memory, at the next power of two
 * above its size (a 571 MB source took one allocation of 1 GiB): a file of more than about half its memory limit
 * could not be stored, and the run failed as its case file was made. In parts, no value is larger than a part.
 * DuckDB still holds the stored files together as it checkpoints them, so its limit must exceed what they add up
 * to (docs/scale.md §1.2).
 */
export const PART_BYTES = 1024 * 1024;

/** The tables whose rows' `bytes` may be held in parts; `id` is the row's id (files) or seq (analytics_files). */
export type PartOwner = 'files' | 'analytics_files';

const NO_BYTES = new Uint8Array(0);

/**
 * Stores `bytes` for the row `id` of `owner`: `putWhole` writes the row's own bytes (the file, or nothing when
 * it goes in parts). The row has no parts yet: the sources are stored once per case, and the analytics files'
 * parts are cleared with their rows (CaseStore.writeAnalyticsFiles).
 */
export function writeStoredBytes(db: CaseDb, owner: PartOwner, id: number, bytes: Uint8Array, putWhole: (bytes: Uint8Array) => void): void {
  if (bytes.length <= PART_BYTES) {
    putWhole(bytes);
    return;
  }
  putWhole(NO_BYTES);
  for (let part = 0, at = 0; at < bytes.length; part++, at += PART_BYTES) {
    // A copy of the part alone: a view would take the whole file's buffer to DuckDB's worker with it.
    db.run('INSERT INTO stored_parts (owner, id, part, bytes) VALUES (?, ?, ?, ?)', [owner, id, part, bytes.slice(at, at + PART_BYTES)]);
  }
}

/**
 * The bytes of row `id` of `owner`, whose own column holds `own`: those, or, when they are empty, its parts in
 * order, read one at a time. A case saved before parts were kept has no stored_parts table: its files are whole.
 */
export function readStoredBytes(db: CaseDb, owner: PartOwner, id: number, own: SqlValue): Uint8Array {
  const whole = asBytes(own);
  if (whole.length) return whole;
  const count = Number(rowsOfLaterTable(db, 'SELECT count(*) FROM stored_parts WHERE owner = ? AND id = ?', [owner, id])[0]?.[0] ?? 0);
  const parts: Uint8Array[] = [];
  let total = 0;
  for (let part = 0; part < count; part++) {
    // A part missing or edited gives other bytes: the file's SHA-256 in the audit log then tells (integrity.ts).
    const b = asBytes(db.rows('SELECT bytes FROM stored_parts WHERE owner = ? AND id = ? AND part = ?', [owner, id, part])[0]?.[0] ?? null);
    parts.push(b);
    total += b.length;
  }
  const out = new Uint8Array(total);
  let at = 0;
  for (const b of parts) {
    out.set(b, at);
    at += b.length;
  }
  return out;
}

/** A stored file's bytes. Text where the bytes were (an edit by hand) is read as its UTF-8: its hash then tells it from the log's. */
function asBytes(value: SqlValue): Uint8Array {
  return value instanceof Uint8Array ? value : new TextEncoder().encode(value === null ? '' : String(value));
}
