// Instants and business days. Every timestamp becomes a UTC instant (epoch ms); the case's business time zone
// decides the day it belongs to. Zone offsets come from luxon (IANA data via Intl), never hand-made tables.
import { DateTime, IANAZone } from 'luxon';

export type TimeResult = { ok: true; ms: number } | { ok: false; reason: string };

export function isValidZone(zone: string): boolean {
  return IANAZone.isValidZone(zone);
}

const ISO_UTC = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{1,9}))?)?\s*(Z|[+-]\d{2}:?\d{2})?$/i;
const LOCAL_WITH_OFFSET = /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2}))?\s*([+-]\d{2}:?\d{2}|Z)$/i;

function offsetMinutes(text: string): number {
  if (text.toUpperCase() === 'Z') return 0;
  const sign = text[0] === '-' ? -1 : 1;
  const digits = text.slice(1).replace(':', '');
  return sign * (Number(digits.slice(0, 2)) * 60 + Number(digits.slice(2, 4)));
}

function build(text: string, y: string, mo: string, d: string, h: string, mi: string, s = '0', frac = '', offset = 0): TimeResult {
  return fromParts(text, Number(y), Number(mo), Number(d), Number(h), Number(mi), Number(s), Number((frac + '000').slice(0, 3)), offset);
}

function fromParts(text: string, Y: number, M: number, D: number, H: number, MI: number, S: number, ms: number, offset: number): TimeResult {
  if (M < 1 || M > 12 || D < 1 || D > daysInMonth(Y, M) || H > 23 || MI > 59 || S > 60) {
    return { ok: false, reason: `'${text.slice(0, 40)}' is not a real date and time` };
  }
  return { ok: true, ms: Date.UTC(Y, M - 1, D, H, MI, Math.min(S, 59), ms) - offset * 60_000 };
}

/** The ASCII digits text[at, at + n) as a number; -1 if one of them is not a digit. */
export function digitsAt(text: string, at: number, n: number): number {
  let v = 0;
  for (let i = at; i < at + n; i++) {
    const d = text.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    v = v * 10 + d;
  }
  return v;
}

const HYPHEN = 45, COLON = 58, SPACE = 32, PLUS = 43, T_UPPER = 84, T_LOWER = 116, Z_UPPER = 90, Z_LOWER = 122;

/**
 * The shapes nearly every row uses, read by position: `YYYY-MM-DD HH:MM:SS` (or with `T`), then `Z`, an offset
 * `±HH[:]MM` after optional spaces, or nothing where UTC is assumed. Undefined for anything else, which the
 * regular expressions then read and word the errors of; for what it reads, the answer is theirs (a test compares
 * the two). Every row has an instant, and reading by position spares a regular expression and its match each.
 */
function quickInstant(text: string, assumeUtc: boolean): TimeResult | undefined {
  if (text.length < 19) return undefined;
  const sep = text.charCodeAt(10);
  if (text.charCodeAt(4) !== HYPHEN || text.charCodeAt(7) !== HYPHEN || text.charCodeAt(13) !== COLON || text.charCodeAt(16) !== COLON) return undefined;
  if (sep !== T_UPPER && sep !== T_LOWER && sep !== SPACE) return undefined;
  const Y = digitsAt(text, 0, 4), M = digitsAt(text, 5, 2), D = digitsAt(text, 8, 2);
  const H = digitsAt(text, 11, 2), MI = digitsAt(text, 14, 2), S = digitsAt(text, 17, 2);
  if (Y < 0 || M < 0 || D < 0 || H < 0 || MI < 0 || S < 0) return undefined;
  let i = 19;
  let offset = 0;
  if (i === text.length) {
    if (!assumeUtc) return undefined;
  } else {
    while (i < text.length && text.charCodeAt(i) === SPACE) i++;
    const c = text.charCodeAt(i);
    const rest = text.length - i;
    if (rest === 1 && (c === Z_UPPER || c === Z_LOWER)) offset = 0;
    else if ((c === PLUS || c === HYPHEN) && (rest === 5 || (rest === 6 && text.charCodeAt(i + 3) === COLON))) {
      const hh = digitsAt(text, i + 1, 2);
      const mm = digitsAt(text, rest === 5 ? i + 3 : i + 4, 2);
      if (hh < 0 || mm < 0) return undefined;
      offset = (c === HYPHEN ? -1 : 1) * (hh * 60 + mm);
    } else return undefined;
  }
  return fromParts(text, Y, M, D, H, MI, S, 0, offset);
}

