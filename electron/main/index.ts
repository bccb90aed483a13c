// The main process stays thin: window, menu, dialogs, file access. No reconciliation logic here.
// Order matters: the app:// scheme and the sandbox must be set up before 'ready', the session guards
// before the first window exists.
import { app, BrowserWindow } from 'electron';
import { join } from 'node:path';
import { registerAppScheme, serveRenderer } from './app-protocol';
import { installMenu } from './app-menu';
import { AutosaveStore } from './autosave-store';
import { ImportGrants } from './import-grants';
import { LargeEngine } from './large-engine';
import { registerIpcHandlers } from './ipc-handlers';
import { createMainWindow, type MainWindow } from './main-window';
import { PathGrants } from './path-grants';
import { RecentCasesStore } from './recent-cases-store';
import { guardAllWebContents, lockDownSession } from './session-security';
import { parseStartupArgs } from './startup-args';

// electron-vite's dev server, only in an unpackaged dev run; a packaged app always loads app://.
const devUrl =
  !app.isPackaged && process.env.ELECTRON_RENDERER_URL ? process.env.ELECTRON_RENDERER_URL : null;

// One instance: two would race on the same autosave file and recent list.
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  app.enableSandbox();
  registerAppScheme();
  guardAllWebContents(devUrl);

  let main: MainWindow | null = null;
  const getWindow = () => (main && !main.win.isDestroyed() ? main.win : null);

  app.on('second-instance', () => {
    const win = getWindow();
    if (win) {
      if (win.isMinimized()) win.restore();
      win.focus();
    }
  });

  void app.whenReady().then(() => {
    lockDownSession(devUrl);
    serveRenderer(join(import.meta.dirname, '../renderer'));
    const userData = app.getPath('userData');
    const imports = new ImportGrants();
    // DuckDB's case database and its spill folder in the app's temp folder, removed when the case closes.
    const largeEngine = new LargeEngine({ entry: join(import.meta.dirname, 'engine-host.js'), dir: join(app.getPath('temp'), 'balance-forensics-engine') }, imports);
    app.on('will-quit', () => largeEngine.stop());
    registerIpcHandlers({
      window: getWindow,
      setTitle: (title, dirty) => main?.setTitle(title, dirty),
      startupArgs: parseStartupArgs(process.argv),
      devUrl,
      grants: new PathGrants(),
      imports,
      largeEngine,
      recent: new RecentCasesStore(userData),
      autosave: new AutosaveStore(userData),
    });
    installMenu(getWindow, devUrl !== null);
    main = createMainWindow(devUrl);
    app.on('activate', () => {
      if (BrowserWindow.getAllWindows().length === 0) main = createMainWindow(devUrl);
    });
  });

  app.on('window-all-closed', () => {
    if (process.platform !== 'darwin') app.quit();
  });
}
