// The messages between a host of the engine service (the app's Web Worker, or the large-quarter engine's
// Electron utility process over a MessagePort) and its client. Their typed form per method is in contract/engine.ts.
import type { EngineEvents } from './engine-service';

export interface CallMessage<M extends string = string, P = unknown> {
  kind: 'call';
  id: number;
  method: M;
  params: P;
}

export interface CancelMessage {
  kind: 'cancel';
  id: number;
}

export type ToEngineMessage = CallMessage | CancelMessage;

/** An error as it crosses the port: its name, its words, and where in the input it happened when known. */
export interface SerializedError {
  name: string;
  message: string;
  file?: string;
  row?: number;
  column?: string;
}

export type EventMessage = { [E in keyof EngineEvents]: { kind: 'event'; event: E; data: EngineEvents[E] } }[keyof EngineEvents];

export type FromEngine =
  | { kind: 'result'; id: number; result: unknown }
  | { kind: 'error'; id: number; error: SerializedError }
  | EventMessage
  | { kind: 'ready' };

export function serializeError(err: unknown): SerializedError {
  if (err instanceof Error) {
    const e = err as Error & { file?: string; row?: number; column?: string };
    const out: SerializedError = { name: e.name, message: e.message };
    if (e.file !== undefined) out.file = e.file;
    if (e.row !== undefined) out.row = e.row;
    if (e.column !== undefined) out.column = e.column;
    return out;
  }
  return { name: 'Error', message: String(err) };
}
