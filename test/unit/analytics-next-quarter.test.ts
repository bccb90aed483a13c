// The close analytics' history carried to the next quarter (docs/analytics.md, "The next quarter"): a case made
// from Q(n) — CaseClosing.nextCase, the engine service's nextCase, the command line's --prior — starts with Q(n)'s
// prior quarters, Q(n)'s own platform export as one more (its period stated in its name), Q(n)'s card register
// and settings, recorded by an `analytics` entry naming each file by SHA-256 and the prior case it came from.
import { beforeAll, describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { reportAnalytics } from '../../shared/analytics/case-analytics';
import { balanceAt, buildHistory, sourceFromPlatformEvents, type HistorySource } from '../../shared/analytics/history';
import { sha256Hex } from '../../shared/hash';
import { importFiles } from '../../shared/import/import-files';
import { openCase, runCase } from '../../shared/engine';
import { createEngineService } from '../../shared/service/engine-service';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS, type InputFile } from '../../shared/types';
import { generateHistory, type GeneratedHistory } from '../fixtures/history/generate-history';
import { fmtCents } from '../fixtures/money-text';
import { enc, sql } from './engine-helpers';

const empty = (role: InputFile['role'], name: string, header: string): InputFile => ({ role, name, bytes: enc(`${header}\n`) });

let g: GeneratedHistory;
/** Q(n)'s files (with an opening from the quarters before it) and Q(n+1)'s (its opening comes from Q(n)'s case). */
let qn: InputFile[];
let qnext: InputFile[];
/** The prior quarters Q(n) holds: every quarter before it. */
let priors: InputFile[];
let register: InputFile;
const analyticsSettings = { escheat: { holderState: 'NY' }, breakage: { prudenceMargin: '0.03' } };

function quarterFiles(q: GeneratedHistory['quarters'][number]): InputFile[] {
  return [
    { role: 'platform', name: q.name, bytes: enc(q.text) },
    empty('storefront', 'storefront.csv', 'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location'),
    empty('payments', 'payments.csv', 'id,Type,Created (UTC),Amount,Currency,Description,Order ID,Status'),
    empty('erp', 'erp.csv', 'Journal,Line,Date,Account,Debit,Credit,Memo,Reference,Source,Created By'),
  ];
}

beforeAll(async () => {
  g = generateHistory({ seed: 21, quarters: 10, giftCardsPerMonth: 30, storeCreditsPerMonth: 15, holderState: 'NY' });
  const calendar = new BusinessCalendar(g.timezone);
  const before = g.quarters.slice(0, -2);
  const sources: HistorySource[] = [];
  for (const q of before) {
    const r = await importFiles([{ role: 'platform', name: q.name, bytes: enc(q.text) }], undefined, calendar, { liabilityAccounts: ['2410', '2420'] });
    sources.push(sourceFromPlatformEvents(q.name, q.period, calendar.startOf(q.period.start), r.events));
  }
  const opening = buildHistory(sources)
    .cards.map((c) => [c.card, c.instrument, balanceAt(c, sources[sources.length - 1].period.end)] as const)
    .filter(([, , b]) => b !== 0)
    .map(([card, i, b]) => `${card},${i},${fmtCents(b)}`);
  qn = [...quarterFiles(g.quarters[8]), { role: 'opening', name: 'opening.csv', bytes: enc(`Card Number,Instrument,Balance\n${opening.join('\n')}\n`) }];
  qnext = quarterFiles(g.quarters[9]);
  priors = before.map((q) => ({ role: 'platform', name: q.name, bytes: enc(q.text) }));
  register = { role: 'platform', name: g.register.name, bytes: enc(g.register.text) };
}, 120_000);

const settingsOf = (q: GeneratedHistory['quarters'][number]) => ({ ...DEFAULT_SETTINGS, periodStart: q.period.start, periodEnd: q.period.end, timezone: g.timezone });

