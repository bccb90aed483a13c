// No silent misreads: each way a file can be read wrong as a whole stops the run with one line naming the file
// and the fix, unless the user accepts it; accepted, it is written into report.json. Liability accounts by name
// and number, each with its instrument, never by their place in the list.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { importFiles } from '../../shared/import/import-files';
import { checkMapping } from '../../shared/import/layouts';
import { PlausibilityError } from '../../shared/import/plausibility';
import { PROFILE_FORMAT } from '../../shared/import/profile';
import { readProfileFile } from '../../shared/import/profile-files';
import { tinyQuarter, TINY_SETTINGS } from '../../shared/testing/tiny-quarter';
import { BusinessCalendar } from '../../shared/time';
import { InputError, type CaseSettings, type FileRole, type InputFile, type Mapping } from '../../shared/types';
import { dec, enc, sql } from './engine-helpers';

/** The tiny quarter with one file's text replaced. */
function withFile(role: FileRole, text: string, name = `${role}.csv`): InputFile[] {
  const files = tinyQuarter().filter((f) => f.role !== role);
  return [...files, { role, name, bytes: enc(text) }];
}

function textOf(role: FileRole): string {
  return dec(tinyQuarter().find((f) => f.role === role)!.bytes);
}

/** The line the run stops with, and the problems behind it. */
async function stopped(files: InputFile[], opts: { mapping?: Mapping; settings?: Partial<CaseSettings>; profiles?: Parameters<typeof runCase>[1]['profiles'] } = {}): Promise<PlausibilityError> {
  try {
    const c = await runCase(await sql(), { files, settings: { ...TINY_SETTINGS, ...opts.settings }, mapping: opts.mapping, profiles: opts.profiles });
    c.close();
  } catch (err) {
    if (err instanceof PlausibilityError) {
      expect(err.message).not.toMatch(/\n/);
      for (const p of err.problems) expect(p.message).not.toMatch(/\n/);
      return err;
    }
    throw err;
  }
  throw new Error('the run went on');
}

const PLATFORM_HEADER = 'Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note';

/** Platform rows: activations then redemptions of four cards, each amount as `money` writes its cents. */
function platform(n: number, money: (cents: number) => string, card = (i: number) => `60060000000000${String(i % 4).padStart(2, '0')}`): string {
  const lines = [PLATFORM_HEADER];
  for (let i = 0; i < n; i++) lines.push(`GT-${i + 1},${card(i)},Activation,${money(1000 + i)},${money(1000 + i)},USD,2026-07-0${1 + (i % 9)}T10:00:00Z,,,online,system,`);
  return `${lines.join('\n')}\n`;
}

