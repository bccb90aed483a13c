// What opening a saved case found when its file was checked against its audit log: the problems, whether it is
// read-only, and its seal. The status bar shows it while the report on screen is that case's (the same head).
import { create } from 'zustand';
import type { ChainCheck } from '../../../shared/types';
import { useReportStore } from './report';

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

/** Why the case on screen cannot change (a title for what is disabled), or null: it is the opened read-only case's report. */
export function readOnlyReason(check: ChainCheck | null, head: string | undefined): string | null {
  if (!check?.readOnly || check.seal.head !== head) return null;
  return `Read-only: the case file failed its integrity check (${check.problems.length} problem${check.problems.length === 1 ? '' : 's'}); nothing in it can change`;
}

/** readOnlyReason for the case on screen. */
export function useReadOnly(): string | null {
  const check = useIntegrity((s) => s.check);
  const head = useReportStore((s) => s.report?.audit_seal?.head);
  return readOnlyReason(check, head);
}
