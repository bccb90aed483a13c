// The command line of docs/formats.md §4. Exit 0 on a finished reconciliation (exceptions are findings), non-zero
// with one human line (no stack trace) when it cannot run.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, readSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, join, dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { EngineCase, OpenOptions, RunHooks } from '../shared/case/api';
import { openCase, proposePeriod, runCase } from '../shared/engine';
import { sha256Hex } from '../shared/hash';
import { analyticsRequest } from './analytics-args';
import type { GivenProfile } from '../shared/import/choose-profile';
import { checkMapping } from '../shared/import/layouts';
import { CaseStore } from '../shared/case/case-store';
import { openSavedCase, type Engine } from '../shared/case/pipeline';
import { DuckDbOutOfMemory } from '../shared/node/duckdb/channel';
import { DEFAULT_MEMORY_LIMIT, duckdbEngine, isDuckDbFile, limitBytes, type DuckDbEngine } from '../shared/node/duckdb/duckdb-db';
import { writeRulesSql } from '../shared/node/rules-sql';
import { unlessOutOfMemory, type CaseDb } from '../shared/store/case-db';
import { sqlJsEngine } from '../shared/store/sqljs-db';
import { PlausibilityError } from '../shared/import/plausibility';
import { PRESETS } from '../shared/import/profile';
import { readProfileFile } from '../shared/import/profile-files';
import { atomicWrite } from '../shared/node/atomic-write';
import { OUTPUT_NAMES, RunOutputs, writing } from './outputs';
import { exposeCollector, loadSqlJs, nodeDeflate, pathProblem, readInput, regularFileSize } from '../shared/node/files';
import { settingsProblems, type SettingsField } from '../shared/settings';
import { DEFAULT_SETTINGS, FILE_ROLES, InputError, type CaseSettings, type FileRole, type InputFile, type Mapping, type Progress } from '../shared/types';

const USAGE = `usage: npm run reconcile -- [--period START..END] [--tz ZONE] --platform F --storefront F --payments F --erp F
       [--opening F] [--profile FILE | --profile ROLE=FILE ...] [--mapping mapping.json] [--currency USD]
       [--lag-tolerance 1h] [--liability-accounts 2410=gift_card,2420=store_credit] [--accept-warnings]
       [--save-profiles DIR] [--force] [--unmasked] [--engine sqljs|duckdb] [--memory-limit 4GB]
       [--export-parquet DIR] [--prior prior-case] [--export-review] --out DIR
       [--history FILE|FOLDER ...] [--register F] [--analytics-settings F]   (any form: the close analytics)
   or: npm run reconcile -- --demo --out DIR
   or: npm run reconcile -- --case case.sqlite|case.duckdb [--expect-head HASH] [--accept-tampered] [--save-profiles DIR]
       [--prior prior-case] [--apply-review review.xlsx --user NAME] [--export-review] --out DIR
   or: npm run reconcile -- --list-presets`;

const FLAGS = new Set([
  'period', 'tz', 'platform', 'storefront', 'payments', 'erp', 'opening', 'mapping', 'profile', 'currency', 'lag-tolerance', 'liability-accounts',
  'accept-warnings', 'save-profiles', 'list-presets', 'out', 'demo', 'case', 'quiet', 'force', 'unmasked', 'expect-head', 'accept-tampered',
  'engine', 'memory-limit', 'export-parquet', 'history', 'register', 'analytics-settings', 'prior', 'apply-review', 'user', 'export-review',
]);
/** Flags without a value, and flags that may be given more than once. */
const SWITCHES = new Set(['demo', 'quiet', 'accept-warnings', 'list-presets', 'force', 'unmasked', 'accept-tampered', 'export-review']);
const REPEATED = new Set(['profile', 'history']);

/** A saved case that fails its integrity check (or its kept head): exit 3, nothing written. */
class CaseRefused extends InputError {}

const ENGINES = ['sqljs', 'duckdb'] as const;
type EngineName = (typeof ENGINES)[number];

/** The case file's name for each engine: sql.js makes a SQLite database, DuckDB its own. */
const CASE_FILE: Record<EngineName, string> = { sqljs: 'case.sqlite', duckdb: 'case.duckdb' };

