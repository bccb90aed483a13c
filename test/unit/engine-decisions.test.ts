// Auditor decisions: an alternative resolution changes the numbers by the exception's amount, the identities
// still hold, the audit log is a verifiable hash chain; a saved case reopens to the same report, detects
// tampering, and re-performs through the CLI.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineCase } from '../../shared/api';
import { openCase, unsealedReportJson } from '../../shared/engine';
import { InputError, type Decision, type ExceptionItem } from '../../shared/types';
import { generateQuarter, type GeneratedQuarter } from '../fixtures/generate';
import { expectIdentities, runQuarter, sql } from './engine-helpers';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-decisions-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let q: GeneratedQuarter;
let c: EngineCase;
let x: ExceptionItem;
let before: { reconstructed: number; erp: number; platform: number; log: number; report: string };
let decision: Decision;

beforeAll(async () => {
  q = generateQuarter({ seed: 61, cards: 500, timezone: 'America/New_York', erpFormat: 'xlsx' });
  c = await runQuarter(q);
  const L = c.report.liability;
  before = { reconstructed: L.reconstructed_closing_cents, erp: L.erp_closing_cents, platform: L.platform_reported_closing_cents, log: c.auditLog().length, report: c.reportJson() };
  x = c.report.exceptions.find((e) => e.category === 'MISSING_IN_PLATFORM' && e.amount_cents !== 0)!;
  decision = { key: x.key!, action: 'resolve', resolution: 'did_not_happen', note: 'no such tender on the till roll', user: 'auditor@firm.example', at: '2026-10-15T10:00:00.000Z' };
});

