// `npm run bench`: the engine end to end at about 10k, 100k and 1M events, the price of sql.js (WASM) against
// native SQLite on the same matching SQL, and the reconstructed closing checked against the generator's answer.
//
//   npm run bench [-- --sizes 10k,100k,1m] [--no-native] [--out bench-results.json]
//
// Quarters are generated once by the fixture generator and cached under .cache/bench/ (gitignored). Each
// measurement runs in a child process (run-case.ts) so that its peak memory is its own; the parent samples the
// child's RSS from /proc while it runs. Not part of `npm test`.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CACHE = join(ROOT, '.cache/bench');
const RUNNER = join(ROOT, 'test/bench/run-case.ts');
const GENERATOR = join(ROOT, 'test/fixtures/write-quarter.ts');

/** The generator writes about 7.4 rows per account across the four files (measured at seed 1). */
const SIZES: Record<string, number> = { '10k': 1350, '100k': 13500, '1m': 135000 };
const SEED = 1;
const TZ = 'America/Chicago';
const PERIOD = '2026-04-01..2026-06-30';

interface Child {
  stdout: string;
  peakRss: number;
  seconds: number;
}

function rssOf(pid: number): number {
  try {
    const m = /VmRSS:\s+(\d+)\s+kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) * 1024 : 0;
  } catch {
    return 0;
  }
}

/** Runs `node --import tsx script args`, sampling its RSS every 50 ms. */
function runNode(script: string, args: string[], nodeFlags: string[] = []): Promise<Child> {
  return new Promise((done, fail) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, [...nodeFlags, '--import', 'tsx', script, ...args], { cwd: ROOT, stdio: ['ignore', 'pipe', 'inherit'] });
    let stdout = '';
    let peakRss = 0;
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    const timer = setInterval(() => {
      if (child.pid) peakRss = Math.max(peakRss, rssOf(child.pid));
    }, 50);
    child.on('error', fail);
    child.on('close', (code) => {
      clearInterval(timer);
      if (code !== 0) fail(new Error(`${script} ${args.join(' ')} exited with ${code}`));
      else done({ stdout, peakRss, seconds: (performance.now() - t0) / 1000 });
    });
  });
}

async function ensureQuarter(label: string, cards: number): Promise<string> {
  const dir = join(CACHE, `${label}-c${cards}-s${SEED}`);
  if (existsSync(join(dir, 'README.txt')) && existsSync(join(dir, 'expected.json'))) return dir;
  const tmp = `${dir}.tmp`;
  rmSync(tmp, { recursive: true, force: true });
  process.stderr.write(`bench: generating ${label} (${cards} accounts) into ${dir} …\n`);
  await runNode(GENERATOR, ['--out', tmp, '--cards', String(cards), '--seed', String(SEED), '--tz', TZ, '--period', PERIOD, '--erp', 'csv']);
  renameSync(tmp, dir);
  return dir;
}

function parseArgs(argv: string[]) {
  let sizes = Object.keys(SIZES);
  let native = true;
  let out = join(ROOT, 'bench-results.json');
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--sizes') {
      sizes = (argv[++i] ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean);
      for (const s of sizes) if (!SIZES[s]) throw new Error(`--sizes: unknown size '${s}' (known: ${Object.keys(SIZES).join(', ')})`);
    } else if (a === '--no-native') native = false;
    else if (a === '--out') out = resolve(argv[++i] ?? '');
    else throw new Error(`unknown argument ${a}\nusage: npm run bench -- [--sizes 10k,100k,1m] [--no-native] [--out FILE]`);
  }
  return { sizes, native, out };
}

const MB = 1024 * 1024;
const f1 = (n: number) => n.toFixed(n < 10 ? 2 : 1);
const pad = (s: string, n: number) => s.padStart(n);