function parseArgs(argv: string[]): { args: Record<string, string>; repeated: Record<string, string[]> } {
  const out: Record<string, string> = {};
  const repeated: Record<string, string[]> = {};
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (!a.startsWith('--')) throw new InputError(`unexpected argument '${a}'\n${USAGE}`);
    const eq = a.indexOf('=');
    const [name, inline] = eq < 0 ? [a.slice(2), undefined] : [a.slice(2, eq), a.slice(eq + 1)];
    if (!FLAGS.has(name)) throw new InputError(`unknown option --${name}\n${USAGE}`);
    if (SWITCHES.has(name)) out[name] = 'true';
    else {
      const v = inline ?? argv[++i];
      if (v === undefined || v.startsWith('--')) throw new InputError(`--${name} needs a value`);
      if (REPEATED.has(name)) (repeated[name] ??= []).push(v);
      else if (out[name] !== undefined) throw new InputError(`--${name} is given twice`);
      else out[name] = v;
    }
  }
  return { args: out, repeated };
}

/**
 * The profiles named by --profile: `FILE` (one profile, a list, or an object of profiles by role) or
 * `ROLE=FILE` (the profile of one role); a role given twice is refused.
 */
function readProfiles(values: string[]): Partial<Record<FileRole, GivenProfile>> {
  const out: Partial<Record<FileRole, GivenProfile>> = {};
  for (const v of values) {
    const m = /^([a-z]+)=(.+)$/.exec(v);
    const role = m && (FILE_ROLES as readonly string[]).includes(m[1]) ? (m[1] as FileRole) : undefined;
    if (m && !role && !existsSync(v)) throw new InputError(`--profile ${v}: '${m[1]}' is not a role (roles: ${FILE_ROLES.join(', ')})`);
    const path = role ? m![2] : v;
    const found = readProfileFile(readSmallFile(path).toString('utf8'), path, role);
    for (const [r, profile] of Object.entries(found)) {
      if (out[r as FileRole]) throw new InputError(`--profile ${v}: a profile for the ${r} role is given twice`);
      out[r as FileRole] = { profile };
    }
  }
  return out;
}

/** The presets, one line each: id, role, name, version, and the headers they are recognised by. */
function listPresets(): string {
  const lines = PRESETS.map((p) => {
    const headers = (p.def.detect?.headers ?? []).map((h) => (Array.isArray(h) ? h.join('|') : h));
    const share = p.def.detect?.minShare ?? 1;
    return [p.id, p.role, `v${p.version}`, p.name, `headers${share < 1 ? ` (${Math.round(share * 100)}% of)` : ''}: ${headers.join(', ')}`].join('\t');
  });
  const reference = FILE_ROLES.map((r) => [`reference-${r}`, r, 'v1', `Reference layout (${r})`, 'headers: docs/formats.md §1'].join('\t'));
  return `${[...lines, ...reference].join('\n')}\n`;
}

/** Writes the profiles a run read its files with (from the case file's settings), one file per role. */
async function saveProfiles(db: CaseDb, dir: string): Promise<string[]> {
  try {
    const row = db.rows("SELECT value FROM settings WHERE key = 'profiles'")[0]?.[0];
    const saved = row ? (JSON.parse(String(row)) as Record<string, { text: string; sha256: string }>) : {};
    const written: string[] = [];
    for (const [role, p] of Object.entries(saved)) {
      const path = join(dir, `${role}.profile.json`);
      await atomicWrite(path, p.text);
      written.push(`${path} (sha256 ${p.sha256})`);
    }
    return written;
  } finally {
    db.close();
  }
}

export function parseDuration(text: string): number {
  const m = /^(\d+(?:\.\d+)?)\s*(m|min|h|d)?$/i.exec(text.trim());
  if (!m) throw new InputError(`--lag-tolerance '${text}' is not a duration (e.g. 90m, 1h, 2d)`);
  const n = Number(m[1]);
  const unit = (m[2] ?? 'm').toLowerCase();
  return Math.round(unit === 'h' ? n * 60 : unit === 'd' ? n * 1440 : n);
}

/** The flag that sets each setting the command line takes. */
const FLAG_OF: Partial<Record<SettingsField, string>> = {
  periodStart: '--period',
  periodEnd: '--period',
  timezone: '--tz',
  lagToleranceMinutes: '--lag-tolerance',
  liabilityAccounts: '--liability-accounts',
  currency: '--currency',
};

/** Refuses settings the engine would refuse, in one line naming the flag to fix. */
function checkSettings(settings: CaseSettings): void {
  const [problem] = Object.entries(settingsProblems(settings));
  if (problem) throw new InputError(`${FLAG_OF[problem[0] as SettingsField] ?? problem[0]}: ${problem[1]}`);
}

