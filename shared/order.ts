// Orders text by UTF-16 code units. The same in every JavaScript engine and locale, which localeCompare is not
// (it follows the ICU build and locale at hand), and many times faster over a hundred thousand cards.
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
