// The fixture generator's own tests: it must be deterministic, internally consistent, and its files must
// say what its known answer says. Every check re-reads the generated files; nothing here is hard-coded.
import { describe, expect, it } from 'vitest';
import Papa from 'papaparse';
import * as XLSX from 'xlsx';
import { DateTime } from 'luxon';
import { CATEGORIES } from '../../shared/types';
import { parseAmount } from '../../shared/money';
import { fileText, generateQuarter, quarterFiles, type GeneratedQuarter, type GenerateOptions } from '../fixtures/generate';

type Row = Record<string, string>;

function cents(raw: unknown): number {
  const r = parseAmount(raw);
  if (!r.ok) throw new Error(r.reason);
  return r.cents;
}

function csvRows(text: string): Row[] {
  const parsed = Papa.parse<Row>(text.replace(/^\uFEFF/, ''), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim().toLowerCase() });
  return parsed.data;
}

function text(q: GeneratedQuarter, name: string): string {
  const f = q.files.find((x) => x.name === name);
  if (!f || f.kind !== 'text') throw new Error(`no text file ${name}`);
  return fileText(f);
}

/** ERP lines with lower-case keys; dates as YYYY-MM-DD, amounts as cents (CSV or XLSX). */
function erpLines(q: GeneratedQuarter): { journal: string; line: string; date: string; account: string; debit: number; credit: number; reference: string }[] {
  const f = q.files.find((x) => x.name.startsWith('erp.'))!;
  let rows: Record<string, unknown>[];
  if (f.kind === 'binary') {
    const wb = XLSX.read(f.bytes());
    const ws = wb.Sheets[wb.SheetNames[0]];
    rows = XLSX.utils.sheet_to_json<Record<string, unknown>>(ws, { raw: true, defval: '' }).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.trim().toLowerCase(), v])));
  } else {
    rows = csvRows(fileText(f));
  }
  return rows.map((r) => {
    const d = r['date'];
    let date: string;
    if (typeof d === 'number') date = new Date(Math.round((d - 25569) * 86400000)).toISOString().slice(0, 10);
    else {
      const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(String(d));
      date = m ? `${m[3]}-${m[1]}-${m[2]}` : 'invalid';
    }
    let debit = r['debit'] === '' ? 0 : cents(r['debit']);
    let credit = r['credit'] === '' ? 0 : cents(r['credit']);
    // A negative amount on one side is that amount on the other side.
    if (debit < 0) [debit, credit] = [0, credit - debit];
    if (credit < 0) [debit, credit] = [debit - credit, 0];
    return { journal: String(r['journal']), line: String(r['line']), date, account: String(r['account']), debit, credit, reference: String(r['reference']) };
  });
}

const small: GenerateOptions = { seed: 11, cards: 260 };
const cache = new Map<string, GeneratedQuarter>();
function gen(o: GenerateOptions): GeneratedQuarter {
  const k = JSON.stringify(o);
  if (!cache.has(k)) cache.set(k, generateQuarter(o));
  return cache.get(k)!;
}

