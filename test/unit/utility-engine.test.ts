// The desktop app's large-quarter engine, tested under Node where no Electron binary exists: its utility-process
// entry (electron/utility/engine-host.ts) forked with child_process behind a stand-in for process.parentPort
// (utility-process-shim.ts), driven over messages by the renderer's own engine client. A generated quarter, its
// files granted by path as the main process grants them (and one passed as bytes), runs on DuckDB there and gives
// the report.json of sql.js in this process, byte for byte less its audit seal; a decision and an undo over the
// port give the same reports as on sql.js. Skipped, saying so, where DuckDB's binary does not load.
import { fork, type ChildProcess } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { FromEngine, PortLike } from '../../contract/engine';
import { EngineClient } from '../../renderer/src/engine/client';
import { runCase } from '../../shared/engine';
import { toEngineHost, toEngineMessage } from '../../shared/node/engine-host';
import { unsealedReportJson } from '../../shared/report/report-json';
import type { CaseChange } from '../../shared/service/engine-service';
import { bytesAsBlob } from '../../shared/service/port-blobs';
import { isDuckDbFile } from '../../shared/node/duckdb/duckdb-db';
import type { Progress } from '../../shared/types';
import { generateQuarter } from '../fixtures/generate';
import { duckdbLoads, NO_DUCKDB } from './duckdb-available';
import { quarterInputs, quarterSettings, sql } from './engine-helpers';

