import { contextBridge, ipcRenderer } from 'electron';

// The one typed API object the renderer sees; everything goes through validated IPC in the main process.
contextBridge.exposeInMainWorld('bf', {
  appVersion: (): Promise<string> => ipcRenderer.invoke('app:version'),
});
