import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { runCase } from '../case/pipeline';
import { loadSqlJs } from '../node/files';
import { maskCard, maskCardsIn } from './mask';
import { DEFAULT_SETTINGS, type CaseSettings, type InputFile } from '../types';

// Card …0009 is activated for 300.00 that nobody paid for and spends 180.67 of it. The storefront issues 15.00
// of store credit (order #20) the platform never recorded: a store-credit line with no card. The ERP has a
// manual accrual of 10.00 on the gift card account and one of 7.00 on the store credit account.
const FILES: Record<string, string> = {
  platform: `Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note
GT-1,6006000000000009,Activation,300.00,300.00,USD,2026-07-02T10:00:00Z,,,api,system,
GT-2,6006000000000009,Redemption,100.00,200.00,USD,2026-07-05T12:00:00Z,#11,,online,system,
GT-3,6006000000000009,Redemption,80.67,119.33,USD,2026-07-06T12:00:00Z,#12,,online,system,
`,
  storefront: `Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location
#11,S-11,2026-07-05T11:59:00Z,gift_card_applied,0009,100.00,USD,success,online
#12,S-12,2026-07-06T11:59:00Z,gift_card_applied,0009,80.67,USD,success,online
#20,S-20,2026-07-08T09:00:00Z,store_credit_issued,0077,15.00,USD,success,online
`,
  payments: `id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status
`,
  erp: `Journal,Line,Date,Period,Account,Debit,Credit,Memo,Reference,Source,Created By
J-1,1,2026-07-02,2026-07,2410 Gift Card Liability,,300.00,Gift card issued,GT-1,GC,sync
J-2,1,2026-07-05,2026-07,2410 Gift Card Liability,100.00,,Gift card redeemed,GT-2,GC,sync
J-3,1,2026-07-06,2026-07,2410 Gift Card Liability,80.67,,Gift card redeemed,GT-3,GC,sync
J-8,1,2026-07-09,2026-07,2420 Store Credit Liability,,7.00,Manual accrual,,GL,controller
J-9,1,2026-07-09,2026-07,2410 Gift Card Liability,,10.00,Manual accrual,,GL,controller
`,
};
const SETTINGS: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC' };
const files = (): InputFile[] => Object.entries(FILES).map(([role, text]) => ({ role: role as InputFile['role'], name: `${role}.csv`, bytes: new TextEncoder().encode(text) }));
const by = { user: 'ana', at: '2026-10-15T10:00:00.000Z' };

/** journal_entries.csv as rows of cells, without the header. */
const rowsOf = (csv: string) => Papa.parse<string[]>(csv.trimEnd()).data.slice(1);

