// The one typed API object the renderer sees, `window.bf`. Each method invokes one named channel; the
// raw ipcRenderer never crosses the bridge, and menu events reach the page without their IPC event object.
import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron';
import { ENGINE_EXIT_CHANNEL, ENGINE_PORT_CHANNEL, ENGINE_PORT_MESSAGE, IPC, MENU_CHANNEL, type BfBridge } from '../../contract/bridge';
import { MENU_COMMANDS, type MenuCommand } from '../../contract/host';

const bf: BfBridge = {
  appVersion: () => ipcRenderer.invoke(IPC.appVersion),
  startupArgs: () => ipcRenderer.invoke(IPC.startupArgs),
  user: () => ipcRenderer.invoke(IPC.user),
  openFiles: (opts) => ipcRenderer.invoke(IPC.openFiles, opts),
  saveFile: (opts) => ipcRenderer.invoke(IPC.saveFile, opts),
  openCase: (path) => ipcRenderer.invoke(IPC.openCase, path),
  saveCase: (req) => ipcRenderer.invoke(IPC.saveCase, req),
  recentCases: () => ipcRenderer.invoke(IPC.recentCases),
  addRecentCase: (loc) => ipcRenderer.invoke(IPC.addRecentCase, loc),
  autosave: (bytes, info) => ipcRenderer.invoke(IPC.autosave, bytes, info),
  recoverAutosave: () => ipcRenderer.invoke(IPC.recoverAutosave),
  clearAutosave: () => ipcRenderer.invoke(IPC.clearAutosave),
  setTitle: (title, dirty) => ipcRenderer.invoke(IPC.setTitle, title, dirty),
  largeEngine: (grants, duckdbCase) => ipcRenderer.invoke(IPC.largeEngine, grants, duckdbCase),
  stopLargeEngine: () => ipcRenderer.invoke(IPC.stopLargeEngine),
  onLargeEngineExit(cb) {
    const listener = (_event: IpcRendererEvent, why: unknown) => cb(String(why));
    ipcRenderer.on(ENGINE_EXIT_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(ENGINE_EXIT_CHANNEL, listener);
    };
  },
  onMenu(cb) {
    const listener = (_event: IpcRendererEvent, cmd: unknown) => {
      if (MENU_COMMANDS.includes(cmd as MenuCommand)) cb(cmd as MenuCommand);
    };
    ipcRenderer.on(MENU_CHANNEL, listener);
    return () => {
      ipcRenderer.removeListener(MENU_CHANNEL, listener);
    };
  },
};

contextBridge.exposeInMainWorld('bf', bf);

// A MessagePort cannot cross the context bridge: it goes to the page as a window message with the port
// transferred (Electron's pattern under context isolation), to this window's own origin only.
ipcRenderer.on(ENGINE_PORT_CHANNEL, (event) => {
  window.postMessage(ENGINE_PORT_MESSAGE, window.location.origin, event.ports);
});
