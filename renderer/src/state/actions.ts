// What the screens ask for: each action talks to the engine client and the host, then updates the stores.
// Screens call these and read the stores; they never touch the worker or the host directly for case work.
import { parseMappingFile } from '../../../shared/import/mapping-file';
import { settingsProblems } from '../../../shared/settings';
import type { FileRole } from '../../../shared/types';
import { demoFiles, demoSettings, fetchDemoFile } from '../demo';
import { engine, isAbortError } from '../engine/client';
import { deferredPort } from '../engine/deferred-port';
import { host } from '../host';
import type { FileFilter, RecoveredAutosave } from '../host/types';
import { useCaseStore } from './case';
import { filesReady, useFilesStore } from './files';
import { showIntegrityProblems, useIntegrity } from './integrity';
import { useNavStore } from './nav';
import { useReportStore } from './report';
import { DEFAULT_SORT, NO_FILTERS, useReviewStore } from './review';
import { useRunStore } from './run';
import { say } from './notice';
import { runProfiles, useProfilesStore } from './profiles';
import { resetSession, session, type HeldFile } from './session';
import { periodLabel } from './settings';

export const ROLE_FILTERS: FileFilter[] = [{ name: 'Exports (CSV, Excel)', extensions: ['csv', 'xlsx', 'xls', 'txt'] }];


function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

/** A standalone ArrayBuffer holding exactly these bytes (safe to transfer). */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  return bytes.slice().buffer as ArrayBuffer;
}

// ---- files -------------------------------------------------------------------------------------------

/**
 * Gives the engine a file. `grant` (Electron): the main process's id for it, by which the large-quarter engine
 * reads it from disk (`bytes` is empty for a file too large to pass, whose `size` it then gives).
 */
export async function addFile(role: FileRole, name: string, bytes: ArrayBuffer, grant?: { id: string; size: number }): Promise<void> {
  const files = useFilesStore.getState();
  files.fileLoading(role, name, grant?.size ?? bytes.byteLength);
  try {
    session.fileCopies.set(role, { name, data: new Blob([bytes]), ...(grant ? { grant: grant.id } : {}) });
    // Past what the worker holds, every file held goes to the large-quarter engine, this one with them.
    const moved = await placeEngine();
    if (!moved) {
      if (grant && engine().large) await engine().call('putGrantedFile', { role, grant: grant.id });
      else await engine().call('putFile', { role, name, bytes }, { transfer: [bytes] });
    }
    useCaseStore.getState().markStale(true);
    useCaseStore.getState().markDirty();
    await inspect(role);
    say(moved ? `Loaded ${name}; opening on the large-quarter engine: these files are past what the in-app engine holds, so DuckDB runs them in a process of its own` : `Loaded ${name}`);
  } catch (err) {
    useFilesStore.getState().fileFailed(role, message(err));
    say(`${name}: ${message(err)}`, 'error');
  }
}

export async function inspect(role: FileRole): Promise<void> {
  try {
    const profile = useProfilesStore.getState().given[role]?.json;
    const { settings } = useCaseStore.getState();
    const inspection = await engine().call('inspect', { role, mapping: useFilesStore.getState().mapping, profile, settings });
    useFilesStore.getState().fileInspected(role, inspection);
  } catch (err) {
    useFilesStore.getState().fileFailed(role, message(err));
  }
  scheduleProposal();
}

export async function pickFile(role: FileRole, title: string): Promise<void> {
  try {
    const [picked] = await host.openFiles({ title, multiple: false, filters: ROLE_FILTERS, grant: true });
    if (!picked) return;
    const grant = picked.grant ? { id: picked.grant, size: picked.size ?? picked.bytes.byteLength } : undefined;
    await addFile(role, picked.name, ownBuffer(picked.bytes), grant);
  } catch (err) {
    say(message(err), 'error');
  }
}

export async function dropFile(role: FileRole, file: File): Promise<void> {
  await addFile(role, file.name, await file.arrayBuffer());
}

export async function removeFile(role: FileRole): Promise<void> {
  session.fileCopies.delete(role);
  useFilesStore.getState().removeFile(role);
  useProfilesStore.getState().clearProfile(role);
  useCaseStore.getState().markStale(true);
  await engine().call('removeFile', { role }).catch(() => undefined);
  scheduleProposal();
}

