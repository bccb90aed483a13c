// Text that leaves the app in a workbook or a CSV must never start a formula in the program that opens it.

// CSV files are written by ../csv-out.ts.

/** For workbooks: text is always a string cell (never a formula); a leading formula character is shown as typed. */
export function safeText(value: string): string {
  // An Excel cell holds at most 32,767 characters.
  return value.length > 32_767 ? `${value.slice(0, 32_000)}… [truncated from ${value.length} characters]` : value;
}
