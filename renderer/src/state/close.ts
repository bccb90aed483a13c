// The close on screen (docs/formats.md §12): the engine's close status (materiality, sign-offs and what ended them),
// the review workbook being brought back (its preview until applied), the prior case a new one is made from;
// and the actions that change them through the engine. The numbers themselves come with caseChanged as always.
import { create } from 'zustand';
import type { CloseStatus, ReviewPreview, SignoffRole } from '../../../shared/close';
import type { CaseSettings, Mapping } from '../../../shared/types';
import { engine } from '../engine/client';
import { host } from '../host';
import { scheduleAutosave } from './actions';
import { useCaseStore } from './case';
import { useFilesStore } from './files';
import { useNavStore } from './nav';
import { changeThroughEngine } from './engine-change';
import { errorLine, say } from './notice';
import { useReportStore } from './report';
import { resetSession } from './session';

const fileBase = () => (useCaseStore.getState().name || 'case').replace(/[\\/:*?"<>|]+/g, '-');

export interface PendingPrior {
  period: { start: string; end: string; timezone: string };
  case_file: { name: string; sha256: string };
  chain_head: { seq: number; hash: string };
  cards: number;
  items: number;
}

export interface CloseState {
  status: CloseStatus | null;
  /** Why the last sign-off (per role) or materiality change was refused, in the engine's words. */
  refusal: { what: 'preparer' | 'reviewer' | 'materiality' | 'withdraw'; message: string } | null;
  /** An edited review workbook read back, shown until its changes are applied or discarded. */
  review: { name: string; data: Blob; preview: ReviewPreview } | null;
  /** The prior case the next run takes (a new case made from one), as the engine holds it. */
  prior: PendingPrior | null;
  busy: boolean;
  set(patch: Partial<Omit<CloseState, 'set'>>): void;
}

export const useCloseStore = create<CloseState>()((set) => ({
  status: null,
  refusal: null,
  review: null,
  prior: null,
  busy: false,
  set: (patch) => set(patch),
}));

/** Asks the engine for the close as it stands (after any change of the case). */
export async function refreshClose(): Promise<void> {
  try {
    const prior = (await engine().call('pendingPrior', null)) as PendingPrior | null;
    const status = useReportStore.getState().report ? await engine().call('closeStatus', null) : null;
    useCloseStore.getState().set({ status, prior });
  } catch {
    useCloseStore.getState().set({ status: null });
  }
}

/** One change of the close through the engine (changeThroughEngine); the close's status is read again after it. */
function change(what: NonNullable<CloseState['refusal']>['what'], send: () => Promise<unknown>, done: string): Promise<boolean> {
  return changeThroughEngine(useCloseStore.getState, what, send, done, refreshClose);
}

export async function setMateriality(cents: number): Promise<boolean> {
  const user = await host.user().catch(() => 'unknown');
  return change('materiality', () => engine().call('setMateriality', { cents, user }), 'Materiality set');
}

export async function sign(role: SignoffRole, name: string, opts: { force?: boolean; note?: string } = {}): Promise<boolean> {
  return change(role, () => engine().call('sign', { role, name, force: opts.force, note: opts.note }), `Signed as ${role} by ${name.trim()}`);
}

export async function withdraw(role: SignoffRole, note: string): Promise<boolean> {
  const user = await host.user().catch(() => 'unknown');
  return change('withdraw', () => engine().call('withdrawSignoff', { role, name: user, note }), `The ${role}'s sign-off is withdrawn`);
}

// ---- the review workbook ---------------------------------------------------------------------------------

export async function exportReviewWorkbook(): Promise<void> {
  try {
    const bytes = new Uint8Array(await engine().call('reviewWorkbook', null));
    const where = await host.saveFile({ suggestedName: `${fileBase()} review.xlsx`, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }], bytes });
    if (where) say(`Saved ${where}: send it out for review, then import it back`);
  } catch (err) {
    say(`Could not export the review workbook: ${errorLine(err)}`, 'error');
  }
}

/** Reads an edited review workbook: its preview (every change, every refusal) is shown; nothing is applied. */
export async function importReviewWorkbook(): Promise<void> {
  try {
    const [picked] = await host.openFiles({ title: 'Import an edited review workbook', multiple: false, filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }] });
    if (!picked) return;
    const data = new Blob([picked.bytes.slice()]);
    const preview = await engine().call('previewReview', { name: picked.name, bytes: picked.bytes.slice().buffer });
    useCloseStore.getState().set({ review: { name: picked.name, data, preview } });
    say(`${picked.name}: ${preview.changes.length} change(s) to apply, ${preview.refused.length} row(s) refused`);
  } catch (err) {
    say(`Could not read the workbook: ${errorLine(err)}`, 'error');
  }
}

