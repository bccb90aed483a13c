// Text that leaves the app in a workbook or a CSV must never start a formula in the program that opens it.

const FORMULA_START = /^[=+\-@\t\r]/;

const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * For CSV: a field that would start a formula is prefixed with an apostrophe, then quoted as CSV requires.
 * A plain signed decimal (`-2.45`) is a number to every spreadsheet, never a formula, and stays as it is so
 * that the correction files load into the systems they are meant for.
 */
export function csvField(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return String(value);
  let text = value;
  if (FORMULA_START.test(text) && !PLAIN_NUMBER.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function csvLine(values: (string | number | null | undefined)[]): string {
  return values.map(csvField).join(',');
}

/** For workbooks: text is always a string cell (never a formula); a leading formula character is shown as typed. */
export function safeText(value: string): string {
  // An Excel cell holds at most 32,767 characters.
  return value.length > 32_767 ? `${value.slice(0, 32_000)}… [truncated from ${value.length} characters]` : value;
}