/**
 * A timestamp that must carry its zone: ISO 8601 with `Z` or an offset (the platform), or the storefront's
 * `2026-07-03 10:22:05 -0400`. `assumeUtc` accepts a zone-less value as UTC (the processor's `Created (UTC)`).
 */
export function parseInstant(raw: unknown, opts: { assumeUtc?: boolean } = {}): TimeResult {
  if (raw instanceof Date) return Number.isNaN(raw.getTime()) ? { ok: false, reason: 'is not a date' } : { ok: true, ms: raw.getTime() };
  const text = String(raw ?? '').trim();
  return quickInstant(text, opts.assumeUtc === true) ?? instantByPattern(text, opts);
}

/** parseInstant's general path, for any trimmed text (exported for the test that compares it with the quick one). */
export function instantByPattern(text: string, opts: { assumeUtc?: boolean } = {}): TimeResult {
  if (text === '') return { ok: false, reason: 'is empty' };
  let m = LOCAL_WITH_OFFSET.exec(text);
  if (m) return build(text, m[1], m[2], m[3], m[4], m[5], m[6], '', offsetMinutes(m[7]));
  m = ISO_UTC.exec(text);
  if (m) {
    if (!m[8] && !opts.assumeUtc) return { ok: false, reason: `'${text}' has no time zone` };
    return build(text, m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8] ? offsetMinutes(m[8]) : 0);
  }
  return { ok: false, reason: `'${text.slice(0, 40)}' is not a timestamp` };
}

const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const MONTH_NAMES = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];

/** Days in a month (1-12) of a year; years 0-99 are 1900-1999, as Date.UTC reads them. */
export function daysInMonth(year: number, month: number): number {
  if (month !== 2) return MONTH_DAYS[month - 1];
  const y = year >= 0 && year <= 99 ? year + 1900 : year;
  return y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28;
}

const EXCEL_EPOCH = Date.UTC(1899, 11, 30);

/** A posting date: an Excel date serial, `MM/DD/YYYY`, or `YYYY-MM-DD`. Returns the calendar date itself. */
export function parseDate(raw: unknown): { ok: true; date: string } | { ok: false; reason: string } {
  if (typeof raw === 'number') {
    if (!Number.isFinite(raw) || raw < 1 || raw > 2958465) return { ok: false, reason: `'${raw}' is not a date` };
    return { ok: true, date: new Date(EXCEL_EPOCH + Math.floor(raw) * 86_400_000).toISOString().slice(0, 10) };
  }
  if (raw instanceof Date) return { ok: true, date: raw.toISOString().slice(0, 10) };
  const text = String(raw ?? '').trim();
  if (text === '') return { ok: false, reason: 'is empty' };
  let y: number, mo: number, d: number;
  let m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(text);
  if (m) [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else if ((m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text))) [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  else return { ok: false, reason: `'${text.slice(0, 40)}' is not a date` };
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) return { ok: false, reason: `'${text}' is not a real date` };
  return { ok: true, date: `${y}-${String(mo).padStart(2, '0')}-${String(d).padStart(2, '0')}` };
}

/** Offsets are constant over 15-minute buckets; SPAN of them (six hours) are looked up from their two ends. */
const BUCKET_MS = 900_000;
const SPAN = 24;

/**
 * Business day of an instant in a zone. Offsets only change on quarter-hour boundaries, so an instant's offset
 * is the one at the start of its 15-minute bucket, and DST stays exact. A zone's offset changes a few times a
 * year at most, so the buckets are taken six hours at a time: when the offsets at a span's start and at the
 * next span's start agree, every bucket between has that offset; where they differ (a transition inside),
 * each bucket of the span is looked up. A quarter then costs a few hundred zone look-ups (Intl, through luxon)
 * instead of one per bucket. That needs no two transitions of a zone to fall within six hours of each other
 * and cancel out, which none in the IANA database does (a test compares every bucket with luxon's own answer).
 */