/** Whether the file at `path` is a DuckDB database (a case saved by the DuckDB engine). */
function isDuckDbPath(path: string): boolean {
  const fd = openSync(path, 'r');
  try {
    const head = new Uint8Array(16);
    readSync(fd, head, 0, 16, 0);
    return isDuckDbFile(head);
  } finally {
    closeSync(fd);
  }
}

/** The engine named by --engine, or `fallback` (DuckDB for --export-parquet, which DuckDB writes). */
function engineName(args: Record<string, string>, fallback: EngineName): EngineName {
  const name = (args.engine ?? (args['export-parquet'] ? 'duckdb' : fallback)) as EngineName;
  if (!ENGINES.includes(name)) throw new InputError(`--engine '${args.engine}' is not an engine (${ENGINES.join(' or ')})`);
  if (args['export-parquet'] && name !== 'duckdb') throw new InputError('--export-parquet is written by the DuckDB engine: leave out --engine sqljs');
  return name;
}

let duck: DuckDbEngine | undefined;

/**
 * DuckDB (one engine for the run), making its case database in the output folder (renamed into place as
 * case.duckdb when it is done), spilling past --memory-limit to a folder beside it.
 */
function duckdb(out: string, args: Record<string, string>): DuckDbEngine {
  if (duck) return duck;
  const limit = args['memory-limit'];
  if (limit !== undefined && limitBytes(limit) === undefined) {
    throw new InputError(`--memory-limit '${limit}' is not a size (e.g. 4GB, 512MB; at most 8PiB)`);
  }
  duck = duckdbEngine({ dir: out, memoryLimit: limit });
  return duck;
}

/** The engine to run on: DuckDB, or sql.js. */
async function runEngine(name: EngineName, out: string, args: Record<string, string>): Promise<Engine> {
  return name === 'duckdb' ? duckdb(out, args) : loadSqlJs();
}

/**
 * The output folder made (each missing level in turn: Node's recursive mkdir spins forever under /proc) and
 * written to once, before the run, so that a bad --out is one line at once rather than an error after minutes;
 * so is a folder (or anything but a file) with the name of one of `names`, the files the run writes there.
 */
function prepareOutFolder(out: string, names: readonly string[] = [], flag = '--out'): void {
  const fail = (what: string) => new InputError(`${flag} ${out}: ${what}`);
  const missing: string[] = [];
  for (let dir = resolve(out); ; dir = dirname(dir)) {
    let st;
    try {
      st = statSync(dir);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT') throw fail(pathProblem(code));
      if (dirname(dir) === dir) throw fail('no such folder');
      missing.unshift(dir);
      continue;
    }
    if (!st.isDirectory()) throw fail(dir === resolve(out) ? 'is a file, not a folder' : `${dir} is a file, not a folder`);
    break;
  }
  for (const dir of missing) {
    try {
      mkdirSync(dir);
    } catch (err) {
      // Made meanwhile by another run given the same --out: a folder is all that is needed.
      const code = (err as NodeJS.ErrnoException).code;
      if (code === 'EEXIST' && statSync(dir, { throwIfNoEntry: false })?.isDirectory()) continue;
      throw fail(`cannot make the folder ${dir} (${pathProblem(code).replace(/^could not be read /, '')})`);
    }
  }
  for (const name of names) {
    const st = statSync(join(out, name), { throwIfNoEntry: false });
    if (st && !st.isFile()) throw fail(`${join(out, name)} is ${st.isDirectory() ? 'a folder' : 'not a regular file'}, where the run writes its ${name}`);
  }
  const probe = join(out, `.reconcile-${process.pid}.probe`);
  try {
    writeFileSync(probe, '');
    unlinkSync(probe);
  } catch (err) {
    throw fail(`cannot write there (${(err as NodeJS.ErrnoException).code ?? 'unknown error'})`);
  }
}

/** A small file named on the command line (a mapping, a case), read once after the same checks as the inputs. */
function readSmallFile(path: string): Buffer {
  regularFileSize(path);
  try {
    return readFileSync(path);
  } catch (err) {
    throw new InputError(`${path}: ${pathProblem((err as NodeJS.ErrnoException).code)}`, path);
  }
}

