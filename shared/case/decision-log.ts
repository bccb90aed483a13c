// The decisions in force as a function of the audit log. The log is append-only and hash-chained; every
// decision, bulk action, undo and redo is an entry in it, and replaying them in order gives the decisions in
// force (and what could be redone). A reopened case rebuilds its decisions from its log, so that an edit of the
// stored decisions table cannot change the numbers unnoticed.
import type { EvidenceRef } from '../close';
import { SYSTEMS, type AuditEntry, type Decision, type RecordRef } from '../types';

/** One action of the auditor: a decision, or a bulk action of several, undone and redone as one. */
export interface DecisionStep {
  label: string;
  decisions: Decision[];
  /** The log entries that recorded it: its first decision's and its last entry's numbers. */
  entries: [first: number, last: number];
}

export interface Replay {
  /** The steps in force, oldest first. */
  steps: DecisionStep[];
  /** Undone steps that a redo would bring back, the next one last. */
  undone: DecisionStep[];
  /** Entries that do not replay as written, in plain words. */
  problems: string[];
  /** The entry that records each decision replayed. */
  entryOf: Map<Decision, number>;
}

const ACTIONS: readonly Decision['action'][] = ['accept', 'resolve', 'defer', 'link', 'unlink'];

/** The log entry that records one decision (its reason and rows only where it has them). */
export function decisionEntry(d: Decision): Pick<AuditEntry, 'user' | 'action' | 'detail' | 'at'> {
  const detail: Record<string, unknown> = { key: d.key, resolution: d.resolution ?? null, note: d.note ?? null };
  if (d.reason !== undefined) detail.reason = d.reason;
  if (d.evidence?.length) detail.evidence = d.evidence;
  if (d.records?.length) detail.records = d.records.map((r) => ({ system: r.system, ref: r.ref }));
  return { user: d.user, action: `decision:${d.action}`, detail: JSON.stringify(detail), at: d.at };
}

/** The detail of the entry that closes a bulk action: the decisions just before it are one step. */
export function bulkDetail(label: string, count: number): string {
  return `${label}: ${count} decisions`;
}

/** The detail of an undo or redo entry: the step's label and the entries that recorded it. */
export function stepDetail(step: DecisionStep): string {
  const n = step.decisions.length;
  return `${step.label} (entries ${step.entries[0]} to ${step.entries[1]}, ${n} decision${n === 1 ? '' : 's'})`;
}

/** The decisions of the steps in force, in the order recorded. */
export function decisionsOf(steps: readonly DecisionStep[]): Decision[] {
  return steps.flatMap((s) => s.decisions);
}

/** Replays the log's decision, bulk, undo and redo entries in order; other entries are passed over. */
export function replayDecisions(log: readonly AuditEntry[]): Replay {
  const out: Replay = { steps: [], undone: [], problems: [], entryOf: new Map() };
  // Single-decision steps recorded since the last other entry: a bulk entry joins the last of them.
  let loose = 0;
  for (const e of log) {
    if (e.action.startsWith('decision:')) {
      const d = readDecision(e);
      if (typeof d === 'string') {
        out.problems.push(d);
        loose = 0;
        continue;
      }
      out.steps.push({ label: `${d.action} ${d.key}`, decisions: [d], entries: [e.seq, e.seq] });
      out.entryOf.set(d, e.seq);
      out.undone = [];
      loose++;
      continue;
    }
    if (e.action === 'bulk') joinBulk(out, e, loose);
    else if (e.action === 'undo') move(out.steps, out.undone, e, out.problems);
    else if (e.action === 'redo') move(out.undone, out.steps, e, out.problems);
    loose = 0;
  }
  return out;
}

function readDecision(e: AuditEntry): Decision | string {
  const action = e.action.slice('decision:'.length) as Decision['action'];
  let detail: { key?: unknown; resolution?: unknown; note?: unknown; reason?: unknown; evidence?: unknown; records?: unknown };
  try {
    detail = JSON.parse(e.detail) as typeof detail;
  } catch {
    detail = {};
  }
  if (!ACTIONS.includes(action) || typeof detail.key !== 'string')
    return `Audit entry ${e.seq} (${e.action} by ${e.user}) does not read as a decision; it was left out of the decisions in force`;
  const d: Decision = { key: detail.key, action, user: e.user, at: e.at };
  if (typeof detail.resolution === 'string') d.resolution = detail.resolution;
  if (typeof detail.note === 'string') d.note = detail.note;
  if (typeof detail.reason === 'string') d.reason = detail.reason;
  if (Array.isArray(detail.evidence)) d.evidence = detail.evidence.filter(isEvidenceRef);
  if (Array.isArray(detail.records)) d.records = detail.records.filter(isRecordRef).map((r) => ({ system: r.system, ref: r.ref }));
  return d;
}

