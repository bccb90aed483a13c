// The engine service behind the worker: its handlers, served over a port (calls, cancels, events, transfers),
// with fakes for the engine, and once over the real engine on a small generated quarter.
import { describe, expect, expectTypeOf, it, vi } from 'vitest';
import type { FromEngine, Method, Params, Result } from '../../contract/engine';
import type { EngineCase, FileInspection } from '../../shared/api';
import type { CaseChange, PresetInfo, ProfileCheck } from '../../shared/service/engine-service';
import type { Inspection } from '../../shared/import/inspect';
import { examineFile, openCase, previewFile, runCase, inspectFile } from '../../shared/engine';
import { createEngineService, type EngineServiceDeps } from '../../shared/service/engine-service';
import { serveEngine } from '../../shared/service/serve';
import type { ToEngineMessage } from '../../shared/service/protocol';
import { DEFAULT_SETTINGS, type CaseSettings, type Decision, type Report } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };

const inspection = (name: string): FileInspection => ({
  role: 'platform',
  name,
  sha256: 'x',
  encoding: 'utf-8',
  layout: 'reference',
  headers: [],
  columns: {},
  requiredMissing: [],
  preview: [],
});

function fakeCase(over: Partial<EngineCase> = {}): EngineCase {
  return {
    settings,
    report: { liability: {}, exceptions: [] } as unknown as Report,
    drift: () => [],
    decisions: () => [],
    exceptionIds: () => [],
    analyticsRequest: () => ({}),
    history: () => ({ canUndo: false, canRedo: false }),
    exportCase: () => new Uint8Array([9, 8, 7]),
    prepareLookups: () => undefined,
    close: () => undefined,
    closing: () => ({ prior: () => null, carry: () => ({ materiality_cents: null, signoffs: [], files: [] }) }),
    ...over,
  } as unknown as EngineCase;
}

/** The service with fake engine entry points, served over a recording port. */
function served(deps: Partial<EngineServiceDeps<string>> = {}) {
  const posted: { msg: FromEngine; transfer: ArrayBuffer[] }[] = [];
  const service = createEngineService<string>({
    loadSql: async () => 'SQL',
    runCase: async () => fakeCase(),
    openCase: async () => fakeCase(),
    inspectFile: (f) => inspection(f.name),
    ...deps,
  });
  const handle = serveEngine(service, (msg, transfer) => posted.push({ msg, transfer }));
  let id = 0;
  const call = async <M extends Method>(method: M, params: Params<M>): Promise<FromEngine> => {
    await handle({ kind: 'call', id: ++id, method, params } as ToEngineMessage);
    return posted.filter((p) => p.msg.kind === 'result' || p.msg.kind === 'error').at(-1)!.msg;
  };
  return { posted, handle, call, service, messages: () => posted.map((p) => p.msg) };
}

