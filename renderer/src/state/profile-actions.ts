// What the profile editor and the file cards ask for: a profile used for a role (the file inspected again with
// it), the detected one restored, a warning accepted, and profile files loaded and saved through the host's
// dialogs (the same open and save paths as the exports; the main process checks them).
import type { FileRole } from '../../../shared/types';
import { host } from '../host';
import { inspect } from './actions';
import { useCaseStore } from './case';
import { errorLine, say } from './notice';
import { useProfilesStore } from './profiles';

export const PROFILE_FILTERS = [{ name: 'Import profile (JSON)', extensions: ['json'] }];


function changed(): void {
  useCaseStore.getState().markStale(true);
  useCaseStore.getState().markDirty();
}

/** Reads the role's file with this profile from now on (inspection and run). */
export async function chooseProfile(role: FileRole, json: unknown, source: string): Promise<void> {
  useProfilesStore.getState().setProfile(role, { json, source });
  changed();
  await inspect(role);
}

/** Goes back to the profile the file's headers fit. */
export async function restoreDetectedProfile(role: FileRole): Promise<void> {
  useProfilesStore.getState().clearProfile(role);
  changed();
  await inspect(role);
}

export function acceptWarnings(role: FileRole, yes: boolean): void {
  useProfilesStore.getState().accept(role, yes);
  changed();
}

/** Asks for a profile file; its name and text, or null when the user cancels. */
export async function openProfileFile(): Promise<{ name: string; text: string } | null> {
  try {
    const [picked] = await host.openFiles({ title: 'Load an import profile', multiple: false, filters: PROFILE_FILTERS });
    if (!picked) return null;
    return { name: picked.name, text: new TextDecoder('utf-8', { fatal: true }).decode(picked.bytes).replace(/^\uFEFF/, '') };
  } catch (err) {
    say(`Could not load the profile: ${errorLine(err)}`, 'error');
    return null;
  }
}

/** Saves a profile's text as a file a team keeps for next quarter (or gives the command line's --profile). */
export async function saveProfileFile(suggestedName: string, text: string): Promise<void> {
  try {
    const where = await host.saveFile({ suggestedName, filters: PROFILE_FILTERS, text });
    if (where) say(`Saved ${where}`);
  } catch (err) {
    say(`Could not save the profile: ${errorLine(err)}`, 'error');
  }
}