function demoArgs(): Record<string, string> {
  const here = dirname(fileURLToPath(import.meta.url));
  const demo = resolve(here, '../assets/demo');
  const readme = readFileSync(join(demo, 'README.txt'), 'utf8');
  const period = /(\d{4}-\d{2}-\d{2})\s*\.\.\s*(\d{4}-\d{2}-\d{2})/.exec(readme);
  const tz = /time zone\s+([A-Za-z_]+\/[A-Za-z_/]+)/i.exec(readme);
  if (!period || !tz) throw new InputError('assets/demo/README.txt does not state the period and time zone');
  const erp = existsSync(join(demo, 'erp.xlsx')) ? 'erp.xlsx' : 'erp.csv';
  const args: Record<string, string> = {
    period: `${period[1]}..${period[2]}`, tz: tz[1], platform: join(demo, 'platform.csv'), storefront: join(demo, 'storefront.csv'),
    payments: join(demo, 'payments.csv'), erp: join(demo, erp),
  };
  if (existsSync(join(demo, 'opening_balances.csv'))) args.opening = join(demo, 'opening_balances.csv');
  return args;
}

/** The settings the flags give, checked: one line naming the flag to fix. */
/** The settings the flags give, over `base` (a prior case's next period) where there is one. */
function settingsOf(a: Record<string, string>, base: CaseSettings | null = null): CaseSettings {
  const [start, end, extra] = a.period.split('..');
  if (!start || !end || extra !== undefined) throw new InputError(`--period '${a.period}' must be START..END, e.g. 2026-07-01..2026-09-30`);
  const settings: CaseSettings = {
    ...DEFAULT_SETTINGS, ...(base ?? {}), periodStart: start, periodEnd: end, timezone: a.tz,
    lagToleranceMinutes: a['lag-tolerance'] ? parseDuration(a['lag-tolerance']) : (base?.lagToleranceMinutes ?? DEFAULT_SETTINGS.lagToleranceMinutes),
    liabilityAccounts: a['liability-accounts'] ? a['liability-accounts'].split(',').map((s) => s.trim()).filter(Boolean) : (base?.liabilityAccounts ?? DEFAULT_SETTINGS.liabilityAccounts),
    ...(a.currency ? { currency: a.currency.trim().toUpperCase() } : {}),
  };
  // The currency is detected from this quarter's files unless --currency says it (not taken from the prior case).
  if (!a.currency) delete settings.currency;
  checkSettings(settings);
  return settings;
}

/**
 * The period and zone the files suggest, for the flags not given: the calendar quarter most rows fall in, and the
 * zone the timestamps' offsets agree with. Said on stderr; refused where the files cannot tell.
 */
function proposedSettings(files: InputFile[], mapping: Mapping | undefined, given: Record<string, string>, quiet: boolean): { period: string; tz: string } {
  const p = proposePeriod(files, mapping);
  const tz = given.tz ?? p.timezone;
  if (!tz) throw new InputError(`--tz is required: ${p.zone_basis}`);
  const period = given.period ?? (p.period ? `${p.period.start}..${p.period.end}` : null);
  if (!period) throw new InputError('--period is required: the files have no dates to propose one from');
  if (!quiet) {
    if (!given.tz) process.stderr.write(`reconcile: no --tz given: taking ${tz}. ${p.zone_basis}\n`);
    if (!given.period) process.stderr.write(`reconcile: no --period given: taking ${period}, the calendar quarter most of the files' rows fall in\n`);
  }
  return { period, tz };
}

/**
 * A reopened case's integrity, as the command line acts on it: any problem (the chain, the stored files, the
 * settings, the decisions, a head other than the kept one) stops the run with nothing written, unless
 * --accept-tampered, when it goes on and the report's notes name every problem.
 */
function checkIntegrity(problems: string[], accept: boolean): void {
  if (!problems.length) return;
  const n = `${problems.length} problem${problems.length === 1 ? '' : 's'}`;
  if (accept) {
    process.stderr.write(`reconcile: warning: the case file fails its integrity check (${n}); re-performed anyway (--accept-tampered), the report's notes name them\n`);
    return;
  }
  const tail = 'nothing was written (--accept-tampered re-performs it anyway)';
  if (problems.length === 1) throw new CaseRefused(`${problems[0]}; ${tail}`);
  throw new CaseRefused(`the case file fails its integrity check (${n}); ${tail}:\n${problems.map((p) => `reconcile:   ${p}`).join('\n')}`);
}

