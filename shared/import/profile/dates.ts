// Date and time cells to the reference layout's text forms: an instant as ISO 8601 with its offset (or Z), a
// posting date as YYYY-MM-DD. A numeric date is read in the declared order; where none is declared and a date
// reads two ways (01/02/2026), the caller is told so and decides for the whole file — never this function.
import { IANAZone } from 'luxon';
import { daysInMonth, digitsAt } from '../../time';
import type { DateOrder } from './types';

export interface WallTime {
  y: number;
  mo: number;
  d: number;
  h: number;
  mi: number;
  s: number;
  /** Digits after the seconds' point, as written ('' for none). */
  frac: string;
  hasTime: boolean;
  /** Minutes east of UTC, when the text carries an offset or Z. */
  offset: number | null;
  /** A zone name the text carries (IANA), when it has one instead of an offset. */
  zone: string | null;
}

export type DateParse =
  | { ok: true; wall: WallTime; /** the order this value alone proves, for a numeric day/month date */ proves: 'MDY' | 'DMY' | null }
  | { ok: false; reason: string }
  | { ok: 'ambiguous'; mdy: WallTime; dmy: WallTime };

const MONTHS: Record<string, number> = {
  jan: 1, feb: 2, mar: 3, apr: 4, may: 5, jun: 6, jul: 7, aug: 8, sep: 9, sept: 9, oct: 10, nov: 11, dec: 12,
  january: 1, february: 2, march: 3, april: 4, june: 6, july: 7, august: 8, september: 9, october: 10, november: 11, december: 12,
};

const NUMERIC = /^(\d{1,4})([/.-])(\d{1,2})\2(\d{1,4})(?=$|[\sT,])/;
const MONTH_FIRST = /^(?:[A-Za-z]+,?\s+)?([A-Za-z]{3,9})\.?\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})(?=$|[\s,T])/;
const DAY_FIRST = /^(?:[A-Za-z]+,?\s+)?(\d{1,2})(?:st|nd|rd|th)?[\s-]([A-Za-z]{3,9})\.?,?[\s-](\d{4})(?=$|[\s,T])/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2})(?:[.,](\d{1,9}))?)?(?:\s*([AaPp])\.?[Mm]\.?)?/;
const OFFSET = /^(?:(?:UTC|GMT)\s*)?([+\-\u2212])(\d{1,2})(?::?(\d{2}))?$/i;

function clip(s: string): string {
  return s.length > 40 ? `${s.slice(0, 37)}...` : s;
}

function wall(y: number, mo: number, d: number): WallTime {
  return { y, mo, d, h: 0, mi: 0, s: 0, frac: '', hasTime: false, offset: null, zone: null };
}

function realDate(w: WallTime): boolean {
  return w.y >= 1000 && w.y <= 9999 && w.mo >= 1 && w.mo <= 12 && w.d >= 1 && w.d <= daysInMonth(w.y, w.mo);
}

/** A zone as a cell or a text's tail writes it: an offset, Z/UTC/GMT, an IANA name, or a name the profile maps. */
export function readZone(text: string, names?: Record<string, string>): { offset: number } | { zone: string } | null {
  const t = text.trim();
  if (t === '') return null;
  if (/^(z|utc|gmt|etc\/utc|etc\/gmt)$/i.test(t)) return { offset: 0 };
  const m = OFFSET.exec(t);
  if (m) {
    const h = Number(m[2]);
    const mi = Number(m[3] ?? 0);
    if (h > 14 || mi > 59) return null;
    return { offset: (m[1] === '+' ? 1 : -1) * (h * 60 + mi) };
  }
  const mapped = names?.[t] ?? WINDOWS_AND_RAILS_ZONES[t.toLowerCase()];
  if (mapped) return { zone: mapped };
  if (t.includes('/') && IANAZone.isValidZone(t)) return { zone: t };
  return null;
}

