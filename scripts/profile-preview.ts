// Reads export files through import profiles and shows what each row becomes: the preset detection picks (or
// why it refuses the file), rows → records / out of scope (by reason) / quarantined (by reason), the control
// totals, the file's problems, and the first rows of each outcome. With --check DIR (a quarter in the reference
// layouts, e.g. ../shared/samples/q3-2026), the records are compared with the reference rows they stand for.
//
//   npx tsx scripts/profile-preview.ts FILE... [--role ROLE] [--profile FILE.json] [--rows N] [--check DIR] [--keep-all]
//
// --keep-all reads every row as if it were in scope (the preset's row filters and case targets off), so
// that the values of rows a preset sets aside (card payments, payouts) are read too: a check that the preset's
// money and date forms fit what the vendor really writes.
//   npx tsx scripts/profile-preview.ts --dir ../shared/real-exports --dir ../shared/samples/q3-2026-real
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { detectEncoding } from '../shared/import/decode';
import {
  applyProfile, compileProfile, detectProfile, type CompiledProfile, type RawRow, type RowOutcome,
} from '../shared/import/profile';
import { parseAmount } from '../shared/money';
import { parseInstant } from '../shared/time';
import { FILE_ROLES, type FileRole } from '../shared/types';

/** A file's physical rows as a spreadsheet shows them (blank rows kept, numbered from 1). */
function rawRows(path: string): RawRow[] {
  const bytes = new Uint8Array(readFileSync(path));
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) {
    const wb = XLSX.read(bytes, { type: 'array', dense: true, raw: true, cellDates: false });
    const ws = wb.Sheets[wb.SheetNames[0]];
    const data = (ws['!data'] ?? []) as (XLSX.CellObject | undefined)[][];
    return data.map((r, i) => ({ row: i + 1, cells: (r ?? []).map((c) => (c === undefined || c.t === 'z' || c.t === 'e' ? null : (c.v ?? null))) }));
  }
  const enc = detectEncoding(bytes);
  if (!enc) throw new Error(`${path}: not a text file`);
  const text = new TextDecoder(enc.encoding).decode(bytes.subarray(enc.offset));
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: false });
  const rows = parsed.data.map((cells, i) => ({ row: i + 1, cells }));
  // papaparse gives the text's final line end as one more, empty row.
  if (rows.length && rows[rows.length - 1].cells.length === 1 && rows[rows.length - 1].cells[0] === '') rows.pop();
  return rows;
}

function chunks(rows: RawRow[], size: number): () => Iterable<RawRow[]> {
  return function* () {
    for (let i = 0; i < rows.length; i += size) yield rows.slice(i, i + size);
  };
}

interface Args {
  files: string[];
  role?: FileRole;
  profile?: string;
  rows: number;
  check?: string;
  keepAll?: boolean;
}

function parseArgs(argv: string[]): Args {
  const a: Args = { files: [], rows: 3 };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[i];
    if (v === '--role') a.role = argv[++i] as FileRole;
    else if (v === '--profile') a.profile = argv[++i];
    else if (v === '--rows') a.rows = Number(argv[++i]);
    else if (v === '--check') a.check = argv[++i];
    else if (v === '--keep-all') a.keepAll = true;
    else if (v === '--dir') {
      const dir = argv[++i];
      const walk = (d: string): string[] => readdirSync(d).sort().flatMap((f) => {
        const p = join(d, f);
        return statSync(p).isDirectory() ? walk(p) : /\.(csv|xlsx)$/i.test(f) && !/^opening_balances/.test(f) ? [p] : [];
      });
      a.files.push(...walk(dir));
    } else a.files.push(v);
  }
  if (a.role && !FILE_ROLES.includes(a.role)) throw new Error(`--role: '${a.role}' is not one of ${FILE_ROLES.join(', ')}`);
  return a;
}

const short = (s: string, n = 90) => (s.length > n ? `${s.slice(0, n - 1)}…` : s);

