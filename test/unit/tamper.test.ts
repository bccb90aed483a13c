// A saved case edited as an adversary with sql.js would edit it (test/hostile/tamper.ts, issue #17): each edit
// is caught on open and named, or, where the file was made consistent in itself, by the seal (the audit log's
// head, kept from the signed report.json); a case that fails opens read-only with the problems in its notes,
// and the command line refuses it (exit 3) unless told --accept-tampered. docs/hostile-input.md lists them;
// "tamper › X" there is `it('X')` here.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { SqlJsStatic } from 'sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineCase } from '../../shared/api';
import { openCase, runCase } from '../../shared/engine';
import { loadSqlJs } from '../../shared/node/files';
import { TINY_SETTINGS, tinyQuarter } from '../../shared/testing/tiny-quarter';
import type { AuditSeal, Decision, Report } from '../../shared/types';
import { TAMPER_CASES, recomputeChain, type TamperTools } from '../hostile/tamper';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-tamper-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

let SQL: SqlJsStatic;
let saved: Uint8Array;
let seal: AuditSeal;
let original: Report;
const kept = () => `${seal.entries}:${seal.head}`;

const decision = (key: string, action: Decision['action'], at: string, resolution?: string): Decision => ({
  key, action, user: 'ana', at, ...(resolution ? { resolution } : {}),
});

beforeAll(async () => {
  SQL = await loadSqlJs();
  const c = await runCase(SQL, { files: tinyQuarter(), settings: TINY_SETTINGS });
  const key = (category: string) => c.report.exceptions.find((x) => x.category === category)!.key;
  // Entries 3, 4 and 5: an accept, a resolve that changes the figures, an accept.
  c.decide([decision(key('ACTIVATION_LAG'), 'accept', '2026-10-15T10:00:00.000Z')], 'accept');
  c.decide([decision(key('MISSING_IN_PLATFORM'), 'resolve', '2026-10-15T10:01:00.000Z', 'did_not_happen')], 'resolve');
  c.decide([decision(key('MISSING_IN_ERP'), 'accept', '2026-10-15T10:02:00.000Z')], 'accept');
  saved = c.exportCase();
  original = c.report;
  seal = c.report.audit_seal!;
  c.close();
});

const tools = (): TamperTools => ({ SQL, reperformedReport: async (bytes) => (await openCase(SQL, bytes)).reportJson() });

async function edited(edit: (typeof TAMPER_CASES)[number]['edit']): Promise<Uint8Array> {
  const db = new SQL.Database(saved);
  try {
    await edit(db, tools());
    return db.export();
  } finally {
    db.close();
  }
}

function expectReadOnly(c: EngineCase): void {
  const check = c.verifyChain();
  expect(check.ok).toBe(false);
  expect(check.readOnly).toBe(true);
  expect(c.history()).toEqual({ canUndo: false, canRedo: false });
  const key = c.report.exceptions[0].key;
  expect(() => c.decide([decision(key, 'defer', '2026-10-21T00:00:00.000Z')], 'defer')).toThrow(/failed its integrity check .* read-only/);
  // The report says so first, and names every problem.
  const notes = c.report.notes ?? [];
  expect(notes[0]).toMatch(/^Integrity: this case file failed its check against its audit log when it was opened \(\d+ problems?\)/);
  for (const p of check.problems) expect(notes).toContain(`Integrity: ${p}.`);
}

describe('a saved case as saved', () => {
  it('opens with its chain whole, no problem, and the head its report was sealed with', async () => {
    const c = await openCase(SQL, saved, {}, { keptHead: kept() });
    expect(c.verifyChain()).toEqual({ ok: true, problems: [], seal, readOnly: false });
    expect(c.report.audit_seal).toEqual(seal);
    expect(c.report.liability).toEqual(original.liability);
    // The head alone, without the count, is a kept head too.
    expect((await openCase(SQL, saved, {}, { keptHead: seal.head.toUpperCase() })).verifyChain().ok).toBe(true);
  });

  it('a kept head that is not a head is told so', async () => {
    const check = (await openCase(SQL, saved, {}, { keptHead: 'abc' })).verifyChain();
    expect(check.problems).toEqual(["The kept head 'abc' is not an audit log head (64 hexadecimal digits, or ENTRIES:HEAD)"]);
  });
});

