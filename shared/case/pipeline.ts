// The pipeline end to end: files → canonical events → match → classify → reconstruct → report, in one case
// database (sql.js, or DuckDB where the host gives that engine). Each stage is a pure function of the stages before it plus the settings and decisions, so a saved
// case re-runs to the same numbers. Used unchanged by the Web Worker, the command line and the tests.
import type { SqlJsStatic } from 'sql.js';
import { readAnalyticsInputs, type PriorHistory } from '../analytics/prior-quarters';
import { asRequest, fromRequest, overCarry, readAnalyticsLog, storedInputs, withFlags, type AnalyticsInputs } from './analytics-inputs';
import { unbalancedJournals } from '../classify/data-quality';
import { missingColumnNotes } from '../import/column-costs';
import { coverageNote, eventsInPeriod } from '../import/period';
import type { CanonicalEvent } from '../events';
import type { ImportResult } from '../import/import-files';
import { formatBytes } from '../import/read-table';
import { ExceptionIds, type ExceptionIdEntry } from '../reconstruct/replay';
import { validateSettings } from '../settings';
import type { CaseDb, CaseEngine } from '../store/case-db';
import { asCaseEngine } from '../store/sqljs-db';
import { BusinessCalendar } from '../time';
import type { PriorCarry } from '../close';
import { InputError, fileSize, type CaseSettings, type Decision, type InputFile, type Mapping } from '../types';
import { auditSeal, compareSeal } from '../store/audit-chain';
import type { EvidenceFile } from './close-book';
import { readPriorCarry } from './prior';
import { priorOpening } from './prior-run';
import type { EngineCase, OpenOptions, RunHooks, RunRequest } from './api';
import { Case, changedByMatching, eventsAsRead, type CaseRun, type SessionStart } from './case';
import { readCaseLog } from './case-log';
import { CaseStore, type EventLoad, type SavedCase } from './case-store';
import { checkStoredFiles, importDifferences, settingsDifferences } from './integrity';
import { StageRunner } from './stage-runner';
import { decisionsOf, replayDecisions } from './decision-log';
import { linkChoices } from './links';
import { checkPlausibility, classifyMatch, inRoleOrder, loadInputs, matchEvents, openingBalances, readInputs, runNotes } from './stages';
import { refuseTooLarge } from './too-large';

export { examineFile, inspectFile, previewFile } from '../import/inspect';

/** The engine a case lives in: a case engine, or sql.js's module for sql.js. */
export type Engine = SqlJsStatic | CaseEngine;

/** Runs a whole case from files. Throws InputError (one line) for whatever cannot run. */
export async function runCase(SQL: Engine, req: RunRequest, hooks: RunHooks = {}): Promise<EngineCase> {
  // A case made from a prior one takes the prior case's analytics inputs, where the request gives none in their place.
  const given = fromRequest(req);
  const analytics = req.analyticsCarry ? overCarry(req.analyticsCarry, given) : given;
  return buildCase(SQL, { ...req, analytics }, hooks, () => ({ kind: 'new', decisions: [...(req.decisions ?? [])] }), req.exceptionIds);
}

/**
 * Reopens a saved case: checks its stored files, settings and decisions against what its audit log records
 * (integrity.ts), then re-performs it as the log records it: the log's settings and decisions, the stored files.
 * Every difference found is named (verifyChain), and the case is then read-only. Throws an InputError only when
 * the file is no case, or cannot be re-performed at all.
 */
export async function openCase(SQL: Engine, bytes: Uint8Array, hooks: RunHooks = {}, options: OpenOptions = {}): Promise<EngineCase> {
  return reopen(SQL, CaseStore.readSaved(SQL, bytes), hooks, options);
}

/** openCase for a saved case database already open (an engine whose case file is its own database file). */
export async function openSavedCase(engine: Engine, saved: CaseDb, hooks: RunHooks = {}, options: OpenOptions = {}): Promise<EngineCase> {
  return reopen(engine, CaseStore.readSavedDb(saved), hooks, options);
}

