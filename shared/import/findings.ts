// What a file's rows showed that is read in a stated way rather than refused: a last four written as a number,
// amounts with a decimal comma, timestamps as Excel serials, negative opening balances. Each becomes one note
// for the report (with how many rows and the first), so that nothing is read differently without a word.
import type { FileRole } from '../types';
import type { ColumnResolution } from './layouts';

/** Notes gathered row by row: one per topic, with a count and the first row's example. */
export class Findings {
  /** The row being read (set by the normalizer before each row). */
  row = 0;
  private readonly topics = new Map<string, { count: number; row: number; example: string; how: string }>();
  constructor(private readonly file: string) {}

  add(topic: string, example: string, how: string): void {
    const t = this.topics.get(topic);
    if (t) t.count++;
    else this.topics.set(topic, { count: 1, row: this.row, example, how });
  }

  notes(): string[] {
    return [...this.topics].map(([topic, t]) => `${this.file}: ${topic}: ${t.count} row${t.count === 1 ? '' : 's'} (first at row ${t.row}: ${t.example}); ${t.how}`);
  }
}

const AMOUNT_COLUMNS: Record<FileRole, string[]> = {
  platform: ['Amount', 'Balance After'],
  storefront: ['Amount'],
  payments: ['Amount', 'Fee', 'Net'],
  erp: ['Debit', 'Credit'],
  opening: ['Balance'],
};

/** `25,00`, `1.234,5`, `(25,00)`, `-€5,50`: a decimal comma, perhaps dots grouping thousands. */
const COMMA_DECIMAL = /^[^\d,.]*[\d.]*\d,\d{1,2}[^\d,.]*$/;
/** `25.00`, `1,234.5`: a decimal point, perhaps commas grouping thousands. */
const POINT_DECIMAL = /^[^\d,.]*[\d,]*\d\.\d{1,2}[^\d,.]*$/;
/** Amounts that show their decimals looked at to decide the style, and amounts looked at in all before the
 *  file is taken to use decimal points (when too few show either). */
const EVIDENCE = 20;
/** `1250`, `-500`, `$1250`: digits with no decimal mark (cents, in an export that writes minor units). */
const WHOLE = /^[^\d,.]*\d+[^\d,.]*$/;
const LOOK_AT = 10_000;

/**
 * How a file writes its amounts' decimals: with a point (the default, docs/formats.md) or with a comma, as Excel
 * saves a CSV where the comma is the decimal separator (most of Europe, usually with `;` between fields). It is
 * decided once, by the majority of the first amounts that show decimals, and never per value: `1.250` is 1,250
 * in a file of decimal commas and 1.25 in one of decimal points. The normalizer holds rows back until it is
 * decided, so the decision does not depend on where chunks of the file end.
 */
export class AmountStyle {
  decimalComma = false;
  decided = false;
  private looked = 0;
  private commas = 0;
  private points = 0;
  private firstComma: { row: number; text: string } | null = null;
  private firstPoint: { row: number; text: string } | null = null;
  /** Amounts written as whole numbers with no decimal mark, and the first of them. */
  private whole = 0;
  private firstWhole: { row: number; text: string } | null = null;
  private readonly columns: number[];
  constructor(cols: ColumnResolution, role: FileRole) {
    this.columns = AMOUNT_COLUMNS[role].map((c) => cols.index[c]).filter((i) => i !== undefined && i >= 0);
    if (this.columns.length === 0) this.decided = true;
  }

  /** Looks at the amounts of the next rows; true once the style is decided. */
  learn(rows: unknown[][], rowNos?: number[]): boolean {
    for (let r = 0; r < rows.length && !this.decided; r++) {
      for (const j of this.columns) {
        const v = rows[r][j];
        if (typeof v !== 'string') continue;
        this.looked++;
        const t = v.trim();
        if (COMMA_DECIMAL.test(t)) {
          this.commas++;
          this.firstComma ??= { row: rowNos?.[r] ?? r + 2, text: t };
        } else if (POINT_DECIMAL.test(t)) {
          this.points++;
          this.firstPoint ??= { row: rowNos?.[r] ?? r + 2, text: t };
        } else if (WHOLE.test(t)) {
          this.whole++;
          this.firstWhole ??= { row: rowNos?.[r] ?? r + 2, text: t };
        }
      }
      if (this.commas + this.points >= EVIDENCE || this.looked >= LOOK_AT) this.decide();
    }
    return this.decided;
  }

  /** Decides on what was seen (at the end of the file, if not before). */
  decide(): void {
    this.decided = true;
    this.decimalComma = this.commas > this.points;
  }

  /**
   * When every amount looked at (at least 20) is a whole number with no decimal mark: an export in minor units
   * (cents) read as dollars would look so. The count and the first, or null.
   */
  minorUnitsSuspect(): { count: number; row: number; text: string } | null {
    if (this.looked < 20 || this.whole !== this.looked || !this.firstWhole) return null;
    return { count: this.whole, ...this.firstWhole };
  }

  notes(file: string): string[] {
    const c = this.firstComma;
    const p = this.firstPoint;
    const style = this.decimalComma ? 'a decimal comma' : 'a decimal point';
    if (c && p) {
      return [`${file}: amounts mix decimal commas (row ${c.row}: '${c.text}') and decimal points (row ${p.row}: '${p.text}'); read with ${style}, as most are, so the others are quarantined`];
    }
    if (c && this.decimalComma) return [`${file}: amounts are written with a decimal comma (row ${c.row}: '${c.text}'); read as such, with dots grouping thousands (1.234,56 = 1234.56)`];
    return [];
  }
}

/**
 * An amount written with a decimal comma, as the same amount with a decimal point (`-1.234,5` → `-1234.5`);
 * null when it is not one (a decimal point where a comma should be, dots that do not group thousands).
 */
export function commaToPoint(text: string): string | null {
  const t = text.replace(/[\s\u00a0\u202f]+/g, '');
  if (!t.includes(',') && !t.includes('.')) return t;
  const m = /^([^\d]*)(\d{1,3}(?:\.\d{3})+|\d+)(?:,(\d+))?([^\d]*)$/.exec(t);
  if (!m || /[.,]/.test(m[1] + m[4])) return null;
  return `${m[1]}${m[2].replace(/\./g, '')}${m[3] !== undefined ? `.${m[3]}` : ''}${m[4]}`;
}
