// Pure helpers for picking and saving files in the browser host. The rules both hosts apply (safe names, the
// size limit's message) are in contract/file-names.ts.
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
