import { describe, expect, it } from 'vitest';
import { compileProfile } from './compile';
import { apply, profile, table } from './testing';

const shopifyFields = {
  Order: { column: 'Name' },
  'Transaction ID': { generate: 'row' },
  'Created At': { column: 'Created At' },
  Event: { cases: [{ when: { Kind: 'sale', Gateway: 'gift_card' }, value: 'gift_card_applied' }] },
  Amount: { column: 'Amount' },
  Status: { column: 'Status' },
};

/** The one-line error a profile gives, or 'compiled'. */
function error(json: unknown): string {
  try {
    compileProfile(json);
    return 'compiled';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('profile validation: one line naming the key path', () => {
  it('accepts a complete profile and reports its columns, absent and unmapped fields', () => {
    const p = compileProfile(profile('storefront', { fields: { ...shopifyFields, 'Card Last Four': { absent: true } } }));
    expect(p.columns).toEqual(['Order', 'Transaction ID', 'Created At', 'Event', 'Card Last Four', 'Amount', 'Status']);
    expect(p.absent).toEqual(['Card Last Four']);
    expect(p.unmapped).toEqual(['Currency', 'Location']);
  });

  it('names the format tag, the id and the role', () => {
    expect(error({ ...profile('storefront', { fields: shopifyFields }), format: 'profile@2' })).toBe(
      "profile test: format: must be 'balance-forensics/profile@1', not the text \"profile@2\"",
    );
    expect(error(profile('shop', { fields: shopifyFields }))).toBe(
      "profile test: role: must be one of 'platform', 'storefront', 'payments', 'erp', 'opening', not the text \"shop\"",
    );
    expect(error({ ...profile('storefront', { fields: shopifyFields }), version: 0 })).toBe('profile test: version: must be a whole number of at least 1, not number 0');
    expect(error([1])).toBe('profile (no id): (top level): must be an object, not a list');
  });

  it('names an unknown key, with the keys allowed there', () => {
    const json = profile('storefront', { fields: { ...shopifyFields, Amount: { column: 'Amount', mony: {} } } });
    expect(error(json)).toBe(
      "profile test: fields.Amount.mony: unknown key 'mony' (allowed here: column, coalesce, const, cases, extract, fillDown, generate, lookup, section, split, datetime, absent, derive, infer, money, dates, when, note, optional, otherwise, by, prefix)",
    );
    expect(error(profile('storefront', { fields: shopifyFields, tabel: {} }))).toMatch(/^profile test: tabel: unknown key 'tabel'/);
  });

  it('names a wrong type deep in a case', () => {
    const json = profile('storefront', {
      fields: { ...shopifyFields, Event: { cases: [{ when: { Kind: 'sale' }, value: 'x' }, { when: 'Kind is sale', value: 'y' }] } },
    });
    expect(error(json)).toBe('profile test: fields.Event.cases[1].when: must be a condition object, not the text "Kind is sale"');
  });

  it('names a regular expression that does not compile', () => {
    const json = profile('erp', {
      fields: {
        Journal: { column: 'Num' }, Line: { column: 'Line' }, Date: { column: 'Date' }, Account: { column: 'Account' },
        Debit: { column: 'Debit' }, Credit: { column: 'Credit' },
        Reference: { extract: { column: 'Memo', pattern: 'GT-(\\d+' } },
      },
    });
    expect(error(json)).toMatch(/^profile test: fields\.Reference\.extract\.pattern: 'GT-\(\\d\+' is not a regular expression \(/);
  });

  it('names a reference column the role does not have, and a required one left out', () => {
    expect(error(profile('storefront', { fields: { ...shopifyFields, 'Card Digits': { column: 'Card' } } }))).toBe(
      "profile test: fields[\"Card Digits\"]: 'Card Digits' is not a column of the storefront reference layout (columns: Order, Transaction ID, Created At, Event, Card Last Four, Amount, Currency, Status, Location)",
    );
    const { Status: _status, ...noStatus } = shopifyFields;
    expect(error(profile('storefront', { fields: noStatus }))).toBe("profile test: fields: the storefront layout needs 'Status': map it, generate it or make it from other columns");
    expect(error(profile('storefront', { fields: { ...shopifyFields, Order: { absent: true } } }))).toBe(
      "profile test: fields.Order.absent: 'Order' is required in the storefront layout: map it or generate it",
    );
  });

  it('refuses features that need another part of the profile', () => {
    const erp = {
      Journal: { column: 'Num' }, Date: { column: 'Date' }, Account: { column: 'Account' }, Debit: { column: 'Debit' }, Credit: { column: 'Credit' },
    };
    expect(error(profile('erp', { fields: { ...erp, Line: { generate: 'lineInGroup' } } }))).toBe(
      "profile test: fields.Line.generate: line numbers and group starts need 'table.group' (where a group starts)",
    );
    expect(error(profile('erp', { fields: { ...erp, Line: { generate: 'lineInGroup', by: 'Jurnal' } } }))).toBe("profile test: fields.Line.by: 'Jurnal' is not a field of this profile");
    expect(error(profile('erp', { fields: { ...erp, Line: { column: 'L' }, Debit: { split: { column: 'Amount', take: 'debit', positive: 'normalBalance' } } } }))).toBe(
      "profile test: fields.Debit.split.positive: needs 'accounts' or 'normalBalance' (which side each account's balance is on)",
    );
    expect(error(profile('storefront', { fields: { ...shopifyFields, Amount: { derive: 'balanceDelta' } } }))).toMatch(/^profile test: fields\.Amount\.derive: 'derive: balanceDelta' makes a platform Amount/);
    expect(error(profile('storefront', { fields: { ...shopifyFields, Amount: { column: 'Amount', money: { decimal: ',', thousands: ',' } } } }))).toBe(
      "profile test: fields.Amount.money.thousands: the thousands separator cannot be the decimal mark ','",
    );
    expect(error(profile('storefront', { fields: { ...shopifyFields, Status: { column: 'Status', money: {} } } }))).toBe("profile test: fields.Status.money: 'Status' is not a money column");
    expect(error(profile('storefront', { fields: shopifyFields, dates: { zone: 'Eastern' } }))).toBe("profile test: dates.zone: 'Eastern' is not an IANA time zone (e.g. America/New_York, UTC)");
  });

  it('names a column the file does not have when the profile meets the file, with the file\'s columns', () => {
    const json = profile('storefront', {
      fields: { ...shopifyFields, Event: { cases: [{ when: { Kind: 'sale' }, value: 'a' }, { when: { Kind: 'refund' }, value: 'b' }, { when: { Knd: 'void' }, value: 'c' }] } },
    });
    const rows = table(`Order,Name,Kind,Gateway,Created At,Status,Amount\n1,#1,sale,gift_card,2026-07-01 10:00:00 -0400,success,5.00\n`);
    expect(() => apply(json, rows)).toThrow(
      "profile test: fields.Event.cases[2].when.Knd: 'Knd' is not a column of the file (columns: Order, Name, Kind, Gateway, Created At, Status, Amount)",
    );
  });

  it('names a header that two columns share', () => {
    const rows = table(`Name,Name,Kind,Gateway,Created At,Status,Amount\n#1,#1,sale,gift_card,2026-07-01 10:00:00 -0400,success,5.00\n`);
    expect(() => apply(profile('storefront', { fields: shopifyFields }), rows)).toThrow(
      "profile test: fields.Order.column: 'Name' is the header of 2 columns (0, 1, 0-based): name the one meant by its position",
    );
  });
});
