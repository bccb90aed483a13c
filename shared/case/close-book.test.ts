// The close on a whole (tiny) case: sign-offs in order and by different people, refused while material
// exceptions are open unless forced with a note, voided by a decision, an undo or a re-run that moves what they
// cover, and all of it replayed from the audit log when the case is reopened.
import { beforeEach, describe, expect, it } from 'vitest';
import { loadSqlJs } from '../node/files';
import { tinyQuarter, TINY_SETTINGS } from '../testing/tiny-quarter';
import type { Decision } from '../types';
import type { EngineCase } from './api';
import { openCase, runCase } from './pipeline';
import { figuresMoved, signedFigures } from './signoff';

let c: EngineCase;
beforeEach(async () => {
  c = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: TINY_SETTINGS });
});

const at = '2026-10-15T10:00:00.000Z';
const acceptAll = (): Decision[] => c.report.exceptions.map((x) => ({ key: x.key, action: 'accept', user: 'ana', at }));

describe('sign-off', () => {
  it('is refused while an open exception is above the materiality, names them, and is allowed once forced with a note', () => {
    const close = c.closing();
    close.setMateriality(500, 'ana');
    const material = c.report.exceptions.filter((x) => Math.abs(x.amount_cents) > 500);
    expect(material.length).toBeGreaterThan(0);
    expect(() => close.sign({ role: 'preparer', name: 'Ana' })).toThrow(new RegExp(`${material.length} open exceptions? above the materiality of 5.00`));
    expect(() => close.sign({ role: 'preparer', name: 'Ana', force: true })).toThrow(/needs a note/);
    const s = close.sign({ role: 'preparer', name: 'Ana', force: true, note: 'Platform tickets raised' });
    expect(s).toMatchObject({ role: 'preparer', name: 'Ana', forced: true, status: 'active', materiality_cents: 500 });
    expect(s.figures).toEqual(signedFigures(c.report));
    // The chain's head when it was signed: the entry just before the sign-off's own.
    const log = c.auditLog();
    expect(log.at(-1)).toMatchObject({ action: 'signoff:sign', user: 'Ana' });
    expect(s.chain_head).toEqual({ seq: log.at(-2)!.seq, hash: log.at(-2)!.hash });
    expect(c.report.signoffs).toMatchObject({ materiality_cents: 500, status: 'prepared' });
  });

  it('keeps the order: no reviewer before a preparer, not the same person, one sign-off per role', () => {
    const close = c.closing();
    c.decide(acceptAll(), 'accept all');
    expect(() => close.sign({ role: 'reviewer', name: 'Ben' })).toThrow(/after the preparer/);
    close.sign({ role: 'preparer', name: 'Ana' });
    expect(() => close.sign({ role: 'preparer', name: 'Cy' })).toThrow(/Ana signed .* withdraw it/);
    expect(() => close.sign({ role: 'reviewer', name: ' ana ' })).toThrow(/must be someone else/);
    close.sign({ role: 'reviewer', name: 'Ben' });
    expect(close.status().status).toBe('reviewed');
  });

  it('is voided by a later decision that moves a signed figure, and the entry says what moved and what moved it', () => {
    const close = c.closing();
    c.decide(acceptAll().slice(1), 'accept the rest');
    close.sign({ role: 'preparer', name: 'Ana', force: true, note: 'one item left with the platform' });
    const signed = c.report.liability.reconstructed_closing_cents;
    const missing = c.report.exceptions.find((x) => x.category === 'MISSING_IN_PLATFORM')!;
    c.decide([{ key: missing.key, action: 'resolve', resolution: 'did_not_happen', user: 'ben', at }], 'resolve');
    expect(c.report.liability.reconstructed_closing_cents).not.toBe(signed);
    const [s] = close.status().signoffs;
    expect(s.status).toBe('void');
    expect(s.ended!.reason).toMatch(/^reconstructed .* → .*after entry \d+ \(decision:resolve by ben\)/);
    expect(c.report.signoffs?.status).toBe('unsigned');
    expect(c.auditLog().at(-1)).toMatchObject({ action: 'signoff:void', user: 'system' });
  });

  it('is voided by an undo too, and stays void when the figures come back: a new sign-off is needed', () => {
    const close = c.closing();
    c.decide(acceptAll(), 'accept all');
    close.sign({ role: 'preparer', name: 'Ana' });
    c.undo('ana');
    expect(close.status().signoffs[0].status).toBe('void');
    c.redo('ana');
    expect(close.status().status).toBe('unsigned');
    close.sign({ role: 'preparer', name: 'Ana' });
    expect(close.status().status).toBe('prepared');
  });

  it('a decision that moves nothing it covers leaves it standing', () => {
    const close = c.closing();
    c.decide(acceptAll(), 'accept all');
    close.sign({ role: 'preparer', name: 'Ana' });
    const x = c.report.exceptions[0];
    c.decide([{ key: x.key, action: 'accept', note: 'checked again', user: 'ana', at }], 'accept again');
    expect(close.status().status).toBe('prepared');
  });

  it('is replayed from the audit log when the case is reopened, with what voided it', async () => {
    const close = c.closing();
    close.setMateriality(100_000, 'ana');
    close.sign({ role: 'preparer', name: 'Ana' });
    close.sign({ role: 'reviewer', name: 'Ben' });
    c.decide(acceptAll().slice(0, 1), 'accept one');
    close.sign({ role: 'preparer', name: 'Ana' });
    const before = close.status();
    const again = await openCase(await loadSqlJs(), c.exportCase());
    expect(again.closing().status()).toEqual(before);
    expect(again.reportJson()).toBe(c.reportJson());
    expect(again.verifyChain()).toMatchObject({ ok: true, problems: [] });
  });

  it('a withdrawn preparer sign-off takes the reviewer’s with it', () => {
    const close = c.closing();
    c.decide(acceptAll(), 'accept all');
    close.sign({ role: 'preparer', name: 'Ana' });
    close.sign({ role: 'reviewer', name: 'Ben' });
    expect(() => close.withdraw('preparer', 'Ana', ' ')).toThrow(/note/);
    close.withdraw('preparer', 'Ana', 'figures to be re-checked');
    expect(close.status().signoffs.map((s) => s.status)).toEqual(['withdrawn', 'withdrawn']);
  });

  it('a re-run carries the sign-offs; they stand when nothing moved and are voided when a figure did', async () => {
    const SQL = await loadSqlJs();
    c.decide(acceptAll(), 'accept all');
    c.closing().sign({ role: 'preparer', name: 'Ana' });
    const same = await runCase(SQL, { files: tinyQuarter(), settings: TINY_SETTINGS, decisions: c.decisions(), close: c.closing().carry() });
    expect(same.closing().status().status).toBe('prepared');
    const wider = await runCase(SQL, { files: tinyQuarter(), settings: { ...TINY_SETTINGS, lagToleranceMinutes: 24 * 60 }, decisions: c.decisions(), close: c.closing().carry() });
    const [s] = wider.closing().status().signoffs;
    expect(s.status).toBe('void');
    expect(s.ended!.reason).toMatch(/^bridge ACTIVATION_LAG 0.00 \(1\) → 0.00 \(0\).*, after a re-run with other files or settings$/);
  });
});

describe('figuresMoved', () => {
  it('names each figure that moved, and nothing when none did', () => {
    const f = signedFigures(c.report);
    expect(figuresMoved(f, f)).toEqual([]);
    const moved = figuresMoved(f, { ...f, open_exceptions: f.open_exceptions - 1, erp_closing_cents: f.erp_closing_cents + 100 });
    expect(moved).toHaveLength(2);
    expect(moved[0]).toMatch(/^ERP /);
    expect(moved[1]).toMatch(/^open exceptions 5 /);
  });
});