export async function mapColumn(role: FileRole, reference: string, header: string | null): Promise<void> {
  useFilesStore.getState().mapColumn(role, reference, header);
  useCaseStore.getState().markStale(true);
  useCaseStore.getState().markDirty();
  await inspect(role);
}

export async function applyPreset(role: FileRole, columns: Record<string, string>): Promise<void> {
  useFilesStore.getState().setRoleMapping(role, columns);
  useCaseStore.getState().markStale(true);
  await inspect(role);
}

/** Loads a mapping file (docs/formats.md §3) and applies it to every role it names; says in one line what is wrong. */
export async function loadMappingFile(): Promise<void> {
  try {
    const [picked] = await host.openFiles({ title: 'Load a mapping file', multiple: false, filters: [{ name: 'Mapping (JSON)', extensions: ['json'] }] });
    if (!picked) return;
    const mapping = parseMappingFile(picked.name, new TextDecoder().decode(picked.bytes));
    const roles = Object.keys(mapping) as FileRole[];
    for (const role of roles) {
      useFilesStore.getState().setRoleMapping(role, mapping[role] ?? {});
      if (useFilesStore.getState().files[role]) await inspect(role);
    }
    useCaseStore.getState().markStale(true);
    useCaseStore.getState().markDirty();
    say(`Loaded ${picked.name}: the mapping of ${roles.join(', ') || 'no role'}`);
  } catch (err) {
    say(message(err), 'error');
  }
}

/** Saves the mapping in force as a mapping file, to load for the next quarter or give the command line. */
export async function saveMappingFile(): Promise<void> {
  const text = JSON.stringify(useFilesStore.getState().mapping, null, 2) + '\n';
  const where = await host.saveFile({ suggestedName: 'mapping.json', filters: [{ name: 'Mapping (JSON)', extensions: ['json'] }], text }).catch((e: unknown) => {
    say(message(e), 'error');
    return null;
  });
  if (where) say(`Saved ${where}`);
}

// ---- the period the files suggest --------------------------------------------------------------------

/**
 * Asks the engine what period and zone the files held suggest, and how many of their rows the case's period
 * holds. A new case whose period nobody chose yet takes the proposal (and says so): the default, last quarter
 * in this computer's zone, is a guess the files can do better than.
 */
export async function proposePeriod(): Promise<void> {
  if (!Object.values(useFilesStore.getState().files).some((f) => f?.status === 'ready')) {
    useFilesStore.getState().setProposal(null);
    return;
  }
  const ask = () => {
    const { settings } = useCaseStore.getState();
    const { periodStart, periodEnd, timezone } = settings;
    return engine().call('proposePeriod', { settings: { periodStart, periodEnd, timezone }, mapping: useFilesStore.getState().mapping });
  };
  try {
    let p = await ask();
    let taken: boolean | undefined;
    const c = useCaseStore.getState();
    if (!c.periodChosen && p.period && p.timezone) {
      const { start, end } = p.period;
      if (start !== c.settings.periodStart || end !== c.settings.periodEnd || p.timezone !== c.settings.timezone) {
        c.updateSettings({ periodStart: start, periodEnd: end, timezone: p.timezone });
        say(`Period set from the files: ${periodLabel(start, end)}, ${p.timezone}. Change it on the Case screen.`);
        taken = true;
        p = await ask();
      }
    }
    useFilesStore.getState().setProposal(p, taken);
  } catch {
    // A proposal is a help, not a step: a file the engine cannot read says so when inspected or run.
    useFilesStore.getState().setProposal(null);
  }
}

let proposalTimer: ReturnType<typeof setTimeout> | null = null;

/** Asks for the proposal once the files stop changing (files dropped together are read once, not one by one). */
export function scheduleProposal(delayMs = 250): void {
  if (proposalTimer) clearTimeout(proposalTimer);
  proposalTimer = setTimeout(() => {
    proposalTimer = null;
    void proposePeriod();
  }, delayMs);
}

/** A proposal still waiting to be asked for is asked for now (before a run decides on it). */
async function settleProposal(): Promise<void> {
  if (!proposalTimer) return;
  clearTimeout(proposalTimer);
  proposalTimer = null;
  await proposePeriod();
}

