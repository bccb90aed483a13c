// A whole quarter small enough to read at a glance: the four systems' files for a few cards, with five
// exceptions in it (a sale activated late, an activation nobody paid for, a tender the platform never
// recorded, a spend the ERP never booked, an ERP line with nothing behind it). For tests of a whole case.
import { DEFAULT_SETTINGS, type CaseSettings, type InputFile } from '../types';

const PLATFORM = `Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note
GT-1,6006000000000001,Activation,50.00,50.00,USD,2026-07-01T18:00:00Z,#1,,online,system,
GT-2,6006000000000001,Redemption,20.00,30.00,USD,2026-07-02T12:00:00Z,#2,,online,system,
GT-3,6006000000000002,Activation,25.00,25.00,USD,2026-07-03T10:00:00Z,,,pos,system,
GT-4,6006000000000002,Redemption,5.00,20.00,USD,2026-07-06T12:00:00Z,#6,,online,system,
`;

const STOREFRONT = `Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location
#1,S-1,2026-07-01T09:58:00Z,gift_card_sold,0001,50.00,USD,success,online
#2,S-2,2026-07-02T11:59:00Z,gift_card_applied,0001,20.00,USD,success,online
#5,S-5,2026-07-04T15:00:00Z,gift_card_applied,0001,12.00,USD,success,online
#6,S-6,2026-07-06T11:59:00Z,gift_card_applied,0002,5.00,USD,success,online
`;

const PAYMENTS = `id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status
ch_1,charge,2026-07-01 09:58:00,50.00,1.50,48.50,usd,Gift card purchase #1,#1,available
`;

const ERP = `Journal,Line,Date,Period,Account,Debit,Credit,Memo,Reference,Source,Created By
J-1,1,2026-07-01,2026-07,2410 Gift Card Liability,,50.00,Gift card issued,GT-1,GC,sync
J-1,2,2026-07-01,2026-07,1010 Cash,50.00,,Gift card issued,GT-1,GC,sync
J-3,1,2026-07-03,2026-07,2410 Gift Card Liability,,25.00,Gift card issued,GT-3,GC,sync
J-3,2,2026-07-03,2026-07,1010 Cash,25.00,,Gift card issued,GT-3,GC,sync
J-4,1,2026-07-06,2026-07,2410 Gift Card Liability,5.00,,Gift card redeemed,GT-4,GC,sync
J-4,2,2026-07-06,2026-07,4000 Revenue,,5.00,Gift card redeemed,GT-4,GC,sync
J-9,1,2026-07-08,2026-07,2410 Gift Card Liability,,10.00,Manual accrual,,GL,controller
J-9,2,2026-07-08,2026-07,6990 Suspense,10.00,,Manual accrual,,GL,controller
`;

export const TINY_SETTINGS: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC' };

export function tinyQuarter(): InputFile[] {
  const file = (role: InputFile['role'], name: string, text: string): InputFile => ({ role, name, bytes: new TextEncoder().encode(text) });
  return [file('platform', 'platform.csv', PLATFORM), file('storefront', 'storefront.csv', STOREFRONT), file('payments', 'payments.csv', PAYMENTS), file('erp', 'erp.csv', ERP)];
}
