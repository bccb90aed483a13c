// Money cells to the reference layout's exact decimal text (`-1234.50`), by integer string arithmetic: the digits
// are moved, never multiplied, so no float ever holds an amount. Refused, with the reason, rather than rounded.
import type { MoneyOptions } from './types';

export interface MoneyFormat {
  decimal: '.' | ',';
  thousands: string;
  symbols: boolean;
  parentheses: boolean;
  minorUnits: boolean;
  negate: boolean;
}

export const DEFAULT_MONEY: MoneyFormat = { decimal: '.', thousands: ',', symbols: true, parentheses: true, minorUnits: false, negate: false };

export function moneyFormat(...layers: (MoneyOptions | MoneyFormat | undefined)[]): MoneyFormat {
  const f = { ...DEFAULT_MONEY };
  for (const l of layers) {
    if (!l) continue;
    if (l.decimal !== undefined) f.decimal = l.decimal;
    if (l.thousands !== undefined) f.thousands = l.thousands;
    if (l.symbols !== undefined) f.symbols = l.symbols;
    if (l.parentheses !== undefined) f.parentheses = l.parentheses;
    if (l.minorUnits !== undefined) f.minorUnits = l.minorUnits;
    if (l.negate !== undefined) f.negate = l.negate;
  }
  // A European decimal comma with the default thousands comma would be contradictory: the point takes its place.
  if (f.decimal === ',' && f.thousands === ',') f.thousands = '.';
  return f;
}

export type MoneyResult =
  | { ok: true; negative: boolean; /** cents, no leading zeros ('0' for zero) */ cents: string; code: string | null; text: string }
  | { ok: false; reason: string };

/** Cents are at most 15 digits (13 before the point, as the import's own reader allows). */
const MAX_CENTS_DIGITS = 15;

const SYMBOLS = ['US$', 'CA$', 'C$', 'A$', 'AU$', 'NZ$', 'HK$', 'S$', 'R$', 'MX$', '$', '€', '£', '¥', '₹', '₩', '₪', '₱', '₫', '₦', '₴', '₽', '₺', '฿', '¢'];
const CODE_START = /^([A-Z]{3})(?=[\s\d(+\-.,$€£¥]|$)/i;
const CODE_END = /(?:^|[\s\d).])([A-Z]{3})$/i;
const SPACES = /[\s\u00a0\u202f]/;
const PLAIN_MAJOR = /^\d{1,13}\.\d\d$/;
const PLAIN_MINOR = /^\d{1,15}$/;

function symbolAtStart(body: string): string | undefined {
  for (const s of SYMBOLS) if (body.startsWith(s)) return s;
  return undefined;
}

function symbolAtEnd(body: string): string | undefined {
  for (const s of SYMBOLS) if (body.endsWith(s)) return s;
  return undefined;
}

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

/** The text form of signed cents: '-' + units + '.' + two digits. */
export function centsText(negative: boolean, cents: string): string {
  const padded = cents.padStart(3, '0');
  const text = `${padded.slice(0, -2).replace(/^0+(?=\d)/, '')}.${padded.slice(-2)}`;
  return negative && cents !== '0' ? `-${text}` : text;
}

function ok(negative: boolean, digits: string, code: string | null, f: MoneyFormat, raw?: string): MoneyResult {
  const cents = digits.replace(/^0+/, '') || '0';
  if (cents.length > MAX_CENTS_DIGITS) return { ok: false, reason: `'${clip(raw ?? digits)}' is out of range (at most 13 digits before the decimal mark)` };
  const neg = (negative !== f.negate) && cents !== '0';
  return { ok: true, negative: neg, cents, code, text: centsText(neg, cents) };
}

/** A spreadsheet number: whole cents (or whole minor units) only, as parseAmount accepts them. */
function fromNumber(n: number, f: MoneyFormat): MoneyResult {
  if (!Number.isFinite(n)) return { ok: false, reason: `'${n}' is not a number` };
  if (f.minorUnits) {
    if (!Number.isSafeInteger(n)) return { ok: false, reason: `${n} is not a whole number of minor units (cents)` };
    return ok(n < 0, String(Math.abs(n)), null, f, String(n));
  }
  const c = Math.round(n * 100);
  if (Math.abs(c - n * 100) > 1e-6 * Math.max(1, Math.abs(n))) return { ok: false, reason: `${n} has more than two decimals` };
  if (!Number.isSafeInteger(c)) return { ok: false, reason: `${n} is out of range` };
  return ok(c < 0, String(Math.abs(c)), null, f, String(n));
}

/**
 * Reads one money cell. Blank cells are the caller's business (a blank is not zero). Signs, accounting
 * parentheses, currency symbols and ISO codes are peeled off both ends, then the rest must be digits in the
 * declared form: thousands groups of three, one decimal mark, at most two decimals (trailing zeros aside).
 */
