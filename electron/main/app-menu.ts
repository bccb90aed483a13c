// The application menu. Commands that concern the case go to the renderer (it owns the case state);
// editing, zoom and quitting are standard roles; About is answered here.
import { app, dialog, Menu, type BrowserWindow, type MenuItemConstructorOptions } from 'electron';
import { MENU_CHANNEL } from '../../contract/bridge';
import type { MenuCommand } from '../../contract/host';

export function installMenu(getWindow: () => BrowserWindow | null, isDev: boolean): void {
  const send = (cmd: MenuCommand) => () => {
    const win = getWindow();
    if (win && !win.isDestroyed()) win.webContents.send(MENU_CHANNEL, cmd);
  };
  const isMac = process.platform === 'darwin';

  const about = () => {
    const win = getWindow();
    const opts = {
      type: 'info' as const,
      title: `About ${app.name}`,
      message: `${app.name} ${app.getVersion()}`,
      detail:
        'Reconciles gift card and store credit liability across four systems, offline.\n\n' +
        `Electron ${process.versions.electron} · Chromium ${process.versions.chrome} · Node ${process.versions.node}`,
      buttons: ['OK'],
    };
    void (win ? dialog.showMessageBox(win, opts) : dialog.showMessageBox(opts));
  };

  const template: MenuItemConstructorOptions[] = [
    ...(isMac
      ? [
          {
            label: app.name,
            submenu: [
              { label: `About ${app.name}`, click: about },
              { type: 'separator' },
              { role: 'services' },
              { type: 'separator' },
              { role: 'hide' },
              { role: 'hideOthers' },
              { role: 'unhide' },
              { type: 'separator' },
              { role: 'quit' },
            ],
          } satisfies MenuItemConstructorOptions,
        ]
      : []),
    {
      label: 'File',
      submenu: [
        { label: 'New Case', accelerator: 'CmdOrCtrl+N', click: send('new-case') },
        { label: 'Open Case…', accelerator: 'CmdOrCtrl+O', click: send('open-case') },
        { label: 'Open Demo Quarter', click: send('open-demo') },
        { type: 'separator' },
        { label: 'Save', accelerator: 'CmdOrCtrl+S', click: send('save') },
        { label: 'Save As…', accelerator: 'CmdOrCtrl+Shift+S', click: send('save-as') },
        { type: 'separator' },
        { label: 'Export Workpapers…', accelerator: 'CmdOrCtrl+E', click: send('export') },
        ...(isMac ? [] : [{ type: 'separator' } as const, { role: 'quit' } as const]),
      ],
    },
    {
      label: 'Edit',
      submenu: [
        // Not roles: the renderer decides between undoing typing and undoing the last decision.
        { label: 'Undo', accelerator: 'CmdOrCtrl+Z', click: send('undo') },
        { label: 'Redo', accelerator: isMac ? 'Cmd+Shift+Z' : 'Ctrl+Y', click: send('redo') },
        { type: 'separator' },
        { role: 'cut' },
        { role: 'copy' },
        { role: 'paste' },
        { role: 'selectAll' },
      ],
    },
    {
      label: 'View',
      submenu: [
        ...(isDev
          ? [{ role: 'reload' } as const, { role: 'toggleDevTools' } as const, { type: 'separator' } as const]
          : []),
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
      ],
    },
    ...(isMac ? [{ role: 'windowMenu' } satisfies MenuItemConstructorOptions] : []),
    { role: 'help', submenu: isMac ? [] : [{ label: `About ${app.name}`, click: about }] },
  ];
  Menu.setApplicationMenu(Menu.buildFromTemplate(template));
}
