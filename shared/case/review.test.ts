import { describe, expect, it } from 'vitest';
import { unsealedReportJson } from '../report/report-json';
import { loadSqlJs } from '../node/files';
import { DEFAULT_SETTINGS, InputError, type CaseSettings, type Decision, type InputFile, type Report } from '../types';
import type { EngineCase } from './api';
import { linkKey } from './links';
import { openCase, runCase } from './pipeline';

// Card …0009 is activated for 300.00 with no sale and no payment (an unpaid activation), then spends 180.67 in
// two storefront orders; the ERP books all three. Card …0001 is sold and activated for 50.00; its 20.00 spend
// on order #13 reached the platform two hours later without the order (GT-5): no rule links them.
const FILES: Record<string, string> = {
  platform: `Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note
GT-1,6006000000000009,Activation,300.00,300.00,USD,2026-07-02T10:00:00Z,,,api,system,
GT-2,6006000000000009,Redemption,100.00,200.00,USD,2026-07-05T12:00:00Z,#11,,online,system,
GT-3,6006000000000009,Redemption,80.67,119.33,USD,2026-07-06T12:00:00Z,#12,,online,system,
GT-4,6006000000000001,Activation,50.00,50.00,USD,2026-07-03T10:00:00Z,#1,,online,system,
GT-5,6006000000000001,Redemption,20.00,30.00,USD,2026-07-07T11:00:00Z,,,pos,system,
`,
  storefront: `Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location
#11,S-11,2026-07-05T11:59:00Z,gift_card_applied,0009,100.00,USD,success,online
#12,S-12,2026-07-06T11:59:00Z,gift_card_applied,0009,80.67,USD,success,online
#1,S-1,2026-07-03T09:59:00Z,gift_card_sold,0001,50.00,USD,success,online
#13,S-13,2026-07-07T09:00:00Z,gift_card_applied,0001,20.00,USD,success,online
`,
  payments: `id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status
ch_1,charge,2026-07-03 09:59:00,50.00,1.50,48.50,usd,Gift card purchase #1,#1,available
`,
  erp: `Journal,Line,Date,Period,Account,Debit,Credit,Memo,Reference,Source,Created By
J-1,1,2026-07-02,2026-07,2410 Gift Card Liability,,300.00,Gift card issued,GT-1,GC,sync
J-2,1,2026-07-05,2026-07,2410 Gift Card Liability,100.00,,Gift card redeemed,GT-2,GC,sync
J-3,1,2026-07-06,2026-07,2410 Gift Card Liability,80.67,,Gift card redeemed,GT-3,GC,sync
J-4,1,2026-07-03,2026-07,2410 Gift Card Liability,,50.00,Gift card issued,GT-4,GC,sync
J-5,1,2026-07-07,2026-07,2410 Gift Card Liability,20.00,,Gift card redeemed,GT-5,GC,sync
`,
};
const SETTINGS: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC' };
const files = (): InputFile[] => Object.entries(FILES).map(([role, text]) => ({ role: role as InputFile['role'], name: `${role}.csv`, bytes: new TextEncoder().encode(text) }));
const by = { user: 'ana', at: '2026-10-15T10:00:00.000Z' };
const card = (r: Report, n: string) => r.cards.find((c) => c.card === n)!.reconstructed_cents;

async function unpaidCase(): Promise<{ c: EngineCase; key: string }> {
  const c = await runCase(await loadSqlJs(), { files: files(), settings: SETTINGS });
  const x = c.report.exceptions.find((e) => e.category === 'UNPAID_ACTIVATION')!;
  expect(x.records[0]).toEqual({ system: 'platform', ref: 'GT-1' });
  return { c, key: x.key };
}

