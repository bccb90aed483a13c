// The close analytics in report.json (docs/formats.md §5, docs/analytics.md): computed from the reconstructed
// case, tied to its roll-forward, and — given prior quarters with a card register — the same figures as the
// analytics computed from the platform's own exports, whose breakage the history generator knows.
import { beforeAll, describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { reportAnalytics } from '../../shared/analytics/case-analytics';
import { analyzeClose } from '../../shared/analytics/close';
import { balanceAt, buildHistory, sourceFromPlatformEvents, type HistorySource } from '../../shared/analytics/history';
import { periodOfFile } from '../../shared/analytics/prior-quarters';
import { runCase } from '../../shared/engine';
import { importFiles } from '../../shared/import/import-files';
import type { Report } from '../../shared/types';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS, type InputFile } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { generateHistory, type GeneratedHistory } from '../fixtures/history/generate-history';
import { fmtCents } from '../fixtures/money-text';
import { enc, quarterInputs, quarterSettings, sql } from './engine-helpers';

/** The disclosure's customer balances equal the reconstructed roll-forward line by line, and the aging foots. */
function expectTied(r: Report): void {
  const a = reportAnalytics(r)!;
  expect(a.disclosure.ties?.ok).toBe(true);
  expect(a.disclosure.ties!.lines.every((l) => l.difference_cents === 0)).toBe(true);
  expect(a.disclosure.foots).toBe(true);
  expect(a.disclosure.customer_balances.total.closing_cents).toBe(r.liability.reconstructed_closing_cents);
  for (const i of ['gift_card', 'store_credit'] as const) {
    expect(a.disclosure.customer_balances[i].closing_cents).toBe(r.liability.by_instrument[i]!);
    const rows = a.aging.rows.filter((x) => x.instrument === i);
    expect(rows.reduce((s, x) => s + x.balance_cents, 0)).toBe(a.aging.totals[i].balance_cents);
  }
}

describe('report.json analytics on a quarter alone', () => {
  it('ties to the reconstruction and says what needs prior quarters', async () => {
    const q = generateQuarter({ seed: 41, cards: 300 });
    const c = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
    const r = c.report;
    expectTied(r);
    const a = reportAnalytics(r)!;
    expect(a.history.sources.map((s) => s.label)).toEqual([`reconstructed ${q.options.periodStart}..${q.options.periodEnd}`]);
    expect(a.breakage.unavailable).toMatch(/triangle needs at least 24/);
    // The workpapers are written without a breakage estimate too, saying why.
    const wb = XLSX.read(c.workpapers(), { type: 'array' });
    const breakage = XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets.Breakage, { header: 1 });
    expect(breakage.find((r) => r[0] === 'Not estimated')?.[1]).toBe(a.breakage.unavailable);
    expect(a.availability.find((x) => x.analysis === 'breakage')!.possible).toBe(false);
    expect(a.notice).toMatch(/^Not legal or accounting advice/);
    expect(a.settings.breakage.prudenceMargin).toBe('0.02');
    // In report.json between the decisions and the seal, and no per-card list.
    const keys = Object.keys(JSON.parse(c.reportJson()));
    expect(keys.slice(-3)).toEqual(['decisions_applied', 'analytics', 'audit_seal']);
    expect('cards' in a.escheat).toBe(false);
    c.close();
  });
});

describe('report.json analytics after a decision', () => {
  it('are made again when a decision changes what happened, and left as they were when it does not', async () => {
    const q = generateQuarter({ seed: 61, cards: 500, timezone: 'America/New_York', erpFormat: 'xlsx' });
    const c = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
    const x = c.report.exceptions.find((e) => e.category === 'MISSING_IN_PLATFORM' && e.amount_cents !== 0)!;
    expect(x).toBeDefined();
    const before = reportAnalytics(c.report)!;
    const at = '2026-10-15T10:00:00.000Z';
    const deferred = c.decide([{ key: x.key, action: 'defer', note: 'ask the store', user: 'auditor', at }], 'defer');
    expect(reportAnalytics(deferred)).toBe(before);
    const r = c.decide([{ key: x.key, action: 'resolve', resolution: 'did_not_happen', note: 'no such tender', user: 'auditor', at }], 'resolve');
    expect(r.liability.reconstructed_closing_cents).not.toBe(before.disclosure.customer_balances.total.closing_cents);
    expectTied(r);
    c.close();
  });
});

