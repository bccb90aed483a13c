// A case's session: the auditor's decisions with their undo and redo, the hash-chained audit log that records
// them, and the questions asked of the case database (timeline, quarantine, SQL). The decisions in force are
// always what the log replays to (decision-log.ts); undo history belongs to the session and ends with it.
import { auditHash, verifyAuditChain } from '../store/audit-chain';
import {
  InputError,
  type AuditEntry,
  type ChainCheck,
  type Decision,
  type FileRole,
  type QuarantineEntry,
  type QueryResult,
  type TimelineRow,
} from '../types';
import type { DecisionHistory } from './api';
import { readOnlyStatement, sqlError } from './read-only-sql';
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

export class CaseSession {
  /** Steps in force; the first `floor` were there when the session began and cannot be undone in it. */
  private floor: number;
  private readonly redoable: DecisionStep[] = [];

  private constructor(
    private readonly store: CaseStore,
    private readonly needs: SessionNeeds,
    private readonly steps: DecisionStep[],
    /** What replaying the log on open found, in plain words. */
    private readonly problems: string[],
  ) {
    this.floor = steps.length;
  }

  /**
   * The session of a new run: the import is logged, then the decisions given up front (a re-run keeps the
   * decisions of the case it replaces), each one step.
   */
  static begin(store: CaseStore, needs: SessionNeeds, importDetail: string, decisions: Decision[]): CaseSession {
    const s = new CaseSession(store, needs, [], []);
    s.audit('system', 'import', importDetail);
    for (const d of decisions) s.steps.push(s.recordOne(d));
    store.appendDecisions(decisions);
    s.floor = s.steps.length;
    return s;
  }

  /**
   * The session of a reopened case: its log as saved, and the decisions it replays to. Where the stored
   * decisions table says otherwise, the log's decisions are used and the difference is named (verifyChain).
   */
  static reopen(store: CaseStore, needs: SessionNeeds, log: AuditEntry[], table: Decision[]): CaseSession {
    store.appendAudit(log);
    const replay = replayDecisions(log);
    const decisions = decisionsOf(replay.steps);
    store.appendDecisions(decisions);
    return new CaseSession(store, needs, replay.steps, [...replay.problems, ...compareDecisions(table, decisions)]);
  }

  // ---- decisions ---------------------------------------------------------------------------------------

  /** Every decision in force, in the order recorded. */
  decisions(): Decision[] {
    return decisionsOf(this.steps);
  }

  /** Records one action of the auditor (one decision, or a bulk action of several) as one step. */
  decide(decisions: Decision[], label: string): void {
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
    if (this.steps.length <= this.floor) throw new InputError('Nothing to undo');
    const step = this.steps.pop()!;
    this.audit(user, 'undo', stepDetail(step), at);
    this.store.removeLastDecisions(step.decisions.length);
    this.redoable.push(step);
    return step;
  }

  /** Brings back the step undone last, as it was. */
  redo(user: string, at?: string): DecisionStep {
    const step = this.redoable.pop();
    if (!step) throw new InputError('Nothing to redo');
    this.audit(user, 'redo', stepDetail(step), at);
    this.store.appendDecisions(step.decisions);
    this.steps.push(step);
    return step;
  }

  history(): DecisionHistory {
    const undo = this.steps.length > this.floor ? this.steps[this.steps.length - 1] : undefined;
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

  /** Whether the chain is whole, and whether the decisions as stored were what the log records. */
  verifyChain(): ChainCheck {
    const chain = verifyAuditChain(this.auditLog());
    const problems = [...(chain.problem ? [chain.problem] : []), ...this.problems];
    return problems.length ? { ok: false, problem: problems.join('. ') } : { ok: true };
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
