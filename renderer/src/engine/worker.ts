/// <reference lib="webworker" />
// The engine's Web Worker: a thin adapter that serves the engine service (shared/service) over the worker's
// messages, with sql.js loaded from the bundled wasm.
import initSqlJs from 'sql.js';
import wasmUrl from 'sql.js/dist/sql-wasm.wasm?url';
import type { FromEngine, ToEngine } from '../../../contract/engine';
import { examineFile, inspectFile, openCase, previewFile, runCase } from '../../../shared/engine';
import { createEngineService } from '../../../shared/service/engine-service';
import { serveEngine } from '../../../shared/service/serve';

const scope = self as unknown as DedicatedWorkerGlobalScope;

const service = createEngineService({ loadSql: () => initSqlJs({ locateFile: () => wasmUrl }), runCase, openCase, inspectFile, examineFile, previewFile });
const handle = serveEngine(service, (message, transfer) => scope.postMessage(message, transfer));

scope.addEventListener('message', (event: MessageEvent<ToEngine>) => void handle(event.data));
scope.postMessage({ kind: 'ready' } satisfies FromEngine);
