// Calendar arithmetic on business dates (YYYY-MM-DD in the case's zone): vintages are months, ages are whole
// months, dormancy periods are years. Plain integer arithmetic on the date's fields: no time zone is involved
// once a movement has its business date.
import { addDays, daysInMonth, digitsAt } from '../time';

// The fields are read from the characters' codes: these run once or more per card, and a pattern match would
// make its match and texts each time.
const DASH = 45;

/** Whether `text` begins YYYY-MM (four digits, a dash, two digits). */
function startsWithMonth(text: string): boolean {
  return text.length >= 7 && text.charCodeAt(4) === DASH && digitsAt(text, 0, 4) >= 0 && digitsAt(text, 5, 2) >= 0;
}

/** A YYYY-MM-DD date's year, month and day (four digits, dash, two digits, dash, two digits, nothing more). */
function parts(date: string): [number, number, number] {
  if (date.length !== 10 || !startsWithMonth(date) || date.charCodeAt(7) !== DASH || digitsAt(date, 8, 2) < 0) {
    throw new RangeError(`'${date}' is not a YYYY-MM-DD date`);
  }
  return [digitsAt(date, 0, 4), digitsAt(date, 5, 2), digitsAt(date, 8, 2)];
}

/** Months since year 0 of a date's (or a `YYYY-MM` label's) month: consecutive months are consecutive numbers. */
export function monthIndex(dateOrMonth: string): number {
  const m = startsWithMonth(dateOrMonth) ? digitsAt(dateOrMonth, 5, 2) : -1;
  if (m < 1 || m > 12) throw new RangeError(`'${dateOrMonth}' is not a date or a month`);
  return digitsAt(dateOrMonth, 0, 4) * 12 + (m - 1);
}

/** `YYYY-MM` of a month index. */
export function monthLabel(index: number): string {
  const y = Math.floor(index / 12);
  return `${String(y).padStart(4, '0')}-${String(index - y * 12 + 1).padStart(2, '0')}`;
}

/** The last day of a month index, YYYY-MM-DD. */
export function monthEnd(index: number): string {
  const y = Math.floor(index / 12);
  const m = index - y * 12 + 1;
  return `${monthLabel(index)}-${String(daysInMonth(y, m)).padStart(2, '0')}`;
}

export function isMonthEnd(date: string): boolean {
  const [y, m, d] = parts(date);
  return d === daysInMonth(y, m);
}

/** The same day `years` later; 29 February becomes 28 February in a year that has none. */
export function addYears(date: string, years: number): string {
  const [y, m, d] = parts(date);
  const ny = y + years;
  return `${String(ny).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(Math.min(d, daysInMonth(ny, m))).padStart(2, '0')}`;
}

/**
 * Whole calendar months from `from` to `to` (a month is complete on the same day of a later month, or on that
 * month's last day when it is shorter): 2026-01-31 → 2026-02-28 is one month, 2026-01-15 → 2026-02-14 none.
 */
export function wholeMonthsBetween(from: string, to: string): number {
  if (to < from) return -wholeMonthsBetween(to, from);
  const [y1, m1, d1] = parts(from);
  const [y2, m2, d2] = parts(to);
  const months = (y2 - y1) * 12 + (m2 - m1);
  const dayReached = d2 >= d1 || d2 === daysInMonth(y2, m2);
  return months > 0 && !dayReached ? months - 1 : months;
}

/** wholeMonthsBetween(from, to) of one `to` for many `from`: `to` is read once. */
export function wholeMonthsTo(to: string): (from: string) => number {
  const [y2, m2, d2] = parts(to);
  const lastDay = d2 === daysInMonth(y2, m2);
  return (from) => {
    if (to < from) return -wholeMonthsBetween(to, from);
    const [y1, m1, d1] = parts(from);
    const months = (y2 - y1) * 12 + (m2 - m1);
    const dayReached = d2 >= d1 || lastDay;
    return months > 0 && !dayReached ? months - 1 : months;
  };
}

export { addDays };
