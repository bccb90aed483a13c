// The worker's request handling, separate from the Worker global so it can be tested with fakes.
// It holds the files the UI handed over and one EngineCase, and answers the requests of protocol.ts.
import type { EngineCase, FileInspection, RunHooks, RunRequest } from '../../../shared/api';
import type { FileRole, InputFile, Mapping } from '../../../shared/types';
import { serializeError, type CaseSnapshot, type FromWorker, type ToWorker } from './protocol';

export interface EngineFns<SQL> {
  loadSql: () => Promise<SQL>;
  runCase: (SQL: SQL, req: RunRequest, hooks?: RunHooks) => Promise<EngineCase>;
  openCase: (SQL: SQL, bytes: Uint8Array, hooks?: RunHooks) => Promise<EngineCase>;
  inspectFile: (file: InputFile, mapping?: Mapping) => FileInspection;
}

type Post = (msg: FromWorker, transfer?: Transferable[]) => void;

/** A Uint8Array as a standalone ArrayBuffer that can be transferred without detaching anything else. */
function ownBuffer(bytes: Uint8Array): ArrayBuffer {
  if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) {
    return bytes.buffer;
  }
  return bytes.slice().buffer as ArrayBuffer;
}

export function createWorkerCore<SQL>(fns: EngineFns<SQL>, post: Post): (msg: ToWorker) => Promise<void> {
  const files = new Map<FileRole, InputFile>();
  const running = new Map<number, AbortController>();
  let current: EngineCase | null = null;
  let sqlPromise: Promise<SQL> | null = null;
  const sql = (): Promise<SQL> => (sqlPromise ??= fns.loadSql());

  const needCase = (): EngineCase => {
    if (!current) throw new Error('No case is loaded: run or open a case first');
    return current;
  };
  // A new case replaces the old only once it is built (a failed or cancelled run leaves the old one in use),
  // and the old one's database is freed then: sql.js memory is not garbage-collected.
  const replace = (c: EngineCase): void => {
    const old = current;
    current = c;
    if (old && old !== c) old.close();
  };
  const snapshot = (c: EngineCase): CaseSnapshot => ({ settings: c.settings, report: c.report, drift: c.drift() });

  async function handle(msg: Extract<ToWorker, { kind: 'call' }>, hooks: RunHooks): Promise<[unknown, Transferable[]]> {
    switch (msg.method) {
      case 'ping':
        return ['pong', []];
      case 'putFile': {
        const { role, name, bytes } = msg.params;
        files.set(role, { role, name, bytes: new Uint8Array(bytes) });
        return [{ role, size: bytes.byteLength }, []];
      }
      case 'removeFile':
        files.delete(msg.params.role);
        return [null, []];
      case 'inspect': {
        const file = files.get(msg.params.role);
        if (!file) throw new Error(`No ${msg.params.role} file has been loaded`);
        return [fns.inspectFile(file, msg.params.mapping), []];
      }
      case 'run': {
        const SQL = await sql();
        hooks.signal?.throwIfAborted();
        const c = await fns.runCase(
          SQL,
          { files: [...files.values()], settings: msg.params.settings, mapping: msg.params.mapping, decisions: msg.params.decisions },
          hooks,
        );
        replace(c);
        return [snapshot(c), []];
      }
      case 'open': {
        const SQL = await sql();
        hooks.signal?.throwIfAborted();
        const c = await fns.openCase(SQL, new Uint8Array(msg.params.bytes), hooks);
        replace(c);
        return [snapshot(c), []];
      }
      case 'drift':
        return [needCase().drift(), []];
      case 'decide':
        return [needCase().decide(msg.params.decisions, msg.params.action), []];
      case 'decisions':
        return [needCase().decisions(), []];
      case 'timeline':
        return [needCase().timeline(msg.params.card, msg.params.order), []];
      case 'quarantine':
        return [needCase().quarantine(msg.params.role), []];
      case 'query':
        return [needCase().query(msg.params.sql, msg.params.limit), []];
      case 'auditLog':
        return [needCase().auditLog(), []];
      case 'verifyChain':
        return [needCase().verifyChain(), []];
      case 'exportCase': {
        const buf = ownBuffer(needCase().exportCase());
        return [buf, [buf]];
      }
      case 'exportCaseBlob':
        return [new Blob([needCase().exportCase() as Uint8Array<ArrayBuffer>]), []];
      case 'workpapers': {
        const buf = ownBuffer(needCase().workpapers());
        return [buf, [buf]];
      }
      case 'journalEntriesCsv':
        return [needCase().journalEntriesCsv(), []];
      case 'platformCorrectionsCsv':
        return [needCase().platformCorrectionsCsv(), []];
      case 'reportJson':
        return [needCase().reportJson(), []];
    }
  }

  return async (msg: ToWorker): Promise<void> => {
    if (msg.kind === 'cancel') {
      running.get(msg.id)?.abort();
      return;
    }
    const controller = new AbortController();
    running.set(msg.id, controller);
    const hooks: RunHooks = {
      signal: controller.signal,
      onProgress: (progress) => post({ kind: 'progress', id: msg.id, progress }),
    };
    try {
      const [result, transfer] = await handle(msg, hooks);
      post({ kind: 'result', id: msg.id, result }, transfer);
      // The overview is on its way: build the case's look-up indexes now, before the first click needs them.
      // A failure here is not the run's; a later timeline or query tries again and reports it.
      if (msg.method === 'run' || msg.method === 'open') {
        try {
          current?.prepareLookups();
        } catch {
          /* reported by the look-up that needs them */
        }
      }
    } catch (err) {
      const error = controller.signal.aborted ? { name: 'AbortError', message: 'Cancelled' } : serializeError(err);
      post({ kind: 'error', id: msg.id, error });
    } finally {
      running.delete(msg.id);
    }
  };
}
