// Case settings: defaults for a new case and the validation the Case screen shows.
import { DEFAULT_SETTINGS, type CaseSettings } from '../../../shared/types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

let zones: Set<string> | null = null;
export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
  }
}
export function isTimeZone(tz: string): boolean {
  zones ??= new Set(timeZones());
  if (zones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: tz });
    return tz.length > 0;
  } catch {
    return false;
  }
}

/** The last complete calendar quarter before `today`. */
export function lastQuarter(today = new Date()): { start: string; end: string } {
  const q = Math.floor(today.getUTCMonth() / 3);
  let year = today.getUTCFullYear();
  let prev = q - 1;
  if (prev < 0) {
    prev = 3;
    year -= 1;
  }
  const start = new Date(Date.UTC(year, prev * 3, 1));
  const end = new Date(Date.UTC(year, prev * 3 + 3, 0));
  return { start: start.toISOString().slice(0, 10), end: end.toISOString().slice(0, 10) };
}

export function localTimeZone(): string {
  try {
    return Intl.DateTimeFormat().resolvedOptions().timeZone || 'UTC';
  } catch {
    return 'UTC';
  }
}

export function defaultSettings(today = new Date()): CaseSettings {
  const { start, end } = lastQuarter(today);
  return { ...DEFAULT_SETTINGS, liabilityAccounts: [...DEFAULT_SETTINGS.liabilityAccounts], periodStart: start, periodEnd: end, timezone: localTimeZone() };
}

export type SettingsErrors = Partial<Record<keyof CaseSettings, string>>;

/** Plain-words problems with the settings, by field; empty when the case can run. */
export function validateSettings(s: CaseSettings): SettingsErrors {
  const e: SettingsErrors = {};
  if (!isIsoDate(s.periodStart)) e.periodStart = 'Enter the first day of the period (YYYY-MM-DD).';
  if (!isIsoDate(s.periodEnd)) e.periodEnd = 'Enter the last day of the period (YYYY-MM-DD).';
  if (!e.periodStart && !e.periodEnd && s.periodEnd < s.periodStart) {
    e.periodEnd = 'The period ends before it starts: the end date must be on or after the start date.';
  }
  if (!isTimeZone(s.timezone)) e.timezone = `“${s.timezone}” is not a known time zone.`;
  if (!Number.isInteger(s.lagToleranceMinutes) || s.lagToleranceMinutes < 0) {
    e.lagToleranceMinutes = 'The lag tolerance is a whole number of minutes, zero or more.';
  }
  if (!Number.isSafeInteger(s.autoSettleToleranceCents) || s.autoSettleToleranceCents < 0) {
    e.autoSettleToleranceCents = 'The auto-settle tolerance is an amount, zero or more.';
  }
  if (!Number.isSafeInteger(s.driftAlertCents) || s.driftAlertCents < 0) {
    e.driftAlertCents = 'The drift alert threshold is an amount, zero or more.';
  }
  if (s.liabilityAccounts.length === 0) e.liabilityAccounts = 'Name at least one liability account.';
  else if (s.liabilityAccounts.some((a) => !/^\d+$/.test(a))) {
    e.liabilityAccounts = 'Liability accounts are account-number prefixes, digits only (e.g. 2410, 2420).';
  }
  return e;
}

/** "Q3 2026" for a calendar quarter, otherwise "2026-07-01 – 2026-08-15". */
export function periodLabel(start: string, end: string): string {
  if (isIsoDate(start) && isIsoDate(end)) {
    const [y, m, d] = start.split('-').map(Number);
    const q = lastQuarter(new Date(Date.UTC(y, m + 2, 15)));
    if (d === 1 && (m - 1) % 3 === 0 && q.start === start && q.end === end) return `Q${(m + 2) / 3} ${y}`;
  }
  return `${start} – ${end}`;
}