async function reopen(engine: Engine, saved: SavedCase, hooks: RunHooks, options: OpenOptions): Promise<EngineCase> {
  const logged = readCaseLog(saved.log);
  const stored = checkStoredFiles(saved.files, logged.files);
  const kept = options.keptHead === undefined ? null : compareSeal(auditSeal(saved.log), options.keptHead);
  const problems = [...(kept ? [kept] : []), ...logged.problems, ...stored.problems, ...saved.profileProblems];
  if (logged.settings) problems.push(...settingsDifferences(saved.settingsText, saved.mappingText, logged.settings));
  const { settings, mapping } = logged.settings
    ? { settings: logged.settings.settings, mapping: logged.settings.mapping ?? undefined }
    : tableSettings(saved);
  try {
    // Roles read under the mapping are read under it again; the others with the profile they were read with.
    const profiles = Object.fromEntries(Object.entries(saved.profiles).filter(([role]) => !mapping?.[role as keyof Mapping]));
    const prior = readPriorCarry(parsedOrNull(saved.prior));
    if (saved.prior !== undefined && !prior) throw new InputError('This case names a prior case, but its record of it is not readable: the case file was altered');
    // The close analytics' files the log names, from the case file; the command line's flags add or replace them.
    const inLog = readAnalyticsLog(saved.log);
    const held = storedInputs(inLog.logged, saved.analyticsFiles);
    problems.push(...inLog.problems, ...held.problems, ...analyticsTableProblems(saved.analyticsText, inLog.logged));
    const analytics = withFlags(held.inputs, options.analytics);
    const req = {
      files: stored.files, settings, mapping, profiles, acceptWarnings: saved.acceptedWarnings, analytics, historyWording: options.historyWording,
      prior: prior ?? undefined, evidence: saved.evidence,
    };
    // The decisions the log replays to: their links and unlinks are the matching's from the start.
    const decisions = decisionsOf(replayDecisions(saved.log).steps);
    return await buildCase(engine, req, hooks, (imported) => {
      problems.push(...importDifferences(imported.files.map((f) => f.summary), logged.files));
      return { kind: 'reopened', log: saved.log, table: saved.decisions, problems, storedReport: saved.reportText, analytics: inLog.logged };
    }, saved.exceptionIds, decisions);
  } catch (err) {
    if (!(err instanceof InputError) || !problems.length) throw err;
    throw new InputError(`${err.message}; the case file failed its integrity check: ${problems.join('; ')}`, err.file, err.row, err.column);
  }
}

/** The settings table's copy of the analytics inputs against the log's last analytics entry. */
function analyticsTableProblems(text: string | null, logged: ReturnType<typeof readAnalyticsLog>['logged']): string[] {
  const table = parsedOrNull(text) as { history?: unknown; register?: unknown; settings?: unknown } | null;
  const inTable = table && { history: table.history, register: table.register, settings: table.settings };
  if (JSON.stringify(inTable ?? null) === JSON.stringify(logged ?? null)) return [];
  return ["The settings table's analytics inputs are not those the audit log's last analytics entry records: the log's are used"];
}

