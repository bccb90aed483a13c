// A reconciled case: what the run found (events, movements, findings), its database (CaseStore) and its
// session (decisions, undo, audit log, questions). It recomputes the reconstruction and the report whenever
// the decisions in force change, and makes the outputs from them.
import { CaseAnalyticsCache } from '../analytics/case-analytics';
import { APP_WORDING, readAnalyticsInputs, type AnalyticsRequest, type PriorHistory } from '../analytics/prior-quarters';
import {
  NO_ANALYTICS_INPUTS,
  analyticsEntryDetail, applyAnalyticsChange, asRequest, carriedFrom, carryAnalytics, describeChange, filesToStore, isEmpty, loggedForm, sameAsLogged,
  type AnalyticsCarry, type AnalyticsChange, type AnalyticsInputs, type CarriedFrom, type LoggedAnalytics,
} from './analytics-inputs';
import type { Finding } from '../classify/classify';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Movement } from '../match/movement';
import type { MatchResult } from '../match/movements';
import { sha256Text } from '../hash';
import { weeklyDrift } from '../reconstruct/drift';
import { resolutionsOf } from '../classify/resolutions';
import { formatCents } from '../money';
import { ExceptionIds, IdentityError, reconstruct, type Reconstruction } from '../reconstruct/replay';
import { journalEntriesCsv, journalLines, platformCorrectionsCsv } from '../report/corrections';
import { buildReport, reportToJson } from '../report/report-json';
import { buildWorkpapers } from '../report/workpapers';
import type { NativeDeflate } from '../report/xlsx-writer';
import type { BusinessCalendar } from '../time';
import {
  InputError,
  type AuditEntry,
  type CaseSettings,
  type ChainCheck,
  type Decision,
  type DriftPoint,
  type ExceptionItem,
  type FileRole,
  type InputFile,
  type Instrument,
  type InputSummary,
  type Mapping,
  type QuarantineEntry,
  type QueryResult,
  type Report,
  type TimelineRow,
} from '../types';
import type {
  AnalyticsInputsView,
  CardLine,
  CardRollforward,
  DecisionCheck,
  DecisionEvidence,
  DecisionHistory,
  EngineCase,
  ExceptionId,
  ExportOptions,
  PeriodCoverage,
  ResolutionChoice,
} from './api';
import type { CaseStore } from './case-store';
import { CloseBook, type CloseCarry, type EvidenceFile } from './close-book';
import { CaseClosing, type ClosingPort } from './closing';
import { evidenceOf } from './evidence';
import type { PriorRun, PriorStart } from './prior-run';
import { decisionProblems, storedReportProblems } from './integrity';
import { linkChoices, type LinkChoices } from './links';
import { decisionProblem, describeDecisions, effectOf, judge, type CaseState } from './review';
import { rollforwardOf } from './rollforward';
import { classifyMatch, matchEvents, runNotes } from './stages';
import { CaseSession, type SessionNeeds } from './session';
import { collectGarbage } from './stage-runner';
import { refuseTooLarge } from './too-large';

