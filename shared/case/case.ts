// A reconciled case: what the run found (events, movements, findings), its database (CaseStore) and its
// session (decisions, undo, audit log, questions). It recomputes the reconstruction and the report whenever
// the decisions in force change, and makes the outputs from them.
import type { Finding } from '../classify/classify';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Movement } from '../match/movement';
import type { MatchResult } from '../match/movements';
import { sha256Text } from '../hash';
import { weeklyDrift } from '../reconstruct/drift';
import { ExceptionIds, reconstruct, type Reconstruction } from '../reconstruct/replay';
import { journalEntriesCsv, platformCorrectionsCsv } from '../report/corrections';
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
  type FileRole,
  type InputFile,
  type InputSummary,
  type Mapping,
  type QuarantineEntry,
  type QueryResult,
  type Report,
  type TimelineRow,
} from '../types';
import type {
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
import type { PriorRun } from './prior-run';
import { decisionProblems, storedReportProblems } from './integrity';
import { CaseSession, type SessionNeeds } from './session';
import { collectGarbage } from './stage-runner';
import { refuseTooLarge } from './too-large';

/** What a run found: fixed for the life of the case (decisions change only what is made from it). */
export interface CaseRun {
  settings: CaseSettings;
  mapping?: Mapping;
  calendar: BusinessCalendar;
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
  /** A re-run's: the close of the case it replaces. */
  close?: CloseCarry;
  /** A reopened case's evidence files. */
  evidence?: EvidenceFile[];
}

/**
 * How the session starts: a new run with the decisions given up front, or a saved case's log with its decisions
 * table and what checking the file against the log found (integrity.ts).
 */
export type SessionStart =
  | { kind: 'new'; decisions: Decision[] }
  | { kind: 'reopened'; log: AuditEntry[]; table: Decision[]; problems: string[]; storedReport: string | null };

export class Case implements EngineCase {
  readonly settings: CaseSettings;
  report!: Report;
  /** The report before the close's sections (closing.ts) are added to it. */
  private base!: Report;
  private recon!: Reconstruction;
  /** reportToJson(report), made once per recompute. */
  private reportText: string | null = null;
  private readonly session: CaseSession;
  private readonly book: CloseBook;
  private readonly closingApi: CaseClosing;
  private movementById: Map<number, Movement> | null = null;

  /**
   * `ids`: the exception ids the case has given so far (a re-run's or a saved case's). Without any, the findings
   * of the default resolutions are numbered first, in report order, and those the decisions bring after them,
   * as they would have been had the decisions been recorded one by one.
   */
  constructor(
    private readonly store: CaseStore,
    private run: CaseRun,
    start: SessionStart,
    private readonly ids: ExceptionIds = new ExceptionIds(),
  ) {
    this.settings = run.settings;
    const needs: SessionNeeds = { lookups: () => this.prepareLookups(), results: () => this.writeResults() };
    if (start.kind === 'new') this.session = CaseSession.begin(store, needs, { inputs: run.inputs, settings: run.settings, mapping: run.mapping }, start.decisions);
    else this.session = CaseSession.reopen(store, needs, start.log, start.table, start.problems);
    this.book = new CloseBook({ append: (u, a, d) => this.session.audit(u, a, d), log: () => this.session.auditLog() }, new Map((run.evidence ?? []).map((f) => [f.sha256, f])));
    this.closingApi = new CaseClosing(this.closingPort(), this.book, run.prior ?? null);
    if (start.kind === 'new') this.recordCarried();
    // Without ids given, the default resolutions' findings are numbered first (see above).
    if (ids.size === 0 && this.session.decisions().length) this.compute([]);
    if (start.kind === 'new') this.apply(this.compute(this.session.decisions()));
    else {
      const recon = this.checkedDecisions();
      this.apply(recon);
      const stored = storedReportProblems(start.storedReport, this.report);
      if (stored.length) {
        this.session.addProblems(stored);
        this.apply(recon);
      }
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
    this.reportText = null;
    this.store.resultsChanged();
  }

  /**
   * The reconstruction under the decisions the log replays to, less those that cannot stand in the re-performed
   * case (on no exception, or with a resolution not of its category), which are set aside and named.
   */
  private checkedDecisions(): Reconstruction {
    const decisions = this.session.decisions();
    const recon = this.compute(decisions);
    const { bad, problems } = decisionProblems(decisions, recon.exceptions, (d) => this.session.entryOfDecision(d));
    if (!bad.size) return recon;
    this.session.setAside(bad, problems);
    return this.compute(this.session.decisions());
  }

  /**
   * Balances, bridge and exceptions from the movements under `decisions`, numbered by the case's ids (which keep
   * any new ones); a total past the bound is refused in one line.
   */
  private compute(decisions: readonly Decision[]): Reconstruction {
    const { run } = this;
    try {
      return reconstruct(run.events, run.match, run.findings, run.opening, run.settings, run.calendar, decisions, this.ids);
    } catch (err) {
      throw refuseTooLarge(err, run.events, run.inputs);
    }
  }

  /**
   * Makes `recon` the case's, with the report built from it; a sign-off whose figures moved is voided (an entry
   * of the log) before the report shows the close and the log's seal.
   */
  private apply(recon: Reconstruction): void {
    const { run } = this;
    this.recon = recon;
    const notes = [...this.integrityNotes(), ...run.notes];
    if (recon.decisionsApplied)
      notes.push(`${recon.decisionsApplied} auditor decision(s) applied: the reconstructed figures reflect them, not only the default resolutions.`);
    this.base = buildReport(run.settings, run.inputs, recon, run.matching, notes, this.store.auditSeal());
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

  // ---- decisions ---------------------------------------------------------------------------------------

  decide(decisions: Decision[], action: string): Report {
    this.session.assertWritable();
    const keys = new Set(this.recon.exceptions.map((x) => x.key));
    const unknown = decisions.find((d) => !keys.has(d.key));
    if (unknown) throw new InputError(`No exception with key ${unknown.key}`);
    // Replayed before it is logged: a decision whose totals cannot be carried is refused, not half-recorded.
    const next = this.compute(this.session.decisionsAfter('decide', decisions));
    this.session.decide(decisions, action);
    this.apply(next);
    return this.report;
  }

  undo(user: string, at?: string): Report {
    this.session.assertWritable();
    const next = this.compute(this.session.decisionsAfter('undo'));
    this.session.undo(user, at);
    this.apply(next);
    return this.report;
  }

  redo(user: string, at?: string): Report {
    this.session.assertWritable();
    const next = this.compute(this.session.decisionsAfter('redo'));
    this.session.redo(user, at);
    this.apply(next);
    return this.report;
  }

  history(): DecisionHistory {
    return this.session.history();
  }

  checkDecisions(decisions: Decision[]): DecisionCheck {
    void decisions;
    throw new InputError('checkDecisions is being built');
  }

  resolutionOptions(key: string): ResolutionChoice[] {
    void key;
    throw new InputError('resolutionOptions is being built');
  }

  evidence(key: string): DecisionEvidence[] {
    void key;
    throw new InputError('evidence is being built');
  }

  exceptionIds(): ExceptionId[] {
    return this.ids.entries();
  }

  cardRollforward(line: CardLine): CardRollforward {
    void line;
    throw new InputError('cardRollforward is being built');
  }

  coverage(): PeriodCoverage {
    throw new InputError('coverage is being built');
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

  reportJson(): string {
    this.reportText ??= reportToJson(this.report);
    return this.reportText;
  }

  workpapers(deflate?: NativeDeflate, options: ExportOptions = {}): Uint8Array {
    void options;
    return buildWorkpapers(this.report, this.auditLog(), this.decisions(), deflate);
  }

  journalEntriesCsv(options: ExportOptions = {}): string {
    void options;
    return journalEntriesCsv(this.report, this.settings);
  }

  platformCorrectionsCsv(options: ExportOptions = {}): string {
    void options;
    return platformCorrectionsCsv(this.report);
  }

  exportCase(): Uint8Array {
    this.writeMatches();
    this.writeResults();
    this.store.writeEvidence(this.book.filesToStore());
    this.store.writeSources(this.run.sources);
    return this.store.export();
  }

  exportCaseAndClose(): Uint8Array {
    this.writeMatches();
    this.writeResults();
    this.store.writeEvidence(this.book.filesToStore());
    // Everything the file needs from the objects is in the database now: let them go before the sources are
    // read again and the file is made, so the collector can take them back meanwhile.
    const { sources } = this.run;
    this.run = { ...this.run, events: [], findings: [], opening: [], inputs: [], notes: [], sources: [] };
    this.run.match = { events: [], settled: [], movements: [], platformRowsByCard: new Map(), erpOpening: [], byRule: {}, notes: [] };
    // The case is closed after (see close): nothing reads these again.
    this.recon = undefined as never;
    this.report = undefined as never;
    this.reportText = null;
    // Taken back now: left to itself, the collector would only run once the file, made in one call into
    // SQLite, was already whole beside them.
    collectGarbage();
    try {
      this.store.writeSources(sources);
      return this.store.export();
    } finally {
      this.store.close();
    }
  }

  close(): void {
    this.store.close();
  }
}
