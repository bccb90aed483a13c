// The Import screen's preview of a file before a run (inspectFile): a workbook's dates as Excel shows them.
import { describe, expect, it } from 'vitest';
import { inspectFile } from '../../shared/import/inspect';
import { generateQuarter, quarterFiles } from '../fixtures/generate';

describe('the preview of a workbook', () => {
  it('shows posting dates as dates, not as Excel serials', () => {
    const q = generateQuarter({ seed: 4, cards: 40 });
    const bytes = quarterFiles(q)['erp.xlsx'] as Uint8Array;
    const insp = inspectFile({ role: 'erp', name: 'erp.xlsx', bytes });
    const at = insp.headers.indexOf(insp.columns['Date']!);
    expect(insp.preview.length).toBeGreaterThan(0);
    for (const row of insp.preview) {
      expect(row[at]).toMatch(/^\d{4}-\d{2}-\d{2}$/);
      expect(row[at] >= '2026-01-01' && row[at] <= '2027-01-31').toBe(true);
    }
    // Money cells stay as they are.
    const debit = insp.headers.indexOf(insp.columns['Debit']!);
    expect(insp.preview.some((r) => /^\d+(\.\d+)?$/.test(r[debit]))).toBe(true);
  });
});
