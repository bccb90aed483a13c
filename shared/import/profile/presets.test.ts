// One small table per preset, written here in the vendor's layout, read through detection and the preset.
import { describe, expect, it } from 'vitest';
import { PRESET_FILES } from '../presets';
import { detectProfile } from './detect';
import { validateProfile } from './validate';
import { apply, table } from './testing';

/** Detects the preset, applies it, and returns what came out. */
function read(csv: string, expectedPreset: string) {
  const rows = table(csv);
  const d = detectProfile(rows.slice(0, 50));
  expect(d.best?.id, d.refusal ?? '').toBe(expectedPreset);
  const r = apply(d.best!.profile, rows, 3);
  expect(r.summary.rows).toBe(r.summary.records + r.summary.outOfScope + r.summary.quarantined);
  return r;
}

describe('presets', () => {
  it('are valid profiles a user can copy', () => {
    for (const [id, json] of Object.entries(PRESET_FILES)) expect(validateProfile(json).id).toBe(id);
  });

  it('square-gift-card-activities: cents, one amount column per type, voids, expiries, support adjustments', () => {
    const types = ['ACTIVATE', 'LOAD', 'REDEEM', 'REFUND', 'ADJUST_INCREMENT', 'ADJUST_DECREMENT', 'CLEAR_BALANCE'];
    const amountCols = types.map((t) => `${t.toLowerCase()}_activity_details.amount_money.amount`).filter((c) => !c.startsWith('clear'));
    const header = ['id', 'type', 'location_id', 'created_at', 'gift_card_id', 'gift_card_gan', 'gift_card_balance_money.amount', 'gift_card_balance_money.currency',
      ...amountCols, 'activate_activity_details.reference_id', 'activate_activity_details.order_id', 'redeem_activity_details.reference_id', 'refund_activity_details.reference_id',
      'load_activity_details.reference_id', 'adjust_increment_activity_details.reason', 'adjust_decrement_activity_details.reason'];
    const row = (id: string, type: string, loc: string, at: string, balance: number, amount: number | '', extra: Record<string, string> = {}) => {
      const cells: Record<string, string> = { id, type, location_id: loc, created_at: at, gift_card_id: 'gftc:1', gift_card_gan: '6006491111222233', 'gift_card_balance_money.amount': String(balance), 'gift_card_balance_money.currency': 'USD', ...extra };
      if (amount !== '') cells[`${type.toLowerCase()}_activity_details.amount_money.amount`] = String(amount);
      return header.map((h) => cells[h] ?? '').join(',');
    };
    const r = read([
      header.join(','),
      row('A7', 'CLEAR_BALANCE', 'HQ', '2026-09-30T23:59:00-04:00', 0, ''),
      row('A6', 'ADJUST_DECREMENT', 'HQ', '2026-09-01T09:00:00-04:00', 1500, 500, { 'adjust_decrement_activity_details.reason': 'SUPPORT_ISSUE' }),
      row('A5', 'ADJUST_INCREMENT', 'WEB', '2026-08-01T09:00:00-04:00', 2000, 1524, { 'adjust_increment_activity_details.reason': 'TRANSACTION_VOIDED' }),
      row('A4', 'REFUND', 'WEB', '2026-07-20T09:00:00-04:00', 476, 476, { 'refund_activity_details.reference_id': '#1005' }),
      row('A3', 'REDEEM', 'WEB', '2026-07-10T09:00:00-04:00', 0, 1524, { 'redeem_activity_details.reference_id': '#1004' }),
      row('A2', 'LOAD', 'WEB', '2026-07-05T09:00:00-04:00', 1524, 524, { 'load_activity_details.reference_id': 'R-1003' }),
      row('A1', 'ACTIVATE', 'SHOP1', '2026-07-01T10:43:37-04:00', 1000, 1000, { 'activate_activity_details.reference_id': '#1002' }),
      row('A0', 'DEACTIVATE', 'HQ', '2026-10-01T09:00:00-04:00', 0, ''),
    ].join('\n'), 'square-gift-card-activities');
    const rec = (id: string) => r.records.find((x) => x['Transaction ID'] === id)!;
    expect(rec('A1')).toEqual({
      'Transaction ID': 'A1', 'Card Number': '6006491111222233', Type: 'Activation', Amount: '10.00', 'Balance After': '10.00', Currency: 'USD',
      Timestamp: '2026-07-01T10:43:37-04:00', 'Order Ref': '#1002', 'Voids Txn': '', Channel: 'SHOP1', Operator: 'system', Note: '',
    });
    expect([rec('A2').Type, rec('A2').Amount, rec('A2')['Order Ref']]).toEqual(['Reload', '5.24', 'R-1003']);
    expect([rec('A3').Type, rec('A3').Amount, rec('A3')['Balance After']]).toEqual(['Redemption', '15.24', '0.00']);
    expect([rec('A4').Type, rec('A4').Amount]).toEqual(['Refund', '4.76']);
    expect([rec('A5').Type, rec('A5').Amount, rec('A5').Operator, rec('A5')['Order Ref']]).toEqual(['Void', '15.24', 'system', '']);
    expect([rec('A6').Type, rec('A6').Amount, rec('A6').Operator, rec('A6').Channel]).toEqual(['Adjustment', '-5.00', 'csr:support', 'csr']);
    expect([rec('A7').Type, rec('A7').Amount, rec('A7').Channel]).toEqual(['Expiry', '', 'api']);
    expect(r.summary.markers).toEqual({ 'Amount: balanceDelta': 1, 'Voids Txn: voidedRedemption': 1 });
    expect(r.summary.outOfScopeReasons).toEqual({ 'card state change (deactivated, blocked or unblocked): the balance does not move': 1 });
  });

  it('shopify-transactions: Kind + Gateway, card rows out of scope, voids from the sale, no ids or card digits', () => {
    const r = read(`Order,Name,Kind,Gateway,Created At,Status,Amount,Currency,Card Type
5.41063E+12,#2001,sale,shopify_payments,2026-07-01 10:00:00 -0400,success,50.00,USD,visa
5.41063E+12,#2002,sale,gift_card,2026-07-01 11:00:00 -0400,success,20.00,USD,""
5.41063E+12,#2002,void,gift_card,2026-07-01 12:00:00 -0400,success,0.00,USD,""
5.41064E+12,#2003,refund,shopify_store_credit,2026-07-02 09:00:00 -0400,success,15.50,USD,""
5.41064E+12,#2004,sale,shopify_store_credit,2026-07-02 10:00:00 -0400,failure,8.00,USD,""
5.41064E+12,#2005,refund,gift_card,2026-07-02 11:00:00 -0400,success,3.00,USD,""
5.41064E+12,#2006,sale,manual,2026-07-02 12:00:00 -0400,success,3.00,USD,""
`, 'shopify-transactions');
    expect(r.records.map((x) => [x.Order, x['Transaction ID'], x.Event, x.Amount, x.Status])).toEqual([
      ['#2002', 'R3', 'gift_card_applied', '20.00', 'success'],
      ['#2002', 'R4', 'order_voided', '20.00', 'success'],
      ['#2003', 'R5', 'store_credit_issued', '15.50', 'success'],
      ['#2004', 'R6', 'store_credit_applied', '8.00', 'failure'],
      ['#2005', 'R7', 'gift_card_refunded', '3.00', 'success'],
    ]);
    expect(r.summary.outOfScope).toBe(2);
  });

  it('stripe-balance-history: gift card charges by metadata or description; payouts, fees and ordinary charges out of scope', () => {
    const r = read(`id,Type,Source,Amount,Fee,Destination Platform Fee,Destination Platform Fee Currency,Net,Currency,Created (UTC),Available On (UTC),Description,Customer Facing Amount,Customer Facing Currency,Transfer,Transfer Date (UTC),Transfer Group,order_id (metadata),product_type (metadata)
txn_1,charge,ch_1,100.00,3.20,,,96.80,usd,2026-07-01 14:43,2026-07-03 00:00,Gift card purchase #3001,100.00,usd,,,,#3001,gift_card
txn_2,charge,ch_2,25.00,1.00,,,24.00,usd,2026-07-01 15:00,2026-07-03 00:00,Online order,25.00,usd,,,,#3002,gift_card
txn_3,charge,ch_3,37.22,1.05,,,36.17,usd,2026-07-02 10:00,2026-07-06 00:00,Order #3003,37.22,usd,,,,#3003,merchandise
txn_4,refund,re_4,-100.00,0.00,,,-100.00,usd,2026-07-03 10:00,2026-07-03 10:00,REFUND FOR CHARGE (Gift card purchase #3001),-100.00,usd,,,,,
txn_5,payout,po_5,-36.17,0.00,,,-36.17,usd,2026-07-06 00:17,2026-07-06 00:17,STRIPE PAYOUT,,,po_5,2026-07-06 00:00,,,
txn_6,stripe_fee,,-5.52,0.00,,,-5.52,usd,2026-07-02 10:10,2026-07-02 10:10,Billing - Radar screening fees,,,,,,,
txn_7,adjustment,du_7,-25.00,15.00,,,-40.00,usd,2026-07-09 10:10,2026-07-09 10:10,Chargeback withdrawal for ch_2,,,,,,,
`, 'stripe-balance-history');
    expect(r.records.map((x) => [x.id, x.Type, x['Created (UTC)'], x.Amount, x['Order ID'], x.Instrument])).toEqual([
      ['txn_1', 'charge', '2026-07-01T14:43:00Z', '100.00', '#3001', 'gift_card'],
      ['txn_2', 'charge', '2026-07-01T15:00:00Z', '25.00', '#3002', 'gift_card'],
      ['txn_4', 'refund', '2026-07-03T10:00:00Z', '-100.00', '#3001', 'gift_card'],
    ]);
    expect(r.summary.outOfScopeReasons).toEqual({
      'adjustment (a dispute or a correction by Stripe): not a gift card sale or refund': 1,
      'ordinary payment (not a gift card purchase or its refund)': 1,
      'payout, transfer, fee or other balance movement (not a sale)': 2,
    });
  });

  it('stripe-itemized-balance-change: a refund\'s order from refund_metadata, a charge\'s from payment_metadata', () => {
    const r = read(`balance_transaction_id,created_utc,available_on_utc,currency,gross,fee,net,reporting_category,source_id,description,payment_metadata[order_id],payment_metadata[product_type],refund_metadata[order_id]
txn_a,2026-07-01 14:43:10,2026-07-03 00:00:00,usd,50.00,1.75,48.25,charge,ch_a,Gift card purchase,#4001,gift_card,
txn_b,2026-07-05 09:00:00,2026-07-05 09:00:00,usd,-50.00,0.00,-50.00,refund,re_b,REFUND FOR CHARGE (Gift card purchase),#4001,gift_card,#4107
txn_c,2026-07-05 10:00:00,2026-07-07 00:00:00,usd,30.00,1.17,28.83,charge,ch_c,Order #4002,#4002,merchandise,
txn_d,2026-07-06 00:00:00,2026-07-06 00:00:00,usd,-28.83,0.00,-28.83,payout,po_d,STRIPE PAYOUT,,,
txn_e,2026-07-07 00:00:00,2026-07-07 00:00:00,usd,1.00,0.00,1.00,partial_capture_reversal,ch_a,Gift card purchase,#4001,gift_card,
`, 'stripe-itemized-balance-change');
    expect(r.records.map((x) => [x.id, x.Type, x['Created (UTC)'], x.Amount, x.Fee, x['Order ID']])).toEqual([
      ['txn_a', 'charge', '2026-07-01T14:43:10Z', '50.00', '1.75', '#4001'],
      ['txn_b', 'refund', '2026-07-05T09:00:00Z', '-50.00', '0.00', '#4107'],
    ]);
    expect(r.at(6)).toMatchObject({ kind: 'quarantine', reason: "reporting category 'partial_capture_reversal' on a gift card payment is not one this profile maps" });
    expect(r.summary.outOfScope).toBe(2);
  });

  it('qbo-journal: title block, first-line-only Date and Num, totals, reference from the memo, accounts by number or name', () => {
    const r = read(`Harbor Test Co.,,,,,,,,
Journal,,,,,,,,
"July 1-July 31, 2026",,,,,,,,

,Date,Transaction Type,Num,Name,Memo/Description,Account,Debit,Credit
,07/01/2026,Journal Entry,OB-2026-07-01,,Opening balance,2410 Gift Card Liability,,"1,000.00"
,,,,,Opening balance,Store Credit Liability,,200.00
,,,,,Opening balance,3900 Opening Balance Offset,"1,200.00",
,,,,,,,"$1,200.00","$1,200.00"
,,,,,,,,
,07/15/2026,Journal Entry,JE-2026-000007,,GC redemption GT-0100002 ************5756 order #1003,2410 Gift Card Liability,15.24,
,,,,,GC redemption GT-0100002 ************5756 order #1003,1010 Cash Clearing,,15.24
,,,,,,,$15.24,$15.24
,,,,,,,,
TOTAL,,,,,,,"$1,215.24","$1,215.24"



" Saturday, August 01, 2026 09:00 AM GMT-04:00",,,,,,,,
`, 'qbo-journal');
    expect(r.summary.headerRow).toBe(5);
    expect(r.records.map((x) => [x.Journal, x.Line, x.Date, x.Account, x.Debit, x.Credit, x.Reference, x.Instrument])).toEqual([
      ['OB-2026-07-01', '1', '2026-07-01', '2410 Gift Card Liability', '', '1000.00', '', 'gift_card'],
      ['OB-2026-07-01', '2', '2026-07-01', 'Store Credit Liability', '', '200.00', '', 'store_credit'],
      ['OB-2026-07-01', '3', '2026-07-01', '3900 Opening Balance Offset', '1200.00', '', '', ''],
      ['JE-2026-000007', '1', '2026-07-15', '2410 Gift Card Liability', '15.24', '', 'GT-0100002', 'gift_card'],
      ['JE-2026-000007', '2', '2026-07-15', '1010 Cash Clearing', '', '15.24', 'GT-0100002', ''],
    ]);
    expect(r.summary.dateOrder).toEqual({ order: 'MDY', how: 'inferred', evidenceRow: 11 });
    expect(r.summary.outOfScopeReasons).toEqual({ 'blank line': 2, 'entry total line': 2, 'report total and footer': 5, 'title block above the header row': 4 });
  });

  it('qbo-general-ledger: account sections, beginning balance as the opening, signed amounts, other accounts out of scope', () => {
    const r = read(`General Ledger,,,,,,,,
Harbor Test Co.,,,,,,,,
"July 1 - July 31, 2026",,,,,,,,

,Date,Transaction Type,Num,Name,Memo/Description,Split,Amount,Balance
1010 Cash Clearing,,,,,,,,
,07/02/2026,Journal Entry,JE-5,,GC activation GT-0100019 order #1025,2410 Gift Card Liability,242.00,242.00
Total for 1010 Cash Clearing,,,,,,,$242.00,
2410 Gift Card Liability,,,,,,,,
,07/01/2026,,,,Beginning Balance,,,"8,251.46"
,07/02/2026,Journal Entry,JE-5,,GC activation GT-0100019 order #1025,1010 Cash Clearing,242.00,"8,493.46"
,07/19/2026,Journal Entry,JE-6,,GC redemption GT-0100020,-Split-,-15.24,"8,478.22"
Total for 2410 Gift Card Liability,,,,,,,$226.76,
,,,,,,,,
TOTAL,,,,,,,$468.76,
`, 'qbo-general-ledger');
    expect(r.records.map((x) => [x.Journal, x.Line, x.Date, x.Account, x.Debit, x.Credit, x.Reference, x.Instrument])).toEqual([
      ['OB-BEGINNING', '1', '2026-07-01', '2410 Gift Card Liability', '', '8251.46', '', 'gift_card'],
      ['JE-5', '1', '2026-07-02', '2410 Gift Card Liability', '', '242.00', 'GT-0100019', 'gift_card'],
      ['JE-6', '1', '2026-07-19', '2410 Gift Card Liability', '15.24', '', 'GT-0100020', 'gift_card'],
    ]);
    expect(r.summary.outOfScopeReasons).toMatchObject({ 'line on an account that is not a gift card or store credit liability': 1, 'account section header': 2, 'account total line': 2 });
  });
});