/** Time, then a zone, after a date: `10:43:37 -0400`, `9:05 PM`, `T14:43:00Z`, `12:33:05 AM GMT-07:00`. */
function readRest(w: WallTime, rest: string, text: string): string | null {
  let r = rest.replace(/^[\sT,]+/, '');
  if (r === '') return null;
  const t = TIME.exec(r);
  if (t) {
    let h = Number(t[1]);
    const mi = Number(t[2]);
    const s = t[3] === undefined ? 0 : Number(t[3]);
    if (t[5]) {
      if (h < 1 || h > 12) return `'${clip(text)}' has hour ${h} with AM/PM`;
      const pm = t[5].toLowerCase() === 'p';
      h = (h % 12) + (pm ? 12 : 0);
    }
    if (h > 23 || mi > 59 || s > 59) return `'${clip(text)}' is not a real time of day`;
    w.h = h;
    w.mi = mi;
    w.s = s;
    w.frac = (t[4] ?? '').replace(/0+$/, '');
    w.hasTime = true;
    r = r.slice(t[0].length).trim();
  }
  if (r === '') return null;
  const z = readZone(r);
  if (!z) return `'${clip(text)}' has '${clip(r)}' where a time or a time zone should be`;
  if ('offset' in z) w.offset = z.offset;
  else w.zone = z.zone;
  return null;
}

/** `2026-07-01T10:43:37-04:00` read by position: the form most rows of most exports use. */
function quickIso(text: string): WallTime | null {
  const n = text.length;
  if (n < 10 || text.charCodeAt(4) !== 45 || text.charCodeAt(7) !== 45) return null;
  const y = digitsAt(text, 0, 4), mo = digitsAt(text, 5, 2), d = digitsAt(text, 8, 2);
  if (y < 0 || mo < 0 || d < 0) return null;
  const w = wall(y, mo, d);
  if (n === 10) return w;
  const sep = text.charCodeAt(10);
  if ((sep !== 84 && sep !== 32) || n < 16 || text.charCodeAt(13) !== 58) return null;
  const h = digitsAt(text, 11, 2), mi = digitsAt(text, 14, 2);
  if (h < 0 || mi < 0 || h > 23 || mi > 59) return null;
  w.h = h;
  w.mi = mi;
  w.hasTime = true;
  let i = 16;
  if (i < n && text.charCodeAt(i) === 58) {
    const s = digitsAt(text, 17, 2);
    if (s < 0 || s > 59) return null;
    w.s = s;
    i = 19;
  }
  if (i === n) return w;
  let j = i;
  while (j < n && text.charCodeAt(j) === 32) j++;
  const c = text.charCodeAt(j);
  if (j === n - 1 && (c === 90 || c === 122)) {
    w.offset = 0;
    return w;
  }
  const rest = n - j;
  if ((c === 43 || c === 45) && (rest === 5 || (rest === 6 && text.charCodeAt(j + 3) === 58))) {
    const oh = digitsAt(text, j + 1, 2), om = digitsAt(text, rest === 5 ? j + 3 : j + 4, 2);
    if (oh < 0 || om < 0 || oh > 14 || om > 59) return null;
    w.offset = (c === 45 ? -1 : 1) * (oh * 60 + om);
    return w;
  }
  return null;
}

/**
 * A date with an optional time and zone, as text. Year-first dates read one way; day/month dates read in the
 * declared order, and with none declared say which order they prove, or that they read two ways.
 */
