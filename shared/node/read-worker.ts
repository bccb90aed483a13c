// A Node worker thread that reads one file apart from the others (shared/import/read-apart.ts).
import { parentPort } from 'node:worker_threads';
import { answerReadApart, type ReadApartRequest } from '../import/read-apart';

parentPort?.once('message', (req: ReadApartRequest) => {
  void answerReadApart(req).then(({ reply, transfer }) => parentPort?.postMessage(reply, transfer));
});