/** What a run found: fixed for the life of the case (decisions change only what is made from it). */
export interface CaseRun {
  settings: CaseSettings;
  mapping?: Mapping;
  calendar: BusinessCalendar;
  /** How many in-scope rows fall in the period. */
  coverage: PeriodCoverage;
  /**
   * The events as read where matching changed them (a Void it settled, a voided order given its amount), by
   * index: a re-match starts from the events as read (eventsAsRead). Everywhere else they are `events`' own,
   * whose system and key matching never changes: only these few are kept twice.
   */
  asRead: ReadonlyMap<number, CanonicalEvent>;
  /** The auditor's links and unlinks the matching took. */
  links: LinkChoices;
  /** The run's own notes, before and after what matching says: a re-match keeps them. */
  baseNotes: { head: string[]; tail: string[] };
  events: CanonicalEvent[];
  match: MatchResult;
  findings: Finding[];
  opening: OpeningBalance[];
  inputs: InputSummary[];
  matching: { matched_groups: number; by_rule: Record<string, number> };
  /** The report's notes the run decides: the currency, what matching and the data's quality left to say. */
  notes: string[];
  /**
   * The source files, stored in the case database at export. Their bytes are taken from them again then: where
   * the host reads them again from disk (InputFile.bytes), no copy is held in between.
   */
  sources: InputFile[];
  /** A case made from the quarter before: its carry and what this run recognised of it (prior-run.ts). */
  prior?: PriorRun | null;
  /** A case made from the quarter before: what matching starts from (a re-match recognises the prior items again). */
  priorStart?: PriorStart;
  /** A re-run's: the close of the case it replaces. */
  close?: CloseCarry;
  /** A reopened case's evidence files. */
  evidence?: EvidenceFile[];
  /** Prior quarters' platform exports, the card register and the settings, read, for the close analytics only. */
  priorHistory?: PriorHistory;
  /** The same as the case holds them (stored in the case file, named by the audit log's analytics entries); none when absent. */
  analyticsInputs?: AnalyticsInputs;
  /** A new case made from a prior one: the analytics inputs the prior case carried (its audit entry names them). */
  analyticsCarry?: AnalyticsCarry;
}

/**
 * How the session starts: a new run with the decisions given up front, or a saved case's log with its decisions
 * table and what checking the file against the log found (integrity.ts).
 */
export type SessionStart =
  | { kind: 'new'; decisions: Decision[] }
  | { kind: 'reopened'; log: AuditEntry[]; table: Decision[]; problems: string[]; storedReport: string | null; analytics: LoggedAnalytics | null };

/** The reconstruction of `run` under `decisions`, its exceptions numbered by `ids` (which keeps any new ones). */
function replayOf(run: CaseRun, decisions: readonly Decision[], ids: ExceptionIds): Reconstruction {
  return reconstruct(run.events, run.match, run.findings, run.opening, run.settings, run.calendar, decisions, ids);
}

/** The events as read, before matching: the run's, with those matching changed as they were read. */
export function eventsAsRead(run: CaseRun): CanonicalEvent[] {
  if (!run.asRead.size) return run.events;
  return run.events.map((e, i) => run.asRead.get(i) ?? e);
}

/** Of the events as read, those matching changed (its `settled`), by index: what CaseRun.asRead keeps. */
export function changedByMatching(read: readonly CanonicalEvent[], settled: readonly { id: number }[]): Map<number, CanonicalEvent> {
  return new Map(settled.map((s) => [s.id, read[s.id]] as const));
}

/** The run matched again with other links and unlinks, and classified: everything else of it is the same. */
function rematch(store: CaseStore, run: CaseRun, links: LinkChoices): CaseRun {
  const start = run.priorStart?.opening ?? run.opening;
  const read = eventsAsRead(run);
  const matched = matchEvents(store, read, start, links);
  const c = classifyMatch(matched, run.settings, run.calendar, start, run.priorStart);
  return {
    ...run, links, asRead: changedByMatching(read, matched.settled), events: matched.events, match: c.match, findings: c.findings, matching: c.matching, opening: c.opening, prior: c.prior,
    notes: runNotes(run.baseNotes, links, matched),
  };
}

/**
 * The instrument each exception is about: its movement's (the event's own, with or without a card), else its
 * card's (a chain break has no movement).
 */
function instrumentsOf(recon: Reconstruction, report: Report): (x: ExceptionItem) => Instrument {
  let byCard: Map<string | null, Instrument> | null = null;
  return (x) => {
    const m = recon.findingByKey.get(x.key)?.movement;
    if (m) return m.instrument;
    byCard ??= cardInstruments(report);
    return byCard.get(x.card) ?? 'gift_card';
  };
}