describe('fixture generator', () => {
  it('is deterministic: same seed, same bytes; another seed, other bytes', () => {
    for (const erpFormat of ['xlsx', 'csv'] as const) {
      const a = quarterFiles(generateQuarter({ ...small, erpFormat, messy: true }));
      const b = quarterFiles(generateQuarter({ ...small, erpFormat, messy: true }));
      expect(Object.keys(a)).toEqual(Object.keys(b));
      for (const k of Object.keys(a)) {
        const x = a[k];
        const y = b[k];
        if (typeof x === 'string') expect(x, k).toBe(y);
        else expect(Buffer.from(x).equals(Buffer.from(y as Uint8Array)), k).toBe(true);
      }
    }
    const c = quarterFiles(generateQuarter({ ...small, seed: 12 }));
    expect(c['platform.csv']).not.toBe(quarterFiles(gen(small))['platform.csv']);
  });

  it('keeps the platform Balance After chain on every card except the injected breaks', () => {
    const q = gen(small);
    const opening = new Map(csvRows(text(q, 'opening_balances.csv')).map((r) => [r['card number'], cents(r['balance'])]));
    const rows = csvRows(text(q, 'platform.csv'));
    const byId = new Map(rows.map((r) => [r['transaction id'], r]));
    const bal = new Map<string, number>();
    const broken = new Set<string>();
    for (const r of rows) {
      const prev = bal.get(r['card number']) ?? opening.get(r['card number']) ?? 0;
      const amt = cents(r['amount']);
      const type = r['type'];
      const effect =
        type === 'Redemption' || type === 'Expiry'
          ? -amt
          : type === 'Void'
            ? byId.get(r['voids txn'])?.['type'] === 'Redemption'
              ? amt
              : -amt
            : amt;
      const after = cents(r['balance after']);
      if (prev + effect !== after) broken.add(r['transaction id']);
      expect(after).toBeGreaterThanOrEqual(0);
      bal.set(r['card number'], after);
    }
    const injected = new Set(q.expected.anomalies.filter((a) => a.category === 'BALANCE_CHAIN_BREAK').flatMap((a) => a.records.map((x) => x.ref)));
    expect(injected.size).toBe(2);
    expect([...broken].sort()).toEqual([...injected].sort());
  });

  it('balances every journal; liability lines add up to the expected ERP closing', () => {
    for (const erpFormat of ['xlsx', 'csv'] as const) {
      const q = gen({ ...small, erpFormat });
      const lines = erpLines(q);
      const sums = new Map<string, number>();
      for (const l of lines) sums.set(l.journal, (sums.get(l.journal) ?? 0) + l.debit - l.credit);
      const unbalanced = [...sums].filter(([, s]) => s !== 0).map(([j]) => j);
      expect(unbalanced, erpFormat).toEqual([]);
      const end = q.expected.period.end;
      const closing = lines.filter((l) => /^24[12]0/.test(l.account) && l.date <= end).reduce((s, l) => s + l.credit - l.debit, 0);
      expect(closing).toBe(q.expected.erp_closing_cents);
      expect(lines.some((l) => l.journal === `OB-${q.expected.period.start}`)).toBe(true);
      expect(lines.some((l) => l.date > end)).toBe(true);
    }
    // The CSV export writes amounts in the forms of docs/formats.md: 1,234.50, $50.00, (25.00).
    const raw = Papa.parse<Row>(text(gen({ ...small, erpFormat: 'csv' }), 'erp.csv'), { header: true, skipEmptyLines: true }).data;
    const amounts = raw.flatMap((r) => [r['Debit'], r['Credit']]).filter((v) => v !== '');
    expect(amounts.some((v) => /^\d{1,3}(,\d{3})+\.\d{2}$/.test(v))).toBe(true);
    expect(amounts.some((v) => /^\$/.test(v))).toBe(true);
    expect(amounts.some((v) => /^\(\d[\d,]*\.\d{2}\)$/.test(v))).toBe(true);
    expect(raw.every((r) => /^\d{2}\/\d{2}\/\d{4}$/.test(r['Date']))).toBe(true);
  });

  it('streams files in bounded chunks', () => {
    const q = generateQuarter({ seed: 3, cards: 3000, erpFormat: 'csv' });
    for (const f of q.files) {
      if (f.kind !== 'text') continue;
      let n = 0;
      let lines = 0;
      for (const c of f.chunks()) {
        expect(c.length).toBeLessThan(70_000);
        lines += c.split('\n').length - 1;
        n++;
      }
      expect(lines, f.name).toBe(f.rows + 1);
      if (f.rows > 5000) expect(n, f.name).toBeGreaterThan(2);
    }
  });

  it('states a known answer whose identities hold and that the files bear out', () => {
    const q = gen(small);
    const e = q.expected;
    const r = e.rollforward;
    expect(r.opening_cents + r.issued_cents + r.reloaded_cents - r.redeemed_cents + r.refunded_cents + r.voided_cents + r.adjusted_cents - r.expired_cents).toBe(r.closing_cents);
    expect(r.closing_cents).toBe(e.reconstructed_closing_cents);
    const cardSum = Object.values(e.cards).reduce((s, c) => s + c.true_cents, 0) + e.unassigned.reduce((s, u) => s + u.true_cents, 0);
    expect(cardSum).toBe(e.reconstructed_closing_cents);
    expect(e.erp_closing_cents + e.bridge.reduce((s, b) => s + b.amount_cents, 0)).toBe(e.reconstructed_closing_cents);
    expect(e.platform_reported_closing_cents + e.anomalies.reduce((s, a) => s + a.platform_bridge_cents, 0)).toBe(e.reconstructed_closing_cents);
    // The platform's reported balance per card is what platform.csv says at the period end.
    const endT = DateTime.fromISO(e.period.end, { zone: e.period.timezone }).plus({ days: 1 }).startOf('day').toMillis();
    const last = new Map<string, number>();
    for (const row of csvRows(text(q, 'platform.csv'))) if (Date.parse(row['timestamp']) < endT) last.set(row['card number'], cents(row['balance after']));
    const opening = new Map(csvRows(text(q, 'opening_balances.csv')).map((x) => [x['card number'], cents(x['balance'])]));
    for (const [card, c] of Object.entries(e.cards)) expect(c.platform_reported_cents, card).toBe(last.get(card) ?? opening.get(card) ?? 0);
    expect(r.opening_cents).toBe([...opening.values()].reduce((s, v) => s + v, 0));
  });

  it('injects every category in the standard profile, with records that exist, and none in the clean one', () => {
    const q = gen(small);
    const ids = {
      platform: new Set(csvRows(text(q, 'platform.csv')).map((r) => r['transaction id'])),
      storefront: new Set(csvRows(text(q, 'storefront.csv')).map((r) => r['transaction id'])),
      payments: new Set(csvRows(text(q, 'payments.csv')).map((r) => r['id'])),
      erp: new Set(erpLines(q).map((l) => `${l.journal}:${l.line}`)),
    };
    for (const c of CATEGORIES) expect(q.expected.counts[c], c).toBeGreaterThanOrEqual(1);
    const variants = new Set(q.expected.anomalies.map((a) => `${a.category}/${a.variant}`));
    for (const v of ['ACTIVATION_LAG/crosses_period_end', 'CUTOFF/tz_trap_redemption', 'DUPLICATE/A_platform_retry', 'DUPLICATE/B_erp_double_posting', 'MISSING_IN_ERP/batch_total_omits_row', 'VOID_NOT_PROPAGATED/A_platform_not_voided', 'VOID_NOT_PROPAGATED/B_erp_not_reversed', 'MANUAL_OVERRIDE/debit']) {
      expect(variants.has(v), v).toBe(true);
    }
    for (const a of q.expected.anomalies) {
      expect(a.records.length, a.category).toBeGreaterThan(0);
      for (const rec of a.records) expect(ids[rec.system].has(rec.ref), `${a.category} ${rec.system} ${rec.ref}`).toBe(true);
    }
    // A manual override is made by a person.
    const plat = new Map(csvRows(text(q, 'platform.csv')).map((r) => [r['transaction id'], r]));
    for (const a of q.expected.anomalies.filter((x) => x.category === 'MANUAL_OVERRIDE')) expect(plat.get(a.records[0].ref)?.['operator']).toMatch(/^csr:/);

    const clean = gen({ ...small, anomalies: 'clean' });
    expect(clean.expected.anomalies).toEqual([]);
    expect(clean.expected.unassigned).toEqual([]);
    for (const c of CATEGORIES) expect(clean.expected.counts[c]).toBe(0);
    expect(clean.expected.erp_closing_cents).toBe(clean.expected.reconstructed_closing_cents);
    expect(clean.expected.platform_reported_closing_cents).toBe(clean.expected.reconstructed_closing_cents);
  });

  it.each([
    ['Europe/Berlin', '2026-01-01', '2026-03-31', '+0100', '+0200'],
    ['America/New_York', '2026-01-01', '2026-03-31', '-0500', '-0400'],
    ['Australia/Sydney', '2026-04-01', '2026-06-30', '+1100', '+1000'],
    ['Pacific/Auckland', '2026-04-01', '2026-06-30', '+1200', '+1300'],
  ])('writes storefront offsets right across the DST change in %s', (zone, start, end, ...offsets) => {
    const q = gen({ seed: 5, cards: 300, timezone: zone, periodStart: start, periodEnd: end });
    const sf = csvRows(text(q, 'storefront.csv'));
    const seen = new Set<string>();
    for (const r of sf) {
      const m = /^(\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2}) ([+-]\d{4})$/.exec(r['created at']);
      expect(m, r['created at']).not.toBeNull();
      const local = DateTime.fromISO(`${m![1]}T${m![2]}`, { zone });
      expect(local.toFormat('ZZZ'), r['created at']).toBe(m![3]);
      seen.add(m![3]);
    }
    expect([...seen].sort()).toEqual([...offsets].sort());
    // Platform (UTC) and storefront (local) instants of one redemption agree within minutes.
    const plat = csvRows(text(q, 'platform.csv'));
    const firstPlat = new Map<string, number>();
    for (const p of plat) if (p['type'] === 'Redemption' && !firstPlat.has(p['order ref'])) firstPlat.set(p['order ref'], Date.parse(p['timestamp']));
    let compared = 0;
    for (const r of sf) {
      if (r['event'] !== 'gift_card_applied' || r['status'] !== 'success') continue;
      const pt = firstPlat.get(r['order']);
      if (pt === undefined) continue;
      const st = DateTime.fromFormat(r['created at'], 'yyyy-MM-dd HH:mm:ss ZZZ').toMillis();
      expect(Math.abs(pt - st), r['order']).toBeLessThan(5 * 60 * 1000);
      compared++;
    }
    expect(compared).toBeGreaterThan(50);
    // The cut-off trap sits on the other side of midnight in UTC from the business day.
    const trap = q.expected.anomalies.find((a) => a.variant === 'tz_trap_redemption');
    expect(trap).toBeDefined();
    const tRow = plat.find((p) => p['transaction id'] === trap!.records[0].ref)!;
    const localDay = DateTime.fromISO(tRow['timestamp'], { zone }).toISODate();
    expect(localDay).not.toBe(tRow['timestamp'].slice(0, 10));
  });

  it('writes the promised messy headers and malformed rows, and records their quarantine', () => {
    const q = gen({ ...small, erpFormat: 'csv', messy: true });
    const plat = text(q, 'platform.csv');
    expect(plat.startsWith('\uFEFF')).toBe(true);
    expect(plat.split('\n')[0]).toBe('\uFEFFtransaction id,card number,type,amount,balance after,currency,timestamp,order ref,voids txn,channel,operator,note');
    const sfHeader = text(q, 'storefront.csv').split('\n')[0].split(',');
    expect(sfHeader.every((h) => h !== h.trim())).toBe(true);
    expect(sfHeader.map((h) => h.trim())).not.toEqual(['Order', 'Transaction ID', 'Created At', 'Event', 'Card Last Four', 'Amount', 'Currency', 'Status', 'Location']);
    expect(new Set(sfHeader.map((h) => h.trim()))).toEqual(new Set(['Order', 'Transaction ID', 'Created At', 'Event', 'Card Last Four', 'Amount', 'Currency', 'Status', 'Location']));
    const payHeader = text(q, 'payments.csv').split('\n')[0].split(',');
    expect(payHeader.slice(0, 3)).toEqual(['ID', 'TYPE', 'CREATED (UTC)']);
    expect(payHeader.length).toBeGreaterThan(10);

    const kinds = new Set(q.expected.quarantine.map((x) => x.kind));
    expect(kinds.has('bad_amount') && kinds.has('impossible_date')).toBe(true);
    expect(q.expected.quarantine.length).toBe(8);
    for (const qr of q.expected.quarantine) {
      const f = q.files.find((x) => x.name === qr.file)!;
      const parsed = Papa.parse<string[]>(fileText(f as Parameters<typeof fileText>[0]).replace(/^\uFEFF/, ''), { skipEmptyLines: true }).data;
      expect(parsed.length - 1, qr.file).toBe(f.rows);
      const col = parsed[0].findIndex((h) => h.trim().toLowerCase() === qr.column.toLowerCase());
      expect(col, `${qr.file} ${qr.column}`).toBeGreaterThanOrEqual(0);
      expect(parsed[qr.row - 1][col], `${qr.file} row ${qr.row}`).toBe(qr.value);
      if (qr.kind === 'bad_amount') expect(parseAmount(qr.value).ok).toBe(false);
      if (qr.kind === 'over_precise_amount') expect(parseAmount(qr.value).ok).toBe(false);
    }
    // More kinds when asked for more rows.
    const many = gen({ ...small, messy: { malformedRows: 5 } });
    const platKinds = new Set(many.expected.quarantine.filter((x) => x.file === 'platform.csv').map((x) => x.kind));
    expect(platKinds).toEqual(new Set(['bad_amount', 'impossible_date', 'over_precise_amount', 'missing_card', 'unknown_type']));
  });

  it('handles zones ahead of UTC and other quarters without breaking its identities', () => {
    for (const [tz, s, e] of [
      ['Asia/Kolkata', '2026-10-01', '2026-12-31'],
      ['Pacific/Auckland', '2026-07-01', '2026-09-30'],
      ['UTC', '2027-01-01', '2027-03-31'],
    ]) {
      const q = gen({ seed: 9, cards: 200, timezone: tz, periodStart: s, periodEnd: e });
      expect(q.expected.period).toEqual({ start: s, end: e, timezone: tz });
      expect(q.expected.anomalies.length).toBe(24);
      const first = csvRows(text(q, 'storefront.csv'))[0]['created at'];
      expect(first.startsWith(s.slice(0, 7))).toBe(true);
    }
  });

  it('makes its cut-off faults when the logs stop at the period end, in zones ahead of UTC too', () => {
    for (const timezone of ['Asia/Kolkata', 'Pacific/Auckland', 'America/New_York']) {
      const q = gen({ seed: 2, cards: 200, timezone, trailDays: 0 });
      const cutoffs = q.expected.anomalies.filter((a) => a.category === 'CUTOFF');
      expect(cutoffs.length, timezone).toBe(2);
      // Each names its platform row and the ERP line that posted it on the other side of the period end.
      const erp = new Set(erpLines(q).map((l) => `${l.journal}:${l.line}`));
      for (const a of cutoffs) expect(a.records.filter((r) => r.system === 'erp' && erp.has(r.ref)).length, `${timezone} ${a.variant}`).toBe(1);
      expect(q.expected.stats.logs_end).toBe(q.expected.period.end);
    }
  });
});