describe('engine service over a port', () => {
  it('keeps files, inspects them, runs with progress, pushes the case before the answer, then prepares look-ups', async () => {
    const prepared: number[] = [];
    let posted: unknown[] = [];
    const runCase = vi.fn(async (_sql: string, req: { files: { name: string }[] }, hooks?: { onProgress?: (p: { stage: 'read'; done: number; total: number }) => void }) => {
      hooks?.onProgress?.({ stage: 'read', done: 1, total: 2 });
      expect(req.files.map((f) => f.name)).toEqual(['p.csv']);
      return fakeCase({ prepareLookups: () => void prepared.push(posted.length) });
    });
    const s = served({ runCase: runCase as unknown as EngineServiceDeps<string>['runCase'] });
    posted = s.posted;
    await s.call('putFile', { role: 'platform', name: 'p.csv', bytes: new ArrayBuffer(4) });
    expect(await s.call('inspect', { role: 'platform' })).toMatchObject({ kind: 'result', result: { name: 'p.csv' } });
    expect(await s.call('run', { settings })).toEqual({ kind: 'result', id: 3, result: { settings, exceptions: 0 } });
    expect(s.messages().slice(2)).toMatchObject([
      { kind: 'event', event: 'progress', data: { call: 3, progress: { done: 1 } } },
      { kind: 'event', event: 'caseChanged', data: { cause: 'run', settings, drift: [] } },
      { kind: 'result', id: 3 },
    ]);
    // The look-up indexes are built once the run's answer is posted, not before it.
    expect(prepared).toEqual([5]);
  });

  it('transfers the exported case and makes the autosave Blob itself', async () => {
    const s = served();
    await s.call('putFile', { role: 'platform', name: 'p.csv', bytes: new ArrayBuffer(4) });
    await s.call('run', { settings });
    const exported = s.posted.at(-1)!;
    await s.call('exportCase', null);
    const last = s.posted.at(-1)!;
    expect(last).not.toBe(exported);
    expect(last.transfer).toHaveLength(1);
    expect(new Uint8Array((last.msg as { result: ArrayBuffer }).result)).toEqual(new Uint8Array([9, 8, 7]));
    // Posted by reference: nothing to transfer.
    await s.call('exportCaseBlob', null);
    const blob = s.posted.at(-1)!;
    expect(blob.transfer).toEqual([]);
    expect(new Uint8Array(await ((blob.msg as { result: Blob }).result).arrayBuffer())).toEqual(new Uint8Array([9, 8, 7]));
  });

  it('aborts a run on cancel and answers AbortError', async () => {
    const s = served({
      runCase: (_sql, _req, hooks) =>
        new Promise<EngineCase>((_resolve, reject) => {
          hooks?.signal?.addEventListener('abort', () => reject(new Error('stopped')));
        }),
    });
    const run = s.handle({ kind: 'call', id: 7, method: 'run', params: { settings } });
    await s.handle({ kind: 'cancel', id: 7 });
    await run;
    expect(s.messages()).toEqual([{ kind: 'error', id: 7, error: { name: 'AbortError', message: 'Cancelled' } }]);
  });

  it('frees a case once a new one replaces it, and keeps it when the new run fails', async () => {
    const closed: number[] = [];
    let made = 0;
    let fail = false;
    const build = async () => {
      if (fail) throw new Error('bad input');
      const n = made++;
      return fakeCase({ close: () => void closed.push(n), reportJson: () => `case ${n}` });
    };
    const s = served({ runCase: build, openCase: build });
    await s.call('run', { settings });
    expect(closed).toEqual([]);
    await s.call('run', { settings });
    expect(closed).toEqual([0]);
    await s.call('open', { bytes: new ArrayBuffer(1) });
    expect(closed).toEqual([0, 1]);
    fail = true;
    expect(await s.call('run', { settings })).toMatchObject({ kind: 'error', error: { message: 'bad input' } });
    expect(closed).toEqual([0, 1]);
    expect(await s.call('reportJson', null)).toMatchObject({ kind: 'result', result: 'case 2' });
    // A new case closes it and forgets the files.
    await s.call('reset', null);
    expect(closed).toEqual([0, 1, 2]);
    expect(await s.call('reportJson', null)).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/No case/) } });
  });

  it('carries the decisions and exception ids of the case in force into a re-run, and none after a reset', async () => {
    const decision: Decision = { key: 'k1', action: 'accept', user: 'a', at: '2026-10-01T00:00:00Z' };
    const ids = [{ key: 'k1', id: 'EX-0007' }];
    const given: Decision[][] = [];
    const givenIds: unknown[] = [];
    const s = served({
      runCase: async (_sql, req) => {
        given.push(req.decisions ?? []);
        givenIds.push(req.exceptionIds);
        return fakeCase({ decisions: () => [...(req.decisions ?? []), decision], exceptionIds: () => ids });
      },
    });
    await s.call('run', { settings });
    await s.call('run', { settings });
    await s.call('reset', null);
    await s.call('run', { settings });
    expect(given).toEqual([[], [decision], []]);
    expect(givenIds).toEqual([undefined, ids, undefined]);
  });

  it('lets go of the files it held when a case is opened (its sources are in it)', async () => {
    const names: string[][] = [];
    const s = served({
      runCase: async (_sql, req) => {
        names.push(req.files.map((f) => f.name));
        return fakeCase();
      },
    });
    await s.call('putFile', { role: 'erp', name: 'erp.csv', bytes: new ArrayBuffer(2) });
    await s.call('run', { settings });
    await s.call('open', { bytes: new ArrayBuffer(1) });
    await s.call('run', { settings });
    expect(names).toEqual([['erp.csv'], []]);
    expect(await s.call('inspect', { role: 'erp' })).toMatchObject({ kind: 'error', error: { message: 'No erp file has been loaded' } });
  });

  it('answers in words when there is no case, or no such method', async () => {
    const s = served();
    expect(await s.call('auditLog', null)).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/No case/) } });
    await s.handle({ kind: 'call', id: 9, method: 'dropTables', params: null });
    expect(s.messages().at(-1)).toEqual({ kind: 'error', id: 9, error: { name: 'Error', message: "The engine has no method 'dropTables'" } });
    await s.handle({ kind: 'call', id: 10, method: 'toString', params: null });
    expect(s.messages().at(-1)).toMatchObject({ kind: 'error', id: 10 });
  });

  it('types every call from the handler table alone', () => {
    expectTypeOf<Params<'ping'>>().toEqualTypeOf<null>();
    expectTypeOf<Result<'ping'>>().toEqualTypeOf<'pong'>();
    expectTypeOf<Params<'query'>>().toEqualTypeOf<{ sql: string; limit?: number }>();
    // A Reply's transfer is the handler's business: the caller sees the value.
    expectTypeOf<Result<'exportCase'>>().toEqualTypeOf<ArrayBuffer>();
    expectTypeOf<Result<'run'>>().toEqualTypeOf<{ settings: CaseSettings; exceptions: number }>();
    expectTypeOf<Method>().not.toEqualTypeOf<string>();
  });
});