/**
 * The instrument of each card an exception names, from the card lines (where lines share a card, as those
 * without a number do, the last one's): a map of those cards only, not of every card line (over a million at 10M).
 */
function cardInstruments(report: Report): Map<string | null, Instrument> {
  const wanted = new Set(report.exceptions.map((x) => x.card));
  const out = new Map<string | null, Instrument>();
  for (const c of report.cards) if (wanted.has(c.card)) out.set(c.card, c.instrument);
  return out;
}

export class Case implements EngineCase {
  readonly settings: CaseSettings;
  report!: Report;
  /** The report before the close's sections (closing.ts) are added to it. */
  private base!: Report;
  private recon!: Reconstruction;
  private readonly session: CaseSession;
  private readonly book: CloseBook;
  private readonly closingApi: CaseClosing;
  private movementById: Map<number, Movement> | null = null;
  private readonly analytics = new CaseAnalyticsCache();

  /**
   * `ids`: the exception ids the case has given so far (a re-run's or a saved case's). Without any, the findings
   * of the default resolutions are numbered first, in report order, and those the decisions bring after them,
   * as they would have been had the decisions been recorded one by one.
   */
  constructor(
    private readonly store: CaseStore,
    private run: CaseRun,
    start: SessionStart,
    private ids: ExceptionIds = new ExceptionIds(),
  ) {
    this.settings = run.settings;
    const needs: SessionNeeds = { lookups: () => this.prepareLookups(), results: () => this.writeResults() };
    if (start.kind === 'new') this.session = CaseSession.begin(store, needs, { inputs: run.inputs, settings: run.settings, mapping: run.mapping }, start.decisions);
    else this.session = CaseSession.reopen(store, needs, start.log, start.table, start.problems);
    this.book = new CloseBook({ append: (u, a, d) => this.session.audit(u, a, d), log: () => this.session.auditLog() }, new Map((run.evidence ?? []).map((f) => [f.sha256, f])));
    this.closingApi = new CaseClosing(this.closingPort(), this.book, () => this.run.prior ?? null);
    if (start.kind === 'new') {
      this.recordCarried();
      this.recordAnalyticsInputs(null);
    }
    this.numberDefaultsFirst();
    if (start.kind === 'new') this.adopt(this.compute(this.session.decisions()));
    else {
      const next = this.checkedDecisions();
      this.adopt(next);
      const stored = storedReportProblems(start.storedReport, this.report);
      if (stored.length) {
        this.session.addProblems(stored);
        this.adopt(next);
      }
      // The command line's flags given with --case: logged once the file has been checked as it was saved.
      if (this.recordAnalyticsInputs(start.analytics)) this.adopt(next);
    }
  }

  /** A new case logs what it took from before: the prior case (and closes its completed items), a re-run's close. */
  private recordCarried(): void {
    const { prior, close } = this.run;
    if (prior) {
      const p = prior.carry;
      this.session.audit('system', 'prior', JSON.stringify({ case_file: p.case_file, chain_head: p.chain_head, report_sha256: p.report_sha256, period: p.period, carry_sha256: sha256Text(JSON.stringify(p)) }));
      const decided = new Set(this.session.decisions().map((d) => d.key));
      const at = new Date().toISOString();
      const closing = prior.closing.filter((d) => !decided.has(d.key)).map((d) => ({ ...d, user: 'system', at }));
      if (closing.length) this.session.decide(closing, 'Close the prior-period items completed here');
      // The materiality comes along with the other settings (a re-run's close, below, carries its own).
      if (!close && p.close.materiality_cents > 0) this.book.setMateriality(p.close.materiality_cents, 'system');
    }
    if (close) this.book.carryIn(close);
  }

