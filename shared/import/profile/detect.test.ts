import { describe, expect, it } from 'vitest';
import { compileProfile } from './compile';
import { detectProfile, referenceProfile } from './detect';
import { previewProfile } from './preview';
import { profile, table } from './testing';

describe('detection', () => {
  it('finds a preset\'s header under a title block, with its score, and guesses the role', () => {
    const rows = table(`Shop Co.,,,,,,,,\nJournal,,,,,,,,\n\n,Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit\n,07/01/2026,Journal Entry,J1,,m,2410,1.00,\n`);
    const d = detectProfile(rows);
    expect(d.best).toMatchObject({ id: 'qbo-journal', role: 'erp', kind: 'preset', score: 1, matched: 8, of: 8, headerRow: 4, fits: true });
    expect(d.role).toBe('erp');
    expect(d.refusal).toBeNull();
  });

  it('prefers the reference layout for a file in it (the fast path), and knows it renames nothing', () => {
    const rows = table('id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status\ntxn_1,charge,2026-07-01 11:20:10,52.51,1.82,50.69,usd,Order #1,#1,available\n');
    const d = detectProfile(rows);
    expect(d.best).toMatchObject({ id: 'reference-payments', kind: 'reference', score: 1 });
    expect(d.best!.profile.renameOnly).toMatchObject({ id: 'id', Type: 'Type', 'Order ID': 'Order ID' });
    expect(referenceProfile('erp').needsPrescan).toBe(false);
    expect(referenceProfile('erp').renameOnly).not.toBeNull();
  });

  it('honours the role given, and a user\'s own profile beside the presets', () => {
    const rows = table('Ref,Card,Kind,Value,When\nX1,6006491234567890,sale,5.00,2026-07-01T10:00:00Z\n');
    const mine = compileProfile(profile('platform', {
      detect: { headers: ['Ref', 'Card', 'Kind', 'Value', 'When'] },
      fields: { 'Transaction ID': { column: 'Ref' }, 'Card Number': { column: 'Card' }, Type: { column: 'Kind' }, Amount: { column: 'Value' }, Timestamp: { column: 'When' } },
    }));
    expect(detectProfile(rows, { profiles: [mine] }).best).toMatchObject({ id: 'test', kind: 'profile', role: 'platform' });
    const other = detectProfile(rows, { role: 'erp', profiles: [mine] });
    expect(other.best).toBeNull();
    expect(other.refusal).toBe('no preset or profile for the erp role fits this file, and it is not in the reference layout');
  });

  it('refuses a layout known not to be readable, naming the export to use', () => {
    const rows = table('Name,Email,Financial Status,Paid at,Fulfillment Status,Fulfilled at,Currency,Total,Lineitem quantity,Lineitem name,Lineitem price\n#1001,a@b.c,paid,2026-06-08 22:55:29 +1000,unfulfilled,,AUD,0.55,1,Shirt,50.00\n');
    const d = detectProfile(rows);
    expect(d.best).toBeNull();
    expect(d.refusal).toMatch(/^Shopify — Orders export \(header at row 1\): this is Shopify's orders export: one row per line item/);
  });

  it('refuses a file nothing fits, naming the closest candidate and what it lacks', () => {
    const rows = table('Order,Name,Kind,Created At,Amount\n1,#1,sale,2026-07-01 10:00:00 -0400,5.00\n');
    const d = detectProfile(rows);
    expect(d.best).toBeNull();
    expect(d.refusal).toBe("no preset or profile for any role fits this file, and it is not in the reference layout; the closest is Shopify — Export transactions (transaction histories) (row 1 lacks 'Gateway', 'Status', 'Currency', 'Card Type')");
  });
});

describe('preview for the profile editor', () => {
  const rows = table(`Shop Co.,,
,,
Ref,Kind,Value
A1,sale,5.00
A2,void,x
A3,fee,1.00
`);
  const json = profile('payments', {
    detect: { headers: ['Ref', 'Kind', 'Value'] },
    rows: [{ when: { Kind: 'fee' }, outOfScope: 'fee' }],
    dates: { order: 'YMD' },
    fields: { id: { column: 'Ref' }, Type: { cases: [{ when: { Kind: 'sale' }, value: 'charge' }], otherwise: { quarantine: "Kind '{Kind}' is not mapped" } }, 'Created (UTC)': { const: '2026-07-01T00:00:00Z' }, Amount: { column: 'Value' } },
  });

  it('shows the source cells beside each outcome, and the control totals over the rows given', () => {
    const p = previewProfile(json, rows, 2);
    if (!p.ok) throw new Error(p.error);
    expect(p.headerRow).toBe(3);
    expect(p.headers).toEqual(['Ref', 'Kind', 'Value']);
    expect(p.sources).toEqual({ id: ['Ref'], Type: ['Kind'], 'Created (UTC)': [], Amount: ['Value'] });
    expect(p.rows).toEqual([
      { row: 4, cells: ['A1', 'sale', '5.00'], outcome: 'record', record: { id: 'A1', Type: 'charge', 'Created (UTC)': '2026-07-01T00:00:00Z', Amount: '5.00' } },
      { row: 5, cells: ['A2', 'void', 'x'], outcome: 'quarantine', reason: "Kind 'void' is not mapped", column: 'Kind', field: 'Type' },
    ]);
    expect(p.summary).toMatchObject({ rows: 5, records: 1, outOfScope: 3, quarantined: 1, money: { Amount: { total: '5.00', count: 1 } } });
  });

  it('gives a profile\'s one-line error instead of a preview', () => {
    expect(previewProfile({ ...json, fields: { id: { column: 'Reff' } } }, rows)).toEqual({
      ok: false, error: "profile test: fields: the payments layout needs 'Type': map it, generate it or make it from other columns",
    });
    expect(previewProfile({ ...json, detect: { headers: ['Reff'] } }, rows)).toEqual({
      ok: false, error: 'profile test: no row holds the header (Reff): this file is not in the layout this profile reads',
    });
  });
});