describe('tamper', () => {
  for (const t of TAMPER_CASES) {
    it(t.name, async () => {
      const bytes = await edited(t.edit);
      const c = await openCase(SQL, bytes);
      const check = c.verifyChain();
      if (t.caught === 'on open') {
        for (const p of t.problems) expect(check.problems.some((x) => p.test(x)), `${p} in ${JSON.stringify(check.problems)}`).toBe(true);
        expectReadOnly(c);
      } else {
        // Consistent in itself: nothing to see on open, but the log no longer ends at the head kept.
        expect(check.problems).toEqual([]);
        expect(check.seal).not.toEqual(seal);
        const sealed = await openCase(SQL, bytes, {}, { keptHead: kept() });
        expect(sealed.verifyChain().problems).toEqual([
          `The case's audit log has ${check.seal.entries} entries ending at head ${check.seal.head}, not the kept head ${seal.head} (${seal.entries} entries): the log was changed since that head was kept, or this is another case`,
        ]);
        expectReadOnly(sealed);
      }
      // A copy edited: the figures are the log's, as saved. Otherwise they may differ, never unnamed.
      if (t.figures === 'as saved') expect(c.report.liability).toEqual(original.liability);
      if (JSON.stringify(c.report.liability) !== JSON.stringify(original.liability)) expect(check.ok || t.caught === 'by the seal').toBe(t.caught === 'by the seal');
    });
  }

  it("an edit of the log with the chain recomputed leaves the file's entries hashing as the scheme says", async () => {
    // The corpus forges as docs/formats.md §8 describes: its chain, recomputed untouched, is the engine's own.
    const db = new SQL.Database(saved);
    const before = db.exec('SELECT hash FROM audit_log ORDER BY seq')[0].values;
    recomputeChain(db);
    expect(db.exec('SELECT hash FROM audit_log ORDER BY seq')[0].values).toEqual(before);
    db.close();
  });
});

describe('the command line on a tampered case', () => {
  const cli = (args: string[]) =>
    new Promise<{ status: number | null; stderr: string }>((done, fail) => {
      const p = spawn(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', ...args, '--quiet'], { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'] });
      let stderr = '';
      p.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
      p.on('error', fail);
      p.on('close', (status) => done({ status, stderr }));
    });

  it('refuses it (exit 3, every problem named, nothing written) unless --accept-tampered, and then the notes say so', async () => {
    const t = TAMPER_CASES.find((x) => x.name === 'the liability accounts swapped in the settings table')!;
    const file = join(tmp, 'swapped.sqlite');
    writeFileSync(file, await edited(async (db, tl) => {
      await t.edit(db, tl);
      db.run("UPDATE decisions SET resolution = 'it_happened' WHERE resolution = 'did_not_happen'");
    }));
    const refused = await cli(['--case', file, '--out', join(tmp, 'refused')]);
    expect(refused.status, refused.stderr).toBe(3);
    expect(refused.stderr.trimEnd().split('\n')).toEqual([
      'reconcile: the case file fails its integrity check (3 problems); nothing was written (--accept-tampered re-performs it anyway):',
      'reconcile:   The liability accounts were changed from 2410,2420 to 2420,2410 outside the audit log',
      expect.stringMatching(/^reconcile: {3}The decisions table holds 1 decision\(s\) the audit log does not record: resolve it_happened on MISSING_IN_PLATFORM/),
      expect.stringMatching(/^reconcile: {3}The audit log records 1 decision\(s\) missing from the decisions table: resolve did_not_happen on MISSING_IN_PLATFORM/),
    ]);
    expect(existsSync(join(tmp, 'refused', 'report.json'))).toBe(false);

    const accepted = await cli(['--case', file, '--accept-tampered', '--out', join(tmp, 'accepted')]);
    expect(accepted.status, accepted.stderr).toBe(0);
    expect(accepted.stderr).toMatch(/^reconcile: warning: the case file fails its integrity check \(3 problems\); re-performed anyway \(--accept-tampered\)/);
    const report = JSON.parse(readFileSync(join(tmp, 'accepted', 'report.json'), 'utf8')) as Report;
    expect(report.notes?.[0]).toMatch(/^Integrity: this case file failed its check .* \(3 problems\)/);
    expect(report.notes?.[1]).toBe('Integrity: The liability accounts were changed from 2410,2420 to 2420,2410 outside the audit log.');
    // Re-performed as the log records it: the figures are the ones saved.
    expect(report.liability).toEqual(original.liability);
    expect(report.audit_seal).toEqual(seal);
  });

  it('--expect-head: the kept head passes; another is one line, exit 3', async () => {
    const file = join(tmp, 'case.sqlite');
    writeFileSync(file, saved);
    const ok = await cli(['--case', file, '--expect-head', kept(), '--out', join(tmp, 'ok')]);
    expect(ok.status, ok.stderr).toBe(0);
    expect(JSON.parse(readFileSync(join(tmp, 'ok', 'report.json'), 'utf8')).audit_seal).toEqual(seal);

    const forged = join(tmp, 'forged.sqlite');
    writeFileSync(forged, await edited(TAMPER_CASES.find((x) => x.caught === 'by the seal')!.edit));
    const bad = await cli(['--case', forged, '--expect-head', kept(), '--out', join(tmp, 'bad')]);
    expect(bad.status, bad.stderr).toBe(3);
    const lines = bad.stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      new RegExp(`^reconcile: The case's audit log has 5 entries ending at head [0-9a-f]{64}, not the kept head ${seal.head} \\(5 entries\\): the log was changed since that head was kept, or this is another case; nothing was written`),
    );
    const misuse = await cli(['--demo', '--expect-head', kept(), '--out', join(tmp, 'misuse')]);
    expect(misuse.status).toBe(2);
    expect(misuse.stderr.trim()).toBe('reconcile: --expect-head checks a saved case: give it with --case');
  });
});