/** Takes the files' proposal as the case's period and zone. */
export async function takeProposedPeriod(): Promise<void> {
  const p = useFilesStore.getState().proposal;
  if (!p?.period) return;
  useCaseStore.getState().choosePeriod({ periodStart: p.period.start, periodEnd: p.period.end, ...(p.timezone ? { timezone: p.timezone } : {}) });
  useFilesStore.setState({ proposalTaken: false });
  await proposePeriod();
}

// ---- runs --------------------------------------------------------------------------------------------

/**
 * Reads, matches and reconstructs the loaded files with the case settings; the decisions of the case in force
 * carry over (the engine keeps them). The numbers arrive in the report store with the engine's caseChanged
 * event (engine-events.ts). Resolves true when it finished.
 */
export async function reconcile(opts: { outsidePeriod?: boolean } = {}): Promise<boolean> {
  await settleProposal();
  const { settings } = useCaseStore.getState();
  // Another quarter's files reconcile to nothing and look perfect: not without the auditor saying so.
  const warning = useFilesStore.getState().proposal?.coverage?.warning;
  if (warning && !opts.outsidePeriod) {
    say(`Not reconciled: ${warning}`, 'error');
    useNavStore.getState().go('import');
    return false;
  }
  const errors = settingsProblems(settings);
  if (Object.keys(errors).length) {
    say('Fix the case settings first: ' + Object.values(errors)[0], 'error');
    useNavStore.getState().go('case');
    return false;
  }
  if (!filesReady(useFilesStore.getState().files)) {
    say('Load the four systems’ files (each with every required column) first.', 'error');
    return false;
  }
  session.run?.abort();
  const controller = new AbortController();
  session.run = controller;
  const run = useRunStore.getState();
  run.start(engine().large ? 'Reading and matching on the large-quarter engine (DuckDB)' : 'Reading and matching');
  // User Timing marks at each stage, for the performance panel of the browser's tools and for the UI bench.
  let stage = '';
  const mark = (name: string) => typeof performance.mark === 'function' && performance.mark(`bf:run:${name}`);
  mark('start');
  const offResult = engine().on('caseChanged', () => mark('result'));
  try {
    const summary = await engine().call(
      'run',
      { settings, mapping: useFilesStore.getState().mapping, ...profilesForRun() },
      {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.stage !== stage) mark((stage = p.stage));
          useRunStore.getState().report(p);
        },
      },
    );
    mark('shown');
    useRunStore.getState().finish();
    useCaseStore.getState().markStale(false);
    useCaseStore.getState().markDirty();
    say(`Reconciled: ${summary.exceptions} exceptions`);
    scheduleAutosave();
    return true;
  } catch (err) {
    if (isAbortError(err)) {
      useRunStore.getState().cancelled();
      say('Cancelled; the previous numbers (if any) are unchanged.');
    } else {
      useRunStore.getState().fail(message(err));
      say(message(err), 'error');
    }
    return false;
  } finally {
    offResult();
    if (session.run === controller) session.run = null;
  }
}

/** The profiles chosen in the editor, and whether the user accepted every plausibility warning shown. */
function profilesForRun(): { profiles?: ReturnType<typeof runProfiles>; acceptWarnings?: boolean } {
  const { given, accepted } = useProfilesStore.getState();
  const files = useFilesStore.getState().files;
  const warned = (Object.keys(files) as FileRole[]).filter((r) => files[r]?.inspection?.problems?.length);
  const profiles = runProfiles(given);
  const acceptWarnings = warned.length > 0 && warned.every((r) => accepted[r]);
  // Only what was chosen is sent: a run with neither asks for nothing more than the settings and the mapping.
  return { ...(profiles ? { profiles } : {}), ...(acceptWarnings ? { acceptWarnings } : {}) };
}

/**
 * Cancels the run. When the worker does not stop within the grace period, it is replaced and restored: the case
 * first (an opened case lets go of the files held before), then the files.
 */
export async function cancelRun(graceMs = 1500): Promise<void> {
  if (!session.run) return;
  session.run.abort();
  const restarted = await engine().restartIfBusy(graceMs);
  if (restarted) await restoreEngine();
}

