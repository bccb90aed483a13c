// A run of the engine: its status, progress (with rows per second) and how it ended.
import { create } from 'zustand';
import type { Progress } from '../../../shared/types';

export type RunStatus = 'idle' | 'running' | 'done' | 'failed' | 'cancelled';

export interface RunState {
  status: RunStatus;
  /** What is running, in words: "Reading and matching", "Opening the case". */
  label: string;
  progress: Progress | null;
  /** Rows per second of the current stage (the engine's figure, else measured here). */
  rate: number | null;
  startedAt: number | null;
  stageStartedAt: number | null;
  error: string | null;
  start(label: string, now?: number): void;
  report(p: Progress, now?: number): void;
  finish(): void;
  fail(message: string): void;
  cancelled(): void;
  reset(): void;
}

export const useRunStore = create<RunState>()((set) => ({
  status: 'idle',
  label: '',
  progress: null,
  rate: null,
  startedAt: null,
  stageStartedAt: null,
  error: null,
  start: (label, now = Date.now()) =>
    set({ status: 'running', label, progress: null, rate: null, startedAt: now, stageStartedAt: now, error: null }),
  report: (p, now = Date.now()) =>
    set((s) => {
      if (s.status !== 'running') return {};
      const newStage = !s.progress || s.progress.stage !== p.stage || s.progress.file !== p.file;
      const stageStartedAt = newStage ? now : (s.stageStartedAt ?? now);
      const elapsed = (now - stageStartedAt) / 1000;
      const rate = p.rate ?? (elapsed > 0 && !newStage ? p.done / elapsed : s.rate);
      return { progress: p, stageStartedAt, rate: rate ?? null };
    }),
  finish: () => set({ status: 'done', error: null }),
  fail: (message) => set({ status: 'failed', error: message }),
  cancelled: () => set({ status: 'cancelled', error: null }),
  reset: () => set({ status: 'idle', label: '', progress: null, rate: null, startedAt: null, stageStartedAt: null, error: null }),
}));

/** 0–100, or null when the total is unknown. */
export function percent(p: Progress | null): number | null {
  if (!p || !(p.total > 0)) return null;
  return Math.max(0, Math.min(100, Math.floor((p.done / p.total) * 100)));
}

export const STAGE_LABEL: Record<Progress['stage'], string> = {
  read: 'Reading',
  import: 'Importing',
  match: 'Matching',
  classify: 'Classifying',
  reconstruct: 'Reconstructing',
  report: 'Reporting',
};
