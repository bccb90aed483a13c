import { describe, expect, it } from 'vitest';
import { apply, profile, table } from './testing';

/** A QuickBooks-like journal report: title block, first-line-only Date/Num, entry totals, blank lines, TOTAL footer. */
const QBO_JOURNAL = `
Tiny Shop LLC,,,,,,,,
Journal,,,,,,,,
"July 1-July 31, 2026",,,,,,,,

,Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit
,07/02/2026,Journal Entry,JE-1,,GC activation GT-0000101 order #1,1010 Cash Clearing,"1,250.00",
,,,,,GC activation GT-0000101 order #1,2410 Gift Card Liability,,"1,250.00"
,,,,,,,"$1,250.00","$1,250.00"
,,,,,,,,
,07/13/2026,Journal Entry,,,Rent,6100 Rent Expense,100.00,
,,,,,Rent,1000 Operating Cash,,100.00
,,,,,,,$100.00,$100.00
,,,,,,,,
,07/20/2026,Journal Entry,JE-3,,SC issued GT-0000102,4000 Sales,25.00,
,,,,,SC issued GT-0000102,Store Credit Liability,,25.00
,,,,,SC issued GT-0000102,2420 Store Credit Liability,,x
,,,,,,,$25.00,$25.00
,,,,,,,,
TOTAL,,,,,,,"$1,375.00","$1,375.00"



" Friday, August 07, 2026 09:00 AM GMT-04:00",,,,,,,,
`;

const qboJournal = profile('erp', {
  detect: { headers: ['Date', 'Transaction Type', 'Num', 'Memo/Description', 'Account', 'Debit', 'Credit'] },
  table: {
    header: 'detect',
    footer: { when: { column: 0, matches: '^TOTAL$' }, reason: 'report total and footer' },
    skip: [
      { when: { all: 'blank' }, reason: 'blank line' },
      { when: { allOf: [{ column: 'Account', blank: true }, { anyOf: [{ column: 'Debit', blank: false }, { column: 'Credit', blank: false }] }] }, reason: 'entry total line' },
    ],
    group: { startsWhen: { column: 'Date', blank: false } },
  },
  fields: {
    Journal: { coalesce: [{ fillDown: 'Num' }, { generate: 'groupStart' }] },
    Line: { generate: 'lineInGroup' },
    Date: { fillDown: 'Date' },
    Account: { column: 'Account' },
    Debit: { column: 'Debit' },
    Credit: { column: 'Credit' },
    Memo: { column: 'Memo/Description' },
    Reference: { extract: { column: 'Memo/Description', pattern: '\\b(GT-\\d+)\\b' } },
  },
  accounts: [{ match: '2410', instrument: 'gift_card' }, { match: 'Store Credit Liability', instrument: 'store_credit' }],
});

