import { describe, expect, it } from 'vitest';
import { parseDateText, ZoneOffsets } from './dates';
import { apply, profile, table } from './testing';

/** An erp profile reading Date as it is, with the given date options. */
const erp = (dates?: Record<string, unknown>) => profile('erp', {
  ...(dates ? { dates } : {}),
  fields: {
    Journal: { column: 'Journal' }, Line: { column: 'Line' }, Date: { column: 'Date' }, Account: { column: 'Account' },
    Debit: { column: 'Debit' }, Credit: { column: 'Credit' },
  },
});

const journal = (dates: string[]) => table(`Journal,Line,Date,Account,Debit,Credit\n${dates.map((d, i) => `J${i},1,${d},2410 Gift Card Liability,,1.00`).join('\n')}\n`);

/** A platform profile whose Timestamp is made from split Date, Time and Time Zone columns. */
const platform = (dates: Record<string, unknown>, datetime: Record<string, unknown> = { date: 'Date', time: 'Time', zone: 'Time Zone' }) => profile('platform', {
  dates,
  fields: {
    'Transaction ID': { column: 'Id' }, 'Card Number': { const: '6006491234567890' }, Type: { const: 'Redemption' }, Amount: { const: '1.00' },
    Timestamp: { datetime },
  },
});

describe('dates and times', () => {
  it('reads the instants exports write, keeping their offset', () => {
    const ok = (t: string) => {
      const p = parseDateText(t, null);
      return p.ok === true ? p.wall : p;
    };
    expect(ok('2026-07-01T10:43:37-04:00')).toMatchObject({ y: 2026, mo: 7, d: 1, h: 10, mi: 43, s: 37, offset: -240 });
    expect(ok('2026-07-01 10:43:37 -0400')).toMatchObject({ h: 10, offset: -240 });
    expect(ok('2026-07-01 14:43')).toMatchObject({ h: 14, mi: 43, s: 0, offset: null });
    expect(ok('2026-07-01T14:43:00.120Z')).toMatchObject({ frac: '12', offset: 0 });
    expect(ok(' Thursday, October 08, 2026 09:00 PM GMT-04:00')).toMatchObject({ y: 2026, mo: 10, d: 8, h: 21, offset: -240 });
    expect(ok('01/04/2023 12:33:05 AM')).toEqual({ ok: 'ambiguous', mdy: expect.objectContaining({ mo: 1, d: 4, h: 0 }), dmy: expect.objectContaining({ mo: 4, d: 1 }) });
    expect(ok('31 Jul 2026')).toMatchObject({ mo: 7, d: 31 });
    expect(parseDateText('2026-02-30', null)).toEqual({ ok: false, reason: "'2026-02-30' is not a real date" });
    expect(parseDateText('7/1/26', 'MDY')).toEqual({ ok: false, reason: "'7/1/26' has a two-digit year: which century is not known" });
  });

  it('reads day/month dates in the declared order', () => {
    expect(apply(erp({ order: 'MDY' }), journal(['07/01/2026'])).records[0].Date).toBe('2026-07-01');
    expect(apply(erp({ order: 'DMY' }), journal(['07/01/2026'])).records[0].Date).toBe('2026-01-07');
    expect(apply(erp({ order: 'DMY' }), journal(['01.07.2026'])).records[0].Date).toBe('2026-07-01');
    const r = apply(erp({ order: 'MDY' }), journal(['13/01/2026']));
    expect(r.outcomes[0]).toMatchObject({ kind: 'quarantine', column: 'Date', reason: "Date '13/01/2026' is not a real date read month-first (MDY)" });
    expect(apply(erp({ order: 'YMD' }), journal(['07/01/2026'])).outcomes[0]).toMatchObject({ reason: "Date '07/01/2026' is not year-first, as the profile's dates.order says" });
  });

  it('settles an undeclared order from a date that reads only one way, and says so', () => {
    const r = apply(erp(), journal(['07/01/2026', '07/02/2026', '07/14/2026']));
    expect(r.records.map((x) => x.Date)).toEqual(['2026-07-01', '2026-07-02', '2026-07-14']);
    expect(r.summary.dateOrder).toEqual({ order: 'MDY', how: 'inferred', evidenceRow: 4 });
    expect(r.summary.problems).toEqual([{ kind: 'inferred-date-order', message: "dates are read month-first (MDY): the profile does not say, and row 4 ('07/14/2026') reads no other way" }]);
    const dmy = apply(erp(), journal(['01/02/2026', '25/02/2026']));
    expect(dmy.records.map((x) => x.Date)).toEqual(['2026-02-01', '2026-02-25']);
  });

  it('reports a file whose dates read either way, and never guesses', () => {
    const r = apply(erp(), journal(['01/02/2026', '05/05/2026', '03/04/2026']));
    expect(r.summary.dateOrder).toEqual({ order: null, how: 'ambiguous' });
    expect(r.summary.problems[0]).toEqual({
      kind: 'ambiguous-dates',
      message: "2 dates such as '01/02/2026' (row 2) read two ways, month-first or day-first, and no date in the file settles it: declare dates.order ('MDY' or 'DMY') in the profile; until then those rows are quarantined",
    });
    expect(r.at(2)).toMatchObject({ kind: 'quarantine', column: 'Date', reason: "Date '01/02/2026' reads as 2 January 2026 or 1 February 2026, and neither the file nor the profile (dates.order) says which" });
    // 05/05 is the same date either way: it is read.
    expect(r.at(3)).toMatchObject({ kind: 'record' });
    expect(r.at(4)).toMatchObject({ kind: 'quarantine' });
  });

  it('refuses a file whose dates are month-first in some rows and day-first in others', () => {
    const r = apply(erp(), journal(['07/14/2026', '14/07/2026', '07/07/2026']));
    expect(r.summary.dateOrder.how).toBe('mixed');
    expect(r.summary.quarantined).toBe(2);
    expect(r.at(4)).toMatchObject({ kind: 'record' });
  });

  it('joins split Date, Time and Time Zone columns', () => {
    const rows = table(`Id,Date,Time,Time Zone
1,12/27/2018,21:05:10,Eastern Time (US & Canada)
2,12/27/2018,9:05 PM,-05:00
3,12/27/2018,21:05,UTC
4,12/27/2018,,Eastern Time (US & Canada)
5,12/27/2018,21:05,Mars
6,07/04/2026,10:00,America/New_York
`);
    const r = apply(platform({ order: 'MDY' }), rows);
    expect(r.records.map((x) => x.Timestamp)).toEqual(['2018-12-27T21:05:10-05:00', '2018-12-27T21:05:00-05:00', '2018-12-27T21:05:00Z', '2026-07-04T10:00:00-04:00']);
    expect(r.at(5)).toMatchObject({ kind: 'quarantine', reason: "Date '2018-12-27' has no time of day" });
    expect(r.at(6)).toMatchObject({ kind: 'quarantine', reason: "Date has the time zone 'Mars', which is not a zone name this profile knows (add it to dates.zones)" });
  });

  it('places zone-less times in the declared zone, and refuses the hour that does not exist or happens twice', () => {
    const rows = table(`Id,Date,Time
1,2026-07-01,10:43:37
2,2026-03-08,02:30:00
3,2026-11-01,01:30:00
4,2026-11-01,02:30:00
`);
    const r = apply(platform({ zone: 'America/New_York' }, { date: 'Date', time: 'Time' }), rows);
    expect(r.at(2)).toMatchObject({ kind: 'record', values: expect.arrayContaining(['2026-07-01T10:43:37-04:00']) });
    expect(r.at(3)).toMatchObject({ kind: 'quarantine', reason: 'Date 2026-03-08 02:30 does not exist in America/New_York (the clocks skip it)' });
    expect(r.at(4)).toMatchObject({ kind: 'quarantine', reason: 'Date 2026-11-01 01:30 happens twice in America/New_York (the clocks go back): which one is meant is not known' });
    expect(r.at(5)).toMatchObject({ kind: 'record', values: expect.arrayContaining(['2026-11-01T02:30:00-05:00']) });
    const none = apply(platform({}, { date: 'Date', time: 'Time' }), rows);
    expect(none.at(2)).toMatchObject({ kind: 'quarantine', reason: "Date '2026-07-01 10:43' has no time zone, and the profile declares none (dates.zone)" });
  });

  it('reads spreadsheet date serials', () => {
    const rows = [
      { row: 1, cells: ['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit'] },
      { row: 2, cells: ['J1', 1, 46204, '2410', null, 5] },
    ];
    expect(apply(erp({ order: 'MDY' }), rows).records[0]).toMatchObject({ Line: '1', Date: '2026-07-01', Credit: '5.00' });
  });

  it('caches zone offsets without mixing up the two sides of a change', () => {
    const z = new ZoneOffsets('Europe/London');
    const at = (mo: number, d: number, h: number) => z.offsetOf({ y: 2026, mo, d, h, mi: 0, s: 0, frac: '', hasTime: true, offset: null, zone: null });
    expect(at(3, 29, 0)).toEqual({ ok: true, offset: 0 });
    expect(at(3, 29, 2)).toEqual({ ok: true, offset: 60 });
    expect(at(3, 29, 1).ok).toBe(false);
  });
});
