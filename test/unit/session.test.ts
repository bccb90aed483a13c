// The renderer's actions against a fake engine port: a run sends no decisions (the engine carries them), the
// report store follows the engine's caseChanged events, and New case empties the session and the engine.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { FromEngine, PortLike, ToEngine } from '../../contract/engine';
import { EngineClient, setEngine } from '../../renderer/src/engine/client';
import { newCase, reconcile, scheduleAutosave } from '../../renderer/src/state/actions';
import { useCaseStore } from '../../renderer/src/state/case';
import { followEngine } from '../../renderer/src/state/engine-events';
import { useFilesStore } from '../../renderer/src/state/files';
import { useProfilesStore } from '../../renderer/src/state/profiles';
import { useReportStore } from '../../renderer/src/state/report';
import { session } from '../../renderer/src/state/session';
import type { DriftPoint, FileInspection } from '../../shared/api';
import { DEFAULT_SETTINGS, type CaseSettings, type Report } from '../../shared/types';

const settings: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'America/New_York' };
const report = (exceptions: number) => ({ exceptions: new Array(exceptions).fill(null), liability: {} }) as unknown as Report;
const drift: DriftPoint[] = [{ week_end: '2026-07-05', erp_cents: 1, platform_cents: 2, reconstructed_cents: 3, erp_drift_cents: 2, platform_drift_cents: 1 }];

/** Answers every call at once; a run pushes a caseChanged event first, as the engine service does. */
class EnginePort implements PortLike {
  calls: ToEngine[] = [];
  private listener: ((e: MessageEvent<FromEngine>) => void) | null = null;
  postMessage(message: ToEngine): void {
    this.calls.push(message);
    if (message.kind !== 'call') return;
    const send = (msg: FromEngine) => this.listener?.({ data: msg } as MessageEvent<FromEngine>);
    queueMicrotask(() => {
      if (message.method === 'run') {
        send({ kind: 'event', event: 'caseChanged', data: { cause: 'run', settings, report: report(7), drift, history: { canUndo: false, canRedo: false } } });
        send({ kind: 'result', id: message.id, result: { settings, exceptions: 7 } });
      } else send({ kind: 'result', id: message.id, result: null });
    });
  }
  addEventListener(type: 'message' | 'error', listener: never): void {
    if (type === 'message') this.listener = listener;
  }
  methods(): string[] {
    return this.calls.flatMap((c) => (c.kind === 'call' ? [c.method] : []));
  }
}

const ready: FileInspection = { role: 'platform', name: 'x.csv', sha256: '', encoding: 'utf-8', layout: 'reference', headers: [], columns: {}, requiredMissing: [], preview: [] };

let port: EnginePort;
let unfollow: () => void;

beforeEach(() => {
  port = new EnginePort();
  const client = new EngineClient(port);
  setEngine(client);
  unfollow = followEngine(client);
  useCaseStore.getState().load({ settings });
  useReportStore.getState().clear();
  for (const role of ['platform', 'storefront', 'payments', 'erp'] as const) {
    useFilesStore.getState().fileLoading(role, `${role}.csv`, 1);
    useFilesStore.getState().fileInspected(role, { ...ready, role });
  }
});

afterEach(() => {
  unfollow();
  setEngine(null);
});

describe('actions and the engine', () => {
  it('a run sends the settings and mapping only, and the report store follows the pushed case', async () => {
    expect(await reconcile()).toBe(true);
    const run = port.calls.find((c) => c.kind === 'call' && c.method === 'run');
    expect(run).toMatchObject({ params: { settings, mapping: {} } });
    expect(Object.keys((run as { params: object }).params).sort()).toEqual(['mapping', 'settings']);
    expect(useReportStore.getState().report?.exceptions).toHaveLength(7);
    expect(useReportStore.getState().drift).toEqual(drift);
    expect(session.run).toBeNull();
  });

  it('a run sends the profiles chosen in the editor, and accepts warnings only once every file showing some is accepted', async () => {
    const giftloop = { id: 'giftloop', role: 'platform' };
    useProfilesStore.getState().setProfile('platform', { json: giftloop, source: 'the profile editor' });
    const problem = { kind: 'minor-units-suspect', message: 'erp.csv: amounts look like cents' };
    useFilesStore.getState().fileInspected('erp', { ...ready, role: 'erp', problems: [problem] });
    useFilesStore.getState().fileInspected('payments', { ...ready, role: 'payments', problems: [problem] });
    useProfilesStore.getState().accept('erp', true);
    const runs = () => port.calls.filter((c) => c.kind === 'call' && c.method === 'run') as { params: Record<string, unknown> }[];
    expect(await reconcile()).toBe(true);
    expect(runs()[0].params).toMatchObject({ profiles: { platform: { profile: giftloop } } });
    expect(runs()[0].params).not.toHaveProperty('acceptWarnings');
    useProfilesStore.getState().accept('payments', true);
    expect(await reconcile()).toBe(true);
    expect(runs()[1].params).toMatchObject({ acceptWarnings: true });
    useProfilesStore.getState().clear();
  });

  it('New case empties the session (copies, last case, run, pending autosave) and resets the engine', async () => {
    session.fileCopies.set('erp', { name: 'erp.csv', data: new Blob(['x']) });
    session.lastCase = new Blob(['case']);
    const run = new AbortController();
    session.run = run;
    scheduleAutosave();
    expect(session.autosaveTimer).not.toBeNull();
    useCaseStore.setState({ dirty: false });

    await newCase();

    expect(run.signal.aborted).toBe(true);
    expect(session).toMatchObject({ lastCase: null, run: null, autosaveTimer: null });
    expect(session.fileCopies.size).toBe(0);
    expect(port.methods()).toContain('reset');
    expect(useFilesStore.getState().files).toEqual({});
    expect(useReportStore.getState().report).toBeNull();
  });
});
