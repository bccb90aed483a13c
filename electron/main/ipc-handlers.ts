// Every renderer → main call. Each handler first checks who is asking (the top frame of our own window,
// showing an app:// page) and then what (types, sizes, and paths the user actually granted).
import { app, dialog, ipcMain, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import { userInfo } from 'node:os';
import { basename } from 'node:path';
import { IPC } from '../../contract/bridge';
import { safeFileName } from '../../contract/file-names';
import {
  CASE_FILTERS,
  MAX_CASE_BYTES,
  MAX_IMPORT_BYTES,
  type CaseLocation,
  type OpenedCase,
  type StartupArgs,
} from '../../contract/host';
import { isAppUrl } from './app-origin';
import { atomicWrite } from '../../shared/node/atomic-write';
import type { AutosaveStore } from './autosave-store';
import { chooseEngine } from './engine-choice';
import type { ImportGrants } from './import-grants';
import type { LargeEngine } from './large-engine';
import type { PathGrants } from './path-grants';
import { pickImportFile, readPickedFile } from './read-picked-file';
import type { RecentCasesStore } from './recent-cases-store';
import * as v from './validate';

export interface IpcContext {
  window: () => BrowserWindow | null;
  setTitle: (title: string, dirty: boolean) => void;
  startupArgs: StartupArgs;
  devUrl: string | null;
  grants: PathGrants;
  /** Import files picked this session, by id, for the large-quarter engine. */
  imports: ImportGrants;
  largeEngine: LargeEngine;
  recent: RecentCasesStore;
  autosave: AutosaveStore;
}

/** The sender must be our window's own top frame, currently showing one of our pages. */
function checkSender(event: IpcMainInvokeEvent, ctx: IpcContext): void {
  const win = ctx.window();
  const frame = event.senderFrame;
  if (
    !win ||
    event.sender !== win.webContents ||
    !frame ||
    frame.parent !== null ||
    !isAppUrl(frame.url, ctx.devUrl)
  ) {
    throw new Error('Refused: IPC from an untrusted sender');
  }
}

function handle(ctx: IpcContext, channel: string, fn: (...args: unknown[]) => unknown): void {
  ipcMain.handle(channel, (event, ...args: unknown[]) => {
    checkSender(event, ctx);
    return fn(...args);
  });
}

function osUser(): string {
  try {
    return userInfo().username || 'unknown';
  } catch {
    // userInfo throws when the account has no passwd entry (some containers, LDAP hiccups).
    return process.env.USER || process.env.USERNAME || 'unknown';
  }
}

function toLocation(path: string): CaseLocation {
  return { path, name: basename(path) };
}

export function registerIpcHandlers(ctx: IpcContext): void {
  const parentWindow = () => ctx.window() ?? undefined;
  const withParent = <T>(show: (w: BrowserWindow) => Promise<T>, bare: () => Promise<T>) => {
    const w = parentWindow();
    return w ? show(w) : bare();
  };

  handle(ctx, IPC.appVersion, (...args) => {
    v.none(args);
    return app.getVersion();
  });
  handle(ctx, IPC.startupArgs, (...args) => {
    v.none(args);
    return ctx.startupArgs;
  });
  handle(ctx, IPC.user, (...args) => {
    v.none(args);
    return osUser();
  });

  handle(ctx, IPC.openFiles, async (raw) => {
    const opts = v.openFilesOptions(raw);
    const dialogOpts: Electron.OpenDialogOptions = {
      title: opts.title,
      filters: opts.filters,
      properties: opts.multiple ? ['openFile', 'multiSelections'] : ['openFile'],
    };
    const res = await withParent(
      (w) => dialog.showOpenDialog(w, dialogOpts),
      () => dialog.showOpenDialog(dialogOpts),
    );
    if (res.canceled) return [];
    // Only what the user picked in the dialog just now is read; the renderer never names an import path.
    if (!opts.grant) return Promise.all(res.filePaths.map((p) => readPickedFile(p, MAX_IMPORT_BYTES)));
    const picked = await Promise.all(res.filePaths.map((p) => pickImportFile(p, ctx.imports)));
    for (const f of picked) ctx.largeEngine.grant(f.grant!);
    return picked;
  });

  // The large-quarter engine, for the files the renderer holds, named by their grants: the main process sums the
  // sizes it saw itself, and starts the engine process only when they are past what the worker holds, or to open
  // a case that engine saved (which the worker cannot read; the process reads no file it was not granted).
  handle(ctx, IPC.largeEngine, (raw, rawCase) => {
    const duckdbCase = v.bool(rawCase, 'duckdbCase');
    const sizes = v.grantIds(raw).map((id) => {
      const g = ctx.imports.get(id);
      if (!g) throw new Error('Refused: a file that was not picked through the app');
      return g.size;
    });
    const win = ctx.window();
    if ((!duckdbCase && chooseEngine(sizes) === 'worker') || !win) return false;
    ctx.largeEngine.connect(win.webContents);
    return true;
  });
  handle(ctx, IPC.stopLargeEngine, (...args) => {
    v.none(args);
    ctx.largeEngine.stop();
  });

  handle(ctx, IPC.saveFile, async (raw) => {
    const opts = v.saveFileOptions(raw, MAX_CASE_BYTES);
    const dialogOpts: Electron.SaveDialogOptions = {
      defaultPath: safeFileName(opts.suggestedName, opts.filters),
      filters: opts.filters,
    };
    const res = await withParent(
      (w) => dialog.showSaveDialog(w, dialogOpts),
      () => dialog.showSaveDialog(dialogOpts),
    );
    if (res.canceled || !res.filePath) return null;
    await atomicWrite(res.filePath, opts.bytes ?? opts.text ?? '');
    return res.filePath;
  });

  const mayUse = async (path: string) => ctx.grants.has(path) || (await ctx.recent.includes(path));

  handle(ctx, IPC.openCase, async (raw): Promise<OpenedCase | null> => {
    let path: string;
    if (raw === null || raw === undefined) {
      const dialogOpts: Electron.OpenDialogOptions = {
        title: 'Open Case',
        filters: CASE_FILTERS,
        properties: ['openFile'],
      };
      const res = await withParent(
        (w) => dialog.showOpenDialog(w, dialogOpts),
        () => dialog.showOpenDialog(dialogOpts),
      );
      if (res.canceled || !res.filePaths[0]) return null;
      path = res.filePaths[0];
    } else {
      path = v.absolutePath(raw, 'case path');
      if (!(await mayUse(path)))
        throw new Error('Refused: that case was not opened or saved through the app');
    }
    const file = await readPickedFile(path, MAX_CASE_BYTES);
    ctx.grants.grant(path);
    await ctx.recent.add(toLocation(path));
    return { ...toLocation(path), bytes: file.bytes };
  });

  handle(ctx, IPC.saveCase, async (raw): Promise<CaseLocation | null> => {
    const req = v.saveCaseRequest(raw, MAX_CASE_BYTES);
    let path = req.path;
    if (path !== null && !(await mayUse(path)))
      throw new Error('Refused: that path was not chosen through the app');
    if (path === null) {
      const dialogOpts: Electron.SaveDialogOptions = {
        title: 'Save Case',
        defaultPath: safeFileName(req.suggestedName, CASE_FILTERS),
        filters: CASE_FILTERS,
      };
      const res = await withParent(
        (w) => dialog.showSaveDialog(w, dialogOpts),
        () => dialog.showSaveDialog(dialogOpts),
      );
      if (res.canceled || !res.filePath) return null;
      path = res.filePath;
    }
    await atomicWrite(path, req.bytes);
    ctx.grants.grant(path);
    await ctx.recent.add(toLocation(path));
    return toLocation(path);
  });

  handle(ctx, IPC.recentCases, (...args) => {
    v.none(args);
    return ctx.recent.list();
  });
  handle(ctx, IPC.addRecentCase, async (raw) => {
    const loc = v.caseLocation(raw);
    // Otherwise a page could plant any path on the list and then open it as a "recent case".
    if (!ctx.grants.has(loc.path)) throw new Error('Refused: only cases opened or saved in this session');
    await ctx.recent.add(toLocation(loc.path));
  });

  handle(ctx, IPC.autosave, async (rawBytes, rawInfo) => {
    await ctx.autosave.write(v.bytes(rawBytes, 'autosave bytes', MAX_CASE_BYTES), v.autosaveInfo(rawInfo));
  });
  handle(ctx, IPC.recoverAutosave, (...args) => {
    v.none(args);
    return ctx.autosave.recover();
  });
  handle(ctx, IPC.clearAutosave, (...args) => {
    v.none(args);
    return ctx.autosave.clear();
  });

  handle(ctx, IPC.setTitle, (rawTitle, rawDirty) => {
    ctx.setTitle(v.str(rawTitle, 'title', 300), v.bool(rawDirty, 'dirty'));
  });
}
