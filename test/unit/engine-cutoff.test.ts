// Hand-built tiny quarters: the period boundary in the business time zone, ERP posting-date cut-off, DST on the
// storefront's local times, and ERP daily batch lines. Each scenario writes the four CSVs (and opening balances)
// itself; the expectations follow from the scenario, computed below, not from the engine.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import type { EngineCase } from '../../shared/api';
import { runCase } from '../../shared/engine';
import { DEFAULT_SETTINGS, type InputFile } from '../../shared/types';
import { enc, expectIdentities, sql } from './engine-helpers';

const money = (c: number) => (c / 100).toFixed(2);

interface Redemption {
  txn: string;
  sfId: string;
  order: string;
  card: string;
  cents: number;
  /** Local wall time in the business zone, 'yyyy-MM-dd HH:mm:ss'. */
  local: string;
  utc: DateTime;
  /** The storefront's Created At text (local time with the offset in force then). */
  createdAt: string;
  /** In the platform export (false: the storefront alone knows it). */
  platform: boolean;
  /** ERP: posted on the local date, on another date (MM/DD/YYYY), or not individually (batch or nothing). */
  erp: 'local' | 'none' | { date: string };
}

/** A tiny case: a few gift cards with opening balances, redemptions, optional ERP batch lines. */
class Tiny {
  private readonly cards = new Map<string, number>();
  private readonly reds: Redemption[] = [];
  private readonly batches: { date: string; cents: number }[] = [];
  private seq = 0;
  constructor(
    readonly tz: string,
    readonly start: string,
    readonly end: string,
  ) {}

  card(number: string, cents: number): this {
    this.cards.set(number, cents);
    return this;
  }

  redeem(card: string, cents: number, local: string, o: { platform?: boolean; erp?: Redemption['erp'] } = {}): Redemption {
    const n = ++this.seq;
    const utc = DateTime.fromFormat(local, 'yyyy-MM-dd HH:mm:ss', { zone: this.tz });
    if (!utc.isValid) throw new Error(`bad local time ${local}`);
    const r: Redemption = {
      txn: `GT-${String(n).padStart(7, '0')}`, sfId: String(5550000 + n), order: `#${1000 + n}`, card, cents, local, utc,
      createdAt: utc.toFormat('yyyy-MM-dd HH:mm:ss ZZZ'), platform: o.platform ?? true, erp: o.erp ?? 'local',
    };
    this.reds.push(r);
    return r;
  }

  /** A daily summary journal for the day's redemptions (ERP date MM/DD/YYYY, memo with the ISO day). */
  batch(isoDay: string, cents: number): this {
    this.batches.push({ date: isoDay, cents });
    return this;
  }

  inPeriod(r: Redemption): boolean {
    const d = r.utc.setZone(this.tz).toISODate()!;
    return d >= this.start && d <= this.end;
  }

  openingTotal(): number {
    return [...this.cards.values()].reduce((a, b) => a + b, 0);
  }

  /** The true closing: openings less the redemptions whose local business day is inside the period. */
  trueClosing(): number {
    return this.openingTotal() - this.reds.filter((r) => this.inPeriod(r)).reduce((a, r) => a + r.cents, 0);
  }

