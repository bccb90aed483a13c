// The engine's calls and events as its clients see them, derived from the one table of handlers in
// shared/service/engine-service.ts: a method's parameters are its handler's first parameter (null when it
// takes none), its result what the handler answers. Nothing here lists the methods again.
import type {
  CaseChange,
  CaseSummary,
  CaseView,
  EngineEvents,
  EngineHandlers,
  Unwrap,
} from '../shared/service/engine-service';
import type { CallMessage, CancelMessage, FromEngine, SerializedError } from '../shared/service/protocol';

export type { CaseChange, CaseSummary, CaseView, EngineEvents, FromEngine, SerializedError };

export type Method = keyof EngineHandlers;
export type Params<M extends Method> = Parameters<EngineHandlers[M]> extends [] ? null : Parameters<EngineHandlers[M]>[0];
export type Result<M extends Method> = Unwrap<Awaited<ReturnType<EngineHandlers[M]>>>;
export type EngineEvent = keyof EngineEvents;

export type ToEngine = { [M in Method]: CallMessage<M, Params<M>> }[Method] | CancelMessage;

/** The part of a Worker (or a MessagePort, or a test fake) a client needs. */
export interface PortLike {
  postMessage(message: ToEngine, transfer?: Transferable[]): void;
  addEventListener(type: 'message', listener: (event: MessageEvent<FromEngine>) => void): void;
  addEventListener(type: 'error', listener: (event: ErrorEvent) => void): void;
  terminate?(): void;
}
