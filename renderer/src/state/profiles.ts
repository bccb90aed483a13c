// The import profiles the user chose per role (written or loaded in the profile editor), the plausibility
// warnings the user accepted, and which role's profile is being edited. A role without a profile here is read
// by the profile its headers fit (a preset, the reference layout, or the column mapping).
import { create } from 'zustand';
import type { FileRole } from '../../../shared/types';

export interface GivenProfileEntry {
  /** The profile's JSON, as the editor parsed it (sent to the engine as is, saved with the case by the run). */
  json: unknown;
  /** Where it came from, for the file card: "written in the editor" or the profile file's name. */
  source: string;
}

export interface ProfilesState {
  given: Partial<Record<FileRole, GivenProfileEntry>>;
  /** Roles whose plausibility warnings the user accepted (the run goes on and writes them into report.json). */
  accepted: Partial<Record<FileRole, boolean>>;
  editing: FileRole | null;
  setProfile(role: FileRole, entry: GivenProfileEntry): void;
  clearProfile(role: FileRole): void;
  accept(role: FileRole, yes: boolean): void;
  openEditor(role: FileRole): void;
  closeEditor(): void;
  clear(): void;
}

export const useProfilesStore = create<ProfilesState>()((set) => ({
  given: {},
  accepted: {},
  editing: null,
  setProfile: (role, entry) => set((s) => ({ given: { ...s.given, [role]: entry }, accepted: { ...s.accepted, [role]: false } })),
  clearProfile: (role) =>
    set((s) => {
      const given = { ...s.given };
      delete given[role];
      return { given, accepted: { ...s.accepted, [role]: false } };
    }),
  accept: (role, yes) => set((s) => ({ accepted: { ...s.accepted, [role]: yes } })),
  openEditor: (role) => set({ editing: role }),
  closeEditor: () => set({ editing: null }),
  clear: () => set({ given: {}, accepted: {}, editing: null }),
}));

/** The profiles the run is given: one per role the user chose one for. */
export function runProfiles(given: ProfilesState['given']): Partial<Record<FileRole, { profile: unknown }>> | undefined {
  const roles = Object.keys(given) as FileRole[];
  if (!roles.length) return undefined;
  return Object.fromEntries(roles.map((r) => [r, { profile: given[r]!.json }]));
}
