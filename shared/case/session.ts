// A case's session: the auditor's decisions with their undo and redo, the hash-chained audit log that records
// them, and the questions asked of the case database (timeline, quarantine, SQL). The decisions in force are
// always what the log replays to (decision-log.ts); undo history belongs to the session and ends with it.
// A reopened case whose file fails its integrity check (integrity.ts) is read-only: it can be read and
// exported, but nothing is added to a log that no longer holds.
import { auditChainProblems, auditHash, auditSeal } from '../store/audit-chain';
import {
  InputError,
  type AuditEntry,
  type AuditSeal,
  type CaseSettings,
  type ChainCheck,
  type Decision,
  type FileRole,
  type InputSummary,
  type Mapping,
  type QuarantineEntry,
  type QueryResult,
  type TimelineRow,
} from '../types';
import type { DecisionHistory } from './api';
import { readOnlyStatement, sqlError } from './read-only-sql';
import { importEntryDetail, settingsEntryDetail } from './case-log';
import type { CaseStore } from './case-store';
import {
  bulkDetail,
  compareDecisions,
  decisionEntry,
  decisionsOf,
  replayDecisions,
  stepDetail,
  type DecisionStep,
} from './decision-log';

/** What the session's queries need written into the database before they run. */
export interface SessionNeeds {
  /** The movements and the look-up indexes (a card's timeline, the SQL console). */
  lookups(): void;
  /** The last results' tables (the SQL console). */
  results(): void;
}

/** What a new run logs before any decision: its files, and the settings it ran with. */
export interface RunRecord {
  inputs: InputSummary[];
  settings: CaseSettings;
  mapping?: Mapping;
}

export class CaseSession {
  /** Steps in force; the first `floor` were there when the session began and cannot be undone in it. */
  private floor: number;
  private readonly redoable: DecisionStep[] = [];
  /** Whether the case opened with integrity problems: then nothing more is recorded in it. */
  private broken: boolean;

  private constructor(
    private readonly store: CaseStore,
    private readonly needs: SessionNeeds,
    private readonly steps: DecisionStep[],
    /** What checking the case file against its log on open found (beside the chain's own breaks), in plain words. */
    private readonly problems: string[],
    /** The log entry that records each decision replayed on open. */
    private readonly entryOf: Map<Decision, number> = new Map(),
  ) {
    this.floor = steps.length;
    this.broken = problems.length > 0 || auditChainProblems(store.auditLog()).length > 0;
  }

  get readOnly(): boolean {
    return this.broken;
  }

  /**
   * The session of a new run: the import and the settings are logged, then the decisions given up front (a
   * re-run keeps the decisions of the case it replaces), each one step.
   */
  static begin(store: CaseStore, needs: SessionNeeds, run: RunRecord, decisions: Decision[]): CaseSession {
    const s = new CaseSession(store, needs, [], []);
    s.audit('system', 'import', importEntryDetail(run.inputs));
    s.audit('system', 'settings', settingsEntryDetail(run.settings, run.mapping));
    for (const d of decisions) s.steps.push(s.recordOne(d));
    store.appendDecisions(decisions);
    s.floor = s.steps.length;
    return s;
  }

  /**
   * The session of a reopened case: its log as saved, and the decisions it replays to. Where the stored
   * decisions table says otherwise, the log's decisions are used and the difference is named (verifyChain), as
   * are the `problems` found checking the file's other tables against the log.
   */
  static reopen(store: CaseStore, needs: SessionNeeds, log: AuditEntry[], table: Decision[], problems: string[]): CaseSession {
    store.appendAudit(log);
    const replay = replayDecisions(log);
    const decisions = decisionsOf(replay.steps);
    store.appendDecisions(decisions);
    return new CaseSession(store, needs, replay.steps, [...problems, ...replay.problems, ...compareDecisions(table, decisions)], replay.entryOf);
  }

  /**
   * Takes decisions replayed from the log out of force (a decision on no exception, or with a resolution its
   * exception's category has not), naming why. Only on open, before the session is used.
   */
  setAside(bad: ReadonlySet<Decision>, why: readonly string[]): void {
    if (!bad.size) return;
    for (let i = this.steps.length - 1; i >= 0; i--) {
      const kept = this.steps[i].decisions.filter((d) => !bad.has(d));
      if (kept.length) this.steps[i] = { ...this.steps[i], decisions: kept };
      else this.steps.splice(i, 1);
    }
    this.floor = this.steps.length;
    this.store.replaceDecisions(this.decisions());
    this.addProblems(why);
  }

  /** Problems found after the session began (re-performing the case on open): the case is read-only. */
  addProblems(problems: readonly string[]): void {
    if (!problems.length) return;
    this.problems.push(...problems);
    this.broken = true;
  }

  /** The log entry that recorded a decision replayed on open. */
  entryOfDecision(d: Decision): number | undefined {
    return this.entryOf.get(d);
  }

  // ---- decisions ---------------------------------------------------------------------------------------

