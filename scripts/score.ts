// Scores a report.json against a known answer (expected.json of a generated or sample quarter): closing
// liability, per-card exactness, and per-category recall and precision of the exceptions.
//
// In vendor layouts the files do not carry every id the known answer names: refmap.json says where each such
// record sits (its file and row, the header row being 1). A storefront row of an export without ids is named
// by its row key `R<row>` (the physical row: a title block above the header shifts it); given the case file,
// any record is named by the key of the event imported from its row. Cards no file can tie to a storefront-only
// movement (refmap `unattributable_cards`) are not scored one by one: their movement must sit on a card-less
// line of its order instead.
// usage: npx tsx scripts/score.ts expected.json report.json [refmap.json [case.sqlite | case.duckdb]]
import { readFileSync } from 'node:fs';
import type { Report } from '../shared/types';

interface Ref { system: string; ref: string }
interface Expected {
  reconstructed_closing_cents: number;
  erp_closing_cents: number;
  platform_reported_closing_cents: number;
  cards: Record<string, { true_cents: number }>;
  anomalies: { category: string; records: Ref[] }[];
  unassigned?: { true_cents: number }[];
}

/** What score reads of refmap.json (the generator's and the sample's). */
export interface RefmapLike {
  lost_ref_systems: string[];
  /** File line of each file's header row (the generator's refmap); the sample's names the ERP's only. */
  header_lines?: Record<string, number>;
  erp_header_line?: number;
  render?: { files?: Record<string, string> };
  unattributable_cards: string[];
  unattributable?: { card: string; order: string; storefront_ref: string; amount_cents: number }[];
  records: { system: string; ref: string; file: string; row: number }[];
}

/** The key of the event imported from a file's physical row; undefined when none was. */
export type KeyAt = (system: string, file: string, physicalRow: number) => string | undefined;

/** A generated row key: `R<row>`, as a profile makes one for a file without ids. */
const rowKey: KeyAt = (_system, _file, row) => `R${row}`;

/** The known answer's record ids as the report names them: the same, or, where the files lost them, by row. */
export function translateRefs(refmap: RefmapLike, keyAt: KeyAt = rowKey): (r: Ref) => Ref {
  const erpFile = refmap.render?.files?.erp;
  const headerLine = (file: string) => refmap.header_lines?.[file] ?? (file === erpFile ? (refmap.erp_header_line ?? 1) : 1);
  const lost = new Set(refmap.lost_ref_systems);
  const byRef = new Map<string, Ref>();
  for (const rec of refmap.records) {
    if (!lost.has(rec.system)) continue;
    const key = keyAt(rec.system, rec.file, rec.row + headerLine(rec.file) - 1);
    if (key !== undefined) byRef.set(`${rec.system}:${rec.ref}`, { system: rec.system, ref: key });
  }
  return (r) => byRef.get(`${r.system}:${r.ref}`) ?? r;
}

