// Who records decisions. Electron knows (the OS account); the browser asks once, before the first decision
// that needs a name, and keeps the answer in localStorage (host.setUser): no decision is recorded under a
// placeholder like "auditor (browser)".
import { create } from 'zustand';
import { host } from '../host';

export interface ReviewerState {
  /** The name known so far (null until asked or read). */
  name: string | null;
  /** The dialog is open; `answer` closes it with a name, or null when cancelled. */
  asking: boolean;
  answer(name: string | null): void;
}

let pending: ((name: string | null) => void) | null = null;

export const useReviewerStore = create<ReviewerState>()((set) => ({
  name: null,
  asking: false,
  answer: (name) => {
    const trimmed = name?.trim() || null;
    set({ asking: false, ...(trimmed ? { name: trimmed } : {}) });
    const done = pending;
    pending = null;
    if (trimmed) void host.setUser?.(trimmed);
    done?.(trimmed);
  },
}));

/** The reviewer's name for the audit log; asks for it (once) where the host does not know it. Null: cancelled. */
export async function reviewer(): Promise<string | null> {
  const known = useReviewerStore.getState().name;
  if (known) return known;
  if (!host.namedUser) {
    const name = await host.user().catch(() => 'unknown');
    useReviewerStore.setState({ name });
    return name;
  }
  const stored = await host.namedUser().catch(() => null);
  if (stored) {
    useReviewerStore.setState({ name: stored });
    return stored;
  }
  return askName();
}

/** Opens the name dialog (also to change the name); resolves with the name given, or null. */
export function askName(): Promise<string | null> {
  pending?.(null);
  return new Promise((resolve) => {
    pending = resolve;
    useReviewerStore.setState({ asking: true });
  });
}
