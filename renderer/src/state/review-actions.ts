// Decisions on exceptions, and their undo and redo, through the engine: it records each with user and time in
// the audit log, keeps the history of this session's steps, and pushes the new numbers (engine-events.ts).
import { linkKey } from '../../../shared/case/links';
import type { Decision, ExceptionItem, RecordRef } from '../../../shared/types';
import { engine } from '../engine/client';
import { scheduleAutosave } from './actions';
import { useCaseStore } from './case';
import { say } from './notice';
import { useReportStore } from './report';
import { useReviewStore } from './review';
import { reviewer } from './reviewer';


/** Sends one change of the case to the engine (busy meanwhile); says in words what failed. */
async function change(what: string, send: (user: string) => Promise<unknown>): Promise<boolean> {
  const user = await reviewer();
  if (!user) {
    say(`Nothing recorded: a decision needs the reviewer’s name (${what})`, 'error');
    return false;
  }
  useReviewStore.getState().setBusy(true);
  try {
    await send(user);
    useCaseStore.getState().markDirty();
    scheduleAutosave();
    return true;
  } catch (err) {
    say(`Could not ${what}: ${err instanceof Error ? err.message : String(err)}`, 'error');
    return false;
  } finally {
    useReviewStore.getState().setBusy(false);
  }
}

/** What a decision did, in the words the status bar says it. */
const DONE: Record<Decision['action'], string> = { accept: 'accepted', resolve: 'resolution chosen', defer: 'deferred', link: 'linked', unlink: 'unlinked' };

/** Records one decision per exception (accept, resolve with an alternative, or defer), undoable as one step. */
export async function decide(
  items: ExceptionItem[],
  action: Decision['action'],
  opts: { resolution?: string; note?: string; reason?: string; label?: string } = {},
): Promise<boolean> {
  if (!items.length) return false;
  const label = opts.label ?? `${action} ${items.length === 1 ? items[0].id : `${items.length} exceptions`}`;
  const ok = await change('record the decision', (user) => {
    const at = new Date().toISOString();
    const decisions = items.map((x) => {
      const d: Decision = { key: x.key, action, user, at };
      if (action === 'resolve' && opts.resolution) d.resolution = opts.resolution;
      if (opts.note?.trim()) d.note = opts.note.trim();
      if (opts.reason) d.reason = opts.reason;
      return d;
    });
    return engine().call('decide', { decisions, action: label });
  });
  if (ok) say(items.length === 1 ? `${items[0].id}: ${DONE[action]}` : `${label}: ${items.length} decisions recorded`);
  return ok;
}

/** Takes back the last step of this session (one decision or a bulk action): the exceptions are as they were. */
export async function undo(): Promise<void> {
  if (useReviewStore.getState().busy) return;
  const { history } = useReportStore.getState();
  if (!history.canUndo) {
    say('Nothing to undo');
    return;
  }
  if (await change('undo', (user) => engine().call('undo', { user }))) say(`Undone: ${history.undo}`);
}

export async function redo(): Promise<void> {
  if (useReviewStore.getState().busy) return;
  const { history } = useReportStore.getState();
  if (!history.canRedo) {
    say('Nothing to redo');
    return;
  }
  if (await change('redo', (user) => engine().call('redo', { user }))) say(`Redone: ${history.redo}`);
}

/**
 * Links two rows the rules did not pair, or unlinks two they did: a decision like any other (audit-logged with
 * the reviewer, undoable), after the engine has said it can be recorded. Resolves to null when recorded, or to
 * the engine's reason in words when it cannot be.
 */
export async function linkRows(
  action: 'link' | 'unlink',
  a: RecordRef,
  b: RecordRef,
  opts: { note?: string; reason?: string } = {},
): Promise<string | null> {
  const user = await reviewer();
  if (!user) return 'Nothing recorded: a decision needs the reviewer’s name';
  const d: Decision = { key: linkKey(a, b), action, records: [a, b], user, at: new Date().toISOString() };
  if (opts.note?.trim()) d.note = opts.note.trim();
  if (opts.reason) d.reason = opts.reason;
  const check = await engine()
    .call('checkDecisions', { decisions: [d] })
    .catch((err: unknown) => ({ ok: false, reason: err instanceof Error ? err.message : String(err) }));
  if (!check.ok) return check.reason ?? 'The engine refused it';
  const label = `${action} ${a.system}:${a.ref} ${action === 'link' ? 'with' : 'from'} ${b.system}:${b.ref}`;
  const ok = await change(action === 'link' ? 'link the rows' : 'unlink the rows', () => engine().call('decide', { decisions: [d], action: label }));
  if (ok) say(`${action === 'link' ? 'Linked' : 'Unlinked'}: ${a.system} ${a.ref} and ${b.system} ${b.ref}`);
  return ok ? null : 'Not recorded (see the status bar)';
}
