// One bench measurement in its own process, so that peak memory belongs to one size only. Spawned by bench.ts;
// also usable by hand, e.g. under `node --cpu-prof --import tsx test/bench/run-case.ts pipeline DIR`.
//
//   floor DIR      the parse floor: papaparse streaming every input file of the quarter, keeping nothing
//   pipeline DIR [--engine sqljs|duckdb]
//                  read files → runCase → reportJson + workpapers, as the command line does; timed per stage,
//                  with the process's memory at each stage's start
//   match DIR [--no-native]
//                  the same events loaded into sql.js and into native SQLite (better-sqlite3) with the same
//                  SCHEMA and INDEXES, then the same RULES queries: load+index and matching timed for each
//   plan DIR       EXPLAIN QUERY PLAN of each RULES query (native SQLite, same schema and indexes)
//   decide DIR     a case run, then five decisions, each timed (a decision replays the whole case)
//
// Prints one JSON line on stdout.
import { createReadStream, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { pathToFileURL } from 'node:url';
import type { Database } from 'sql.js';
import { runCase } from '../../shared/engine';
import type { EngineCase } from '../../shared/api';
import { duckdbEngine } from '../../shared/node/duckdb/duckdb-db';
import type { CanonicalEvent } from '../../shared/events';
import { importFiles } from '../../shared/import/import-files';
import { rowsBySystem } from '../../shared/match/one-to-one';
import { RULES, ruleParams, systemBounds } from '../../shared/match/rules';
import { exposeCollector, loadSqlJs, nodeDeflate, readInput } from '../../shared/node/files';
import { BulkInsert, numberPairs } from '../../shared/store/sql';
import { EventLoad } from '../../shared/case/case-store';
import type { BulkWriter } from '../../shared/store/case-db';
import { CASE_PRAGMAS, INDEXES, LEFTOVERS, SCHEMA } from '../../shared/store/schema';
import { newCaseDatabase } from '../../shared/store/memory-database';
import { sha256Text } from '../../shared/hash';
import { unsealedReportJson } from '../../shared/report/report-json';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS, type CaseSettings, type FileRole, type InputFile, type Progress } from '../../shared/types';

export interface QuarterInfo {
  settings: CaseSettings;
  files: InputFile[];
  expectedClosing: number;
  sourceRows: number;
}

const ROLES: FileRole[] = ['platform', 'storefront', 'payments', 'erp', 'opening'];

export function loadQuarter(dir: string): QuarterInfo {
  const expected = JSON.parse(readFileSync(join(dir, 'expected.json'), 'utf8')) as {
    period: { start: string; end: string; timezone: string };
    reconstructed_closing_cents: number;
    stats: { rows: Record<string, number> };
  };
  const names: Record<FileRole, string> = {
    platform: 'platform.csv', storefront: 'storefront.csv', payments: 'payments.csv', erp: 'erp.csv', opening: 'opening_balances.csv',
  };
  const files = ROLES.map((r) => readInput(r, join(dir, names[r])));
  const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: expected.period.start, periodEnd: expected.period.end, timezone: expected.period.timezone };
  const sourceRows = Object.entries(expected.stats.rows).filter(([n]) => n !== 'opening_balances.csv').reduce((s, [, n]) => s + n, 0);
  return { settings, files, expectedClosing: expected.reconstructed_closing_cents, sourceRows };
}

function vmHWM(): number | null {
  try {
    const m = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'));
    return m ? Number(m[1]) * 1024 : null;
  } catch {
    return null;
  }
}

/** The parse floor: each input file streamed from disk through papaparse, its rows counted and dropped. */
export async function floor(dir: string) {
  const q = loadQuarter(dir);
  const t0 = performance.now();
  let rows = 0;
  for (const f of q.files) {
    rows += await new Promise<number>((done, fail) => {
      let n = 0;
      Papa.parse<string[]>(createReadStream(join(dir, f.name), { encoding: 'utf8' }), {
        chunk: (r) => void (n += r.data.length),
        complete: () => done(n),
        error: fail,
      });
    });
  }
  const bytes = q.files.reduce((a, f) => a + (f.size ?? 0), 0);
  return { mode: 'floor', seconds: (performance.now() - t0) / 1000, rows, bytes };
}

type EngineName = 'sqljs' | 'duckdb';

/** Memory of the process at one moment, in bytes. */
function memoryNow() {
  const m = process.memoryUsage();
  return { rss: m.rss, heapUsed: m.heapUsed, external: m.external, arrayBuffers: m.arrayBuffers };
}

