// The Electron host: a thin wrapper over the preload bridge. Everything that touches the disk happens in
// the main process, which validates each request; this side only shapes calls.
import { ENGINE_PORT_MESSAGE, type BfBridge } from '../../../contract/bridge';
import type { FromEngine, PortLike } from '../../../contract/engine';
import { bytesAsBlob } from '../../../shared/service/port-blobs';
import { formatTitle } from '../../../contract/title';
import { isEditableTarget } from './editable-target';
import type { Host } from './types';

// `window.bf` exists only inside the Electron window (the preload puts it there); the browser host has none.
declare global {
  interface Window {
    bf?: BfBridge;
  }
}

/** How long the large-quarter engine's port may take to arrive once the main process has started it. */
const PORT_MS = 30_000;

/** The next large-quarter engine port the preload passes to this page (a window message from this window). */
function nextEnginePort(): { arrived: Promise<MessagePort>; cancel(): void } {
  let cancel = (): void => undefined;
  const arrived = new Promise<MessagePort>((resolve, reject) => {
    const stop = (): void => {
      window.removeEventListener('message', onMessage);
      clearTimeout(timer);
    };
    const onMessage = (event: MessageEvent): void => {
      if (event.source !== window || event.origin !== window.location.origin || event.data !== ENGINE_PORT_MESSAGE || !event.ports[0]) return;
      stop();
      resolve(event.ports[0]);
    };
    const timer = setTimeout(() => {
      stop();
      reject(new Error('The large-quarter engine did not start'));
    }, PORT_MS);
    window.addEventListener('message', onMessage);
    cancel = stop;
  });
  return { arrived, cancel };
}

/** The engine's MessagePort as the engine client's port; the process's end (a crash) comes as its error. */
function enginePort(port: MessagePort, bf: BfBridge): PortLike {
  let offExit = (): void => undefined;
  return {
    // Copied, not transferred: buffers do not transfer into the utility process's MessagePortMain.
    postMessage: (message) => port.postMessage(message),
    addEventListener(type: 'message' | 'error', listener: (event: never) => void) {
      if (type === 'message') {
        const deliver = listener as (event: { data: FromEngine }) => void;
        port.addEventListener('message', (event: MessageEvent<FromEngine>) => deliver({ data: bytesAsBlob(event.data) }));
        port.start();
      } else {
        offExit = bf.onLargeEngineExit((why) => (listener as (event: ErrorEvent) => void)(new ErrorEvent('error', { message: why })));
      }
    },
    terminate() {
      offExit();
      port.close();
      void bf.stopLargeEngine();
    },
  } as PortLike;
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
    async largeEngine(grants, duckdbCase = false) {
      const port = nextEnginePort();
      let started = false;
      try {
        started = await bf.largeEngine(grants, duckdbCase);
      } finally {
        if (!started) port.cancel();
      }
      return started ? enginePort(await port.arrived, bf) : null;
    },
  };
}
