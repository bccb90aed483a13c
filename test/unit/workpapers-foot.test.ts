// The workpapers foot as read: on a generated quarter with every kind of exception (and an opening balance),
// every money sheet's lines sum to its total row, and the totals tie to report.json's liability figures.
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { CATEGORIES, CATEGORY_LABELS } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { runQuarter } from './engine-helpers';

type Row = (string | number | null)[];
const toCents = (v: unknown) => Math.round(Number(v ?? 0) * 100);
const sum = (rows: Row[], col: number) => rows.reduce((a, r) => a + toCents(r[col]), 0);

function sheets(bytes: Uint8Array): Record<string, Row[]> {
  const book = XLSX.read(bytes, { type: 'array' });
  return Object.fromEntries(book.SheetNames.map((n) => [n, XLSX.utils.sheet_to_json<Row>(book.Sheets[n], { header: 1, defval: null }).slice(1)]));
}

describe('workpapers.xlsx', () => {
  it('records each quarantined row as read and what read each file', async () => {
    const q = generateQuarter({ seed: 11, cards: 120, timezone: 'America/New_York', messy: true });
    const c = await runQuarter(q);
    const r = c.report;
    const wb = sheets(c.workpapers(undefined, { unmasked: true }));
    const quarantined = r.inputs.flatMap((i) => i.quarantine.map((x) => ({ system: i.system, ...x })));
    expect(quarantined.length).toBeGreaterThan(0);
    expect(wb.Quarantine).toHaveLength(quarantined.length);
    for (const [n, x] of wb.Quarantine.entries()) {
      const want = quarantined[n];
      expect([x[0], x[2], x[4]]).toEqual([want.system, want.row, want.reason]);
      // The row's text as the case keeps it: the reviewer judges the reason without the source file.
      const raw = c.quarantine(want.system as never).find((e) => e.row === want.row)!.raw;
      expect(x[5]).toBe(raw);
    }
    expect(wb.Sources.map((x) => x[0])).toEqual(r.inputs.map((i) => i.system));
    c.close();
  });

  it('foots: every money sheet totals its lines, and the totals tie to report.json', async () => {
    const q = generateQuarter({ seed: 7, cards: 300, timezone: 'America/New_York', anomalies: Object.fromEntries(CATEGORIES.map((k) => [k, 3])) });
    const c = await runQuarter(q);
    const r = c.report;
    const L = r.liability;
    expect(r.exceptions.length).toBeGreaterThan(20);
    const wb = sheets(c.workpapers());

    // Roll-forward: each line signed as it moves the balance; the lines above the closing sum to it.
    const rf = wb['Roll-forward'];
    expect(rf.map((x) => x[0])).toEqual(['Opening balance', 'Issued', 'Reloaded', 'Redeemed', 'Refunded to cards', 'Voided (net)', 'Adjusted (net)', 'Expired', 'Closing balance']);
    expect(toCents(rf[3][1])).toBe(-L.rollforward.redeemed_cents);
    expect(L.rollforward.redeemed_cents).toBeGreaterThan(0);
    expect(sum(rf.slice(0, -1), 1)).toBe(toCents(rf.at(-1)![1]));
    expect(toCents(rf.at(-1)![1])).toBe(L.reconstructed_closing_cents);

    // Bridge: ERP closing, the lines (by their labels), their total, the reconstructed closing.
    const bridge = wb.Bridge;
    const lines = bridge.slice(1, -2);
    const [total, end] = bridge.slice(-2);
    expect(lines.map((x) => x[0])).toEqual(L.bridge.map((b) => CATEGORY_LABELS[b.category as keyof typeof CATEGORY_LABELS] ?? 'Opening balance difference'));
    expect(total[0]).toBe('Total of the bridge lines');
    expect(toCents(total[2])).toBe(sum(lines, 2));
    expect(total[1]).toBe(lines.reduce((a, x) => a + Number(x[1]), 0));
    expect(toCents(bridge[0][2])).toBe(L.erp_closing_cents);
    expect(toCents(bridge[0][2]) + toCents(total[2])).toBe(toCents(end[2]));
    expect(toCents(end[2])).toBe(L.reconstructed_closing_cents);

    // Exceptions: each money column totalled; the effects on the ERP bridge are the bridge's category lines.
    const ex = wb.Exceptions;
    const [exLines, exTotal] = [ex.slice(0, -1), ex.at(-1)!];
    expect(exLines).toHaveLength(r.exceptions.length);
    expect(exTotal[0]).toBe(`Total (${r.exceptions.length})`);
    for (const col of [5, 6, 7]) expect(toCents(exTotal[col])).toBe(sum(exLines, col));
    const categories = L.bridge.filter((b) => b.category !== 'OPENING_BALANCE_DIFFERENCE').reduce((a, b) => a + b.amount_cents, 0);
    expect(toCents(exTotal[6])).toBe(categories);
    expect(new Set(exLines.map((x) => x[1]))).toEqual(new Set(r.exceptions.map((x) => CATEGORY_LABELS[x.category])));

    // Balances: the cards' total is the reconstructed closing and the platform's.
    const bal = wb.Balances;
    const [balLines, balTotal] = [bal.slice(0, -1), bal.at(-1)!];
    expect(balLines).toHaveLength(r.cards.length);
    for (const col of [4, 5, 6, 7, 8]) expect(toCents(balTotal[col])).toBe(sum(balLines, col));
    // Opening + movement = reconstructed on every card; the openings sum to the roll-forward's opening balance.
    for (const x of balLines) expect(toCents(x[4]) + toCents(x[5])).toBe(toCents(x[6]));
    expect(toCents(balTotal[4])).toBe(L.rollforward.opening_cents);
    expect(toCents(balTotal[4])).toBeGreaterThan(0);
    expect(toCents(balTotal[6])).toBe(L.reconstructed_closing_cents);
    expect(toCents(balTotal[7])).toBe(L.platform_reported_closing_cents);

    // Correcting entries: the journal lines of journal_entries.csv, debits equal to credits.
    const je = wb['Correcting entries'];
    const [jeLines, jeTotal] = [je.slice(0, -1), je.at(-1)!];
    expect(jeLines).toHaveLength(r.exceptions.filter((x) => (x.erp_effect_cents ?? 0) !== 0).length * 2);
    expect(toCents(jeTotal[4])).toBe(sum(jeLines, 4));
    expect(toCents(jeTotal[5])).toBe(sum(jeLines, 5));
    expect(toCents(jeTotal[4])).toBe(toCents(jeTotal[5]));
    expect(toCents(jeTotal[4])).toBe(r.exceptions.reduce((a, x) => a + Math.abs(x.erp_effect_cents ?? 0), 0));

    // Tie-out: every figure set beside report.json's, none off.
    const tie = wb['Tie-out'];
    expect(tie.length).toBeGreaterThanOrEqual(8);
    for (const row of tie) {
      expect(toCents(row[4]), String(row[2])).toBe(0);
      expect(toCents(row[3]) - toCents(row[1])).toBe(0);
    }
    expect(toCents(tie[0][1])).toBe(L.reconstructed_closing_cents);
    c.close();
  });
});
