// The files of the case: per role, what was loaded, its inspection, and the column mapping in force.
import { create } from 'zustand';
import type { FileInspection } from '../../../shared/api';
import type { PeriodProposal } from '../../../shared/case/api';
import type { FileRole, Mapping } from '../../../shared/types';

export interface LoadedFile {
  name: string;
  size: number;
  status: 'loading' | 'ready' | 'error';
  inspection?: FileInspection;
  error?: string;
}

export interface FilesState {
  files: Partial<Record<FileRole, LoadedFile>>;
  mapping: Mapping;
  /** The period and zone the files held suggest, and how many of their rows the case's period holds. */
  proposal: PeriodProposal | null;
  /** The case's period and zone were taken from the proposal (nobody had chosen them yet). */
  proposalTaken: boolean;
  setProposal(p: PeriodProposal | null, taken?: boolean): void;
  fileLoading(role: FileRole, name: string, size: number): void;
  fileInspected(role: FileRole, inspection: FileInspection): void;
  fileFailed(role: FileRole, error: string): void;
  removeFile(role: FileRole): void;
  /** Maps a reference column to a header of the file; null or '' removes the mapping (the reference name applies). */
  mapColumn(role: FileRole, reference: string, header: string | null): void;
  setRoleMapping(role: FileRole, columns: Record<string, string>): void;
  clear(): void;
}

export const useFilesStore = create<FilesState>()((set) => ({
  files: {},
  mapping: {},
  proposal: null,
  proposalTaken: false,
  setProposal: (proposal, taken) => set((s) => ({ proposal, proposalTaken: taken ?? s.proposalTaken })),
  fileLoading: (role, name, size) => set((s) => ({ files: { ...s.files, [role]: { name, size, status: 'loading' } } })),
  fileInspected: (role, inspection) =>
    set((s) => {
      const prev = s.files[role];
      if (!prev) return {};
      return { files: { ...s.files, [role]: { ...prev, status: 'ready', inspection, error: undefined } } };
    }),
  fileFailed: (role, error) =>
    set((s) => {
      const prev = s.files[role] ?? { name: '', size: 0, status: 'error' as const };
      return { files: { ...s.files, [role]: { ...prev, status: 'error', error } } };
    }),
  removeFile: (role) =>
    set((s) => {
      const files = { ...s.files };
      delete files[role];
      return { files };
    }),
  mapColumn: (role, reference, header) =>
    set((s) => {
      const cols = { ...(s.mapping[role] ?? {}) };
      if (header) cols[reference] = header;
      else delete cols[reference];
      const mapping = { ...s.mapping };
      if (Object.keys(cols).length) mapping[role] = cols;
      else delete mapping[role];
      return { mapping };
    }),
  setRoleMapping: (role, columns) =>
    set((s) => {
      const mapping = { ...s.mapping };
      if (Object.keys(columns).length) mapping[role] = { ...columns };
      else delete mapping[role];
      return { mapping };
    }),
  clear: () => set({ files: {}, mapping: {}, proposal: null, proposalTaken: false }),
}));

/** True when all four systems are loaded, inspected and have every required column. */
export function filesReady(files: FilesState['files']): boolean {
  return (['platform', 'storefront', 'payments', 'erp'] as const).every((r) => {
    const f = files[r];
    return f?.status === 'ready' && f.inspection !== undefined && f.inspection.requiredMissing.length === 0;
  });
}
