// Card numbers in exports: masked unless the auditor asks for them whole (ExportOptions.unmasked). A payment
// card style number keeps its first six and last four digits (`6006 49•• •••• 7890`); a store credit id its
// letters and last four (`SC••••••1234`). report.json and the case file keep them whole: they are the data.

const IN_TEXT = /\b(?:\d{12,19}|SC\d{6,})\b/gi;
const BULLET = 0x2022;
/** The characters of a masked card number, by the number's length (filled again for each card). */
const MASKED_UNITS: number[][] = [];

export function maskCard(card: string): string {
  if (isCardNumber(card)) {
    // In groups of four, a space between them. Made from its characters at once: a workbook masks a card number
    // per card line, and pieces joined would each be a string.
    const n = card.length;
    const units = (MASKED_UNITS[n] ??= new Array<number>(n + Math.floor((n - 1) / 4)).fill(0));
    for (let i = 0, at = 0; i < n; i++) {
      if (i > 0 && i % 4 === 0) units[at++] = 0x20;
      units[at++] = i < 6 || i >= n - 4 ? card.charCodeAt(i) : BULLET;
    }
    return String.fromCharCode.apply(null, units);
  }
  const lead = /^[A-Za-z]*/.exec(card)![0];
  const rest = card.length - lead.length - 4;
  return rest > 0 ? lead + '•'.repeat(rest) + card.slice(-4) : card;
}

/** Every card number in a text (an explanation, a memo, a log entry's detail), masked. */
export function maskCardsIn(text: string): string {
  // A text that is one card number (a card column's cell) is that number masked, as the search would find it.
  if (isCardNumber(text)) return maskCard(text);
  // Every number IN_TEXT finds has six digits at least: a text with fewer (most cells) is left without a search.
  return hasSixDigits(text) ? text.replace(IN_TEXT, maskCard) : text;
}

/** Twelve to nineteen digits and nothing else (a payment card style number). */
function isCardNumber(text: string): boolean {
  if (text.length < 12 || text.length > 19) return false;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit < 0x30 || unit > 0x39) return false;
  }
  return true;
}

function hasSixDigits(text: string): boolean {
  let digits = 0;
  for (let i = 0; i < text.length; i++) {
    const unit = text.charCodeAt(i);
    if (unit >= 0x30 && unit <= 0x39 && ++digits === 6) return true;
  }
  return false;
}

/** The masking an export does: the identity when unmasked. */
export function cardMasker(unmasked: boolean | undefined): { card: (c: string) => string; text: (t: string) => string } {
  return unmasked ? { card: (c) => c, text: (t) => t } : { card: maskCard, text: maskCardsIn };
}