export function parseDateText(raw: string, order: DateOrder | null): DateParse {
  const text = raw.trim();
  if (text === '') return { ok: false, reason: 'is empty' };
  const q = quickIso(text);
  if (q) return realDate(q) ? { ok: true, wall: q, proves: null } : { ok: false, reason: `'${clip(text)}' is not a real date` };
  let m = NUMERIC.exec(text);
  if (m) {
    const [a, b, c] = [m[1], m[3], m[4]];
    const rest = text.slice(m[0].length);
    if (a.length === 4) {
      // Year first: 2026/07/01, 2026.07.01.
      if (c.length > 2) return { ok: false, reason: `'${clip(text)}' is not a date` };
      return finish(wall(Number(a), Number(b), Number(c)), rest, text, null);
    }
    if (a.length > 2 || c.length === 3 || c.length === 1) return { ok: false, reason: `'${clip(text)}' is not a date` };
    if (c.length === 2) return { ok: false, reason: `'${clip(text)}' has a two-digit year: which century is not known` };
    if (order === 'YMD') return { ok: false, reason: `'${clip(text)}' is not year-first, as the profile's dates.order says` };
    const y = Number(c), x = Number(a), z = Number(b);
    const mdy = wall(y, x, z);
    const dmy = wall(y, z, x);
    if (order === 'MDY') return finish(mdy, rest, text, null, 'month-first (MDY)');
    if (order === 'DMY') return finish(dmy, rest, text, null, 'day-first (DMY)');
    const mdyOk = realDate(mdy);
    const dmyOk = realDate(dmy);
    if (mdyOk && dmyOk && x !== z) {
      const e1 = readRest(mdy, rest, text);
      if (e1) return { ok: false, reason: e1 };
      readRest(dmy, rest, text);
      return { ok: 'ambiguous', mdy, dmy };
    }
    if (mdyOk) return finish(mdy, rest, text, x === z ? null : 'MDY');
    if (dmyOk) return finish(dmy, rest, text, 'DMY');
    return { ok: false, reason: `'${clip(text)}' is not a real date` };
  }
  m = MONTH_FIRST.exec(text);
  if (m && MONTHS[m[1].toLowerCase()]) return finish(wall(Number(m[3]), MONTHS[m[1].toLowerCase()], Number(m[2])), text.slice(m[0].length), text, null);
  m = DAY_FIRST.exec(text);
  if (m && MONTHS[m[2].toLowerCase()]) return finish(wall(Number(m[3]), MONTHS[m[2].toLowerCase()], Number(m[1])), text.slice(m[0].length), text, null);
  return { ok: false, reason: `'${clip(text)}' is not a date` };
}

function finish(w: WallTime, rest: string, text: string, proves: 'MDY' | 'DMY' | null, declared?: string): DateParse {
  if (!realDate(w)) return { ok: false, reason: declared ? `'${clip(text)}' is not a real date read ${declared}` : `'${clip(text)}' is not a real date` };
  const err = readRest(w, rest, text);
  if (err) return { ok: false, reason: err };
  return { ok: true, wall: w, proves };
}

const EXCEL_EPOCH_DAYS = 25569; // 1970-01-01 as an Excel serial (1900 date system)

