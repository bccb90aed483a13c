// One rule for the roll-forward's issued and reloaded lines (docs/formats.md §7.2): a load that opens an account
// is issued; one onto an account that already exists is reloaded, whether the platform recorded it as a Reload
// or only the storefront recorded it (store credit issued onto an existing account).
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { DEFAULT_SETTINGS, type InputFile } from '../../shared/types';
import { enc, sql } from './engine-helpers';

const PLATFORM = 'Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note';
const STOREFRONT = 'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location';

function files(platformRows: string[], storefrontRows: string[], opening: string[]): InputFile[] {
  return [
    { role: 'platform', name: 'platform.csv', bytes: enc([PLATFORM, ...platformRows, ''].join('\n')) },
    { role: 'storefront', name: 'storefront.csv', bytes: enc([STOREFRONT, ...storefrontRows, ''].join('\n')) },
    { role: 'payments', name: 'payments.csv', bytes: enc('id,Type,Created (UTC),Amount,Currency,Description,Order ID,Status\n') },
    { role: 'erp', name: 'erp.csv', bytes: enc('Journal,Line,Date,Account,Debit,Credit,Memo,Reference,Source,Created By\n') },
    { role: 'opening', name: 'opening.csv', bytes: enc(['Card Number,Instrument,Balance', ...opening, ''].join('\n')) },
  ];
}

async function rollforward(f: InputFile[]) {
  const c = await runCase(await sql(), { files: f, settings: { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC' } });
  const r = c.report;
  if (process.env.DEBUG_RF) console.log(JSON.stringify(r.inputs.map((i) => [i.file, i.imported, i.quarantine])), JSON.stringify(r.exceptions.map((x) => [x.category, x.card, x.amount_cents])), JSON.stringify(r.liability.rollforward));
  c.close();
  return { rf: r.liability.rollforward, analytics: r.analytics as { disclosure: { ties: { ok: boolean } } } };
}

describe('store credit issued that only the storefront records', () => {
  it('is reloaded onto an account the opening balances show, issued onto an account no source knows', async () => {
    const { rf, analytics } = await rollforward(
      files(
        ['P1,SC00001111,Activation,20.00,20.00,USD,2026-07-02T10:00:00Z,#1,,pos,system,'],
        [
          // Onto SC00002222, which opens the quarter with 50.00: it adds to an existing account.
          '#2,S1,2026-07-10 12:00:00 +0000,store_credit_issued,2222,15.00,USD,success,online',
          // Onto an account ending 3333 that no source knows: it opens one.
          '#3,S2,2026-07-11 12:00:00 +0000,store_credit_issued,3333,7.00,USD,success,online',
        ],
        ['SC00002222,store_credit,50.00'],
      ),
    );
    expect(rf.issued_cents).toBe(2000 + 700);
    expect(rf.reloaded_cents).toBe(1500);
    expect(rf.closing_cents).toBe(5000 + 2000 + 1500 + 700);
    expect(analytics.disclosure.ties.ok).toBe(true);
  });

  it('is reloaded onto an account the platform activated before it, issued when the platform shows the account only later', async () => {
    const { rf } = await rollforward(
      files(
        ['P1,SC00004444,Activation,10.00,10.00,USD,2026-07-02T10:00:00Z,#1,,pos,system,', 'P2,SC00005555,Activation,10.00,10.00,USD,2026-08-20T10:00:00Z,#9,,pos,system,'],
        ['#2,S1,2026-07-10 12:00:00 +0000,store_credit_issued,4444,15.00,USD,success,online', '#3,S2,2026-08-01 12:00:00 +0000,store_credit_issued,5555,6.00,USD,success,online'],
        [],
      ),
    );
    expect(rf.reloaded_cents).toBe(1500);
    expect(rf.issued_cents).toBe(1000 + 1000 + 600);
  });
});
