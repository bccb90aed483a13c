// The large-quarter engine's process: an Electron utility process the main process forks when a quarter is too
// large for the Web Worker's sql.js (electron/main/large-engine.ts). A thin adapter: the first message from the
// main process says where DuckDB works and brings the renderer's MessagePort; later ones grant picked files by id.
// The engine itself is shared/node/engine-host.ts, the same method table as the worker's.
import { serveEngineHost, toEngineHost, type EnginePort } from '../../shared/node/engine-host';

const parent = process.parentPort;
const grants = new Map<string, string>();
let serving = false;

function portOf(port: Electron.MessagePortMain): EnginePort {
  return {
    post: (message) => port.postMessage(message),
    onMessage: (listener) => {
      port.on('message', (event) => listener(event.data));
      port.start();
    },
  };
}

parent.on('message', (event) => {
  const message = toEngineHost(event.data);
  if (message.kind === 'grant') {
    grants.set(message.id, message.path);
    return;
  }
  const [port] = event.ports;
  if (serving || !port) throw new Error('The large-quarter engine was started twice, or without its port');
  serving = true;
  serveEngineHost(message, grants, portOf(port));
});