export function parseMoney(raw: unknown, f: MoneyFormat): MoneyResult {
  if (typeof raw === 'number') return fromNumber(raw, f);
  if (typeof raw === 'boolean') return { ok: false, reason: `${raw} is not an amount` };
  const text = String(raw).replace(/^[\s\u00a0\u202f]+|[\s\u00a0\u202f]+$/g, '');
  // The common plain forms first: digits, a point, two digits; or whole minor units.
  if (f.minorUnits ? PLAIN_MINOR.test(text) : f.decimal === '.' && PLAIN_MAJOR.test(text)) {
    return ok(false, f.minorUnits ? text : text.slice(0, -3) + text.slice(-2), null, f, text);
  }
  let body = text;
  let signs = 0;
  let negative = false;
  let open = 0;
  let close = 0;
  let code: string | null = null;
  for (let changed = true; changed && body.length > 0; ) {
    changed = true;
    const head = body[0];
    const tail = body[body.length - 1];
    let m: RegExpExecArray | null;
    let sym: string | undefined;
    if (SPACES.test(head)) body = body.slice(1);
    else if (SPACES.test(tail)) body = body.slice(0, -1);
    else if (head === '+' || head === '-' || head === '\u2212') {
      signs++;
      negative ||= head !== '+';
      body = body.slice(1);
    } else if (head === '(') {
      open++;
      body = body.slice(1);
    } else if (tail === ')') {
      close++;
      body = body.slice(0, -1);
    } else if (tail === '-' || tail === '+') {
      signs++;
      negative ||= tail === '-';
      body = body.slice(0, -1);
    } else if (f.symbols && (sym = symbolAtStart(body))) {
      body = body.slice(sym.length);
    } else if (f.symbols && (sym = symbolAtEnd(body))) {
      body = body.slice(0, -sym.length);
    } else if (f.symbols && (m = CODE_START.exec(body))) {
      if (code && code !== m[1].toUpperCase()) return { ok: false, reason: `'${clip(text)}' names two currencies` };
      code = m[1].toUpperCase();
      body = body.slice(3);
    } else if (f.symbols && (m = CODE_END.exec(body))) {
      if (code && code !== m[1].toUpperCase()) return { ok: false, reason: `'${clip(text)}' names two currencies` };
      code = m[1].toUpperCase();
      body = body.slice(0, -3);
    } else changed = false;
  }
  if (body === '') return { ok: false, reason: `'${clip(text)}' is not an amount` };
  if (open !== close || open > 1) return { ok: false, reason: `'${clip(text)}' has unbalanced parentheses` };
  if (open === 1 && !f.parentheses) return { ok: false, reason: `'${clip(text)}' is in parentheses, which this profile does not read as negative` };
  if (signs + open > 1) return { ok: false, reason: `'${clip(text)}' has more than one sign` };
  negative ||= open === 1;
  const at = body.indexOf(f.decimal);
  if (at >= 0 && body.indexOf(f.decimal, at + 1) >= 0 && f.decimal !== f.thousands) {
    return { ok: false, reason: `'${clip(text)}' has more than one decimal mark '${f.decimal}'` };
  }
  const whole = at >= 0 ? body.slice(0, at) : body;
  let frac = at >= 0 ? body.slice(at + 1) : '';
  const units = groupedDigits(whole, f.thousands);
  if (units === null || (at >= 0 && !/^\d*$/.test(frac)) || (units === '' && frac === '')) {
    const other = f.decimal === '.' ? ',' : '.';
    const hint = f.thousands === '' && whole.includes(other) ? ` (this profile reads no thousands separator; '${other}' is not a digit)` : '';
    return { ok: false, reason: `'${clip(text)}' is not an amount in the form this profile reads (decimal mark '${f.decimal}'${f.thousands ? `, thousands '${f.thousands}'` : ''})${hint}` };
  }
  if (f.minorUnits) {
    if (at >= 0) return { ok: false, reason: `'${clip(text)}' is not a whole number of minor units (cents): this profile reads the column in cents` };
    return ok(negative, units, code, f, text);
  }
  frac = frac.replace(/0+$/, '');
  if (frac.length > 2) return { ok: false, reason: `'${clip(text)}' has more than two decimals` };
  return ok(negative, (units || '0') + frac.padEnd(2, '0'), code, f, text);
}

/** `1,234,567` → `1234567` when the separator sits between groups of three; plain digits as they are; null otherwise. */
function groupedDigits(s: string, sep: string): string | null {
  if (/^\d*$/.test(s)) return s;
  if (sep === '') return null;
  const seps = sep === ' ' ? /[ \u00a0\u202f]/ : null;
  const parts = seps ? s.split(seps) : s.split(sep);
  if (parts.length < 2 || !/^\d{1,3}$/.test(parts[0])) return null;
  for (let i = 1; i < parts.length; i++) if (!/^\d{3}$/.test(parts[i])) return null;
  return parts.join('');
}

/** The cents of a reference text (`-12.34`) as a bigint: for control totals. */
export function textCents(text: string): bigint {
  const negative = text.startsWith('-');
  const body = negative ? text.slice(1) : text;
  const v = BigInt(body.replace('.', ''));
  return negative ? -v : v;
}

/** Cents as the reference text. */
export function bigintText(cents: bigint): string {
  const negative = cents < 0n;
  return centsText(negative, (negative ? -cents : cents).toString());
}