const ROOT = resolve(import.meta.dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-utility-'));
const children: ChildProcess[] = [];
afterAll(() => {
  for (const c of children) c.kill();
  rmSync(tmp, { recursive: true, force: true });
});
if (!duckdbLoads) console.warn(NO_DUCKDB);

/** The entry forked as Electron would fork it, and the renderer's client on its port. */
function forkEngine(dir: string) {
  // BF_ENGINE_ENTRY=out/main/engine-host.js runs the built entry (npm run build) instead of the source.
  const child = fork(join(import.meta.dirname, 'utility-process-shim.ts'), process.env.BF_ENGINE_ENTRY ? [resolve(process.env.BF_ENGINE_ENTRY)] : [], {
    cwd: ROOT,
    execArgv: ['--import', 'tsx'],
    serialization: 'advanced',
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  children.push(child);
  // What is sent before the child listens waits, as Electron's utilityProcess queues it.
  let queue: unknown[] | null = [];
  const send = (envelope: unknown) => (queue ? queue.push(envelope) : child.send(envelope as object));
  const toParent = (data: unknown) => send({ to: 'parent', data });
  const listeners: { message: ((e: MessageEvent<FromEngine>) => void)[]; error: ((e: ErrorEvent) => void)[] } = { message: [], error: [] };
  child.on('message', (m: { from: string; data: FromEngine }) => {
    if (m.from === 'shim' && queue) {
      for (const envelope of queue) child.send(envelope as object);
      queue = null;
    }
    // As the page's port does (renderer/src/host/electron.ts): a Blob answer made again from its bytes.
    if (m.from === 'port') for (const l of listeners.message) l({ data: bytesAsBlob(m.data) } as MessageEvent<FromEngine>);
  });
  child.on('exit', (code) => {
    for (const l of listeners.error) l({ message: `the engine process exited (${code})` } as ErrorEvent);
  });
  const port: PortLike = {
    postMessage: (message) => send({ to: 'port', data: message }),
    addEventListener: (type: 'message' | 'error', listener: never) => listeners[type].push(listener),
    terminate: () => child.kill(),
  };
  toParent({ kind: 'start', dir, memoryLimit: '512MB' });
  return { child, client: new EngineClient(port), grant: (path: string) => {
    const id = randomUUID();
    toParent({ kind: 'grant', id, path });
    return id;
  } };
}

describe('the large-quarter engine in its own process', () => {
  it.skipIf(!duckdbLoads)('runs a granted quarter on DuckDB to sql.js’s report.json, and a decision and an undo over the port', async () => {
    const q = generateQuarter({ seed: 31, cards: 400, timezone: 'America/Chicago', periodStart: '2026-04-01', periodEnd: '2026-06-30', erpFormat: 'xlsx', messy: true });
    const files = quarterInputs(q);
    const settings = quarterSettings(q);
    const inputs = join(tmp, 'inputs');
    mkdirSync(inputs);
    const engineDir = join(tmp, 'engine');
    const { client, grant } = forkEngine(engineDir);
    const changes: CaseChange[] = [];
    client.on('caseChanged', (c) => changes.push(c));

    // Every file but the ERP workbook by path, as the main process grants a file too large to pass as bytes.
    for (const f of files) {
      if (f.role === 'erp') {
        const bytes = f.bytes.slice().buffer as ArrayBuffer;
        expect(await client.call('putFile', { role: f.role, name: f.name, bytes })).toEqual({ role: 'erp', size: f.bytes.length });
        continue;
      }
      const path = join(inputs, f.name);
      writeFileSync(path, f.bytes);
      expect(await client.call('putGrantedFile', { role: f.role, grant: grant(path) })).toEqual({ role: f.role, size: f.bytes.length });
    }
    await expect(client.call('putGrantedFile', { role: 'opening', grant: randomUUID() })).rejects.toThrow(/not picked in this session/);
    const inspected = await client.call('inspect', { role: 'platform' });
    expect(inspected.name).toBe(files.find((f) => f.role === 'platform')!.name);

    const progress: Progress[] = [];
    const ran = await client.call('run', { settings }, { onProgress: (p) => progress.push(p) });
    expect(ran.exceptions).toBeGreaterThan(0);
    expect(progress.map((p) => p.stage)).toEqual(expect.arrayContaining(['import', 'match', 'report']));
    // The case database is a file in the folder the main process named (DuckDB spills beside it past its limit).
    expect(readdirSync(engineDir).filter((n) => n.startsWith('.case-') && n.endsWith('.duckdb'))).toHaveLength(1);
    // The case is in DuckDB: its own version() answers (SQLite has no such function).
    expect((await client.call('query', { sql: 'SELECT version() AS v' })).rows[0][0]).toMatch(/^v\d/);

    const local = await runCase(await sql(), { files, settings });
    try {
      expect(unsealedReportJson(await client.call('reportJson', null)) === unsealedReportJson(local.reportJson()), 'report.json byte-identical').toBe(true);
      expect(changes.at(-1)?.cause).toBe('run');

      const key = local.report.exceptions[0].key!;
      const decision = { key, action: 'accept' as const, note: 'agreed to the batch', user: 'ana', at: '2026-07-02T09:00:00Z' };
      await client.call('decide', { decisions: [decision], action: `accept ${key}` });
      local.decide([decision], `accept ${key}`);
      expect(changes.at(-1)).toMatchObject({ cause: 'decide', history: { canUndo: true } });
      expect(changes.at(-1)!.report.exceptions.find((x) => x.key === key)?.status).toBe('accepted');
      expect(unsealedReportJson(await client.call('reportJson', null))).toBe(unsealedReportJson(local.reportJson()));

      await client.call('undo', { user: 'ana' });
      local.undo('ana');
      expect(changes.at(-1)).toMatchObject({ cause: 'undo', history: { canUndo: false, canRedo: true } });
      expect(unsealedReportJson(await client.call('reportJson', null))).toBe(unsealedReportJson(local.reportJson()));

      // Save and autosave take the case file as a Blob: it comes as one, a DuckDB database file, across the port.
      const blob = await client.call('exportCaseBlob', null);
      expect(blob).toBeInstanceOf(Blob);
      expect(isDuckDbFile(new Uint8Array(await blob.arrayBuffer()))).toBe(true);
    } finally {
      local.close();
      client.dispose();
    }
  }, 240_000);
});

describe('the large-quarter engine’s messages', () => {
  it('takes a start, a grant and the renderer’s calls in their shapes, and nothing else', () => {
    expect(toEngineHost({ kind: 'start', dir: '/tmp/bf', memoryLimit: '2GB' })).toEqual({ kind: 'start', dir: '/tmp/bf', memoryLimit: '2GB' });
    const id = randomUUID();
    expect(toEngineHost({ kind: 'grant', id, path: '/home/ana/platform.csv' })).toEqual({ kind: 'grant', id, path: '/home/ana/platform.csv' });
    for (const bad of [
      { kind: 'start', dir: 'relative/dir' },
      { kind: 'start', dir: '/tmp/bf', memoryLimit: "2GB'; DROP TABLE events" },
      { kind: 'grant', id: 'not-a-uuid', path: '/x.csv' },
      { kind: 'grant', id, path: '/x\0.csv' },
      { kind: 'exec', code: 'process.exit()' },
      null,
    ]) {
      expect(() => toEngineHost(bad), JSON.stringify(bad)).toThrow(/does not know/);
    }
    expect(toEngineMessage({ kind: 'call', id: 3, method: 'ping', params: null })).toEqual({ kind: 'call', id: 3, method: 'ping', params: null });
    expect(toEngineMessage({ kind: 'cancel', id: 3 })).toEqual({ kind: 'cancel', id: 3 });
    for (const bad of [{ kind: 'call', id: '3', method: 'ping' }, { kind: 'call', id: 1.5, method: 'ping' }, { kind: 'call', id: 2, method: 7 }, 'ping', null]) {
      expect(toEngineMessage(bad)).toBeNull();
    }
  });
});