const empty = (role: InputFile['role'], name: string, header: string): InputFile => ({ role, name, bytes: enc(`${header}\n`) });

describe('report.json analytics with prior quarters (--history)', () => {
  let g: GeneratedHistory;
  let report: Report;
  let workbook: XLSX.WorkBook;
  let direct: ReturnType<typeof analyzeClose>;
  beforeAll(async () => {
    g = generateHistory({ seed: 5, quarters: 12, giftCardsPerMonth: 60, storeCreditsPerMonth: 30, holderState: 'NY' });
    const calendar = new BusinessCalendar(g.timezone);
    const sources: HistorySource[] = [];
    for (const q of g.quarters) {
      const r = await importFiles([{ role: 'platform', name: q.name, bytes: enc(q.text) }], undefined, calendar, { liabilityAccounts: ['2410', '2420'] });
      sources.push(sourceFromPlatformEvents(q.name, q.period, calendar.startOf(q.period.start), r.events));
    }
    const last = g.quarters[g.quarters.length - 1];
    const registerFile = { role: 'platform' as const, name: g.register.name, bytes: enc(g.register.text) };
    // The case's opening balances: every card's balance the prior quarters give (the prior quarter's closing).
    const before = buildHistory(sources.slice(0, -1));
    const opening = before.cards
      .map((c) => [c.card, c.instrument, balanceAt(c, '2024-06-30')] as const)
      .filter(([, , b]) => b !== 0)
      .map(([card, i, b]) => `${card},${i},${fmtCents(b)}`);
    expect(last.period.start).toBe('2024-07-01');
    const settings = { escheat: { holderState: 'NY' } };
    const c = await runCase(await sql(), {
      files: [
        { role: 'platform', name: last.name, bytes: enc(last.text) },
        empty('storefront', 'storefront.csv', 'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location'),
        empty('payments', 'payments.csv', 'id,Type,Created (UTC),Amount,Currency,Description,Order ID,Status'),
        empty('erp', 'erp.csv', 'Journal,Line,Date,Account,Debit,Credit,Memo,Reference,Source,Created By'),
        { role: 'opening', name: 'opening.csv', bytes: enc(`Card Number,Instrument,Balance\n${opening.join('\n')}\n`) },
      ],
      settings: { ...DEFAULT_SETTINGS, periodStart: last.period.start, periodEnd: last.period.end, timezone: g.timezone },
      history: g.quarters.slice(0, -1).map((q) => ({ role: 'platform', name: q.name, bytes: enc(q.text) })),
      register: registerFile,
      analyticsSettings: settings,
    });
    report = c.report;
    workbook = XLSX.read(c.workpapers(), { type: 'array' });
    c.close();
    const register = new Map(g.register.text.trim().split('\n').slice(1).map((l) => l.split(',')).filter((x) => x[1]).map(([k, s]) => [k, s] as [string, string]));
    direct = analyzeClose({ period: last.period, sources, register, settings });
  }, 120_000);

  it('gives the breakage, escheat and aging the platform exports give, and ties to the reconstruction', () => {
    const a = reportAnalytics(report)!;
    expectTied(report);
    expect(a.availability.find((x) => x.analysis === 'breakage')).toEqual({ analysis: 'breakage', possible: true, reason: null });
    expect(a.history.prior_files.map((f) => f.file)).toEqual(g.quarters.slice(0, -1).map((q) => q.name));
    expect(a.history.register?.owners).toBeGreaterThan(0);
    for (const i of ['gift_card', 'store_credit'] as const) {
      const got = a.breakage.by_instrument[i]!;
      const want = direct.breakage.by_instrument[i]!;
      expect(got.ultimate_breakage_rate).toBe(want.ultimate_breakage_rate);
      expect(got.this_period_cents).toBe(want.this_period_cents);
      expect(got.vintages).toEqual(want.vintages);
    }
    expect(Number(a.breakage.by_instrument.gift_card!.ultimate_breakage_rate)).toBeGreaterThan(0);
    expect(a.breakage.journal).toEqual(direct.breakage.journal);
    expect(a.escheat.rows).toEqual(direct.escheat.rows);
    expect(a.aging.rows).toEqual(direct.aging.rows);
    expect(a.disclosure.lines).toEqual(direct.disclosure.lines);
  });

  it('writes a workpaper sheet per section whose totals foot and tie to report.json', () => {
    const a = reportAnalytics(report)!;
    const rowsOf = (name: string) => XLSX.utils.sheet_to_json<unknown[]>(workbook.Sheets[name], { header: 1 }).slice(1) as unknown[][];
    const c = (v: unknown) => (v === undefined || v === null ? 0 : Math.round(Number(v) * 100));
    const find = (rows: unknown[][], first: string) => rows.find((r) => r[0] === first)!;
    expect(workbook.SheetNames).toEqual(expect.arrayContaining(['Analytics', 'Aging', 'Breakage', 'Breakage entry', 'Escheat', 'Disclosure']));

    const aging = rowsOf('Aging');
    const data = aging.filter((r) => r[0] === 'Gift cards' || r[0] === 'Store credit');
    expect(data).toHaveLength(a.aging.rows.length);
    const total = find(aging, 'Total');
    expect(c(total[4])).toBe(data.reduce((s, r) => s + c(r[4]), 0));
    expect(c(total[4])).toBe(report.liability.reconstructed_closing_cents);
    expect(c(find(aging, 'Total gift cards')[4])).toBe(report.liability.by_instrument.gift_card!);
    expect(c(find(aging, 'Difference')[4])).toBe(0);

    const breakage = rowsOf('Breakage');
    for (const [i, name] of [['gift_card', 'Gift cards'], ['store_credit', 'Store credit']] as const) {
      const b = a.breakage.by_instrument[i]!;
      const vintages = breakage.filter((r) => r[0] === name);
      const t = find(breakage, `Total ${name.toLowerCase()}`);
      expect(c(t[3])).toBe(vintages.reduce((s, r) => s + c(r[3]), 0));
      expect(c(t[3])).toBe(b.vintages.reduce((s, v) => s + v.loaded_cents, 0));
      expect(c(find(breakage, `${name}: this quarter's breakage`)[13])).toBe(b.this_period_cents);
    }
    expect(c(find(breakage, "This quarter's breakage, all instruments")[13])).toBe(a.breakage.this_period_cents);

    const entry = find(rowsOf('Breakage entry'), 'Total');
    expect(c(entry[2])).toBe(c(entry[3]));
    expect(c(entry[2])).toBe(a.breakage.journal.reduce((s, l) => s + l.debit_cents, 0));
    expect(c(entry[2])).toBeGreaterThan(0);

    const escheat = rowsOf('Escheat');
    const et = find(escheat, 'Total');
    expect(c(et[5])).toBe(a.escheat.totals.presumed_abandoned_cents);
    expect(c(et[8])).toBe(a.escheat.totals.within_horizon_cents);
    expect(c(et[5])).toBe(escheat.slice(0, a.escheat.rows.length).reduce((s, r) => s + c(r[5]), 0));

    const disclosure = rowsOf('Disclosure');
    const closing = a.disclosure.lines.find((l) => l.section === 'closing')!;
    expect(c(find(disclosure, 'Opening + movements (foots to the closing)')[4])).toBe(closing.amounts.total);
    expect(c(find(disclosure, "Customers' balances, closing (= reconstructed)")[4])).toBe(report.liability.reconstructed_closing_cents);
    expect(closing.amounts.total + a.disclosure.breakage_on_balances.closing.total).toBe(report.liability.reconstructed_closing_cents);
  });

  it('takes a history file\'s period from its name, else from its first row', () => {
    expect(periodOfFile('platform-2026Q2.csv', null)).toEqual({ period: { start: '2026-04-01', end: '2026-06-30' }, from: 'name' });
    expect(periodOfFile('gc_2026-01-01..2026-03-31.xlsx', null)).toEqual({ period: { start: '2026-01-01', end: '2026-03-31' }, from: 'name' });
    expect(periodOfFile('export.csv', '2025-11-03')).toEqual({ period: { start: '2025-10-01', end: '2025-12-31' }, from: 'first_row' });
    expect(periodOfFile('export.csv', null)).toBeNull();
  });

  it('refuses a history file reaching into the case period, in one line', async () => {
    const q = generateQuarter({ seed: 42, cards: 120 });
    const files = quarterInputs(q);
    const platform = files.find((f) => f.role === 'platform')!;
    await expect(runCase(await sql(), { files, settings: quarterSettings(q), history: [{ ...platform, name: 'platform-2026Q3.csv' }] })).rejects.toThrow(
      /^--history platform-2026Q3\.csv: it covers 2026-07-01\.\.2026-09-30, which reaches into the case's period/,
    );
  });
});
