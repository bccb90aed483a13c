// The close analytics' inputs held by a case (docs/formats.md §10, docs/analytics.md): prior quarters, a card
// register and settings changed on a reconciled case (EngineCase.changeAnalytics, the engine service's
// addPriorQuarters…), each change audit-logged and the analytics made again; stored in the case file, so the
// reopened case — in the app or with --case — gives the same analytics without the files given again.
import { beforeAll, describe, expect, it } from 'vitest';
import initSqlJs from 'sql.js';
import { reportAnalytics } from '../../shared/analytics/case-analytics';
import { balanceAt, buildHistory, sourceFromPlatformEvents, type HistorySource } from '../../shared/analytics/history';
import { importFiles } from '../../shared/import/import-files';
import { openCase, runCase } from '../../shared/engine';
import { createEngineService } from '../../shared/service/engine-service';
import type { CaseChange } from '../../shared/service/engine-service';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS, type InputFile } from '../../shared/types';
import { generateHistory, type GeneratedHistory } from '../fixtures/history/generate-history';
import { fmtCents } from '../fixtures/money-text';
import { enc, sql } from './engine-helpers';

const empty = (role: InputFile['role'], name: string, header: string): InputFile => ({ role, name, bytes: enc(`${header}\n`) });

let g: GeneratedHistory;
let quarter: InputFile[];
let priors: InputFile[];
let register: InputFile;
const settingsOf = (h: GeneratedHistory) => {
  const last = h.quarters[h.quarters.length - 1];
  return { ...DEFAULT_SETTINGS, periodStart: last.period.start, periodEnd: last.period.end, timezone: h.timezone };
};

beforeAll(async () => {
  g = generateHistory({ seed: 11, quarters: 10, giftCardsPerMonth: 30, storeCreditsPerMonth: 15, holderState: 'NY' });
  const calendar = new BusinessCalendar(g.timezone);
  const sources: HistorySource[] = [];
  for (const q of g.quarters.slice(0, -1)) {
    const r = await importFiles([{ role: 'platform', name: q.name, bytes: enc(q.text) }], undefined, calendar, { liabilityAccounts: ['2410', '2420'] });
    sources.push(sourceFromPlatformEvents(q.name, q.period, calendar.startOf(q.period.start), r.events));
  }
  const last = g.quarters[g.quarters.length - 1];
  // The case's opening: every card's balance the prior quarters give at their end.
  const opening = buildHistory(sources)
    .cards.map((c) => [c.card, c.instrument, balanceAt(c, sources[sources.length - 1].period.end)] as const)
    .filter(([, , b]) => b !== 0)
    .map(([card, i, b]) => `${card},${i},${fmtCents(b)}`);
  quarter = [
    { role: 'platform', name: last.name, bytes: enc(last.text) },
    empty('storefront', 'storefront.csv', 'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location'),
    empty('payments', 'payments.csv', 'id,Type,Created (UTC),Amount,Currency,Description,Order ID,Status'),
    empty('erp', 'erp.csv', 'Journal,Line,Date,Account,Debit,Credit,Memo,Reference,Source,Created By'),
    { role: 'opening', name: 'opening.csv', bytes: enc(`Card Number,Instrument,Balance\n${opening.join('\n')}\n`) },
  ];
  priors = g.quarters.slice(0, -1).map((q) => ({ role: 'platform', name: q.name, bytes: enc(q.text) }));
  register = { role: 'platform', name: g.register.name, bytes: enc(g.register.text) };
}, 120_000);

