// Case settings, checked in one place: the Case screen shows each problem beside its field, the command line
// names the flag, and the engine refuses to run with the first problem (an InputError, one line).
import { liabilityAccountsProblem } from './accounts';
import { calendarDateProblem, isValidZone } from './time';
import { CATEGORIES, DEFAULT_OFFSET_ACCOUNTS, DEFAULT_REASON_CODES, DEFAULT_SETTINGS, InputError, type CaseSettings } from './types';

export type SettingsField = keyof CaseSettings;
/** A plain-words problem per field; empty when the case can run. */
export type SettingsProblems = Partial<Record<SettingsField, string>>;

/** Why `date` cannot be the period's `which` day, or null when it can. */
function dateProblem(date: string, which: 'start' | 'end'): string | null {
  if (typeof date !== 'string' || !date.trim()) return `Enter the ${which === 'start' ? 'first' : 'last'} day of the period (YYYY-MM-DD)`;
  return calendarDateProblem(date, `Period ${which}`);
}

const isAmount = (cents: number): boolean => Number.isSafeInteger(cents) && cents >= 0;

export function settingsProblems(s: CaseSettings): SettingsProblems {
  const out: SettingsProblems = {};
  const start = dateProblem(s.periodStart, 'start');
  const end = dateProblem(s.periodEnd, 'end');
  if (start) out.periodStart = start;
  if (end) out.periodEnd = end;
  if (!start && !end && s.periodEnd < s.periodStart)
    out.periodEnd = `Period ${s.periodStart}..${s.periodEnd} is reversed: it ends before it starts`;

  if (typeof s.timezone !== 'string' || !s.timezone.trim()) out.timezone = 'Enter the business time zone (an IANA name such as America/New_York)';
  else if (!isValidZone(s.timezone)) out.timezone = `Unknown time zone '${s.timezone}' (use an IANA name such as America/New_York)`;

  if (s.authoritative !== 'platform' && s.authoritative !== 'storefront')
    out.authoritative = 'The authoritative system is the platform or the storefront';
  if (!Number.isSafeInteger(s.lagToleranceMinutes) || s.lagToleranceMinutes < 0)
    out.lagToleranceMinutes = 'The lag tolerance is a whole number of minutes, zero or more';
  if (!isAmount(s.autoSettleToleranceCents)) out.autoSettleToleranceCents = 'The auto-settle tolerance is an amount, zero or more';
  if (!isAmount(s.driftAlertCents)) out.driftAlertCents = 'The drift alert threshold is an amount, zero or more';

  const reasons = s.reasonCodes ?? [];
  if (!Array.isArray(reasons) || reasons.some((r) => typeof r !== 'string' || !r.trim()))
    out.reasonCodes = 'Each reason code is a short text (e.g. "Confirmed with platform support")';
  else if (new Set(reasons).size !== reasons.length) out.reasonCodes = `Reason code '${reasons.find((r, i) => reasons.indexOf(r) !== i)}' is listed twice`;
  const offsets = Object.entries(s.offsetAccounts ?? {});
  const unknown = offsets.find(([c]) => !(CATEGORIES as readonly string[]).includes(c));
  if (unknown) out.offsetAccounts = `'${unknown[0]}' is not an exception category`;
  else if (offsets.some(([, a]) => typeof a !== 'string' || !a.trim())) out.offsetAccounts = 'Each offset account is an account number and name (e.g. 6990 Reconciliation Suspense)';

  const accounts = liabilityAccountsProblem(s.liabilityAccounts);
  if (accounts) out.liabilityAccounts = accounts;
  if (s.currency !== undefined && (typeof s.currency !== 'string' || !/^[A-Za-z]{3}$/.test(s.currency.trim())))
    out.currency = `Currency '${String(s.currency)}' is not a three-letter ISO code (e.g. USD, EUR)`;
  return out;
}

/** The settings the engine runs with: the defaults filled in, or an InputError naming the first problem. */
export function validateSettings(s: CaseSettings): CaseSettings {
  const settings: CaseSettings = {
    ...DEFAULT_SETTINGS, ...s, liabilityAccounts: [...(s.liabilityAccounts ?? DEFAULT_SETTINGS.liabilityAccounts)],
    reasonCodes: [...(s.reasonCodes ?? DEFAULT_REASON_CODES)], offsetAccounts: { ...DEFAULT_OFFSET_ACCOUNTS, ...s.offsetAccounts },
  };
  const [first] = Object.values(settingsProblems(settings));
  if (first) throw new InputError(first);
  return settings;
}