async function main(): Promise<void> {
  const { sizes, native, out } = parseArgs(process.argv.slice(2));
  const results: Record<string, unknown>[] = [];
  for (const label of sizes) {
    const dir = await ensureQuarter(label, SIZES[label]);
    process.stderr.write(`bench: ${label}: pipeline …\n`);
    // The engine's V8 flags, as the command line sets them (docs/performance.md).
    const p = await runNode(RUNNER, ['pipeline', dir], ['--max-semi-space-size=64']);
    const pipeline = JSON.parse(p.stdout) as {
      events: number;
      seconds: Record<string, number>;
      memory: { rss: number; heapUsed: number; external: number; arrayBuffers: number; vmHWM: number | null };
      closing: { reconstructed: number; expected: number; ok: boolean };
    };
    process.stderr.write(`bench: ${label}: matching, sql.js${native ? ' and native SQLite' : ''} …\n`);
    const m = await runNode(RUNNER, ['match', dir, ...(native ? [] : ['--no-native'])]);
    const match = JSON.parse(m.stdout) as {
      sqljs: { load: number; match: number; rules: Record<string, { seconds: number; pairs: number }> };
      native: { load: number; match: number; rules: Record<string, { seconds: number; pairs: number }>; samePairs: boolean } | null;
      ratio: { match: number; load: number } | null;
    };
    results.push({
      size: label, cards: SIZES[label], dir, events: pipeline.events, seconds: pipeline.seconds,
      eventsPerSecond: pipeline.events / pipeline.seconds.total,
      memory: { ...pipeline.memory, sampledPeakRss: p.peakRss },
      closing: pipeline.closing,
      matching: match,
    });
  }

  const rows = results as unknown as {
    size: string; events: number; seconds: Record<string, number>; eventsPerSecond: number;
    memory: { heapUsed: number; vmHWM: number | null; sampledPeakRss: number; rss: number };
    closing: { ok: boolean; reconstructed: number; expected: number };
    matching: { sqljs: { load: number; match: number }; native: { load: number; match: number; samePairs: boolean } | null; ratio: { match: number; load: number } | null };
  }[];
  const head = ['size', 'events', 'read s', 'import s', 'match s', 'class+rec s', 'report s', 'total s', 'events/s', 'peak RSS MB', 'VmHWM MB', 'heap MB', 'closing'];
  const w = [5, 10, 8, 9, 8, 12, 9, 8, 10, 12, 9, 8, 8];
  const lines = [head.map((h, i) => pad(h, w[i])).join(' ')];
  for (const r of rows) {
    const s = r.seconds;
    lines.push([
      r.size, r.events.toLocaleString('en-US'), f1(s.read), f1(s.import), f1(s.match), f1(s.classifyReconstruct), f1(s.export), f1(s.total),
      Math.round(r.eventsPerSecond).toLocaleString('en-US'), (r.memory.sampledPeakRss / MB).toFixed(0), r.memory.vmHWM ? (r.memory.vmHWM / MB).toFixed(0) : '-',
      (r.memory.heapUsed / MB).toFixed(0), r.closing.ok ? '✓' : `✗ ${r.closing.reconstructed} ≠ ${r.closing.expected}`,
    ].map((c, i) => pad(String(c), w[i])).join(' '));
  }
  lines.push('');
  lines.push(['size', 'sql.js load+idx s', 'native load+idx s', 'load ratio', 'sql.js RULES s', 'native RULES s', 'match ratio', 'same pairs'].map((h, i) => pad(h, i ? 18 : 5)).join(' '));
  for (const r of rows) {
    const m = r.matching;
    lines.push([
      r.size, f1(m.sqljs.load), m.native ? f1(m.native.load) : '-', m.ratio ? `${m.ratio.load.toFixed(2)}×` : '-',
      f1(m.sqljs.match), m.native ? f1(m.native.match) : '-', m.ratio ? `${m.ratio.match.toFixed(2)}×` : '-', m.native ? (m.native.samePairs ? '✓' : '✗') : '-',
    ].map((c, i) => pad(String(c), i ? 18 : 5)).join(' '));
  }
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1];
    const b = rows[i];
    const ev = b.events / a.events;
    const t = b.seconds.total / a.seconds.total;
    lines.push(`scaling ${a.size} → ${b.size}: ${ev.toFixed(1)}× events, ${t.toFixed(1)}× time (target ≤ ${(1.2 * ev).toFixed(1)}×) ${t <= 1.2 * ev ? '✓' : '✗'}`);
  }
  console.log(lines.join('\n'));
  const doc = {
    generated: new Date().toISOString(), node: process.version, cpus: cpus().length, cpu: cpus()[0]?.model, totalMemory: totalmem(),
    generator: { seed: SEED, tz: TZ, period: PERIOD, erp: 'csv' }, results,
  };
  writeFileSync(out, JSON.stringify(doc, null, 2) + '\n');
  console.log(`\nwrote ${out}`);
  if (rows.some((r) => !r.closing.ok || (r.matching.native && !r.matching.native.samePairs))) process.exitCode = 1;
}

main().catch((e: unknown) => {
  console.error(`bench: ${e instanceof Error ? e.message : String(e)}`);
  process.exit(1);
});