export async function applyReviewWorkbook(): Promise<void> {
  const review = useCloseStore.getState().review;
  if (!review) return;
  const user = await host.user().catch(() => 'unknown');
  const bytes = await review.data.arrayBuffer();
  const ok = await change('withdraw', () => engine().call('applyReview', { name: review.name, bytes, user }, { transfer: [bytes] }), `Applied ${review.preview.changes.length} change(s) from ${review.name}`);
  if (ok) useCloseStore.getState().set({ review: null });
}

export function discardReviewWorkbook(): void {
  useCloseStore.getState().set({ review: null });
}

// ---- evidence --------------------------------------------------------------------------------------------

/** Attaches files to the decision in force on an exception (the decision is recorded again with them). */
export async function attachEvidence(key: string): Promise<void> {
  try {
    const picked = await host.openFiles({ title: 'Evidence for the decision', multiple: true, filters: [{ name: 'Any file', extensions: ['*'] }] });
    if (!picked.length) return;
    const user = await host.user().catch(() => 'unknown');
    const files = picked.map((p) => ({ name: p.name, bytes: p.bytes.slice().buffer }));
    await engine().call('attachEvidence', { key, files, user }, { transfer: files.map((f) => f.bytes) });
    useCaseStore.getState().markDirty();
    scheduleAutosave();
    say(`${picked.length} evidence file(s) kept with the decision`);
  } catch (err) {
    say(`Could not attach the evidence: ${errorLine(err)}`, 'error');
  }
}

export async function saveEvidence(sha256: string): Promise<void> {
  try {
    const f = await engine().call('evidenceFile', { sha256 });
    const where = await host.saveFile({ suggestedName: f.name, filters: [], bytes: new Uint8Array(f.bytes) });
    if (where) say(`Saved ${where}`);
  } catch (err) {
    say(`Could not save the evidence file: ${errorLine(err)}`, 'error');
  }
}

// ---- the next quarter ------------------------------------------------------------------------------------

/**
 * New case from this case: this case is saved first (the new case records that file's SHA-256, so the continuity
 * can be re-performed from it), then a new case starts with the next period's settings and this case's mapping;
 * its run takes this case's closing as its opening.
 */
export async function newCaseFromThis(): Promise<boolean> {
  const c = useCaseStore.getState();
  const name = `${fileBase()}.sqlite`;
  try {
    const next = await engine().call('nextCase', { name });
    const bytes = new Uint8Array(next.caseFile);
    const saved = await host.saveCase(bytes, null, name);
    if (!saved) {
      await engine().call('forgetPrior', null);
      say('Not saved: a new case needs this case kept as the file it refers to. Nothing changed.', 'error');
      return false;
    }
    useCaseStore.getState().markSaved(saved);
    await startNextCase(nextCaseName(c.name, next.settings.periodStart), next.settings, next.mapping);
    say(`Saved ${saved.name}. New case for ${next.settings.periodStart}..${next.settings.periodEnd}: load this period's files; the opening comes from ${saved.name}, and so does the close analytics' history (${next.summary.priorQuarters} prior quarter${next.summary.priorQuarters === 1 ? '' : 's'}, its own platform export among them)`);
    return true;
  } catch (err) {
    say(`Could not start the next case: ${errorLine(err)}`, 'error');
    return false;
  }
}

/** "Q3 2026" is followed by "Q4 2026", "Q4 2026" by "Q1 2027"; any other name by the next period's start. */
export function nextCaseName(name: string, nextStart: string): string {
  const q = /^(.*)\bQ([1-4])([ -])(\d{4})\b(.*)$/.exec(name);
  if (q) {
    const [, before, n, sep, year, after] = q;
    const [nq, ny] = n === '4' ? [1, Number(year) + 1] : [Number(n) + 1, Number(year)];
    return `${before}Q${nq}${sep}${ny}${after}`;
  }
  return `${name || 'Case'} from ${nextStart}`;
}

async function startNextCase(name: string, settings: CaseSettings, mapping: Mapping | undefined): Promise<void> {
  resetSession();
  useFilesStore.getState().clear();
  useReportStore.getState().clear();
  useCloseStore.getState().set({ status: null, review: null, refusal: null });
  // The engine keeps the prior case for the next run (keepPrior), and forgets the files and the case.
  await engine().call('reset', { keepPrior: true });
  useCaseStore.getState().load({ name: name.replace(/\.sqlite$/, ''), settings, dirty: true });
  for (const [role, columns] of Object.entries(mapping ?? {})) if (columns) useFilesStore.getState().setRoleMapping(role as keyof Mapping, columns);
  await refreshClose();
  useNavStore.getState().go('import');
}
