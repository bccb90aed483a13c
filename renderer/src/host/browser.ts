// The browser host: the same app as a plain web page (dev:web, the Chromium end-to-end tests, or a
// locked-down machine). No file paths exist here: files come from <input type=file>, saves are downloads.
import { clearAutosave, readAutosave, writeAutosave } from './browser-autosave';
import { safeFileName, tooLargeMessage } from '../../../contract/file-names';
import { addToRecent, parseRecent } from '../../../contract/recent-list';
import { formatTitle } from '../../../contract/title';
import { acceptAttribute, mimeFor } from './file-filters';
import { startupArgsFromSearch } from './startup-args';
import {
  CASE_FILTERS,
  MAX_CASE_BYTES,
  MAX_IMPORT_BYTES,
  type CaseLocation,
  type Host,
  type OpenFilesOptions,
  type PickedFile,
  type RecentCase,
} from './types';

const RECENT_KEY = 'bf.recentCases';
const USER_KEY = 'bf.user';
/** What user() answers before a name was given (the app asks for one before the first decision). */
export const DEFAULT_BROWSER_USER = 'auditor (browser)';

/** localStorage that never throws: storage can be disabled, full, or (in tests) absent. */
function storageGet(key: string): string | null {
  try {
    return globalThis.localStorage?.getItem(key) ?? null;
  } catch {
    return null;
  }
}
function storageSet(key: string, value: string): void {
  try {
    globalThis.localStorage?.setItem(key, value);
  } catch {
    // Storage refused (private mode, quota): the recent list and name are conveniences; carry on without them.
  }
}

function pickFiles(opts: OpenFilesOptions, limit: number): Promise<PickedFile[]> {
  return new Promise((resolve, reject) => {
    const input = document.createElement('input');
    input.type = 'file';
    input.multiple = opts.multiple;
    input.accept = acceptAttribute(opts.filters);
    input.style.display = 'none';
    input.setAttribute('aria-label', opts.title);
    document.body.appendChild(input);
    const done = () => input.remove();
    input.addEventListener('cancel', () => {
      done();
      resolve([]);
    });
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []);
      done();
      const big = files.find((f) => f.size > limit);
      if (big) return reject(new Error(tooLargeMessage(big.name, big.size, limit)));
      Promise.all(
        files.map(async (f) => ({ name: f.name, bytes: new Uint8Array(await f.arrayBuffer()) })),
      ).then(resolve, reject);
    });
    input.click();
  });
}

function download(name: string, data: Uint8Array | string): void {
  // Copy into a fresh ArrayBuffer-backed view: Blob wants ArrayBuffer, not a possibly shared buffer.
  const part: BlobPart = typeof data === 'string' ? data : new Uint8Array(data);
  const url = URL.createObjectURL(new Blob([part], { type: mimeFor(name) }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.style.display = 'none';
  document.body.appendChild(a);
  a.click();
  a.remove();
  // Revoking at once can cancel the download in some browsers; a minute is plenty to hand it over.
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

function readRecent() {
  try {
    return parseRecent(JSON.parse(storageGet(RECENT_KEY) ?? '[]'));
  } catch {
    return [];
  }
}

export function createBrowserHost(): Host {
  const host: Host = {
    kind: 'browser',
    appVersion: async () => (import.meta.env?.VITE_APP_VERSION as string | undefined) ?? 'web',
    startupArgs: async () => startupArgsFromSearch(globalThis.location?.search ?? ''),

    openFiles: (opts) => pickFiles(opts, MAX_IMPORT_BYTES),
    async saveFile(opts) {
      const name = safeFileName(opts.suggestedName, opts.filters);
      download(name, opts.bytes ?? opts.text ?? '');
      return name;
    },

    async saveCase(bytes, path, suggestedName) {
      // A download cannot overwrite the earlier file, so "Save" and "Save As" are the same here.
      const name = safeFileName(path ?? suggestedName ?? 'case.sqlite', CASE_FILTERS);
      download(name, bytes);
      const loc: CaseLocation = { path: name, name };
      await host.addRecentCase(loc);
      return loc;
    },
    async openCase() {
      // The browser cannot reopen a file by name, so a recent case is opened by asking again.
      const [file] = await pickFiles(
        { title: 'Open case', multiple: false, filters: CASE_FILTERS },
        MAX_CASE_BYTES,
      );
      if (!file) return null;
      await host.addRecentCase({ path: file.name, name: file.name });
      return { path: file.name, name: file.name, bytes: file.bytes };
    },
    async recentCases(): Promise<RecentCase[]> {
      return readRecent().map((r) => ({ ...r, reopenable: false }));
    },
    async addRecentCase(loc) {
      storageSet(RECENT_KEY, JSON.stringify(addToRecent(readRecent(), loc, new Date())));
    },

    autosave: (data, info) => writeAutosave(data, info),
    recoverAutosave: () => readAutosave(),
    clearAutosave: () => clearAutosave(),

    onMenu: () => () => {},
    setTitle(title, dirty) {
      document.title = formatTitle(title, dirty);
    },

    user: async () => storageGet(USER_KEY)?.trim() || DEFAULT_BROWSER_USER,
    namedUser: async () => storageGet(USER_KEY)?.trim() || null,
    async setUser(name) {
      storageSet(USER_KEY, name.trim());
    },
  };
  return host;
}
