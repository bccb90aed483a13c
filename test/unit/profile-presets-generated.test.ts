// The presets on fresh data: quarters the fixture generator renders in the vendors' layouts (Square, Shopify as
// exported and as Excel re-saves it, Stripe activity and itemized, QuickBooks Online Journal and General Ledger),
// detected with no profile named and read through the preset; every record is compared with the reference-layout
// row of the same quarter it stands for, and no row is quarantined.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { parseAmount } from '../../shared/money';
import { parseInstant } from '../../shared/time';
import { applyProfile, detectProfile, type CompiledProfile, type RawRow, type RowOutcome } from '../../shared/import/profile';
import { fileText, generateQuarter, type GenerateOptions, type GeneratedQuarter } from '../fixtures/generate';

type Row = Record<string, string>;

function rows(q: GeneratedQuarter, name: string): RawRow[] {
  const f = q.files.find((x) => x.name === name);
  if (!f || f.kind !== 'text') throw new Error(`no text file ${name}`);
  const t = fileText(f);
  const data = Papa.parse<string[]>(t, { skipEmptyLines: false }).data;
  if (t.endsWith('\n')) data.pop();
  return data.map((cells, i) => ({ row: i + 1, cells }));
}

function reference(q: GeneratedQuarter, name: string): Row[] {
  const [header, ...rest] = rows(q, name);
  return rest.map((r) => Object.fromEntries(header.cells.map((h, i) => [String(h), String(r.cells[i] ?? '')])));
}

function read(q: GeneratedQuarter, name: string): { profile: CompiledProfile; records: Row[]; outcomes: RowOutcome[] } {
  const all = rows(q, name);
  const d = detectProfile(all.slice(0, 50));
  if (!d.best) throw new Error(`${name}: ${d.refusal}`);
  const profile = d.best.profile;
  const outcomes: RowOutcome[] = [];
  const summary = applyProfile(profile, function* () {
    for (let i = 0; i < all.length; i += 50) yield all.slice(i, i + 50);
  }, (o) => outcomes.push(...o), { file: name, format: 'csv' });
  expect(summary.rows).toBe(all.length - 1);
  expect(summary.records + summary.outOfScope + summary.quarantined).toBe(summary.rows);
  expect(outcomes.filter((o) => o.kind === 'quarantine')).toEqual([]);
  const records = outcomes.flatMap((o) => (o.kind === 'record' ? [Object.fromEntries(profile.columns.map((c, i) => [c, o.values[i]]))] : []));
  return { profile, records, outcomes };
}

const cents = (v: string): number => {
  if (v === '') return 0;
  const r = parseAmount(v);
  if (!r.ok) throw new Error(r.reason);
  return r.cents;
};
const instant = (v: string, utc = false): number => {
  const r = parseInstant(v, { assumeUtc: utc });
  if (!r.ok) throw new Error(`${v}: ${r.reason}`);
  return r.ms;
};
const usDate = (v: string) => v.replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, '$3-$1-$2');

/** A multiset: each key taken once. */
function takeAll<T>(keys: string[], items: T[], keyOf: (t: T) => string): { missing: string[]; left: string[] } {
  const want = new Map<string, number>();
  for (const k of keys) want.set(k, (want.get(k) ?? 0) + 1);
  const missing: string[] = [];
  for (const it of items) {
    const k = keyOf(it);
    const n = want.get(k) ?? 0;
    if (n === 0) missing.push(k);
    else want.set(k, n - 1);
  }
  return { missing, left: [...want].filter(([, n]) => n > 0).map(([k]) => k) };
}

const base: GenerateOptions = { seed: 11, cards: 150, timezone: 'America/Los_Angeles' };
const cases: [string, GenerateOptions, string[]][] = [
  ['Square, Shopify, Stripe activity, QBO Journal', { ...base, layout: 'vendor' }, ['square-gift-card-activities', 'shopify-transactions', 'stripe-balance-history', 'qbo-journal']],
  ['Shopify re-saved by Excel, Stripe itemized, QBO General Ledger', {
    ...base, layout: { platform: 'square-gca', storefront: 'shopify-tx', payments: 'stripe-itemized', erp: 'qbo-gl' }, excelResaved: true,
  }, ['square-gift-card-activities', 'shopify-transactions', 'stripe-itemized-balance-change', 'qbo-general-ledger']],
];