/** A stored JSON text as its value; null when it does not read. */
function parsedOrNull(text: unknown): unknown {
  if (typeof text !== 'string') return text;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

/** The settings table's settings and mapping, for a log that records none. */
function tableSettings(saved: SavedCase): { settings: CaseSettings; mapping?: Mapping } {
  try {
    const settings = JSON.parse(saved.settingsText ?? 'null') as CaseSettings | null;
    const mapping = saved.mappingText ? (JSON.parse(saved.mappingText) as Mapping) : undefined;
    if (settings && typeof settings === 'object') return { settings, mapping };
  } catch {
    // told below
  }
  throw new InputError("This case's settings do not read, and its audit log records none: it cannot be re-performed");
}

/** What the stages after reading take. */
interface Inputs {
  imported: ImportResult;
  files: InputFile[];
  settings: CaseSettings;
  calendar: BusinessCalendar;
  mapping?: Mapping;
  prior?: PriorCarry;
}

async function buildCase(
  SQL: Engine,
  req: RunRequest & { evidence?: EvidenceFile[]; analytics: AnalyticsInputs },
  hooks: RunHooks,
  session: (imported: ImportResult) => SessionStart,
  exceptionIds: ExceptionIdEntry[] = [],
  decisions: readonly Decision[] = req.decisions ?? [],
): Promise<Case> {
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
  // In SQLite's memory with room for the whole case, or in a file for a quarter too large for that; made before
  // the read on every engine. An engine that loads on a thread of its own (DuckDB) takes the events as they are
  // read; sql.js, whose inserts would run on the read's own thread, takes them after it. sql.js's room is
  // reserved here, while Node's heap is still small: WebAssembly memory grown by hundreds of megabytes counts as
  // external memory to V8, which then collects its whole heap, and after the read that heap holds every event.
  const store = CaseStore.create(engine, inputBytes);
  let imported: ImportResult | undefined;
  let run: CaseRun | undefined;
  // A failed or cancelled run frees its database at once (sql.js memory is not garbage-collected).
  try {
    let loading = engine.loadsApart ? store.beginInputs(settings) : undefined;
    imported = await readInputs(runner, files, req.mapping, settings, calendar, req.profiles, loading);
    checkPlausibility(imported, req.acceptWarnings === true);
    settings.currency = imported.currency ?? 'USD';
    let analytics = req.analytics;
    let priorHistory: PriorHistory | undefined;
    let carryRefused: string | undefined;
    try {
      priorHistory = await readAnalyticsInputs(asRequest(analytics), settings, calendar, req.mapping, req.historyWording);
    } catch (err) {
      // The prior case's analytics inputs that do not read here (its platform export read with a profile that
      // detection does not find, say) do not stop the new case: it starts with those given alone, and says why.
      if (!(err instanceof InputError) || !req.analyticsCarry || !req.prior) throw err;
      carryRefused = err.message;
      analytics = fromRequest(req);
      priorHistory = await readAnalyticsInputs(asRequest(analytics), settings, calendar, req.mapping, req.historyWording);
    }
    runner.checkAbort();
    const events = imported.events.length;
    runner.progress({ stage: 'import', done: loading?.count ?? 0, total: events, rate: runner.rate(events) });
    const analysed = await analyse(store, runner, { imported, files, settings, calendar, mapping: req.mapping, prior: req.prior }, decisions, loading ?? store.beginInputs(settings));
    run = { ...analysed, priorHistory, analyticsInputs: analytics };
    // The load is committed: its writer and that writer's buffers go.
    loading = undefined;
    if (req.analyticsCarry && req.prior) run.analyticsCarry = { ...req.analyticsCarry, ...(carryRefused ? { refused: carryRefused } : {}) };
    if (carryRefused) {
      const note = `The close analytics' inputs of the prior case were not carried: ${carryRefused}`;
      run.baseNotes.tail.push(note);
      run.notes.push(note);
    }
    run.close = req.close;
    run.evidence = req.evidence;
    runner.progress({ stage: 'reconstruct', done: 0, total: 1 });
    const start = session(imported);
    // What the case needs of the import is the run's now: the rest of it (the events array as read, the files'
    // quarantined rows and headers) is let go before the reconstruction and the report are made beside it.
    imported = undefined;
    const c = new Case(store, run, start, new ExceptionIds(exceptionIds));
    runner.progress({ stage: 'report', done: 1, total: 1, rate: runner.rate(run.events.length) });
    return c;
  } catch (err) {
    store.close();
    if (run) throw refuseTooLarge(err, eventsAsRead(run), run.inputs);
    throw imported ? refuseTooLarge(err, imported.events, imported.files.map((f) => f.summary)) : err;
  }
}

/** The events of files whose journals show both sides (not a General Ledger read for its liability accounts only). */
function twoSided(events: CanonicalEvent[], imported: ImportResult): CanonicalEvent[] {
  const oneSided = new Set(imported.files.flatMap((f, i) => (f.profile.oneSided ? [i] : [])));
  return oneSided.size ? events.filter((e) => !oneSided.has(e.fileId)) : events;
}

/**
 * Load (the import stage: the events the read did not put in, and the rest of the inputs), match, classify: what
 * the case is made of.
 * `decisions`: those in force from the start, whose links and unlinks the matching takes.
 */
async function analyse(
  store: CaseStore, runner: StageRunner, { imported, files, settings, calendar, mapping, prior }: Inputs, decisions: readonly Decision[], load: EventLoad,
): Promise<CaseRun> {
  const ev = imported.events;
  await loadInputs(store, runner, imported, files, settings, mapping, load);
  await runner.breathe();
  // A case made from the quarter before opens at its closing (prior-run.ts); otherwise at the file or the platform.
  const opening = prior ? priorOpening(prior, settings) : openingBalances(imported, files, settings);
  if (prior) store.writeSetting('prior', JSON.stringify(prior));
  const links = linkChoices(decisions, ev);
  const priorStart = prior
    ? { carry: prior, opening: opening.balances, platformFileOpening: files.some((f) => f.role === 'opening') ? imported.opening : null }
    : undefined;
  // The matching's working sets (candidate pairs, maps by identity, order and card) are garbage after it, left to
  // V8's concurrent marking: a full collection forced here paused the run 4.3 s at 10M events and did not lower
  // its peak, which comes later, at the report.
  const match = await runner.stage({ stage: 'match', done: 0, total: ev.length }, () => matchEvents(store, ev, opening.balances, links));
  // Voids' effects (and what an inferred Void reverses) were settled during matching: keep the stored events in step.
  store.updateEvents(match.settled);
  // The case database is not written again until the results: its engine gives back what it can.
  store.rest();
  const classified = await runner.stage({ stage: 'classify', done: 0, total: match.movements.length }, () =>
    classifyMatch(match, settings, calendar, opening.balances, priorStart),
  );
  // The opening taken from the prior case is in the opening table too, as file -1 (docs/formats.md §10).
  if (classified.prior) store.writeOpening(classified.prior.opening.filter((o) => o.card !== null), -1);
  const coverage = eventsInPeriod(match.events, settings, match.erpOpening);
  const baseNotes = {
    head: [
      `Amounts are in ${settings.currency}.`,
      coverageNote(match.events, imported.files.map((f) => ({ name: f.summary.file })), coverage),
      ...(coverage.warning ? [`WARNING: ${coverage.warning}`] : []),
      ...missingColumnNotes(imported.files.map((f) => ({ role: f.summary.system, name: f.summary.file, headers: f.headers })), mapping),
      ...opening.notes,
    ],
    tail: [...unbalancedJournals(twoSided(match.events, imported)), ...(classified.prior?.notes ?? [])],
  };
  return {
    settings, mapping, calendar, coverage, asRead: changedByMatching(ev, match.settled), links, baseNotes, events: match.events, match: classified.match, findings: classified.findings,
    opening: classified.opening, inputs: imported.files.map((f) => f.summary), matching: classified.matching,
    notes: runNotes(baseNotes, links, match), sources: files, prior: classified.prior, priorStart,
  };
}
