// Serves the engine service over a port: each call message goes to `handlers[method](params, ctx)`, its answer
// (or its error, in plain words) goes back with the call's id, and the service's events are pushed as they
// happen. The Web Worker (renderer/src/engine/worker.ts) is a thin adapter around this.
import { Reply, type CallContext, type EngineService } from './engine-service';
import { serializeError, type FromEngine, type ToEngineMessage } from './protocol';

export type Post = (message: FromEngine, transfer: ArrayBuffer[]) => void;

type AnyHandler = (params: unknown, ctx: CallContext) => unknown;

export function serveEngine(service: EngineService, post: Post): (message: ToEngineMessage) => Promise<void> {
  // Typed per method for the client (contract/engine.ts); the port brings the parameters untyped.
  const handlers = service.handlers as unknown as Record<string, AnyHandler>;
  const running = new Map<number, AbortController>();
  service.events.onEvery((event, data) => post({ kind: 'event', event, data } as FromEngine, []));

  return async (message) => {
    if (message.kind === 'cancel') {
      running.get(message.id)?.abort();
      return;
    }
    const { id, method, params } = message;
    const controller = new AbortController();
    running.set(id, controller);
    const ctx: CallContext = {
      signal: controller.signal,
      progress: (progress) => service.events.emit('progress', { call: id, progress }),
    };
    let afterSend: (() => void) | undefined;
    try {
      if (!Object.hasOwn(handlers, method)) throw new Error(`The engine has no method '${method}'`);
      const answer = await handlers[method](params, ctx);
      const reply = answer instanceof Reply ? answer : new Reply(answer);
      post({ kind: 'result', id, result: reply.value }, reply.transfer);
      afterSend = reply.afterSend;
    } catch (err) {
      const error = controller.signal.aborted ? { name: 'AbortError', message: 'Cancelled' } : serializeError(err);
      post({ kind: 'error', id, error }, []);
    } finally {
      running.delete(id);
    }
    afterSend?.();
  };
}
