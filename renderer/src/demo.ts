// The bundled demo quarter: the files are part of the renderer build (same origin), fetched on demand.
import type { CaseSettings, FileRole } from '../../shared/types';
import { DEFAULT_SETTINGS } from '../../shared/types';

const urls = import.meta.glob('../../assets/demo/*.{csv,xlsx}', { query: '?url', import: 'default', eager: true }) as Record<
  string,
  string
>;
const readmes = import.meta.glob('../../assets/demo/README.txt', { query: '?raw', import: 'default', eager: true }) as Record<
  string,
  string
>;
const expected = import.meta.glob('../../assets/demo/expected.json', { import: 'default', eager: true }) as Record<string, unknown>;

const ROLE_BY_FILE: Record<string, FileRole> = {
  'platform.csv': 'platform',
  'storefront.csv': 'storefront',
  'payments.csv': 'payments',
  'erp.xlsx': 'erp',
  'erp.csv': 'erp',
  'opening_balances.csv': 'opening',
};

export interface DemoFile {
  role: FileRole;
  name: string;
  url: string;
}

export function demoFiles(): DemoFile[] {
  const out: DemoFile[] = [];
  for (const [path, url] of Object.entries(urls)) {
    const name = path.slice(path.lastIndexOf('/') + 1);
    const role = ROLE_BY_FILE[name];
    if (role && !out.some((f) => f.role === role)) out.push({ role, name, url });
  }
  return out;
}

export function demoAvailable(): boolean {
  const roles = new Set(demoFiles().map((f) => f.role));
  return ['platform', 'storefront', 'payments', 'erp'].every((r) => roles.has(r as FileRole));
}

/** Period and time zone from expected.json, else from the README's "Period:" line. */
export function demoPeriod(): { start: string; end: string; timezone: string } | null {
  const exp = Object.values(expected)[0] as { period?: { start?: string; end?: string; timezone?: string } } | undefined;
  if (exp?.period?.start && exp.period.end && exp.period.timezone) {
    return { start: exp.period.start, end: exp.period.end, timezone: exp.period.timezone };
  }
  const readme = Object.values(readmes)[0] ?? '';
  const m = /Period:\s*(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2}).*?time zone\s+([A-Za-z_]+\/[A-Za-z_/+-]+|UTC)/s.exec(readme);
  return m ? { start: m[1], end: m[2], timezone: m[3] } : null;
}

/** The README's "Liability:" line names the accounts, e.g. "ERP accounts 2410 (...) and 2420 (...)". */
function demoAccounts(): string[] | null {
  const readme = Object.values(readmes)[0] ?? '';
  const line = /Liability:\s*(.*)/.exec(readme)?.[1];
  const accounts = line?.match(/\b\d{4}\b/g);
  return accounts && accounts.length ? accounts : null;
}

export function demoSettings(): CaseSettings | null {
  const p = demoPeriod();
  if (!p) return null;
  return {
    ...DEFAULT_SETTINGS,
    liabilityAccounts: demoAccounts() ?? [...DEFAULT_SETTINGS.liabilityAccounts],
    periodStart: p.start,
    periodEnd: p.end,
    timezone: p.timezone,
  };
}

export async function fetchDemoFile(f: DemoFile): Promise<ArrayBuffer> {
  const res = await fetch(f.url);
  if (!res.ok) throw new Error(`The demo file ${f.name} could not be loaded (${res.status})`);
  return res.arrayBuffer();
}
