// A reconciled case: what the run found (events, movements, findings), its database (CaseStore) and its
// session (decisions, undo, audit log, questions). It recomputes the reconstruction and the report whenever
// the decisions in force change, and makes the outputs from them.
import { CaseAnalyticsCache } from '../analytics/case-analytics';
import type { PriorHistory } from '../analytics/prior-quarters';
import type { Finding } from '../classify/classify';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { MatchResult } from '../match/movements';
import { weeklyDrift } from '../reconstruct/drift';
import { reconstruct, type Reconstruction } from '../reconstruct/replay';
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
import type { DecisionHistory, EngineCase } from './api';
import type { CaseStore } from './case-store';
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
  /** Prior quarters' platform exports, for the close analytics only (--history). */
  priorHistory?: PriorHistory;
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
  private recon!: Reconstruction;
  /** reportToJson(report), made once per recompute. */
  private reportText: string | null = null;
  private readonly session: CaseSession;
  private readonly analytics = new CaseAnalyticsCache();

  constructor(
    private readonly store: CaseStore,
    private run: CaseRun,
    start: SessionStart,
  ) {
    this.settings = run.settings;
    const needs: SessionNeeds = { lookups: () => this.prepareLookups(), results: () => this.writeResults() };
    if (start.kind === 'new') {
      this.session = CaseSession.begin(store, needs, { inputs: run.inputs, settings: run.settings, mapping: run.mapping }, start.decisions);
      this.apply(this.compute(this.session.decisions()));
    } else {
      this.session = CaseSession.reopen(store, needs, start.log, start.table, start.problems);
      const recon = this.checkedDecisions();
      this.apply(recon);
      const stored = storedReportProblems(start.storedReport, this.report);
      if (stored.length) {
        this.session.addProblems(stored);
        this.apply(recon);
      }
    }
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

  /** Balances, bridge and exceptions from the movements under `decisions`; a total past the bound is refused in one line. */
  private compute(decisions: Decision[]): Reconstruction {
    const { run } = this;
    try {
      return reconstruct(run.events, run.match, run.findings, run.opening, run.settings, run.calendar, decisions);
    } catch (err) {
      throw refuseTooLarge(err, run.events, run.inputs);
    }
  }

  /** Makes `recon` the case's, with the report built from it and sealed with the log as it now stands. */
  private apply(recon: Reconstruction): void {
    const { run } = this;
    this.recon = recon;
    const notes = [...this.integrityNotes(), ...run.notes];
    if (recon.decisionsApplied)
      notes.push(`${recon.decisionsApplied} auditor decision(s) applied: the reconstructed figures reflect them, not only the default resolutions.`);
    const analytics = this.analytics.get(run.settings, run.calendar, run.match.movements, recon, run.opening, run.priorHistory);
    this.report = buildReport(run.settings, run.inputs, recon, run.matching, notes, this.store.auditSeal(), analytics);
    this.reportText = null;
    this.store.resultsChanged();
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

  decisions(): Decision[] {
    return this.session.decisions();
  }

  auditLog(): AuditEntry[] {
    return this.session.auditLog();
  }

  verifyChain(): ChainCheck {
    return this.session.verifyChain();
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
    this.store.writeResults(this.recon, () => this.reportJson());
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

  workpapers(deflate?: NativeDeflate): Uint8Array {
    return buildWorkpapers(this.report, this.auditLog(), this.decisions(), deflate);
  }

  journalEntriesCsv(): string {
    return journalEntriesCsv(this.report, this.settings);
  }

  platformCorrectionsCsv(): string {
    return platformCorrectionsCsv(this.report);
  }

  exportCase(): Uint8Array {
    this.writeMatches();
    this.writeResults();
    this.store.writeSources(this.run.sources);
    return this.store.export();
  }

  exportCaseAndClose(): Uint8Array {
    this.writeMatches();
    this.writeResults();
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
