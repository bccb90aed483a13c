// The preload bridge: the single object `window.bf` that electron/preload/index.ts exposes, and the IPC
// channel names it invokes. The preload implements it, the main process answers it, the renderer calls it.
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
} from './host';

export interface SaveCaseRequest {
  bytes: Uint8Array;
  /** A path the main process already knows (opened/saved in this session, or a recent case); null asks. */
  path: string | null;
  suggestedName: string;
}

export interface BfBridge {
  appVersion(): Promise<string>;
  startupArgs(): Promise<StartupArgs>;
  user(): Promise<string>;
  openFiles(opts: OpenFilesOptions): Promise<PickedFile[]>;
  saveFile(opts: SaveFileOptions): Promise<string | null>;
  openCase(path: string | null): Promise<OpenedCase | null>;
  saveCase(req: SaveCaseRequest): Promise<CaseLocation | null>;
  recentCases(): Promise<RecentCase[]>;
  addRecentCase(loc: CaseLocation): Promise<void>;
  autosave(bytes: Uint8Array, info: AutosaveInfo): Promise<void>;
  recoverAutosave(): Promise<RecoveredAutosave | null>;
  clearAutosave(): Promise<void>;
  setTitle(title: string, dirty: boolean): Promise<void>;
  /** Returns the unsubscribe function. */
  onMenu(cb: (cmd: MenuCommand) => void): () => void;
  /**
   * Asks for the large-quarter engine for the granted files held (their ids): true when their total is past what
   * the Web Worker holds, or `duckdbCase` (a case saved by that engine is to be opened), and then the engine's
   * MessagePort arrives as a window message (ENGINE_PORT_MESSAGE); false when the worker holds them. Each call
   * that answers true starts a fresh engine process in place of the last.
   */
  largeEngine(grants: string[], duckdbCase: boolean): Promise<boolean>;
  /** Stops the large-quarter engine's process, if any. */
  stopLargeEngine(): Promise<void>;
  /** The large-quarter engine's process ended on its own (a crash): its words. Returns the unsubscribe function. */
  onLargeEngineExit(cb: (why: string) => void): () => void;
}

/** Renderer → main (ipcRenderer.invoke / ipcMain.handle). */
export const IPC = {
  appVersion: 'app:version',
  startupArgs: 'app:startup-args',
  user: 'app:user',
  openFiles: 'dialog:open-files',
  saveFile: 'dialog:save-file',
  openCase: 'case:open',
  saveCase: 'case:save',
  recentCases: 'case:recent',
  addRecentCase: 'case:add-recent',
  autosave: 'autosave:write',
  recoverAutosave: 'autosave:recover',
  clearAutosave: 'autosave:clear',
  setTitle: 'window:set-title',
  largeEngine: 'engine:large',
  stopLargeEngine: 'engine:large-stop',
} as const satisfies Record<keyof Omit<BfBridge, 'onMenu' | 'onLargeEngineExit'>, string>;

/** Main → renderer (webContents.send / ipcRenderer.on). */
export const MENU_CHANNEL = 'menu:command';
/** Main → preload: the large-quarter engine's port (webContents.postMessage, the port transferred). */
export const ENGINE_PORT_CHANNEL = 'engine:port';
/** Main → renderer: the large-quarter engine's process ended on its own. */
export const ENGINE_EXIT_CHANNEL = 'engine:exit';
/** Preload → page: the window message that carries the large-quarter engine's port (in its ports). */
export const ENGINE_PORT_MESSAGE = 'bf:engine-port';