describe('engine service over the real engine', () => {
  it('a decision changes the pushed numbers and survives a re-run of the same files', async () => {
    const q = generateQuarter({ seed: 5, cards: 40 });
    const s = served({ loadSql: sql as unknown as () => Promise<string>, runCase, openCase, inspectFile } as unknown as Partial<EngineServiceDeps<string>>);
    for (const f of quarterInputs(q)) await s.call('putFile', { role: f.role, name: f.name, bytes: f.bytes.slice().buffer as ArrayBuffer });
    const changes = () => s.messages().flatMap((m) => (m.kind === 'event' && m.event === 'caseChanged' ? [m.data] : []));
    expect(await s.call('run', { settings: quarterSettings(q) })).toMatchObject({ kind: 'result' });
    const first = changes()[0];
    expect(first.drift.length).toBeGreaterThan(0);
    const x = first.report.exceptions.find((e) => e.category === 'MISSING_IN_PLATFORM') ?? first.report.exceptions[0];
    await s.call('decide', { decisions: [{ key: x.key, action: 'accept', note: 'checked', user: 'tester', at: '2026-10-02T09:00:00Z' }], action: 'accept' });
    const decided = changes()[1];
    expect(decided.cause).toBe('decide');
    expect(decided.report.decisions_applied).toBe(1);
    expect(decided.report.exceptions.find((e) => e.key === x.key)?.status).toBe('accepted');
    await s.call('run', { settings: quarterSettings(q) });
    const rerun = changes()[2];
    expect(rerun.cause).toBe('run');
    expect(rerun.report.exceptions.find((e) => e.key === x.key)?.status).toBe('accepted');
    expect(rerun.report.liability).toEqual(decided.report.liability);
    expect(rerun.drift).toEqual(decided.drift);
  });

  it('undo takes a step back whole and redo brings it back, each pushed with the history and logged', async () => {
    const q = generateQuarter({ seed: 6, cards: 40 });
    const s = served({ loadSql: sql as unknown as () => Promise<string>, runCase, openCase, inspectFile } as unknown as Partial<EngineServiceDeps<string>>);
    for (const f of quarterInputs(q)) await s.call('putFile', { role: f.role, name: f.name, bytes: f.bytes.slice().buffer as ArrayBuffer });
    const changes = (): CaseChange[] => s.messages().flatMap((m) => (m.kind === 'event' && m.event === 'caseChanged' ? [m.data] : []));
    await s.call('run', { settings: quarterSettings(q) });
    const [ran] = changes();
    expect(ran.history).toEqual({ canUndo: false, canRedo: false });
    const two = ran.report.exceptions.slice(0, 2);
    const at = '2026-10-02T09:00:00Z';
    await s.call('decide', { decisions: two.map((x) => ({ key: x.key, action: 'accept' as const, user: 'tester', at })), action: 'accept 2 exceptions' });
    expect(changes()[1].history).toMatchObject({ canUndo: true, undo: 'accept 2 exceptions' });

    await s.call('undo', { user: 'tester' });
    const undone = changes()[2];
    expect(undone.cause).toBe('undo');
    expect(undone.history).toMatchObject({ canUndo: false, canRedo: true, redo: 'accept 2 exceptions' });
    for (const x of two) expect(undone.report.exceptions.find((e) => e.key === x.key)?.status).toBe(x.status ?? 'open');
    expect(undone.report.liability).toEqual(ran.report.liability);

    await s.call('redo', { user: 'tester' });
    const redone = changes()[3];
    expect(redone.cause).toBe('redo');
    for (const x of two) expect(redone.report.exceptions.find((e) => e.key === x.key)?.status).toBe('accepted');
    expect(redone.report.liability).toEqual(changes()[1].report.liability);

    await s.call('auditLog', null);
    const log = (s.messages().at(-1) as { result: { action: string; user: string }[] }).result;
    expect(log.slice(-2).map((e) => [e.action, e.user])).toEqual([
      ['undo', 'tester'],
      ['redo', 'tester'],
    ]);
    // Nothing left to redo: said in words.
    expect(await s.call('redo', { user: 'tester' })).toMatchObject({ kind: 'error', error: { name: 'InputError', message: 'Nothing to redo' } });
  });
});

