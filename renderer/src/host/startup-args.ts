// The browser host's equivalent of Electron's `--demo` flag: `?demo` or `?demo=1` in the page URL.
import type { StartupArgs } from './types';

export function startupArgsFromSearch(search: string): StartupArgs {
  const p = new URLSearchParams(search);
  const v = p.get('demo');
  return { demo: v !== null && v !== '0' && v !== 'false' };
}
