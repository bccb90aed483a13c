// Scores a report.json against a known answer (expected.json of a generated or sample quarter): closing
// liability, per-card exactness, and per-category recall and precision of the exceptions.
// usage: npx tsx scripts/score.ts expected.json report.json
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

export function score(expected: Expected, report: Report) {
  const got = new Map<string, number>();
  for (const c of report.cards) if (c.card) got.set(c.card, c.reconstructed_cents);
  const cards = Object.entries(expected.cards);
  const exact = cards.filter(([card, v]) => (got.get(card) ?? 0) === v.true_cents).length;
  const wrongCards = cards.filter(([card, v]) => (got.get(card) ?? 0) !== v.true_cents).map(([card, v]) => `${card}: ${got.get(card)} vs ${v.true_cents}`);
  const cats = new Set([...expected.anomalies.map((a) => a.category), ...report.exceptions.map((x) => x.category)]);
  const key = (r: Ref) => `${r.system}:${r.ref}`;
  const perCategory: Record<string, { expected: number; found: number; tp: number; recall: number; precision: number }> = {};
  for (const cat of [...cats].sort()) {
    const exp = expected.anomalies.filter((a) => a.category === cat);
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
    cards: { total: cards.length, exact, share: cards.length ? exact / cards.length : 1, wrong: wrongCards.slice(0, 10) },
    perCategory,
  };
}

if (process.argv[1]?.endsWith('score.ts')) {
  const [exp, rep] = process.argv.slice(2);
  const r = score(JSON.parse(readFileSync(exp, 'utf8')), JSON.parse(readFileSync(rep, 'utf8')));
  console.log(JSON.stringify(r, null, 1).replace(/\n\s+(?=[\d"}\]-])/g, ' '));
}
