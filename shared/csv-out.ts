// Every CSV the project writes goes through here (journal_entries.csv, platform_corrections.csv, the SQL
// console's Export to CSV), so that no cell of it becomes a live formula in the spreadsheet that opens it,
// whatever that spreadsheet's list separator. OWASP's CSV-injection advice, applied to the letter:
// - a text field that starts a formula (`=` `+` `-` `@`, after any spaces, tabs or line ends; or a leading
//   tab or CR) is prefixed with an apostrophe, and so is every such start after a character some reader may
//   take for its separator (`,` `;` tab `|`) or a line end: read with `;`, the field `X;=1+1;` is the cells
//   `X` and `=1+1`, whatever its quotes, so it is written `"X;'=1+1;"`;
// - a text field is quoted whenever it holds one of those characters or a quote, or was prefixed;
// - numbers are written as numbers: an amount is a CsvNumber, checked to be a plain decimal and written
//   unquoted, so `-12.34` stays a negative number for the ERP or spreadsheet that imports it. Text that merely
//   looks like a number is still text, and neutralised like any other.
import { centsToDecimal } from './money';

/** A value written as a number (never quoted or prefixed): made by csvAmount or csvNumber. */
export interface CsvNumber {
  readonly csvNumber: string;
}

export type CsvValue = string | number | bigint | null | undefined | CsvNumber | Uint8Array;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?([eE][+-]?\d+)?$/;

/** Integer cents as a plain decimal number cell: -1234 → -12.34. */
export function csvAmount(cents: number): CsvNumber {
  return { csvNumber: centsToDecimal(cents) };
}

/** A finite number (or a bigint) as a number cell. */
export function csvNumber(n: number | bigint): CsvNumber {
  const text = String(n);
  if (!PLAIN_NUMBER.test(text)) throw new Error(`csvNumber: ${text} is not a finite number`);
  return { csvNumber: text };
}

/**
 * Where a formula could start: at the field's start, or after anything a reader may take for a separator or a
 * line end (when a reader's separator is not ours, a quoted field is not at the start of its cells, so its
 * quotes do not hold: `"erp:X;=1+1;"` read with `;` gives the cell `=1+1`), spaces and tabs skipped.
 */
const FORMULA_AT = /(^|[,;\t|\r\n])([ \t\r\n]*)(?=[=+\-@])/g;
const NEEDS_QUOTES = /[",;\t|\r\n]/;

/** One field of a CSV line, neutralised as above. */
export function csvField(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'bigint') {
    // A number that is not finite (NaN, Infinity) is text, not a number: written as such.
    return PLAIN_NUMBER.test(String(value)) ? String(value) : csvText(String(value));
  }
  if (value instanceof Uint8Array) return csvText(`[${value.length} bytes]`);
  if (typeof value === 'object') {
    if (!PLAIN_NUMBER.test(value.csvNumber)) throw new Error(`csvField: ${value.csvNumber} is not a plain number`);
    return value.csvNumber;
  }
  return csvText(value);
}

function csvText(text: string): string {
  let t = text.replace(FORMULA_AT, "$1$2'");
  // A leading tab or CR is skipped by some programs before they look for a formula: prefixed all the same.
  if (/^[\t\r]/.test(t)) t = `'${t}`;
  return t !== text || NEEDS_QUOTES.test(t) ? `"${t.replace(/"/g, '""')}"` : t;
}

export function csvLine(values: CsvValue[]): string {
  return values.map(csvField).join(',');
}

/** A whole CSV: a header line and the rows, CRLF line ends (RFC 4180), a line end after the last. */
export function csvTable(header: string[], rows: CsvValue[][]): string {
  const lines = [csvLine(header)];
  for (const r of rows) lines.push(csvLine(r));
  return lines.join('\r\n') + '\r\n';
}