  /** Every decision in force, in the order recorded. */
  decisions(): Decision[] {
    return decisionsOf(this.steps);
  }

  /** The decisions that would be in force after `decisions` were recorded, after an undo, after a redo. */
  decisionsAfter(next: 'decide' | 'undo' | 'redo', decisions: Decision[] = []): Decision[] {
    if (next === 'decide') return [...this.decisions(), ...decisions];
    if (next === 'undo') {
      if (this.steps.length <= this.floor) throw new InputError('Nothing to undo');
      return decisionsOf(this.steps.slice(0, -1));
    }
    const step = this.redoable[this.redoable.length - 1];
    if (!step) throw new InputError('Nothing to redo');
    return [...this.decisions(), ...step.decisions];
  }

  /** Refuses any change to a case that opened with integrity problems. */
  assertWritable(): void {
    if (this.readOnly)
      throw new InputError('This case failed its integrity check when it was opened, so it is read-only: no decision, undo, redo or change of its analytics inputs is recorded in it');
  }

  /** Records one action of the auditor (one decision, or a bulk action of several) as one step. */
  decide(decisions: Decision[], label: string): void {
    this.assertWritable();
    if (!decisions.length) return;
    const steps = decisions.map((d) => this.recordOne(d));
    let step = steps[0];
    if (decisions.length > 1) {
      const bulk = this.audit(decisions[0].user, 'bulk', bulkDetail(label, decisions.length));
      step = { label, decisions: [...decisions], entries: [steps[0].entries[0], bulk] };
    } else step = { ...step, label };
    this.store.appendDecisions(decisions);
    this.steps.push(step);
    this.redoable.length = 0;
  }

  /** Takes back the last step of this session: the decisions before it are in force again. */
  undo(user: string, at?: string): DecisionStep {
    this.assertWritable();
    if (this.steps.length <= this.floor) throw new InputError('Nothing to undo');
    const step = this.steps.pop()!;
    this.audit(user, 'undo', stepDetail(step), at);
    this.store.removeLastDecisions(step.decisions.length);
    this.redoable.push(step);
    return step;
  }

  /** Brings back the step undone last, as it was. */
  redo(user: string, at?: string): DecisionStep {
    this.assertWritable();
    const step = this.redoable.pop();
    if (!step) throw new InputError('Nothing to redo');
    this.audit(user, 'redo', stepDetail(step), at);
    this.store.appendDecisions(step.decisions);
    this.steps.push(step);
    return step;
  }

  history(): DecisionHistory {
    const undo = this.steps.length > this.floor && !this.readOnly ? this.steps[this.steps.length - 1] : undefined;
    const redo = this.redoable[this.redoable.length - 1];
    return { canUndo: !!undo, canRedo: !!redo, undo: undo?.label, redo: redo?.label };
  }

  /** Logs one decision; the step it makes, labelled by what it is. */
  private recordOne(d: Decision): DecisionStep {
    const e = decisionEntry(d);
    const seq = this.audit(e.user, e.action, e.detail, e.at);
    return { label: `${d.action} ${d.key}`, decisions: [d], entries: [seq, seq] };
  }

  // ---- the audit log -----------------------------------------------------------------------------------

  /** Appends an entry to the hash chain; its number. */
  audit(user: string, action: string, detail: string, at = new Date().toISOString()): number {
    const last = this.store.lastAudit();
    const seq = last ? last.seq + 1 : 1;
    const prev = last ? last.hash : '0'.repeat(64);
    this.store.appendAudit([{ seq, at, user, action, detail, prev_hash: prev, hash: auditHash(prev, seq, at, user, action, detail) }]);
    return seq;
  }

  auditLog(): AuditEntry[] {
    return this.store.auditLog();
  }

  /** The log's seal as it stands: its entries and its last entry's hash. */
  seal(): AuditSeal {
    return auditSeal(this.auditLog());
  }

  /**
   * Whether the chain is whole, and, for a reopened case, whether its files, settings and decisions as stored
   * were what the log records: every problem, and the seal to compare with a kept head.
   */
  verifyChain(): ChainCheck {
    const log = this.auditLog();
    const problems = [...auditChainProblems(log), ...this.problems];
    const seal = auditSeal(log);
    return problems.length ? { ok: false, problems, problem: problems.join('. '), seal, readOnly: this.readOnly } : { ok: true, problems, seal, readOnly: this.readOnly };
  }

  // ---- questions ---------------------------------------------------------------------------------------

  timeline(card: string | null, order?: string | null): TimelineRow[] {
    this.needs.lookups();
    return this.store.timeline(card, order);
  }

  quarantine(role: FileRole): QuarantineEntry[] {
    return this.store.quarantine(role);
  }

  query(sql: string, limit = 1000): QueryResult {
    const text = readOnlyStatement(sql);
    this.needs.results();
    this.needs.lookups();
    try {
      return this.store.query(text, limit);
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw sqlError(err);
    }
  }
}
