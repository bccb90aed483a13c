// The state a row is evaluated in: its cells (text read once per row), the file's columns, and what carries from
// row to row — the current group (a journal entry) and its fill-down values, the current section (a ledger's
// account). Shared by the pre-scan and the record pass, so both see the table the same way.
import { normalizeHeader } from '../layouts';
import { ProfileError } from './validate';
import type { ColumnRef, Marker } from './types';

/** Ends a row's evaluation: the row is out of scope, or quarantined with the column and the reason. */
export class RowStop {
  constructor(
    readonly kind: 'outOfScope' | 'quarantine',
    readonly reason: string,
    readonly column: string | null = null,
    readonly field: string | null = null,
  ) {}
}

export class RowState {
  cells: unknown[] = [];
  row = 0;
  private gen = 0;
  private textAt: string[] = [];
  private textGen: number[] = [];
  private lowerAt: string[] = [];
  private lowerGen: number[] = [];
  /** Position of the row in its group (1-based), and the group's first row. */
  groupPos = 0;
  groupStart = 0;
  /** Fill-down values by slot: the last non-blank cell of the column in the current group. */
  fill: unknown[] = [];
  /** Open sections, innermost last. */
  sections: string[] = [];
  /** Field values of this row, by field index, and the generation they were made in. */
  out: string[] = [];
  outGen: number[] = [];
  markers: Record<string, Marker> | null = null;
  /** The first ISO currency code an amount of this row carried. */
  code: string | null = null;

  load(row: number, cells: unknown[]): void {
    this.row = row;
    this.cells = cells;
    this.gen++;
    this.markers = null;
    this.code = null;
  }

  get generation(): number {
    return this.gen;
  }

  /** The cell's text, trimmed ('' for a missing or empty cell, or a position < 0). */
  text(i: number): string {
    if (i < 0) return '';
    if (this.textGen[i] === this.gen) return this.textAt[i];
    const c = this.cells[i];
    const t = c == null ? '' : typeof c === 'string' ? c.trim() : String(c);
    this.textAt[i] = t;
    this.textGen[i] = this.gen;
    return t;
  }

  lower(i: number): string {
    if (i < 0) return '';
    if (this.lowerGen[i] === this.gen) return this.lowerAt[i];
    const t = this.text(i).toLowerCase();
    this.lowerAt[i] = t;
    this.lowerGen[i] = this.gen;
    return t;
  }

  raw(i: number): unknown {
    return i < 0 ? null : (this.cells[i] ?? null);
  }

  mark(column: string, marker: Marker): void {
    (this.markers ??= {})[column] = marker;
  }
}

export function isBlank(v: unknown): boolean {
  if (v == null) return true;
  if (typeof v !== 'string') return false;
  if (v.length === 0) return true;
  // Most cells start with a visible character: no need to trim them to know.
  const c = v.charCodeAt(0);
  return c <= 32 || c === 160 || c === 0x202f || c === 0xfeff ? v.trim() === '' : false;
}

/** A file's header row, and column references resolved against it with the key path of each reference. */
export class Columns {
  private byName = new Map<string, number[]>();

  constructor(
    readonly profileId: string,
    readonly headers: string[],
  ) {
    headers.forEach((h, i) => {
      const k = normalizeHeader(String(h ?? ''));
      const at = this.byName.get(k);
      if (at) at.push(i);
      else this.byName.set(k, [i]);
    });
  }

  fail(path: string, message: string): never {
    throw new ProfileError(`profile ${this.profileId}: ${path}: ${message}`);
  }

  private list(): string {
    const shown = this.headers.map((h, i) => (String(h).trim() === '' ? `(column ${i}, no header)` : String(h).trim()));
    const text = shown.slice(0, 30).join(', ');
    return shown.length > 30 ? `${text}, … ${shown.length - 30} more` : text;
  }

  /** The position of a column, -1 when optional and absent; a ProfileError naming the path when required and absent. */
  resolve(ref: ColumnRef, path: string, optional = false): number {
    if (typeof ref === 'number') {
      if (ref < this.headers.length) return ref;
      if (optional) return -1;
      return this.fail(path, `column ${ref} (0-based) is past the file's last column (it has ${this.headers.length})`);
    }
    const names = typeof ref === 'string' ? [ref] : ref;
    for (const name of names) {
      const at = this.byName.get(normalizeHeader(name));
      if (!at) continue;
      if (at.length > 1) this.fail(path, `'${name}' is the header of ${at.length} columns (${at.join(', ')}, 0-based): name the one meant by its position`);
      return at[0];
    }
    if (optional) return -1;
    const what = names.length === 1 ? `'${names[0]}' is not a column of the file` : `none of ${names.map((n) => `'${n}'`).join(', ')} is a column of the file`;
    return this.fail(path, `${what} (columns: ${this.list()})`);
  }

  /** The header as the file writes it, for messages. */
  name(i: number): string | null {
    if (i < 0) return null;
    const h = String(this.headers[i] ?? '').trim();
    return h === '' ? `column ${i}` : h;
  }
}
