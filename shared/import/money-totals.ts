// Control totals of money, per file and per money column, as written in the file: what an auditor ties to the
// source system's own report of the same export (IDEA's field statistics). Every row read counts, imported or
// quarantined, so the total is the file's and not the run's; a cell that is not an amount is counted apart.
// Amounts are read as the normalizer reads them: with a decimal comma where the file writes one (findings.ts,
// decided the same way, on the same rows).
import { parseAmount } from '../money';
import type { FileRole, MoneyTotal } from '../types';
import { AmountStyle, commaToPoint } from './findings';
import type { ColumnResolution } from './layouts';
import type { TableChunk } from './read-table';

/** The columns of each layout that hold money moving (a Balance After column is a state, not a flow: no total). */
export const MONEY_COLUMNS: Record<FileRole, readonly string[]> = {
  platform: ['Amount'],
  storefront: ['Amount'],
  payments: ['Amount', 'Fee', 'Net'],
  erp: ['Debit', 'Credit'],
  opening: ['Balance'],
};

type Rows = Pick<TableChunk, 'rows' | 'damaged'>;

const tooLarge = (total: bigint) => total > BigInt(Number.MAX_SAFE_INTEGER) || total < -BigInt(Number.MAX_SAFE_INTEGER);

export class MoneyTotals {
  private readonly columns: { column: string; header: string; at: number; total: bigint; cells: number; unreadable: number }[];
  private readonly style: AmountStyle;
  /** Rows held until the decimal style is decided, as the normalizer holds them. */
  private readonly held: Rows[] = [];

  constructor(
    private readonly file: string,
    role: FileRole,
    cols: Pick<ColumnResolution, 'index'>,
    headers: string[],
  ) {
    this.columns = MONEY_COLUMNS[role]
      .filter((c) => cols.index[c] >= 0)
      .map((column) => ({ column, header: headers[cols.index[column]], at: cols.index[column], total: 0n, cells: 0, unreadable: 0 }));
    this.style = new AmountStyle(cols as ColumnResolution, role);
  }

  /** Adds the next rows of the file (raw cells, as read); a damaged row (not split into fields) has no amounts. */
  push(chunk: Rows): void {
    if (this.style.decided) return this.add(chunk);
    this.held.push(chunk);
    if (this.style.learn(chunk.rows)) for (const c of this.held.splice(0)) this.add(c);
  }

  result(): MoneyTotal[] {
    if (!this.style.decided) {
      this.style.decide();
      for (const c of this.held.splice(0)) this.add(c);
    }
    return this.columns
      .filter((c) => !tooLarge(c.total))
      .map((c) => ({ column: c.column, header: c.header, total_cents: Number(c.total), cells: c.cells, unreadable: c.unreadable }));
  }

  /**
   * The columns whose sum passes what is carried exactly, said for the file's notes: they get no control total
   * (the run refuses such a total where it reaches the figures, naming the row; elsewhere it goes on).
   */
  notes(): string[] {
    return this.columns
      .filter((c) => tooLarge(c.total))
      .map((c) => `${this.file}: the ${c.column} column sums past 2^53 − 1 cents, more than this tool carries exactly: no control total for it`);
  }

  private add({ rows, damaged }: Rows): void {
    for (const c of this.columns) {
      let sum = 0;
      for (let i = 0; i < rows.length; i++) {
        if (damaged?.has(i)) continue;
        const cents = this.amount(rows[i][c.at]);
        if (cents === undefined) continue;
        if (cents === null) {
          c.unreadable++;
          continue;
        }
        // Exact: the running sum goes into the bigint before a cell could take it past 2^53.
        if (Math.abs(sum) + Math.abs(cents) > Number.MAX_SAFE_INTEGER) {
          c.total += BigInt(sum);
          sum = 0;
        }
        sum += cents;
        c.cells++;
      }
      c.total += BigInt(sum);
    }
  }

  /** A cell's cents; undefined for an empty cell, null for one that is not an amount. */
  private amount(v: unknown): number | null | undefined {
    if (v == null || (typeof v === 'string' && v.trim() === '')) return undefined;
    let cell = v;
    if (this.style.decimalComma && typeof v === 'string') {
      const point = commaToPoint(v.trim());
      if (point === null) return null;
      cell = point;
    }
    const a = parseAmount(cell);
    return a.ok ? a.cents : null;
  }
}