/** Gives a fresh engine what this side holds: the case first (an opened case lets go of files), then the files. */
async function restoreEngine(): Promise<void> {
  if (useReportStore.getState().report && session.lastCase) {
    const bytes = await session.lastCase.arrayBuffer();
    await engine()
      .call('open', { bytes }, { transfer: [bytes] })
      .catch(() => undefined);
  }
  for (const [role, f] of session.fileCopies) await putHeld(role, f);
}

/** A file held on this side to the engine: by its grant to the large-quarter engine, else its bytes. */
async function putHeld(role: FileRole, f: HeldFile): Promise<void> {
  if (f.grant && engine().large) {
    await engine().call('putGrantedFile', { role, grant: f.grant });
    return;
  }
  const bytes = await f.data.arrayBuffer();
  await engine().call('putFile', { role, name: f.name, bytes }, { transfer: [bytes] });
}

const heldGrants = (): string[] => [...session.fileCopies.values()].flatMap((f) => (f.grant ? [f.grant] : []));

/**
 * Electron: once the files held are past what the Web Worker holds (the main process judges, by the sizes it saw),
 * or to open a case the large-quarter engine saved (`duckdbCase`), the case moves to that engine, DuckDB in its own
 * process, and stays there for the session; the files held (and the case, if any) go to it. Resolves true when it
 * moved now.
 */
async function placeEngine(duckdbCase = false): Promise<boolean> {
  if (!host.largeEngine || engine().large) return false;
  const port = await host.largeEngine(heldGrants(), duckdbCase);
  if (!port) return false;
  let first: typeof port | null = port;
  // A later restart (a cancelled run that does not stop) asks for a fresh engine process for the same files.
  const fresh = async () => {
    const p = await host.largeEngine!(heldGrants(), duckdbCase);
    if (!p) throw new Error('The large-quarter engine did not start');
    return p;
  };
  engine().switchTo(() => {
    const p = first ?? deferredPort(fresh());
    first = null;
    return p;
  });
  await restoreEngine();
  return true;
}

// ---- cases -------------------------------------------------------------------------------------------

export async function openDemo(): Promise<boolean> {
  const settings = demoSettings();
  const files = demoFiles();
  if (!settings || files.length < 4) {
    say('The demo quarter is not bundled in this build.', 'error');
    return false;
  }
  await resetCase();
  useCaseStore.getState().load({ name: 'Demo quarter', settings, dirty: true });
  useRunStore.getState().start('Loading the demo quarter');
  try {
    const buffers = await Promise.all(files.map(fetchDemoFile));
    useRunStore.getState().reset();
    for (let i = 0; i < files.length; i++) await addFile(files[i].role, files[i].name, buffers[i]);
  } catch (err) {
    useRunStore.getState().fail(message(err));
    say(message(err), 'error');
    return false;
  }
  useNavStore.getState().go('import');
  const ok = await reconcile();
  if (ok) useNavStore.getState().go('overview');
  return ok;
}

/** The review's filters, order, selection and ticks, and the card open: they belong to the case before. */
function forgetReview(): void {
  useReviewStore.setState({ filters: NO_FILTERS, sort: DEFAULT_SORT, selectedKey: null, checked: new Set<string>() });
  useNavStore.getState().openCard(null);
}

/** Forgets the files, the case and the session's copies, here and in the engine: nothing carries over. */
async function resetCase(): Promise<void> {
  resetSession();
  if (proposalTimer) clearTimeout(proposalTimer);
  proposalTimer = null;
  useFilesStore.getState().clear();
  useProfilesStore.getState().clear();
  useReportStore.getState().clear();
  forgetReview();
  await engine()
    .call('reset', null)
    .catch(() => undefined);
}

export async function newCase(): Promise<void> {
  if (useCaseStore.getState().dirty && !confirmDiscard()) return;
  await resetCase();
  useCaseStore.getState().reset();
  useRunStore.getState().reset();
  useNavStore.getState().go('case');
  say('New case');
}

function confirmDiscard(): boolean {
  return typeof window === 'undefined' || window.confirm('The case has unsaved changes. Discard them?');
}

/** Whether `bytes` begin a DuckDB database file (its header names it at bytes 8 to 11): a large-quarter engine's case. */
function isDuckDbCase(bytes: Uint8Array): boolean {
  return bytes.length >= 12 && String.fromCharCode(...bytes.subarray(8, 12)) === 'DUCK';
}