describe('table shape: title block, totals, footer, fill-down and line numbers', () => {
  it('reads a journal report under its title block, with every row accounted for', () => {
    const rows = table(QBO_JOURNAL);
    const r = apply(qboJournal, rows);
    expect(r.summary.headerRow).toBe(5);
    expect(r.summary.rows).toBe(rows.length - 1);
    expect(r.summary.rows).toBe(r.summary.records + r.summary.outOfScope + r.summary.quarantined);
    expect(r.summary.outOfScopeReasons).toEqual({ 'blank line': 3, 'entry total line': 3, 'report total and footer': 5, 'title block above the header row': 4 });
    expect(r.records.map((x) => [x.Journal, x.Line, x.Date, x.Debit, x.Credit, x.Reference, x.Instrument])).toEqual([
      ['JE-1', '1', '2026-07-02', '1250.00', '', 'GT-0000101', ''],
      ['JE-1', '2', '2026-07-02', '', '1250.00', 'GT-0000101', 'gift_card'],
      // An entry without a Num gets its first row as a key, and the Num of the entry before is not carried into it.
      ['R10', '1', '2026-07-13', '100.00', '', '', ''],
      ['R10', '2', '2026-07-13', '', '100.00', '', ''],
      ['JE-3', '1', '2026-07-20', '25.00', '', 'GT-0000102', ''],
      ['JE-3', '2', '2026-07-20', '', '25.00', 'GT-0000102', 'store_credit'],
    ]);
    // The third line of JE-3 has an amount that is not one: quarantined, its line number kept by position.
    expect(r.at(16)).toEqual({ kind: 'quarantine', row: 16, column: 'Credit', field: 'Credit', reason: "Credit 'x' is not an amount in the form this profile reads (decimal mark '.', thousands ',')" });
    expect(r.summary.money).toEqual({ Debit: { total: '1375.00', count: 3 }, Credit: { total: '1375.00', count: 3 } });
  });

  it('gives the same outcomes whatever the chunk size (fill-down and groups carry across chunks)', () => {
    const rows = table(QBO_JOURNAL);
    const whole = apply(qboJournal, rows, 10_000).outcomes;
    for (const size of [1, 2, 3, 7]) expect(apply(qboJournal, rows, size).outcomes).toEqual(whole);
  });

  it('fails in one line when the header is not in the first rows', () => {
    const rows = table('a,b\n1,2\n');
    expect(() => apply(qboJournal, rows)).toThrow('profile test: no row holds the header (Date, Transaction Type, Num, Memo/Description, Account, Debit, Credit): this file is not in the layout this profile reads');
  });

  it('reads account sections, beginning balances and a signed amount split by the normal balance', () => {
    const gl = table(`
Tiny Shop LLC,,,,,,,,
General Ledger,,,,,,,,
"July 1 - July 31, 2026",,,,,,,,

,Date,Transaction Type,Num,Name,Memo/Description,Split,Amount,Balance
1010 Cash Clearing,,,,,,,,
,07/02/2026,Journal Entry,JE-1,,GC activation,2410 Gift Card Liability,"1,250.00","1,250.00"
Total for 1010 Cash Clearing,,,,,,,"$1,250.00",
2400 Liabilities,,,,,,,,
2410 Gift Card Liability,,,,,,,,
,07/01/2026,,,,Beginning Balance,,,"8,251.46"
,07/02/2026,Journal Entry,JE-1,,GC activation,1010 Cash Clearing,"1,250.00","9,501.46"
,07/03/2026,Journal Entry,JE-2,,GC redemption,4000 Sales,-15.24,"9,486.22"
,07/03/2026,Journal Entry,JE-2,,GC redemption fix,4000 Sales,(0.76),"9,485.46"
Total for 2410 Gift Card Liability,,,,,,,"$1,234.00",
,07/05/2026,Journal Entry,JE-9,,Parent account line,1010 Cash Clearing,5.00,5.00
Total for 2400 Liabilities,,,,,,,$5.00,
TOTAL,,,,,,,"$2,489.00",
`);
    const bb = { anyCell: { matches: '^Beginning Balance$' } };
    const glProfile = profile('erp', {
      detect: { headers: ['Date', 'Num', 'Memo/Description', 'Split', 'Amount', 'Balance'] },
      table: {
        header: 'detect',
        footer: { when: { column: 0, matches: '^TOTAL$' }, reason: 'report total and footer' },
        sections: {
          when: { allOf: [{ column: 0, blank: false }, { column: 'Date', blank: true }] }, value: 0, reason: 'account section header',
          endsWhen: { column: 0, matches: '^Total for ' }, endReason: 'account total line',
        },
      },
      fields: {
        Journal: { coalesce: ['Num', { generate: 'row' }], when: [{ if: bb, const: 'OB-BEGINNING' }] },
        Line: { generate: 'lineInGroup', by: 'Journal' },
        Date: { column: 'Date' },
        Account: { section: true },
        Debit: { split: { column: 'Amount', take: 'debit', positive: 'normalBalance' }, when: [{ if: bb, split: { column: 'Balance', take: 'debit', positive: 'normalBalance' } }] },
        Credit: { split: { column: 'Amount', take: 'credit', positive: 'normalBalance' }, when: [{ if: bb, split: { column: 'Balance', take: 'credit', positive: 'normalBalance' } }] },
        Memo: { column: 'Memo/Description' },
      },
      dates: { order: 'MDY' },
      accounts: [{ match: 'Gift Card Liability', instrument: 'gift_card' }],
      normalBalance: [{ match: '1', side: 'debit' }],
    });
    const r = apply(glProfile, gl);
    expect(r.records.map((x) => [x.Journal, x.Line, x.Account, x.Debit, x.Credit, x.Instrument])).toEqual([
      ['JE-1', '1', '1010 Cash Clearing', '1250.00', '', ''],
      ['OB-BEGINNING', '1', '2410 Gift Card Liability', '', '8251.46', 'gift_card'],
      ['JE-1', '2', '2410 Gift Card Liability', '', '1250.00', 'gift_card'],
      ['JE-2', '1', '2410 Gift Card Liability', '15.24', '', 'gift_card'],
      ['JE-2', '2', '2410 Gift Card Liability', '0.76', '', 'gift_card'],
    ]);
    // After 'Total for 2410…' the parent section is current again; its normal balance is not known.
    expect(r.at(16)).toMatchObject({
      kind: 'quarantine', column: 'Amount',
      reason: "which side the balance of account '2400 Liabilities' is on is not known, so the sign of Amount does not say debit or credit (add the account to the profile's normalBalance)",
    });
    expect(r.summary.outOfScopeReasons).toMatchObject({ 'account section header': 3, 'account total line': 3, 'report total and footer': 1 });
  });

  it('splits one signed amount into debit and credit by sign', () => {
    const rows = table('Num,Date,Account,Amount\nJ1,2026-07-01,2410,-5.00\nJ1,2026-07-01,1010,5.00\nJ2,2026-07-02,2410,0\n');
    const r = apply(profile('erp', {
      fields: {
        Journal: { column: 'Num' }, Line: { generate: 'row' }, Date: { column: 'Date' }, Account: { column: 'Account' },
        Debit: { split: { column: 'Amount', take: 'debit', positive: 'debit' } },
        Credit: { split: { column: 'Amount', take: 'credit', positive: 'debit' } },
      },
    }), rows);
    expect(r.records.map((x) => [x.Debit, x.Credit])).toEqual([['', '5.00'], ['5.00', ''], ['0.00', '']]);
  });
});

