// The one application window: locked-down web preferences, the renderer from app://, the title and the
// unsaved-changes marker set by the renderer, and a question before closing unsaved work.
import { BrowserWindow, dialog } from 'electron';
import { join } from 'node:path';
import { formatTitle } from '../../contract/title';
import { APP_URL } from './app-origin';

export interface MainWindow {
  win: BrowserWindow;
  setTitle(title: string, dirty: boolean): void;
}

export function createMainWindow(devUrl: string | null): MainWindow {
  const win = new BrowserWindow({
    width: 1400,
    height: 900,
    minWidth: 960,
    minHeight: 600,
    title: formatTitle('', false),
    show: false,
    backgroundColor: '#ffffff',
    webPreferences: {
      preload: join(import.meta.dirname, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      experimentalFeatures: false,
      webviewTag: false,
      navigateOnDragDrop: false,
      spellcheck: false,
      devTools: devUrl !== null || process.env.BF_DEVTOOLS === '1',
    },
  });

  let dirty = false;
  let caseTitle = '';
  // The renderer owns the title through setTitle; a <title> change in the page must not override it.
  win.on('page-title-updated', (event) => event.preventDefault());
  win.once('ready-to-show', () => win.show());

  win.on('close', (event) => {
    if (!dirty) return;
    const choice = dialog.showMessageBoxSync(win, {
      type: 'warning',
      buttons: ['Cancel', 'Close Without Saving'],
      defaultId: 0,
      cancelId: 0,
      message: `“${caseTitle || 'This case'}” has unsaved changes.`,
      detail: 'The latest autosave will be offered the next time you start Balance Forensics.',
    });
    if (choice === 0) event.preventDefault();
  });

  void win.loadURL(devUrl ?? APP_URL);

  return {
    win,
    setTitle(title, isDirty) {
      dirty = isDirty;
      caseTitle = title;
      win.setTitle(formatTitle(title, isDirty));
      // macOS shows the unsaved dot in the close button.
      if (process.platform === 'darwin') win.setDocumentEdited(isDirty);
    },
  };
}
