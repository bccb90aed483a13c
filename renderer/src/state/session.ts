// What the actions keep between calls besides the stores: copies to restore a worker that had to be restarted,
// the run in progress, the autosave waiting to be written. One object in sight, emptied by New case.
import type { FileRole } from '../../../shared/types';

/**
 * A file held on this side: its bytes (empty for a file too large to pass), and in Electron the main process's
 * grant, by which the large-quarter engine reads it from disk.
 */
export interface HeldFile {
  name: string;
  data: Blob;
  grant?: string;
}

export interface Session {
  /**
   * A copy of each file kept on this side: the worker's copy is transferred (moved), and a worker that must be
   * stopped (a cancelled run that does not stop in time) takes its files with it. The copy restores them. A
   * Blob, so that a large quarter's files (130 MB at a million events) are not held a second time in this
   * renderer's memory: the browser keeps Blob data in its own storage.
   */
  readonly fileCopies: Map<FileRole, HeldFile>;
  /**
   * The latest case file (from a save, an autosave or an open), to restore a restarted worker's case. A Blob: a
   * large case is then neither copied nor held in the page's JavaScript heap.
   */
  lastCase: Blob | null;
  /** Cancels the run in progress. */
  run: AbortController | null;
  autosaveTimer: ReturnType<typeof setTimeout> | null;
}

export const session: Session = { fileCopies: new Map(), lastCase: null, run: null, autosaveTimer: null };

/** Stops the run and the pending autosave, and forgets the copies (New case, the demo). */
export function resetSession(): void {
  session.run?.abort();
  session.run = null;
  if (session.autosaveTimer) clearTimeout(session.autosaveTimer);
  session.autosaveTimer = null;
  session.fileCopies.clear();
  session.lastCase = null;
}