/** An Excel serial (days since 1899-12-30, the time as the fraction) as wall time: a spreadsheet's date cell. */
export function excelSerial(n: number): WallTime | null {
  if (!Number.isFinite(n) || n < 1 || n > 2958465) return null;
  const totalSeconds = Math.round((n - EXCEL_EPOCH_DAYS) * 86400);
  const dt = new Date(totalSeconds * 1000);
  const w = wall(dt.getUTCFullYear(), dt.getUTCMonth() + 1, dt.getUTCDate());
  const secs = ((totalSeconds % 86400) + 86400) % 86400;
  if (secs !== 0 || !Number.isInteger(n)) {
    w.h = Math.floor(secs / 3600);
    w.mi = Math.floor((secs % 3600) / 60);
    w.s = secs % 60;
    w.hasTime = true;
  }
  return w;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

export function dateText(w: WallTime): string {
  return `${w.y}-${pad2(w.mo)}-${pad2(w.d)}`;
}

function offsetText(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const a = Math.abs(minutes);
  return `${sign}${pad2(Math.floor(a / 60))}:${pad2(a % 60)}`;
}

/** The instant as ISO 8601 at the given offset: the wall time as written, and `Z` for UTC. */
export function instantText(w: WallTime, offset: number): string {
  const base = `${dateText(w)}T${pad2(w.h)}:${pad2(w.mi)}:${pad2(w.s)}${w.frac ? `.${w.frac}` : ''}`;
  return offset === 0 ? `${base}Z` : `${base}${offsetText(offset)}`;
}

/**
 * The offset of a wall time in an IANA zone. Refused where the wall time does not exist (the hour skipped when
 * clocks go forward) or exists twice (the hour repeated when they go back): which instant is meant is not known.
 */
export class ZoneOffsets {
  private zone: IANAZone;
  private cache = new Map<number, number[]>();

  constructor(readonly name: string) {
    this.zone = IANAZone.create(name);
  }

  offsetOf(w: WallTime): { ok: true; offset: number } | { ok: false; reason: string } {
    const asUtc = Date.UTC(w.y, w.mo - 1, w.d, w.h, w.mi, w.s);
    // Zones change their offset on the quarter hour at the finest: the valid offsets are the same within one.
    const key = Math.floor(asUtc / 900_000);
    let valid = this.cache.get(key);
    if (!valid) {
      const candidates = new Set([this.zone.offset(asUtc - 14 * 3_600_000), this.zone.offset(asUtc + 14 * 3_600_000), this.zone.offset(asUtc)]);
      valid = [...candidates].filter((o) => this.zone.offset(asUtc - o * 60_000) === o).sort((a, b) => a - b);
      this.cache.set(key, valid);
    }
    const when = `${dateText(w)} ${pad2(w.h)}:${pad2(w.mi)}`;
    if (valid.length === 1) return { ok: true, offset: valid[0] };
    if (valid.length === 0) return { ok: false, reason: `${when} does not exist in ${this.name} (the clocks skip it)` };
    return { ok: false, reason: `${when} happens twice in ${this.name} (the clocks go back): which one is meant is not known` };
  }
}

/** Zone names exports write in a Time Zone column (Rails/ActiveSupport names, as Square's reports use), lower case. */
const WINDOWS_AND_RAILS_ZONES: Record<string, string> = {
  'eastern time (us & canada)': 'America/New_York',
  'central time (us & canada)': 'America/Chicago',
  'mountain time (us & canada)': 'America/Denver',
  'pacific time (us & canada)': 'America/Los_Angeles',
  'atlantic time (canada)': 'America/Halifax',
  'newfoundland': 'America/St_Johns',
  'alaska': 'America/Juneau',
  'hawaii': 'Pacific/Honolulu',
  'arizona': 'America/Phoenix',
  'indiana (east)': 'America/Indiana/Indianapolis',
  'saskatchewan': 'America/Regina',
  'mexico city': 'America/Mexico_City',
  'bogota': 'America/Bogota',
  'lima': 'America/Lima',
  'santiago': 'America/Santiago',
  'buenos aires': 'America/Argentina/Buenos_Aires',
  'brasilia': 'America/Sao_Paulo',
  'london': 'Europe/London',
  'edinburgh': 'Europe/London',
  'dublin': 'Europe/Dublin',
  'lisbon': 'Europe/Lisbon',
  'paris': 'Europe/Paris',
  'madrid': 'Europe/Madrid',
  'amsterdam': 'Europe/Amsterdam',
  'brussels': 'Europe/Brussels',
  'berlin': 'Europe/Berlin',
  'rome': 'Europe/Rome',
  'vienna': 'Europe/Vienna',
  'stockholm': 'Europe/Stockholm',
  'copenhagen': 'Europe/Copenhagen',
  'warsaw': 'Europe/Warsaw',
  'athens': 'Europe/Athens',
  'helsinki': 'Europe/Helsinki',
  'istanbul': 'Europe/Istanbul',
  'moscow': 'Europe/Moscow',
  'dubai': 'Asia/Dubai',
  'abu dhabi': 'Asia/Dubai',
  'kolkata': 'Asia/Kolkata',
  'mumbai': 'Asia/Kolkata',
  'new delhi': 'Asia/Kolkata',
  'chennai': 'Asia/Kolkata',
  'singapore': 'Asia/Singapore',
  'hong kong': 'Asia/Hong_Kong',
  'beijing': 'Asia/Shanghai',
  'tokyo': 'Asia/Tokyo',
  'seoul': 'Asia/Seoul',
  'sydney': 'Australia/Sydney',
  'melbourne': 'Australia/Melbourne',
  'brisbane': 'Australia/Brisbane',
  'adelaide': 'Australia/Adelaide',
  'perth': 'Australia/Perth',
  'auckland': 'Pacific/Auckland',
  'wellington': 'Pacific/Auckland',
};