describe('a decision never makes a card’s history impossible', () => {
  it('refuses to exclude an activation whose value was spent, says why, and offers to exclude the unspent part', async () => {
    const { c, key } = await unpaidCase();
    const before = unsealedReportJson(c.reportJson());
    const exclude: Decision = { key, action: 'resolve', resolution: 'exclude_card', ...by };
    const check = c.checkDecisions([exclude]);
    expect(check.ok).toBe(false);
    expect(check.reason).toMatch(/^Resolving EX-\d{4} \(Unpaid activation\) as “Exclude: the activation was not a legitimate issue” would take card 6006000000000009 below zero: to \(180\.67\) at 2026-07-06 12:00:00 UTC, after platform GT-3 \(redemption 80\.67\)\./);
    expect(check.alternative).toMatchObject({ key, resolution: 'exclude_unspent' });
    expect(check.alternative!.why).toMatch(/the 180\.67 already spent stands, as a finding of its own \(EX-\d{4}\)/);
    // What it would have done: the card at (180.67).
    expect(check.effect.cards).toContainEqual({ card: '6006000000000009', last_four: '0009', before_cents: 11933, after_cents: -18067 });
    expect(() => c.decide([exclude], 'exclude')).toThrow(InputError);
    expect(() => c.decide([exclude], 'exclude')).toThrow(/Choose instead “Exclude only the part not yet spent/);
    expect(unsealedReportJson(c.reportJson())).toBe(before);
    expect(c.decisions()).toEqual([]);
    const options = c.resolutionOptions(key);
    expect(options.map((o) => [o.code, o.allowed, o.alternative])).toEqual([
      ['card_is_live', true, undefined], ['exclude_card', false, 'exclude_unspent'], ['exclude_unspent', true, undefined],
    ]);
    c.close();
  });

  it('excluding the unspent part leaves the card at zero, books the difference on the activation, and names the spend', async () => {
    const { c, key } = await unpaidCase();
    const ids = new Map(c.report.exceptions.map((x) => [x.key, x.id]));
    const highest = Math.max(...[...ids.values()].map((id) => Number(id.slice(3))));
    const r = c.decide([{ key, action: 'resolve', resolution: 'exclude_unspent', note: 'card issued by a compromised API key', ...by }], 'exclude');
    expect(card(r, '6006000000000009')).toBe(0);
    const unpaid = r.exceptions.find((x) => x.key === key)!;
    // The ERP booked 300.00; 180.67 of it stands: the activation's own finding carries the 119.33 (no cut-off invented).
    expect(unpaid).toMatchObject({ resolution: 'exclude_unspent', status: 'resolved', erp_effect_cents: -11933 });
    expect(r.exceptions.some((x) => x.category === 'CUTOFF')).toBe(false);
    const spend = r.exceptions.find((x) => x.key !== key && x.category === 'UNPAID_ACTIVATION')!;
    expect(spend).toMatchObject({
      amount_cents: 18067, erp_effect_cents: 0, resolution: 'spend_stands', status: 'open', id: `EX-${String(highest + 1).padStart(4, '0')}`,
      records: [{ system: 'platform', ref: 'GT-1' }, { system: 'platform', ref: 'GT-2' }, { system: 'platform', ref: 'GT-3' }],
    });
    expect(spend.explanation).toMatch(/^180\.67 of the 300\.00 activation GT-1, which the auditor excluded/);
    // Every other exception keeps its id.
    for (const x of r.exceptions) if (ids.has(x.key)) expect(x.id).toBe(ids.get(x.key));
    const L = r.liability;
    expect(L.erp_closing_cents + L.bridge.reduce((a, b) => a + b.amount_cents, 0)).toBe(L.reconstructed_closing_cents);
    expect(L.bridge.find((b) => b.category === 'UNPAID_ACTIVATION')).toEqual({ category: 'UNPAID_ACTIVATION', amount_cents: -11933, count: 2 });
    // The spend can only stand.
    expect(c.resolutionOptions(spend.key).map((o) => o.code)).toEqual(['spend_stands']);
    // Undo gives back the case as it was, spend finding retired with its id kept.
    c.undo('ana');
    expect(card(c.report, '6006000000000009')).toBe(11933);
    expect(c.report.exceptions.some((x) => x.key === spend.key)).toBe(false);
    expect(c.exceptionIds()).toContainEqual({ key: spend.key, id: spend.id });
    c.close();
  });

  it('checks resolution codes against the exception’s category and reasons against the case’s list', async () => {
    const { c, key } = await unpaidCase();
    const id = c.report.exceptions.find((x) => x.key === key)!.id;
    expect(() => c.decide([{ key, action: 'resolve', resolution: 'happened_twice', ...by }], 'x')).toThrow(
      `Resolution 'happened_twice' is not one of ${id} (Unpaid activation)'s: card_is_live, exclude_card, exclude_unspent`,
    );
    expect(() => c.decide([{ key, action: 'resolve', ...by }], 'x')).toThrow(/needs a resolution: one of card_is_live/);
    expect(() => c.decide([{ key, action: 'accept', reason: 'Because', ...by }], 'x')).toThrow(/^Reason 'Because' is not one of the case's reason codes \('Confirmed with platform support'/);
    expect(c.auditLog().filter((e) => e.action.startsWith('decision:'))).toEqual([]);
    c.close();
  });

  it('keeps each decision’s note, decider, time and reason as evidence, also after reopening', async () => {
    const { c, key } = await unpaidCase();
    c.decide([{ key, action: 'defer', note: 'asked the platform', reason: 'Confirmed with platform support', ...by }], 'defer');
    c.decide([{ key, action: 'resolve', resolution: 'exclude_unspent', note: 'fraud', reason: 'Per management representation', user: 'ben', at: '2026-10-16T09:00:00.000Z' }], 'exclude');
    c.undo('ben', '2026-10-16T09:05:00.000Z');
    const evidence = c.evidence(key);
    expect(evidence.map((e) => [e.action, e.user, e.in_force, e.reason ?? null, e.note ?? null])).toEqual([
      ['defer', 'ana', true, 'Confirmed with platform support', 'asked the platform'],
      ['resolve', 'ben', false, 'Per management representation', 'fraud'],
      ['undo', 'ben', false, null, null],
    ]);
    expect(evidence[1]).toMatchObject({ resolution: 'exclude_unspent', resolution_label: 'Exclude only the part not yet spent: the spend stands, as a finding of its own' });
    const reopened = await openCase(await loadSqlJs(), c.exportCase());
    expect(reopened.evidence(key)).toEqual(evidence);
    expect(reopened.decisions()).toEqual(c.decisions());
    expect(reopened.verifyChain()).toMatchObject({ ok: true, problems: [] });
    c.close();
    reopened.close();
  });
});

describe('links made and broken by hand', () => {
  const S13 = { system: 'storefront' as const, ref: 'S-13' };
  const GT5 = { system: 'platform' as const, ref: 'GT-5' };
  const link = (a: { system: 'storefront' | 'platform' | 'payments' | 'erp'; ref: string }, b: typeof a, action: 'link' | 'unlink' = 'link'): Decision => ({
    key: linkKey(a, b), action, records: [a, b], ...by,
  });

  it('a link the rules did not make: matching re-runs with it and the findings follow; undo takes it back', async () => {
    const { c } = await unpaidCase();
    const missing = c.report.exceptions.find((x) => x.category === 'MISSING_IN_PLATFORM')!;
    expect(missing.suggestions).toEqual([GT5]);
    expect(card(c.report, '6006000000000001')).toBe(1000); // 50.00 − 20.00 (S-13) − 20.00 (GT-5)
    const before = unsealedReportJson(c.reportJson());
    const r = c.decide([link(S13, GT5)], 'link S-13 to GT-5');
    expect(card(r, '6006000000000001')).toBe(3000);
    expect(r.exceptions.some((x) => x.key === missing.key)).toBe(false);
    expect(r.matching.by_rule['manual: linked by the auditor']).toBe(1);
    expect(r.notes).toContain('Matching as decided by the auditor: linked platform GT-5 ↔ storefront S-13.');
    const steps = c.cardRollforward({ card: '6006000000000001' }).steps;
    expect(steps.find((s) => s.records.some((x) => x.ref === 'GT-5'))!.links).toContainEqual({ records: [S13, GT5], rule: 'identity: order + last four + amount' });
    expect(c.auditLog().at(-1)).toMatchObject({ action: 'decision:link', user: 'ana' });
    c.undo('ana');
    // The same report but for the audit log's seal, which now counts the link and its undo.
    expect(unsealedReportJson(c.reportJson())).toBe(unsealedReportJson(before));
    c.close();
  });

  it('a link matched again from the events as read where a Void was settled: the case the link given up front makes', async () => {
    // GT-7 voids GT-6: matching settles the Void (its effect is the redemption's, reversed), so the run's events
    // differ from those read there, and a re-match starts from those read.
    const platform = `${FILES.platform}GT-6,6006000000000009,Redemption,10.00,109.33,USD,2026-07-08T12:00:00Z,,,pos,system,
GT-7,6006000000000009,Void,10.00,119.33,USD,2026-07-08T12:30:00Z,,GT-6,pos,system,
`;
    const input = () => files().map((f) => (f.role === 'platform' ? { ...f, bytes: new TextEncoder().encode(platform) } : f));
    const SQL = await loadSqlJs();
    const later = await runCase(SQL, { files: input(), settings: SETTINGS });
    const before = unsealedReportJson(later.reportJson());
    expect(card(later.report, '6006000000000009')).toBe(11933);
    later.decide([link(S13, GT5)], 'link S-13 to GT-5');
    const upFront = await runCase(SQL, { files: input(), settings: SETTINGS, decisions: [link(S13, GT5)] });
    expect(card(upFront.report, '6006000000000001')).toBe(3000);
    // The same numbers and exceptions (their ids aside: the case decided later keeps those it had given).
    const figures = (r: Report) => ({ liability: r.liability, cards: r.cards, matching: r.matching, exceptions: r.exceptions.map((x) => ({ ...x, id: '' })) });
    expect(figures(later.report)).toEqual(figures(upFront.report));
    later.undo('ana');
    expect(unsealedReportJson(later.reportJson())).toBe(before);
    later.close();
    upFront.close();
  });

  it('an unlink breaks a pair the rules made; linking it again restores the numbers', async () => {
    const { c } = await unpaidCase();
    const S1 = { system: 'storefront' as const, ref: 'S-1' };
    const GT4 = { system: 'platform' as const, ref: 'GT-4' };
    const closing = c.report.liability.reconstructed_closing_cents;
    const r = c.decide([link(S1, GT4, 'unlink')], 'unlink');
    // The sale now stands alone (unactivated, on no card) and the activation looks unpaid: both counted.
    expect(r.exceptions.filter((x) => x.records.some((y) => y.ref === 'S-1' || y.ref === 'GT-4')).map((x) => x.category).sort()).toEqual(['UNACTIVATED_SALE', 'UNPAID_ACTIVATION']);
    expect(r.liability.reconstructed_closing_cents).toBe(closing + 5000);
    expect(() => c.decide([link(S1, GT4, 'unlink')], 'unlink')).toThrow('storefront S-1 and platform GT-4 are not linked by a matching rule: there is nothing to unlink');
    const again = c.decide([link(S1, GT4)], 'link');
    expect(again.liability.reconstructed_closing_cents).toBe(closing);
    // Unpaid through its sale, the charge goes to the activation of its order directly, by the next rule.
    const CH1 = { system: 'payments' as const, ref: 'ch_1' };
    c.decide([link(CH1, S1, 'unlink')], 'unlink the charge');
    const links = c.cardRollforward({ card: '6006000000000001' }).steps[0].links;
    expect(links).toContainEqual({ records: [CH1, GT4], rule: 'reference: payment Order ID = platform Order Ref' });
    expect(c.checkDecisions([link(CH1, S1)]).reason).toBe('payments ch_1 is linked to platform GT-4: unlink that first');
    c.close();
  });

  it('refuses to link rows that cannot be one movement, or a row linked already', async () => {
    const { c } = await unpaidCase();
    const GT1 = { system: 'platform' as const, ref: 'GT-1' };
    const GT3 = { system: 'platform' as const, ref: 'GT-3' };
    expect(c.checkDecisions([link(S13, GT1)]).reason).toBe('storefront S-13 cannot be linked to platform GT-1: a storefront gift_card_applied is never a platform activation');
    expect(c.checkDecisions([link(S13, GT3)]).reason).toBe('storefront S-13 cannot be linked to platform GT-3: the storefront row is for a card ending 0001, the platform row for one ending 0009');
    expect(c.checkDecisions([link({ system: 'storefront', ref: 'S-11' }, GT5)]).reason).toMatch(/^storefront S-11 cannot be linked to platform GT-5: the storefront row is for a card ending 0009/);
    expect(c.checkDecisions([link({ system: 'storefront', ref: 'S-12' }, { system: 'platform', ref: 'GT-2' })]).reason).toBe('storefront S-12 is linked to platform GT-3: unlink that first');
    expect(c.checkDecisions([link({ system: 'erp', ref: 'J-2:1' }, GT1)]).reason).toBe('erp J-2:1 cannot be linked to platform GT-1: the ERP line lowers the liability and the platform activation raises it');
    expect(c.checkDecisions([link(S13, { system: 'storefront', ref: 'S-1' })]).reason).toMatch(/^storefront and storefront rows are never linked/);
    expect(c.checkDecisions([link(S13, { system: 'platform', ref: 'GT-99' })]).reason).toBe('There is no platform row GT-99 in this case');
    c.close();
  });

  it('a link is kept by a reopened case and by a re-run that carries the decisions', async () => {
    const { c } = await unpaidCase();
    c.decide([link(S13, GT5)], 'link');
    const reopened = await openCase(await loadSqlJs(), c.exportCase());
    expect(unsealedReportJson(reopened.reportJson())).toBe(unsealedReportJson(c.reportJson()));
    const rerun = await runCase(await loadSqlJs(), { files: files(), settings: SETTINGS, decisions: c.decisions(), exceptionIds: c.exceptionIds() });
    // A re-run's own log records the decisions otherwise: the same report but for the seal.
    expect(unsealedReportJson(rerun.reportJson())).toBe(unsealedReportJson(c.reportJson()));
    for (const x of [c, reopened, rerun]) x.close();
  });
});

describe('every card’s roll-forward', () => {
  it('gives each system’s lane with its running balance, the reconstructed line and the findings on it', async () => {
    const { c, key } = await unpaidCase();
    const rf = c.cardRollforward({ card: '6006000000000009' });
    expect(rf).toMatchObject({ card: '6006000000000009', instrument: 'gift_card', last_four: '0009', timezone: 'UTC', opening_cents: 0, closing_cents: 11933, platform_reported_cents: 11933, erp_cents: 11933 });
    expect(rf.lanes.platform.map((r) => [r.ref, r.running_cents, r.local])).toEqual([
      ['GT-1', 30000, '2026-07-02 10:00:00 UTC'], ['GT-2', 20000, '2026-07-05 12:00:00 UTC'], ['GT-3', 11933, '2026-07-06 12:00:00 UTC'],
    ]);
    expect(rf.lanes.erp.map((r) => [r.ref, r.effect_cents, r.running_cents, r.local])).toEqual([
      ['J-1:1', 30000, 30000, '2026-07-02'], ['J-2:1', -10000, 20000, '2026-07-05'], ['J-3:1', -8067, 11933, '2026-07-06'],
    ]);
    expect(rf.lanes.storefront.map((r) => [r.ref, r.running_cents, r.rule])).toEqual([['S-11', null, 'identity: order + last four + amount'], ['S-12', null, 'identity: order + last four + amount']]);
    expect(rf.steps.map((s) => [s.flow, s.effect_cents, s.running_cents, s.counted])).toEqual([['issued', 30000, 30000, true], ['redeemed', -10000, 20000, true], ['redeemed', -8067, 11933, true]]);
    expect(rf.steps[0].exceptions).toEqual([c.report.exceptions.find((x) => x.key === key)!.id]);
    expect(rf.exceptions.map((x) => x.category)).toEqual(['UNPAID_ACTIVATION']);
    expect(rf.lowest).toEqual({ cents: 11933, at: '2026-07-06T12:00:00.000Z' });
    // A card with no exception has its roll-forward too, and a storefront spend the platform never had is on it.
    const other = c.cardRollforward({ card: '6006000000000001' });
    expect(other.steps.map((s) => [s.kind, s.running_cents])).toEqual([['platform', 5000], ['missing_in_platform', 3000], ['platform', 1000]]);
    expect(other.steps[0].links).toEqual([
      { records: [{ system: 'storefront', ref: 'S-1' }, { system: 'platform', ref: 'GT-4' }], rule: 'identity: order + last four + amount' },
      { records: [{ system: 'payments', ref: 'ch_1' }, { system: 'storefront', ref: 'S-1' }], rule: 'reference: payment Order ID = storefront Order' },
      { records: [{ system: 'erp', ref: 'J-4:1' }, { system: 'platform', ref: 'GT-4' }], rule: 'reference: ERP Reference = platform Transaction ID' },
    ]);
    expect(() => c.cardRollforward({ card: '6006999999999999' })).toThrow('No card 6006999999999999 in this case');
    c.close();
  });
});

describe('choosing the redemptions an ERP batch left out', () => {
  // Four cards sold and activated on 07-01 and spent on 07-02; the ERP books the activations one by one and the
  // day's redemptions (55.00) as one batch line of 40.00. GT-12 and GT-13 are both 15.00: the totals cannot
  // tell which of them the batch left out.
  const BATCH: Record<string, string> = {
    platform: `Transaction ID,Card Number,Type,Amount,Balance After,Currency,Timestamp,Order Ref,Voids Txn,Channel,Operator,Note
GT-1,6006000000000001,Activation,50.00,50.00,USD,2026-07-01T10:00:00Z,#1,,online,system,
GT-2,6006000000000002,Activation,25.00,25.00,USD,2026-07-01T10:01:00Z,#2,,online,system,
GT-3,6006000000000003,Activation,15.00,15.00,USD,2026-07-01T10:02:00Z,#3,,online,system,
GT-4,6006000000000004,Activation,5.00,5.00,USD,2026-07-01T10:03:00Z,#4,,online,system,
GT-11,6006000000000001,Redemption,20.00,30.00,USD,2026-07-02T10:00:00Z,#11,,online,system,
GT-12,6006000000000002,Redemption,15.00,10.00,USD,2026-07-02T11:00:00Z,#12,,online,system,
GT-13,6006000000000003,Redemption,15.00,0.00,USD,2026-07-02T12:00:00Z,#13,,online,system,
GT-14,6006000000000004,Redemption,5.00,0.00,USD,2026-07-02T13:00:00Z,#14,,online,system,
`,
    storefront: `Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location
#1,S-1,2026-07-01T09:59:00Z,gift_card_sold,0001,50.00,USD,success,online
#2,S-2,2026-07-01T10:00:00Z,gift_card_sold,0002,25.00,USD,success,online
#3,S-3,2026-07-01T10:01:00Z,gift_card_sold,0003,15.00,USD,success,online
#4,S-4,2026-07-01T10:02:00Z,gift_card_sold,0004,5.00,USD,success,online
#11,S-11,2026-07-02T09:59:00Z,gift_card_applied,0001,20.00,USD,success,online
#12,S-12,2026-07-02T10:59:00Z,gift_card_applied,0002,15.00,USD,success,online
#13,S-13,2026-07-02T11:59:00Z,gift_card_applied,0003,15.00,USD,success,online
#14,S-14,2026-07-02T12:59:00Z,gift_card_applied,0004,5.00,USD,success,online
`,
    payments: `id,Type,Created (UTC),Amount,Fee,Net,Currency,Description,Order ID,Status
ch_1,charge,2026-07-01 09:59:00,50.00,1.50,48.50,usd,Gift card purchase #1,#1,available
ch_2,charge,2026-07-01 10:00:00,25.00,0.75,24.25,usd,Gift card purchase #2,#2,available
ch_3,charge,2026-07-01 10:01:00,15.00,0.45,14.55,usd,Gift card purchase #3,#3,available
ch_4,charge,2026-07-01 10:02:00,5.00,0.15,4.85,usd,Gift card purchase #4,#4,available
`,
    erp: `Journal,Line,Date,Period,Account,Debit,Credit,Memo,Reference,Source,Created By
J-1,1,2026-07-01,2026-07,2410 Gift Card Liability,,50.00,Gift card issued,GT-1,GC,sync
J-2,1,2026-07-01,2026-07,2410 Gift Card Liability,,25.00,Gift card issued,GT-2,GC,sync
J-3,1,2026-07-01,2026-07,2410 Gift Card Liability,,15.00,Gift card issued,GT-3,GC,sync
J-4,1,2026-07-01,2026-07,2410 Gift Card Liability,,5.00,Gift card issued,GT-4,GC,sync
B-1,1,2026-07-02,2026-07,2410 Gift Card Liability,40.00,,Gift card redemptions batch 2026-07-02,,GC,sync
`,
  };
  const batchFiles = (): InputFile[] => Object.entries(BATCH).map(([role, text]) => ({ role: role as InputFile['role'], name: `${role}.csv`, bytes: new TextEncoder().encode(text) }));
  const GT = (n: number) => ({ system: 'platform' as const, ref: `GT-${n}` });
  const choose = (key: string, ...refs: number[]): Decision => ({ key, action: 'resolve', resolution: 'omitted_set', records: refs.map(GT), ...by });

  async function batchCase(): Promise<{ c: EngineCase; key: string; id: string }> {
    const c = await runCase(await loadSqlJs(), { files: batchFiles(), settings: SETTINGS });
    const x = c.report.exceptions.find((e) => e.key === 'AMOUNT_MISMATCH|erp:B-1:1')!;
    expect(x).toMatchObject({ category: 'AMOUNT_MISMATCH', amount_cents: 1500, suggestions: [GT(12), GT(13)] });
    expect(x.explanation).toMatch(/is 15\.00 short of the day's platform redemptions, and which of them it left out cannot be told from the totals: 2 sets of 1 redemption make up 15\.00 exactly/);
    return { c, key: x.key, id: x.id };
  }

  it('offers the choice; the redemptions chosen become the ones missing in the ERP, and undo gives the batch back', async () => {
    const { c, key, id } = await batchCase();
    const before = unsealedReportJson(c.reportJson());
    const closing = c.report.liability.reconstructed_closing_cents;
    expect(c.report.exceptions.filter((x) => x.category === 'MISSING_IN_ERP')).toEqual([]);
    expect(c.resolutionOptions(key).find((o) => o.code === 'omitted_set')).toMatchObject({ needs_records: true, allowed: true, is_default: false });
    const check = c.checkDecisions([choose(key, 13)]);
    expect(check.ok).toBe(true);
    expect(check.effect.retired).toEqual([key]);
    const r = c.decide([choose(key, 13)], 'choose what the batch left out');
    // The batch's difference now sits on GT-13: the reconstruction (what happened) does not move.
    expect(r.liability.reconstructed_closing_cents).toBe(closing);
    expect(r.exceptions.some((x) => x.key === key)).toBe(false);
    const missing = r.exceptions.filter((x) => x.category === 'MISSING_IN_ERP');
    expect(missing.map((x) => [x.amount_cents, x.records])).toEqual([[1500, [GT(13), { system: 'erp', ref: 'B-1:1' }]]]);
    expect(missing[0].id).not.toBe(id);
    expect(r.notes).toContain('Matching as decided by the auditor: chose platform GT-13 as left out of ERP batch B-1:1.');
    const L = r.liability;
    expect(L.erp_closing_cents + L.bridge.reduce((a, b) => a + b.amount_cents, 0)).toBe(L.reconstructed_closing_cents);
    // A reopened case and a re-run carrying the decision come to the same report.
    const reopened = await openCase(await loadSqlJs(), c.exportCase());
    expect(unsealedReportJson(reopened.reportJson())).toBe(unsealedReportJson(c.reportJson()));
    const rerun = await runCase(await loadSqlJs(), { files: batchFiles(), settings: SETTINGS, decisions: c.decisions(), exceptionIds: c.exceptionIds() });
    expect(unsealedReportJson(rerun.reportJson())).toBe(unsealedReportJson(c.reportJson()));
    c.undo('ana');
    expect(unsealedReportJson(c.reportJson())).toBe(before);
    for (const x of [c, reopened, rerun]) x.close();
  });

  it('refuses a choice that is not the batch’s, does not make up the gap, or names a row twice', async () => {
    const { c, key, id } = await batchCase();
    const before = unsealedReportJson(c.reportJson());
    expect(c.checkDecisions([choose(key, 14)]).reason).toBe('The redemptions chosen sum to 5.00; the batch is short by 15.00');
    // An activation, and a row the case does not have, are none of the batch's redemptions.
    expect(c.checkDecisions([choose(key, 1)]).reason).toBe(`platform GT-1 is not one of the redemptions batch ${id} (Amount mismatch) may have left out`);
    expect(c.checkDecisions([choose(key, 99)]).reason).toBe(`platform GT-99 is not one of the redemptions batch ${id} (Amount mismatch) may have left out`);
    expect(c.checkDecisions([choose(key, 12, 13)]).reason).toBe('The redemptions chosen sum to 30.00; the batch is short by 15.00');
    expect(c.checkDecisions([choose(key, 12, 12)]).reason).toBe('A redemption is named twice');
    expect(c.checkDecisions([choose(key)]).reason).toBe(`Choosing what batch ${id} (Amount mismatch) left out needs the redemptions (records)`);
    expect(c.checkDecisions([{ ...choose(key, 13), resolution: 'happened_twice' }]).reason).toMatch(/^Resolution 'happened_twice' is not one of /);
    expect(() => c.decide([choose(key, 12, 13)], 'x')).toThrow(InputError);
    expect(unsealedReportJson(c.reportJson())).toBe(before);
    expect(c.decisions()).toEqual([]);
    c.close();
  });
});
