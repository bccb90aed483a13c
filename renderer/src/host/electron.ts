// The Electron host: a thin wrapper over the preload bridge. Everything that touches the disk happens in
// the main process, which validates each request; this side only shapes calls.
import type { BfBridge } from '../../../contract/bridge';
import { formatTitle } from '../../../contract/title';
import { isEditableTarget } from './editable-target';
import type { Host } from './types';

// `window.bf` exists only inside the Electron window (the preload puts it there); the browser host has none.
declare global {
  interface Window {
    bf?: BfBridge;
  }
}

export function createElectronHost(bf: BfBridge): Host {
  return {
    kind: 'electron',
    appVersion: () => bf.appVersion(),
    startupArgs: () => bf.startupArgs(),
    openFiles: (opts) => bf.openFiles(opts),
    saveFile: (opts) => bf.saveFile(opts),
    saveCase: (bytes, path, suggestedName) =>
      bf.saveCase({ bytes, path: path ?? null, suggestedName: suggestedName ?? 'case.sqlite' }),
    openCase: (path) => bf.openCase(path ?? null),
    recentCases: () => bf.recentCases(),
    addRecentCase: (loc) => bf.addRecentCase(loc),
    // IPC takes bytes, not Blobs: read off the page's thread, then sent.
    autosave: async (data, info) => bf.autosave(new Uint8Array(await data.arrayBuffer()), info),
    recoverAutosave: () => bf.recoverAutosave(),
    clearAutosave: () => bf.clearAutosave(),
    onMenu(cb) {
      return bf.onMenu((cmd) => {
        // Menu undo/redo carry the usual shortcuts, so while typing they must act on the text field.
        if ((cmd === 'undo' || cmd === 'redo') && isEditableTarget(document.activeElement)) {
          document.execCommand(cmd);
          return;
        }
        cb(cmd);
      });
    },
    setTitle(title, dirty) {
      // The page title is what the tests and the taskbar see before the main process updates the window.
      document.title = formatTitle(title, dirty);
      void bf.setTitle(title, dirty);
    },
    user: () => bf.user(),
  };
}
