// Picks the host once: inside the Electron window the preload has put `window.bf` there; anywhere else
// this is the plain browser.
import { createBrowserHost } from './browser';
import { createElectronHost } from './electron';
import type { Host } from './types';

export type * from './types';
export { CASE_FILTERS, MAX_CASE_BYTES, MAX_IMPORT_BYTES, MENU_COMMANDS } from './types';
export { formatTitle } from '../../../contract/title';

export const host: Host =
  typeof window !== 'undefined' && window.bf ? createElectronHost(window.bf) : createBrowserHost();