export async function pipeline(dir: string, engineName: EngineName = 'sqljs') {
  exposeCollector(); // as the command line does
  const work = engineName === 'duckdb' ? mkdtempSync(join(tmpdir(), 'bf-bench-')) : null;
  const engine = work ? duckdbEngine({ dir: work }) : await loadSqlJs();
  const SQL = await loadSqlJs();
  const mem = { rss: 0, heapUsed: 0, external: 0, arrayBuffers: 0 };
  const sample = () => {
    const m = memoryNow();
    mem.rss = Math.max(mem.rss, m.rss);
    mem.heapUsed = Math.max(mem.heapUsed, m.heapUsed);
    mem.external = Math.max(mem.external, m.external);
    mem.arrayBuffers = Math.max(mem.arrayBuffers, m.arrayBuffers);
  };
  // Where the memory goes: the process's memory as each stage starts, and at the end of the run and the outputs.
  const byStage: Record<string, ReturnType<typeof memoryNow>> = {};
  sample();
  // The known answer (expected.json, 130 MB at 10M) is the bench's, not the run's: read before the clock starts.
  const q = loadQuarter(dir);
  const t0 = performance.now();
  const marks: Partial<Record<Progress['stage'], number>> = {};
  const onProgress = (p: Progress) => {
    sample();
    if (marks[p.stage] === undefined) {
      marks[p.stage] = performance.now();
      byStage[p.stage] = memoryNow();
    }
  };
  const c: EngineCase = await runCase(engine, { files: q.files, settings: q.settings }, { onProgress });
  const tCase = performance.now();
  byStage.run = memoryNow();
  sample();
  const closing = c.report.liability.reconstructed_closing_cents;
  const events = c.report.inputs.reduce((s, f) => s + (f.system === 'opening' ? 0 : f.rows), 0);
  // As the command line does: each output written (here only measured) and let go.
  const jsonBytes = c.reportJson().length;
  const wpBytes = c.workpapers(nodeDeflate).length;
  const tExport = performance.now();
  // The seal names this run's audit log (its entries carry their times): left out of what two runs compare.
  const reportDigest = sha256Text(unsealedReportJson(c.reportJson()));
  const jsonDigest = process.env.BENCH_DIGEST === '1' ? reportDigest : undefined;
  byStage.outputs = memoryNow();
  sample();
  // The command line also writes the case file, last, closing the case: timed apart, not in the total the brief
  // defines. DuckDB's is its database file, written where the case was made.
  let caseBytes: number;
  let caseFile: Uint8Array | null = null;
  if (c.savesToFile) {
    const path = join(work!, 'case.duckdb');
    c.saveCaseAndClose(path);
    caseBytes = statSync(path).size; // past 2 GiB at 10M: a size, not a read
  } else {
    caseFile = c.exportCaseAndClose();
    caseBytes = caseFile.length;
  }
  const tCaseFile = performance.now();
  sample();
  if (work) rmSync(work, { recursive: true, force: true });
  // BENCH_DIGEST=1: digests of what the run produced, to show a speed-up changed no result. Taken after every
  // measurement (it copies the case database once more).
  const digest = jsonDigest && caseFile ? digestCase(SQL, caseFile, jsonDigest) : jsonDigest ? { 'report.json': jsonDigest } : undefined;
  const at = (s: Progress['stage']) => marks[s] ?? NaN;
  return {
    mode: 'pipeline',
    engine: engineName,
    reportDigest,
    memoryByStage: byStage,
    events,
    sourceRows: q.sourceRows,
    seconds: {
      // read: disk + decoding + columns + normalizing rows into canonical events (the engine's 'read' stage)
      read: (at('import') - t0) / 1000,
      // import: loading the events into the sql.js store + creating INDEXES
      import: (at('match') - at('import')) / 1000,
      // match: RULES queries + one-to-one choice and movements (buildMovements)
      match: (at('classify') - at('match')) / 1000,
      // classify + reconstruct: findings, store updates, movements written, replay, bridge, report built and stored
      classifyReconstruct: (tCase - at('classify')) / 1000,
      // report/export: reportJson + workpapers (xlsx)
      export: (tExport - tCase) / 1000,
      total: (tExport - t0) / 1000,
      caseSqliteExport: (tCaseFile - tExport) / 1000,
    },
    bytes: { reportJson: jsonBytes, workpapers: wpBytes, caseSqlite: caseBytes },
    memory: { ...mem, vmHWM: vmHWM() },
    closing: { reconstructed: closing, expected: q.expectedClosing, ok: closing === q.expectedClosing },
    ...(digest ? { digest } : {}),
  };
}