  files(): InputFile[] {
    const us = (iso: string) => `${iso.slice(5, 7)}/${iso.slice(8, 10)}/${iso.slice(0, 4)}`;
    const prior = DateTime.fromISO(this.start).minus({ days: 1 }).toISODate()!;
    const bal = new Map(this.cards);
    const byTime = [...this.reds].sort((a, b) => a.utc.toMillis() - b.utc.toMillis());
    const platform = ['Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note'];
    const storefront = ['Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location'];
    const payments = ['id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status'];
    const erp = ['Journal,Line,Date,Period,Account,Debit,Credit,Memo,Reference,Source,Created By'];
    const period = (iso: string) => DateTime.fromISO(iso).toFormat('LLL yyyy');
    const ob = this.openingTotal();
    erp.push(`OB-${this.start},1,${us(this.start)},${period(this.start)},2410 Gift Card Liability,,${money(ob)},Opening balance as of ${prior},,System,system`);
    erp.push(`OB-${this.start},2,${us(this.start)},${period(this.start)},3900 Opening Balance Offset,${money(ob)},,Opening balance as of ${prior},,System,system`);
    let je = 0;
    for (const r of byTime) {
      const b = bal.get(r.card)! - (r.platform ? r.cents : 0);
      bal.set(r.card, b);
      const z = r.utc.toUTC();
      if (r.platform) platform.push(`${r.txn},${r.card},Redemption,${money(r.cents)},${money(b)},USD,${z.toFormat("yyyy-MM-dd'T'HH:mm:ss'Z'")},${r.order},,online,system,`);
      const sf = r.utc.minus({ seconds: 12 });
      storefront.push(`${r.order},${r.sfId},${sf.setZone(this.tz).toFormat('yyyy-MM-dd HH:mm:ss ZZZ')},gift_card_applied,${r.card.slice(-4)},${money(r.cents)},USD,success,online`);
      payments.push(`txn_${r.sfId},charge,${sf.toUTC().plus({ seconds: 3 }).toFormat('yyyy-MM-dd HH:mm:ss')},19.99,0.88,19.11,usd,Order ${r.order},${r.order},available`);
      if (r.erp !== 'none') {
        const date = r.erp === 'local' ? us(r.utc.setZone(this.tz).toISODate()!) : r.erp.date;
        const iso = `${date.slice(6)}-${date.slice(0, 2)}-${date.slice(3, 5)}`;
        const id = `JE-2026-${String(++je).padStart(6, '0')}`;
        const memo = `GC redemption ************${r.card.slice(-4)} order ${r.order}`;
        erp.push(`${id},1,${date},${period(iso)},2410 Gift Card Liability,${money(r.cents)},,${memo},${r.txn},Integration,integration`);
        erp.push(`${id},2,${date},${period(iso)},4000 Sales,,${money(r.cents)},${memo},${r.txn},Integration,integration`);
      }
    }
    for (const b of this.batches) {
      const id = `JE-2026-${String(++je).padStart(6, '0')}`;
      erp.push(`${id},1,${us(b.date)},${period(b.date)},2410 Gift Card Liability,${money(b.cents)},,GC redemptions ${b.date} (batch),,Integration,integration`);
      erp.push(`${id},2,${us(b.date)},${period(b.date)},4000 Sales,,${money(b.cents)},GC redemptions ${b.date} (batch),,Integration,integration`);
    }
    const opening = ['Card Number,Instrument,Balance,As Of', ...[...this.cards].map(([c, v]) => `${c},gift_card,${money(v)},${prior}`)];
    const file = (role: InputFile['role'], name: string, lines: string[]): InputFile => ({ role, name, bytes: enc(lines.join('\n') + '\n') });
    return [
      file('platform', 'platform.csv', platform), file('storefront', 'storefront.csv', storefront), file('payments', 'payments.csv', payments),
      file('erp', 'erp.csv', erp), file('opening', 'opening_balances.csv', opening),
    ];
  }

  async run(): Promise<EngineCase> {
    // The processor's rows here are ordinary order charges (none pays for a gift card): the import's warning that
    // nothing of the payments file is in scope is accepted, as a user would for such a quarter.
    return runCase(await sql(), { files: this.files(), settings: { ...DEFAULT_SETTINGS, periodStart: this.start, periodEnd: this.end, timezone: this.tz }, acceptWarnings: true });
  }
}

const A = '6006491111111111';
const B = '6006492222222222';
const C = '6006493333333333';
const cardCents = (c: EngineCase, card: string) => c.report.cards.find((x) => x.card === card)?.reconstructed_cents;
const cats = (c: EngineCase) => c.report.exceptions.map((x) => x.category);

