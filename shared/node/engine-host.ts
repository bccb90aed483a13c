// The engine service on DuckDB, served over a port in a Node process: the desktop app's large-quarter engine (an
// Electron utility process, electron/utility/engine-host.ts, is a thin adapter around this). The same method table
// as the app's Web Worker (shared/service/engine-service.ts), with DuckDB as the case database and its spill folder
// in `dir`; files too large to pass through the renderer are read here from paths the host process granted.
import { isAbsolute } from 'node:path';
import { examineFile, inspectFile, openCase, previewFile, runCase } from '../engine';
import type { Engine } from '../case/pipeline';
import { createEngineService } from '../service/engine-service';
import type { FromEngine, ToEngineMessage } from '../service/protocol';
import { blobAsBytes } from '../service/port-blobs';
import { serveEngine } from '../service/serve';
import type { FileRole, InputFile } from '../types';
import { duckdbEngine, isDuckDbFile, limitBytes } from './duckdb/duckdb-db';
import { loadSqlJs, readInput } from './files';

/** The engine's end of its port, whatever carries it (an Electron MessagePortMain, a test's stand-in). */
export interface EnginePort {
  post(message: FromEngine): void;
  onMessage(listener: (message: unknown) => void): void;
}

/** What the host process tells the engine process before it serves: where DuckDB works, and its memory limit. */
export interface EngineHostStart {
  kind: 'start';
  /** The folder for the case database being made and DuckDB's spill folder beside it (the app's temp folder). */
  dir: string;
  /** DuckDB's memory limit, e.g. '2GB' (the DuckDB engine's default when absent). */
  memoryLimit?: string;
}

/** A file the user picked, known to the engine by an opaque id; the path never crosses the renderer. */
export interface EngineHostGrant {
  kind: 'grant';
  id: string;
  path: string;
}

export type ToEngineHost = EngineHostStart | EngineHostGrant;

/** A grant's id: what the host process makes (randomUUID) and the renderer may name. */
export const GRANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function goodPath(v: unknown): v is string {
  return typeof v === 'string' && v.length > 0 && v.length <= 4096 && !v.includes('\0') && isAbsolute(v);
}

/** A message from the host process, checked: the process trusts its parent, but a wrong shape is a bug to name. */
export function toEngineHost(raw: unknown): ToEngineHost {
  if (isRecord(raw) && raw.kind === 'start' && goodPath(raw.dir)) {
    if (raw.memoryLimit === undefined) return { kind: 'start', dir: raw.dir };
    if (typeof raw.memoryLimit === 'string' && raw.memoryLimit.length <= 16 && limitBytes(raw.memoryLimit) !== undefined) return { kind: 'start', dir: raw.dir, memoryLimit: raw.memoryLimit };
  }
  if (isRecord(raw) && raw.kind === 'grant' && typeof raw.id === 'string' && GRANT_ID.test(raw.id) && goodPath(raw.path)) {
    return { kind: 'grant', id: raw.id, path: raw.path };
  }
  throw new Error('The large-quarter engine was sent a message it does not know');
}

/** A message from the renderer's port, checked for its shape; the handlers check their own parameters. */
export function toEngineMessage(raw: unknown): ToEngineMessage | null {
  if (!isRecord(raw) || typeof raw.id !== 'number' || !Number.isSafeInteger(raw.id)) return null;
  if (raw.kind === 'cancel') return { kind: 'cancel', id: raw.id };
  if (raw.kind === 'call' && typeof raw.method === 'string') return { kind: 'call', id: raw.id, method: raw.method, params: raw.params };
  return null;
}

/**
 * The engine service on DuckDB over `port`. `grants`: the files the host process has granted, by id (it keeps
 * adding to it as the user picks files). A case file opens on the engine that wrote it: a DuckDB case on DuckDB,
 * a sql.js case on sql.js (in this process).
 */
export function serveEngineHost(start: EngineHostStart, grants: ReadonlyMap<string, string>, port: EnginePort): void {
  const duck = duckdbEngine({ dir: start.dir, memoryLimit: start.memoryLimit });
  const readGranted = (id: string, role: FileRole): InputFile => {
    const path = grants.get(id);
    if (!path) throw new Error('That file was not picked in this session: pick it again');
    return readInput(role, path);
  };
  const service = createEngineService<Engine>({
    loadSql: async () => duck,
    runCase,
    openCase: async (SQL, bytes, hooks) => openCase(isDuckDbFile(bytes) ? SQL : await loadSqlJs(), bytes, hooks),
    inspectFile,
    examineFile,
    previewFile,
    readGranted,
  });
  // MessagePortMain cannot transfer buffers (they are copied, so the transfer list is not passed on) nor carry a
  // Blob (sent as its bytes); the messages keep their order through the chain.
  let sent: Promise<void> = Promise.resolve();
  const post = (message: FromEngine): void => {
    sent = sent.then(async () => port.post(await blobAsBytes(message)));
  };
  const handle = serveEngine(service, post);
  port.onMessage((raw) => {
    const message = toEngineMessage(raw);
    if (message) void handle(message);
  });
  post({ kind: 'ready' });
}
