// Next quarter from this one, on two consecutive generated quarters (Q3 with its faults, Q4 continuing its true
// state): Q4 reconciled from Q3's case equals Q4's known answer to the cent, card by card and category by
// category; each card opens at Q3's closing; Q3's deferred items come across with their notes; the late events
// of Q3 are recognised in Q4 for what they are; and the continuity can be re-performed from the Q3 file.
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { EngineCase } from '../../shared/api';
import { openCase, runCase } from '../../shared/engine';
import { CATEGORIES, type Report } from '../../shared/types';
import { generatePair, type GeneratedQuarter } from '../fixtures/generate';
import { enc, expectIdentities, quarterInputs, quarterSettings, sql } from './engine-helpers';

const anomalies = { ...Object.fromEntries(CATEGORIES.map((c) => [c, 2])), CUTOFF: 4 };
const { first: q3, second: q4 } = generatePair({ seed: 11, anomalies });

const count = (r: Report, category: string) => r.exceptions.filter((x) => x.category === category).length;
const cards = (r: Report) => new Map(r.cards.filter((c) => c.card).map((c) => [c.card!, c.reconstructed_cents]));

/** How far a report is from a quarter's known answer: the total, the cards that differ, the categories that differ. */
function againstAnswer(r: Report, q: GeneratedQuarter) {
  const e = q.expected;
  const got = cards(r);
  const wrongCards = Object.entries(e.cards).filter(([card, c]) => (got.get(card) ?? 0) !== c.true_cents).map(([card]) => card);
  const wrongCategories = CATEGORIES.filter((c) => count(r, c) !== e.counts[c]);
  return { off: r.liability.reconstructed_closing_cents - e.reconstructed_closing_cents, wrongCards, wrongCategories };
}

let c3: EngineCase;
let c4: EngineCase;
let q3File: Uint8Array;
beforeAll(async () => {
  const SQL = await sql();
  c3 = await runCase(SQL, { files: quarterInputs(q3), settings: quarterSettings(q3) });
  // The auditor defers two items with notes before closing Q3.
  const deferred = c3.report.exceptions.filter((x) => x.category === 'MISSING_IN_PLATFORM');
  c3.decide(deferred.map((x) => ({ key: x.key, action: 'defer', note: `Ticket with the platform for ${x.id}`, user: 'ana', at: '2026-10-05T09:00:00.000Z' })), 'defer');
  c3.closing().setMateriality(150_00, 'ana');
  const next = c3.closing().nextCase('q3.sqlite');
  q3File = next.caseFile;
  c4 = await runCase(SQL, { files: quarterInputs(q4).filter((f) => f.role !== 'opening'), settings: next.settings, prior: next.carry });
}, 120_000);