describe('changing the close analytics of a reconciled case', () => {
  it('adds prior quarters, a register and settings as the command line gives them, logs each change, and reopens to the same analytics', async () => {
    const SQL = await sql();
    const c = await runCase(SQL, { files: quarter, settings: settingsOf(g) });
    const alone = reportAnalytics(c.report)!;
    expect(alone.breakage.unavailable).not.toBeNull();
    expect(Object.keys(alone.breakage.by_instrument)).toEqual([]);
    expect(c.auditLog().some((e) => e.action === 'analytics')).toBe(false);

    // Added in two steps, in another order than the quarters run: the same as given at once.
    await c.changeAnalytics({ addHistory: priors.slice(4) }, 'auditor');
    await c.changeAnalytics({ addHistory: priors.slice(0, 4) }, 'auditor');
    await c.changeAnalytics({ register }, 'auditor');
    await c.changeAnalytics({ settings: { escheat: { holderState: 'NY' }, breakage: { prudenceMargin: '0.03' } } }, 'reviewer');
    const a = reportAnalytics(c.report)!;
    expect(a.breakage.unavailable).toBeNull();
    expect(a.breakage.by_instrument.gift_card?.this_period_cents).toBeDefined();
    expect(a.history.prior_files.map((f) => f.file)).toEqual(priors.map((f) => f.name));
    expect(a.history.register?.file).toBe(register.name);
    expect(a.settings.breakage.prudenceMargin).toBe('0.03');

    const direct = await runCase(SQL, {
      files: quarter, settings: settingsOf(g), history: priors, register, analyticsSettings: { escheat: { holderState: 'NY' }, breakage: { prudenceMargin: '0.03' } },
    });
    expect(reportAnalytics(direct.report)).toEqual(a);
    direct.close();

    const entries = c.auditLog().filter((e) => e.action === 'analytics');
    expect(entries.map((e) => e.user)).toEqual(['auditor', 'auditor', 'auditor', 'reviewer']);
    expect(JSON.parse(entries[0].detail).change).toBe(`prior quarters added: ${priors.slice(4).map((f) => f.name).join(', ')}`);
    expect(JSON.parse(entries[3].detail).settings).toEqual({ escheat: { holderState: 'NY' }, breakage: { prudenceMargin: '0.03' } });
    expect(c.report.audit_seal?.entries).toBe(c.auditLog().length);

    // Reopened: the files come from the case file, the log's last entry says which; nothing is logged anew.
    const bytes = c.exportCase();
    const re = await openCase(SQL, bytes);
    expect(re.verifyChain().ok).toBe(true);
    expect(reportAnalytics(re.report)).toEqual(a);
    expect(re.reportJson()).toBe(c.reportJson());
    expect(re.analyticsInputs()).toEqual(c.analyticsInputs());
    expect(re.auditLog()).toHaveLength(c.auditLog().length);

    // A prior quarter taken out is out of the next reopening too.
    await re.changeAnalytics({ removeHistory: [priors[0].name] }, 'auditor');
    expect(reportAnalytics(re.report)!.history.prior_files.map((f) => f.file)).toEqual(priors.slice(1).map((f) => f.name));
    const again = await openCase(SQL, re.exportCase());
    expect(reportAnalytics(again.report)).toEqual(reportAnalytics(re.report));
    again.close();
    re.close();
    c.close();
  }, 240_000);

  it('refuses a quarter reaching into the period, two overlapping, an unreadable file and a bad setting in one line, leaving the case as it was', async () => {
    const SQL = await sql();
    const c = await runCase(SQL, { files: quarter, settings: settingsOf(g), history: priors.slice(-2) });
    const log = c.auditLog().length;
    const before = c.reportJson();
    const last = g.quarters[g.quarters.length - 1];
    await expect(c.changeAnalytics({ addHistory: [{ role: 'platform', name: 'platform-late.csv', bytes: enc(last.text) }] }, 'a')).rejects.toThrow(
      new RegExp(`^Prior quarter platform-late\\.csv: it covers ${last.period.start}\\.\\.${last.period.end}, which reaches into the case's period`),
    );
    const twin = priors[priors.length - 1];
    await expect(c.changeAnalytics({ addHistory: [{ ...twin, name: `copy of ${twin.name}` }] }, 'a')).rejects.toThrow(/^Prior quarters: .*overlap/);
    await expect(c.changeAnalytics({ addHistory: [{ role: 'platform', name: 'notes-2023Q1.csv', bytes: enc('Hello,World\n1,2\n') }] }, 'a')).rejects.toThrow(/^notes-2023Q1\.csv: /);
    await expect(c.changeAnalytics({ settings: { breakage: { prudenceMargin: '2' } } }, 'a')).rejects.toThrow(/^analytics settings: breakage\.prudenceMargin: must be a decimal from 0 to 1/);
    await expect(c.changeAnalytics({ removeHistory: ['nope.csv'] }, 'a')).rejects.toThrow(/^No prior quarter named nope\.csv is held$/);
    // Two files of one name (from two folders) are refused, never one of them dropped.
    await expect(c.changeAnalytics({ addHistory: [priors[0], { ...priors[1], name: priors[0].name }] }, 'a')).rejects.toThrow(/^Two of the prior quarters given are named /);
    await expect(runCase(SQL, { files: quarter, settings: settingsOf(g), history: [priors[0], { ...priors[1], name: priors[0].name }] })).rejects.toThrow(
      /^--history: two prior quarters are named .*: rename one$/,
    );
    expect(c.auditLog()).toHaveLength(log);
    expect(c.reportJson()).toBe(before);
    c.close();
  }, 240_000);

  it('names a stored prior quarter that was altered, and opens the case read-only', async () => {
    const SQL = await sql();
    const c = await runCase(SQL, { files: quarter, settings: settingsOf(g), history: priors.slice(-3) });
    const db = new SQL.Database(c.exportCase());
    c.close();
    db.run("UPDATE analytics_files SET bytes = CAST('x' AS BLOB) WHERE seq = 2");
    const re = await openCase(SQL, db.export());
    db.close();
    expect(re.verifyChain().ok).toBe(false);
    expect(re.verifyChain().problems.join('\n')).toMatch(new RegExp(`names the prior quarter ${priors[priors.length - 2].name.replace('.', '\\.')} \\(SHA-256 [0-9a-f]{12}…\\), which the case file no longer holds as it was`));
    expect(reportAnalytics(re.report)!.history.prior_files).toHaveLength(2);
    await expect(re.changeAnalytics({ removeHistory: [priors[priors.length - 1].name] }, 'a')).rejects.toThrow(/read-only: no decision, undo, redo or change of its analytics inputs/);
    re.close();
  }, 240_000);

  it('takes the command line\'s flags with --case: --history adds, --register and --analytics-settings replace, and the case records them', async () => {
    const SQL = await sql();
    const c = await runCase(SQL, { files: quarter, settings: settingsOf(g), history: priors.slice(-3), analyticsSettings: { escheat: { holderState: 'NY' } } });
    const bytes = c.exportCase();
    c.close();
    const re = await openCase(SQL, bytes, {}, { analytics: { history: priors.slice(0, 2), register, analyticsSettings: { escheat: { holderState: 'TX' } } } });
    const a = reportAnalytics(re.report)!;
    expect(a.history.prior_files.map((f) => f.file).sort()).toEqual([...priors.slice(0, 2), ...priors.slice(-3)].map((f) => f.name).sort());
    expect(a.settings.escheat.holderState).toBe('TX');
    expect(a.history.register?.file).toBe(register.name);
    const entry = re.auditLog().at(-1)!;
    expect([entry.user, entry.action]).toEqual(['system', 'analytics']);
    // Logged after the file was checked as saved: the case is not taken for altered, and the report is sealed with the entry.
    expect(re.verifyChain().ok).toBe(true);
    expect(re.report.audit_seal?.entries).toBe(re.auditLog().length);
    // Saved again, the case holds them all: reopened without flags, the same analytics.
    const after = await openCase(SQL, re.exportCase());
    expect(reportAnalytics(after.report)).toEqual(a);
    after.close();
    re.close();
  }, 240_000);
});

