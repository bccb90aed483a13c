// Messy inputs: loose headers, malformed rows quarantined exactly where the generator put them, one-line
// InputErrors for what cannot run, and the mapping file of docs/formats.md §3.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { InputError, type FileRole, type InputFile } from '../../shared/types';
import { generateQuarter, type GeneratedQuarter } from '../fixtures/generate';
import { dec, enc, expectIdentities, quarterInputs, quarterSettings, roleOf, runQuarter, sql } from './engine-helpers';

/** Renames headers in the first line of a CSV file's bytes. */
function renameHeaders(f: InputFile, renames: Record<string, string>): InputFile {
  const text = dec(f.bytes);
  const nl = text.indexOf('\n');
  const cells = text.slice(0, nl).replace(/\r$/, '').split(',');
  for (const [from, to] of Object.entries(renames)) {
    const i = cells.findIndex((c) => c.trim().toLowerCase() === from.toLowerCase());
    if (i < 0) throw new Error(`${f.name} has no header ${from}`);
    cells[i] = to;
  }
  return { ...f, bytes: enc(cells.join(',') + text.slice(text.indexOf('\n') - (text[nl - 1] === '\r' ? 1 : 0))) };
}

async function expectInputError(p: Promise<unknown>): Promise<InputError> {
  const err = await p.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(InputError);
  const msg = (err as InputError).message;
  expect(msg).not.toMatch(/\n/);
  expect(msg.length).toBeGreaterThan(10);
  return err as InputError;
}

