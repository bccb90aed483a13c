// Argument checks for every IPC handler. The renderer is treated as untrusted: a compromised page must not
// be able to read or write files it was not given, or exhaust memory with oversized arguments.
import { isAbsolute } from 'node:path';
import type {
  AutosaveInfo,
  CaseLocation,
  FileFilter,
  OpenFilesOptions,
  SaveFileOptions,
} from '../../contract/host';
import type { SaveCaseRequest } from '../../contract/bridge';

export class InvalidArgument extends Error {
  constructor(what: string) {
    super(`Refused: invalid argument (${what})`);
    this.name = 'InvalidArgument';
  }
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function str(v: unknown, what: string, max = 1024): string {
  if (typeof v !== 'string' || v.length > max || v.includes('\0')) throw new InvalidArgument(what);
  return v;
}

export function bool(v: unknown, what: string): boolean {
  if (typeof v !== 'boolean') throw new InvalidArgument(what);
  return v;
}

export function bytes(v: unknown, what: string, max: number): Uint8Array {
  if (!(v instanceof Uint8Array)) throw new InvalidArgument(`${what}: not bytes`);
  if (v.byteLength > max) throw new InvalidArgument(`${what}: ${v.byteLength} bytes, limit ${max}`);
  return v;
}

/** An absolute path (never relative: it would resolve against the app's working directory). */
export function absolutePath(v: unknown, what: string): string {
  const p = str(v, what, 4096);
  if (!isAbsolute(p)) throw new InvalidArgument(`${what}: not an absolute path`);
  return p;
}

export function filters(v: unknown): FileFilter[] {
  if (!Array.isArray(v) || v.length > 20) throw new InvalidArgument('filters');
  return v.map((f, i) => {
    if (!isRecord(f) || !Array.isArray(f.extensions) || f.extensions.length > 20)
      throw new InvalidArgument(`filters[${i}]`);
    return {
      name: str(f.name, `filters[${i}].name`, 100),
      extensions: f.extensions.map((e) => {
        const ext = str(e, `filters[${i}].extensions`, 16);
        if (!/^(\*|[A-Za-z0-9]+)$/.test(ext)) throw new InvalidArgument(`filters[${i}].extensions`);
        return ext;
      }),
    };
  });
}

export function openFilesOptions(v: unknown): OpenFilesOptions {
  if (!isRecord(v)) throw new InvalidArgument('open options');
  const opts: OpenFilesOptions = {
    title: str(v.title, 'title', 200),
    multiple: bool(v.multiple, 'multiple'),
    filters: filters(v.filters),
  };
  if (v.grant !== undefined) opts.grant = bool(v.grant, 'grant');
  return opts;
}

/** A grant's id as the main process makes them (randomUUID). */
const GRANT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/**
 * The grants the renderer names for the large-quarter engine: ids of the main process's form, a handful (one file
 * per role), no repeats. Whether each was granted is the caller's check.
 */
export function grantIds(v: unknown): string[] {
  if (!Array.isArray(v) || v.length > 16) throw new InvalidArgument('grants');
  const ids = v.map((id, i) => {
    const s = str(id, `grants[${i}]`, 36);
    if (!GRANT_ID.test(s)) throw new InvalidArgument(`grants[${i}]`);
    return s;
  });
  if (new Set(ids).size !== ids.length) throw new InvalidArgument('grants: repeated');
  return ids;
}

export function saveFileOptions(v: unknown, maxBytes: number): SaveFileOptions {
  if (!isRecord(v)) throw new InvalidArgument('save options');
  const base = { suggestedName: str(v.suggestedName, 'suggestedName', 255), filters: filters(v.filters) };
  if (v.bytes !== undefined && v.text === undefined)
    return { ...base, bytes: bytes(v.bytes, 'bytes', maxBytes) };
  if (v.text !== undefined && v.bytes === undefined) return { ...base, text: str(v.text, 'text', maxBytes) };
  throw new InvalidArgument('save options: exactly one of bytes or text');
}

export function saveCaseRequest(v: unknown, maxBytes: number): SaveCaseRequest {
  if (!isRecord(v)) throw new InvalidArgument('save case request');
  return {
    bytes: bytes(v.bytes, 'case bytes', maxBytes),
    path: v.path === null ? null : absolutePath(v.path, 'case path'),
    suggestedName: str(v.suggestedName, 'suggestedName', 255),
  };
}

export function caseLocation(v: unknown): CaseLocation {
  if (!isRecord(v)) throw new InvalidArgument('case location');
  return { path: absolutePath(v.path, 'case path'), name: str(v.name, 'case name', 255) };
}

export function autosaveInfo(v: unknown): AutosaveInfo {
  if (!isRecord(v)) throw new InvalidArgument('autosave info');
  return {
    casePath: v.casePath === null ? null : absolutePath(v.casePath, 'casePath'),
    caseName: str(v.caseName, 'caseName', 255),
  };
}

/** Calls that take no arguments must get none: extra arguments mean someone is probing. */
export function none(args: unknown[]): void {
  if (args.length > 0) throw new InvalidArgument('unexpected arguments');
}