async function main(): Promise<void> {
  const { args, repeated } = parseArgs(process.argv.slice(2));
  if (args['list-presets']) {
    process.stdout.write(listPresets());
    return;
  }
  if (!args.out) throw new InputError(`--out is required\n${USAGE}`);
  for (const flag of ['expect-head', 'accept-tampered']) if (args[flag] && !args.case) throw new InputError(`--${flag} checks a saved case: give it with --case`);
  prepareOutFolder(args.out, OUTPUT_NAMES);
  if (args['save-profiles']) prepareOutFolder(args['save-profiles'], [], '--save-profiles');
  if (args['export-parquet']) prepareOutFolder(args['export-parquet'], [], '--export-parquet');
  const quiet = args.quiet === 'true';
  const started = Date.now();
  // A line when the stage or the file changes, and at most two a second within one.
  let lastLine = { key: '', at: 0 };
  const onProgress = (p: Progress) => {
    if (quiet) return;
    const key = `${p.stage} ${p.file ?? ''}`;
    const now = Date.now();
    if (key === lastLine.key && now - lastLine.at < 500) return;
    lastLine = { key, at: now };
    const pct = p.total ? Math.round((100 * p.done) / p.total) : 0;
    process.stderr.write(`reconcile: ${p.stage}${p.file ? ` ${p.file}` : ''} ${pct}%${p.rate ? ` (${p.rate.toLocaleString('en-US')} rows/s)` : ''} after ${((Date.now() - started) / 1000).toFixed(1)}s\n`);
  };
  const analytics = analyticsRequest(args, repeated.history ?? [], (path) => readSmallFile(path).toString('utf8'), (line) => process.stderr.write(`reconcile: note: ${line}\n`));
  exposeCollector();
  const out = args.out;
  let c: EngineCase;
  let engine: EngineName;
  // The case of the quarter before: reopened (re-performed from its own sources) to take its closing.
  const prior = args.prior ? await openPrior(args.prior, out, args, onProgress) : null;
  if (args.case) {
    const path = args.case;
    const opened = await openAnyCase(path, out, args, { onProgress }, { keptHead: args['expect-head'], analytics });
    c = opened.c;
    engine = opened.engine;
    try {
      checkIntegrity(c.verifyChain().problems, args['accept-tampered'] === 'true');
    } catch (err) {
      c.close();
      throw err;
    }
    if (args['expect-head'] && !quiet) process.stderr.write(`reconcile: the audit log ends at the kept head (entry ${c.report.audit_seal?.entries})\n`);
    if (prior) checkContinuity(c, prior);
    if (args['apply-review']) applyReview(c, args['apply-review'], args.user);
  } else {
    if (args['apply-review']) throw new InputError('--apply-review applies to a saved case: give it with --case');
    engine = engineName(args, 'sqljs');
    const a = args.demo ? { ...demoArgs(), ...Object.fromEntries(Object.entries(args).filter(([k]) => k !== 'demo')) } : args;
    // With --prior, the period and zone default to the next period of the prior case's, and the tolerances,
    // accounts and reason codes to its own.
    const base = prior ? prior.next.settings : null;
    if (base) {
      a.period ??= `${base.periodStart}..${base.periodEnd}`;
      a.tz ??= base.timezone;
    }
    for (const need of ['platform', 'storefront', 'payments', 'erp']) if (!a[need]) throw new InputError(`--${need} is required\n${USAGE}`);
    // Settings given are checked before any file is read; those not given are proposed from the files.
    let settings = a.period && a.tz ? settingsOf(a, base) : null;
    const files: InputFile[] = (['platform', 'storefront', 'payments', 'erp', 'opening'] as FileRole[]).filter((r) => a[r]).map((r) => readInput(r, a[r]));
    let mapping: Mapping | undefined;
    if (a.mapping) {
      const text = readSmallFile(a.mapping).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch (err) {
        throw new InputError(`${a.mapping}: not a readable mapping file (${(err as Error).message.split('\n')[0]})`);
      }
      mapping = checkMapping(parsed, a.mapping);
    }
    settings ??= settingsOf({ ...a, ...proposedSettings(files, mapping, a, quiet) });
    const profiles = readProfiles(repeated.profile ?? []);
    const req = { files, settings, mapping: mapping ?? prior?.next.mapping, profiles, acceptWarnings: a['accept-warnings'] === 'true', prior: prior?.next.carry, analyticsCarry: prior?.next.analytics, ...analytics };
    c = await runCase(await runEngine(engine, out, args), req, { onProgress });
  }
  for (const input of c.report.inputs) {
    for (const w of input.warnings ?? []) process.stderr.write(`reconcile: warning accepted: ${w}\n`);
    for (const note of input.notes ?? []) process.stderr.write(`reconcile: note: ${note}\n`);
  }
  // Another quarter's files reconcile to nothing and look perfect: refuse unless told to go on.
  const { warning } = c.coverage();
  if (warning && args.force !== 'true') {
    c.close();
    throw new InputError(`${warning} Use --force to write the outputs anyway.`);
  }
  if (warning) process.stderr.write(`reconcile: warning: ${warning}\n`);
  const exportOptions = { unmasked: args.unmasked === 'true' };
  const outputs = new RunOutputs();
  let saved: () => Promise<CaseDb>;
  let done: string;
  try {
    await outputs.write(join(out, 'report.json'), c.reportJson());
    await outputs.write(join(out, 'workpapers.xlsx'), c.workpapers(nodeDeflate, exportOptions));
    await outputs.write(join(out, 'journal_entries.csv'), c.journalEntriesCsv(exportOptions));
    await outputs.write(join(out, 'platform_corrections.csv'), c.platformCorrectionsCsv(exportOptions));
    if (args['export-parquet']) {
      const dir = args['export-parquet'];
      const staging = await outputs.folder(dir);
      const n = c.exportParquet(staging).length + writeRulesSql(staging).length;
      if (!quiet) process.stderr.write(`reconcile: wrote ${n} files of Parquet and rule SQL to ${dir}\n`);
    }
    if (args['export-review']) await outputs.write(join(out, 'review.xlsx'), c.closing().reviewWorkbook(nodeDeflate));
    const L = c.report.liability;
    const seal = c.report.audit_seal;
    done =
      `reconstructed ${L.reconstructed_closing_cents} cents, ERP ${L.erp_closing_cents}, platform ${L.platform_reported_closing_cents}; ` +
      `${c.report.exceptions.length} exceptions; audit log head ${seal?.entries}:${seal?.head}`;
    // Last: the case is closed as it is written, so that its objects and the file are not held at once. DuckDB's
    // database file becomes the case file itself, renamed into place once whole. The other outputs follow it.
    const casePath = join(out, CASE_FILE[engine]);
    if (c.savesToFile) {
      c.saveCaseAndClose(casePath);
      saved = async () => duckdb(out, args).openSavedFile(casePath);
    } else {
      const caseFile = c.exportCaseAndClose();
      await writing(casePath, () => atomicWrite(casePath, caseFile));
      saved = async () => sqlJsEngine(await loadSqlJs()).openSaved(caseFile);
    }
  } catch (err) {
    await outputs.discard();
    throw err;
  }
  await outputs.place();
  if (args['save-profiles']) for (const w of await saveProfiles(await saved(), args['save-profiles'])) if (!quiet) process.stderr.write(`reconcile: saved profile ${w}\n`);
  if (!quiet) process.stderr.write(`reconcile: done in ${((Date.now() - started) / 1000).toFixed(1)}s: ${done}; wrote ${out}\n`);
}