export function score(expected: Expected, report: Report, opts: { refmap?: RefmapLike; keyAt?: KeyAt } = {}) {
  const { refmap } = opts;
  const translate = refmap ? translateRefs(refmap, opts.keyAt) : (r: Ref) => r;
  const unattributable = new Set(refmap?.unattributable_cards ?? []);
  const got = new Map<string, number>();
  for (const c of report.cards) if (c.card) got.set(c.card, c.reconstructed_cents);
  const cards = Object.entries(expected.cards).filter(([card]) => !unattributable.has(card));
  const exact = cards.filter(([card, v]) => (got.get(card) ?? 0) === v.true_cents).length;
  const wrongCards = cards.filter(([card, v]) => (got.get(card) ?? 0) !== v.true_cents).map(([card, v]) => `${card}: ${got.get(card)} vs ${v.true_cents}`);
  // A storefront-only movement no file ties to its card: on a card-less line of its order, never on a guessed card.
  const cardless = (refmap?.unattributable ?? []).map((u) => {
    const row = translate({ system: 'storefront', ref: u.storefront_ref }).ref;
    return {
      onNullLine: report.cards.some((c) => c.card === null && c.order === u.order),
      guessedCard: report.exceptions.some((x) => x.card !== null && x.records.some((r) => r.system === 'storefront' && r.ref === row)),
    };
  });
  const anomalies = expected.anomalies.map((a) => ({ category: a.category, records: a.records.map(translate) }));
  const cats = new Set([...anomalies.map((a) => a.category), ...report.exceptions.map((x) => x.category)]);
  const key = (r: Ref) => `${r.system}:${r.ref}`;
  const perCategory: Record<string, { expected: number; found: number; tp: number; recall: number; precision: number }> = {};
  for (const cat of [...cats].sort()) {
    const exp = anomalies.filter((a) => a.category === cat);
    const fnd = report.exceptions.filter((x) => x.category === cat);
    const overlaps = (a: Ref[], b: Ref[]) => a.some((r) => b.some((s) => key(r) === key(s)));
    const tpE = exp.filter((a) => fnd.some((x) => overlaps(a.records, x.records))).length;
    const tpF = fnd.filter((x) => exp.some((a) => overlaps(a.records, x.records))).length;
    perCategory[cat] = { expected: exp.length, found: fnd.length, tp: tpE, recall: exp.length ? tpE / exp.length : 1, precision: fnd.length ? tpF / fnd.length : 1 };
  }
  return {
    closing: { expected: expected.reconstructed_closing_cents, got: report.liability.reconstructed_closing_cents, exact: expected.reconstructed_closing_cents === report.liability.reconstructed_closing_cents },
    erp: { expected: expected.erp_closing_cents, got: report.liability.erp_closing_cents },
    platform: { expected: expected.platform_reported_closing_cents, got: report.liability.platform_reported_closing_cents },
    cards: {
      total: cards.length, exact, share: cards.length ? exact / cards.length : 1, wrong: wrongCards.slice(0, 10),
      unattributable: { total: cardless.length, onNullLine: cardless.filter((u) => u.onNullLine && !u.guessedCard).length },
    },
    perCategory,
  };
}

const EVENT_KEYS = 'SELECT f.name, e.row, e.key FROM events e JOIN files f ON f.id = e.file_id';

/** The key of each event by its file's name and row, from a case file: case.sqlite or case.duckdb, read by the engine's own readers. */
async function keysFromCase(path: string): Promise<KeyAt> {
  const keys = new Map<string, string>();
  for (const [name, row, key] of await caseRows(path, EVENT_KEYS)) keys.set(`${name}|${row}`, String(key));
  return (_system, file, row) => keys.get(`${file}|${row}`);
}

async function caseRows(path: string, sql: string): Promise<unknown[][]> {
  if (path.endsWith('.duckdb')) {
    // Opened where it is, read-only, on one worker (an engine would also start a spare one for a new case).
    const { DEFAULT_MEMORY_LIMIT, DuckDb } = await import('../shared/node/duckdb/duckdb-db');
    const db = DuckDb.open({ path, readOnly: true, memoryLimit: DEFAULT_MEMORY_LIMIT }, []);
    try {
      return db.rows(sql);
    } finally {
      db.close();
    }
  }
  const { loadSqlJs } = await import('../shared/node/files');
  const SQL = await loadSqlJs();
  const db = new SQL.Database(readFileSync(path));
  try {
    return db.exec(sql)[0]?.values ?? [];
  } finally {
    db.close();
  }
}

if (process.argv[1]?.endsWith('score.ts')) {
  const [exp, rep, map, caseFile] = process.argv.slice(2);
  const refmap = map ? (JSON.parse(readFileSync(map, 'utf8')) as RefmapLike) : undefined;
  const keyAt = caseFile ? await keysFromCase(caseFile) : undefined;
  const r = score(JSON.parse(readFileSync(exp, 'utf8')), JSON.parse(readFileSync(rep, 'utf8')), { refmap, keyAt });
  console.log(JSON.stringify(r, null, 1).replace(/\n\s+(?=[\d"}\]-])/g, ' '));
}