describe('Q4 opened from Q3’s case', () => {
  it('equals Q4’s known answer: the total to the cent, every card, every category, the bridge', () => {
    expect(againstAnswer(c4.report, q4)).toEqual({ off: 0, wrongCards: [], wrongCategories: [] });
    expectIdentities(c4.report);
    const bridge = Object.fromEntries(c4.report.liability.bridge.map((b) => [b.category, b.amount_cents]));
    for (const b of q4.expected.bridge) expect(bridge[b.category] ?? 0, b.category).toBe(b.amount_cents);
    expect(bridge.OPENING_BALANCE_DIFFERENCE).toBe(q4.expected.opening_difference!.erp_cents);
    expect(c4.report.liability.platform_reported_closing_cents).toBe(q4.expected.platform_reported_closing_cents);
  });

  it('opens every card at its Q3 closing, card-less liabilities included', () => {
    const opened = new Map(c4.query('SELECT card, cents FROM opening WHERE file_id = -1', 10_000).rows.map(([card, cents]) => [card as string, cents as number]));
    const closed = cards(c3.report);
    const late = c4.report.prior!.items.filter((i) => i.category === 'UNACTIVATED_SALE' && i.outcome === 'completed');
    expect(late).toHaveLength(1);
    // Every Q3 card opens at its closing; the sale Q3 never saw activated opens on the card Q4 activates.
    for (const [card, cents] of closed) expect(opened.get(card), card).toBe(cents);
    expect(opened.size).toBe(closed.size + late.length);
    expect(c4.report.liability.rollforward.opening_cents).toBe(c3.report.liability.reconstructed_closing_cents);
    expect(c4.report.prior!.opening_lines).toBe(c3.report.cards.length);
  });

  it('gives each line of the workpapers\' Balances sheet its opening (the Q3 closing of its card), and ties out', () => {
    const wb = XLSX.read(c4.workpapers(undefined, { unmasked: true }), { type: 'array', dense: true });
    const [head, ...body] = XLSX.utils.sheet_to_json<(string | number | null)[]>(wb.Sheets.Balances, { header: 1, raw: true, defval: null });
    const lines = body.slice(0, -1); // the last row is the total
    expect(lines).toHaveLength(c4.report.cards.length);
    const at = (name: string) => head.indexOf(name);
    const toCents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
    const opened = new Map(c4.query('SELECT card, sum(cents) FROM opening GROUP BY card', 10_000).rows.map(([card, cents]) => [card as string, Number(cents)]));
    let total = 0;
    for (const line of lines) {
      const opening = toCents(line[at('Opening')]);
      const card = line[at('Card')] as string | null;
      if (card) expect(opening, card).toBe(opened.get(card) ?? 0);
      expect(opening + toCents(line[at('Movement')])).toBe(toCents(line[at('Reconstructed')]));
      total += opening;
    }
    expect(total).toBe(c4.report.liability.rollforward.opening_cents);

    // The Tie-out sheet's totals over those lines agree with report.json, line by line.
    const [tieHead, ...ties] = XLSX.utils.sheet_to_json<(string | number | null)[]>(wb.Sheets['Tie-out'], { header: 1, raw: true, defval: null });
    const where = (w: string) => ties.find((r) => r[tieHead.indexOf('Workpapers: where')] === w)!;
    const L = c4.report.liability;
    expect(toCents(where('Balances: gift cards')[tieHead.indexOf('Workpapers')])).toBe(L.by_instrument.gift_card);
    expect(toCents(where('Balances: store credit')[tieHead.indexOf('Workpapers')])).toBe(L.by_instrument.store_credit);
    expect(toCents(where('Balances: total platform reports')[tieHead.indexOf('Workpapers')])).toBe(L.platform_reported_closing_cents);
    for (const r of ties) expect(toCents(r[tieHead.indexOf('Difference')]), String(r[tieHead.indexOf('Workpapers: where')])).toBe(0);
  });

  it('carries the deferred items with their notes and decisions, and the items waiting for a counterpart', () => {
    const items = c4.report.prior!.items;
    const deferred = items.filter((i) => i.carried === 'deferred');
    expect(deferred.map((i) => [i.category, i.prior_status, i.note])).toEqual(
      c3.report.exceptions.filter((x) => x.status === 'deferred').map((x) => ['MISSING_IN_PLATFORM', 'deferred', `Ticket with the platform for ${x.id}`]),
    );
    expect(items.filter((i) => i.carried === 'open')).toHaveLength(c3.report.exceptions.filter((x) => x.status === 'open').length);
  });

  it('takes Q3’s materiality, recorded as an entry of its own', () => {
    expect(c4.closing().status().materiality_cents).toBe(150_00);
    expect(c4.auditLog().filter((e) => e.action === 'close:materiality')).toEqual([expect.objectContaining({ user: 'system', detail: JSON.stringify({ cents: 150_00 }) })]);
  });

  it('recognises Q3’s late events for what they are: counted once, closed with a note', () => {
    const e = q4.expected;
    // No activation of a card Q3 sold is taken for an unpaid one, no posting of a Q3 cut-off for an ERP-only entry,
    // no card whose platform follows its own (carried) balance for a chain break.
    expect([count(c4.report, 'UNPAID_ACTIVATION'), count(c4.report, 'ERP_ONLY_ENTRY'), count(c4.report, 'BALANCE_CHAIN_BREAK')]).toEqual([
      e.counts.UNPAID_ACTIVATION, e.counts.ERP_ONLY_ENTRY, e.counts.BALANCE_CHAIN_BREAK,
    ]);
    const counterparts = c4.report.exceptions.filter((x) => x.prior_item);
    const expected = e.anomalies.filter((a) => a.variant.startsWith('prior_period'));
    expect(counterparts.map((x) => x.category).sort()).toEqual(expected.map((a) => a.category).sort());
    for (const x of counterparts) {
      expect(x.status).toBe('accepted');
      const d = c4.decisions().find((d) => d.key === x.key)!;
      expect(d).toMatchObject({ user: 'system', note: expect.stringMatching(new RegExp(`^Prior-period item ${x.prior_item} .*counted once`)) });
      expect(c4.report.prior!.items.find((i) => i.id === x.prior_item)).toMatchObject({ outcome: 'completed', counterpart: x.id });
    }
    const lines = Object.fromEntries(c4.report.liability.bridge.map((b) => [b.category, b.amount_cents]));
    expect(lines.CUTOFF).toBe(e.bridge.find((b) => b.category === 'CUTOFF')!.amount_cents);
  });

  it('records the prior case in its audit log and re-performs the continuity from the Q3 file', async () => {
    const SQL = await sql();
    const prior = c4.auditLog().find((x) => x.action === 'prior')!;
    expect(JSON.parse(prior.detail)).toMatchObject({ case_file: { name: 'q3.sqlite' }, chain_head: c4.report.prior!.chain_head });
    const reopened = await openCase(SQL, q3File);
    const source = (bytes: Uint8Array, c: EngineCase) => ({
      bytes, log: c.auditLog(), chainProblem: c.verifyChain().problem ?? null, reportJson: c.reportJson(),
      carry: (f: { name: string; sha256: string }) => c.closing().priorCarry(f),
    });
    expect(c4.closing().checkPrior(source(q3File, reopened))).toEqual([]);
    // Another Q3 (one more decision) is not the file Q4 was carried from.
    const x = reopened.report.exceptions.find((e) => e.status === 'open')!;
    reopened.decide([{ key: x.key, action: 'accept', user: 'ana', at: '2026-10-06T09:00:00.000Z' }], 'accept');
    const changed = reopened.exportCase();
    expect(c4.closing().checkPrior(source(changed, reopened))).toEqual([expect.stringMatching(/^the prior case file is not the one this case was carried from/)]);
  });

  it('reopens with the same numbers, the prior items and their closings replayed from the log', async () => {
    const again = await openCase(await sql(), c4.exportCase());
    expect(again.reportJson()).toBe(c4.reportJson());
    expect(again.closing().prior()).toEqual(c4.closing().prior());
    expect(again.verifyChain()).toMatchObject({ ok: true, problems: [] });
  });

  it('without the prior case, from the Q3 closing as an opening file, fails in the four ways the issue measured', async () => {
    // What reconciling Q4 from Q3's reconstructed closing does without recognising the prior items: kept as the
    // measurement the continuity fixes (card-less lines cannot be written in an opening file).
    const closing = ['Card Number,Instrument,Balance', ...c3.report.cards.filter((c) => c.card).map((c) => `${c.card},${c.instrument},${(c.reconstructed_cents / 100).toFixed(2)}`)];
    const files = [...quarterInputs(q4).filter((f) => f.role !== 'opening'), { role: 'opening' as const, name: 'q3-closing.csv', bytes: enc(closing.join('\n')) }];
    const naive = await runCase(await sql(), { files, settings: quarterSettings(q4) });
    const e = q4.expected;
    const late = e.anomalies.filter((a) => a.variant === 'prior_period_activation');
    expect(count(naive.report, 'UNPAID_ACTIVATION') - e.counts.UNPAID_ACTIVATION).toBe(late.length);
    expect(count(naive.report, 'ERP_ONLY_ENTRY') - e.counts.ERP_ONLY_ENTRY).toBe(e.anomalies.filter((a) => a.variant === 'prior_period_posting').length);
    expect(count(naive.report, 'BALANCE_CHAIN_BREAK')).toBeGreaterThan(e.counts.BALANCE_CHAIN_BREAK);
    expect(againstAnswer(naive.report, q4).off).not.toBe(0);
  });
});
