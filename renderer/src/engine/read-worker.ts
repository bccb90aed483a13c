/// <reference lib="webworker" />
// A Web Worker, started by the engine's worker, that reads one file on another core (shared/import/read-apart.ts).
import { answerReadApart, type ReadApartRequest } from '../../../shared/import/read-apart';

const scope = self as unknown as DedicatedWorkerGlobalScope;

scope.addEventListener(
  'message',
  (event: MessageEvent<ReadApartRequest>) => {
    void answerReadApart(event.data).then(({ reply, transfer }) => scope.postMessage(reply, transfer));
  },
  { once: true },
);
