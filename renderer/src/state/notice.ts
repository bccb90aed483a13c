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
