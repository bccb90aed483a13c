// The pipeline end to end: files → canonical events → match → classify → reconstruct → report, in one sql.js
// database. Each stage is a pure function of the stages before it plus the settings and decisions, so a saved
// case re-runs to the same numbers. Used unchanged by the Web Worker, the command line and the tests.
import type { SqlJsStatic } from 'sql.js';
import { classify } from '../classify/classify';
import { unbalancedJournals } from '../classify/data-quality';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { importFiles, type ImportResult } from '../import/import-files';
import { buildMovements, type MatchResult, type Pairs } from '../match/movements';
import { RULES, ruleParams, systemBounds } from '../match/rules';
import type { FallbackRule } from '../match/storefront-links';
import { inferOpening } from '../reconstruct/opening';
import { validateSettings } from '../settings';
import { BusinessCalendar } from '../time';
import { InputError, fileSize, type CaseSettings, type FileRole, type InputFile, type Mapping } from '../types';
import type { EngineCase, RunHooks, RunRequest } from './api';
import { Case, type CaseRun, type SessionStart } from './case';
import { CaseStore } from './case-store';
import { StageRunner } from './stage-runner';

export { inspectFile } from '../import/import-files';

const ROLE_ORDER: FileRole[] = ['platform', 'storefront', 'payments', 'erp', 'opening'];

/** Runs a whole case from files. Throws InputError (one line) for whatever cannot run. */
export async function runCase(SQL: SqlJsStatic, req: RunRequest, hooks: RunHooks = {}): Promise<EngineCase> {
  return buildCase(SQL, req, hooks, (importDetail) => ({ kind: 'new', importDetail, decisions: [...(req.decisions ?? [])] }));
}

/**
 * Reopens a saved case: re-reads its stored source files, checks their SHA-256, and applies the decisions its
 * audit log records.
 */
export async function openCase(SQL: SqlJsStatic, bytes: Uint8Array, hooks: RunHooks = {}): Promise<EngineCase> {
  const saved = CaseStore.readSaved(SQL, bytes);
  const req = { files: saved.files, settings: saved.settings, mapping: saved.mapping };
  return buildCase(SQL, req, hooks, () => ({ kind: 'reopened', log: saved.log, table: saved.decisions }));
}

/** The stages of a run, in order. */
async function buildCase(
  SQL: SqlJsStatic,
  req: RunRequest,
  hooks: RunHooks,
  session: (importDetail: string) => SessionStart,
): Promise<Case> {
  const runner = new StageRunner(hooks);
  const settings = validateSettings(req.settings);
  const calendar = new BusinessCalendar(settings.timezone);
  const files = inRoleOrder(req.files);
  const imported = await readInputs(runner, files, req.mapping, settings, calendar);
  settings.currency = imported.currency ?? 'USD';
  runner.checkAbort();
  const ev = imported.events;
  // In SQLite's memory with room for the whole case, or in a file for a quarter too large for that.
  const store = CaseStore.create(SQL, files.reduce((a, f) => a + fileSize(f), 0));
  // A failed or cancelled run frees its database at once (sql.js memory is not garbage-collected).
  try {
    await runner.stage({ stage: 'import', done: ev.length, total: ev.length, rate: runner.rate(ev.length) }, () =>
      loadInputs(store, runner, imported, files, settings, req.mapping),
    );
    const opening = openingBalances(imported, files, settings);
    // The matching's working sets (candidate pairs, maps by identity, order and card) are garbage after it.
    const match = await runner.stage({ stage: 'match', done: 0, total: ev.length }, () => matchEvents(store, ev, opening.balances), {
      collect: true,
    });
    // Voids' effects were settled during matching: keep the stored events in step.
    store.updateEvents(match.settledVoids.map((v) => ({ id: v.event, effect: v.effectCents, instrument: v.instrument })));
    const classified = await runner.stage({ stage: 'classify', done: 0, total: match.movements.length }, () =>
      classify(match.events, match.movements, match.platformRowsByCard, settings, calendar, centsByCard(opening.balances)),
    );
    const run: CaseRun = {
      settings, calendar, events: match.events, match: { ...match, movements: classified.movements }, findings: classified.findings,
      opening: opening.balances, inputs: imported.files.map((f) => f.summary),
      matching: { matched_groups: match.movements.filter((m) => m.members.length > 1).length, by_rule: match.byRule },
      notes: [`Amounts are in ${settings.currency}.`, ...opening.notes, ...match.notes, ...unbalancedJournals(match.events)],
      sources: files,
    };
    runner.progress({ stage: 'reconstruct', done: 0, total: 1 });
    const c = new Case(store, run, session(importDetail(imported)));
    runner.progress({ stage: 'report', done: 1, total: 1, rate: runner.rate(ev.length) });
    return c;
  } catch (err) {
    store.close();
    throw err;
  }
}