  /**
   * Logs the analytics inputs the case starts with where the log does not record them yet: a new run's (the
   * command line's flags, a re-run's carried over), or a reopened case's flags given with --case. A read-only
   * case records nothing: its report's notes say why.
   */
  private recordAnalyticsInputs(logged: LoggedAnalytics | null): boolean {
    const inputs = this.run.analyticsInputs ?? NO_ANALYTICS_INPUTS;
    if (this.session.readOnly) return false;
    const { analyticsCarry, prior } = this.run;
    if (!logged && analyticsCarry && prior) {
      // Named as the `prior` entry names the prior case: its file's SHA-256 and its audit log's head.
      const p = prior.carry;
      const carried = carriedFrom(analyticsCarry, inputs, { case_file: p.case_file, chain_head: p.chain_head, period: { start: p.period.start, end: p.period.end } });
      this.logAnalytics('system', inputs, carried.words, carried.from);
      return true;
    }
    if (sameAsLogged(inputs, logged) || (logged === null && isEmpty(inputs))) return false;
    const before: AnalyticsInputs = logged ? { history: [], register: null, settings: logged.settings } : { history: [], register: null, settings: null };
    this.logAnalytics('system', inputs, describeChange(before, inputs));
    return true;
  }

  private logAnalytics(user: string, inputs: AnalyticsInputs, change: string, carried?: CarriedFrom): void {
    const detail = analyticsEntryDetail(inputs, change, carried);
    this.session.audit(user, 'analytics', detail);
    this.store.writeSetting('analytics', JSON.stringify(loggedForm(inputs)));
  }

  async changeAnalytics(change: AnalyticsChange, user: string): Promise<Report> {
    this.session.assertWritable();
    const before = this.run.analyticsInputs ?? NO_ANALYTICS_INPUTS;
    const after = applyAnalyticsChange(before, change);
    const words = describeChange(before, after);
    if (words === 'no change') return this.report;
    const { settings, calendar, mapping } = this.run;
    const priorHistory = await readAnalyticsInputs(asRequest(after), settings, calendar, mapping, APP_WORDING);
    const run: CaseRun = { ...this.run, priorHistory, analyticsInputs: after };
    // Made before anything is recorded: analytics that cannot be made leave the case and its log as they were.
    this.analytics.get(run.settings, run.calendar, run.match.movements, this.recon, run.opening, run.priorHistory);
    this.logAnalytics(user, after, words);
    this.run = run;
    this.adopt({ run, recon: this.recon });
    return this.report;
  }

  analyticsInputs(): AnalyticsInputsView {
    const inputs = this.run.analyticsInputs ?? NO_ANALYTICS_INPUTS;
    const { history, register, settings } = inputs;
    const logged = loggedForm(inputs);
    const sized = (f: { name: string; sha256: string }, i: { bytes: Uint8Array }) => ({ ...f, size: i.bytes.length });
    return {
      history: logged.history.map((f, i) => sized(f, history[i])),
      register: logged.register && register ? sized(logged.register, register) : null,
      settings,
    };
  }

  analyticsRequest(): AnalyticsRequest {
    return asRequest(this.run.analyticsInputs ?? NO_ANALYTICS_INPUTS);
  }

  private closingPort(): ClosingPort {
    return {
      settings: this.settings,
      mapping: this.run.mapping,
      report: () => this.report,
      reportJson: () => this.reportJson(),
      decisions: () => this.decisions(),
      decide: (d, label) => this.decide(d, label),
      auditLog: () => this.auditLog(),
      verifyChain: () => this.verifyChain(),
      refresh: () => this.refresh(),
      movementOf: (key) => this.movementOf(key),
      erpOpeningCents: () => this.recon.erpOpeningCents,
      exportCase: () => this.exportCase(),
      analyticsCarry: () =>
        carryAnalytics(this.run.analyticsInputs ?? NO_ANALYTICS_INPUTS, this.run.sources.find((f) => f.role === 'platform'), { start: this.settings.periodStart, end: this.settings.periodEnd }),
    };
  }

  closing(): CaseClosing {
    return this.closingApi;
  }

