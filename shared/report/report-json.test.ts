import { describe, expect, it, vi } from 'vitest';
import { runCase } from '../case/pipeline';
import { loadSqlJs } from '../node/files';
import { tinyQuarter, TINY_SETTINGS } from '../testing/tiny-quarter';
import { reportToJson, unsealedReportJson } from './report-json';
import type { Report } from '../types';

/** The report parsed, its seal deleted, written again: what unsealedReportJson must give, however it gets there. */
function reparsed(json: string): string {
  const r = JSON.parse(json) as Report;
  delete r.audit_seal;
  return reportToJson(r);
}

describe('report.json without its seal', () => {
  it('is the report written again without the seal, for a run and after a decision moves the log', async () => {
    const c = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: TINY_SETTINGS });
    const first = c.reportJson();
    expect(first).toContain('"audit_seal"');
    expect(unsealedReportJson(first)).toBe(reparsed(first));
    expect(unsealedReportJson(first)).not.toContain('audit_seal');
    // Cut off the end, not parsed: a report of 200 MB would take gigabytes as objects.
    const parse = vi.spyOn(JSON, 'parse');
    try {
      unsealedReportJson(first);
      expect(parse).not.toHaveBeenCalled();
    } finally {
      parse.mockRestore();
    }
    c.decide([{ key: c.report.exceptions[0].key!, action: 'accept', user: 'ana', at: '2026-10-15T10:00:00.000Z' }], 'one');
    const second = c.reportJson();
    expect(second).not.toBe(first);
    expect(unsealedReportJson(second)).toBe(reparsed(second));
  });

  it('falls back to parsing where the seal is not written as the report writes it', () => {
    const compact = JSON.stringify({ period: { start: '2026-07-01' }, audit_seal: { entries: 1, head: 'ab' } });
    expect(unsealedReportJson(compact)).toBe(reportToJson({ period: { start: '2026-07-01' } } as unknown as Report));
    const notLast = reportToJson({ audit_seal: { entries: 1, head: 'ab' }, notes: [] } as unknown as Report);
    expect(unsealedReportJson(notLast)).toBe(reportToJson({ notes: [] } as unknown as Report));
  });
});
