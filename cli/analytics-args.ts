// The command line's close-analytics inputs (docs/formats.md §4, docs/analytics.md): --history FILE|FOLDER,
// repeatable, the prior quarters' platform exports, one file per quarter (a folder gives each of its table
// files); --register F, the card register; --analytics-settings F, a JSON object of the settings
// (docs/analytics.md, Settings). Each refused in one line naming the flag.
import { readdirSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { AnalyticsRequest } from '../shared/analytics/prior-quarters';
import { pathProblem, readInput } from '../shared/node/files';
import { InputError } from '../shared/types';

/** The table files a history folder may hold; anything else (a README, a report.json) is named and left out. */
const TABLE = /\.(csv|txt|tsv|xlsx|xlsm|xls)$/i;

/** One --history value: a prior quarter's export, or a folder whose table files are each one prior quarter. */
export function historyPaths(path: string): { paths: string[]; skipped: string[] } {
  let isFolder: boolean;
  try {
    isFolder = statSync(path).isDirectory();
  } catch (err) {
    throw new InputError(`--history ${path}: ${pathProblem((err as NodeJS.ErrnoException).code)}`);
  }
  return isFolder ? historyFolder(path) : { paths: [path], skipped: [] };
}

function historyFolder(folder: string): { paths: string[]; skipped: string[] } {
  let names: string[];
  try {
    names = readdirSync(folder).sort();
  } catch (err) {
    throw new InputError(`--history ${folder}: ${pathProblem((err as NodeJS.ErrnoException).code)}`);
  }
  const visible = names.filter((n) => !n.startsWith('.'));
  const tables = visible.filter((n) => TABLE.test(n));
  if (!tables.length) throw new InputError(`--history ${folder}: no CSV or XLSX file in it (one platform export per prior quarter, e.g. platform-2026Q2.csv)`);
  return { paths: tables.map((n) => join(folder, n)), skipped: visible.filter((n) => !TABLE.test(n)) };
}

/** What the run takes for the analytics, from the flags; the settings file's JSON is checked by the engine. */
export function analyticsRequest(
  args: Record<string, string>,
  history: string[],
  readText: (path: string) => string,
  warn: (line: string) => void,
): AnalyticsRequest {
  const req: AnalyticsRequest = {};
  const seen = new Set<string>();
  for (const given of history) {
    const { paths, skipped } = historyPaths(given);
    for (const path of paths) {
      if (seen.has(resolve(path))) throw new InputError(`--history ${given}: ${path} is given twice`);
      seen.add(resolve(path));
      (req.history ??= []).push(readInput('platform', path));
    }
    if (skipped.length) warn(`--history ${given}: left out ${skipped.length} file(s) that are no CSV or XLSX: ${skipped.slice(0, 5).join(', ')}${skipped.length > 5 ? ', …' : ''}`);
  }
  if (args.register) req.register = readInput('platform', args.register);
  if (args['analytics-settings']) {
    const path = args['analytics-settings'];
    let parsed: unknown;
    try {
      parsed = JSON.parse(readText(path));
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`--analytics-settings ${path}: not readable JSON (${(err as Error).message.split('\n')[0]})`);
    }
    if (!parsed || typeof parsed !== 'object' || Array.isArray(parsed)) throw new InputError(`--analytics-settings ${path}: must be a JSON object such as {"escheat": {"holderState": "NY"}}`);
    req.analyticsSettings = parsed;
  }
  return req;
}
