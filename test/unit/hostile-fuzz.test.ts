// A seeded mutation fuzzer over generated quarters (issue #17): byte flips, truncations, quote damage and
// line-end damage, a few hundred cases. Each must end in a one-line InputError or in a finished import (and,
// for some, a finished run of the whole engine) in which every row is accounted for: rows read = imported
// (in scope or not) + quarantined, and, where the damaged file's physical lines can be counted (no quotes, one
// kind of line end), rows read = its non-blank lines after the header; wherever they cannot, no more rows are
// missing than the damage removed line ends (a quote must not swallow the rows after it). None may take longer
// than its budget.
// A failure names the seed and the case, so that `FUZZ_SEED=… FUZZ_CASES=…` reproduces it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { importFiles } from '../../shared/import/import-files';
import { BusinessCalendar } from '../../shared/time';
import { InputError, type InputFile } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

const SEED = Number(process.env.FUZZ_SEED ?? 17);
const CASES = Number(process.env.FUZZ_CASES ?? 360);
/** A whole engine run every this many cases (the import alone for the others). */
const RUN_EVERY = 12;
/** Far beyond what a file of some kilobytes takes: only a hang or a blow-up reaches it. */
const BUDGET_MS = 15_000;

/** mulberry32: a small seeded generator, so that every case can be made again from the seed. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A damage and how many line ends it can remove at most (null: any number, as a truncation can). */
type Mutation = { name: string; apply: (b: Uint8Array, r: () => number) => Uint8Array; joins?: number | null };

const pick = (r: () => number, n: number) => Math.floor(r() * n);
const QUOTE = 0x22, CR = 0x0d, LF = 0x0a, COMMA = 0x2c;

function splice(b: Uint8Array, at: number, remove: number, insert: number[]): Uint8Array {
  const out = new Uint8Array(b.length - remove + insert.length);
  out.set(b.subarray(0, at));
  out.set(insert, at);
  out.set(b.subarray(at + remove), at + insert.length);
  return out;
}

/** Positions of a byte (or of a line end when `byte` is LF) in the bytes. */
function positions(b: Uint8Array, byte: number): number[] {
  const out: number[] = [];
  for (let i = b.indexOf(byte); i >= 0; i = b.indexOf(byte, i + 1)) out.push(i);
  return out;
}

const MUTATIONS: Mutation[] = [
  {
    name: 'byte flips',
    joins: 8,
    apply: (b, r) => {
      const out = b.slice();
      for (let k = 1 + pick(r, 8); k > 0; k--) out[pick(r, out.length)] = pick(r, 256);
      return out;
    },
  },
  { name: 'truncation', joins: null, apply: (b, r) => b.slice(0, pick(r, b.length)) },
  { name: 'a quote inserted', apply: (b, r) => splice(b, pick(r, b.length), 0, [QUOTE]) },
  {
    name: 'a quote at a field start',
    apply: (b, r) => {
      const at = positions(b, COMMA);
      return at.length ? splice(b, at[pick(r, at.length)] + 1, 0, [QUOTE]) : b;
    },
  },
  {
    name: 'a quoted field left open',
    apply: (b, r) => {
      const at = positions(b, QUOTE);
      return at.length ? splice(b, at[pick(r, at.length)], 1, []) : splice(b, pick(r, b.length), 0, [QUOTE, 0x78]);
    },
  },
  {
    name: 'a line end made bare CR',
    apply: (b, r) => {
      const at = positions(b, LF);
      if (!at.length) return b;
      const i = at[pick(r, at.length)];
      return b[i - 1] === CR ? splice(b, i, 1, []) : splice(b, i, 1, [CR]);
    },
  },
  {
    name: 'a line end removed',
    apply: (b, r) => {
      const at = positions(b, LF);
      if (!at.length) return b;
      const i = at[pick(r, at.length)];
      return b[i - 1] === CR ? splice(b, i - 1, 2, []) : splice(b, i, 1, []);
    },
  },
  { name: 'a stray CR or LF inside a line', apply: (b, r) => splice(b, pick(r, b.length), 0, [r() < 0.5 ? CR : LF]) },
  {
    name: 'blank lines and a repeated line',
    apply: (b, r) => {
      const at = positions(b, LF);
      if (at.length < 3) return b;
      const k = 1 + pick(r, at.length - 2);
      const line = b.subarray(at[k - 1] + 1, at[k] + 1);
      return splice(b, at[k] + 1, 0, r() < 0.5 ? [...line] : [CR, LF, LF]);
    },
  },
  { name: 'a NUL and a Windows-1252 byte', apply: (b, r) => splice(splice(b, pick(r, b.length), 0, [0]), pick(r, b.length), 0, [0xe9]) },
];

/** Physical data lines of a CSV that has no quotes and one kind of line end: non-blank lines after the header. */
function physicalRows(b: Uint8Array): number | null {
  if (b.includes(QUOTE)) return null;
  const bom = b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf ? 3 : 0;
  const text = new TextDecoder('latin1').decode(b.subarray(bom));
  const crlf = text.includes('\r\n');
  if (crlf ? /\r(?!\n)|(?<!\r)\n/.test(text) : text.includes('\r')) return null;
  const lines = text.split(crlf ? '\r\n' : '\n').filter((l) => l.replace(/[\s,]/g, '') !== ''); // as the reader: blank fields only
  return Math.max(0, lines.length - 1);
}