  private movementOf(key: string): { atMs: number; counted: boolean } | null {
    const id = this.recon.movementByKey.get(key);
    if (id === undefined || id === null) return null;
    this.movementById ??= new Map(this.run.match.movements.map((m) => [m.id, m]));
    const m = this.movementById.get(id);
    return m ? { atMs: m.trueAtMs, counted: this.recon.countedCents[id] !== 0 } : null;
  }

  /**
   * The report again from the figures' report, after an entry of the close (the numbers do not move): its close
   * sections, and the seal of the log as it now stands, last.
   */
  private refresh(): void {
    const report = this.closingApi.decorate(this.base);
    delete report.audit_seal;
    const seal = this.store.auditSeal();
    report.audit_seal = { entries: seal.entries, head: seal.head };
    this.report = report;
    this.store.resultsChanged();
  }

  /**
   * Where the case has given no ids yet but starts with decisions: the findings of the default resolutions are
   * numbered first, in report order, and those the decisions bring after them.
   */
  private numberDefaultsFirst(): void {
    if (this.ids.size === 0 && this.session.decisions().length) replayOf(this.run, [], this.ids);
  }

  /**
   * The case under the decisions the log replays to, less those that cannot stand in the re-performed case (on
   * no exception, or with a resolution not of its exception's), which are set aside and named.
   */
  private checkedDecisions(): CaseState & { run: CaseRun } {
    const decisions = this.session.decisions();
    const next = this.compute(decisions);
    const options = (key: string) => {
      const f = next.recon.findingByKey.get(key);
      return f ? { category: f.category, codes: resolutionsOf(f).map((o) => o.code) } : undefined;
    };
    // A batch whose left-out redemptions were chosen has no finding once matching takes the choice.
    const chosen = new Set([...next.run.links.omitted.keys()].map((line) => `AMOUNT_MISMATCH|erp:${next.run.events[line].key}`));
    const batch = (key: string) => (chosen.has(key) ? { category: 'AMOUNT_MISMATCH' as const, codes: ['omitted_set'] } : undefined);
    const { bad, problems } = decisionProblems(decisions, (key) => options(key) ?? batch(key), (d) => this.session.entryOfDecision(d));
    if (!bad.size) return next;
    this.session.setAside(bad, problems);
    return this.compute(this.session.decisions());
  }

  /**
   * The case under `decisions`: matched again first if their links, unlinks or batch choices differ from the
   * case's, then replayed (its exceptions numbered by `ids`). A total past the bound is refused in one line.
   */
  private compute(decisions: readonly Decision[], ids: ExceptionIds = this.ids): CaseState & { run: CaseRun } {
    const run = this.matchingFor(decisions);
    try {
      return { ...this.state(run, replayOf(run, decisions, ids)), run };
    } catch (err) {
      throw refuseTooLarge(err, run.events, run.inputs);
    }
  }

  /** Takes a state as the case's: its run, its numbers and ids, and the report made of them, sealed with the log as it now stands. */
  private adopt(next: { run: CaseRun; recon: Reconstruction }, ids: ExceptionIds = this.ids): void {
    const { run, recon } = next;
    if (run !== this.run) {
      this.store.matchesChanged();
      this.movementById = null;
    }
    this.run = run;
    this.recon = recon;
    this.ids = ids;
    const notes = [...this.integrityNotes(), ...run.notes];
    if (recon.decisionsApplied)
      notes.push(`${recon.decisionsApplied} auditor decision(s) applied: the reconstructed figures reflect them, not only the default resolutions.`);
    const analytics = this.analytics.get(run.settings, run.calendar, run.match.movements, recon, run.opening, run.priorHistory);
    this.base = buildReport(run.settings, run.inputs, recon, run.matching, notes, this.store.auditSeal(), analytics);
    if (!this.session.readOnly) this.book.afterChange(this.base);
    this.refresh();
  }

