// Crash recovery in the browser: the latest unsaved case in IndexedDB (localStorage is too small for a
// case file). Where IndexedDB is unavailable (private windows in some browsers) autosave is skipped
// silently: recovery then finds nothing, which is the honest answer.
import type { AutosaveInfo, RecoveredAutosave } from './types';

const DB = 'balance-forensics';
const STORE = 'autosave';
const KEY = 'latest';

function openDb(): Promise<IDBDatabase | null> {
  if (typeof indexedDB === 'undefined') return Promise.resolve(null);
  return new Promise((resolve) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE);
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => resolve(null);
    req.onblocked = () => resolve(null);
  });
}

function run<T>(mode: IDBTransactionMode, op: (s: IDBObjectStore) => IDBRequest<T>): Promise<T | null> {
  return openDb().then(
    (db) =>
      new Promise<T | null>((resolve, reject) => {
        if (!db) return resolve(null);
        const tx = db.transaction(STORE, mode);
        const req = op(tx.objectStore(STORE));
        tx.oncomplete = () => {
          db.close();
          resolve(req.result ?? null);
        };
        tx.onerror = () => {
          db.close();
          reject(tx.error ?? new Error('IndexedDB transaction failed'));
        };
      }),
  );
}

/** What IndexedDB holds: the case as a Blob, which it stores by reference instead of cloning the bytes on the
 *  page's thread (a large case cloned there froze the UI for seconds). */
type Stored = Omit<RecoveredAutosave, 'bytes'> & { bytes: Blob | Uint8Array };

/** `data` comes as a Blob made in the engine's worker, so not even the Blob's copy happens on the page. */
export async function writeAutosave(data: Blob, info: AutosaveInfo, now = new Date()): Promise<void> {
  const rec: Stored = { ...info, bytes: data, savedAt: now.toISOString() };
  await run('readwrite', (s) => s.put(rec, KEY));
}

export async function readAutosave(): Promise<RecoveredAutosave | null> {
  const rec = await run<unknown>('readonly', (s) => s.get(KEY));
  if (!rec || typeof rec !== 'object') return null;
  const stored = rec as Stored;
  if (stored.bytes instanceof Blob) return { ...stored, bytes: new Uint8Array(await stored.bytes.arrayBuffer()) };
  return stored.bytes instanceof Uint8Array ? (stored as RecoveredAutosave) : null;
}

export async function clearAutosave(): Promise<void> {
  await run('readwrite', (s) => s.delete(KEY));
}
