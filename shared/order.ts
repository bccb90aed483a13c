// Orders text by UTF-16 code units. The same in every JavaScript engine and locale, which localeCompare is not
// (it follows the ICU build and locale at hand), and much cheaper: every card list is sorted this way.
export function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Orders text by Unicode code point: the order of its UTF-8 bytes, which is how SQLite's BINARY collation
 * compares. It differs from code-unit order only where a character above U+FFFF (a surrogate pair) meets one
 * from U+E000 to U+FFFF.
 */
export function byCodePoints(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Move surrogates (D800–DFFF) above E000–FFFF, where their code points are.
    if (x >= 0xd800 && y >= 0xd800) {
      x += x >= 0xe000 ? -0x800 : 0x2000;
      y += y >= 0xe000 ? -0x800 : 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}
