// The status bar's message: the last thing that happened, in words.
import { create } from 'zustand';

export interface NoticeState {
  message: string;
  tone: 'info' | 'error';
  at: number;
  say(message: string, tone?: 'info' | 'error'): void;
}

export const useNotice = create<NoticeState>()((set) => ({
  message: 'Ready',
  tone: 'info',
  at: 0,
  say: (message, tone = 'info') => set({ message, tone, at: Date.now() }),
}));

/** Says `message` in the status bar. */
export function say(message: string, tone: 'info' | 'error' = 'info'): void {
  useNotice.getState().say(message, tone);
}

/** What an error says, in one line (an engine refusal's own words; never a stack). */
export function errorLine(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