export class BusinessCalendar {
  /** Per span: its one offset, or, for a span with a transition inside, the offset of each of its buckets. */
  private readonly spans = new Map<number, number | number[]>();
  /** The offset at the start of a span (shared by the span before, as its end). */
  private readonly spanStarts = new Map<number, number>();
  private readonly dayStarts = new Map<string, number>();
  private readonly dayNames = new Map<number, string>();
  constructor(readonly zone: string) {
    if (!isValidZone(zone)) throw new Error(`Unknown time zone '${zone}'`);
  }
  offsetMs(ms: number): number {
    const bucket = Math.floor(ms / BUCKET_MS);
    const span = Math.floor(bucket / SPAN);
    let offsets = this.spans.get(span);
    if (offsets === undefined) {
      offsets = this.spanOffsets(span);
      this.spans.set(span, offsets);
    }
    return typeof offsets === 'number' ? offsets : offsets[bucket - span * SPAN];
  }
  private spanOffsets(span: number): number | number[] {
    const first = this.spanStart(span);
    if (this.spanStart(span + 1) === first) return first;
    const each: number[] = [first];
    for (let i = 1; i < SPAN; i++) each.push(this.zoneOffset(span * SPAN + i));
    return each;
  }
  private spanStart(span: number): number {
    let off = this.spanStarts.get(span);
    if (off === undefined) {
      off = this.zoneOffset(span * SPAN);
      this.spanStarts.set(span, off);
    }
    return off;
  }
  /** The zone's offset at the start of a bucket, from the IANA data. */
  private zoneOffset(bucket: number): number {
    return DateTime.fromMillis(bucket * BUCKET_MS, { zone: this.zone }).offset * 60_000;
  }
  businessDate(ms: number): string {
    const day = Math.floor((ms + this.offsetMs(ms)) / 86_400_000);
    let date = this.dayNames.get(day);
    if (date === undefined) {
      date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      this.dayNames.set(day, date);
    }
    return date;
  }
  /** The local wall-clock text of an instant, for explanations. */
  local(ms: number): string {
    return DateTime.fromMillis(ms, { zone: this.zone }).toFormat('yyyy-LL-dd HH:mm:ss ZZZZ');
  }
  /** The first instant of a business date. */
  startOf(date: string): number {
    let ms = this.dayStarts.get(date);
    if (ms === undefined) {
      ms = this.plainMidnight(date) ?? DateTime.fromISO(date, { zone: this.zone }).startOf('day').toMillis();
      this.dayStarts.set(date, ms);
    }
    return ms;
  }
  /**
   * The instant of a date's local midnight from the offsets above, when one offset holds from six hours before
   * it to six hours after the day's end: a plain day, whose midnight occurs once. Undefined near a transition
   * (a day that starts at one, a midnight that occurs twice), which luxon then settles, as for any date.
   */
  private plainMidnight(date: string): number | undefined {
    const wall = Date.parse(`${date}T00:00:00Z`);
    if (Number.isNaN(wall)) return undefined;
    const off = this.offsetMs(wall - this.offsetMs(wall));
    const at = wall - off;
    for (let h = -6; h <= 30; h += 6) if (this.offsetMs(at + h * 3_600_000) !== off) return undefined;
    return at;
  }
}

/**
 * Why a YYYY-MM-DD text is not a calendar date, in words ("September 2026 has 30 days"), or null when it is one.
 * `what` names the value in the message, e.g. "Period end".
 */
export function calendarDateProblem(text: string, what: string): string | null {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text);
  if (!m) return `${what} '${text}' is not a YYYY-MM-DD date`;
  const [y, mo, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12) return `${what} '${text}' is not a date: there is no month ${mo}`;
  const last = daysInMonth(y, mo);
  if (day < 1 || day > last) return `${what} '${text}' is not a date: ${MONTH_NAMES[mo - 1]} ${y} has ${last} days`;
  return null;
}

export function addDays(date: string, days: number): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
}