function preview(path: string, args: Args): void {
  const rows = rawRows(path);
  console.log(`\n=== ${path} (${rows.length} physical rows)`);
  let profile: CompiledProfile;
  if (args.profile) profile = compileProfile(JSON.parse(readFileSync(args.profile, 'utf8')));
  else {
    const d = detectProfile(rows.slice(0, 50), { role: args.role });
    const top = d.candidates.slice(0, 3).map((c) => `${c.id} ${c.fits ? 'fits' : 'no'} ${(c.score * 100).toFixed(0)}% (${c.matched}/${c.of}) row ${c.headerRow}`);
    console.log(`detect: ${top.join(' | ')}`);
    if (!d.best) {
      console.log(`REFUSED: ${d.refusal}`);
      return;
    }
    profile = d.best.profile;
    console.log(`profile: ${profile.id} (role ${d.role}, header row ${d.best.headerRow}${profile.renameOnly ? ', fast path: renames only' : ''})`);
  }
  if (args.keepAll) profile = keepAll(profile);
  const outcomes: RowOutcome[] = [];
  const summary = applyProfile(profile, chunks(rows, 97), (o) => outcomes.push(...o), { file: basename(path), format: /\.xlsx$/i.test(path) ? 'xlsx' : 'csv' });
  console.log(`rows ${summary.rows} = records ${summary.records} + out of scope ${summary.outOfScope} + quarantined ${summary.quarantined}`
    + `${summary.rows === summary.records + summary.outOfScope + summary.quarantined ? '' : '  ** DOES NOT ADD UP **'}`);
  for (const [r, n] of Object.entries(summary.outOfScopeReasons)) console.log(`  out of scope ${String(n).padStart(5)}  ${r}`);
  const q = new Map<string, { n: number; rows: number[] }>();
  for (const o of outcomes) {
    if (o.kind !== 'quarantine') continue;
    const key = `[${o.column ?? '-'}] ${o.reason.replace(/'[^']*'/g, "'…'").replace(/row \d+/g, 'row N')}`;
    const e = q.get(key) ?? { n: 0, rows: [] };
    e.n++;
    if (e.rows.length < 5) e.rows.push(o.row);
    q.set(key, e);
  }
  for (const [k, e] of q) console.log(`  quarantined  ${String(e.n).padStart(5)}  ${short(k, 160)} (rows ${e.rows.join(', ')})`);
  for (const [k, n] of Object.entries(summary.markers)) console.log(`  marker       ${String(n).padStart(5)}  ${k}`);
  for (const [k, m] of Object.entries(summary.money)) console.log(`  total ${k}: ${m.total} over ${m.count} values`);
  console.log(`  dates: ${summary.dateOrder.how}${summary.dateOrder.order ? ` ${summary.dateOrder.order}` : ''}`);
  for (const p of summary.problems) console.log(`  PROBLEM ${p.kind}: ${p.message}`);
  const firstQ = outcomes.filter((o) => o.kind === 'quarantine').slice(0, args.rows);
  for (const o of firstQ) if (o.kind === 'quarantine') console.log(`  e.g. row ${o.row} quarantined: ${o.column ?? '-'}: ${short(o.reason, 200)}`);
  const recs = outcomes.filter((o) => o.kind === 'record').slice(0, args.rows);
  for (const o of recs) {
    if (o.kind !== 'record') continue;
    const shown = profile.columns.map((c, i) => `${c}=${o.values[i]}`).filter((s) => !s.endsWith('=')).join(' | ');
    console.log(`  e.g. row ${o.row}: ${short(shown, 260)}${o.markers ? ` markers ${JSON.stringify(o.markers)}` : ''}`);
  }
  if (args.check) check(path, profile, outcomes, args.check);
}

/** The profile with its scope decisions off: no row filters, no other-accounts rule, out-of-scope and quarantine targets blank. */
function keepAll(p: CompiledProfile): CompiledProfile {
  const strip = (v: unknown): unknown => {
    if (Array.isArray(v)) return v.map(strip);
    if (v === null || typeof v !== 'object') return v;
    const keys = Object.keys(v);
    if (keys.length === 1 && (keys[0] === 'outOfScope' || keys[0] === 'quarantine')) return '';
    return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, strip(x)]));
  };
  const def = { ...p.def, id: `${p.id}.keep-all`, rows: [], fields: strip(p.def.fields) } as Record<string, unknown>;
  delete def.otherAccounts;
  return compileProfile(def);
}

