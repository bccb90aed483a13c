// Money crosses the border as text and becomes integer cents at once; no float ever holds an amount.

/**
 * Cents in an object made by the million (an event's amount and effect, a movement's true effect, a member's
 * share) until they are set: null, not 0, so that V8 keeps the field as "any value" from the first object on.
 * A field that has only held small integers is kept as one, and the first value past V8's small integers
 * (2^31 − 1 cents in Node, 2^30 − 1 where V8 compresses pointers), such as a large quarter's opening journal
 * or an ERP line of $21.5M, changes its representation: that retires the shape every such object shares, and
 * the next optimized pass over them migrates each one made before it and boxes its cents (10 s and some
 * 350 MB over the events at 10M, docs/performance.md §3.2).
 */
export const CENTS_UNSET = null as unknown as number;

export type AmountResult = { ok: true; cents: number } | { ok: false; reason: string };

const NUMBER = /^(\d{1,3}(?:,\d{3})+|\d+)?(?:\.(\d+))?$/;
const CURRENCY = /^(?:[$€£]|USD|EUR|GBP|CAD)/i;
const CURRENCY_END = /(?:[$€£]|USD|EUR|GBP|CAD)$/i;

const DIGIT_0 = 48;
const POINT = 46;

/**
 * The cents of the form most rows use — 1 to 13 digits, then optionally a point and one or two digits (`50.00`,
 * `7`, `12.5`) — read digit by digit; -1 for any other text, which the general path then reads. Nearly every row
 * has an amount, and a regular expression and its match would cost more than the rest of the row's amount
 * handling.
 */
function plainCents(text: string): number {
  const n = text.length;
  let units = 0;
  let i = 0;
  for (; i < n; i++) {
    const d = text.charCodeAt(i) - DIGIT_0;
    if (d < 0 || d > 9) break;
    units = units * 10 + d;
  }
  if (i === 0 || i > 13) return -1;
  if (i === n) return units * 100;
  const decimals = n - i - 1;
  if (text.charCodeAt(i) !== POINT || decimals < 1 || decimals > 2) return -1;
  const tenths = text.charCodeAt(i + 1) - DIGIT_0;
  if (tenths < 0 || tenths > 9) return -1;
  if (decimals === 1) return units * 100 + tenths * 10;
  const hundredths = text.charCodeAt(i + 2) - DIGIT_0;
  if (hundredths < 0 || hundredths > 9) return -1;
  return units * 100 + tenths * 10 + hundredths;
}

/**
 * Parses the amount forms of docs/formats.md: `1,234.50`, `$50.00`, `(25.00)`, `-5.00`, `+5`, `12.3`.
 * More than two decimals is refused rather than rounded: a sub-cent amount is bad data, not a rounding choice.
 */
export function parseAmount(raw: unknown): AmountResult {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw)) return { ok: false, reason: `Amount '${raw}' is not a number` };
    // Spreadsheet cells arrive as doubles: accept them only when they are whole cents.
    const cents = Math.round(raw * 100);
    if (Math.abs(cents - raw * 100) > 1e-6 * Math.max(1, Math.abs(raw))) {
      return { ok: false, reason: `Amount '${raw}' has more than two decimals` };
    }
    if (!Number.isSafeInteger(cents)) return { ok: false, reason: `Amount '${raw}' is out of range` };
    return { ok: true, cents: cents === 0 ? 0 : cents };
  }
  const text = String(raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'Amount is empty' };
  const plain = plainCents(text);
  if (plain >= 0) return { ok: true, cents: plain };
  // Peel signs, currency marks and accounting parentheses off both ends, then the rest must be digits.
  let body = text.replace(/\s+/g, '');
  let signs = 0;
  let negative = false;
  let open = 0;
  let close = 0;
  for (let changed = true; changed; ) {
    changed = true;
    const head = body[0];
    const tail = body[body.length - 1];
    if (head === '+' || head === '-') {
      signs++;
      if (head === '-') negative = true;
      body = body.slice(1);
    } else if (head === '(') {
      open++;
      body = body.slice(1);
    } else if (CURRENCY.test(body)) {
      body = body.replace(CURRENCY, '');
    } else if (tail === ')') {
      close++;
      body = body.slice(0, -1);
    } else if (tail === '-' || tail === '+') {
      signs++;
      if (tail === '-') negative = true;
      body = body.slice(0, -1);
    } else if (body.length > 1 && CURRENCY_END.test(body)) {
      body = body.replace(CURRENCY_END, '');
    } else {
      changed = false;
    }
  }
  const m = NUMBER.exec(body);
  if (!m || (m[1] === undefined && m[2] === undefined)) return { ok: false, reason: `Amount '${clip(text)}' is not a number` };
  if (open !== close || open > 1) return { ok: false, reason: `Amount '${clip(text)}' has unbalanced parentheses` };
  if (signs > 1) return { ok: false, reason: `Amount '${clip(text)}' has more than one sign` };
  const [, whole = '0', frac = ''] = m;
  if (frac.length > 2) return { ok: false, reason: `Amount '${clip(text)}' has more than two decimals` };
  const digits = whole.replace(/,/g, '');
  if (digits.length > 13) return { ok: false, reason: `Amount '${clip(text)}' is out of range` };
  const cents = Number(digits) * 100 + Number((frac + '00').slice(0, 2));
  return { ok: true, cents: (negative || open === 1) && cents !== 0 ? -cents : cents };
}

function clip(text: string): string {
  return text.length > 40 ? `${text.slice(0, 37)}...` : text;
}

/** Formats cents for people: 1234567 → "12,345.67", negatives in parentheses as accountants write them. */
export function formatCents(cents: number, opts: { parens?: boolean } = {}): string {
  const negative = cents < 0;
  const abs = Math.abs(cents);
  const whole = Math.floor(abs / 100)
    .toString()
    .replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const body = `${whole}.${String(abs % 100).padStart(2, '0')}`;
  if (!negative) return body;
  return opts.parens === false ? `-${body}` : `(${body})`;
}

/** Cents to a plain decimal string for machine files (CSV): -1234 → "-12.34". */
export function centsToDecimal(cents: number): string {
  const abs = Math.abs(cents);
  return `${cents < 0 ? '-' : ''}${Math.floor(abs / 100)}.${String(abs % 100).padStart(2, '0')}`;
}
