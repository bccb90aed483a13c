// Control totals of money (docs/formats.md §5.1 inputs[].money): per file and money column, over every row read, as
// written, so that they tie to the source system's own total of the same export.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { MoneyTotals } from '../../shared/import/money-totals';
import { generateQuarter, quarterFiles } from '../fixtures/generate';
import { runQuarter } from './engine-helpers';

/** "1,234.50", "-3.1", "(2.00)" → cents, by string surgery (not the engine's parser). */
function cents(text: string): number {
  const neg = /^\(.*\)$|^-/.test(text.trim());
  const [units, frac = ''] = text.replace(/[^0-9.]/g, '').split('.');
  return (neg ? -1 : 1) * (Number(units) * 100 + Number(frac.padEnd(2, '0')));
}

function csvTotal(text: string, column: string): number {
  const rows = Papa.parse<Record<string, string>>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true }).data;
  return rows.reduce((a, r) => a + (r[column]?.trim() ? cents(r[column]) : 0), 0);
}

describe('money control totals', () => {
  it('sum each money column of each file as written, and land in report.json', async () => {
    const q = generateQuarter({ seed: 12, cards: 120 });
    const files = quarterFiles(q);
    const c = await runQuarter(q);
    const inputs = c.report.inputs;
    const total = (system: string, column: string) => inputs.find((i) => i.system === system)?.money?.find((m) => m.column === column)?.total_cents;
    expect(total('platform', 'Amount')).toBe(csvTotal(files['platform.csv'] as string, 'Amount'));
    expect(total('storefront', 'Amount')).toBe(csvTotal(files['storefront.csv'] as string, 'Amount'));
    expect(total('payments', 'Amount')).toBe(csvTotal(files['payments.csv'] as string, 'Amount'));
    expect(total('opening', 'Balance')).toBe(csvTotal(files['opening_balances.csv'] as string, 'Balance'));
    const wb = XLSX.read(files['erp.xlsx'] as Uint8Array, { type: 'array' });
    const erp = XLSX.utils.sheet_to_json<Record<string, number | string>>(wb.Sheets[wb.SheetNames[0]]);
    for (const col of ['Debit', 'Credit']) {
      expect(total('erp', col)).toBe(erp.reduce((a, r) => a + (r[col] === undefined || r[col] === '' ? 0 : Math.round(Number(r[col]) * 100)), 0));
    }
    const json = JSON.parse(c.reportJson()) as { inputs: { money: unknown[] }[] };
    expect(json.inputs[0].money.length).toBeGreaterThan(0);
    c.close();
  });

  it('count every row read, quarantined ones too, and keep cells that are not amounts apart', () => {
    const t = new MoneyTotals('payments.csv', 'payments', { index: { Amount: 1, Fee: 2, Net: -1 } }, ['id', 'Gross', 'Fee']);
    t.push({
      rows: [
        ['p1', '100.00', '-3.20'],
        ['p2', '$1,000.50', ''],
        ['p3', 'n/a', '-0.30'],
      ],
    });
    t.push({ rows: [['p4', '(0.50)', null]] });
    expect(t.result()).toEqual([
      { column: 'Amount', header: 'Gross', total_cents: 110000, cells: 3, unreadable: 1 },
      { column: 'Fee', header: 'Fee', total_cents: -350, cells: 2, unreadable: 0 },
    ]);
  });

  it('read a file of decimal commas as the normalizer does, and leave damaged rows out', () => {
    const t = new MoneyTotals('p.csv', 'platform', { index: { Amount: 1 } }, ['id', 'Betrag']);
    const rows = Array.from({ length: 25 }, (_, i) => [`t${i}`, '1.234,50']);
    rows.push(['bad', '12.50']); // a decimal point among decimal commas: not an amount of this file
    t.push({ rows: rows.slice(0, 10) });
    t.push({ rows: [...rows.slice(10), ['x', '99,00']], damaged: new Map([[16, { reason: 'shifted', column: null }]]) });
    expect(t.result()).toEqual([{ column: 'Amount', header: 'Betrag', total_cents: 25 * 123450, cells: 25, unreadable: 1 }]);
  });

  it('stay exact past 2^53 in the running sum; a total that cannot be carried exactly is left out, and said', () => {
    const big = '9999999999999.99'; // the largest amount a cell may hold: 10^15 − 1 cents
    const rows = (n: number, debit: string, credit: string) => Array.from({ length: n }, () => [debit, credit]);
    const exact = new MoneyTotals('erp.csv', 'erp', { index: { Debit: 0, Credit: -1 } }, ['Debit', 'Credit']);
    exact.push({ rows: [...rows(10, big, big), ...rows(10, '-' + big, '0.01')] });
    expect(exact.result()).toEqual([{ column: 'Debit', header: 'Debit', total_cents: 0, cells: 20, unreadable: 0 }]);
    const t = new MoneyTotals('erp.csv', 'erp', { index: { Debit: 0, Credit: 1 } }, ['Debit', 'Credit']);
    t.push({ rows: [...rows(10, big, big), ...rows(10, '-' + big, '0.01')] });
    // Not a refusal of the run (the engine refuses such a sum where it reaches the figures, naming the row).
    expect(t.result()).toEqual([{ column: 'Debit', header: 'Debit', total_cents: 0, cells: 20, unreadable: 0 }]);
    expect(t.notes()).toEqual(['erp.csv: the Credit column sums past 2^53 − 1 cents, more than this tool carries exactly: no control total for it']);
    expect(exact.notes()).toEqual([]);
  });
});