/** SHA-256 of report.json and of each case table's rows in a fixed order (the audit log's times and seal excluded). */
function digestCase(SQL: Awaited<ReturnType<typeof loadSqlJs>>, caseFile: Uint8Array, reportJsonDigest: string) {
  const db = new SQL.Database(caseFile);
  const out: Record<string, string> = { 'report.json': reportJsonDigest };
  const tables: Record<string, string> = {
    events: 'SELECT * FROM events ORDER BY id',
    quarantine: 'SELECT * FROM quarantine ORDER BY file_id, row',
    movements: 'SELECT * FROM movements ORDER BY id',
    movement_members: 'SELECT * FROM movement_members ORDER BY movement_id, event_id, rule',
    exceptions: 'SELECT * FROM exceptions ORDER BY seq',
    balances: 'SELECT * FROM balances ORDER BY card, instrument',
    report: 'SELECT json FROM report',
    // Each file's stored length, whole or in parts (case/stored-bytes.ts).
    files:
      "SELECT id, role, name, sha256, rows, imported, quarantined, length(bytes) + coalesce((SELECT sum(length(p.bytes)) FROM stored_parts p WHERE p.owner = 'files' AND p.id = files.id), 0) FROM files ORDER BY id",
  };
  for (const [name, sql] of Object.entries(tables)) {
    const stmt = db.prepare(sql);
    const parts: string[] = [];
    while (stmt.step()) {
      const row = stmt.get();
      if (name === 'report') row[0] = unsealedReportJson(String(row[0]));
      parts.push(JSON.stringify(row.map((v) => (v === null ? null : [typeof v, String(v)]))));
    }
    stmt.free();
    out[name] = sha256Text(parts.join('\n'));
  }
  db.close();
  return out;
}

/** The events as the engine fills their rows (case/case-store.ts, EventLoad), into `put`. */
function loadEvents(put: BulkWriter, ev: readonly CanonicalEvent[], s: CaseSettings): void {
  const load = new EventLoad(put, s.periodStart, s.periodEnd);
  load.add(ev);
  load.finish();
}

/** A native SQLite statement as a bulk writer: each row bound and run as it comes. */
function nativeWriter(stmt: { run(params: unknown[]): unknown }): BulkWriter {
  return { add: (row) => void stmt.run(row), finish: () => undefined };
}

function insertSql(cols: readonly string[]): string {
  return `INSERT INTO events(${cols.join(', ')}) VALUES (${cols.map(() => '?').join(',')})`;
}

async function importEvents(q: QuarterInfo): Promise<CanonicalEvent[]> {
  const calendar = new BusinessCalendar(q.settings.timezone);
  return (await importFiles(q.files, undefined, calendar, { currency: 'USD', liabilityAccounts: q.settings.liabilityAccounts })).events;
}

type RuleName = keyof typeof RULES;

/** The named parameters as better-sqlite3 takes them (names without their '$'), spread into `all`: none at all
 *  for a statement that has none, which it would refuse an object for. */
function nativeParams(params: Record<string, number>): [Record<string, number>] | [] {
  const named = Object.fromEntries(Object.entries(params).map(([k, v]) => [k.slice(1), v]));
  return Object.keys(named).length ? [named] : [];
}

async function match(dir: string, native: boolean) {
  const q = loadQuarter(dir);
  const ev = await importEvents(q);
  const SQL = await loadSqlJs();

  // sql.js, loaded as the engine loads it: the same new case database, one transaction, rows 32 per statement
  // bound through SQLite's C API (BulkInsert), indexes inside the transaction
  let t = performance.now();
  const db: Database = newCaseDatabase(SQL, q.files.reduce((a, f) => a + f.bytes.length, 0));
  db.exec(SCHEMA);
  db.exec('BEGIN');
  loadEvents(new BulkInsert(db, 'events', EventLoad.COLUMNS, { SQL, repeated: EventLoad.REPEATED }), ev, q.settings);
  db.exec(INDEXES);
  db.exec('COMMIT');
  // The fallback rules' rows left over: all of them here, their largest (the engine gives them the few left).
  db.exec(LEFTOVERS.schema);
  db.exec(LEFTOVERS.everything);
  const wasmLoad = (performance.now() - t) / 1000;
  const wasmRules: Record<string, { seconds: number; pairs: number; digest: string }> = {};
  t = performance.now();
  // Each system's run of ids, as the engine gives them to the rules.
  const bounds = systemBounds(rowsBySystem(ev));
  for (const [name, rule] of Object.entries(RULES)) {
    const r0 = performance.now();
    const pairs = numberPairs(db, rule.sql, SQL, ruleParams(rule.sql, bounds)); // as the engine reads them
    wasmRules[name] = { seconds: (performance.now() - r0) / 1000, pairs: pairs.length, digest: sha256Text(pairs.join(';')) };
  }
  const wasmMatch = (performance.now() - t) / 1000;
  db.close();

  let nativeResult: { load: number; match: number; rules: Record<string, { seconds: number; pairs: number; digest: string }>; samePairs: boolean } | null = null;
  if (native) {
    const { default: BetterSqlite3 } = await import('better-sqlite3');
    t = performance.now();
    const nd = new BetterSqlite3(':memory:');
    nd.exec(CASE_PRAGMAS); // the same page size as the case database
    nd.exec(SCHEMA);
    const nput = nd.prepare(insertSql(EventLoad.COLUMNS));
    nd.transaction(() => loadEvents(nativeWriter(nput), ev, q.settings))();
    nd.exec(INDEXES);
    nd.exec(LEFTOVERS.schema);
    nd.exec(LEFTOVERS.everything);
    const nLoad = (performance.now() - t) / 1000;
    const rules: Record<string, { seconds: number; pairs: number; digest: string }> = {};
    t = performance.now();
    for (const [name, rule] of Object.entries(RULES)) {
      const r0 = performance.now();
      const rows = nd.prepare(rule.sql).raw().all(...nativeParams(ruleParams(rule.sql, bounds))) as unknown[][];
      const pairs = rows.map((r) => [Number(r[0]), Number(r[1])] as [number, number]);
      rules[name] = { seconds: (performance.now() - r0) / 1000, pairs: pairs.length, digest: sha256Text(pairs.join(';')) };
    }
    const nMatch = (performance.now() - t) / 1000;
    nd.close();
    // The same pairs in the same order, not only as many.
    const samePairs = (Object.keys(RULES) as RuleName[]).every((n) => rules[n].digest === wasmRules[n].digest);
    nativeResult = { load: nLoad, match: nMatch, rules, samePairs };
  }
  return {
    mode: 'match', events: ev.length,
    sqljs: { load: wasmLoad, match: wasmMatch, rules: wasmRules },
    native: nativeResult,
    ratio: nativeResult ? { match: wasmMatch / nativeResult.match, load: wasmLoad / nativeResult.load } : null,
  };
}