/** The files in the order of their roles, each of the four systems present. */
function inRoleOrder(files: InputFile[]): InputFile[] {
  for (const role of ['platform', 'storefront', 'payments', 'erp'] as const)
    if (!files.some((f) => f.role === role)) throw new InputError(`No ${role} file was given`);
  return [...files].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));
}

/** Reads every file into events, reporting progress in bytes (with rows per second) and letting a cancel in. */
async function readInputs(
  runner: StageRunner,
  files: InputFile[],
  mapping: Mapping | undefined,
  settings: CaseSettings,
  calendar: BusinessCalendar,
): Promise<ImportResult> {
  const total = files.reduce((a, f) => a + fileSize(f), 0);
  const bytesBefore = (i: number) => files.slice(0, i).reduce((a, f) => a + fileSize(f), 0);
  let rowsBefore = 0;
  const due = runner.pacer();
  return importFiles(files, mapping, calendar, {
    currency: settings.currency,
    liabilityAccounts: settings.liabilityAccounts,
    onFile: async (file, i) => {
      runner.progress({ stage: 'read', done: bytesBefore(i), total, file });
      await runner.breathe();
    },
    // Between chunks of a file, now and then: progress in bytes with rows per second, and a chance to cancel.
    onChunk: async (i, done, rows) => {
      const at = { stage: 'read', done: bytesBefore(i) + done, total, file: files[i].name, rate: runner.rate(rowsBefore + rows) } as const;
      if (done === fileSize(files[i])) rowsBefore += rows;
      if (!due()) return;
      runner.progress(at);
      await runner.breathe();
    },
  });
}

/** The case's settings, files, quarantined rows, opening balances and events into its database. */
async function loadInputs(
  store: CaseStore,
  runner: StageRunner,
  imported: ImportResult,
  files: InputFile[],
  settings: CaseSettings,
  mapping: Mapping | undefined,
): Promise<void> {
  const ev = imported.events;
  store.beginInputs(settings, mapping, imported.files);
  store.writeOpening(imported.opening, files.findIndex((f) => f.role === 'opening'));
  await store.writeEvents(ev, settings, async (done) => {
    await runner.breathe();
    runner.progress({ stage: 'import', done, total: ev.length });
  });
  store.endInputs();
}

/** The opening balances: from the opening file, or, without one, each card's from the platform's own ledger. */
function openingBalances(imported: ImportResult, files: InputFile[], settings: CaseSettings): { balances: OpeningBalance[]; notes: string[] } {
  if (files.some((f) => f.role === 'opening')) return { balances: imported.opening, notes: [] };
  const balances = [...imported.opening, ...inferOpening(imported.events, settings)];
  return {
    balances,
    notes: [
      `No opening balances file: each card's opening was taken from the platform's own Balance After (${balances.length} cards); the ERP opening journal is compared with their total.`,
    ],
  };
}

function centsByCard(opening: OpeningBalance[]): Map<string, number> {
  const cents = new Map<string, number>();
  for (const o of opening) cents.set(o.card, (cents.get(o.card) ?? 0) + o.cents);
  return cents;
}

/** The matching rules' candidate pairs from the database, then the movements made of them. */
function matchEvents(store: CaseStore, ev: CanonicalEvent[], opening: OpeningBalance[]): MatchResult {
  const pairs = {} as Pairs;
  const bounds = systemBounds((i) => ev[i].system, ev.length);
  for (const [name, rule] of Object.entries(RULES)) {
    if (!('leftovers' in rule)) pairs[name as keyof Pairs] = store.pairs(rule.sql, ruleParams(rule.sql, bounds));
  }
  const fallback = (rule: FallbackRule, storefront: number[], platform: number[]) => store.leftoverPairs(RULES[rule].sql, ev, storefront, platform);
  const match = buildMovements(ev, pairs, fallback, { instruments: new Map(opening.map((o) => [o.card, o.instrument] as const)), cents: centsByCard(opening) });
  store.dropLeftovers();
  return match;
}

/** The import's audit entry: each file with its SHA-256 and counts. */
function importDetail(imported: ImportResult): string {
  return imported.files
    .map(
      (f) =>
        `${f.summary.system} ${f.summary.file} sha256=${f.sha256} rows=${f.summary.rows} imported=${f.summary.imported} quarantined=${f.summary.quarantined}`,
    )
    .join('; ');
}