  /** For a case that failed its integrity check on opening: that it did, and each problem, first in the notes. */
  private integrityNotes(): string[] {
    if (!this.session.readOnly) return [];
    const { problems } = this.session.verifyChain();
    return [
      `Integrity: this case file failed its check against its audit log when it was opened (${problems.length} problem${problems.length === 1 ? '' : 's'}); it was re-performed from the files it holds with the settings and decisions its log records, and opened read-only.`,
      ...problems.map((p) => `Integrity: ${p}.`),
    ];
  }

  /** The run whose matching takes the links and unlinks of `decisions`: the case's own, or one matched again. */
  private matchingFor(decisions: readonly Decision[]): CaseRun {
    // The links name events by system and key, which matching leaves as they were read.
    const links = linkChoices(decisions, this.run.events);
    const same = (a: LinkChoices, b: LinkChoices) => JSON.stringify([a.link, a.unlink, [...a.omitted]]) === JSON.stringify([b.link, b.unlink, [...b.omitted]]);
    return same(links, this.run.links) ? this.run : rematch(this.store, this.run, links);
  }

  private state(run: CaseRun, recon: Reconstruction): CaseState {
    return { events: run.events, movements: run.match.movements, opening: run.opening, recon };
  }

  // ---- decisions ---------------------------------------------------------------------------------------

  /**
   * The case replayed with `decisions` added to those in force, judged against it as it is: refused where they
   * name what the case does not have, break an identity, take a card below zero or leave a difference unnamed.
   * Nothing is recorded; the ids a trial gives are its own.
   */
  private trial(decisions: readonly Decision[]): { check: DecisionCheck; run: CaseRun; recon?: Reconstruction; ids: ExceptionIds } {
    const now = this.state(this.run, this.recon);
    const unchanged = effectOf(this.recon, this.recon);
    const problem = decisionProblem(decisions, now, this.settings);
    if (problem) return { check: { ok: false, reason: problem, effect: unchanged }, run: this.run, ids: this.ids };
    const all = [...this.session.decisions(), ...decisions];
    const what = describeDecisions(decisions, now);
    const ids = this.ids.clone();
    let next: CaseState & { run: CaseRun };
    try {
      next = this.compute(all, ids);
    } catch (err) {
      if (!(err instanceof IdentityError)) throw err;
      return { check: { ok: false, reason: `${what} would break an identity: ${err.message}`, effect: unchanged }, run: this.run, ids: this.ids };
    }
    const check = judge(what, now, next, this.run.calendar);
    if (!check.ok) check.alternative = this.alternativeTo(decisions);
    return { check, run: next.run, recon: next.recon, ids };
  }

  /** For one resolution refused: another resolution of the same exception that can be recorded, if any. */
  private alternativeTo(decisions: readonly Decision[]): DecisionCheck['alternative'] {
    const [d] = decisions;
    if (decisions.length !== 1 || d.action !== 'resolve') return undefined;
    const f = this.recon.findingByKey.get(d.key);
    if (!f) return undefined;
    for (const o of resolutionsOf(f).slice(1)) {
      if (o.code === d.resolution || o.code === 'omitted_set') continue;
      const t = this.trial([{ ...d, resolution: o.code }]);
      if (!t.check.ok) continue;
      const spend = t.check.effect.added.find((x) => t.recon!.findingByKey.get(x.key)?.spentFrom === d.key);
      const moved = t.check.effect.reconstructed_after_cents - t.check.effect.reconstructed_before_cents;
      const why = spend
        ? `it excludes only what was not spent; the ${formatCents(spend.amount_cents)} already spent stands, as a finding of its own (${spend.id})`
        : `it keeps every card's history possible (the reconstructed closing moves by ${formatCents(moved)})`;
      return { key: d.key, resolution: o.code, label: o.label, why };
    }
    return undefined;
  }

