// Decisions on exceptions, through the engine (which records each with user and time in the audit log),
// with undo/redo kept as new decisions so the audit log stays append-only.
import type { Decision, ExceptionItem } from '../../../shared/types';
import { engine } from '../engine/client';
import { host } from '../host';
import { scheduleAutosave } from './actions';
import { useCaseStore } from './case';
import { useNotice } from './notice';
import { restoring, statusOf, useReviewStore, type HistoryEntry } from './review';

const say = (m: string, tone: 'info' | 'error' = 'info') => useNotice.getState().say(m, tone);

async function record(decisions: Omit<Decision, 'user' | 'at'>[], action: string): Promise<boolean> {
  if (!decisions.length) return false;
  const review = useReviewStore.getState();
  review.setBusy(true);
  try {
    const user = await host.user().catch(() => 'unknown');
    const at = new Date().toISOString();
    const full: Decision[] = decisions.map((d) => ({ ...d, user, at }));
    // The new report and drift come with the engine's caseChanged event (engine-events.ts).
    await engine().call('decide', { decisions: full, action });
    useCaseStore.getState().markDirty();
    scheduleAutosave();
    return true;
  } catch (err) {
    say(`Could not record the decision: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return false;
  } finally {
    useReviewStore.getState().setBusy(false);
  }
}

/** Records one decision per exception (accept, resolve with an alternative, or defer), undoable as one step. */
export async function decide(
  items: ExceptionItem[],
  action: Decision['action'],
  opts: { resolution?: string; note?: string; label?: string } = {},
): Promise<boolean> {
  if (!items.length) return false;
  const after = items.map((x) => {
    const d: Omit<Decision, 'user' | 'at'> = { key: x.key, action };
    if (action === 'resolve' && opts.resolution) d.resolution = opts.resolution;
    if (opts.note?.trim()) d.note = opts.note.trim();
    return d;
  });
  const label = opts.label ?? `${action} ${items.length === 1 ? items[0].id : `${items.length} exceptions`}`;
  const before = items.map((x) => ({ key: x.key, status: statusOf(x), resolution: x.resolution }));
  const ok = await record(after, label);
  if (ok) {
    useReviewStore.getState().pushDone({ label, before, after });
    say(items.length === 1 ? `${items[0].id}: ${action === 'resolve' ? 'alternative chosen' : action + 'ed'}` : `${label}: ${items.length} decisions recorded`);
  }
  return ok;
}

export async function undo(): Promise<void> {
  const s = useReviewStore.getState();
  if (s.busy) return;
  const e = s.popUndo();
  if (!e) {
    say('Nothing to undo');
    return;
  }
  const ok = await record(
    e.before.map((p) => restoring(p, e.label)),
    `undo ${e.label}`,
  );
  if (ok) {
    useReviewStore.getState().pushRedo(e);
    say(`Undone: ${e.label}`);
  } else useReviewStore.getState().pushUndoOnly(e);
}

export async function redo(): Promise<void> {
  const s = useReviewStore.getState();
  if (s.busy) return;
  const e: HistoryEntry | undefined = s.popRedo();
  if (!e) {
    say('Nothing to redo');
    return;
  }
  const ok = await record(e.after, `redo ${e.label}`);
  if (ok) {
    useReviewStore.getState().pushUndoOnly(e);
    say(`Redone: ${e.label}`);
  } else useReviewStore.getState().pushRedo(e);
}