function bases(): { label: string; files: InputFile[]; settings: ReturnType<typeof quarterSettings> }[] {
  const a = generateQuarter({ seed: SEED, cards: 60, erpFormat: 'csv', messy: true });
  const b = generateQuarter({ seed: SEED + 1, cards: 60, erpFormat: 'xlsx', timezone: 'Europe/Berlin' });
  const crlf = (f: InputFile): InputFile =>
    f.name.endsWith('.csv') ? { ...f, bytes: new TextEncoder().encode(new TextDecoder().decode(f.bytes).replace(/\r?\n/g, '\r\n')) } : f;
  return [
    { label: 'messy LF quarter', files: quarterInputs(a), settings: quarterSettings(a) },
    { label: 'CRLF quarter with an xlsx ERP', files: quarterInputs(b).map(crlf), settings: quarterSettings(b) },
  ];
}

/** What `fn` returns, or the InputError it throws; any other error fails the case as an internal one. */
async function ending<T>(fn: () => Promise<T>): Promise<T | InputError> {
  try {
    return await fn();
  } catch (err) {
    if (err instanceof InputError) return err;
    throw err;
  }
}

function expectOneLine(err: InputError, where: string): void {
  expect(err.message, where).not.toMatch(/\n|\r|\bat .*\.(ts|js):\d+|TypeError|ReferenceError|undefined|is not a function|unexpected/);
  expect(err.message.length, where).toBeLessThan(600);
}

describe(`mutation fuzzer (seed ${SEED}, ${CASES} cases)`, () => {
  it('every damaged quarter ends in one clear line or a finished run with every row accounted for', async () => {
    const SQL = await sql();
    const quarters = bases();
    const r = rng(SEED);
    const rowsBefore: Record<string, number> = {};
    const tally = { refused: 0, imported: 0, runs: 0, linesChecked: 0, byMutation: {} as Record<string, number> };
    for (let n = 0; n < CASES; n++) {
      const q = quarters[n % quarters.length];
      const target = pick(r, q.files.length);
      const m = MUTATIONS[pick(r, MUTATIONS.length)];
      const original = q.files[target];
      const damaged: InputFile = { ...original, bytes: m.apply(original.bytes, r) };
      const where = `seed ${SEED} case ${n}: ${m.name} in ${original.name} of the ${q.label}`;
      if (process.env.FUZZ_DUMP && Number(process.env.FUZZ_DUMP_CASE) === n) writeFileSync(join(process.env.FUZZ_DUMP, damaged.name), damaged.bytes);
      tally.byMutation[m.name] = (tally.byMutation[m.name] ?? 0) + 1;
      const started = Date.now();
      const imported = await ending(() =>
        importFiles([damaged], undefined, new BusinessCalendar(q.settings.timezone), { liabilityAccounts: q.settings.liabilityAccounts, periodStart: q.settings.periodStart }),
      );
      if (imported instanceof InputError) {
        if (process.env.FUZZ_SHOW_REFUSALS) console.log(`refused: ${imported.message}`);
        expectOneLine(imported, where);
        tally.refused++;
      } else {
        const s = imported.files[0].summary;
        expect(s.rows, where).toBe(s.imported + s.quarantined);
        expect(imported.events.length + imported.opening.length, where).toBe(s.imported);
        const lines = damaged.name.endsWith('.csv') ? physicalRows(damaged.bytes) : null;
        if (lines !== null) {
          expect(s.rows, `${where}: rows read against the file's lines`).toBe(lines);
          tally.linesChecked++;
        }
        const joins = m.joins === undefined ? 1 : m.joins;
        if (joins !== null && damaged.name.endsWith('.csv')) {
          const before = (rowsBefore[`${q.label} ${original.name}`] ??= (await importFiles([original], undefined, new BusinessCalendar(q.settings.timezone), { liabilityAccounts: q.settings.liabilityAccounts, periodStart: q.settings.periodStart })).files[0].summary.rows);
          expect(s.rows, `${where}: rows read against the undamaged file's ${before}`).toBeGreaterThanOrEqual(before - joins);
        }
        for (const quarantined of s.quarantine) expect(quarantined.reason, where).not.toMatch(/[\r\n]|undefined|NaN/);
        tally.imported++;
      }
      if (n % RUN_EVERY === 0) {
        const files = q.files.map((f, i) => (i === target ? damaged : f));
        const c = await ending(() => runCase(SQL, { files, settings: q.settings }));
        if (c instanceof InputError) expectOneLine(c, where);
        else {
          for (const i of c.report.inputs) expect(i.rows, where).toBe(i.imported + i.quarantined);
          c.close();
          tally.runs++;
        }
      }
      expect(Date.now() - started, `${where}: took too long`).toBeLessThan(BUDGET_MS);
    }
    // The cases reach every kind of ending: some refused, most imported, the line count checked on many.
    expect(tally.refused).toBeGreaterThan(0);
    expect(tally.imported).toBeGreaterThan(CASES / 3);
    expect(tally.linesChecked).toBeGreaterThan(CASES / 10);
    expect(Object.keys(tally.byMutation)).toHaveLength(MUTATIONS.length);
    console.log(`fuzzer: ${CASES} cases, ${tally.imported} imported (${tally.linesChecked} against the file's lines), ${tally.refused} refused in one line, ${tally.runs} whole runs`);
  }, 300_000);
});
