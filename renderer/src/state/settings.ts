// Case settings: defaults for a new case, and the Case screen's helpers. The settings are checked by
// shared/settings.ts, the same check the engine and the command line make.
import { DEFAULT_SETTINGS, type CaseSettings } from '../../../shared/types';

const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function isIsoDate(s: string): boolean {
  if (!DATE.test(s)) return false;
  const d = new Date(`${s}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === s;
}

export function timeZones(): string[] {
  try {
    return Intl.supportedValuesOf('timeZone');
  } catch {
    return ['UTC'];
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

/** "Q3 2026" for a calendar quarter, otherwise "2026-07-01 – 2026-08-15". */
export function periodLabel(start: string, end: string): string {
  if (isIsoDate(start) && isIsoDate(end)) {
    const [y, m, d] = start.split('-').map(Number);
    const q = lastQuarter(new Date(Date.UTC(y, m + 2, 15)));
    if (d === 1 && (m - 1) % 3 === 0 && q.start === start && q.end === end) return `Q${(m + 2) / 3} ${y}`;
  }
  return `${start} – ${end}`;
}
