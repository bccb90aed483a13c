// Reading a file on a second core in Node (the command line, the bench): a worker thread per file.
import { getHeapStatistics } from 'node:v8';
import { Worker } from 'node:worker_threads';
import type { ReadElsewhere } from '../import/import-files';
import { readApartResult, type ReadApartReply, type ReadApartRequest } from '../import/read-apart';

/**
 * A ReadElsewhere for Node. The worker thread loads its TypeScript through tsx, as the command line does (a
 * worker does not inherit the `--import tsx` of this process); its heap may grow as large as this one's.
 */
export function nodeReadElsewhere(): ReadElsewhere {
  const resourceLimits = { maxOldGenerationSizeMb: Math.floor(getHeapStatistics().heap_size_limit / 2 ** 20) };
  const entry = new URL('./read-worker.ts', import.meta.url).href;
  const boot = `import('tsx/esm/api').then((tsx) => tsx.tsImport(${JSON.stringify(entry)}, ${JSON.stringify(import.meta.url)}))`;
  return (file, fileId, timezone, settings, signal) =>
    new Promise((resolve, reject) => {
      const worker = new Worker(boot, { eval: true, resourceLimits });
      const stop = () => void worker.terminate();
      signal.addEventListener('abort', stop, { once: true });
      const done = () => {
        signal.removeEventListener('abort', stop);
        void worker.terminate();
      };
      worker.once('message', (reply: ReadApartReply) => {
        done();
        try {
          resolve(readApartResult(reply));
        } catch (err) {
          reject(err);
        }
      });
      worker.once('error', (err) => {
        done();
        reject(err);
      });
      // A copy to hand over: the case keeps the original bytes (they are stored in it at export).
      const bytes = file.bytes.slice();
      const req: ReadApartRequest = { file: { role: file.role, name: file.name, bytes }, fileId, timezone, settings };
      worker.postMessage(req, [bytes.buffer]);
    });
}