describe('decisions', () => {
  it('resolving an exception another way changes the reconstructed closing by its amount, and the identities hold', () => {
    expect(x, 'the quarter has a MISSING_IN_PLATFORM exception').toBeDefined();
    expect(x.resolution ?? 'it_happened').toBe('it_happened');
    const r = c.decide([decision], 'resolve');
    const L = r.liability;
    const delta = L.reconstructed_closing_cents - before.reconstructed;
    expect(Math.abs(delta)).toBe(Math.abs(x.amount_cents));
    // What the default had counted (its effect on the bridge from the ERP) is taken back out.
    expect(delta).toBe(-(x.erp_effect_cents ?? NaN));
    expect(L.erp_closing_cents).toBe(before.erp);
    expect(L.platform_reported_closing_cents).toBe(before.platform);
    expectIdentities(r);
    const after = r.exceptions.find((e) => e.key === x.key)!;
    expect(after.resolution).toBe('did_not_happen');
    expect(after.status).toBe('resolved');
    expect(r.decisions_applied).toBe(1);
    expect((r.notes ?? []).some((n) => /decision/i.test(n))).toBe(true);
    expect(c.reportJson()).not.toBe(before.report);
    // The card's own balance moved by the same amount.
    const card0 = JSON.parse(before.report) as { cards: { card: string | null; reconstructed_cents: number }[] };
    if (x.card) {
      const was = card0.cards.find((k) => k.card === x.card)?.reconstructed_cents ?? 0;
      expect(r.cards.find((k) => k.card === x.card)!.reconstructed_cents - was).toBe(delta);
    }
  });

  it('the audit log grows with the user and time, and its chain verifies', () => {
    const log = c.auditLog();
    expect(log.length).toBe(before.log + 1);
    const last = log[log.length - 1];
    expect(last.user).toBe(decision.user);
    expect(last.at).toBe(decision.at);
    expect(last.action).toMatch(/resolve/);
    expect(last.detail).toContain(x.key!);
    expect(last.detail).toContain('did_not_happen');
    expect(last.prev_hash).toBe(log[log.length - 2].hash);
    expect(c.verifyChain()).toEqual({ ok: true, problems: [], seal: { entries: log.length, head: last.hash }, readOnly: false });
    expect(c.report.audit_seal).toEqual({ entries: log.length, head: last.hash });
    expect(c.decisions()).toEqual([decision]);
  });

  it('an unknown exception key is refused and changes nothing', () => {
    const n = c.auditLog().length;
    const json = c.reportJson();
    expect(() => c.decide([{ ...decision, key: 'no-such-key' }], 'resolve')).toThrow(InputError);
    expect(c.auditLog().length).toBe(n);
    expect(c.reportJson()).toBe(json);
  });

  it('the same decision given up front to a fresh run gives the same report', async () => {
    const d = await runQuarter(q, { decisions: [decision] });
    expect(unsealedReportJson(d.reportJson())).toBe(unsealedReportJson(c.reportJson()));
  });

  it('exportCase() → openCase() gives the same report, decisions and audit log', async () => {
    const reopened = await openCase(await sql(), c.exportCase());
    expect(reopened.reportJson()).toBe(c.reportJson());
    expect(reopened.decisions()).toEqual(c.decisions());
    expect(reopened.auditLog()).toEqual(c.auditLog());
    expect(reopened.verifyChain()).toMatchObject({ ok: true, problems: [], readOnly: false });
    expect(reopened.settings).toEqual(c.settings);
  });

  it('a tampered audit entry in the saved bytes is reported by verifyChain() naming the entry', async () => {
    const SQL = await sql();
    const db = new SQL.Database(c.exportCase());
    const seq = c.auditLog().length; // the decision entry
    db.run('UPDATE audit_log SET detail = ? WHERE seq = ?', ['{"key":"forged"}', seq]);
    const bytes = db.export();
    db.close();
    const reopened = await openCase(SQL, bytes);
    const check = reopened.verifyChain();
    expect(check.ok).toBe(false);
    expect(check.problem).toMatch(new RegExp(`\\b${seq}\\b`));
    expect(check.problem).toContain(decision.user);

    // Removing an entry is caught too.
    const db2 = new SQL.Database(c.exportCase());
    db2.run('DELETE FROM audit_log WHERE seq = 1');
    const bytes2 = db2.export();
    db2.close();
    const check2 = (await openCase(SQL, bytes2)).verifyChain();
    expect(check2.ok).toBe(false);
    expect(check2.problem).toMatch(/\b1\b/);
  });

  it("altering a stored file's bytes is named on open, and the case opens read-only", async () => {
    const SQL = await sql();
    const db = new SQL.Database(c.exportCase());
    const [[name, data]] = db.exec("SELECT name, bytes FROM files WHERE role = 'platform'")[0].values as [string, Uint8Array][];
    const altered = new Uint8Array(data);
    const i = altered.indexOf(0x2e); // a '.' in an amount
    altered[i - 1] = altered[i - 1] === 0x39 ? 0x38 : altered[i - 1] + 1;
    db.run("UPDATE files SET bytes = ? WHERE role = 'platform'", [altered]);
    const bytes = db.export();
    db.close();
    const reopened = await openCase(SQL, bytes);
    const check = reopened.verifyChain();
    expect(check.ok).toBe(false);
    expect(check.readOnly).toBe(true);
    // The file first; then, as its figures moved, the stored report that no longer agrees.
    expect(check.problems.slice(1).every((p) => /^The (report|liability in the report) stored in the case file/.test(p))).toBe(true);
    expect(check.problems[0]).toMatch(new RegExp(`^${name} \\(platform\\): its stored bytes hash to [0-9a-f]{12}…, not the SHA-256 the audit log's import entry records`));
    expect(reopened.report.notes?.[1]).toBe(`Integrity: ${check.problems[0]}.`);
    expect(() => reopened.decide([decision], 'resolve')).toThrow(/read-only/);
  });

  it('bytes that are not a case are an InputError', async () => {
    await expect(openCase(await sql(), new TextEncoder().encode('not a database'))).rejects.toBeInstanceOf(InputError);
  });

  it('the CLI --case FILE --out DIR re-performs a saved case to a byte-identical report.json', async () => {
    const file = join(tmp, 'case.sqlite');
    writeFileSync(file, c.exportCase());
    const out = join(tmp, 'out');
    const res = await new Promise<{ status: number | null; stderr: string }>((done, fail) => {
      const p = spawn('npx', ['--no-install', 'tsx', 'cli/reconcile.ts', '--case', file, '--out', out, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      p.on('error', fail);
      p.on('close', (status) => done({ status, stderr }));
    });
    expect(res.status, res.stderr).toBe(0);
    expect(res.stderr).toBe('');
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe(c.reportJson());
  });
});
