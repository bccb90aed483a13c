// Profiles in the import, end to end: quarters the fixture generator writes in the vendors' layouts are imported
// with no profile named (each file's preset detected by its headers), and every event is compared with the same
// quarter read from its reference layout. A profile written here for a platform no preset knows reads its export
// to the same events. The counts add up for every file, and the reference layouts read as they always did.
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import type { CanonicalEvent } from '../../shared/events';
import { importFiles, type ImportResult } from '../../shared/import/import-files';
import { examineFile, inspectFile } from '../../shared/import/inspect';
import { BusinessCalendar } from '../../shared/time';
import { DEFAULT_SETTINGS } from '../../shared/types';
import { fileText, generateQuarter, type GenerateOptions, type GeneratedQuarter, type Layouts } from '../fixtures/generate';
import { GIFTLOOP_PROFILE, giftLoop } from './giftloop';
import { enc, expectIdentities, quarterInputs, quarterSettings, runQuarter, sql } from './engine-helpers';
import { runCase, openCase } from '../../shared/engine';

const cache = new Map<string, GeneratedQuarter>();
function gen(o: GenerateOptions): GeneratedQuarter {
  const k = JSON.stringify(o);
  if (!cache.has(k)) cache.set(k, generateQuarter(o));
  return cache.get(k)!;
}

async function importQuarter(q: GeneratedQuarter, files = quarterInputs(q), profiles?: Parameters<typeof importFiles>[3]['profiles']): Promise<ImportResult> {
  return importFiles(files, undefined, new BusinessCalendar(q.options.timezone), {
    liabilityAccounts: DEFAULT_SETTINGS.liabilityAccounts, periodStart: q.options.periodStart, profiles,
  });
}

/** Rows of a file other than blank ones (the header and any title block included), as the reader counts them. */
function nonBlankLines(q: GeneratedQuarter, name: string): number {
  const f = q.files.find((x) => x.name === name)!;
  if (f.kind !== 'text') throw new Error(`${name} is not text`);
  return Papa.parse<string[]>(fileText(f), { skipEmptyLines: 'greedy' }).data.filter((r) => r.some((c) => c.trim() !== '')).length;
}

const by = (events: CanonicalEvent[], system: string) => new Map(events.filter((e) => e.system === system).map((e) => [e.key, e] as const));

const PRESET: Record<string, string> = {
  'square-gca': 'square-gift-card-activities',
  'shopify-tx': 'shopify-transactions',
  'stripe-activity': 'stripe-balance-history',
  'stripe-itemized': 'stripe-itemized-balance-change',
  'qbo-journal': 'qbo-journal',
  'qbo-gl': 'qbo-general-ledger',
};

const base = { seed: 7, cards: 200, timezone: 'America/New_York' } as const;
const LAYOUTS: { name: string; layout: Layouts; excelResaved?: boolean }[] = [
  { name: 'vendor (Square, Shopify, Stripe activity, QBO Journal)', layout: { platform: 'square-gca', storefront: 'shopify-tx', payments: 'stripe-activity', erp: 'qbo-journal' } },
  { name: 'variants (Stripe itemized, QBO General Ledger, Shopify re-saved by Excel)', layout: { platform: 'square-gca', storefront: 'shopify-tx', payments: 'stripe-itemized', erp: 'qbo-gl' }, excelResaved: true },
];