/** The prior case named by --prior, reopened: the next case it makes and what re-checking needs of it. */
/**
 * A saved case reopened, re-performed from its own sources: on the engine that made it (a DuckDB database file
 * or sql.js's bytes) unless --engine names the other (`ownEngine`: always on the engine that made it).
 */
async function openAnyCase(
  path: string,
  out: string,
  args: Record<string, string>,
  hooks: RunHooks,
  options: OpenOptions = {},
  ownEngine = false,
): Promise<{ c: EngineCase; engine: EngineName }> {
  const savedByDuckDb = regularFileSize(path) >= 16 && isDuckDbPath(path);
  const made: EngineName = savedByDuckDb ? 'duckdb' : 'sqljs';
  const engine = ownEngine ? made : engineName(args, made);
  const runOn = await runEngine(engine, out, args);
  if (!savedByDuckDb) {
    const bytes = new Uint8Array(readSmallFile(path));
    if (engine === 'sqljs') return { c: await openCase(runOn, bytes, hooks, options), engine };
    // A sql.js case re-performed on DuckDB: read with sql.js, which wrote it.
    return { c: await openSavedCase(runOn, CaseStore.openSavedBytes(await loadSqlJs(), bytes), hooks, options), engine };
  }
  let saved;
  try {
    saved = duckdb(out, args).openSavedFile(path);
  } catch (err) {
    throw unlessOutOfMemory(err, new InputError(`${path}: not a readable case database`, path));
  }
  return { c: await openSavedCase(runOn, saved, hooks, options), engine };
}

