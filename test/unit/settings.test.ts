// One check of the case settings, for the Case screen (per field), the engine (the first problem, thrown) and
// the command line (the first problem, naming its flag).
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { settingsProblems, validateSettings } from '../../shared/settings';
import { DEFAULT_OFFSET_ACCOUNTS, DEFAULT_REASON_CODES, DEFAULT_SETTINGS, InputError, type CaseSettings } from '../../shared/types';

const base: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };
const ROOT = fileURLToPath(new URL('../..', import.meta.url));

describe('settingsProblems', () => {
  it('finds nothing wrong with a sound case', () => {
    expect(settingsProblems(base)).toEqual({});
  });

  it('names the dates of a reversed period, on its end', () => {
    const p = settingsProblems({ ...base, periodStart: '2026-09-30', periodEnd: '2026-07-01' });
    expect(p).toEqual({ periodEnd: 'Period 2026-09-30..2026-07-01 is reversed: it ends before it starts' });
  });

  it('tells an impossible date from a mistyped one and from none', () => {
    expect(settingsProblems({ ...base, periodEnd: '2026-09-31' }).periodEnd).toBe("Period end '2026-09-31' is not a date: September 2026 has 30 days");
    expect(settingsProblems({ ...base, periodStart: '2026-02-29' }).periodStart).toBe("Period start '2026-02-29' is not a date: February 2026 has 28 days");
    expect(settingsProblems({ ...base, periodStart: '2028-02-29' }).periodStart).toBeUndefined();
    expect(settingsProblems({ ...base, periodStart: '07/01/2026' }).periodStart).toBe("Period start '07/01/2026' is not a YYYY-MM-DD date");
    expect(settingsProblems({ ...base, periodEnd: '' }).periodEnd).toBe('Enter the last day of the period (YYYY-MM-DD)');
  });

  it('gives every field its own problem: zone, tolerances, amounts, accounts', () => {
    const p = settingsProblems({
      ...base,
      timezone: 'Mars/Olympus',
      lagToleranceMinutes: 1.5,
      autoSettleToleranceCents: -5,
      driftAlertCents: 0.5,
      liabilityAccounts: ['2410=gift_card', 'Gift Card Liability', '2410=store_credit'],
    });
    expect(p).toEqual({
      timezone: "Unknown time zone 'Mars/Olympus' (use an IANA name such as America/New_York)",
      lagToleranceMinutes: 'The lag tolerance is a whole number of minutes, zero or more',
      autoSettleToleranceCents: 'The auto-settle tolerance is an amount, zero or more',
      driftAlertCents: 'The drift alert threshold is an amount, zero or more',
      liabilityAccounts: "Liability accounts '2410=gift_card' and '2410=store_credit' name the same account with different instruments: which is it?",
    });
    // Accounts by name as well as number, each with its instrument; an instrument that is neither is refused.
    expect(settingsProblems({ ...base, liabilityAccounts: ['2420=store_credit', 'Gift Cards Outstanding=gift_card', 'Store Credit'] })).toEqual({});
    expect(settingsProblems({ ...base, liabilityAccounts: ['2410=cash'] }).liabilityAccounts).toBe("Liability account '2410=cash': after '=' write gift_card or store_credit");
    expect(settingsProblems({ ...base, liabilityAccounts: ['Store Credit Liability=gift_card'] }).liabilityAccounts).toBe(
      "Liability account 'Store Credit Liability=gift_card': its name says store credit, its instrument gift_card",
    );
    expect(settingsProblems({ ...base, liabilityAccounts: ['24=gift_card', '2410=store_credit'] }).liabilityAccounts).toMatch(/^Liability accounts '24=gift_card' and '2410=store_credit' name the same accounts/);
    expect(settingsProblems({ ...base, currency: 'dollars' }).currency).toBe("Currency 'dollars' is not a three-letter ISO code (e.g. USD, EUR)");
    expect(settingsProblems({ ...base, liabilityAccounts: [] }).liabilityAccounts).toBe('Name at least one liability account');
    expect(settingsProblems({ ...base, timezone: '' }).timezone).toMatch(/^Enter the business time zone/);
  });
});

describe('validateSettings (the engine)', () => {
  it('throws the first problem as an InputError', () => {
    const err = (() => {
      try {
        validateSettings({ ...base, periodEnd: '2026-09-31', timezone: 'Mars/Olympus' });
      } catch (e) {
        return e;
      }
    })();
    expect(err).toBeInstanceOf(InputError);
    expect((err as InputError).message).toBe("Period end '2026-09-31' is not a date: September 2026 has 30 days");
  });

  it('fills in the defaults of what was not given, and copies the accounts', () => {
    const given = { periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC', liabilityAccounts: ['2410'] } as CaseSettings;
    const s = validateSettings(given);
    expect(s).toEqual({ ...DEFAULT_SETTINGS, ...given, reasonCodes: [...DEFAULT_REASON_CODES], offsetAccounts: DEFAULT_OFFSET_ACCOUNTS });
    expect(s.liabilityAccounts).not.toBe(given.liabilityAccounts);
    // An offset account given for one category keeps the defaults of the others.
    const own = validateSettings({ ...given, offsetAccounts: { CUTOFF: '2990 Accrued Liabilities' }, reasonCodes: ['Agreed'] });
    expect(own.offsetAccounts).toEqual({ ...DEFAULT_OFFSET_ACCOUNTS, CUTOFF: '2990 Accrued Liabilities' });
    expect(own.reasonCodes).toEqual(['Agreed']);
  });

  it('refuses reason codes and offset accounts that are not texts, repeated, or of no category', () => {
    const base = { periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC', ...DEFAULT_SETTINGS } as CaseSettings;
    expect(settingsProblems({ ...base, reasonCodes: ['Immaterial', 'Immaterial'] }).reasonCodes).toBe("Reason code 'Immaterial' is listed twice");
    expect(settingsProblems({ ...base, reasonCodes: ['  '] }).reasonCodes).toMatch(/short text/);
    expect(settingsProblems({ ...base, offsetAccounts: { NOPE: '1' } as never }).offsetAccounts).toBe("'NOPE' is not an exception category");
    expect(settingsProblems({ ...base, offsetAccounts: { CUTOFF: '' } }).offsetAccounts).toMatch(/account number and name/);
  });
});

describe('the command line', () => {
  it('refuses bad settings in one line naming the flag, before reading any file', () => {
    const run = (...args: string[]) =>
      spawnSync(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', '--demo', '--out', '/nonexistent/never-written', ...args], {
        cwd: ROOT,
        encoding: 'utf8',
      });
    const period = run('--period', '2026-07-01..2026-09-31');
    expect(period.status).toBe(2);
    expect(period.stderr).toBe("reconcile: --period: Period end '2026-09-31' is not a date: September 2026 has 30 days\n");
    const accounts = run('--liability-accounts', '2410=gift_card,2410=store_credit');
    expect(accounts.status).toBe(2);
    expect(accounts.stderr).toBe("reconcile: --liability-accounts: Liability accounts '2410=gift_card' and '2410=store_credit' name the same account with different instruments: which is it?\n");
    const currency = run('--currency', 'US$');
    expect(currency.status).toBe(2);
    expect(currency.stderr).toBe("reconcile: --currency: Currency 'US$' is not a three-letter ISO code (e.g. USD, EUR)\n");
  });
});
