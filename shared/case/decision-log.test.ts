import { describe, expect, it } from 'vitest';
import { auditHash } from '../store/audit-chain';
import type { AuditEntry, Decision } from '../types';
import { bulkDetail, compareDecisions, decisionEntry, decisionsOf, replayDecisions, stepDetail } from './decision-log';

const d = (key: string, action: Decision['action'] = 'accept', extra: Partial<Decision> = {}): Decision => ({ key, action, user: 'ana', at: `2026-10-0${key.length}T10:00:00.000Z`, ...extra });

/** A log written as the session writes it, entry by entry. */
function log(...entries: Pick<AuditEntry, 'user' | 'action' | 'detail' | 'at'>[]): AuditEntry[] {
  const out: AuditEntry[] = [];
  let prev = '0'.repeat(64);
  entries.forEach((e, i) => {
    const hash = auditHash(prev, i + 1, e.at, e.user, e.action, e.detail);
    out.push({ seq: i + 1, ...e, prev_hash: prev, hash });
    prev = hash;
  });
  return out;
}
const system = (action: string, detail: string) => ({ user: 'system', action, detail, at: '2026-10-01T00:00:00.000Z' });
const bulk = (label: string, n: number) => ({ user: 'ana', action: 'bulk', detail: bulkDetail(label, n), at: '2026-10-01T00:00:00.000Z' });
const undo = (label: string, first: number, last: number, n: number) => ({ ...system('undo', stepDetail({ label, decisions: Array(n), entries: [first, last] })), user: 'ana' });
const redo = (label: string, first: number, last: number, n: number) => ({ ...undo(label, first, last, n), action: 'redo' });

describe('replayDecisions', () => {
  it('every decision in order; a bulk entry makes the decisions before it one step', () => {
    const r = replayDecisions(log(system('import', 'files'), decisionEntry(d('A')), decisionEntry(d('B')), decisionEntry(d('C', 'defer')), bulk('accept 2', 2)));
    expect(decisionsOf(r.steps)).toEqual([d('A'), d('B'), d('C', 'defer')]);
    expect(r.steps.map((s) => [s.label, s.entries])).toEqual([['accept A', [2, 2]], ['accept 2', [3, 5]]]);
    expect(r.problems).toEqual([]);
  });

  it('an undo takes the last step back, a redo brings it back as it was', () => {
    const entries = [decisionEntry(d('A', 'resolve', { resolution: 'did_not_happen', note: 'n' })), decisionEntry(d('B')), decisionEntry(d('C')), bulk('accept 2', 2)];
    const undone = replayDecisions(log(...entries, undo('accept 2', 2, 4, 2)));
    expect(decisionsOf(undone.steps)).toEqual([d('A', 'resolve', { resolution: 'did_not_happen', note: 'n' })]);
    expect(undone.undone.map((s) => s.entries)).toEqual([[2, 4]]);
    const redone = replayDecisions(log(...entries, undo('accept 2', 2, 4, 2), redo('accept 2', 2, 4, 2)));
    expect(decisionsOf(redone.steps)).toEqual(decisionsOf(replayDecisions(log(...entries)).steps));
  });

  it('a new decision ends what can be redone', () => {
    const r = replayDecisions(log(decisionEntry(d('A')), undo('accept A', 1, 1, 1), decisionEntry(d('B')), redo('accept A', 1, 1, 1)));
    expect(decisionsOf(r.steps)).toEqual([d('B')]);
    expect(r.problems).toEqual(['Audit entry 4 (redo by ana) has nothing to redo']);
  });

  it('names, in plain words, entries that do not replay as written', () => {
    const r = replayDecisions(
      log(decisionEntry(d('A')), decisionEntry(d('B')), undo('accept A', 1, 1, 1), bulk('accept 3', 3), { ...decisionEntry(d('C')), detail: 'not json' }),
    );
    expect(r.problems).toEqual([
      'Audit entry 3 (undo by ana) names entries 1 to 1, but the step to undo then was entries 2 to 2',
      'Audit entry 4 closes a bulk action of 3 decisions, but 0 single decision(s) precede it',
      'Audit entry 5 (decision:accept by ana) does not read as a decision; it was left out of the decisions in force',
    ]);
    expect(decisionsOf(r.steps)).toEqual([d('A'), d('B')]);
  });
});

describe('compareDecisions', () => {
  it('says nothing when the table lists the log’s decisions', () => {
    expect(compareDecisions([d('A'), d('B')], [d('A'), d('B')])).toEqual([]);
  });

  it('names a decision the log does not record and one missing from the table', () => {
    const forged = d('X', 'resolve', { resolution: 'did_not_happen' });
    expect(compareDecisions([d('A'), forged], [d('A'), d('B')])).toEqual([
      `The decisions table holds 1 decision(s) the audit log does not record: resolve did_not_happen on X by ana at ${forged.at}`,
      `The audit log records 1 decision(s) missing from the decisions table: accept on B by ana at ${d('B').at}`,
    ]);
  });

  it('names a changed note, and another order', () => {
    expect(compareDecisions([d('A', 'accept', { note: 'edited' })], [d('A')])[0]).toContain('(note "edited")');
    expect(compareDecisions([d('B'), d('A')], [d('A'), d('B')])).toEqual(['The decisions table lists the audit log’s decisions in another order']);
  });
});