async function openBytes(bytes: Uint8Array, name: string, location: { path: string; name: string } | null, dirty: boolean): Promise<boolean> {
  useRunStore.getState().start('Opening the case');
  try {
    // A case the large-quarter engine saved is its own database file: only that engine reads it.
    if (isDuckDbCase(bytes) && !engine().large && !(await placeEngine(true))) {
      throw new Error('it was saved by the desktop app’s large-quarter engine (DuckDB): open it in the desktop app, or re-perform it with npm run reconcile -- --case FILE');
    }
    // The report comes with the engine's caseChanged event; the engine lets go of the files it held.
    const { settings } = await engine().call('open', { bytes: ownBuffer(bytes) });
    session.fileCopies.clear();
    useFilesStore.getState().clear();
    forgetReview();
    useProfilesStore.getState().clear();
    session.lastCase = new Blob([ownBuffer(bytes)]);
    useCaseStore.getState().load({ name, settings, location, dirty });
    useRunStore.getState().finish();
    useNavStore.getState().go('overview');
    // The audit log is evidence: say plainly what the file's check against it found, and give its head to
    // compare with the one kept from the signed report.json or workpapers.
    const chain = await engine().call('verifyChain', null);
    useIntegrity.getState().set(chain);
    const head = `audit log head ${chain.seal.entries}:${chain.seal.head}`;
    if (chain.ok) say(`Opened ${name}; audit log intact; ${head}`);
    else {
      say(
        `Opened ${name} read-only: the case file failed its integrity check (${chain.problems.length} problem${chain.problems.length === 1 ? '' : 's'}): ${chain.problem}. ${head}`,
        'error',
      );
      showIntegrityProblems(chain);
    }
    return true;
  } catch (err) {
    useRunStore.getState().fail(message(err));
    say(`Could not open ${name}: ${message(err)}`, 'error');
    return false;
  }
}

export async function openCaseFile(path?: string): Promise<boolean> {
  if (useCaseStore.getState().dirty && !confirmDiscard()) return false;
  try {
    const opened = await host.openCase(path);
    if (!opened) return false;
    return openBytes(opened.bytes, opened.name.replace(/\.sqlite$/i, ''), { path: opened.path, name: opened.name }, false);
  } catch (err) {
    say(message(err), 'error');
    return false;
  }
}

export async function saveCase(as = false): Promise<boolean> {
  if (!useReportStore.getState().report) {
    say('Nothing to save yet: reconcile or open a case first.', 'error');
    return false;
  }
  try {
    session.lastCase = await engine().call('exportCaseBlob', null);
    const bytes = new Uint8Array(await session.lastCase.arrayBuffer());
    const c = useCaseStore.getState();
    const loc = await host.saveCase(bytes, as ? null : c.location?.path, `${c.name || 'case'}.sqlite`);
    if (!loc) return false;
    useCaseStore.getState().markSaved(loc);
    await host.clearAutosave().catch(() => undefined);
    say(`Saved ${loc.name}`);
    return true;
  } catch (err) {
    say(`Could not save: ${message(err)}`, 'error');
    return false;
  }
}

// ---- autosave and recovery ---------------------------------------------------------------------------

export const AUTOSAVE_DELAY_MS = 2000;

export function scheduleAutosave(): void {
  if (session.autosaveTimer) clearTimeout(session.autosaveTimer);
  session.autosaveTimer = setTimeout(() => {
    session.autosaveTimer = null;
    void autosaveNow();
  }, AUTOSAVE_DELAY_MS);
}

export async function autosaveNow(): Promise<void> {
  const c = useCaseStore.getState();
  if (!c.dirty || !useReportStore.getState().report) return;
  try {
    const blob = await engine().call('exportCaseBlob', null);
    session.lastCase = blob;
    await host.autosave(blob, { casePath: c.location?.path ?? null, caseName: c.name });
  } catch {
    // Autosave is a safety net; a failure must not interrupt the work. The next change tries again.
  }
}

export async function recoverFrom(rec: RecoveredAutosave): Promise<boolean> {
  const location = rec.casePath ? { path: rec.casePath, name: rec.casePath.split(/[\\/]/).pop() ?? rec.casePath } : null;
  return openBytes(rec.bytes, rec.caseName, location, true);
}

export async function discardRecovery(): Promise<void> {
  await host.clearAutosave().catch(() => undefined);
}

