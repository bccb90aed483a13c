// The pipeline end to end: files → canonical events → match → classify → reconstruct → report, in one case
// database (sql.js, or DuckDB where the host gives that engine). Each stage is a pure function of the stages before it plus the settings and decisions, so a saved
// case re-runs to the same numbers. Used unchanged by the Web Worker, the command line and the tests.
import type { SqlJsStatic } from 'sql.js';
import { classify } from '../classify/classify';
import { unbalancedJournals } from '../classify/data-quality';
import type { ImportResult } from '../import/import-files';
import { validateSettings } from '../settings';
import type { CaseDb, CaseEngine } from '../store/case-db';
import { BusinessCalendar } from '../time';
import { formatBytes } from '../import/read-table';
import { asCaseEngine } from '../store/sqljs-db';
import { fileSize, InputError, type CaseSettings, type InputFile, type Mapping } from '../types';
import type { EngineCase, RunHooks, RunRequest } from './api';
import { Case, type CaseRun, type SessionStart } from './case';
import { CaseStore, type SavedCase } from './case-store';
import { StageRunner } from './stage-runner';
import { centsByCard, importDetail, inRoleOrder, loadInputs, matchEvents, openingBalances, readInputs } from './stages';

export { inspectFile } from '../import/import-files';

/** The engine a case lives in: a case engine, or sql.js's module for sql.js. */
export type Engine = SqlJsStatic | CaseEngine;

/** Runs a whole case from files. Throws InputError (one line) for whatever cannot run. */
export async function runCase(SQL: Engine, req: RunRequest, hooks: RunHooks = {}): Promise<EngineCase> {
  return buildCase(SQL, req, hooks, (detail) => ({ kind: 'new', importDetail: detail, decisions: [...(req.decisions ?? [])] }));
}

/**
 * Reopens a saved case: re-reads its stored source files, checks their SHA-256, and applies the decisions its
 * audit log records.
 */
export async function openCase(SQL: Engine, bytes: Uint8Array, hooks: RunHooks = {}): Promise<EngineCase> {
  return reopen(SQL, CaseStore.readSaved(SQL, bytes), hooks);
}

/** openCase for a saved case database already open (an engine whose case file is its own database file). */
export async function openSavedCase(engine: Engine, saved: CaseDb, hooks: RunHooks = {}): Promise<EngineCase> {
  return reopen(engine, CaseStore.readSavedDb(saved), hooks);
}

function reopen(engine: Engine, saved: SavedCase, hooks: RunHooks): Promise<EngineCase> {
  const req = { files: saved.files, settings: saved.settings, mapping: saved.mapping };
  return buildCase(engine, req, hooks, () => ({ kind: 'reopened', log: saved.log, table: saved.decisions }));
}

/** What the stages after reading take. */
interface Inputs {
  imported: ImportResult;
  files: InputFile[];
  settings: CaseSettings;
  calendar: BusinessCalendar;
  mapping?: Mapping;
}

async function buildCase(SQL: Engine, req: RunRequest, hooks: RunHooks, session: (importDetail: string) => SessionStart): Promise<Case> {
  const runner = new StageRunner(hooks);
  const settings = validateSettings(req.settings);
  const calendar = new BusinessCalendar(settings.timezone);
  const files = inRoleOrder(req.files);
  const engine = asCaseEngine(SQL);
  const inputBytes = files.reduce((a, f) => a + fileSize(f), 0);
  if (inputBytes > engine.maxInputBytes) {
    throw new InputError(
      `This quarter's files are ${formatBytes(inputBytes)} in all, over the ${formatBytes(engine.maxInputBytes)} the app's engine (sql.js) holds: run it on the command line with --engine duckdb`,
    );
  }
  const imported = await readInputs(runner, files, req.mapping, settings, calendar);
  settings.currency = imported.currency ?? 'USD';
  runner.checkAbort();
  const events = imported.events.length;
  runner.progress({ stage: 'import', done: events, total: events, rate: runner.rate(events) });
  // In SQLite's memory with room for the whole case, or in a file for a quarter too large for that.
  const store = CaseStore.create(engine, inputBytes);
  // A failed or cancelled run frees its database at once (sql.js memory is not garbage-collected).
  try {
    const run = await analyse(store, runner, { imported, files, settings, calendar, mapping: req.mapping });
    runner.progress({ stage: 'reconstruct', done: 0, total: 1 });
    const c = new Case(store, run, session(importDetail(imported)));
    runner.progress({ stage: 'report', done: 1, total: 1, rate: runner.rate(run.events.length) });
    return c;
  } catch (err) {
    store.close();
    throw err;
  }
}

/** Load (the import stage, announced with the database's making), match, classify: what the case is made of. */
async function analyse(store: CaseStore, runner: StageRunner, { imported, files, settings, calendar, mapping }: Inputs): Promise<CaseRun> {
  const ev = imported.events;
  await loadInputs(store, runner, imported, files, settings, mapping);
  await runner.breathe();
  const opening = openingBalances(imported, files, settings);
  // The matching's working sets (candidate pairs, maps by identity, order and card) are garbage after it.
  const match = await runner.stage({ stage: 'match', done: 0, total: ev.length }, () => matchEvents(store, ev, opening.balances), { collect: true });
  // Voids' effects were settled during matching: keep the stored events in step.
  store.updateEvents(match.settledVoids.map((v) => ({ id: v.event, effect: v.effectCents, instrument: v.instrument })));
  const classified = await runner.stage({ stage: 'classify', done: 0, total: match.movements.length }, () =>
    classify(match.events, match.movements, match.platformRowsByCard, settings, calendar, centsByCard(opening.balances)),
  );
  return {
    settings, calendar, events: match.events, match: { ...match, movements: classified.movements }, findings: classified.findings,
    opening: opening.balances, inputs: imported.files.map((f) => f.summary),
    matching: { matched_groups: match.movements.filter((m) => m.members.length > 1).length, by_rule: match.byRule },
    notes: [`Amounts are in ${settings.currency}.`, ...opening.notes, ...match.notes, ...unbalancedJournals(match.events)],
    sources: files,
  };
}
