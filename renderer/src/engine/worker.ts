/// <reference lib="webworker" />
// The engine's Web Worker: loads sql.js once, holds the files and one EngineCase, answers the client.
import initSqlJs, { type SqlJsStatic } from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import { inspectFile, openCase, runCase } from '../../../shared/engine';
import type { FromWorker, ToWorker } from './protocol';
import { createWorkerCore } from './worker-core';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const handle = createWorkerCore<SqlJsStatic>(
  {
    loadSql: () => initSqlJs({ locateFile: () => wasmUrl }),
    runCase,
    openCase,
    inspectFile,
  },
  (msg: FromWorker, transfer: Transferable[] = []) => scope.postMessage(msg, transfer),
);

scope.addEventListener('message', (event: MessageEvent<ToWorker>) => {
  void handle(event.data);
});
scope.postMessage({ kind: 'ready' } satisfies FromWorker);
