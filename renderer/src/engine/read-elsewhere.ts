// Reading a file on a second core in the app: the engine's worker starts a worker of its own per file.
import type { ReadElsewhere } from '../../../shared/import/import-files';
import { readApartResult, type ReadApartReply, type ReadApartRequest } from '../../../shared/import/read-apart';

/** A ReadElsewhere for the engine's Web Worker. */
export function webReadElsewhere(): ReadElsewhere {
  return (file, fileId, timezone, settings, signal) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(new URL('./read-worker.ts', import.meta.url), { type: 'module', name: 'read' });
      const stop = () => worker.terminate();
      signal.addEventListener('abort', stop, { once: true });
      const done = () => {
        signal.removeEventListener('abort', stop);
        worker.terminate();
      };
      worker.addEventListener('message', (event: MessageEvent<ReadApartReply>) => {
        done();
        try {
          resolve(readApartResult(event.data));
        } catch (err) {
          reject(err);
        }
      });
      worker.addEventListener('error', (event) => {
        done();
        reject(new Error(event.message || 'the reading worker failed'));
      });
      // A copy to hand over: the case keeps the original bytes (they are stored in it at export).
      const bytes = file.bytes.slice();
      const req: ReadApartRequest = { file: { role: file.role, name: file.name, bytes }, fileId, timezone, settings };
      worker.postMessage(req, [bytes.buffer]);
    });
}