/** --prior: the case of the quarter before, reopened; the next period's settings and its carry, and what re-checks it. */
async function openPrior(path: string, out: string, args: Record<string, string>, onProgress: (p: Progress) => void) {
  // On the engine that made it, whichever --engine the new case runs on: each engine reads its own files.
  const { c } = await openAnyCase(path, out, args, { onProgress }, {}, true);
  // The carry names the file given: its SHA-256 is what the new case records.
  const bytes = new Uint8Array(readSmallFile(path));
  const chain = c.verifyChain();
  if (!chain.ok) process.stderr.write(`reconcile: warning: the prior case's audit log is broken: ${chain.problem}\n`);
  const name = basename(path);
  const next = c.closing().nextSettings();
  const carry = c.closing().priorCarry({ name, sha256: sha256Hex(bytes) });
  // The close analytics' history: the prior case's prior quarters and its own platform export (unless --history).
  const analytics = c.closing().analyticsCarry();
  const check = {
    bytes, log: c.auditLog(), chainProblem: chain.ok ? null : (chain.problem ?? 'broken'), reportJson: c.reportJson(),
    carry: (f: { name: string; sha256: string }) => c.closing().priorCarry(f),
  };
  return { next: { ...next, carry, analytics }, check };
}

/** --case with --prior: the continuity re-performed against the prior case file given. */
function checkContinuity(c: EngineCase, prior: NonNullable<Awaited<ReturnType<typeof openPrior>>>): void {
  if (!c.closing().prior()) throw new InputError('--prior: this case was not made from a prior case');
  const problems = c.closing().checkPrior(prior.check);
  if (!problems.length) process.stderr.write('reconcile: continuity with the prior case re-performed: it holds\n');
  for (const p of problems) process.stderr.write(`reconcile: warning: continuity: ${p}\n`);
}

/** --apply-review: the edited review workbook's changes applied (one step), each refused row named. */
function applyReview(c: EngineCase, path: string, user: string | undefined): void {
  const who = user ?? process.env.USER ?? process.env.USERNAME ?? '';
  if (!who.trim()) throw new InputError('--apply-review: say who imports it with --user NAME');
  const { preview, applied } = c.closing().applyReview(basename(path), new Uint8Array(readSmallFile(path)), who);
  for (const r of preview.refused) process.stderr.write(`reconcile: review: row ${r.row}${r.id ? ` (${r.id})` : ''} refused: ${r.reason}\n`);
  for (const ch of preview.changes)
    process.stderr.write(`reconcile: review: row ${ch.row} (${ch.id}) ${ch.from.status} ${ch.from.resolution ?? ''} → ${ch.to.status} ${ch.to.resolution ?? ''} by ${ch.by}\n`);
  process.stderr.write(`reconcile: review: ${applied} change(s) applied from ${basename(path)} (SHA-256 ${preview.workbook.sha256}), ${preview.refused.length} row(s) refused, ${preview.unchanged} unchanged\n`);
}

main().catch((err: unknown) => {
  if (err instanceof PlausibilityError) {
    for (const p of err.problems) process.stderr.write(`reconcile: ${p.message}\n`);
    process.stderr.write(`reconcile: stopped: ${err.problems.length} plausibility problem${err.problems.length === 1 ? '' : 's'} (no silent misreads); fix the files or profiles named, or rerun with --accept-warnings to go on and record them in report.json\n`);
    process.exit(2);
  }
  if (err instanceof DuckDbOutOfMemory) {
    const what = err.message.split('\n')[0];
    process.stderr.write(`reconcile: DuckDB ran out of memory within its limit (--memory-limit, ${DEFAULT_MEMORY_LIMIT} unless given): ${what}; run again with a larger --memory-limit\n`);
    process.exit(1);
  }
  const msg = err instanceof InputError ? err.message : `unexpected failure: ${(err as Error)?.message ?? String(err)}`;
  process.stderr.write(`reconcile: ${msg.split('\n')[0]}\n${err instanceof InputError && msg.includes('\n') ? msg.split('\n').slice(1).join('\n') + '\n' : ''}`);
  process.exit(err instanceof CaseRefused ? 3 : err instanceof InputError ? 2 : 1);
});
