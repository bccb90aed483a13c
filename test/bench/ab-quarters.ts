// A/B of results: runs the engine of a checkout on generated quarters and prints, per quarter, a digest of
// report.json and of the exported case's tables. Run it on two checkouts (before and after a change) and diff
// the outputs: a speed-up must change no line.
//   npx tsx test/bench/ab-quarters.ts ROOT [QUARTERS=6] [FAULTS_PER_CATEGORY=30] [--engine sqljs|duckdb]
// ROOT is a checkout with node_modules (a git worktree with a link to this one's will do). Two sets of quarters:
// messy ones with many faults of every category, and clean-ish ones bent so that the fallback matching rules
// have work (platform rows without their Order Ref, storefront tenders a few cents off). With --engine duckdb
// the same quarters run on DuckDB: its output must equal sql.js's line for line.
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

const argv = process.argv.slice(2);
const engineAt = argv.findIndex((a) => a === '--engine');
const engineName = engineAt < 0 ? 'sqljs' : argv.splice(engineAt, 2)[1];
if (engineName !== 'sqljs' && engineName !== 'duckdb') throw new Error(`--engine ${engineName}: sqljs or duckdb`);
const [rootArg, quartersArg, faultsArg] = argv;
if (!rootArg) throw new Error('usage: ab-quarters.ts ROOT [QUARTERS] [FAULTS_PER_CATEGORY]');
const root = resolve(rootArg);
const load = (path: string) => import(pathToFileURL(`${root}/${path}`).href);
const { generateQuarter, quarterFiles } = await load('test/fixtures/generate.ts');
const { runCase } = await load('shared/engine.ts');
const { loadSqlJs } = await load('shared/node/files.ts');
const { CATEGORIES, DEFAULT_SETTINGS } = await load('shared/types.ts');
const SQL = await loadSqlJs();
const duckDir = engineName === 'duckdb' ? mkdtempSync(join(tmpdir(), 'ab-duckdb-')) : null;
const engine = duckDir ? (await load('shared/node/duckdb/duckdb-db.ts')).duckdbEngine({ dir: duckDir }) : SQL;
const period = { periodStart: '2026-07-01', periodEnd: '2026-09-30' };
const hash = (x: string | Uint8Array) => createHash('sha256').update(x).digest('hex').slice(0, 16);
/** report.json less its audit seal, which names the run's audit log (its entries carry the time they were written). */
const unsealed = (json: string) => {
  const r = JSON.parse(json);
  delete r.audit_seal;
  return JSON.stringify(r, null, 2) + '\n';
};

/** A CSV with one column's value changed on every `every`-th data row (rows with quoted fields left alone). */
function bend(text: string, column: string, every: number, change: (v: string) => string): string {
  const lines = text.split('\n');
  const at = lines[0].split(',').indexOf(column);
  return lines
    .map((line, i) => {
      if (i === 0 || i % every || line.includes('"')) return line;
      const cells = line.split(',');
      if (cells[at] !== undefined) cells[at] = change(cells[at]);
      return cells.join(',');
    })
    .join('\n');
}

async function digest(label: string, files: Record<string, string | Uint8Array>, timezone: string): Promise<void> {
  const inputs = Object.entries(files)
    .filter(([name]) => !name.endsWith('.json') && !name.endsWith('.txt'))
    .map(([name, data]) => ({
      role: name.startsWith('opening') ? 'opening' : name.split('.')[0],
      name,
      bytes: typeof data === 'string' ? new TextEncoder().encode(data) : data,
    }));
  const c = await runCase(engine, { files: inputs, settings: { ...DEFAULT_SETTINGS, ...period, timezone } });
  const names = ['events', 'movements', 'movement_members', 'exceptions', 'balances'];
  let tables: string;
  if (duckDir) {
    // As SQLite orders them: NULLs first, ties in the order written (rowid); the case's own query, on DuckDB.
    tables = names.map((t) => hash(JSON.stringify(c.query(`SELECT * FROM ${t} ORDER BY 1 NULLS FIRST, 2 NULLS FIRST, rowid`, 1e9).rows))).join(' ');
  } else {
    const db = new SQL.Database(c.exportCase());
    tables = names.map((t) => hash(JSON.stringify(db.exec(`SELECT * FROM ${t} ORDER BY 1, 2`)[0]?.values ?? []))).join(' ');
    db.close();
  }
  const rules = c.report.matching.by_rule as Record<string, number>;
  const fallback = `window=${rules['identity: last four + amount + time window'] ?? 0} amount-off=${rules['identity: order + last four (amount differs)'] ?? 0}`;
  console.log(label, hash(unsealed(c.reportJson())), tables, fallback, `exceptions=${c.report.exceptions.length}`);
  c.close();
}

const zones = ['America/New_York', 'Europe/Berlin', 'Australia/Sydney', 'Asia/Kolkata', 'UTC'];
const quarters = Number(quartersArg ?? 6);
const faults = Number(faultsArg ?? 30);
for (let seed = 1; seed <= quarters; seed++) {
  const timezone = zones[seed % zones.length];
  const q = generateQuarter({
    seed, cards: 1200 + seed * 37, ...period, timezone, erpFormat: seed % 2 ? 'csv' : 'xlsx', messy: seed % 2 === 0,
    anomalies: Object.fromEntries(CATEGORIES.map((c: string) => [c, faults])),
  });
  await digest(`messy ${seed}`, quarterFiles(q), timezone);
}
for (let seed = 1; seed <= Math.min(quarters, 4); seed++) {
  const q = generateQuarter({ seed, cards: 1500, ...period, timezone: 'Europe/Berlin', erpFormat: 'csv' });
  const files = quarterFiles(q) as Record<string, string | Uint8Array>;
  files['platform.csv'] = bend(String(files['platform.csv']), 'Order Ref', 17 + seed, () => '');
  files['storefront.csv'] = bend(String(files['storefront.csv']), 'Amount', 23 + seed, (v) => (Number(v) + 0.01 * seed).toFixed(2));
  await digest(`bent ${seed}`, files, 'Europe/Berlin');
}
if (duckDir) rmSync(duckDir, { recursive: true, force: true });
