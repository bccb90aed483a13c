import { describe, expect, it } from 'vitest';
import { previewFile } from '../../shared/import/inspect';
import { referenceProfile } from '../../shared/import/profile';
import { generateQuarter } from '../fixtures/generate';
import { GIFTLOOP_PROFILE, giftLoop } from './giftloop';

// The editor's preview of a file under a profile: a profile that does not fit the file gives its one line (the
// editor shows it), and the cells shown beside each outcome are that row's own.
describe('previewFile', () => {
  const q = generateQuarter({ seed: 9, cards: 40, timezone: 'Europe/Berlin' });
  const text = giftLoop(q);
  const file = { role: 'platform' as const, name: 'giftloop.csv', bytes: new TextEncoder().encode(text) };

  it('a profile whose header the file lacks gives one line naming it, not a crash', () => {
    const p = previewFile(file, undefined, referenceProfile('platform'), 10);
    expect(p).toEqual({ ok: false, error: expect.stringMatching(/^giftloop\.csv: profile reference-platform: none of the first 50 rows holds the header/) as unknown });
  });

  it('shows each row beside its own cells', () => {
    const p = previewFile(file, undefined, GIFTLOOP_PROFILE, 3);
    if (!p.ok) throw new Error(p.error);
    const lines = text.split('\r\n');
    expect(p.headerRow).toBe(4);
    expect(p.rows.map((r) => r.row)).toEqual([5, 6, 7]);
    for (const r of p.rows) {
      expect(r.cells[0]).toBe(lines[r.row - 1].split(';')[0]);
      expect(r.record!['Transaction ID']).toBe(r.cells[0]);
    }
  });
});
