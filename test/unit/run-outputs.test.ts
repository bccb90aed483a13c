// The command line's outputs are put in place together once the case file is saved (cli/outputs.ts): a run that
// stops before that leaves --out as it was.
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { RunOutputs, writing } from '../../cli/outputs';
import { InputError } from '../../shared/types';

const tmp = mkdtempSync(join(tmpdir(), 'bf-run-outputs-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function folderWithARunBefore(name: string): string {
  const out = join(tmp, name);
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out);
  writeFileSync(join(out, 'report.json'), 'before');
  return out;
}

describe('a run’s outputs', () => {
  it('stay beside their names, the files before untouched, until placed; then replace them', async () => {
    const out = folderWithARunBefore('placed');
    const outputs = new RunOutputs();
    await outputs.write(join(out, 'report.json'), 'after');
    await outputs.write(join(out, 'journal_entries.csv'), new TextEncoder().encode('a,b\n'));
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe('before');
    expect(readdirSync(out)).not.toContain('journal_entries.csv');
    await outputs.place();
    expect(readdirSync(out).sort()).toEqual(['journal_entries.csv', 'report.json']);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe('after');
  });

  it('are removed, and the folder left as it was, when the run stops before placing them', async () => {
    const out = folderWithARunBefore('discarded');
    const outputs = new RunOutputs();
    await outputs.write(join(out, 'report.json'), 'after');
    await outputs.write(join(out, 'workpapers.xlsx'), new Uint8Array(1000));
    await outputs.discard();
    expect(readdirSync(out)).toEqual(['report.json']);
    expect(readFileSync(join(out, 'report.json'), 'utf8')).toBe('before');
  });

  it('written as a tree (the Parquet export) replace the entries of the same name once placed, or leave none', async () => {
    const dir = folderWithARunBefore('tree');
    mkdirSync(join(dir, 'rules'));
    writeFileSync(join(dir, 'rules', 'stale.sql'), 'the run before');
    const outputs = new RunOutputs();
    const staging = await outputs.folder(dir);
    mkdirSync(join(staging, 'rules'));
    writeFileSync(join(staging, 'rules', 'fresh.sql'), 'this run');
    writeFileSync(join(staging, 'events.parquet'), 'PAR1');
    expect(readdirSync(join(dir, 'rules'))).toEqual(['stale.sql']);
    await outputs.place();
    expect(readdirSync(dir).sort()).toEqual(['events.parquet', 'report.json', 'rules']);
    expect(readdirSync(join(dir, 'rules'))).toEqual(['fresh.sql']);

    const stopped = new RunOutputs();
    writeFileSync(join(await stopped.folder(dir), 'events.parquet'), 'a run that stops');
    await stopped.discard();
    expect(readdirSync(dir).sort()).toEqual(['events.parquet', 'report.json', 'rules']);
    expect(readFileSync(join(dir, 'events.parquet'), 'utf8')).toBe('PAR1');
  });

  it('name the file in one line when the file system refuses it', async () => {
    const out = folderWithARunBefore('refused');
    const target = join(out, 'missing-folder', 'report.json');
    const failed = await new RunOutputs().write(target, 'x').catch((err: unknown) => err);
    expect(failed).toBeInstanceOf(InputError);
    expect((failed as Error).message).toBe(`${target}: could not be written (its folder no longer exists)`);
    const other = await writing(target, () => Promise.reject(Object.assign(new Error('EIO: i/o error'), { code: 'EIO' }))).catch((err: unknown) => err);
    expect((other as Error).message).toBe(`${target}: could not be written (EIO)`);
  });
});
