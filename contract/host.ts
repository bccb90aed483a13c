// What crosses between the Electron main process and the renderer about files, cases and the menu: the
// shapes both sides build and check. The renderer's own Host interface (renderer/src/host/types.ts) is made of
// these; the main process validates every one of them as untrusted input (electron/main/validate.ts).

/** A file-type filter for open/save dialogs: extensions without the dot, e.g. `['csv', 'xlsx']`. */
export interface FileFilter {
  name: string;
  extensions: string[];
}

export interface OpenFilesOptions {
  title: string;
  multiple: boolean;
  filters: FileFilter[];
  /**
   * Import files (Electron): each picked file is also granted to the large-quarter engine, which reads it from
   * disk by its grant; one too large to pass as bytes comes without them instead of being refused.
   */
  grant?: boolean;
}

/** A file the user picked; bytes are exactly what is on disk (the engine hashes them). */
export interface PickedFile {
  name: string;
  /** Empty when the file is too large to pass (`grant` names it: the large-quarter engine reads it from disk). */
  bytes: Uint8Array;
  /** With `grant: true` in Electron: the main process's id for the file, by which the large-quarter engine reads it. */
  grant?: string;
  /** The file's size on disk (with a grant). */
  size?: number;
}

/** Either bytes or text (text is written as UTF-8). */
export type SaveFileOptions = {
  suggestedName: string;
  filters: FileFilter[];
} & ({ bytes: Uint8Array; text?: undefined } | { text: string; bytes?: undefined });

/**
 * Where a case lives. In Electron `path` is an absolute file path; in the browser there is no file path,
 * so `path` is the download name and the case cannot be reopened from it.
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

/** The case-file filter both hosts use. The CLI writes `case.sqlite`, so the case file is an SQLite database. */
export const CASE_FILTERS: FileFilter[] = [{ name: 'Balance Forensics case', extensions: ['sqlite'] }];

/** Files larger than this are refused with a clear message instead of exhausting memory. */
export const MAX_IMPORT_BYTES = 512 * 1024 * 1024;
export const MAX_CASE_BYTES = 1024 * 1024 * 1024;