describe('presets on generated quarters in the vendors\' layouts', () => {
  const ref = generateQuarter({ ...base, erpFormat: 'csv' });

  for (const [title, options, presets] of cases) {
    describe(title, () => {
      const q = generateQuarter(options);

      it('detects each file\'s preset, and reads the platform as the reference file has it', () => {
        const { profile, records } = read(q, 'platform.csv');
        expect(profile.id).toBe(presets[0]);
        const byId = new Map(reference(ref, 'platform.csv').map((r) => [r['Transaction ID'], r]));
        expect(records.length).toBe(byId.size);
        for (const r of records) {
          const x = byId.get(r['Transaction ID'])!;
          expect([r['Card Number'], r.Type, cents(r['Balance After']), instant(r.Timestamp)], r['Transaction ID'])
            .toEqual([x['Card Number'], x.Type, cents(x['Balance After']), instant(x.Timestamp)]);
          // An expiry's amount comes from the balance chain, a void's order from its redemption: the import settles both.
          if (x.Type !== 'Expiry') expect(cents(r.Amount), r['Transaction ID']).toBe(cents(x.Amount));
          if (x.Type !== 'Void') expect(r['Order Ref'], r['Transaction ID']).toBe(x['Order Ref']);
          expect(r.Operator.startsWith('csr:'), r['Transaction ID']).toBe(x.Operator.startsWith('csr:'));
        }
      });

      it('reads the storefront\'s gift card and store credit tenders, and nothing else', () => {
        const { profile, records } = read(q, 'storefront.csv');
        expect(profile.id).toBe(presets[1]);
        const key = (r: Row) => `${r.Order}|${r.Event}|${cents(r.Amount)}|${r.Status}|${instant(r['Created At'])}`;
        const want = reference(ref, 'storefront.csv').filter((x) => x.Event !== 'gift_card_sold');
        expect(takeAll(want.map(key), records, key)).toEqual({ missing: [], left: [] });
      });

      it('reads the processor\'s gift card payments, and sets the rest out of scope', () => {
        const { profile, records } = read(q, 'payments.csv');
        expect(profile.id).toBe(presets[2]);
        const want = reference(ref, 'payments.csv').filter((x) => /gift\s*card/i.test(x.Description));
        const minute = (v: string) => Math.floor(instant(v, true) / 60_000);
        const key = (r: Row) => `${r.id}|${r.Type}|${cents(r.Amount)}|${r['Order ID']}|${minute(r['Created (UTC)'])}`;
        expect(takeAll(want.map(key), records, key)).toEqual({ missing: [], left: [] });
        expect(records.every((r) => r.Instrument === 'gift_card')).toBe(true);
      });

      it('reads the ledger\'s lines with their account, date, amount, reference and instrument', () => {
        const { profile, records } = read(q, 'erp.csv');
        expect(profile.id).toBe(presets[3]);
        const ledger = !!profile.def.otherAccounts;
        const liability = (a: string) => /^24[12]0/.test(a);
        const want = reference(ref, 'erp.csv').filter((x) => !ledger || liability(x.Account));
        // The Journal report keeps line numbers; the General Ledger spreads an entry over its accounts' sections.
        const key = (r: Row, refRow: boolean) => [
          r.Journal, ledger ? '' : r.Line, refRow ? usDate(r.Date) : r.Date, r.Account, cents(r.Credit) - cents(r.Debit),
          refRow ? (/^GT-/.test(r.Reference) ? r.Reference : '') : r.Reference,
          refRow ? (liability(r.Account) ? (r.Account.startsWith('2420') ? 'store_credit' : 'gift_card') : '') : r.Instrument,
        ].join('|');
        expect(takeAll(want.map((x) => key(x, true)), records, (r) => key(r, false))).toEqual({ missing: [], left: [] });
      });
    });
  }
});