describe('the next quarter keeps the analytics history', () => {
  it('Q(n+1) made from Q(n) holds Q(n)\'s history plus Q(n)\'s platform export, logged by SHA-256 and prior case', async () => {
    const SQL = await sql();
    const q8 = g.quarters[8];
    const cn = await runCase(SQL, { files: qn, settings: settingsOf(q8), history: priors, register, analyticsSettings });
    const an = reportAnalytics(cn.report)!;
    const next = cn.closing().nextCase('q-n.sqlite');
    const carriedName = `${q8.period.start}..${q8.period.end} ${q8.name}`;
    expect(next.analytics.quarter).toEqual({ file: q8.name, name: carriedName, sha256: sha256Hex(enc(q8.text)) });

    const c = await runCase(SQL, { files: qnext, settings: next.settings, prior: next.carry, analyticsCarry: next.analytics });
    const a = reportAnalytics(c.report)!;
    expect(a.history.prior_files.map((f) => f.file)).toEqual([...priors.map((f) => f.name), carriedName]);
    expect(a.history.prior_files.at(-1)).toMatchObject({ period: q8.period, period_from: 'name' });
    expect(a.history.register?.file).toBe(register.name);
    expect(a.settings.breakage.prudenceMargin).toBe('0.03');
    expect(a.settings.escheat.holderState).toBe('NY');

    // One more quarter of history than Q(n) had: three more monthly vintages, the same start, no gap.
    expect(a.history.sources).toHaveLength(an.history.sources.length + 1);
    expect(a.history.covers?.start).toBe(an.history.covers?.start);
    expect(a.history.gaps).toEqual([]);
    const vintages = (x: typeof a) => x.breakage.by_instrument.gift_card?.triangle?.vintages.length ?? 0;
    expect(vintages(an)).toBeGreaterThan(0);
    expect(vintages(a)).toBe(vintages(an) + 3);
    expect(a.aging.as_of > an.aging.as_of).toBe(true);

    // The same analytics as the files given by hand; without Q(n)'s own export the history has a gap.
    const direct = await runCase(SQL, {
      files: qnext, settings: next.settings, prior: next.carry, register, analyticsSettings,
      history: [...priors, { role: 'platform', name: carriedName, bytes: enc(q8.text) }],
    });
    expect(reportAnalytics(direct.report)).toEqual(a);
    direct.close();
    const without = await runCase(SQL, { files: qnext, settings: next.settings, prior: next.carry, history: priors, register, analyticsSettings });
    expect(reportAnalytics(without.report)!.history.gaps).not.toEqual([]);
    without.close();

    // The audit entry: after the continuity's, naming each file by SHA-256, and the prior case by its file and head.
    const log = c.auditLog();
    const prior = log.findIndex((e) => e.action === 'prior');
    const entries = log.filter((e) => e.action === 'analytics');
    expect(entries).toHaveLength(1);
    expect(entries[0].seq).toBeGreaterThan(log[prior].seq);
    const detail = JSON.parse(entries[0].detail);
    expect(detail.carried_from).toMatchObject({
      case_file: next.carry.case_file, chain_head: next.carry.chain_head, period: { start: q8.period.start, end: q8.period.end },
      this_quarter: next.analytics.quarter, register: true, settings: true,
    });
    expect(detail.carried_from.prior_quarters).toEqual(a.history.prior_files.map((f) => f.file));
    expect(detail.history).toEqual([...priors.map((f) => ({ name: f.name, sha256: sha256Hex(f.bytes) })), { name: carriedName, sha256: sha256Hex(enc(q8.text)) }]);
    expect(detail.change).toMatch(new RegExp(`^carried from the prior case q-n\\.sqlite \\(SHA-256 ${next.carry.case_file.sha256}, audit log entry ${next.carry.chain_head.seq} `));

    // Reopened: the carried files are stored in the case file; nothing is logged anew.
    const re = await openCase(SQL, c.exportCase());
    expect(re.verifyChain().ok).toBe(true);
    expect(reportAnalytics(re.report)).toEqual(a);
    expect(re.auditLog()).toHaveLength(log.length);
    re.close();

    // --history given with --prior takes the place of the carried prior quarters; the register and settings still come.
    const given = await runCase(SQL, { files: qnext, settings: next.settings, prior: next.carry, analyticsCarry: next.analytics, history: priors.slice(-2) });
    const ga = reportAnalytics(given.report)!;
    expect(ga.history.prior_files.map((f) => f.file)).toEqual(priors.slice(-2).map((f) => f.name));
    expect(ga.history.register?.file).toBe(register.name);
    const gd = JSON.parse(given.auditLog().filter((e) => e.action === 'analytics')[0].detail);
    expect(gd.carried_from).toMatchObject({ prior_quarters: [], this_quarter: null, register: true, settings: true });
    expect(gd.change).toMatch(/; given besides: prior quarters added: /);
    given.close();
    c.close();
    cn.close();
  }, 300_000);

  it('a carried history that does not read here does not stop the new case: it starts without it, and says why', async () => {
    const SQL = await sql();
    const q8 = g.quarters[8];
    const cn = await runCase(SQL, { files: qn, settings: settingsOf(q8), history: priors.slice(-2) });
    const next = cn.closing().nextCase('q-n.sqlite');
    cn.close();
    // As if the prior case's platform export had been read with a profile that detection does not find.
    const bad: InputFile = { role: 'platform', name: `${q8.period.start}..${q8.period.end} notes.csv`, bytes: enc('Hello,World\n1,2\n') };
    const carry = { ...next.analytics, inputs: { ...next.analytics.inputs, history: [...next.analytics.inputs.history, bad] } };
    const c = await runCase(SQL, { files: qnext, settings: next.settings, prior: next.carry, analyticsCarry: carry });
    expect(reportAnalytics(c.report)!.history.prior_files).toEqual([]);
    const note = (c.report.notes ?? []).find((n) => n.startsWith("The close analytics' inputs of the prior case were not carried: "));
    expect(note).toMatch(/notes\.csv/);
    const entry = JSON.parse(c.auditLog().filter((e) => e.action === 'analytics')[0].detail);
    expect(entry.carried_from).toMatchObject({ prior_quarters: [], this_quarter: null, register: false, settings: false });
    expect(entry.carried_from.refused).toBe(note!.replace("The close analytics' inputs of the prior case were not carried: ", ''));
    expect(entry.change).toMatch(/^nothing carried from the prior case q-n\.sqlite .*: its inputs do not read in this case \(/);
    c.close();
  }, 300_000);

  it('the engine service\'s nextCase carries it to the next run, and a reset forgets it', async () => {
    const service = createEngineService({ loadSql: () => initSqlJs(), runCase, openCase, inspectFile: () => { throw new Error('unused'); } });
    const h = service.handlers;
    const ctx = { signal: new AbortController().signal, progress: () => undefined };
    const put = (files: InputFile[]) => files.forEach((f) => h.putFile({ role: f.role, name: f.name, bytes: f.bytes.slice().buffer }));
    put(qn);
    await h.run({ settings: settingsOf(g.quarters[8]) }, ctx);
    await h.addPriorQuarters({ files: priors.map((f) => ({ name: f.name, bytes: f.bytes.slice().buffer })), user: 'auditor' });
    const next = h.nextCase({ name: 'q-n.sqlite' }).value;
    h.reset({ keepPrior: true });
    put(qnext);
    await h.run({ settings: next.settings }, ctx);
    const names = h.analyticsInputs().history.map((f) => f.name);
    expect(names).toEqual([...priors.map((f) => f.name), `${g.quarters[8].period.start}..${g.quarters[8].period.end} ${g.quarters[8].name}`]);
    // A re-run keeps what the case holds; a case started afresh holds none.
    await h.run({ settings: next.settings }, ctx);
    expect(h.analyticsInputs().history.map((f) => f.name)).toEqual(names);
    h.reset(null);
    put(qnext);
    await h.run({ settings: next.settings }, ctx);
    expect(h.analyticsInputs().history).toEqual([]);
    h.reset(null);
  }, 300_000);
});