describe('engine on messy files', () => {
  for (const erpFormat of ['csv', 'xlsx'] as const) {
    it(`imports loose headers and quarantines exactly the malformed rows (ERP ${erpFormat})`, async () => {
      const q = generateQuarter({ seed: 8, cards: 400, messy: true, erpFormat });
      const r = (await runQuarter(q)).report;
      const exp = q.expected.quarantine;
      expect(exp.length).toBeGreaterThanOrEqual(8);
      for (const f of q.files) {
        const input = r.inputs.find((i) => i.file === f.name);
        expect(input, f.name).toBeDefined();
        expect(input!.system).toBe(roleOf(f.name));
        expect(input!.rows, `${f.name} rows`).toBe(f.rows);
        expect(input!.imported + input!.quarantined, `${f.name} rows = imported + quarantined`).toBe(input!.rows);
        expect(input!.quarantine.length).toBe(input!.quarantined);
        // Rows are numbered as in a spreadsheet (header = row 1), as the generator records them.
        const got = input!.quarantine.map((x) => `${x.row}|${x.column}`).sort();
        const want = exp.filter((x) => x.file === f.name).map((x) => `${x.row}|${x.column}`).sort();
        expect(got, `${f.name} quarantine`).toEqual(want);
        for (const x of input!.quarantine) {
          const e = exp.find((y) => y.file === f.name && y.row === x.row)!;
          expect(x.reason, 'reason names the column').toContain(e.column);
          if (e.value) expect(x.reason, 'reason quotes the bad value').toContain(e.value);
        }
      }
      // Malformed rows are extra rows: the answer is unchanged.
      expect(r.liability.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
      expect(r.liability.erp_closing_cents).toBe(q.expected.erp_closing_cents);
      expect(r.liability.platform_reported_closing_cents).toBe(q.expected.platform_reported_closing_cents);
      expectIdentities(r);
    });
  }

  it('keeps each quarantined row with its column and raw text for review', async () => {
    const q = generateQuarter({ seed: 9, cards: 200, messy: true, erpFormat: 'csv' });
    const c = await runQuarter(q);
    for (const role of ['platform', 'storefront', 'payments', 'erp'] as FileRole[]) {
      const want = q.expected.quarantine.filter((x) => roleOf(x.file) === role);
      const got = c.quarantine(role);
      expect(got.map((x) => [x.row, x.column])).toEqual(want.sort((a, b) => a.row - b.row).map((x) => [x.row, x.column]));
      for (const [i, g] of got.entries()) if (want[i].value) expect(g.raw).toContain(want[i].value);
    }
  });
});

describe('one-line input errors', () => {
  let q: GeneratedQuarter;
  const base = () => (q ??= generateQuarter({ seed: 5, cards: 150, erpFormat: 'csv' }));

  it('a missing required column names the column and lists the columns found', async () => {
    const files = quarterInputs(base()).map((f) => (f.role === 'platform' ? renameHeaders(f, { 'Card Number': 'GC Code' }) : f));
    const err = await expectInputError(runCase(await sql(), { files, settings: quarterSettings(base()) }));
    expect(err.message).toContain('platform.csv');
    expect(err.message).toContain("'Card Number'");
    expect(err.message).toMatch(/columns found/i);
    for (const h of ['GC Code', 'Transaction ID', 'Type', 'Amount', 'Timestamp', 'Balance After']) expect(err.message).toContain(h);
    expect(err.column).toBe('Card Number');
  });

  it('a reversed period is an InputError', async () => {
    const s = quarterSettings(base());
    await expectInputError(runCase(await sql(), { files: quarterInputs(base()), settings: { ...s, periodStart: s.periodEnd, periodEnd: s.periodStart } }));
  });

  it('an impossible period date is an InputError', async () => {
    await expectInputError(runCase(await sql(), { files: quarterInputs(base()), settings: { ...quarterSettings(base()), periodEnd: '2026-09-31' } }));
  });

  it('an unknown time zone is an InputError naming it', async () => {
    const err = await expectInputError(runCase(await sql(), { files: quarterInputs(base()), settings: { ...quarterSettings(base()), timezone: 'Mars/Olympus_Mons' } }));
    expect(err.message).toContain('Mars/Olympus_Mons');
  });

  it('a missing system file is an InputError', async () => {
    const files = quarterInputs(base()).filter((f) => f.role !== 'payments');
    const err = await expectInputError(runCase(await sql(), { files, settings: quarterSettings(base()) }));
    expect(err.message).toContain('payments');
  });

  it('an empty file is an InputError naming the file', async () => {
    const files = quarterInputs(base()).map((f) => (f.role === 'storefront' ? { ...f, bytes: new Uint8Array() } : f));
    const err = await expectInputError(runCase(await sql(), { files, settings: quarterSettings(base()) }));
    expect(err.message).toContain('storefront.csv');
  });

  it('the mapping file of docs/formats.md §3 makes a renamed-header export import', async () => {
    const q0 = base();
    const original = (await runQuarter(q0)).report;
    const files = quarterInputs(q0).map((f) =>
      f.role === 'platform' ? renameHeaders(f, { 'Card Number': 'GC Code', Timestamp: 'Created (UTC)' }) : f.role === 'erp' ? renameHeaders(f, { Reference: 'Ext Ref' }) : f,
    );
    const err = await expectInputError(runCase(await sql(), { files, settings: quarterSettings(q0) }));
    expect(err.message).toContain("'Card Number'");
    expect(err.message).toContain("'Timestamp'");
    expect(err.message).toContain('GC Code');

    const mapping = JSON.parse('{ "platform": { "Card Number": "GC Code", "Timestamp": "Created (UTC)" }, "erp": { "Reference": "Ext Ref" } }') as Record<string, Record<string, string>>;
    const c = await runCase(await sql(), { files, settings: quarterSettings(q0), mapping });
    const r = c.report;
    expect(r.inputs.find((i) => i.system === 'platform')!.layout).toBe('mapped');
    expect(r.inputs.find((i) => i.system === 'platform')!.quarantined).toBe(0);
    expect(r.liability).toEqual(original.liability);
    expect(r.cards).toEqual(original.cards);
    expect(r.exceptions.map((x) => [x.category, x.amount_cents, x.records])).toEqual(original.exceptions.map((x) => [x.category, x.amount_cents, x.records]));
    expect(r.liability.reconstructed_closing_cents).toBe(q0.expected.reconstructed_closing_cents);
  });
});