describe('engine service: profiles for the import screen', () => {
  const real = () =>
    served({ loadSql: sql as unknown as () => Promise<string>, runCase, openCase, inspectFile, examineFile, previewFile } as unknown as Partial<EngineServiceDeps<string>>);
  const result = <T>(m: FromEngine): T => {
    if (m.kind !== 'result') throw new Error(JSON.stringify(m));
    return m.result as T;
  };

  it('inspect names the detected preset, its candidates, the counts and the preview; a plausibility problem stops the run until accepted', async () => {
    const q = generateQuarter({ seed: 8, cards: 60, layout: 'vendor' });
    const s = real();
    for (const f of quarterInputs(q)) await s.call('putFile', { role: f.role, name: f.name, bytes: f.bytes.slice().buffer as ArrayBuffer });
    const insp = result<Inspection>(await s.call('inspect', { role: 'erp', settings: quarterSettings(q) }));
    expect(insp).toMatchObject({ layout: 'profile', headerRow: 5, requiredMissing: [], profile: { id: 'qbo-journal', detected: true }, problems: [] });
    expect(insp.detection!.best).toMatchObject({ id: 'qbo-journal', kind: 'preset', score: 1, headerRow: 5 });
    expect(insp.detection!.candidates.map((c) => c.id)).toContain('reference-erp');
    expect(insp.counts!.rows).toBe(insp.counts!.imported + insp.counts!.out_of_scope + insp.counts!.quarantined);
    const preview = insp.profilePreview!;
    if (!preview.ok) throw new Error(preview.error);
    expect(preview.rows[0]).toMatchObject({ row: 6, outcome: 'record' });
    expect(preview.summary.money['Credit'].count).toBeGreaterThan(0);

    // A setting that names no account of this ERP: inspect says so, and run refuses in one line until accepted.
    const narrow = { ...quarterSettings(q), liabilityAccounts: ['9999=gift_card'] };
    const erp = quarterInputs(q).find((f) => f.role === 'erp')!;
    const renamed = new TextDecoder().decode(erp.bytes).replace(/Gift Card Liability|Store Credit Liability/g, 'Deferred');
    await s.call('putFile', { role: 'erp', name: 'erp.csv', bytes: new TextEncoder().encode(renamed).buffer as ArrayBuffer });
    const flagged = result<Inspection>(await s.call('inspect', { role: 'erp', settings: narrow }));
    expect(flagged.problems!.map((p) => p.kind)).toEqual(['nothing-in-scope']);
    const refused = await s.call('run', { settings: narrow });
    expect(refused).toMatchObject({ kind: 'error', error: { message: expect.stringMatching(/^erp\.csv: no line is on a liability account .*--accept-warnings\)$/) } });
    expect(await s.call('run', { settings: narrow, acceptWarnings: true })).toMatchObject({ kind: 'result' });
  });

  it('presets, validateProfile and previewProfile for the profile editor', async () => {
    const s = real();
    const presets = result<PresetInfo[]>(await s.call('presets', {} as never));
    expect(presets.map((p) => p.id)).toEqual(['square-gift-card-activities', 'shopify-transactions', 'stripe-balance-history', 'stripe-itemized-balance-change', 'qbo-journal', 'qbo-general-ledger']);
    const copy = JSON.parse(JSON.stringify(presets[1].json));
    expect(result<ProfileCheck>(await s.call('validateProfile', { profile: copy }))).toMatchObject({ ok: true, id: 'shopify-transactions', role: 'storefront', absent: ['Card Last Four', 'Location'] });
    copy.fields.Event.cases[0].when = { Knd: 'sale' };
    copy.fields.Amount = { column: 7.5 };
    expect(result<ProfileCheck>(await s.call('validateProfile', { profile: copy }))).toEqual({ ok: false, error: expect.stringMatching(/^profile shopify-transactions: fields\.Amount\.column: /) });
    const q = generateQuarter({ seed: 8, cards: 60, layout: 'vendor' });
    const storefront = quarterInputs(q).find((f) => f.role === 'storefront')!;
    await s.call('putFile', { role: 'storefront', name: storefront.name, bytes: storefront.bytes.slice().buffer as ArrayBuffer });
    const p = result<{ ok: true; rows: { outcome: string; reason?: string }[]; summary: { rows: number } }>(await s.call('previewProfile', { role: 'storefront', profile: presets[1].json, rows: 10 }));
    expect(p.rows).toHaveLength(10);
    expect(p.rows.some((r) => r.outcome === 'outOfScope' && r.reason === 'card or other payment (not a gift card or store credit tender)')).toBe(true);
    expect(result<{ ok: false; error: string }>(await s.call('previewProfile', { role: 'storefront', profile: presets[0].json }))).toEqual({
      ok: false, error: expect.stringMatching(/^storefront\.csv: the profile square-gift-card-activities reads platform files, not the storefront file$/),
    });
  });
});
