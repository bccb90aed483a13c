// The business calendar's offsets, taken six hours at a time, against luxon's answer for every 15-minute bucket
// across transitions: DST at night and at midnight, half-hour DST, a day skipped, two transitions weeks apart.
import { DateTime } from 'luxon';
import { describe, expect, it } from 'vitest';
import { BusinessCalendar } from './time';

const DAY = 86_400_000;
const BUCKET = 900_000;

/** Every bucket from `from` for `days` days, at its first and last millisecond; the transitions seen. */
function compare(zone: string, from: string, days: number): { checked: number; changes: number } {
  const cal = new BusinessCalendar(zone);
  const start = Date.parse(`${from}T00:00:00Z`);
  let changes = 0;
  let last: number | null = null;
  let checked = 0;
  for (let ms = start; ms < start + days * DAY; ms += BUCKET) {
    const offset = want(zone, ms);
    for (const into of [0, BUCKET - 1]) {
      const at = ms + into;
      expect(cal.offsetMs(at), `${zone} ${new Date(at).toISOString()}`).toBe(offset);
      const day = DateTime.fromMillis(at, { zone }).toISODate();
      expect(cal.businessDate(at), `${zone} ${new Date(at).toISOString()}`).toBe(day);
      checked++;
    }
    if (last !== null && offset !== last) changes++;
    last = offset;
  }
  return { checked, changes };
}

function want(zone: string, ms: number): number {
  return DateTime.fromMillis(ms, { zone }).offset * 60_000;
}

describe('BusinessCalendar offsets', () => {
  it("match the IANA data at every bucket around Chicago's and London's transitions", () => {
    expect(compare('America/Chicago', '2026-03-01', 14).changes).toBe(1);
    expect(compare('America/Chicago', '2026-10-25', 14).changes).toBe(1);
    expect(compare('Europe/London', '2026-03-20', 14).changes).toBe(1);
    expect(compare('Europe/London', '2026-10-20', 14).changes).toBe(1);
  });

  it('match where DST is half an hour, changes at midnight, or a day is skipped', () => {
    // Lord Howe moves by 30 minutes; Havana and Santiago change at midnight; Apia skipped 2011-12-30.
    expect(compare('Australia/Lord_Howe', '2026-03-25', 20).changes).toBe(1);
    expect(compare('America/Havana', '2026-03-01', 20).changes).toBe(1);
    expect(compare('America/Santiago', '2026-04-01', 10).changes).toBe(1);
    expect(compare('Pacific/Apia', '2011-12-25', 10).changes).toBe(1);
    // Casablanca's DST pauses for Ramadan: two transitions some weeks apart.
    expect(compare('Africa/Casablanca', '2026-02-01', 60).changes).toBe(2);
  });

  it('give the first instant of every day as luxon does, transition days included', () => {
    const zones: [string, string, number][] = [
      ['America/Chicago', '2026-03-01', 20], ['America/Chicago', '2026-10-25', 20], ['Europe/London', '2026-03-20', 20],
      ['Australia/Lord_Howe', '2026-03-25', 20], ['America/Havana', '2026-03-01', 20], ['America/Havana', '2026-10-25', 20],
      ['America/Santiago', '2026-04-01', 10], ['America/Santiago', '2026-09-01', 15], ['Pacific/Apia', '2011-12-25', 10],
      ['Africa/Casablanca', '2026-02-01', 60], ['Asia/Kathmandu', '2026-03-01', 5], ['UTC', '2026-04-01', 5],
    ];
    let days = 0;
    for (const [zone, from, n] of zones) {
      const cal = new BusinessCalendar(zone);
      for (let d = 0; d < n; d++) {
        const date = new Date(Date.parse(`${from}T00:00:00Z`) + d * DAY).toISOString().slice(0, 10);
        const want = DateTime.fromISO(date, { zone }).startOf('day').toMillis();
        expect(cal.startOf(date), `${zone} ${date}`).toBe(want);
        days++;
      }
    }
    expect(days).toBe(225);
  });

  it('keeps a zone without DST at one offset', () => {
    expect(compare('Asia/Kathmandu', '2026-03-01', 60).changes).toBe(0);
  });
});