describe('period cut-off in the business time zone', () => {
  it('a redemption at 23:30 local on the last day (after midnight UTC) counts in the period', async () => {
    const t = new Tiny('America/New_York', '2026-07-01', '2026-09-30').card(A, 10_000).card(B, 5_000);
    const r = t.redeem(A, 2_345, '2026-09-30 23:30:00');
    expect(r.utc.toUTC().toISODate()).toBe('2026-10-01'); // the scenario really crosses midnight UTC
    const c = await t.run();
    expect(cats(c)).toEqual([]);
    expect(c.report.liability.reconstructed_closing_cents).toBe(t.trueClosing());
    expect(c.report.liability.reconstructed_closing_cents).toBe(15_000 - 2_345);
    expect(cardCents(c, A)).toBe(10_000 - 2_345);
    expect(c.report.liability.rollforward.redeemed_cents).toBe(2_345);
    expect(c.report.liability.erp_closing_cents).toBe(t.trueClosing());
    expect(c.report.liability.platform_reported_closing_cents).toBe(t.trueClosing());
    expectIdentities(c.report);
  });

  it('the same at 00:30 local on the day after does not count', async () => {
    const t = new Tiny('America/New_York', '2026-07-01', '2026-09-30').card(A, 10_000).card(B, 5_000);
    t.redeem(A, 2_345, '2026-10-01 00:30:00');
    const c = await t.run();
    expect(cats(c)).toEqual([]);
    expect(c.report.liability.reconstructed_closing_cents).toBe(15_000);
    expect(cardCents(c, A)).toBe(10_000);
    // (Read from report.json: the in-memory report may carry -0 here, which serialises as 0.)
    expect((JSON.parse(c.reportJson()) as { liability: { rollforward: { redeemed_cents: number } } }).liability.rollforward.redeemed_cents).toBe(0);
    expect(c.report.liability.platform_reported_closing_cents).toBe(15_000);
    expect(c.report.liability.erp_closing_cents).toBe(15_000);
    expectIdentities(c.report);
  });

  it('the boundary holds east of UTC too (Asia/Kolkata: 00:30 local on the day after is still the last day in UTC)', async () => {
    const t = new Tiny('Asia/Kolkata', '2026-07-01', '2026-09-30').card(A, 10_000);
    const last = t.redeem(A, 1_000, '2026-09-30 23:30:00');
    const after = t.redeem(A, 700, '2026-10-01 00:30:00');
    expect(after.utc.toUTC().toISODate()).toBe('2026-09-30'); // UTC would wrongly put it in the period
    expect(t.inPeriod(last) && !t.inPeriod(after)).toBe(true);
    const c = await t.run();
    expect(cats(c)).toEqual([]);
    expect(c.report.liability.rollforward.redeemed_cents).toBe(1_000);
    expect(c.report.liability.reconstructed_closing_cents).toBe(t.trueClosing());
    expect(c.report.liability.reconstructed_closing_cents).toBe(9_000);
    expect(c.report.liability.platform_reported_closing_cents).toBe(9_000);
    expectIdentities(c.report);
  });

  it('an ERP posting dated the day after the period end for an in-period redemption is a CUTOFF', async () => {
    const t = new Tiny('America/New_York', '2026-07-01', '2026-09-30').card(A, 10_000).card(B, 5_000);
    t.redeem(B, 1_200, '2026-08-12 10:00:00');
    const r = t.redeem(A, 3_150, '2026-09-30 15:00:00', { erp: { date: '10/01/2026' } });
    const c = await t.run();
    const L = c.report.liability;
    expect(cats(c)).toEqual(['CUTOFF']);
    const x = c.report.exceptions[0];
    expect(x.card).toBe(A);
    expect(Math.abs(x.amount_cents)).toBe(3_150);
    expect(x.records).toEqual(expect.arrayContaining([{ system: 'platform', ref: r.txn }]));
    expect(x.records.some((y) => y.system === 'erp')).toBe(true);
    // The operational instant decides: the redemption counts; the books still carry it.
    expect(L.reconstructed_closing_cents).toBe(t.trueClosing());
    expect(L.reconstructed_closing_cents).toBe(15_000 - 1_200 - 3_150);
    expect(L.erp_closing_cents).toBe(15_000 - 1_200);
    expect(L.bridge.find((b) => b.category === 'CUTOFF')).toMatchObject({ amount_cents: -3_150, count: 1 });
    expectIdentities(c.report);
  });
});

describe('DST and the storefront local time', () => {
  it('Created At on both sides of a DST change lands on the right business day and matches the platform', async () => {
    // New York falls back on 2026-11-01 at 02:00 EDT; Berlin springs forward on 2026-03-29 at 02:00 CET.
    const ny = new Tiny('America/New_York', '2026-10-01', '2026-12-31').card(A, 20_000).card(B, 20_000);
    const nyBefore = ny.redeem(A, 1_111, '2026-10-31 23:40:00'); // EDT, -0400 → 03:40Z on 1 Nov
    const nyAfter = ny.redeem(B, 2_222, '2026-11-01 23:40:00'); // EST, -0500 → 04:40Z on 2 Nov
    expect(nyBefore.createdAt.endsWith('-0400') && nyAfter.createdAt.endsWith('-0500')).toBe(true);
    const c = await ny.run();
    expect(cats(c)).toEqual([]);
    const sfDay = (card: string) => c.timeline(card).filter((x) => x.system === 'storefront').map((x) => x.business_date);
    expect(sfDay(A)).toEqual(['2026-10-31']);
    expect(sfDay(B)).toEqual(['2026-11-01']);
    for (const card of [A, B]) for (const row of c.timeline(card).filter((x) => x.system !== 'payments')) expect(row.group_id, `${card} ${row.system} matched`).not.toBeNull();
    expectIdentities(c.report);
  });

  it('a DST change on the period end day: the offset in Created At decides in or out', async () => {
    // Berlin, period ending on the spring-forward day. 00:30 +0200 on 30 Mar is 22:30Z on 29 Mar (out of the period);
    // 00:30 +0100 on 29 Mar (before the change) is 23:30Z on 28 Mar (in the period). Storefront-only events: the
    // storefront time alone decides.
    const t = new Tiny('Europe/Berlin', '2026-01-01', '2026-03-29').card(A, 10_000).card(B, 10_000);
    const inP = t.redeem(A, 400, '2026-03-29 00:30:00', { platform: false, erp: 'none' });
    const outP = t.redeem(B, 900, '2026-03-30 00:30:00', { platform: false, erp: 'none' });
    expect(inP.createdAt.endsWith('+0100') && outP.createdAt.endsWith('+0200')).toBe(true);
    expect(outP.utc.toUTC().toISODate()).toBe('2026-03-29');
    const c = await t.run();
    const sfDay = (card: string) => c.timeline(card).filter((x) => x.system === 'storefront').map((x) => x.business_date);
    expect(sfDay(A)).toEqual(['2026-03-29']);
    expect(sfDay(B)).toEqual(['2026-03-30']);
    // Missing in the platform, it happened: only the in-period one lowers the closing.
    expect(c.report.liability.reconstructed_closing_cents).toBe(t.trueClosing());
    expect(c.report.liability.reconstructed_closing_cents).toBe(20_000 - 400);
    expect(cardCents(c, A)).toBe(10_000 - 400);
    expect(cardCents(c, B)).toBe(10_000);
    const mip = c.report.exceptions.filter((x) => x.category === 'MISSING_IN_PLATFORM');
    expect(mip.some((x) => x.records.some((r) => r.system === 'storefront' && r.ref === inP.sfId))).toBe(true);
    expectIdentities(c.report);
  });
});

