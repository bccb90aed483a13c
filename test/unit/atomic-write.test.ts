// Kill test for safe saving: a child process saves a case-sized file over and over through atomicWrite;
// we SIGKILL it at random moments, 100 times, and after every kill the file on disk must be a complete
// version (the one before or the one being written), never a torn or truncated one.
import { spawn } from 'node:child_process';
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import ts from 'typescript';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { atomicWrite, removeStaleTemps } from '../../shared/node/atomic-write';

const KILLS = 100;
const MAGIC = 'BFCASE01';
const HEADER = 16; // magic (8) + version (u32) + payload length (u32)
const TRAILER = 32; // sha256 of header + payload

/** Same layout the child writes: header, random payload (sizes vary so truncation cannot hide), checksum. */
function makeVersion(version: number): Buffer {
  const payload = randomBytes(3 * 1024 * 1024 + ((version * 7919) % 65536));
  const header = Buffer.alloc(HEADER);
  header.write(MAGIC, 0, 'latin1');
  header.writeUInt32LE(version, 8);
  header.writeUInt32LE(payload.length, 12);
  const sum = createHash('sha256').update(header).update(payload).digest();
  return Buffer.concat([header, payload, sum]);
}

/** The version number of a complete, uncorrupted file; throws on anything else. */
function checkFile(buf: Buffer): number {
  if (buf.length < HEADER + TRAILER) throw new Error(`file is ${buf.length} bytes: torn`);
  if (buf.toString('latin1', 0, 8) !== MAGIC) throw new Error('bad magic: torn or foreign file');
  const len = buf.readUInt32LE(12);
  if (buf.length !== HEADER + len + TRAILER)
    throw new Error(`length ${buf.length} ≠ ${HEADER + len + TRAILER}: torn`);
  const sum = createHash('sha256')
    .update(buf.subarray(0, HEADER + len))
    .digest();
  if (!sum.equals(buf.subarray(HEADER + len))) throw new Error('checksum mismatch: corrupt');
  return buf.readUInt32LE(8);
}

// The child is plain JavaScript (fast to start, 100 times over); it builds versions exactly like makeVersion.
const CHILD = `
import { createHash, randomBytes } from 'node:crypto';
import { atomicWrite } from './atomic-write.mjs';
const [target, start] = process.argv.slice(2);
function makeVersion(version) {
  const payload = randomBytes(3 * 1024 * 1024 + ((version * 7919) % 65536));
  const header = Buffer.alloc(${HEADER});
  header.write(${JSON.stringify(MAGIC)}, 0, 'latin1');
  header.writeUInt32LE(version, 8);
  header.writeUInt32LE(payload.length, 12);
  const sum = createHash('sha256').update(header).update(payload).digest();
  return Buffer.concat([header, payload, sum]);
}
process.stdout.write('ready\\n');
for (let v = Number(start) + 1; ; v++) {
  await atomicWrite(target, makeVersion(v));
  process.stdout.write('saved ' + v + '\\n');
}
`;

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'bf-atomic-'));
  // Hand the child atomic-write as JavaScript, transpiled from the very source the app ships.
  const src = readFileSync(new URL('../../shared/node/atomic-write.ts', import.meta.url), 'utf8');
  const js = ts.transpileModule(src, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
  });
  writeFileSync(join(dir, 'atomic-write.mjs'), js.outputText);
  writeFileSync(join(dir, 'child.mjs'), CHILD);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

interface Round {
  before: number;
  lastReported: number;
  after: number;
}

function killRound(target: string, before: number): Promise<Round> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [join(dir, 'child.mjs'), target, String(before)], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    let armed = false;
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (!armed && out.includes('ready')) {
        armed = true;
        // A random moment within the first few saves: before, during or between writes, fsyncs and renames.
        setTimeout(() => child.kill('SIGKILL'), Math.random() * 120);
      }
    });
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL') return reject(new Error(`child ended without being killed: ${err || out}`));
      const saved = [...out.matchAll(/saved (\d+)/g)].map((m) => Number(m[1]));
      const lastReported = saved.length ? saved[saved.length - 1] : before;
      try {
        resolve({ before, lastReported, after: checkFile(readFileSync(target)) });
      } catch (e) {
        reject(
          new Error(
            `after kill (started at v${before}, last reported v${lastReported}): ${(e as Error).message}`,
          ),
        );
      }
    });
  });
}

describe('atomicWrite', () => {
  it('writes, overwrites and leaves no temp file behind', async () => {
    const target = join(dir, 'plain.sqlite');
    await atomicWrite(target, 'one');
    await atomicWrite(target, new Uint8Array([116, 119, 111]));
    expect(readFileSync(target, 'utf8')).toBe('two');
    expect(readdirSync(dir).filter((n) => n.startsWith('.plain.sqlite.'))).toEqual([]);
  });

  it('survives SIGKILL at random moments: always the previous or the new complete version', async () => {
    const target = join(dir, 'case.sqlite');
    writeFileSync(target, makeVersion(1));
    let version = 1;
    let changed = 0;
    let unchanged = 0;
    for (let i = 0; i < KILLS; i++) {
      const r = await killRound(target, version);
      // A save that completed but was killed before it could report is the "new" version: +1 at most.
      expect(r.after).toBeGreaterThanOrEqual(r.lastReported);
      expect(r.after).toBeLessThanOrEqual(r.lastReported + 1);
      if (r.after === r.before) unchanged++;
      else changed++;
      version = r.after;
    }
    const leftovers = readdirSync(dir).filter((n) => n.startsWith('.case.sqlite.')).length;
    console.log(
      `kill test: ${KILLS} kills, ${KILLS} survived intact; ${changed} rounds advanced the file, ${unchanged} left ` +
        `it as it was; final version ${version}; ${leftovers} temp files left by kills mid-write`,
    );
    // Leftovers are harmless, and removeStaleTemps clears them.
    expect(await removeStaleTemps(target, 0)).toBe(leftovers);
    expect(readdirSync(dir).filter((n) => n.startsWith('.case.sqlite.'))).toEqual([]);
    expect(checkFile(readFileSync(target))).toBe(version);
  });
});
