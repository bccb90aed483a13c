// The close analytics' inputs on screen (docs/analytics.md): prior quarters and a card register picked through
// the host's file chooser, a prior quarter taken out, the settings an auditor changes. Each goes to the engine
// (addPriorQuarters, setCardRegister, removePriorQuarter, setAnalyticsSettings), which reads and checks it, logs
// it and makes the analytics again; the new report comes with caseChanged as always. A refusal is kept as the
// engine's one line, to show beside what was tried.
import { create } from 'zustand';
import type { AnalyticsSettingsInput } from '../../../shared/analytics/close';
import type { SettingProblem } from '../../../shared/analytics/prior-quarters';
import { engine } from '../engine/client';
import { host } from '../host';
import type { PickedFile } from '../host/types';
import { ROLE_FILTERS } from './actions';
import { changeThroughEngine } from './engine-change';
import { errorLine } from './notice';


export interface AnalyticsInputsState {
  busy: boolean;
  /** The engine's one line on the last change refused, and which part of the screen it belongs to. */
  refusal: { what: 'history' | 'register' | 'settings'; message: string } | null;
  /** The settings form's problems, by setting (`breakage.prudenceMargin`), as the engine's validator names them. */
  settingProblems: SettingProblem[];
  set(patch: Partial<Omit<AnalyticsInputsState, 'set'>>): void;
}

export const useAnalyticsInputs = create<AnalyticsInputsState>()((set) => ({
  busy: false,
  refusal: null,
  settingProblems: [],
  set: (patch) => set(patch),
}));

/** Forgets what was refused (another case was opened or run). */
export function resetAnalyticsInputs(): void {
  useAnalyticsInputs.getState().set({ busy: false, refusal: null, settingProblems: [] });
}

const given = (p: PickedFile) => ({ name: p.name, bytes: p.bytes.slice().buffer as ArrayBuffer });

/** One change through the engine, sent in the name of the user at the keyboard (changeThroughEngine). */
async function change(what: NonNullable<AnalyticsInputsState['refusal']>['what'], send: (user: string) => Promise<unknown>, done: string): Promise<boolean> {
  return changeThroughEngine(useAnalyticsInputs.getState, what, async () => send(await host.user().catch(() => 'unknown')), done);
}

/** Prior quarters' platform exports, several at once, through the host's file chooser. */
export async function addPriorQuarters(): Promise<void> {
  let picked: PickedFile[];
  try {
    picked = await host.openFiles({ title: 'Add prior quarters (one platform export per quarter)', multiple: true, filters: ROLE_FILTERS });
  } catch (err) {
    useAnalyticsInputs.getState().set({ refusal: { what: 'history', message: errorLine(err) } });
    return;
  }
  if (!picked.length) return;
  const files = picked.map(given);
  await change(
    'history',
    (user) => engine().call('addPriorQuarters', { files, user }, { transfer: files.map((f) => f.bytes) }),
    `Added ${files.length} prior quarter${files.length === 1 ? '' : 's'}: the analytics are made again`,
  );
}

export async function removePriorQuarter(name: string): Promise<void> {
  await change('history', (user) => engine().call('removePriorQuarter', { name, user }), `Took ${name} out of the history`);
}

/** The card register (Card Number, Owner State), through the host's file chooser. */
export async function chooseCardRegister(): Promise<void> {
  let picked: PickedFile | undefined;
  try {
    [picked] = await host.openFiles({ title: 'Card register (Card Number, Owner State)', multiple: false, filters: ROLE_FILTERS });
  } catch (err) {
    useAnalyticsInputs.getState().set({ refusal: { what: 'register', message: errorLine(err) } });
    return;
  }
  if (!picked) return;
  const file = given(picked);
  await change('register', (user) => engine().call('setCardRegister', { file, user }, { transfer: [file.bytes] }), `Card register ${file.name} in use`);
}

export async function removeCardRegister(): Promise<void> {
  await change('register', (user) => engine().call('setCardRegister', { file: null, user }), 'The card register is no longer used');
}

/** The settings as the engine checks them: each problem by its setting, nothing recorded. */
export async function checkSettings(settings: AnalyticsSettingsInput): Promise<SettingProblem[]> {
  const problems = await engine().call('checkAnalyticsSettings', { settings });
  useAnalyticsInputs.getState().set({ settingProblems: problems });
  return problems;
}

/** Checks the settings, then, with no problem, gives them to the case (an audit entry). */
export async function saveSettings(settings: AnalyticsSettingsInput): Promise<boolean> {
  try {
    if ((await checkSettings(settings)).length) return false;
  } catch (err) {
    useAnalyticsInputs.getState().set({ refusal: { what: 'settings', message: errorLine(err) } });
    return false;
  }
  return change('settings', (user) => engine().call('setAnalyticsSettings', { settings, user }), 'Analytics settings changed: the analytics are made again');
}