  decide(decisions: Decision[], action: string): Report {
    this.session.assertWritable();
    const t = this.trial(decisions);
    if (!t.check.ok) {
      const alt = t.check.alternative;
      throw new InputError(`${t.check.reason}${alt ? ` Choose instead “${alt.label}”: ${alt.why}.` : ''}`);
    }
    this.session.decide(decisions, action);
    this.adopt({ run: t.run, recon: t.recon! }, t.ids);
    return this.report;
  }

  checkDecisions(decisions: Decision[]): DecisionCheck {
    return this.trial(decisions).check;
  }

  resolutionOptions(key: string): ResolutionChoice[] {
    const f = this.recon.findingByKey.get(key);
    const x = this.report.exceptions.find((e) => e.key === key);
    if (!f || !x) throw new InputError(`No exception with key ${key}`);
    return resolutionsOf(f).map((o, i): ResolutionChoice => {
      const choice: ResolutionChoice = { code: o.code, label: o.label, is_default: i === 0, in_force: x.resolution === o.code, allowed: true };
      if (o.code === 'omitted_set') choice.needs_records = true;
      if (i === 0 || choice.in_force || choice.needs_records) return choice;
      const { check } = this.trial([{ key, action: 'resolve', resolution: o.code, user: 'check', at: '' }]);
      if (!check.ok) {
        choice.allowed = false;
        choice.reason = check.reason;
        if (check.alternative) choice.alternative = check.alternative.resolution;
      }
      return choice;
    });
  }

  undo(user: string, at?: string): Report {
    this.session.assertWritable();
    const next = this.compute(this.session.decisionsAfter('undo'));
    this.session.undo(user, at);
    this.adopt(next);
    return this.report;
  }

  redo(user: string, at?: string): Report {
    this.session.assertWritable();
    const next = this.compute(this.session.decisionsAfter('redo'));
    this.session.redo(user, at);
    this.adopt(next);
    return this.report;
  }

  history(): DecisionHistory {
    return this.session.history();
  }

  evidence(key: string): DecisionEvidence[] {
    return evidenceOf(key, this.auditLog(), (k) => this.recon.findingByKey.get(k));
  }

  exceptionIds(): ExceptionId[] {
    return this.ids.entries();
  }

  cardRollforward(line: CardLine): CardRollforward {
    return rollforwardOf(line, { run: this.run, recon: this.recon, report: this.report });
  }

  coverage(): PeriodCoverage {
    return this.run.coverage;
  }

  decisions(): Decision[] {
    return this.session.decisions();
  }

  auditLog(): AuditEntry[] {
    return this.session.auditLog();
  }

  verifyChain(): ChainCheck {
    const chain = this.session.verifyChain();
    const close = this.closingApi.problems();
    if (!close.length) return chain;
    const problems = [...chain.problems, ...close];
    return { ...chain, ok: false, problems, problem: problems.join('. ') };
  }

  // ---- questions ---------------------------------------------------------------------------------------

  /**
   * Writes the movements and builds the look-up indexes if they are not there yet. They are not part of a run:
   * nothing in matching, classifying or reporting reads them, and the command line never needs the indexes.
   * The app's worker calls this right after it has sent the overview, so they are ready by the first click.
   */
  prepareLookups(): void {
    this.writeMatches();
    this.store.buildLookups();
  }

  private writeMatches(): void {
    const { settings, calendar } = this.run;
    const date = (d: string) => d >= settings.periodStart && d <= settings.periodEnd;
    this.store.writeMatches(this.run.events, this.run.match.movements, { date, at: (ms) => date(calendar.businessDate(ms)) });
  }

  private writeResults(): void {
    this.store.writeResults(this.recon, () => this.reportJson(), this.ids.entries());
  }

  timeline(card: string | null, order?: string | null): TimelineRow[] {
    return this.session.timeline(card, order);
  }

  quarantine(role: FileRole): QuarantineEntry[] {
    return this.session.quarantine(role);
  }

  query(sql: string, limit?: number): QueryResult {
    return this.session.query(sql, limit);
  }

