import { beforeEach, describe, expect, it } from 'vitest';
import { unsealedReportJson as unsealed } from '../report/report-json';
import { openCase, runCase } from './pipeline';
import { loadSqlJs } from '../node/files';
import { tinyQuarter, TINY_SETTINGS } from '../testing/tiny-quarter';
import { InputError, type Decision, type ExceptionItem, type Report } from '../types';
import type { EngineCase } from './api';

const by = (user: string, at = '2026-10-15T10:00:00.000Z') => ({ user, at });
const accept = (xs: ExceptionItem[], user = 'ana'): Decision[] => xs.map((x) => ({ key: x.key!, action: 'accept', ...by(user) }));
const state = (r: Report) => r.exceptions.map((x) => [x.key, x.status, x.resolution]);

let c: EngineCase;
beforeEach(async () => {
  c = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: TINY_SETTINGS });
});

describe('undo and redo', () => {
  it('a bulk action is one step: undo leaves every exception it touched as it was, open not deferred', () => {
    const before = c.reportJson();
    c.decide(accept(c.report.exceptions), 'accept all');
    expect(c.history()).toEqual({ canUndo: true, canRedo: false, undo: 'accept all' });
    const r = c.undo('ana');
    expect(r.exceptions.every((x) => x.status === 'open')).toBe(true);
    // The same figures; the seal names the log, which now records the action and its undo.
    expect(unsealed(c.reportJson())).toBe(unsealed(before));
    expect(r.audit_seal).toEqual({ entries: 2 + c.report.exceptions.length + 1 + 1, head: c.auditLog().at(-1)!.hash });
    expect(c.decisions()).toEqual([]);
  });

  it('undo restores exactly the state before the action: an earlier resolution stands again', () => {
    const missing = c.report.exceptions.find((x) => x.category === 'MISSING_IN_PLATFORM')!;
    c.decide([{ key: missing.key!, action: 'resolve', resolution: 'did_not_happen', note: 'no such tender', ...by('ana') }], 'resolve EX-0003');
    const afterFirst = c.reportJson();
    const stateAfterFirst = state(c.report);
    c.decide(accept(c.report.exceptions), 'accept all');
    c.undo('ana');
    expect(state(c.report)).toEqual(stateAfterFirst);
    expect(unsealed(c.reportJson())).toBe(unsealed(afterFirst));
    expect(c.report.exceptions.find((x) => x.key === missing.key)).toMatchObject({ status: 'resolved', resolution: 'did_not_happen' });
  });

  it('redo re-applies the step as it was; a new decision ends what can be redone', () => {
    c.decide(accept(c.report.exceptions.slice(0, 3)), 'accept 3');
    const done = c.reportJson();
    const decisions = c.decisions();
    c.undo('ben');
    c.redo('ben');
    expect(unsealed(c.reportJson())).toBe(unsealed(done));
    expect(c.decisions()).toEqual(decisions);
    c.undo('ben');
    c.decide(accept(c.report.exceptions.slice(4)), 'accept EX-0005');
    expect(c.history()).toEqual({ canUndo: true, canRedo: false, undo: 'accept EX-0005' });
    expect(() => c.redo('ben')).toThrow(InputError);
  });

  it('nothing to undo or redo is said plainly, and changes nothing', () => {
    const n = c.auditLog().length;
    expect(() => c.undo('ana')).toThrow(/Nothing to undo/);
    expect(() => c.redo('ana')).toThrow(/Nothing to redo/);
    expect(c.auditLog()).toHaveLength(n);
  });

  it('the audit log records each undo and redo, naming the action; nothing is taken out of it', () => {
    c.decide(accept(c.report.exceptions.slice(0, 2)), 'accept 2');
    const before = c.auditLog();
    c.undo('ben', '2026-10-16T09:00:00.000Z');
    c.redo('cy', '2026-10-16T09:05:00.000Z');
    const log = c.auditLog();
    expect(log.slice(0, before.length)).toEqual(before);
    expect(log.slice(before.length).map((e) => [e.user, e.action, e.detail, e.at])).toEqual([
      ['ben', 'undo', 'accept 2 (entries 3 to 5, 2 decisions)', '2026-10-16T09:00:00.000Z'],
      ['cy', 'redo', 'accept 2 (entries 3 to 5, 2 decisions)', '2026-10-16T09:05:00.000Z'],
    ]);
    expect(c.verifyChain()).toMatchObject({ ok: true, problems: [], readOnly: false });
  });
});

describe('the decisions as a function of the audit log', () => {
  it('a reopened case rebuilds its decisions from its log, undone steps left out, and starts without undo history', async () => {
    c.decide(accept(c.report.exceptions.slice(0, 1)), 'accept EX-0001');
    c.decide(accept(c.report.exceptions.slice(1, 3)), 'accept 2');
    c.undo('ana');
    const reopened = await openCase(await loadSqlJs(), c.exportCase());
    expect(reopened.decisions()).toEqual(c.decisions());
    expect(reopened.reportJson()).toBe(c.reportJson());
    expect(reopened.history()).toEqual({ canUndo: false, canRedo: false });
    expect(() => reopened.undo('ana')).toThrow(/Nothing to undo/);
    expect(reopened.verifyChain()).toEqual({ ok: true, problems: [], seal: c.report.audit_seal, readOnly: false });
  });

  it('an edited decisions table is named on open, and the log’s decisions are the ones used', async () => {
    c.decide(accept(c.report.exceptions.slice(0, 2)), 'accept 2');
    const SQL = await loadSqlJs();
    const db = new SQL.Database(c.exportCase());
    db.run("UPDATE decisions SET action = 'resolve', resolution = 'did_not_happen' WHERE seq = (SELECT max(seq) FROM decisions)");
    const reopened = await openCase(SQL, db.export());
    db.close();
    // The figures are the log's; the notes say what was found, and the case is read-only.
    const figures = (json: string) => ({ ...JSON.parse(json), notes: undefined });
    expect(figures(reopened.reportJson())).toEqual(figures(c.reportJson()));
    expect(reopened.report.notes?.[0]).toMatch(/^Integrity: this case file failed its check .* \(2 problems\)/);
    expect(() => reopened.decide(accept(reopened.report.exceptions.slice(0, 1)), 'accept')).toThrow(/read-only/);
    const check = reopened.verifyChain();
    expect(check.ok).toBe(false);
    expect(check.readOnly).toBe(true);
    expect(check.problem).toContain('The decisions table holds 1 decision(s) the audit log does not record: resolve did_not_happen on');
    expect(check.problem).toContain('The audit log records 1 decision(s) missing from the decisions table: accept on');
  });

  it('each case has its own history: an undo in one leaves another alone', async () => {
    const other = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: TINY_SETTINGS });
    c.decide(accept(c.report.exceptions.slice(0, 1)), 'accept EX-0001');
    expect(other.history()).toEqual({ canUndo: false, canRedo: false });
    expect(() => other.undo('ana')).toThrow(/Nothing to undo/);
    other.decide(accept(other.report.exceptions.slice(1, 2)), 'accept EX-0002');
    other.undo('ana');
    expect(c.decisions()).toHaveLength(1);
    expect(other.decisions()).toEqual([]);
  });

  it('decisions given to a new run up front are in force but not undoable in it', async () => {
    const given = accept(c.report.exceptions.slice(0, 2));
    const rerun = await runCase(await loadSqlJs(), { files: tinyQuarter(), settings: TINY_SETTINGS, decisions: given });
    expect(rerun.decisions()).toEqual(given);
    expect(rerun.history().canUndo).toBe(false);
  });
});
