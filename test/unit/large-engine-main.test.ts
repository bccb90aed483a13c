// The main process's side of the large-quarter engine, where it needs no Electron binary: which engine holds
// which sizes, how a picked import file is granted (its bytes, or past what passes, its grant alone), and the
// checks on the new channel's arguments. The engine process itself: utility-engine.test.ts.
import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { chooseEngine, passesAsBytes } from '../../electron/main/engine-choice';
import { ImportGrants } from '../../electron/main/import-grants';
import { pickImportFile } from '../../electron/main/read-picked-file';
import * as v from '../../electron/main/validate';
import { SQLJS_MAX_INPUT_BYTES } from '../../shared/store/memory-database';

const MiB = 1024 * 1024;
const tmp = mkdtempSync(join(tmpdir(), 'bf-large-main-'));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

describe('which engine holds a quarter', () => {
  it('keeps the worker up to its limit in all, and takes the utility process past it', () => {
    expect(SQLJS_MAX_INPUT_BYTES).toBe(450 * MiB);
    expect(chooseEngine([])).toBe('worker');
    expect(chooseEngine([100 * MiB, 100 * MiB, 100 * MiB, 100 * MiB])).toBe('worker');
    expect(chooseEngine([SQLJS_MAX_INPUT_BYTES])).toBe('worker');
    expect(chooseEngine([SQLJS_MAX_INPUT_BYTES + 1])).toBe('utility');
    // No file alone is too large, the four together are.
    expect(chooseEngine([200 * MiB, 150 * MiB, 60 * MiB, 41 * MiB])).toBe('utility');
    expect(chooseEngine([3 * 1024 * MiB])).toBe('utility');
  });
  it('passes a file’s bytes to the renderer only where the worker could hold it', () => {
    expect(passesAsBytes(0)).toBe(true);
    expect(passesAsBytes(SQLJS_MAX_INPUT_BYTES)).toBe(true);
    expect(passesAsBytes(SQLJS_MAX_INPUT_BYTES + 1)).toBe(false);
  });
});

describe('an import file picked', () => {
  it('comes with its bytes and a grant, and past what passes with its grant alone', async () => {
    const grants = new ImportGrants();
    const small = join(tmp, 'platform.csv');
    writeFileSync(small, 'Card Number,Amount\n6000,10.00\n');
    const a = await pickImportFile(small, grants);
    expect(a).toMatchObject({ name: 'platform.csv', size: 30 });
    expect(new TextDecoder().decode(a.bytes)).toBe('Card Number,Amount\n6000,10.00\n');
    expect(grants.get(a.grant!)).toEqual({ path: small, size: 30 });

    // A sparse file: its size on disk without the bytes.
    const big = join(tmp, 'storefront.csv');
    writeFileSync(big, '');
    truncateSync(big, SQLJS_MAX_INPUT_BYTES + 1);
    const b = await pickImportFile(big, grants);
    expect(b).toMatchObject({ name: 'storefront.csv', size: SQLJS_MAX_INPUT_BYTES + 1 });
    expect(b.bytes.byteLength).toBe(0);
    expect(grants.get(b.grant!)).toEqual({ path: big, size: SQLJS_MAX_INPUT_BYTES + 1 });
    expect(b.grant).not.toBe(a.grant);
    expect(chooseEngine([a, b].map((f) => grants.get(f.grant!)!.size))).toBe('utility');
    await expect(pickImportFile(tmp, grants)).rejects.toThrow(/is not a file/);
  });
});

describe('the large-quarter engine’s channel validates its arguments', () => {
  it('takes a handful of grant ids of the main process’s form', () => {
    const ids = [randomUUID(), randomUUID()];
    expect(v.grantIds(ids)).toEqual(ids);
    expect(v.grantIds([])).toEqual([]);
  });
  it('refuses anything else', () => {
    const id = randomUUID();
    for (const bad of [
      id,
      null,
      { 0: id },
      [id, id],
      [42],
      ['/home/ana/platform.csv'],
      [id.toUpperCase()],
      [`${id}\0`],
      Array.from({ length: 17 }, () => randomUUID()),
    ]) {
      expect(() => v.grantIds(bad), JSON.stringify(bad)).toThrow(v.InvalidArgument);
    }
  });
  it('takes the grant flag of an import dialog as a boolean only', () => {
    const opts = { title: 'Import', multiple: false, filters: [{ name: 'CSV', extensions: ['csv'] }] };
    expect(v.openFilesOptions({ ...opts, grant: true })).toEqual({ ...opts, grant: true });
    expect(v.openFilesOptions(opts)).toEqual(opts);
    expect(() => v.openFilesOptions({ ...opts, grant: 'yes' })).toThrow(v.InvalidArgument);
  });
});