async function plan(dir: string) {
  const q = loadQuarter(dir);
  const ev = await importEvents(q);
  const { default: BetterSqlite3 } = await import('better-sqlite3');
  const nd = new BetterSqlite3(':memory:');
  nd.exec(SCHEMA);
  const nput = nd.prepare(insertSql(EventLoad.COLUMNS));
  nd.transaction(() => loadEvents(nativeWriter(nput), ev, q.settings))();
  nd.exec(INDEXES);
  nd.exec('ANALYZE');
  const plans: Record<string, string[]> = {};
  const bounds = systemBounds(rowsBySystem(ev));
  const explain = (sql: string) =>
    (nd.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(...nativeParams(ruleParams(sql, bounds))) as { detail: string }[]).map((r) => r.detail);
  // The fallback rules read the rows left over: planned here with every row left (LEFTOVERS.everything).
  nd.exec(LEFTOVERS.schema);
  nd.exec(LEFTOVERS.everything);
  for (const [name, rule] of Object.entries(RULES)) plans[name] = explain(rule.sql);
  nd.close();
  return { mode: 'plan', events: ev.length, plans };
}

/** A case run, then five decisions on its first exceptions, one at a time, each timed (the whole replay). */
async function decide(dir: string) {
  const SQL = await loadSqlJs();
  const q = loadQuarter(dir);
  const c = await runCase(SQL, { files: q.files, settings: q.settings });
  const ms: number[] = [];
  for (const x of c.report.exceptions.slice(0, 5)) {
    const t = performance.now();
    c.decide([{ key: x.key!, action: 'accept', user: 'bench', at: '2026-07-01T00:00:00Z' }], 'accept');
    ms.push(Math.round(performance.now() - t));
  }
  return { mode: 'decide', events: c.report.inputs.reduce((s, f) => s + (f.system === 'opening' ? 0 : f.rows), 0), decisionMs: ms };
}

async function main(): Promise<void> {
  const [mode, dir, ...rest] = process.argv.slice(2);
  if (!dir) throw new Error('usage: run-case.ts floor|pipeline|match|plan|decide DIR [--engine sqljs|duckdb] [--no-native]');
  const engineAt = rest.indexOf('--engine');
  const engineName = (engineAt >= 0 ? rest[engineAt + 1] : 'sqljs') as EngineName;
  const out =
    mode === 'floor' ? await floor(dir)
    : mode === 'pipeline' ? await pipeline(dir, engineName)
    : mode === 'match' ? await match(dir, !rest.includes('--no-native'))
    : mode === 'plan' ? await plan(dir)
    : mode === 'decide' ? await decide(dir)
    : null;
  if (!out) throw new Error(`unknown mode ${mode}`);
  process.stdout.write(JSON.stringify(out) + '\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main().catch((e: unknown) => {
    process.stderr.write(`${e instanceof Error ? (e.stack ?? e.message) : String(e)}\n`);
    process.exit(1);
  });
}
