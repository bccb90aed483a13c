// The evidence on an exception, from the audit log (so a reopened case shows it as the case that made it did):
// each decision on it with its note, decider, time and reason, and each undo or redo that took one back or
// brought it back.
import type { Finding } from '../classify/finding';
import { resolutionsOf } from '../classify/resolutions';
import type { AuditEntry } from '../types';
import type { DecisionEvidence } from './api';
import { decisionEntries, namedEntries } from './decision-log';

export function evidenceOf(key: string, log: readonly AuditEntry[], finding: (key: string) => Finding | undefined): DecisionEvidence[] {
  const entries = decisionEntries(log);
  const onKey = new Set(entries.filter((x) => x.decision.key === key).map((x) => x.seq));
  const f = finding(key);
  const out: DecisionEvidence[] = [];
  for (const e of log) {
    if (e.action === 'undo' || e.action === 'redo') {
      const named = namedEntries(e);
      if (!named || ![...onKey].some((seq) => seq >= named[0] && seq <= named[1])) continue;
      out.push({ seq: e.seq, at: e.at, user: e.user, action: e.action, in_force: false });
      continue;
    }
    if (!onKey.has(e.seq)) continue;
    const { decision: d, inForce } = entries.find((x) => x.seq === e.seq)!;
    const row: DecisionEvidence = { seq: e.seq, at: d.at, user: d.user, action: d.action, in_force: inForce };
    if (d.resolution) {
      row.resolution = d.resolution;
      const label = f ? resolutionsOf(f).find((o) => o.code === d.resolution)?.label : undefined;
      if (label) row.resolution_label = label;
    }
    if (d.note) row.note = d.note;
    if (d.reason) row.reason = d.reason;
    if (d.records?.length) row.records = d.records;
    out.push(row);
  }
  return out;
}