describe('the engine service\'s analytics methods', () => {
  it('add prior quarters and a register, set the settings, each pushing caseChanged; refusals come back as one line', async () => {
    const changes: CaseChange[] = [];
    const service = createEngineService({ loadSql: () => initSqlJs(), runCase, openCase, inspectFile: () => { throw new Error('unused'); } });
    service.events.on('caseChanged', (c) => changes.push(c));
    const h = service.handlers;
    for (const f of quarter) h.putFile({ role: f.role, name: f.name, bytes: f.bytes.slice().buffer });
    const ctx = { signal: new AbortController().signal, progress: () => undefined };
    await h.run({ settings: settingsOf(g) }, ctx);
    const buffer = (f: InputFile) => ({ name: f.name, bytes: f.bytes.slice().buffer });
    await h.addPriorQuarters({ files: priors.map(buffer), user: 'auditor' });
    await h.setCardRegister({ file: buffer(register), user: 'auditor' });
    expect(h.checkAnalyticsSettings({ settings: { breakage: { method: 'remote', remoteMonths: 0 } } as never })).toEqual([
      { field: 'breakage.remoteMonths', message: 'must be a whole number of months from 1 to 600, got 0' },
    ]);
    expect(h.checkAnalyticsSettings({ settings: { escheat: { holderstate: 'NY' } } as never })).toEqual([
      { field: 'escheat.holderstate', message: 'escheat.holderstate is not a setting (docs/analytics.md, Settings)' },
    ]);
    await h.setAnalyticsSettings({ settings: { breakage: { method: 'remote', remoteMonths: 24 } }, user: 'auditor' });
    expect(changes.map((c) => c.cause)).toEqual(['run', 'analytics', 'analytics', 'analytics']);
    const a = reportAnalytics(changes.at(-1)!.report)!;
    expect(a.settings.breakage.method).toBe('remote');
    expect(h.analyticsInputs().history.map((f) => f.name)).toEqual(priors.map((f) => f.name));
    // A re-run keeps what the case held.
    await h.run({ settings: settingsOf(g) }, ctx);
    expect(reportAnalytics(changes.at(-1)!.report)!.history.prior_files).toHaveLength(priors.length);
    await expect(h.removePriorQuarter({ name: 'none.csv', user: 'auditor' })).rejects.toThrow('No prior quarter named none.csv is held');
    h.reset(null);
  }, 240_000);
});