describe('ERP daily batch lines', () => {
  const day = '2026-08-15';
  const scenario = () => {
    const t = new Tiny('America/New_York', '2026-07-01', '2026-09-30').card(A, 10_000).card(B, 10_000).card(C, 10_000);
    const rs = [
      t.redeem(A, 1_234, `${day} 09:05:00`, { erp: 'none' }),
      t.redeem(B, 5_678, `${day} 13:30:00`, { erp: 'none' }),
      t.redeem(C, 910, `${day} 23:10:00`, { erp: 'none' }), // after midnight UTC: still the 15th locally
      t.redeem(A, 2_000, '2026-08-20 12:00:00'), // an ordinary individually posted one
    ];
    return { t, rs };
  };

  it('a batch line that sums exactly a day’s redemptions matches them all', async () => {
    const { t, rs } = scenario();
    t.batch(day, 1_234 + 5_678 + 910);
    const c = await t.run();
    expect(cats(c)).toEqual([]);
    expect(c.report.liability.reconstructed_closing_cents).toBe(t.trueClosing());
    expect(c.report.liability.erp_closing_cents).toBe(t.trueClosing());
    // Each of the day's redemptions is grouped with the one batch line.
    const batchRefs = new Set<string>();
    for (const r of rs.slice(0, 3)) {
      const tl = c.timeline(r.card);
      const pRow = tl.find((x) => x.system === 'platform' && x.ref === r.txn);
      expect(pRow?.group_id, r.txn).not.toBeNull();
      const erpRow = tl.find((x) => x.system === 'erp' && x.group_id === pRow!.group_id);
      expect(erpRow, `${r.txn} shares the batch line`).toBeDefined();
      expect(erpRow!.business_date).toBe(day);
      batchRefs.add(erpRow!.ref);
    }
    expect(batchRefs.size).toBe(1);
    expect(c.report.matching.matched_groups).toBeGreaterThanOrEqual(4);
    expectIdentities(c.report);
  });

  it('a batch line that omits one redemption yields exactly one MISSING_IN_ERP naming it', async () => {
    const { t, rs } = scenario();
    t.batch(day, 1_234 + 910); // the 56.78 redemption on card B is not in the books
    const c = await t.run();
    expect(cats(c)).toEqual(['MISSING_IN_ERP']);
    const x = c.report.exceptions[0];
    expect(x.card).toBe(B);
    expect(Math.abs(x.amount_cents)).toBe(5_678);
    expect(x.records).toContainEqual({ system: 'platform', ref: rs[1].txn });
    expect(x.records.some((r) => r.system === 'platform' && r.ref !== rs[1].txn)).toBe(false);
    expect(c.report.liability.reconstructed_closing_cents).toBe(t.trueClosing());
    expect(c.report.liability.erp_closing_cents).toBe(t.trueClosing() + 5_678);
    expect(c.report.liability.bridge.find((b) => b.category === 'MISSING_IN_ERP')).toMatchObject({ amount_cents: -5_678, count: 1 });
    expectIdentities(c.report);
  });
});
