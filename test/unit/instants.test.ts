// Timestamps: the quick reading by position must give what the regular expressions give, for every shape.
import { describe, expect, it } from 'vitest';
import { instantByPattern, parseInstant } from '../../shared/time';

/** Shapes the exports use, their near misses, and impossible dates. */
function samples(): string[] {
  const out: string[] = [];
  const dates = ['2026-04-01', '2026-02-29', '2024-02-29', '2026-12-31', '1999-01-01', '2026-13-01', '2026-00-10', '2026-04-31', '0099-03-01'];
  const times = ['00:00:00', '13:03:05', '23:59:59', '23:59:60', '24:00:00', '12:60:00', '07:05:61'];
  const zones = ['', 'Z', 'z', ' Z', '+00:00', '-0500', ' -0500', '  +05:30', '+0530', '+14:00', '-12', '+05:3', '+05:30x', ' ', 'UTC', '+5:30', '-05:00 ', '.123Z', '.5-0400', '.123'];
  for (const d of dates) for (const t of times) for (const sep of ['T', 't', ' ', '_']) for (const z of zones) out.push(`${d}${sep}${t}${z}`);
  out.push('2026-04-01T13:03Z', '2026-04-01 13:03 -0400', '2026-4-01T13:03:00Z', '2026-04-01T1:03:00Z', '2026/04/01 13:03:00', '', '2026-04-01', 'x'.repeat(25), '2026-04-01T13:03:00+0a:00');
  return out;
}

describe('parseInstant', () => {
  it('reads every shape as the general path does, zone required or UTC assumed', () => {
    const all = samples();
    expect(all.length).toBeGreaterThan(5000);
    let read = 0;
    for (const text of all) {
      for (const assumeUtc of [false, true]) {
        const quick = parseInstant(text, { assumeUtc });
        expect(quick, `${text} ${assumeUtc}`).toEqual(instantByPattern(text.trim(), { assumeUtc }));
        if (quick.ok) read++;
      }
    }
    // Both valid and refused forms are in the set.
    expect(read).toBeGreaterThan(500);
    expect(read).toBeLessThan(all.length * 2);
  });

  it('reads the three exports\' shapes to the same instant', () => {
    const utc = Date.UTC(2026, 3, 1, 13, 3, 0);
    expect(parseInstant('2026-04-01T13:03:00Z')).toEqual({ ok: true, ms: utc });
    expect(parseInstant('2026-04-01 08:03:00 -0500')).toEqual({ ok: true, ms: utc });
    expect(parseInstant('2026-04-01 13:03:00', { assumeUtc: true })).toEqual({ ok: true, ms: utc });
    expect(parseInstant('2026-04-01 13:03:00')).toEqual({ ok: false, reason: "'2026-04-01 13:03:00' has no time zone" });
  });
});