/** Shopify's transaction export, read through Kind + Gateway, with the void's amount looked up. */
const shopify = profile('storefront', {
  rows: [{ when: { not: { Gateway: ['gift_card', 'shopify_store_credit'] } }, outOfScope: 'card payment' }],
  dates: { order: 'YMD' },
  fields: {
    Order: { column: 'Name' },
    'Transaction ID': { generate: 'row' },
    'Created At': { column: 'Created At' },
    Event: {
      cases: [
        { when: { Kind: 'sale', Gateway: 'gift_card' }, value: 'gift_card_applied' },
        { when: { Kind: 'refund', Gateway: 'gift_card' }, value: 'gift_card_refunded' },
        { when: { Kind: 'void' }, value: 'order_voided' },
        { when: { Kind: 'sale', Gateway: 'shopify_store_credit' }, value: 'store_credit_applied' },
        { when: { Kind: 'refund', Gateway: 'shopify_store_credit' }, value: 'store_credit_issued' },
      ],
    },
    'Card Last Four': { absent: true },
    Amount: {
      column: 'Amount',
      when: [{ if: { Kind: 'void' }, lookup: { match: ['Name', 'Gateway'], where: { Kind: 'sale', Status: 'success' }, column: 'Amount' } }],
    },
    Currency: { column: 'Currency' },
    Status: { column: 'Status' },
  },
});

