// What opening a saved case found when its file was checked against its audit log: the problems, whether it is
// read-only, and its seal. The status bar shows it while the report on screen is that case's (the same head).
import { create } from 'zustand';
import type { ChainCheck } from '../../../shared/types';

export interface IntegrityState {
  check: ChainCheck | null;
  set(check: ChainCheck | null): void;
}

export const useIntegrity = create<IntegrityState>()((set) => ({
  check: null,
  set: (check) => set({ check }),
}));

/** What the check found, as a list to read in full: every problem, and the head to compare with the kept one. */
export function integrityText(check: ChainCheck): string {
  return [
    'This case file failed its integrity check against its audit log, so it is open read-only. The figures are re-performed from the files it holds, with the settings and decisions its log records.',
    '',
    ...check.problems.map((p, i) => `${i + 1}. ${p}.`),
    '',
    `Audit log head: ${check.seal.entries}:${check.seal.head}`,
  ].join('\n');
}

/** Shows the problems where they can be read whole (the status bar has room for a line). */
export function showIntegrityProblems(check: ChainCheck): void {
  if (typeof window !== 'undefined') window.alert(integrityText(check));
}