// ---- --check: the records against the reference-layout quarter they were rendered from ----------------------

function refRows(dir: string, role: FileRole): Record<string, string>[] {
  const file = readdirSync(dir).find((f) => f.startsWith(role === 'erp' ? 'erp.' : `${role}.`));
  if (!file) throw new Error(`--check: no ${role} file in ${dir}`);
  const rows = rawRows(join(dir, file));
  const headers = rows[0].cells.map((c) => String(c));
  return rows.slice(1).map((r) => Object.fromEntries(headers.map((h, i) => [h, r.cells[i] == null ? '' : String(r.cells[i])])));
}

const cents = (s: string) => (s === '' ? '' : String(Math.round(Number(String(s).replace(/[$,]/g, '')) * 100)));
const instant = (s: string, utc = false) => {
  const r = parseInstant(s, { assumeUtc: utc });
  return r.ok ? r.ms : `bad:${s}`;
};
const excelDate = (v: string) => (/^\d+(\.\d+)?$/.test(v) ? new Date(Date.UTC(1899, 11, 30) + Math.floor(Number(v)) * 864e5).toISOString().slice(0, 10) : v);

function check(path: string, profile: CompiledProfile, outcomes: RowOutcome[], dir: string): void {
  const role = profile.role;
  const ref = refRows(dir, role);
  const recs = outcomes.flatMap((o) => (o.kind === 'record' ? [Object.fromEntries(profile.columns.map((c, i) => [c, o.values[i]]))] : []));
  const problems: string[] = [];
  let compared = 0;
  const cmp = (what: string, a: unknown, b: unknown) => {
    if (String(a) !== String(b)) problems.push(`${what}: profile '${String(a)}' vs reference '${String(b)}'`);
  };
  if (role === 'platform') {
    const byId = new Map(ref.map((r) => [r['Transaction ID'], r]));
    for (const r of recs) {
      const x = byId.get(r['Transaction ID']);
      if (!x) {
        problems.push(`${r['Transaction ID']}: not in the reference`);
        continue;
      }
      compared++;
      const id = r['Transaction ID'];
      cmp(`${id} Card`, r['Card Number'], x['Card Number']);
      cmp(`${id} Type`, r.Type, x.Type);
      if (r.Amount !== '' || x.Type !== 'Expiry') cmp(`${id} Amount`, cents(r.Amount), cents(x.Amount));
      cmp(`${id} Balance After`, cents(r['Balance After']), cents(x['Balance After']));
      cmp(`${id} Timestamp`, instant(r.Timestamp), instant(x.Timestamp));
      if (x.Type !== 'Void') cmp(`${id} Order Ref`, r['Order Ref'], x['Order Ref']); // a void's order is its redemption's (inferred)
      cmp(`${id} Currency`, r.Currency, x.Currency);
      if (x.Type !== 'Void') cmp(`${id} Voids Txn`, r['Voids Txn'], x['Voids Txn']);
      cmp(`${id} manual`, r.Operator.startsWith('csr:'), x.Operator.startsWith('csr:'));
    }
    console.log(`  check: ${recs.length} records, ${ref.length} reference rows, ${compared} compared`);
  } else if (role === 'payments') {
    const byId = new Map(ref.map((r) => [r.id, r]));
    const inScope = ref.filter((r) => /gift\s*card/i.test(r.Description));
    for (const r of recs) {
      const x = byId.get(r.id);
      if (!x) {
        problems.push(`${r.id}: not in the reference`);
        continue;
      }
      compared++;
      cmp(`${r.id} Type`, r.Type, x.Type);
      cmp(`${r.id} Amount`, cents(r.Amount), cents(x.Amount));
      cmp(`${r.id} Order ID`, r['Order ID'], x['Order ID']);
      const a = instant(r['Created (UTC)'], true);
      const b = instant(x['Created (UTC)'], true);
      if (typeof a !== 'number' || typeof b !== 'number' || Math.floor(a / 60000) !== Math.floor(b / 60000)) problems.push(`${r.id} Created: ${r['Created (UTC)']} vs ${x['Created (UTC)']}`);
    }
    console.log(`  check: ${recs.length} records (gift card), reference rows in scope ${inScope.length}, ${compared} compared`);
  } else if (role === 'storefront') {
    // No transaction ids: compare the multiset of (order, event, amount, status, instant).
    const key = (r: Record<string, string>) => `${r.Order}|${r.Event}|${cents(r.Amount)}|${r.Status}|${instant(r['Created At'])}`;
    const want = new Map<string, number>();
    for (const x of ref) if (x.Event !== 'gift_card_sold') want.set(key(x), (want.get(key(x)) ?? 0) + 1);
    for (const r of recs) {
      const k = key(r);
      const n = want.get(k) ?? 0;
      if (n === 0) problems.push(`storefront record not in the reference: ${k}`);
      else want.set(k, n - 1);
      compared++;
    }
    for (const [k, n] of want) if (n > 0) problems.push(`reference row not read: ${k} (x${n})`);
    console.log(`  check: ${recs.length} records, ${ref.filter((x) => x.Event !== 'gift_card_sold').length} reference rows (gift_card_sold rows are card payments in Shopify), ${compared} compared`);
  } else if (role === 'erp') {
    // Lines compared by what they book: journal, date, account, net (credit - debit), reference, instrument. A
    // Journal report keeps the entry's line numbers; a General Ledger spreads an entry over its accounts' sections.
    const net = (r: Record<string, string>) => {
      const amt = (v: string) => (v === '' ? 0 : (parseAmount(v) as { ok: boolean; cents: number }).ok ? (parseAmount(v) as { cents: number }).cents : NaN);
      return amt(r.Credit) - amt(r.Debit);
    };
    const refDate = (v: string) => excelDate(v).replace(/^(\d\d)\/(\d\d)\/(\d{4})$/, '$3-$1-$2');
    const keyOf = (j: string, date: string, account: string, n: number) => `${j}|${date}|${account}|${n}`;
    const ledger = !!profile.def.otherAccounts;
    const want = new Map<string, Record<string, string>[]>();
    for (const x of ref) {
      if (ledger && !/^24[12]0/.test(x.Account)) continue;
      const k = keyOf(x.Journal, refDate(x.Date), x.Account, net(x));
      want.set(k, [...(want.get(k) ?? []), x]);
    }
    for (const r of recs) {
      const k = keyOf(r.Journal, r.Date, r.Account, net(r));
      const x = want.get(k)?.shift();
      if (!x) {
        problems.push(`${r.Journal}:${r.Line} ${r.Date} ${r.Account} ${net(r)}: no such reference line`);
        continue;
      }
      compared++;
      if (!ledger) cmp(`${r.Journal}:${r.Line} Line`, r.Line, x.Line);
      cmp(`${r.Journal}:${r.Line} Reference`, r.Reference, /^GT-/.test(x.Reference) ? x.Reference : '');
      const liability = /^24[12]0/.test(x.Account);
      cmp(`${r.Journal}:${r.Line} Instrument`, r.Instrument, liability ? (x.Account.startsWith('2420') ? 'store_credit' : 'gift_card') : '');
    }
    for (const [k, xs] of want) for (const _ of xs) problems.push(`reference line not read: ${k}`);
    console.log(`  check: ${recs.length} records, ${ref.length} reference lines${ledger ? ' (a General Ledger read for its liability accounts: those lines only)' : ''}, ${compared} compared`);
  }
  console.log(problems.length ? `  CHECK: ${problems.length} differences\n    ${problems.slice(0, 15).join('\n    ')}` : '  CHECK: every record equals the reference row it stands for');
}

const args = parseArgs(process.argv.slice(2));
if (!args.files.length) {
  console.error('usage: npx tsx scripts/profile-preview.ts FILE... | --dir DIR [--role ROLE] [--profile FILE.json] [--rows N] [--check DIR]');
  process.exit(2);
}
for (const f of args.files) {
  try {
    preview(f, args);
  } catch (err) {
    console.log(`ERROR: ${(err as Error).message}`);
  }
}