describe('values: cases on two columns, lookups, out of scope', () => {
  const rows = table(`Order,Name,Kind,Gateway,Created At,Status,Amount,Currency,Card Type
5.41068E+12,#1003,sale,shopify_payments,2026-07-01 10:00:00 -0400,success,37.22,USD,visa
5.41068E+12,#1003,sale,gift_card,2026-07-01 10:00:05 -0400,success,82.88,USD,""
5.41068E+12,#1003,void,gift_card,2026-07-02 09:00:00 -0400,success,0.00,USD,""
5.41070E+12,#1004,sale,gift_card,2026-07-02 11:00:00 -0400,pending,10.00,USD,""
5.41070E+12,#1004,sale,gift_card,2026-07-02 11:00:30 -0400,success,10.00,USD,""
5.41071E+12,#1005,refund,shopify_store_credit,2026-07-03 12:00:00 -0400,success,40.00,USD,""
5.41072E+12,#1006,capture,gift_card,2026-07-03 13:00:00 -0400,success,5.00,USD,""
5.41073E+12,#1007,void,shopify_store_credit,2026-07-03 14:00:00 -0400,success,0.00,USD,""
5.41074E+12,#1008,sale,gift_card,2026-07-04 10:00:00 -0400,success,12.00,USD,""
5.41074E+12,#1008,sale,gift_card,2026-07-04 10:00:01 -0400,success,30.00,USD,""
5.41074E+12,#1008,void,gift_card,2026-07-04 11:00:00 -0400,success,0.00,USD,""
`);
  const r = apply(shopify, rows);

  it('decides the event from Kind and Gateway together, and sets card rows out of scope', () => {
    expect(r.at(2)).toEqual({ kind: 'outOfScope', row: 2, reason: 'card payment' });
    expect(r.at(3)).toEqual({ kind: 'record', row: 3, values: ['#1003', 'R3', '2026-07-01T10:00:05-04:00', 'gift_card_applied', '', '82.88', 'USD', 'success'] });
    expect(r.at(7)).toMatchObject({ kind: 'record', values: expect.arrayContaining(['store_credit_issued', '40.00']) });
    expect(r.at(8)).toEqual({ kind: 'quarantine', row: 8, column: 'Kind', field: 'Event', reason: "no case of Event fits Kind 'capture', Gateway 'gift_card'" });
  });

  it('takes a void\'s amount from the order\'s successful sale on the same gateway', () => {
    expect(r.at(4)).toMatchObject({ kind: 'record', values: ['#1003', 'R4', '2026-07-02T09:00:00-04:00', 'order_voided', '', '82.88', 'USD', 'success'] });
    expect(r.at(9)).toMatchObject({
      kind: 'quarantine', column: 'Amount', field: 'Amount',
      reason: "no row of the file with Name '#1007' and Gateway 'shopify_store_credit' meets the lookup's conditions, so Amount cannot be taken from its Amount",
    });
    expect(r.at(12)).toMatchObject({
      kind: 'quarantine',
      reason: "the rows with Name '#1008' and Gateway 'gift_card' give different Amount (row 10: '12.00', row 11: '30.00'): which one Amount takes is not known",
    });
  });

  it('counts every row once', () => {
    expect(r.summary).toMatchObject({ rows: 11, records: 7, outOfScope: 1, quarantined: 3 });
    expect(r.summary.money.Amount).toEqual({ total: '267.76', count: 7 });
  });

  it('quarantines a row shifted by a stray delimiter, and sets a blank line no rule names out of scope', () => {
    const odd = table('Order,Name,Kind,Gateway,Created At,Status,Amount,Currency\n1,#1,sale,gift_card,2026-07-01 10:00:00 -0400,success,1,234.00,USD\n,,,,,,,\n2,#2,sale,gift_card,2026-07-01 10:00:00 -0400,success,5.00,USD,,\n');
    const o = apply(shopify, odd).outcomes;
    expect(o[0]).toEqual({ kind: 'quarantine', row: 2, column: null, field: null, reason: 'the row has 9 fields; the header has 8' });
    expect(o[1]).toEqual({ kind: 'outOfScope', row: 3, reason: 'blank line' });
    expect(o[2]).toMatchObject({ kind: 'record', row: 4 });
  });

  it('lets an out-of-scope decision win over a value that does not read', () => {
    const bad = table('Order,Name,Kind,Gateway,Created At,Status,Amount,Currency\n1,#1,sale,shopify_payments,not a date,success,abc,USD\n');
    expect(apply(shopify, bad).outcomes[0]).toEqual({ kind: 'outOfScope', row: 2, reason: 'card payment' });
  });
});

