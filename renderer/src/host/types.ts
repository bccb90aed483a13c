// The one interface the renderer uses for everything outside the page (files, dialogs, menu, window title,
// crash recovery). Two hosts implement it: Electron (over the preload bridge `window.bf`) and the plain
// browser (over web APIs), so every screen runs unchanged in both and in the Chromium tests. The shapes it
// exchanges with the Electron main process are the contract's (contract/host.ts).
import type {
  AutosaveInfo,
  CaseLocation,
  MenuCommand,
  OpenedCase,
  OpenFilesOptions,
  PickedFile,
  RecentCase,
  RecoveredAutosave,
  SaveFileOptions,
  StartupArgs,
} from '../../../contract/host';

import type { PortLike } from '../../../contract/engine';

export type * from '../../../contract/host';
export { CASE_FILTERS, MAX_CASE_BYTES, MAX_IMPORT_BYTES, MENU_COMMANDS } from '../../../contract/host';

export type HostKind = 'electron' | 'browser';

export interface Host {
  readonly kind: HostKind;
  appVersion(): Promise<string>;
  startupArgs(): Promise<StartupArgs>;

  /** Lets the user pick files. Resolves to `[]` when the user cancels. Rejects when a file is too large. */
  openFiles(opts: OpenFilesOptions): Promise<PickedFile[]>;
  /**
   * Saves an export (workpapers, CSVs). Electron: native save dialog, then an atomic write; resolves to the
   * path. Browser: a download; resolves to the file name. Resolves to null when the user cancels.
   */
  saveFile(opts: SaveFileOptions): Promise<string | null>;

  /**
   * Saves the case file atomically (never leaves a half-written case). With `path` (a case opened or saved
   * before in this session, or a recent case), saves there without asking; without it, asks where (Save As).
   * Resolves to where it was saved, or null when the user cancels. Also records it as a recent case.
   */
  saveCase(bytes: Uint8Array, path?: string | null, suggestedName?: string): Promise<CaseLocation | null>;
  /**
   * Opens a case file. Without `path`, asks the user; with `path`, opens that recent case (Electron only —
   * the browser cannot reopen by name and asks instead). Null when cancelled. Also records it as recent.
   */
  openCase(path?: string): Promise<OpenedCase | null>;
  /** Most recent first, at most 10. */
  recentCases(): Promise<RecentCase[]>;
  addRecentCase(loc: CaseLocation): Promise<void>;

  /** Crash recovery: keeps the latest unsaved state (Electron: userData/autosave.sqlite, atomically). */
  autosave(data: Blob, info: AutosaveInfo): Promise<void>;
  /** The autosave left by a session that did not end cleanly, or null. */
  recoverAutosave(): Promise<RecoveredAutosave | null>;
  /** Call after a successful save or when the user discards the recovered state. */
  clearAutosave(): Promise<void>;

  /**
   * Subscribes to application-menu commands; returns the unsubscribe function. In the browser nothing
   * arrives (there is no application menu). Undo/redo pressed while typing in a text field undo the
   * text, not the last decision, and are not forwarded.
   */
  onMenu(cb: (cmd: MenuCommand) => void): () => void;
  /** Window title: `Q3 2026 • — Balance Forensics` while unsaved. Electron also asks before closing dirty. */
  setTitle(title: string, dirty: boolean): void;

  /**
   * Electron only: the large-quarter engine (DuckDB in its own process) for the granted files held, named by their
   * grants: its port when the main process finds them past what the Web Worker holds (or always, with
   * `duckdbCase`: a case that engine saved is to be opened), else null. Each port is a fresh engine in place of
   * the last.
   */
  largeEngine?(grants: string[], duckdbCase?: boolean): Promise<PortLike | null>;

  /** Who is working, for the audit log: the OS user name in Electron, a name kept in localStorage in the browser. */
  user(): Promise<string>;
  /** Browser only: remember the name to put in the audit log (Electron always uses the OS account). */
  setUser?(name: string): Promise<void>;
  /** Browser only: the name given for the audit log, or null when none was given yet (then the app asks once). */
  namedUser?(): Promise<string | null>;
}