describe('plausibility checks stop the run with one line', () => {
  it('money that looks like minor units', async () => {
    const e = await stopped(withFile('platform', platform(12, (c) => String(c))));
    expect(e.problems.map((p) => p.kind)).toEqual(['minor-units-suspect']);
    expect(e.message).toMatch(/^platform\.csv: all 24 amounts looked at are whole numbers with no decimal mark \(row 2: '1000'\): if they are cents, read the file with a profile that sets money\.minorUnits/);
    expect(e.message).toMatch(/to run anyway, accept the warnings \(--accept-warnings\)$/);
  });

  it('card numbers too short for a card', async () => {
    const e = await stopped(withFile('platform', platform(10, (c) => (c / 100).toFixed(2), (i) => (i < 3 ? `12${i}4` : `600600000000000${i % 4}`))));
    expect(e.problems.map((p) => p.kind)).toEqual(['value-misfit']);
    expect(e.problems[0].message).toMatch(/^platform\.csv: Card Number: 3 of 10 rows hold a value that is not a card number .*first at row 2: Card Number '1204' is not a card or store-credit number.*is the right column mapped\?$/);
  });

  it("a mapped column whose values do not fit its field (Card Last Four ← Card Type)", async () => {
    const storefront = textOf('storefront').replace('Card Last Four', 'Card Type').replace(/,000[12],/g, ',MASTERCARD,');
    const e = await stopped(withFile('storefront', storefront), { mapping: { storefront: { 'Card Last Four': 'Card Type' } } });
    expect(e.problems.map((p) => p.kind)).toEqual(['all-quarantined']);
    expect(e.message).toMatch(/^storefront\.csv: every one of its 4 rows that are not out of scope is quarantined, first at row 2: Card Last Four 'MASTERCARD' is not the end of a card number \(it has no digit\)/);
  });

  it('last fours that are not four characters, in some rows', async () => {
    const lines = textOf('storefront').trimEnd().split('\n');
    const storefront = [...lines, ...lines.slice(1).map((l) => l.replace(/^#(\d)/, '#9$1').replace(/,S-/, ',S-9').replace(/,000\d,/, ',n/a,'))].join('\n');
    const e = await stopped(withFile('storefront', storefront));
    expect(e.problems.map((p) => p.kind)).toEqual(['value-misfit']);
    expect(e.problems[0].message).toMatch(/^storefront\.csv: Card Last Four: 4 of 8 rows hold a value that is not the last four of a card/);
  });

  it('a role whose rows are all out of scope', async () => {
    const shopify = ['Order,Name,Kind,Gateway,Created At,Status,Amount,Currency,Card Type', ...[1, 2, 3].map((i) => `54106${i},#${i},sale,shopify_payments,2026-07-0${i} 10:00:00 -0400,success,50.00,USD,visa`)].join('\n');
    const e = await stopped(withFile('storefront', shopify));
    expect(e.problems[0]).toMatchObject({ kind: 'all-out-of-scope', file: 'storefront.csv' });
    expect(e.message).toMatch(/^storefront\.csv: every row is out of scope \(card or other payment \(not a gift card or store credit tender\): 3\): nothing of this file reaches the reconciliation/);
  });

  it('no ERP line on a liability account: the ERP closing would be 0', async () => {
    const erp = textOf('erp').replace(/2410 Gift Card Liability/g, 'Gift Cards Outstanding');
    const e = await stopped(withFile('erp', erp));
    expect(e.problems.map((p) => p.kind)).toEqual(['nothing-in-scope']);
    expect(e.message).toMatch(/^erp\.csv: no line is on a liability account \(liability accounts: 2410, 2420; the file's accounts include '1010 Cash', '4000 Revenue', '6990 Suspense', 'Gift Cards Outstanding'\): the ERP closing would be 0/);
    // Named by name, with its instrument, the same file reconciles.
    const c = await runCase(await sql(), { files: withFile('erp', erp), settings: { ...TINY_SETTINGS, liabilityAccounts: ['Gift Cards Outstanding=gift_card'] } });
    expect(c.report.liability.erp_closing_cents).toBe(8000);
    c.close();
  });

  it('a payments file without a Description column', async () => {
    const payments = 'id,Type,Created (UTC),Amount,Currency,Order ID\nch_1,charge,2026-07-01 09:58:00,50.00,usd,#1\n';
    const e = await stopped(withFile('payments', payments));
    expect(e.problems.map((p) => p.kind)).toEqual(['no-scope-column']);
    expect(e.message).toMatch(/^payments\.csv: has no Description column: no processor row can be told to be a gift card payment/);
  });

  it('a mapped header absent from the file', async () => {
    const e = await stopped(tinyQuarter(), { mapping: { platform: { Note: 'Memo' } } });
    expect(e.problems.map((p) => p.kind)).toEqual(['mapped-header-missing']);
    expect(e.message).toMatch(/^platform\.csv: the mapping reads Note from 'Memo', which is not a column of the file; it was read from 'Note' instead: correct the mapping/);
  });

  it('01/02/2026 read month-first while the file writes day-first', async () => {
    const dayFirst = (erp: string) => erp.replace(/(J-\d,\d,)2026-07-(\d\d)/g, (_, j, d) => `${j}${d}/07/2026`);
    // Every day of the month at most 12: nothing shows the order, and the layout's month-first is said in a note.
    const ambiguous = await importFiles(withFile('erp', dayFirst(textOf('erp'))).filter((f) => f.role === 'erp'), undefined, new BusinessCalendar('UTC'), { liabilityAccounts: ['2410', '2420'] });
    expect(ambiguous.problems).toEqual([]);
    expect(ambiguous.files[0].summary.notes).toEqual([
      "erp.csv: 4 dates such as '01/07/2026' (row 2) could be day-first or month-first: read month-first, as the layout writes them; no date in the file shows the order",
    ]);
    // One date that can only be day-first: the others, 01/07/2026 among them, would be read with day and month swapped.
    const e = await stopped(withFile('erp', dayFirst(textOf('erp').replace('J-9,1,2026-07-08', 'J-9,1,2026-07-18'))));
    expect(e.problems.map((p) => p.kind)).toEqual(['day-first-dates']);
    expect(e.message).toMatch(/^erp\.csv: Date '18\/07\/2026' \(row 8\) is day-first, but the layout reads dates month-first: a date such as '01\/02\/2026' would be read as January 2; read the file with a profile that declares dates\.order "DMY"/);
  });

  it('ambiguous day/month dates that no date in the file settles, under a profile that does not say', async () => {
    const erp = 'Date;Entry;Account;Amount;Memo\n01/07/2026;J-1;2410 Gift Card Liability;-50,00;Gift card issued GT-1\n03/07/2026;J-3;2410 Gift Card Liability;-25,00;Gift card issued GT-3\n06/07/2026;J-4;2410 Gift Card Liability;5,00;Gift card redeemed GT-4\n';
    const profile = {
      format: PROFILE_FORMAT, id: 'my-erp', name: 'My ERP', role: 'erp', version: 1, money: { decimal: ',' },
      fields: {
        Journal: { column: 'Entry' }, Line: { const: '1' }, Date: { column: 'Date' }, Account: { column: 'Account' },
        Debit: { split: { column: 'Amount', take: 'debit', positive: 'debit' } }, Credit: { split: { column: 'Amount', take: 'credit', positive: 'debit' } },
        Memo: { column: 'Memo' }, Reference: { extract: { column: 'Memo', pattern: '(GT-\\d+)' } },
      },
    };
    const e = await stopped(withFile('erp', erp), { profiles: { erp: { profile } } });
    expect(e.problems[0].kind).toBe('ambiguous-dates');
    expect(e.message).toMatch(/^erp\.csv: 3 dates such as '01\/07\/2026' \(row 2\) read two ways, month-first or day-first, and no date in the file settles it: declare dates\.order/);
    // Declared, the same file reads.
    const c = await runCase(await sql(), { files: withFile('erp', erp), settings: TINY_SETTINGS, profiles: { erp: { profile: { ...profile, dates: { order: 'DMY' } } } } });
    expect(c.report.liability.erp_closing_cents).toBe(7000);
    c.close();
  });

  it('accepted, the run goes on and report.json records each warning', async () => {
    const files = withFile('platform', platform(12, (c) => String(c)));
    const c = await runCase(await sql(), { files, settings: TINY_SETTINGS, acceptWarnings: true });
    const input = c.report.inputs.find((i) => i.system === 'platform')!;
    expect(input.warnings).toEqual([expect.stringMatching(/^platform\.csv: all 24 amounts looked at are whole numbers/)]);
    expect(c.report.notes![0]).toMatch(/^Warning accepted: platform\.csv: all 24 amounts/);
    c.close();
  });
});

describe('mappings and profiles that are not well formed: one line naming the key', () => {
  const fail = (fn: () => unknown): string => {
    try {
      fn();
    } catch (err) {
      expect(err).toBeInstanceOf(InputError);
      return (err as Error).message;
    }
    throw new Error('accepted');
  };

  it('an unknown role key or a non-string value in a mapping', () => {
    expect(fail(() => checkMapping({ platfrom: { Amount: 'Amt' } }, 'map.json'))).toBe("map.json: unknown system 'platfrom' (expected platform, storefront, payments, erp, opening)");
    expect(fail(() => checkMapping({ platform: { Amount: 5 } }, 'map.json'))).toBe("map.json: platform 'Amount' must name the header to read it from, not the number 5");
  });

  it('an unknown role key, a non-string value or a wrong role in a profiles file', () => {
    const p = (role: string, fields: unknown) => ({ format: PROFILE_FORMAT, id: 'p', name: 'P', role, version: 1, fields });
    const platformFields = { 'Transaction ID': { column: 'id' }, 'Card Number': { column: 'card' }, Type: { column: 'type' }, Amount: { column: 'amount' }, Timestamp: { column: 'at' } };
    const erpFields = { Journal: { column: 'j' }, Line: { column: 'l' }, Date: { column: 'd' }, Account: { column: 'a' }, Debit: { column: 'dr' }, Credit: { column: 'cr' } };
    expect(fail(() => readProfileFile(JSON.stringify({ platfrom: p('platform', platformFields) }), 'profiles.json'))).toBe(
      "profiles.json: 'platfrom' is not a role (roles: platform, storefront, payments, erp, opening)",
    );
    expect(fail(() => readProfileFile(JSON.stringify({ platform: p('platform', { ...platformFields, Amount: { column: true } }) }), 'profiles.json'))).toMatch(/^profiles\.json: platform: profile p: fields\.Amount\.column: /);
    expect(fail(() => readProfileFile(JSON.stringify({ erp: p('platform', platformFields) }), 'profiles.json'))).toBe('profiles.json: erp: the profile p reads platform files, not erp files');
    expect(fail(() => readProfileFile(JSON.stringify(p('platform', platformFields)), 'one.json', 'erp'))).toBe('one.json: the profile p reads platform files, not erp files');
    expect(fail(() => readProfileFile('{"platform": ', 'broken.json'))).toMatch(/^broken\.json: not a readable profile file \(/);
    expect(Object.keys(readProfileFile(JSON.stringify([p('platform', platformFields), p('erp', erpFields)]), 'two.json'))).toEqual(['platform', 'erp']);
  });
});

describe('liability accounts by name and number, each with its instrument', () => {
  const erpOf = async (accounts: string[], erp = textOf('erp').replace(/J-3,1,(.*?),2410 Gift Card Liability/, 'J-3,1,$1,2420 Store Credit Liability')) => {
    const r = await importFiles(withFile('erp', erp).filter((f) => f.role === 'erp'), undefined, new BusinessCalendar('UTC'), { liabilityAccounts: accounts });
    return r.events.filter((e) => e.scope === 1).map((e) => [e.key, e.instrument]);
  };

  it('2420,2410 reads as 2410,2420: the instrument comes from the account, not the place in the list', async () => {
    const expected = [['J-1:1', 'gift_card'], ['J-3:1', 'store_credit'], ['J-4:1', 'gift_card'], ['J-9:1', 'gift_card']];
    expect(await erpOf(['2410', '2420'])).toEqual(expected);
    expect(await erpOf(['2420', '2410'])).toEqual(expected);
    expect(await erpOf(['2420=store_credit', 'Gift Card Liability'])).toEqual(expected);
  });

  it('an account whose instrument neither the setting nor its name states stops the run, naming it', async () => {
    const erp = textOf('erp').replace(/2410 Gift Card Liability/g, '2410');
    await expect(erpOf(['2410', '2420'], erp)).rejects.toThrow(
      "erp.csv: row 2: account '2410' is a liability account (setting '2410'), but neither the setting nor the account's name says gift card or store credit: write 2410=gift_card or 2410=store_credit in the liability accounts",
    );
    expect(await erpOf(['2410=gift_card'], erp)).toEqual([['J-1:1', 'gift_card'], ['J-3:1', 'gift_card'], ['J-4:1', 'gift_card'], ['J-9:1', 'gift_card']]);
  });

  it('the case currency as a setting', async () => {
    // A quarter in USD read as a EUR case: every row in another currency is quarantined, and that stops the run.
    const e = await stopped(tinyQuarter(), { settings: { currency: 'eur' } });
    expect(e.message).toMatch(/^platform\.csv: every one of its 4 rows that are not out of scope is quarantined, first at row 2: Currency USD is not the case's EUR/);
    const c = await runCase(await sql(), { files: tinyQuarter(), settings: { ...TINY_SETTINGS, currency: 'usd' } });
    expect(c.report.notes).toContain('Amounts are in USD.');
    c.close();
  });
});