describe('identifiers and currencies', () => {
  const platform = (fields: Record<string, unknown> = {}) => profile('platform', {
    dates: { order: 'YMD' },
    fields: {
      'Transaction ID': { column: 'id' }, 'Card Number': { column: 'gan' }, Type: { const: 'Redemption' },
      Amount: { column: 'amount' }, Currency: { column: 'currency' }, Timestamp: { column: 'at' }, ...fields,
    },
  });

  it('refuses an identifier a spreadsheet shortened to scientific notation, or a number too long to be exact', () => {
    const rows = [
      { row: 1, cells: ['id', 'gan', 'amount', 'currency', 'at'] },
      { row: 2, cells: ['5.37518E+12', '6006491234567890', '1.00', 'USD', '2026-07-01T10:00:00Z'] },
      { row: 3, cells: ['T-1', Number('9106491234567891'), '1.00', 'USD', '2026-07-01T10:00:00Z'] },
      { row: 4, cells: [123456, 6006491234567890, 1, 'USD', '2026-07-01T10:00:00Z'] },
    ];
    const r = apply(platform(), rows);
    expect(r.at(2)).toMatchObject({ kind: 'quarantine', column: 'id', reason: "id '5.37518E+12' is a number a spreadsheet shortened to scientific notation: the identifier is lost (use the file as exported, not re-saved)" });
    expect(r.at(3)).toMatchObject({ kind: 'quarantine', column: 'gan', reason: 'gan 9106491234567892 is a number too long for a spreadsheet to hold exactly: the identifier is lost (export it as text)' });
    expect(r.at(4)).toMatchObject({ kind: 'record', values: ['123456', '6006491234567890', 'Redemption', '1.00', 'USD', '2026-07-01T10:00:00Z'] });
  });

  it('takes the currency an amount names, and quarantines one that contradicts the row', () => {
    const rows = table('id,gan,amount,currency,at\nT1,6006491234567890,EUR 5.00,,2026-07-01T10:00:00Z\nT2,6006491234567890,EUR 5.00,USD,2026-07-01T10:00:00Z\n');
    const r = apply(platform(), rows);
    expect(r.at(2)).toMatchObject({ kind: 'record', values: expect.arrayContaining(['5.00', 'EUR']) });
    expect(r.at(3)).toMatchObject({ kind: 'quarantine', field: 'Currency', reason: "an amount is written in EUR but the row's Currency is USD" });
  });

  it('flags a column whose values cannot be what it is mapped to, and amounts that look like cents', () => {
    const lines = Array.from({ length: 25 }, (_, i) => `T${i},STER,${1000 + i},USD,2026-07-01T10:00:00Z`).join('\n');
    const r = apply(platform(), table(`id,gan,amount,currency,at\n${lines}\n`));
    expect(r.summary.problems.map((p) => p.kind)).toEqual(['minor-units-suspect', 'value-misfit']);
    expect(r.summary.problems[0].message).toBe("Amount: all 25 amounts are whole numbers with no decimal mark (e.g. '1000'): if they are cents, set money.minorUnits, or every amount is read 100 times too large");
    expect(r.summary.problems[1].message).toBe("Card Number: 25 values are not a card number (8-19 digits) or a store credit number (SC…) (e.g. 'STER'): is the right column mapped?");
  });

  it('passes markers on for the import to settle, and reports every row out of scope as a problem', () => {
    const rows = table('id,gan,amount,currency,at,type\nT1,6006491234567890,,USD,2026-07-01T10:00:00Z,CLEAR_BALANCE\n');
    const r = apply(platform({ Amount: { cases: [{ when: { type: 'CLEAR_BALANCE' }, value: { derive: 'balanceDelta' } }], otherwise: { column: 'amount' } } }), rows);
    expect(r.outcomes[0]).toEqual({ kind: 'record', row: 2, values: ['T1', '6006491234567890', 'Redemption', '', 'USD', '2026-07-01T10:00:00Z'], markers: { Amount: 'balanceDelta' } });
    expect(r.summary.markers).toEqual({ 'Amount: balanceDelta': 1 });
    const none = apply(platform({ Type: { cases: [{ when: { type: 'CLEAR_BALANCE' }, value: { outOfScope: 'expiry' } }] } }), rows);
    expect(none.summary.problems).toEqual([{ kind: 'all-out-of-scope', message: 'every row is out of scope (expiry: 1): nothing of this file reaches the reconciliation' }]);
  });
});
