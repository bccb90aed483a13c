// The one interface the renderer uses for everything outside the page (files, dialogs, menu, window title,
// crash recovery). Two hosts implement it: Electron (over the preload bridge `window.bf`) and the plain
// browser (over web APIs), so every screen runs unchanged in both and in the Chromium tests.

export type HostKind = 'electron' | 'browser';

/** A file-type filter for open/save dialogs: extensions without the dot, e.g. `['csv', 'xlsx']`. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenFilesOptions {
  title: string;
  multiple: boolean;
  filters: FileFilter[];
}

/** A file the user picked; bytes are exactly what is on disk (the engine hashes them). */
export interface PickedFile {
  name: string;
  bytes: Uint8Array;
}

/** Either bytes or text (text is written as UTF-8). */
export type SaveFileOptions = {
  suggestedName: string;
  filters: FileFilter[];
} & ({ bytes: Uint8Array; text?: undefined } | { text: string; bytes?: undefined });

/**
 * Where a case lives. In Electron `path` is an absolute file path; in the browser there is no file path,
 * so `path` is the download name and the case cannot be reopened from it (see `openCase`).
 */
export interface CaseLocation {
  path: string;
  /** File name for display, e.g. `Q3 2026.sqlite`. */
  name: string;
}

export interface OpenedCase extends CaseLocation {
  bytes: Uint8Array;
}

export interface RecentCase extends CaseLocation {
  /** ISO instant of the last open or save. */
  openedAt: string;
  /** Electron: false when the file is no longer where it was. Browser: always false (no file access). */
  reopenable: boolean;
}

export interface AutosaveInfo {
  /** Where the case was last saved, if ever (so recovery can offer "Save over the original"). */
  casePath: string | null;
  caseName: string;
}

export interface RecoveredAutosave extends AutosaveInfo {
  bytes: Uint8Array;
  /** ISO instant the autosave was written. */
  savedAt: string;
}

/**
 * Commands from the application menu (Electron) — the renderer binds its own shortcuts in the browser.
 * Help › About is answered by the main process itself (a native box), so it is not among them.
 */
export type MenuCommand =
  'new-case' | 'open-case' | 'open-demo' | 'save' | 'save-as' | 'export' | 'undo' | 'redo';

export const MENU_COMMANDS: readonly MenuCommand[] = [
  'new-case',
  'open-case',
  'open-demo',
  'save',
  'save-as',
  'export',
  'undo',
  'redo',
];

/** What the host was asked to do at start. */
export interface StartupArgs {
  /** `--demo` on the Electron command line (used by `npm start`), or `?demo` / `?demo=1` in the browser. */
  demo: boolean;
}

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

  /** Who is working, for the audit log: the OS user name in Electron, a name kept in localStorage in the browser. */
  user(): Promise<string>;
  /** Browser only: remember the name to put in the audit log (Electron always uses the OS account). */
  setUser?(name: string): Promise<void>;
}

/** The case-file filter both hosts use. The CLI writes `case.sqlite`, so the case file is an SQLite database. */
export const CASE_FILTERS: FileFilter[] = [{ name: 'Balance Forensics case', extensions: ['sqlite'] }];

/** Files larger than this are refused with a clear message instead of exhausting memory. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
export const MAX_CASE_BYTES = 1024 * 1024 * 1024;
