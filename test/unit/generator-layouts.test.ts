// The fixture generator's vendor layouts: the same quarter written as Square, Shopify, Stripe and QuickBooks
// Online export it. Every check reads the rendered files back and compares them with the reference-layout
// files of the same quarter and with the known answer; the layouts' headers are written out here as the
// vendors' documentation gives them, not taken from the generator.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import { DateTime } from 'luxon';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseAmount } from '../../shared/money';
import { fileText, generateQuarter, quarterFiles, readmeText, refmapJson, type GenerateOptions, type GeneratedQuarter } from '../fixtures/generate';
import { writeQuarter } from '../fixtures/write-quarter';

type Row = Record<string, string>;

function cents(raw: string): number {
  const r = parseAmount(raw);
  if (!r.ok) throw new Error(`${raw}: ${r.reason}`);
  return r.cents;
}

function text(q: GeneratedQuarter, name: string): string {
  const f = q.files.find((x) => x.name === name);
  if (!f || f.kind !== 'text') throw new Error(`no text file ${name}`);
  return fileText(f);
}

/** Every line of a CSV file, parsed (empty lines kept, so that index + 1 is the file's line number). */
function lines(q: GeneratedQuarter, name: string): string[][] {
  const t = text(q, name);
  const data = Papa.parse<string[]>(t, { skipEmptyLines: false }).data;
  if (t.endsWith('\n')) data.pop();
  return data;
}

/** A reference ERP line's debit and credit in cents (a reversal written as negatives on the original sides, swapped back). */
function sides(r: Row): [number, number] {
  const d = r['Debit'] ? cents(r['Debit']) : 0;
  const c = r['Credit'] ? cents(r['Credit']) : 0;
  return d < 0 || c < 0 ? [Math.abs(c), Math.abs(d)] : [d, c];
}

/** The rows of a plain CSV (header on line 1) as records. */
function records(q: GeneratedQuarter, name: string): Row[] {
  const [header, ...rest] = lines(q, name);
  return rest.map((cells) => Object.fromEntries(header.map((h, i) => [h, cells[i]])));
}

const cache = new Map<string, GeneratedQuarter>();
function gen(o: GenerateOptions): GeneratedQuarter {
  const k = JSON.stringify(o);
  if (!cache.has(k)) cache.set(k, generateQuarter(o));
  return cache.get(k)!;
}

const base: GenerateOptions = { seed: 21, cards: 400, timezone: 'America/Chicago' };
const reference = () => gen({ ...base, erpFormat: 'csv' });
const vendor = () => gen({ ...base, layout: 'vendor' });
const variants = () => gen({ ...base, layout: { platform: 'square-gca', storefront: 'shopify-tx', payments: 'stripe-itemized', erp: 'qbo-gl' }, excelResaved: true });

const SQUARE_HEADER =
  'id,type,location_id,created_at,gift_card_id,gift_card_gan,gift_card_balance_money.amount,gift_card_balance_money.currency,' +
  'activate_activity_details.amount_money.amount,activate_activity_details.amount_money.currency,activate_activity_details.order_id,activate_activity_details.reference_id,' +
  'load_activity_details.amount_money.amount,load_activity_details.amount_money.currency,load_activity_details.order_id,load_activity_details.reference_id,' +
  'redeem_activity_details.amount_money.amount,redeem_activity_details.amount_money.currency,redeem_activity_details.reference_id,redeem_activity_details.status,' +
  'refund_activity_details.redeem_activity_id,refund_activity_details.amount_money.amount,refund_activity_details.amount_money.currency,refund_activity_details.reference_id,' +
  'adjust_increment_activity_details.amount_money.amount,adjust_increment_activity_details.amount_money.currency,adjust_increment_activity_details.reason,' +
  'adjust_decrement_activity_details.amount_money.amount,adjust_decrement_activity_details.amount_money.currency,adjust_decrement_activity_details.reason,' +
  'clear_balance_activity_details.reason,deactivate_activity_details.reason';
const SHOPIFY_HEADER = 'Order,Name,Kind,Gateway,Created At,Status,Amount,Currency,Card Type';
const STRIPE_ACTIVITY_HEADER =
  'id,Type,Source,Amount,Fee,Destination Platform Fee,Destination Platform Fee Currency,Net,Currency,Created (UTC),Available On (UTC),Description,' +
  'Customer Facing Amount,Customer Facing Currency,Transfer,Transfer Date (UTC),Transfer Group,order_id (metadata),product_type (metadata)';