describe('vendor layouts read through their detected presets', () => {
  for (const { name, layout, excelResaved } of LAYOUTS) {
    describe(name, () => {
      const q = () => gen({ ...base, layout, excelResaved });
      const ref = () => gen({ ...base, erpFormat: 'csv' });

      it('detects each preset, finds the header under the title block, and accounts for every row', async () => {
        const r = await importQuarter(q());
        expect(r.problems).toEqual([]);
        for (const f of r.files) {
          const s = f.summary;
          const role = s.system as keyof Layouts;
          expect(s.profile).toMatchObject({ id: role in layout ? PRESET[layout[role]] : 'reference-opening', detected: true });
          expect(s.header_row, s.file).toBe(q().refmap!.header_lines[s.file]);
          expect(s.rows, `${s.file}: every non-blank line but the header is a row`).toBe(nonBlankLines(q(), s.file) - 1);
          expect(s.imported + s.out_of_scope! + s.quarantined, s.file).toBe(s.rows);
          expect(s.quarantine, s.file).toEqual([]);
        }
        const erp = r.files.find((f) => f.summary.system === 'erp')!.summary;
        expect(erp.out_of_scope_reasons!['title block above the header row']).toBe(3);
        expect(erp.out_of_scope_reasons!['report total and footer']).toBe(2);
      });

      it('platform: the same events as the reference layout; voids without a ref, expiries from the balance chain', async () => {
        const [mine, theirs] = [by((await importQuarter(q())).events, 'platform'), by((await importQuarter(ref())).events, 'platform')];
        expect([...mine.keys()].sort()).toEqual([...theirs.keys()].sort());
        let voids = 0;
        let expiries = 0;
        for (const [key, e] of mine) {
          const t = theirs.get(key)!;
          expect([e.card, e.type, e.amount, e.balanceAfter, e.at, e.instrument], key).toEqual([t.card, t.type, t.amount, t.balanceAfter, t.at, t.instrument]);
          if (e.type === 'void') {
            voids++;
            // Square's TRANSACTION_VOIDED adjustment names neither the activity it voids nor an order.
            expect([e.ref, e.order], `${key}: Square names no voided activity`).toEqual([null, null]);
            expect(t.ref).not.toBeNull();
          } else expect([e.ref, e.order], key).toEqual([t.ref, t.order]);
          if (e.type === 'expiry') {
            expiries++;
            expect(e.effect, key).toBe(-t.amount);
          }
        }
        expect(voids).toBeGreaterThan(0);
        expect(expiries).toBeGreaterThan(0);
        const notes = (await importQuarter(q())).files[0].summary.notes!.join(' ');
        expect(notes).toContain(`${expiries} amounts taken from the balance chain`);
      });

      it('storefront: one event per gift card or store credit row, keyed R<row>, with no last four', async () => {
        const r = await importQuarter(q());
        const events = by(r.events, 'storefront');
        const rm = q().refmap!;
        const header = rm.header_lines['storefront.csv'];
        for (const e of events.values()) {
          expect(e.key).toBe(`R${e.row}`);
          expect(e.last4).toBeNull();
        }
        const records = rm.records.filter((x) => x.system === 'storefront');
        expect(records.length).toBeGreaterThan(0);
        for (const x of records) {
          const row = x.row + header - 1;
          const e = events.get(`R${row}`);
          if (x.gateway === 'shopify_payments') {
            expect(e, `row ${row}: a card payment is out of scope`).toBeUndefined();
            continue;
          }
          expect(e, `row ${row} (${x.ref})`).toBeDefined();
          expect([e!.order, e!.amount], `row ${row} (${x.ref})`).toEqual([x.order, x.amount_cents]);
        }
      });

      it('ERP: the liability lines of the reference layout, their references taken from the memo', async () => {
        const [mine, theirs] = [by((await importQuarter(q())).events, 'erp'), by((await importQuarter(ref())).events, 'erp')];
        // The opening aside (a General Ledger states it as each account's Beginning Balance); by journal, not line:
        // a General Ledger numbers a journal's lines as they appear in it, one side only.
        const lines = (m: Map<string, CanonicalEvent>) =>
          [...m.values()].filter((e) => e.scope === 1 && !/^OB/.test(e.journal ?? '')).map((e) => [e.journal, e.effect, e.bdate, e.instrument, e.ref, e.order].join('|')).sort();
        const ours = lines(mine);
        expect(ours).toEqual(lines(theirs));
        if (layout.erp === 'qbo-journal') for (const e of mine.values()) if (e.scope === 1) expect(e.amount, e.key).toBe(theirs.get(e.key)!.amount);
        expect(ours.filter((l) => /\|GT-\d+\|/.test(l)).length, 'lines whose memo names the platform transaction').toBeGreaterThan(ours.length / 2);
      });

      it('payments: the gift card charges and refunds of the reference layout, nothing else in scope', async () => {
        const [mine, theirs] = [by((await importQuarter(q())).events, 'payments'), by((await importQuarter(ref())).events, 'payments')];
        const inScope = (m: Map<string, CanonicalEvent>) => [...m.values()].filter((e) => e.scope === 1).map((e) => [e.key, e.type, e.amount, e.order]).sort();
        expect(inScope(mine)).toEqual(inScope(theirs));
        expect([...mine.values()].every((e) => e.scope === 1)).toBe(true);
      });
    });
  }

  it('report.json counts each file and names its profile; the case re-performs byte for byte with the profiles it saved', async () => {
    const q = gen({ ...base, layout: 'vendor' });
    const SQL = await sql();
    const c = await runCase(SQL, { files: quarterInputs(q), settings: quarterSettings(q) });
    expectIdentities(c.report);
    const storefront = c.report.inputs.find((i) => i.system === 'storefront')!;
    expect(storefront).toMatchObject({ profile: { id: 'shopify-transactions', version: 1, detected: true }, header_row: 1, layout: 'profile' });
    expect(storefront.out_of_scope_reasons).toEqual({ 'card or other payment (not a gift card or store credit tender)': storefront.out_of_scope });
    const bytes = c.exportCase();
    const json = c.reportJson();
    c.close();
    const db = new SQL.Database(bytes);
    const saved = JSON.parse(String(db.exec("SELECT value FROM settings WHERE key = 'profiles'")[0].values[0][0]));
    db.close();
    expect(Object.keys(saved).sort()).toEqual(['erp', 'opening', 'payments', 'platform', 'storefront']);
    expect(JSON.parse(saved.erp.text).id).toBe('qbo-journal');
    const again = await openCase(SQL, bytes);
    expect(again.reportJson()).toBe(json);
    expect(again.verifyChain().problems).toEqual([]);
    again.close();

    // A stored profile edited in the file (its text no longer its SHA-256) is named on open, and the case is read-only.
    const edited = new SQL.Database(bytes);
    saved.erp.text = saved.erp.text.replace('"qbo-journal"', '"qbo-journal-edited"');
    edited.run("UPDATE settings SET value = ? WHERE key = 'profiles'", [JSON.stringify(saved)]);
    const tampered = await openCase(SQL, edited.export());
    edited.close();
    const check = tampered.verifyChain();
    const problems = check.problems;
    expect(problems).toContain('The stored profile of the erp file does not match its SHA-256: it was edited');
    expect(problems.some((p) => /read with the profile qbo-journal-edited@1; the audit log's import entry records qbo-journal@1/.test(p))).toBe(true);
    expect(check.readOnly).toBe(true);
    tampered.close();
  });
});

// ─── a platform no preset knows (giftloop.ts) ───────────────────────────────────────────────────────────────

describe('a profile written for a layout no preset knows', () => {
  const q = () => gen({ seed: 9, cards: 150, timezone: 'Europe/Berlin' });
  const files = () => quarterInputs(q()).map((f) => (f.role === 'platform' ? { ...f, name: 'giftloop.csv', bytes: enc(giftLoop(q())) } : f));

  it('is not detected: without its profile the file is refused, naming the columns it lacks', async () => {
    await expect(importQuarter(q(), files())).rejects.toThrow(/^giftloop\.csv: missing required column/);
  });

  it('reads the export to the same events as the reference layout, title block and total line out of scope', async () => {
    const r = await importQuarter(q(), files(), { platform: { profile: GIFTLOOP_PROFILE } });
    const s = r.files[0].summary;
    expect(s).toMatchObject({ file: 'giftloop.csv', header_row: 4, quarantined: 0, profile: { id: 'giftloop-umsaetze', detected: false }, layout: 'profile' });
    expect(s.out_of_scope_reasons).toEqual({ 'title block above the header row': 2, 'total line': 1 });
    expect(r.problems).toEqual([]);
    const theirs = by((await importQuarter(q())).events, 'platform');
    const mine = by(r.events, 'platform');
    expect(mine.size).toBe(theirs.size);
    for (const [key, t] of theirs) {
      const e = mine.get(key)!;
      expect([e.card, e.type, e.amount, e.effect, e.balanceAfter, e.at, e.bdate, e.order, e.ref, e.channel, e.operator, e.memo], key).toEqual([
        t.card, t.type, t.amount, t.effect, t.balanceAfter, t.at, t.bdate, t.order, t.ref, t.channel, t.operator, t.memo,
      ]);
      expect(e.row, key).toBe(t.row + 3);
    }
  });

  it('reconciles to the same liability as the reference layout', async () => {
    const SQL = await sql();
    const ours = await runCase(SQL, { files: files(), settings: quarterSettings(q()), profiles: { platform: { profile: GIFTLOOP_PROFILE } } });
    const theirs = await runQuarter(q());
    expect(ours.report.liability).toEqual(theirs.report.liability);
    expect(ours.report.exceptions.map((x) => x.key)).toEqual(theirs.report.exceptions.map((x) => x.key));
    ours.close();
    theirs.close();
  });

  it('the inspection shows the profile, its preview and control totals, and no problem', async () => {
    const file = files().find((f) => f.role === 'platform')!;
    const quick = inspectFile(file, undefined, { profile: GIFTLOOP_PROFILE });
    expect(quick).toMatchObject({ layout: 'profile', headerRow: 4, requiredMissing: [], profile: { id: 'giftloop-umsaetze', detected: false } });
    expect(quick.columns['Timestamp']).toBe('Datum + Uhrzeit');
    const full = await examineFile(file, undefined, { profile: GIFTLOOP_PROFILE, settings: quarterSettings(q()), rows: 5 });
    expect(full.problems).toEqual([]);
    expect(full.counts).toMatchObject({ out_of_scope: 3, quarantined: 0 });
    const p = full.profilePreview!;
    if (!p.ok) throw new Error(p.error);
    expect(p.rows.map((r) => r.outcome)).toEqual(['record', 'record', 'record', 'record', 'record']);
    expect(p.rows[0].record!['Type']).toMatch(/^(Activation|Reload|Redemption|Refund|Void|Adjustment|Expiry)$/);
    expect(p.summary.records).toBe(full.counts!.imported);
    expect(Number(p.summary.money['Amount'].total)).not.toBe(0);
  });
});

// ─── the reference layouts ─────────────────────────────────────────────────────────────────────────────────

describe('the reference layouts', () => {
  it('are read by their reference profile on the fast path, nothing out of scope', async () => {
    const q = gen({ seed: 3, cards: 80 });
    const r = await importQuarter(q);
    for (const f of r.files) {
      expect(f.summary).toMatchObject({ layout: 'reference', out_of_scope: 0, out_of_scope_reasons: {}, header_row: 1, profile: { id: `reference-${f.summary.system}`, detected: true } });
      expect(f.summary.rows).toBe(f.summary.imported + f.summary.quarantined);
    }
    const inScope = r.events.filter((e) => e.scope === 1).length + r.opening.length;
    expect(r.files.reduce((a, f) => a + f.summary.in_scope!, 0)).toBe(inScope);
  });
});