function isEvidenceRef(v: unknown): v is EvidenceRef {
  const r = v as EvidenceRef;
  return !!r && typeof r.name === 'string' && typeof r.sha256 === 'string' && typeof r.size === 'number';
}

function isRecordRef(r: unknown): r is RecordRef {
  const x = r as RecordRef;
  return typeof x === 'object' && x !== null && (SYSTEMS as readonly string[]).includes(x.system) && typeof x.ref === 'string';
}

/**
 * Each decision entry of the log, by its number, with whether it is in force (the latest in force on its key);
 * and which entries each undo and redo took back or brought back.
 */
export function decisionEntries(log: readonly AuditEntry[]): { seq: number; decision: Decision; inForce: boolean }[] {
  const replay = replayDecisions(log);
  const inForce = new Map<string, number>();
  for (const step of replay.steps) step.decisions.forEach((d, i) => inForce.set(d.key, step.entries[0] + i));
  const out: { seq: number; decision: Decision; inForce: boolean }[] = [];
  for (const e of log) {
    if (!e.action.startsWith('decision:')) continue;
    const d = readDecision(e);
    if (typeof d !== 'string') out.push({ seq: e.seq, decision: d, inForce: inForce.get(d.key) === e.seq });
  }
  return out;
}

/** The entries an undo or redo names (its step's first to last), or null when it names none. */
export function namedEntries(e: AuditEntry): [number, number] | null {
  const named = /\(entries (\d+) to (\d+), \d+ decisions?\)$/.exec(e.detail);
  return named ? [Number(named[1]), Number(named[2])] : null;
}

/** A bulk entry makes the `count` decisions just before it one step. */
function joinBulk(out: Replay, e: AuditEntry, loose: number): void {
  const m = /^(.*): (\d+) decisions$/s.exec(e.detail);
  const count = m ? Number(m[2]) : NaN;
  if (!m || count > loose || count < 2) {
    out.problems.push(`Audit entry ${e.seq} closes a bulk action of ${m ? count : 'an unreadable number of'} decisions, but ${loose} single decision(s) precede it`);
    return;
  }
  const parts = out.steps.splice(out.steps.length - count, count);
  out.steps.push({ label: m[1], decisions: decisionsOf(parts), entries: [parts[0].entries[0], e.seq] });
}

/** An undo (from the steps in force to the undone) or a redo (back): the step it names must be the one on top. */
function move(from: DecisionStep[], to: DecisionStep[], e: AuditEntry, problems: string[]): void {
  const top = from[from.length - 1];
  const named = /\(entries (\d+) to (\d+), \d+ decisions?\)$/.exec(e.detail);
  if (!top) {
    problems.push(`Audit entry ${e.seq} (${e.action} by ${e.user}) has nothing to ${e.action}`);
    return;
  }
  if (!named || Number(named[1]) !== top.entries[0] || Number(named[2]) !== top.entries[1]) {
    problems.push(
      `Audit entry ${e.seq} (${e.action} by ${e.user}) names ${named ? `entries ${named[1]} to ${named[2]}` : 'no entries'}, but the step to ${e.action} then was entries ${top.entries[0]} to ${top.entries[1]}`,
    );
    return;
  }
  to.push(from.pop()!);
}

/**
 * How a stored decisions table differs from the decisions the log replays to, in plain words (empty when it
 * does not). Decisions are compared whole (key, action, resolution, note, user, time) and in order.
 */
export function compareDecisions(table: readonly Decision[], replayed: readonly Decision[]): string[] {
  const text = (d: Decision) => `${d.action}${d.resolution ? ` ${d.resolution}` : ''} on ${d.key} by ${d.user} at ${d.at}${d.note ? ` (note "${d.note}")` : ''}`;
  const a = table.map(text);
  const b = replayed.map(text);
  if (a.length === b.length && a.every((t, i) => t === b[i])) return [];
  const onlyTable = without(a, b);
  const onlyLog = without(b, a);
  const out: string[] = [];
  const some = (list: string[]) => list.slice(0, 3).join('; ') + (list.length > 3 ? `; and ${list.length - 3} more` : '');
  if (onlyTable.length) out.push(`The decisions table holds ${onlyTable.length} decision(s) the audit log does not record: ${some(onlyTable)}`);
  if (onlyLog.length) out.push(`The audit log records ${onlyLog.length} decision(s) missing from the decisions table: ${some(onlyLog)}`);
  if (!out.length) out.push('The decisions table lists the audit log’s decisions in another order');
  return out;
}

/** The items of `a` not in `b`, each counted as often as it occurs. */
function without(a: string[], b: string[]): string[] {
  const left = new Map<string, number>();
  for (const t of b) left.set(t, (left.get(t) ?? 0) + 1);
  return a.filter((t) => {
    const n = left.get(t) ?? 0;
    if (n > 0) left.set(t, n - 1);
    return n === 0;
  });
}