const STRIPE_ITEMIZED_HEADER =
  'balance_transaction_id,created_utc,created,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,' +
  'customer_facing_amount,customer_facing_currency,payment_metadata[order_id],payment_metadata[product_type],refund_metadata[order_id]';

const SQUARE_TYPE: Record<string, string> = { Activation: 'ACTIVATE', Reload: 'LOAD', Redemption: 'REDEEM', Refund: 'REFUND', Expiry: 'CLEAR_BALANCE', Void: 'ADJUST_INCREMENT' };
const DETAIL: Record<string, string> = {
  ACTIVATE: 'activate',
  LOAD: 'load',
  REDEEM: 'redeem',
  REFUND: 'refund',
  ADJUST_INCREMENT: 'adjust_increment',
  ADJUST_DECREMENT: 'adjust_decrement',
  CLEAR_BALANCE: 'clear_balance',
};

describe('fixture generator, vendor layouts', () => {
  it('renders the same quarter: the known answer and the files left in the reference layout do not change', () => {
    const ref = reference();
    for (const q of [vendor(), variants()]) {
      const strip = (e: GeneratedQuarter['expected']) => ({ ...e, render: undefined, stats: { ...e.stats, rows: {} } });
      expect(strip(q.expected)).toEqual(strip(ref.expected));
      expect(q.expected.render?.files.erp).toBe('erp.csv');
      expect(text(q, 'opening_balances.csv')).toBe(text(ref, 'opening_balances.csv'));
    }
    const onlySquare = gen({ ...base, erpFormat: 'csv', layout: { platform: 'square-gca' } });
    const a = quarterFiles(onlySquare);
    const b = quarterFiles(ref);
    for (const name of ['storefront.csv', 'payments.csv', 'erp.csv', 'opening_balances.csv']) expect(a[name], name).toBe(b[name]);
    expect(a['platform.csv']).not.toBe(b['platform.csv']);
    expect(ref.refmap).toBeNull();
    expect(ref.expected.render).toBeUndefined();
  });

  it('is deterministic: same seed, same bytes, refmap and README; another seed, other bytes', () => {
    for (const o of [{ ...base, layout: 'vendor' as const }, { ...base, layout: { payments: 'stripe-itemized' as const, erp: 'qbo-gl' as const, storefront: 'shopify-tx' as const }, excelResaved: true }]) {
      const x = generateQuarter(o);
      const y = generateQuarter(o);
      expect(quarterFiles(x)).toEqual(quarterFiles(y));
      expect(refmapJson(x.refmap!)).toBe(refmapJson(y.refmap!));
      expect(readmeText(x)).toBe(readmeText(y));
    }
    const other = generateQuarter({ ...base, seed: 22, layout: 'vendor' });
    for (const name of ['platform.csv', 'storefront.csv', 'payments.csv', 'erp.csv']) expect(text(other, name), name).not.toBe(text(vendor(), name));
  });

  it('writes Square gift card activity: cents, only the own type filled, newest first, voids and overrides as Square has them', () => {
    const q = vendor();
    const [header] = lines(q, 'platform.csv');
    expect(header.join(',')).toBe(SQUARE_HEADER);
    const rows = records(q, 'platform.csv');
    const refRows = new Map(records(reference(), 'platform.csv').map((r) => [r['Transaction ID'], r]));
    expect(rows.length).toBe(refRows.size);
    const zone = q.options.timezone;
    let last = Infinity;
    const locationOf = new Map<string, Set<string>>();
    for (const r of rows) {
      const src = refRows.get(r['id'])!;
      expect(src, r['id']).toBeDefined();
      // Newest first; RFC 3339 with the business zone's offset at that instant; the same instant as the platform's.
      const at = DateTime.fromISO(r['created_at'], { setZone: true });
      expect(at.toMillis()).toBeLessThanOrEqual(last);
      last = at.toMillis();
      expect(r['created_at']).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d$/);
      expect(at.offset).toBe(DateTime.fromMillis(at.toMillis(), { zone }).offset);
      expect(at.toMillis()).toBe(Date.parse(src['Timestamp']));
      // Money in cents: the balance and the own type's amount, integers; every other type's columns empty.
      expect(r['gift_card_balance_money.amount']).toMatch(/^\d+$/);
      expect(Number(r['gift_card_balance_money.amount'])).toBe(cents(src['Balance After']));
      const detail = DETAIL[r['type']];
      expect(detail, r['type']).toBeDefined();
      for (const [col, v] of Object.entries(r)) {
        const m = /^(\w+)_activity_details\./.exec(col);
        if (m && v !== '') expect(m[1], `${r['id']} ${col}`).toBe(detail);
      }
      const amount = r[`${detail}_activity_details.amount_money.amount`];
      if (r['type'] === 'CLEAR_BALANCE') {
        expect(amount).toBeUndefined();
        expect(r['gift_card_balance_money.amount']).toBe('0');
        expect(r['clear_balance_activity_details.reason']).toBe('UNKNOWN_REASON');
      } else {
        expect(amount).toMatch(/^\d+$/);
        expect(Number(amount)).toBe(Math.abs(cents(src['Amount'])));
      }
      if (src['Type'] === 'Adjustment') {
        expect(r['type']).toBe(cents(src['Amount']) >= 0 ? 'ADJUST_INCREMENT' : 'ADJUST_DECREMENT');
        expect(r[`${detail}_activity_details.reason`]).toMatch(/^(COMPLIMENTARY|SUPPORT_ISSUE)$/);
      } else {
        expect(r['type']).toBe(SQUARE_TYPE[src['Type']]);
      }
      if (src['Type'] === 'Void') expect(r['adjust_increment_activity_details.reason']).toBe('TRANSACTION_VOIDED');
      if (['activate', 'load', 'redeem', 'refund'].includes(detail)) expect(r[`${detail}_activity_details.reference_id`]).toBe(src['Order Ref']);
      if (detail === 'redeem') expect(r['redeem_activity_details.status']).toBe('COMPLETED');
      const channel = src['Channel'] === 'csr' || src['Channel'] === 'api' ? 'office' : src['Channel'];
      if (!locationOf.has(channel)) locationOf.set(channel, new Set());
      locationOf.get(channel)!.add(r['location_id']);
    }
    // Support and system activity at one location (head office) that no sale or tender uses; online at one other.
    expect(locationOf.get('office')!.size).toBe(1);
    expect(locationOf.get('online')!.size).toBe(1);
    const office = [...locationOf.get('office')!][0];
    expect(locationOf.get('pos')!.has(office) || locationOf.get('online')!.has(office)).toBe(false);
    expect(locationOf.get('pos')!.size).toBeGreaterThan(5);
    // A CLEAR_BALANCE states no amount: the expired amount is the card's previous balance.
    const byCard = new Map<string, Row[]>();
    for (const r of [...rows].reverse()) byCard.set(r['gift_card_gan'], [...(byCard.get(r['gift_card_gan']) ?? []), r]);
    const opening = new Map(records(q, 'opening_balances.csv').map((r) => [r['Card Number'], cents(r['Balance'])]));
    let cleared = 0;
    for (const [gan, list] of byCard) {
      list.forEach((r, i) => {
        if (r['type'] !== 'CLEAR_BALANCE') return;
        const before = i === 0 ? opening.get(gan)! : Number(list[i - 1]['gift_card_balance_money.amount']);
        expect(before).toBe(cents(refRows.get(r['id'])!['Amount']));
        cleared++;
      });
    }
    expect(cleared).toBeGreaterThan(0);
    // A REFUND names the REDEEM of the same card it pays back.
    const byId = new Map(rows.map((r) => [r['id'], r]));
    const refunds = rows.filter((r) => r['type'] === 'REFUND');
    expect(refunds.length).toBeGreaterThan(0);
    for (const r of refunds) {
      const red = byId.get(r['refund_activity_details.redeem_activity_id'])!;
      expect(red['type']).toBe('REDEEM');
      expect(red['gift_card_gan']).toBe(r['gift_card_gan']);
      expect(red['redeem_activity_details.reference_id']).toBe(r['refund_activity_details.reference_id']);
    }
    // Manual overrides: adjustments at head office with no reference (Square records no operator).
    for (const a of q.expected.anomalies.filter((x) => x.category === 'MANUAL_OVERRIDE')) {
      const r = byId.get(a.records[0].ref)!;
      expect(r['type']).toMatch(/^ADJUST_(IN|DE)CREMENT$/);
      expect(r['location_id']).toBe(office);
    }
  });

  it('writes the Shopify transactions export: no card, no id, gift card sales as card payments, voids at 0.00', () => {
    const q = vendor();
    const raw = text(q, 'storefront.csv').split('\n');
    expect(raw[0]).toBe(SHOPIFY_HEADER);
    const rows = records(q, 'storefront.csv');
    expect(new Set(rows.map((r) => r['Kind']))).toEqual(new Set(['sale', 'refund', 'void']));
    expect(new Set(rows.map((r) => r['Gateway']))).toEqual(new Set(['gift_card', 'shopify_store_credit', 'shopify_payments']));
    // Card Type: the brand on card payments, a quoted empty string otherwise (as Shopify writes it).
    raw.slice(1, -1).forEach((line, i) => {
      const r = rows[i];
      if (r['Gateway'] === 'shopify_payments') expect(r['Card Type']).toMatch(/^(visa|master|american_express|discover)$/);
      else expect(line.endsWith(',""'), line).toBe(true);
    });
    // Newest order first, one block per order, its transactions oldest first; 13-digit ids that grow with the number.
    const seen = new Set<string>();
    let prev: Row | null = null;
    for (const r of rows) {
      expect(r['Order']).toMatch(/^\d{13}$/);
      expect(r['Name']).toMatch(/^#\d+$/);
      if (prev && prev['Name'] === r['Name']) {
        expect(r['Order']).toBe(prev['Order']);
        expect(DateTime.fromFormat(r['Created At'], 'yyyy-MM-dd HH:mm:ss ZZZ').toMillis()).toBeGreaterThanOrEqual(DateTime.fromFormat(prev['Created At'], 'yyyy-MM-dd HH:mm:ss ZZZ').toMillis());
      } else {
        expect(seen.has(r['Name']), r['Name']).toBe(false);
        seen.add(r['Name']);
        if (prev) {
          expect(Number(r['Name'].slice(1))).toBeLessThan(Number(prev['Name'].slice(1)));
          expect(Number(r['Order'])).toBeLessThan(Number(prev['Order']));
        }
      }
      prev = r;
    }
    // Voids: 0.00 on the tender's gateway; the order has the successful sale on that gateway that was voided.
    const voids = rows.filter((r) => r['Kind'] === 'void');
    expect(voids.length).toBeGreaterThan(0);
    for (const v of voids) {
      expect(v['Amount']).toBe('0.00');
      expect(v['Gateway']).not.toBe('shopify_payments');
      expect(rows.some((r) => r['Name'] === v['Name'] && r['Kind'] === 'sale' && r['Status'] === 'success' && r['Gateway'] === v['Gateway'])).toBe(true);
    }
    // Pending, then success when it completed.
    expect(rows.some((r, i) => r['Status'] === 'pending' && rows.slice(i + 1).some((s) => s['Name'] === r['Name'] && s['Status'] === 'success' && s['Amount'] === r['Amount']))).toBe(true);
    // The same money as the reference storefront: each event where Shopify puts it.
    const sum = (list: Row[], col: string) => list.reduce((s, r) => s + cents(r[col]), 0);
    const src = records(reference(), 'storefront.csv').filter((r) => r['Status'] === 'success');
    const ok = rows.filter((r) => r['Status'] === 'success');
    const pick = (kind: string, gateway: string) => ok.filter((r) => r['Kind'] === kind && r['Gateway'] === gateway);
    const srcOf = (...events: string[]) => src.filter((r) => events.includes(r['Event']));
    expect(sum(pick('sale', 'gift_card'), 'Amount') + sum(pick('sale', 'shopify_store_credit'), 'Amount')).toBe(sum(srcOf('gift_card_applied', 'store_credit_applied'), 'Amount'));
    expect(sum(pick('refund', 'gift_card'), 'Amount')).toBe(sum(srcOf('gift_card_refunded'), 'Amount'));
    expect(sum(pick('refund', 'shopify_store_credit'), 'Amount')).toBe(sum(srcOf('store_credit_issued'), 'Amount'));
    expect(pick('void', 'gift_card').length + pick('void', 'shopify_store_credit').length).toBe(srcOf('order_voided').length);
    // A gift card sold is the card payment of its order: the order's charge at the processor, "Gift card purchase".
    const charges = new Map(records(reference(), 'payments.csv').filter((r) => r['Type'] === 'charge').map((r) => [r['Order ID'], r]));
    for (const s of srcOf('gift_card_sold')) {
      const sale = pick('sale', 'shopify_payments').filter((r) => r['Name'] === s['Order']);
      expect(sale.map((r) => r['Amount']), s['Order']).toEqual([s['Amount']]);
      expect(charges.get(s['Order'])?.['Description']).toBe(`Gift card purchase ${s['Order']}`);
    }
  });

  it('writes the Shopify export as Excel re-saves it when asked', () => {
    const plain = records(vendor(), 'storefront.csv');
    const excel = records(variants(), 'storefront.csv');
    expect(excel.length).toBe(plain.length);
    excel.forEach((r, i) => {
      const p = plain[i];
      expect(r['Order']).toMatch(/^\d\.\d{1,5}E\+12$/);
      expect(Number(r['Order'])).toBe(Number(Number(p['Order']).toPrecision(6)));
      expect(r['Amount']).not.toMatch(/\.\d?0$/);
      expect(cents(r['Amount'])).toBe(cents(p['Amount']));
      expect(r['Card Type']).toBe(p['Card Type']);
    });
    expect(text(variants(), 'storefront.csv')).not.toContain('""');
  });

  it('writes the Stripe "all activity" export: minutes, payouts that pay out what was available, chargebacks', () => {
    const q = vendor();
    expect(lines(q, 'payments.csv')[0].join(',')).toBe(STRIPE_ACTIVITY_HEADER);
    const rows = records(q, 'payments.csv');
    const src = new Map(records(reference(), 'payments.csv').map((r) => [r['id'], r]));
    let last = '9999';
    for (const r of rows) {
      expect(r['Created (UTC)']).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d$/);
      expect(r['Created (UTC)'] <= last).toBe(true);
      last = r['Created (UTC)'];
      expect(cents(r['Net'])).toBe(cents(r['Amount']) - cents(r['Fee']));
      expect(r['Currency']).toBe('usd');
    }
    // Every processor row of the quarter, with its amount, fee, order and minute.
    for (const [id, s] of src) {
      const r = rows.find((x) => x['id'] === id)!;
      expect(r, id).toBeDefined();
      expect([r['Amount'], r['Fee']]).toEqual([s['Amount'], s['Fee']]);
      expect(r['Created (UTC)']).toBe(s['Created (UTC)'].slice(0, 16));
      if (s['Type'] === 'charge' || s['Type'] === 'refund') {
        expect(r['Type']).toBe(s['Type']);
        expect(r['order_id (metadata)']).toBe(s['Order ID']);
        expect(r['Source']).toMatch(s['Type'] === 'charge' ? /^ch_/ : /^re_/);
      } else {
        expect(r['Type']).toBe('stripe_fee');
      }
      if (s['Type'] === 'charge') {
        expect(r['product_type (metadata)']).toBe(s['Description'].startsWith('Gift card') ? 'gift_card' : 'merchandise');
        // Available two business days later, at midnight UTC.
        const created = DateTime.fromISO(s['Created (UTC)'].slice(0, 10), { zone: 'utc' });
        let d = created;
        for (let left = 2; left > 0; ) {
          d = d.plus({ days: 1 });
          if (d.weekday <= 5) left--;
        }
        expect(r['Available On (UTC)']).toBe(`${d.toISODate()} 00:00`);
      }
      if (s['Type'] === 'refund') expect(r['Description']).toMatch(/^REFUND FOR CHARGE \(Order #\d+\)$/);
    }
    // Weekly payouts on Mondays; each pays out exactly the rows that name it, all available by then.
    const payouts = rows.filter((r) => r['Type'] === 'payout');
    expect(payouts.length).toBeGreaterThanOrEqual(10);
    for (const p of payouts) {
      expect(DateTime.fromFormat(p['Created (UTC)'], 'yyyy-MM-dd HH:mm', { zone: 'utc' }).weekday).toBe(1);
      expect(p['Transfer']).toBe(p['Source']);
      expect(p['Description']).toBe('STRIPE PAYOUT');
      const paid = rows.filter((r) => r['Transfer'] === p['Source'] && r !== p);
      expect(paid.length).toBeGreaterThan(0);
      expect(-cents(p['Amount'])).toBe(paid.reduce((s, r) => s + cents(r['Net']), 0));
      for (const r of paid) {
        expect(r['Available On (UTC)'] <= p['Created (UTC)']).toBe(true);
        expect(r['Transfer Date (UTC)']).toBe(`${p['Created (UTC)'].slice(0, 10)} 00:00`);
      }
    }
    // Chargebacks of ordinary orders: an adjustment with Stripe's 15.00 fee, naming a charge of this file.
    const disputes = rows.filter((r) => r['Type'] === 'adjustment');
    expect(disputes.length).toBeGreaterThan(0);
    for (const d of disputes) {
      expect(d['Fee']).toBe('15.00');
      const ch = rows.find((r) => r['Source'] === d['Description'].replace('Chargeback withdrawal for ', ''))!;
      expect(ch['Type']).toBe('charge');
      expect(ch['product_type (metadata)']).toBe('merchandise');
      expect(cents(d['Amount'])).toBe(-cents(ch['Amount']));
      expect(d['order_id (metadata)']).toBe('');
    }
  });

  it('writes the Stripe itemized balance change report: no payouts, reporting categories, a refund\'s order in refund_metadata', () => {
    const q = variants();
    expect(lines(q, 'payments.csv')[0].join(',')).toBe(STRIPE_ITEMIZED_HEADER);
    const rows = records(q, 'payments.csv');
    const src = new Map(records(reference(), 'payments.csv').map((r) => [r['id'], r]));
    expect(new Set(rows.map((r) => r['reporting_category']))).toEqual(new Set(['charge', 'refund', 'fee', 'dispute']));
    let last = '';
    for (const r of rows) {
      expect(r['created_utc'] >= last).toBe(true);
      last = r['created_utc'];
      const s = src.get(r['balance_transaction_id']);
      if (r['reporting_category'] === 'dispute') {
        expect(s).toBeUndefined();
        continue;
      }
      expect(s, r['balance_transaction_id']).toBeDefined();
      expect(r['created_utc']).toBe(s!['Created (UTC)']);
      expect(DateTime.fromFormat(r['created'], 'yyyy-MM-dd HH:mm:ss', { zone: q.options.timezone }).toMillis()).toBe(
        DateTime.fromFormat(r['created_utc'], 'yyyy-MM-dd HH:mm:ss', { zone: 'utc' }).toMillis(),
      );
      expect([r['gross'], r['fee']]).toEqual([s!['Amount'], s!['Fee']]);
      if (r['reporting_category'] === 'refund') {
        expect(r['refund_metadata[order_id]']).toBe(s!['Order ID']);
        expect(r['payment_metadata[order_id]']).toBe('');
      } else if (r['reporting_category'] === 'charge') {
        expect(r['payment_metadata[order_id]']).toBe(s!['Order ID']);
        expect(r['refund_metadata[order_id]']).toBe('');
      }
    }
    expect(rows.length).toBe(src.size + rows.filter((r) => r['reporting_category'] === 'dispute').length);
  });

  it('writes the QuickBooks Online Journal report: title block, Num on the first line only, totals, footer', () => {
    const q = vendor();
    const all = lines(q, 'erp.csv');
    expect(all[0][0]).not.toBe('');
    expect(all[1][0]).toBe('Journal');
    expect(all[2][0]).toMatch(/^July 1-October 7, 2026$/);
    expect(all[3]).toEqual(['']);
    expect(all[4].join(',')).toBe(',Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit');
    expect(q.refmap!.erp_header_line).toBe(5);
    const body = all.slice(5);
    const tail = body.splice(body.findIndex((l) => l[0] === 'TOTAL'));
    expect(tail.slice(1, 4)).toEqual([[''], [''], ['']]);
    expect(tail[4][0]).toMatch(/^ \w+day, October 08, 2026 09:00 AM GMT-05:00$/);
    expect(tail.length).toBe(5);
    // Entries: lines, then a total line ($), then a spacer; Date, type and Num only on an entry's first line.
    const refLines = records(reference(), 'erp.csv');
    const entries: { num: string; lines: string[][] }[] = [];
    let open: { num: string; lines: string[][] } | null = null;
    let debits = 0;
    let credits = 0;
    for (const l of body) {
      if (l.every((c) => c === '')) {
        expect(open).toBeNull();
        continue;
      }
      if (l[6] === '') {
        // The entry's total line.
        const d = open!.lines.reduce((s, x) => s + (x[7] ? cents(x[7]) : 0), 0);
        const c = open!.lines.reduce((s, x) => s + (x[8] ? cents(x[8]) : 0), 0);
        expect(l[7]).toMatch(/^\$[\d,]+\.\d\d$/);
        expect([cents(l[7]), cents(l[8])]).toEqual([d, c]);
        expect(d).toBe(c);
        entries.push(open!);
        open = null;
        continue;
      }
      if (!open) {
        expect(l[1]).toMatch(/^\d\d\/\d\d\/\d{4}$/);
        expect(l[2]).toBe('Journal Entry');
        expect(l[3]).toMatch(/^(JE-\d{4}-\d{6}|OB-\d{4}-\d\d-\d\d)$/);
        open = { num: l[3], lines: [] };
      } else {
        expect([l[1], l[2], l[3]]).toEqual(['', '', '']);
      }
      for (const amount of [l[7], l[8]]) if (amount) expect(amount).toMatch(/^\d{1,3}(,\d{3})*\.\d\d$/);
      debits += l[7] ? cents(l[7]) : 0;
      credits += l[8] ? cents(l[8]) : 0;
      open.lines.push(l);
    }
    expect([cents(tail[0][7]), cents(tail[0][8])]).toEqual([debits, credits]);
    // Line n of an entry is the reference layout's line n; the memo names the line's platform transaction first.
    expect(entries.reduce((s, e) => s + e.lines.length, 0)).toBe(refLines.length);
    const byNum = new Map(entries.map((e) => [e.num, e]));
    for (const r of refLines) {
      const l = byNum.get(r['Journal'])!.lines[Number(r['Line']) - 1];
      expect([l[6], l[7] ? cents(l[7]) : 0, l[8] ? cents(l[8]) : 0]).toEqual([r['Account'], ...sides(r)]);
      const platformId = /^GT-\d+$/.test(r['Reference']) ? r['Reference'] : null;
      if (platformId) expect(/GT-\d+/.exec(l[5])?.[0], r['Journal']).toBe(platformId);
      else expect(l[5]).not.toMatch(/GT-\d+/);
    }
  });

  it('writes the QuickBooks Online General Ledger: one section per account, signed amounts, running balances', () => {
    const q = variants();
    const all = lines(q, 'erp.csv');
    expect(all[1][0]).toBe('General Ledger');
    expect(all[4].join(',')).toBe(',Date,Transaction Type,Num,Name,Memo/Description,Split,Amount,Balance');
    const refLines = records(reference(), 'erp.csv');
    const seen: string[] = [];
    let account: string | null = null;
    let sum = 0;
    let postings = 0;
    const liability = new Map<string, number>();
    const end = q.expected.period.end;
    for (const l of all.slice(5)) {
      if (l[0] === 'TOTAL') break;
      if (l[0] !== '' && !l[0].startsWith('Total for ')) {
        expect(account).toBeNull();
        account = l[0];
        expect(l.slice(1).every((c) => c === '')).toBe(true);
        seen.push(account);
        sum = 0;
        continue;
      }
      if (l[0].startsWith('Total for ')) {
        expect(l[0]).toBe(`Total for ${account}`);
        expect(l[7]).toMatch(/^-?\$[\d,]+\.\d\d$/);
        expect(cents(l[7])).toBe(sum);
        account = null;
        continue;
      }
      const amount = cents(l[7]);
      sum += amount;
      postings++;
      expect(cents(l[8])).toBe(sum);
      expect(l[3]).toMatch(/^(JE|OB)-/);
      // The reference line it shows: same journal, account, and the amount signed by the account's normal balance.
      const creditNormal = /^[234]/.test(account!);
      const match = refLines.filter((r) => r['Journal'] === l[3] && r['Account'] === account);
      expect(match.length, `${l[3]} ${account}`).toBe(1);
      const r = match[0];
      const [d, c] = sides(r);
      expect(amount).toBe(creditNormal ? c - d : d - c);
      const date = DateTime.fromFormat(l[1], 'MM/dd/yyyy').toISODate()!;
      if (/^24[12]0/.test(account!) && date <= end) liability.set(account!, (liability.get(account!) ?? 0) + amount);
    }
    expect(seen).toEqual([...seen].sort());
    expect(postings).toBe(refLines.length);
    expect((liability.get('2410 Gift Card Liability') ?? 0) + (liability.get('2420 Store Credit Liability') ?? 0)).toBe(q.expected.erp_closing_cents);
  });

  it('finds every record of the known answer at its refmap row', () => {
    for (const q of [vendor(), variants(), gen({ ...base, erpFormat: 'csv', layout: { storefront: 'shopify-tx', erp: 'qbo-journal' } })]) {
      const m = q.refmap!;
      const named = new Set([...q.expected.anomalies, ...q.expected.unassigned].flatMap((a) => a.records.map((r) => `${r.system}:${r.ref}`)));
      expect(new Set(m.records.map((r) => `${r.system}:${r.ref}`))).toEqual(named);
      const refSf = new Map(records(reference(), 'storefront.csv').map((r) => [r['Transaction ID'], r]));
      const refErp = new Map(records(reference(), 'erp.csv').map((r) => [`${r['Journal']}:${r['Line']}`, r]));
      for (const rec of m.records) {
        const file = lines(q, rec.file);
        const headerLine = m.header_lines[rec.file];
        const header = file[headerLine - 1];
        const cells = file[headerLine - 1 + rec.row - 1];
        const get = (col: string) => cells[header.indexOf(col)];
        const where = `${rec.system} ${rec.ref} row ${rec.row}`;
        const layout = q.options.layout[rec.system];
        if (rec.system === 'platform') expect(get(layout === 'square-gca' ? 'id' : 'Transaction ID'), where).toBe(rec.ref);
        if (rec.system === 'payments') expect(get(layout === 'stripe-itemized' ? 'balance_transaction_id' : 'id'), where).toBe(rec.ref);
        if (rec.system === 'storefront') {
          const s = refSf.get(rec.ref)!;
          expect([get('Name'), get('Kind'), get('Gateway')], where).toEqual([rec.order, rec.kind, rec.gateway]);
          expect([rec.order, rec.amount_cents]).toEqual([s['Order'], cents(s['Amount'])]);
          expect(cents(get('Amount'))).toBe(rec.kind === 'void' ? 0 : rec.amount_cents);
          if (rec.kind === 'void') expect(get('Amount')).toBe(rec.shown_amount);
        }
        if (rec.system === 'erp') {
          const r = refErp.get(rec.ref)!;
          expect(`${rec.journal}:${rec.line}`).toBe(rec.ref);
          if (layout === 'qbo-gl') {
            expect(get('Num'), where).toBe(rec.journal);
            // The section the row sits in is the line's account.
            let i = headerLine - 1 + rec.row - 1;
            while (file[i][0] === '') i--;
            expect(file[i][0]).toBe(r['Account']);
          } else {
            expect(get('Account'), where).toBe(r['Account']);
            // Walk up to the entry's first line: its Num is the journal, and the row is its line-th line.
            let i = headerLine - 1 + rec.row - 1;
            while (file[i][3] === '') i--;
            expect(file[i][3]).toBe(rec.journal);
            expect(headerLine - 1 + rec.row - 1 - i + 1).toBe(rec.line);
          }
        }
      }
      // Cards no file can tie to their storefront-only movement: no platform row on the order in any layout.
      const platformOrders = new Set(records(reference(), 'platform.csv').map((r) => r['Order Ref']));
      for (const u of m.unattributable) {
        expect(platformOrders.has(u.order)).toBe(false);
        const fault = q.expected.anomalies.find((a) => a.records.some((r) => r.system === 'storefront' && r.ref === u.storefront_ref))!;
        expect(fault.card).toBe(u.card);
        expect(refSf.get(u.storefront_ref)!['Card Last Four']).toBe(u.card.slice(-4));
      }
      expect(m.unattributable_cards).toEqual([...new Set(m.unattributable.map((u) => u.card))].sort());
      expect(m.unattributable.length).toBe(q.expected.anomalies.filter((a) => a.category === 'MISSING_IN_PLATFORM').length);
    }
  });

  it('refuses options it cannot render', () => {
    expect(() => generateQuarter({ ...base, layout: 'vendor', messy: true })).toThrow(/reference layouts only/);
    expect(() => generateQuarter({ ...base, layout: { erp: 'qbo-journal' }, erpFormat: 'xlsx' })).toThrow(/CSV export/);
    expect(() => generateQuarter({ ...base, excelResaved: true })).toThrow(/shopify-tx/);
    expect(() => generateQuarter({ ...base, layout: { platform: 'square' as never } })).toThrow(/Unknown platform layout square/);
    expect(() => generateQuarter({ ...base, layout: { ledger: 'qbo-gl' } as never })).toThrow(/Unknown role ledger/);
  });

  it('writes refmap.json and a README section per vendor layout beside the files', async () => {
    const q = variants();
    const dir = mkdtempSync(join(tmpdir(), 'bf-layouts-'));
    try {
      await writeQuarter(q, dir);
      const refmap = JSON.parse(readFileSync(join(dir, 'refmap.json'), 'utf8'));
      expect(refmap.records.length).toBe(q.refmap!.records.length);
      expect(refmap.render).toEqual(q.expected.render);
      const readme = readFileSync(join(dir, 'README.txt'), 'utf8');
      for (const title of ['platform.csv: Square gift card activities', 'storefront.csv: Shopify order transactions', 'payments.csv: Stripe itemized', 'erp.csv: QuickBooks Online General Ledger']) {
        expect(readme).toContain(title);
      }
      expect(readme).toContain('refmap.json');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
    expect(readmeText(reference())).not.toContain('refmap');
  });
});
