// Pure helpers for picking and saving files in the browser host (and shared checks both hosts apply).
import type { FileFilter } from './types';

/** The `accept` attribute for `<input type=file>`: `.csv,.xlsx`; empty (anything) when a filter allows `*`. */
export function acceptAttribute(filters: readonly FileFilter[]): string {
  const exts = filters.flatMap((f) => f.extensions);
  if (exts.length === 0 || exts.includes('*')) return '';
  return [...new Set(exts.map((e) => '.' + e.replace(/^\.+/, '').toLowerCase()))].join(',');
}

const MIME: Record<string, string> = {
  csv: 'text/csv',
  json: 'application/json',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  sqlite: 'application/vnd.sqlite3',
  txt: 'text/plain',
};

export function mimeFor(name: string): string {
  const ext = /\.([A-Za-z0-9]+)$/.exec(name)?.[1]?.toLowerCase() ?? '';
  return MIME[ext] ?? 'application/octet-stream';
}

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
