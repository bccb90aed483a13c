// File names and sizes as both hosts present them: the Electron main process (native dialogs, reading a picked
// file) and the browser host (downloads, <input type=file>) apply the same rules and the same words.
import type { FileFilter } from './host';

/**
 * A file name safe to offer as a download or dialog default: no directory parts, no characters Windows or
 * macOS refuse, not empty, and ending in the filter's first extension when it has none of them.
 */
export function safeFileName(suggested: string, filters: readonly FileFilter[] = []): string {
  let name = suggested.split(/[\\/]/).pop() ?? '';
  // eslint-disable-next-line no-control-regex
  name = name.replace(/[<>:"|?*\u0000-\u001f]/g, '_').replace(/^[.\s]+|[.\s]+$/g, '');
  if (!name) name = 'untitled';
  const exts = filters.flatMap((f) => f.extensions).filter((e) => e !== '*');
  if (exts.length > 0 && !exts.some((e) => name.toLowerCase().endsWith('.' + e.toLowerCase())))
    name += '.' + exts[0];
  return name.slice(0, 200);
}

export function formatBytes(n: number): string {
  if (n >= 1024 * 1024 * 1024) return `${(n / (1024 * 1024 * 1024)).toFixed(1)} GB`;
  if (n >= 1024 * 1024) return `${Math.round(n / (1024 * 1024))} MB`;
  if (n >= 1024) return `${Math.round(n / 1024)} KB`;
  return `${n} bytes`;
}

/** The error both hosts raise for an oversized file, worded for the person who picked it. */
export function tooLargeMessage(name: string, size: number, limit: number): string {
  return `"${name}" is ${formatBytes(size)}, more than the ${formatBytes(limit)} this app reads at once. Split the export by period or contact support.`;
}