  drift(): DriftPoint[] {
    const { run } = this;
    try {
      return weeklyDrift(run.events, run.match, this.recon, run.settings, run.calendar, run.opening);
    } catch (err) {
      throw refuseTooLarge(err, run.events, run.inputs);
    }
  }

  // ---- outputs -----------------------------------------------------------------------------------------

  /**
   * Made each time it is asked for, not kept: it is asked for once or twice in a case's life (report.json written,
   * the results stored), takes a fraction of the run to make, and is as large as the report's text (200 MB at
   * 10M events), which would otherwise stay beside the case's objects while the workpapers and the case file are made.
   */
  reportJson(): string {
    return reportToJson(this.report);
  }

  workpapers(deflate?: NativeDeflate, options: ExportOptions = {}): Uint8Array {
    // The entries' cards are left whole here: the workbook masks every text cell itself unless unmasked.
    const entries = journalLines(this.report, this.settings, instrumentsOf(this.recon, this.report), (c) => c);
    return buildWorkpapers(this.report, this.auditLog(), this.decisions(), entries, deflate, options.unmasked, {
      quarantined: (role) => this.quarantine(role),
      mapping: this.run.mapping,
      openings: this.recon.openings,
    });
  }

  journalEntriesCsv(options: ExportOptions = {}): string {
    return journalEntriesCsv(this.report, this.settings, instrumentsOf(this.recon, this.report), options.unmasked);
  }

  platformCorrectionsCsv(options: ExportOptions = {}): string {
    return platformCorrectionsCsv(this.report, options.unmasked);
  }

  exportCase(): Uint8Array {
    this.writeMatches();
    this.writeResults();
    this.store.writeEvidence(this.book.filesToStore());
    this.store.writeAnalyticsFiles(filesToStore(this.run.analyticsInputs ?? NO_ANALYTICS_INPUTS));
    this.store.writeSources(this.run.sources);
    return this.store.export();
  }

  exportCaseAndClose(): Uint8Array {
    return this.finishAndClose((store) => store.export());
  }

  exportParquet(dir: string): string[] {
    this.writeMatches();
    return this.store.exportParquet(dir);
  }

  get savesToFile(): boolean {
    return this.store.savesToFile;
  }

  saveCaseAndClose(path: string): void {
    this.finishAndClose((store) => store.saveTo(path));
  }

  /**
   * Writes what the case file holds, lets the run's objects go, then makes the file (`make`) and closes the case.
   * The matches go first and the run's events and movements are let go before the results are written: the
   * results carry the report's text (200 MB at 10M events), which was otherwise made beside every event.
   */
  private finishAndClose<T>(make: (store: CaseStore) => T): T {
    this.writeMatches();
    const { sources, analyticsInputs } = this.run;
    this.releaseRun();
    collectGarbage();
    this.writeResults();
    this.store.writeEvidence(this.book.filesToStore());
    this.store.writeAnalyticsFiles(filesToStore(analyticsInputs ?? NO_ANALYTICS_INPUTS));
    // The case is closed after (see close): nothing reads these again.
    this.recon = undefined as never;
    this.report = undefined as never;
    // Taken back now: left to itself, the collector would only run once the file, made in one call into
    // SQLite, was already whole beside them.
    collectGarbage();
    try {
      this.store.writeSources(sources);
      return make(this.store);
    } finally {
      this.store.close();
    }
  }

  /** Drops the run's events, movements and findings (the case is about to close): only its results remain. */
  private releaseRun(): void {
    this.run = { ...this.run, asRead: new Map(), events: [], findings: [], opening: [], inputs: [], notes: [], sources: [], analyticsInputs: NO_ANALYTICS_INPUTS };
    this.run.match = { events: [], settled: [], movements: [], platformRowsByCard: new Map(), erpOpening: [], byRule: {}, notes: [] };
  }

  close(): void {
    this.store.close();
  }
}
