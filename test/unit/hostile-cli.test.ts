// The command line's arguments and outputs, given as an adversary would (issue #17): each ends at once in one
// line on stderr and exit 2, before any input is read or any output written. The bundled demo quarter supplies
// the arguments not under test.
import { spawn, execFileSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const ROOT = resolve(__dirname, '../..');
const tmp = mkdtempSync(join(tmpdir(), 'bf-hostile-cli-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

/** `tsx cli/reconcile.ts ARGS`, with a deadline: a run that hangs or spins fails the test instead. */
function cli(args: string[], stdin: 'ignore' | 'pipe' = 'ignore', deadlineMs = 60_000): Promise<{ status: number | null; stderr: string; ms: number }> {
  const started = Date.now();
  return new Promise((done, fail) => {
    const p = spawn(process.execPath, ['--import', 'tsx', 'cli/reconcile.ts', ...args], { cwd: ROOT, stdio: [stdin, 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => p.kill('SIGKILL'), deadlineMs);
    p.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    p.on('error', fail);
    p.on('close', (status) => {
      clearTimeout(timer);
      done({ status, stderr, ms: Date.now() - started });
    });
  });
}

async function expectRefused(args: string[], line: string | RegExp, stdin: 'ignore' | 'pipe' = 'ignore'): Promise<void> {
  const r = await cli(args, stdin);
  expect(r.status, r.stderr).toBe(2);
  const lines = r.stderr.trimEnd().split('\n');
  expect(lines, r.stderr).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0]).toBe(`reconcile: ${line}`);
  else expect(lines[0]).toMatch(line);
}

describe('the command line refuses bad paths and arguments in one line', () => {
  it('an --out that names a file, or lies under one, or cannot be made under /proc', async () => {
    const file = join(tmp, 'taken');
    writeFileSync(file, 'x');
    await Promise.all([
      expectRefused(['--demo', '--out', file], `--out ${file}: is a file, not a folder`),
      expectRefused(['--demo', '--out', join(file, 'sub')], `--out ${join(file, 'sub')}: a part of the path is a file, not a folder`),
      expectRefused(['--demo', '--out', '/proc/x'], '--out /proc/x: cannot make the folder /proc/x (no such file)'),
      expectRefused(['--demo', '--out', '/proc/x/y/z'], '--out /proc/x/y/z: cannot make the folder /proc/x (no such file)'),
    ]);
  });

  it('an --export-parquet or --save-profiles folder that cannot be made: named with its own flag, at once (no recursive mkdir under /proc)', async () => {
    const file = join(tmp, 'taken-too');
    writeFileSync(file, 'x');
    const out = join(tmp, 'out-flags');
    await Promise.all([
      expectRefused(['--demo', '--export-parquet', '/proc/x', '--out', out], '--export-parquet /proc/x: cannot make the folder /proc/x (no such file)'),
      expectRefused(['--demo', '--save-profiles', file, '--out', out], `--save-profiles ${file}: is a file, not a folder`),
    ]);
  });

  it('an --out where a folder has the name of an output: refused before the run, the folder left as it was', async () => {
    const out = join(tmp, 'out-folder-named');
    mkdirSync(join(out, 'case.sqlite'), { recursive: true });
    writeFileSync(join(out, 'report.json'), 'the run before');
    await expectRefused(['--demo', '--out', out], `--out ${out}: ${join(out, 'case.sqlite')} is a folder, where the run writes its case.sqlite`);
    expect(readdirSync(out).sort()).toEqual(['case.sqlite', 'report.json']);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe('the run before');
  });

  it('inputs that are not regular files: a device, a pipe (a FIFO, /dev/stdin), a symlink loop', async () => {
    const fifo = join(tmp, 'payments.fifo');
    execFileSync('mkfifo', [fifo]);
    const loop = join(tmp, 'loop.csv');
    symlinkSync(join(tmp, 'loop2.csv'), loop);
    symlinkSync(loop, join(tmp, 'loop2.csv'));
    const out = join(tmp, 'out1');
    await Promise.all([
      expectRefused(['--demo', '--payments', '/dev/zero', '--out', out], '/dev/zero: is a device, not a regular file; save the export to a file and give its path'),
      expectRefused(['--demo', '--payments', fifo, '--out', out], `${fifo}: is a pipe, not a regular file; save the export to a file and give its path`),
      // A pipe from the shell, or the socket Node's spawn gives: either way not a file that can be read twice.
      expectRefused(['--demo', '--payments', '/dev/stdin', '--out', out], /^reconcile: \/dev\/stdin: is a (pipe|socket), not a regular file; save the export to a file and give its path$/, 'pipe'),
      expectRefused(['--demo', '--erp', loop, '--out', out], `${loop}: a loop of symbolic links (the path points back to itself)`),
      expectRefused(['--case', '/dev/zero', '--out', out], '/dev/zero: is a device, not a regular file; save the export to a file and give its path'),
    ]);
    expect(readdirSync(out)).toEqual([]); // made, probed, and nothing written
  });

  it('a period end past the month\'s last day, and a mapping of the wrong shape', async () => {
    const numbers = join(tmp, 'numbers.json');
    writeFileSync(numbers, '{"platform": {"Card Number": 7}}');
    const roles = join(tmp, 'roles.json');
    writeFileSync(roles, '{"platfrom": {"Card Number": "GC Code"}}');
    const out = join(tmp, 'out2');
    await Promise.all([
      expectRefused(['--demo', '--period', '2026-07-01..2026-09-31', '--out', out], "--period: Period end '2026-09-31' is not a date: September 2026 has 30 days"),
      expectRefused(['--demo', '--mapping', numbers, '--out', out], `${numbers}: platform 'Card Number' must name the header to read it from, not the number 7`),
      expectRefused(['--demo', '--mapping', roles, '--out', out], `${roles}: unknown system 'platfrom' (expected platform, storefront, payments, erp, opening)`),
    ]);
  });
});
