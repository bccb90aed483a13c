// Electron's utility process, stood in for under Node (the large-quarter engine's test forks this with
// child_process): process.parentPort over the IPC channel, and the renderer's MessagePort as messages tagged 'port'
// on that same channel, handed over with the main process's 'start' message as Electron hands the real one. Then
// the real entry, electron/utility/engine-host.ts, runs unchanged.
import { EventEmitter } from 'node:events';
import { pathToFileURL } from 'node:url';

type Envelope = { to: 'parent' | 'port'; data: unknown };

function emitterPort(send: (data: unknown) => void) {
  const events = new EventEmitter();
  const port = {
    events,
    postMessage: (data: unknown) => send(data),
    on: (event: string, listener: (e: unknown) => void) => (events.on(event, listener), port),
    once: (event: string, listener: (e: unknown) => void) => (events.once(event, listener), port),
    start: () => undefined,
  };
  return port;
}

const rendererPort = emitterPort((data) => process.send!({ from: 'port', data }));
const parentPort = emitterPort((data) => process.send!({ from: 'parent', data }));

process.on('message', (m: Envelope) => {
  const start = (m.data as { kind?: string } | null)?.kind === 'start';
  const to = m.to === 'port' ? rendererPort : parentPort;
  to.events.emit('message', { data: m.data, ports: m.to === 'parent' && start ? [rendererPort] : [] });
});
Object.defineProperty(process, 'parentPort', { value: parentPort });

// The entry: the source by default, or a built one named on the command line (out/main/engine-host.js).
await import(process.argv[2] ? pathToFileURL(process.argv[2]).href : '../../electron/utility/engine-host');
// Electron queues what the main process posts before the child runs; here the parent waits for this word.
process.send!({ from: 'shim', data: 'listening' });
