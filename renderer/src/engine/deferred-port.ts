// A port whose other end is still on its way (the large-quarter engine's, which the main process starts and sends
// as a window message): calls and listeners given before it arrives wait for it, and if it never comes, its
// listeners hear an error naming why, as from a worker that failed to start.
import type { FromEngine, PortLike, ToEngine } from '../../../contract/engine';

type Listener = ((event: MessageEvent<FromEngine>) => void) | ((event: ErrorEvent) => void);

export function deferredPort(arriving: Promise<PortLike>): PortLike {
  let port: PortLike | null = null;
  let stopped = false;
  const queue: [ToEngine, Transferable[] | undefined][] = [];
  const listeners: ['message' | 'error', Listener][] = [];
  const add = (p: PortLike, type: 'message' | 'error', listener: Listener) =>
    (p.addEventListener as (type: string, listener: Listener) => void)(type, listener);

  arriving.then(
    (p) => {
      if (stopped) return p.terminate?.();
      port = p;
      for (const [type, listener] of listeners) add(p, type, listener);
      for (const [message, transfer] of queue.splice(0)) p.postMessage(message, transfer);
    },
    (err: unknown) => {
      const message = err instanceof Error ? err.message : String(err);
      for (const [type, listener] of listeners) if (type === 'error') (listener as (e: ErrorEvent) => void)({ message } as ErrorEvent);
    },
  );

  return {
    postMessage(message, transfer) {
      if (port) port.postMessage(message, transfer);
      else queue.push([message, transfer]);
    },
    addEventListener(type: 'message' | 'error', listener: Listener) {
      listeners.push([type, listener]);
      if (port) add(port, type, listener);
    },
    terminate() {
      stopped = true;
      port?.terminate?.();
    },
  } as PortLike;
}