describe('journal_entries.csv', () => {
  it('books each entry to the liability account of its event’s instrument and to its category’s offset account', async () => {
    const c = await runCase(await loadSqlJs(), { files: files(), settings: { ...SETTINGS, offsetAccounts: { ERP_ONLY_ENTRY: '6995 Unsupported ERP Entries' } } });
    const id = (pred: (x: (typeof c.report.exceptions)[number]) => boolean) => c.report.exceptions.find(pred)!.id;
    const giftPlug = id((x) => x.category === 'ERP_ONLY_ENTRY' && x.records[0].ref === 'J-9:1');
    const creditPlug = id((x) => x.category === 'ERP_ONLY_ENTRY' && x.records[0].ref === 'J-8:1');
    const credit = id((x) => x.category === 'MISSING_IN_PLATFORM' && x.card === null);
    const rows = rowsOf(c.journalEntriesCsv());
    const line = (exc: string, n: number) => rows.find((r) => r[8] === exc && r[1] === String(n))!;
    // The explanation of every ERP-only line names the storefront: the account follows the line's own account.
    expect(line(giftPlug, 1).slice(3, 6)).toEqual(['2410 Gift Card Liability', '10.00', '']);
    expect(line(creditPlug, 1).slice(3, 6)).toEqual(['2420 Store Credit Liability', '7.00', '']);
    expect(line(giftPlug, 2).slice(3, 6)).toEqual(['6995 Unsupported ERP Entries', '', '10.00']);
    // A store-credit line with no card is store credit all the same.
    expect(line(credit, 1).slice(3, 6)).toEqual(['2420 Store Credit Liability', '', '15.00']);
    expect(line(credit, 2).slice(3, 6)).toEqual(['4010 Gift Card Redemptions Clearing', '15.00', '']);
    expect(line(credit, 1)[6]).toBe(`${credit} Missing in platform card ending 0077: It happened`);
    // Each journal balances.
    for (const j of new Set(rows.map((r) => r[0]))) {
      const [a, b] = rows.filter((r) => r[0] === j);
      expect([a[4] || a[5], a[4] ? 'debit' : 'credit']).toEqual([b[5] || b[4], b[5] ? 'debit' : 'credit']);
    }
    c.close();
  });

  it('says and books the resolution in force, not the default', async () => {
    const c = await runCase(await loadSqlJs(), { files: files(), settings: SETTINGS });
    const unpaid = c.report.exceptions.find((x) => x.category === 'UNPAID_ACTIVATION')!;
    expect(rowsOf(c.journalEntriesCsv()).some((r) => r[8] === unpaid.id)).toBe(false); // a flag: it moves no books
    c.decide([{ key: unpaid.key, action: 'resolve', resolution: 'exclude_unspent', ...by }], 'exclude');
    const rows = rowsOf(c.journalEntriesCsv({ unmasked: true })).filter((r) => r[8] === unpaid.id);
    expect(rows.map((r) => r.slice(3, 7))).toEqual([
      ['2410 Gift Card Liability', '119.33', '', `${unpaid.id} Unpaid activation card 6006000000000009: Exclude only the part not yet spent: the spend stands, as a finding of its own`],
      ['1290 Gift Card Sales Clearing', '', '119.33', `${unpaid.id} Unpaid activation card 6006000000000009: Exclude only the part not yet spent: the spend stands, as a finding of its own`],
    ]);
    c.close();
  });

  it('masks card numbers unless asked for them whole, in the entries, the platform corrections and the workpapers', async () => {
    const c = await runCase(await loadSqlJs(), { files: files(), settings: SETTINGS });
    const unpaid = c.report.exceptions.find((x) => x.category === 'UNPAID_ACTIVATION')!;
    c.decide([{ key: unpaid.key, action: 'resolve', resolution: 'exclude_unspent', ...by }], 'exclude');
    const full = '6006000000000009';
    expect(maskCard(full)).toBe('6006 00•• •••• 0009');
    expect(maskCard('SC0000001234')).toBe('SC••••••1234');
    expect(maskCardsIn(`card ${full} and SC0000001234; sha 0123456789abcdef0123456789`)).toBe('card 6006 00•• •••• 0009 and SC••••••1234; sha 0123456789abcdef0123456789');
    const journal = c.journalEntriesCsv();
    expect(journal).not.toContain(full);
    expect(journal).toContain('card 6006 00•• •••• 0009');
    expect(c.journalEntriesCsv({ unmasked: true })).toContain(`card ${full}`);
    const corrections = Papa.parse<string[]>(c.platformCorrectionsCsv().trimEnd()).data.slice(1);
    expect(corrections.map((r) => r[0])).toEqual(['6006 00•• •••• 0009']);
    expect(c.platformCorrectionsCsv({ unmasked: true })).toContain(full);
    const text = (bytes: Uint8Array) => {
      const book = XLSX.read(bytes, { type: 'array' });
      return book.SheetNames.map((n) => XLSX.utils.sheet_to_csv(book.Sheets[n])).join('\n');
    };
    const masked = text(c.workpapers());
    expect(masked).not.toContain(full);
    expect(masked).toContain('6006 00•• •••• 0009');
    expect(text(c.workpapers(undefined, { unmasked: true }))).toContain(full);
    // report.json keeps the data whole.
    expect(c.reportJson()).toContain(full);
    c.close();
  });
});
