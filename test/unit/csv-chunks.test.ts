// Reading a CSV in chunks gives exactly the rows of reading it whole, wherever the chunk boundaries fall:
// inside a line, inside a CRLF, inside a multi-byte character, inside a quoted field with a newline.
import { describe, expect, it } from 'vitest';
import { runCase, unsealedReportJson } from '../../shared/engine';
import { CSV_READING, openTable, readTable } from '../../shared/import/read-table';
import { generateQuarter } from '../fixtures/generate';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

function chunkedRows(name: string, bytes: Uint8Array, chunkBytes: number) {
  const t = openTable(name, bytes, { chunkBytes });
  const rows: unknown[][] = [];
  let chunks = 0;
  for (const c of t.chunks()) {
    chunks++;
    rows.push(...c.rows);
  }
  return { headers: t.headers, rows, chunks, encoding: t.encoding };
}

const enc = (s: string) => new TextEncoder().encode(s);

const body = [
  'Order,Transaction ID,Created At,Event,Card Last Four,Amount,Currency,Status,Location',
  ...Array.from({ length: 300 }, (_, i) =>
    i % 7 === 0
      ? `#${10000 + i},${5550000 + i},2026-07-01 10:00:00 -0400,gift_card_applied,${String(1000 + i).slice(-4)},"1,234.50",USD,success,"Café ""Zürich""\nline two"`
      : `#${10000 + i},${5550000 + i},2026-07-01 10:00:00 -0400,gift_card_sold,${String(1000 + i).slice(-4)},50.00,USD,success,S00${i % 9}`,
  ),
];

describe('CSV read in chunks', () => {
  for (const [label, eol] of [['LF', '\n'], ['CRLF', '\r\n'], ['CR', '\r']] as const) {
    it(`gives the same rows as a whole read at any chunk size (${label} line ends)`, () => {
      const text = body.join(eol) + eol;
      const bytes = enc(text);
      const whole = readTable('storefront.csv', bytes);
      expect(whole.rows).toHaveLength(300);
      for (const size of [97, 333, 1000, 4093]) {
        const got = chunkedRows('storefront.csv', bytes, size);
        expect(got.chunks).toBeGreaterThan(3);
        expect(got.headers).toEqual(whole.headers);
        expect(got.rows).toEqual(whole.rows);
      }
      // The quoted field with its newline, the accented letters and the quote survive every split.
      expect(whole.rows[0][8]).toBe('Café "Zürich"\nline two');
    });
  }

  it('streams UTF-16 and semicolon-delimited files too', () => {
    const text = body.slice(0, 50).map((l) => l.replace(/,/g, ';').replace('"1;234.50"', '"1,234.50"')).join('\r\n');
    const utf16 = new Uint8Array(2 + text.length * 2);
    utf16.set([0xff, 0xfe]);
    for (let i = 0; i < text.length; i++) {
      utf16[2 + i * 2] = text.charCodeAt(i) & 0xff;
      utf16[3 + i * 2] = text.charCodeAt(i) >> 8;
    }
    const whole = readTable('s.csv', utf16);
    const got = chunkedRows('s.csv', utf16, 101);
    expect(got.encoding).toBe('utf-16le');
    expect(got.rows).toEqual(whole.rows);
    expect(whole.headers).toHaveLength(9);
    expect(whole.rows[0][5]).toBe('1,234.50');
  });
});

describe('the engine on a quarter read in small chunks', () => {
  it('gives the same report as reading each file in one piece', async () => {
    const q = generateQuarter({ seed: 61, cards: 300, timezone: 'Asia/Kolkata', erpFormat: 'csv', messy: true });
    const whole = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
    const saved = CSV_READING.chunkBytes;
    try {
      CSV_READING.chunkBytes = 1531;
      const chunked = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
      expect(unsealedReportJson(chunked.reportJson())).toBe(unsealedReportJson(whole.reportJson()));
    } finally {
      CSV_READING.chunkBytes = saved;
    }
    expect(whole.report.inputs.some((i) => i.quarantined > 0)).toBe(true);
  });
});
