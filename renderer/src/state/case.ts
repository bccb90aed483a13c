// The case being worked on: its name, settings, where it is saved, and whether it has unsaved changes.
import { create } from 'zustand';
import type { CaseSettings } from '../../../shared/types';
import type { CaseLocation } from '../host/types';
import { defaultSettings, periodLabel } from './settings';

export interface CaseState {
  name: string;
  /** True once the user typed a name (then the period no longer renames the case). */
  named: boolean;
  settings: CaseSettings;
  location: CaseLocation | null;
  dirty: boolean;
  /** Settings or mappings changed since the last run: the numbers on screen are stale. */
  stale: boolean;
  /**
   * The period and zone were chosen (typed on the Case screen, or come with the demo or an opened case); until
   * then, the files' proposal replaces the default when they are loaded.
   */
  periodChosen: boolean;
  setName(name: string): void;
  updateSettings(patch: Partial<CaseSettings>): void;
  /** The period or zone as the auditor chose it (the files' proposal no longer replaces it). */
  choosePeriod(patch: Partial<Pick<CaseSettings, 'periodStart' | 'periodEnd' | 'timezone'>>): void;
  /** A new case (or the demo's, or an opened file's): replaces everything, clean. */
  load(c: { name?: string; settings: CaseSettings; location?: CaseLocation | null; dirty?: boolean }): void;
  markDirty(): void;
  markStale(stale: boolean): void;
  markSaved(location: CaseLocation): void;
  reset(): void;
}

/** Settings only the screens read: changing them does not make the numbers on screen stale. */
const REVIEW_ONLY = new Set<keyof CaseSettings>(['autoSettleToleranceCents', 'driftAlertCents']);

const initial = () => {
  const settings = defaultSettings();
  return { name: periodLabel(settings.periodStart, settings.periodEnd), named: false, settings, location: null, dirty: false, stale: false, periodChosen: false };
};

export const useCaseStore = create<CaseState>()((set) => ({
  ...initial(),
  setName: (name) => set({ name, named: name.trim() !== '', dirty: true }),
  updateSettings: (patch) =>
    set((s) => {
      const settings = { ...s.settings, ...patch };
      const name = s.named ? s.name : periodLabel(settings.periodStart, settings.periodEnd);
      // The review's own settings (what auto-settle offers, when drift alerts) change no number of the run.
      const stale = s.stale || Object.keys(patch).some((k) => !REVIEW_ONLY.has(k as keyof CaseSettings));
      return { settings, name, dirty: true, stale };
    }),
  choosePeriod: (patch) =>
    set((s) => {
      const settings = { ...s.settings, ...patch };
      const name = s.named ? s.name : periodLabel(settings.periodStart, settings.periodEnd);
      return { settings, name, dirty: true, stale: true, periodChosen: true };
    }),
  load: (c) =>
    set({
      name: c.name ?? periodLabel(c.settings.periodStart, c.settings.periodEnd),
      named: c.name !== undefined,
      settings: c.settings,
      location: c.location ?? null,
      dirty: c.dirty ?? false,
      stale: false,
      periodChosen: true,
    }),
  markDirty: () => set({ dirty: true }),
  markStale: (stale) => set({ stale }),
  markSaved: (location) => set({ location, dirty: false }),
  reset: () => set(initial()),
}));
