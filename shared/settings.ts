// The case settings, checked before a run: a setting that cannot be used stops the run with one line.
import { checkPeriod, isValidZone } from './time';
import { DEFAULT_SETTINGS, InputError, type CaseSettings } from './types';

export function validateSettings(s: CaseSettings): CaseSettings {
  const period = checkPeriod(s.periodStart, s.periodEnd);
  if (period) throw new InputError(period);
  if (!isValidZone(s.timezone))
    throw new InputError(`Unknown time zone '${s.timezone}' (use an IANA name such as America/New_York)`);
  if (!Number.isFinite(s.lagToleranceMinutes) || s.lagToleranceMinutes < 0)
    throw new InputError('Lag tolerance must be zero or more minutes');
  if (!s.liabilityAccounts.length) throw new InputError('At least one liability account is needed');
  return { ...DEFAULT_SETTINGS, ...s, liabilityAccounts: [...s.liabilityAccounts] };
}
