// Which engine holds a quarter in the desktop app: the renderer's Web Worker (sql.js) up to what its WebAssembly
// memory holds, and past that the large-quarter engine, DuckDB in an Electron utility process (large-engine.ts).
// The sizes are the main process's own (it stat'ed each file the user picked), never the renderer's word.
import { MAX_IMPORT_BYTES } from '../../contract/host';
import { SQLJS_MAX_INPUT_BYTES } from '../../shared/store/memory-database';

export type EngineKind = 'worker' | 'utility';

/** The engine for a quarter whose files are of these sizes: past the worker's limit in all, the utility process. */
export function chooseEngine(sizes: readonly number[], workerLimit = SQLJS_MAX_INPUT_BYTES): EngineKind {
  const total = sizes.reduce((a, b) => a + b, 0);
  return total > workerLimit ? 'utility' : 'worker';
}

/**
 * Whether a picked import file's bytes go to the renderer (to the worker, or copied to the utility process).
 * Past this it comes as its grant alone: it could never run in the worker, and the utility process reads it
 * from disk rather than through the renderer.
 */
export function passesAsBytes(size: number): boolean {
  return size <= Math.min(MAX_IMPORT_BYTES, SQLJS_MAX_INPUT_BYTES);
}
