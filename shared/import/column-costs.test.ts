import { describe, expect, it } from 'vitest';
import { runCase } from '../case/pipeline';
import { loadSqlJs } from '../node/files';
import { tinyQuarter, TINY_SETTINGS } from '../testing/tiny-quarter';
import type { InputFile } from '../types';
import { inspectFile } from './inspect';

/** The file with the named columns taken out of every line. */
function without(file: InputFile, ...columns: string[]): InputFile {
  const lines = new TextDecoder().decode(file.bytes).trimEnd().split('\n').map((l) => l.split(','));
  const drop = columns.map((c) => lines[0].indexOf(c));
  expect(drop).not.toContain(-1);
  const text = lines.map((cells) => cells.filter((_, i) => !drop.includes(i)).join(',')).join('\n') + '\n';
  return { ...file, bytes: new TextEncoder().encode(text) };
}

describe('what a missing optional column costs', () => {
  it('inspection names each missing column the engine reads, with what the run loses', () => {
    const platform = without(tinyQuarter()[0], 'Balance After', 'Order Ref', 'Note');
    const missing = inspectFile(platform).missingOptional!;
    expect(missing.map((m) => m.column)).toEqual(['Balance After', 'Order Ref', 'Note']);
    expect(missing[0].cost).toMatch(/no balance-chain check.*no platform-reported closing/);
    expect(missing[1].cost).toMatch(/more exceptions/);
    // A column the engine does not read costs nothing: the processor's Fee and Net are not named.
    expect(inspectFile(without(tinyQuarter()[2], 'Fee', 'Net')).missingOptional).toEqual([]);
    expect(inspectFile(tinyQuarter()[0]).missingOptional).toEqual([]);
  });

  it('a mapped header counts as present', () => {
    const renamed = tinyQuarter()[0];
    const text = new TextDecoder().decode(renamed.bytes).replace('Balance After', 'Running Balance');
    const file = { ...renamed, bytes: new TextEncoder().encode(text) };
    expect(inspectFile(file).missingOptional!.map((m) => m.column)).toEqual(['Balance After']);
    expect(inspectFile(file, { platform: { 'Balance After': 'Running Balance' } }).missingOptional).toEqual([]);
  });

  it('the run lists them in report.json’s notes, file by file', async () => {
    const [platform, storefront, payments, erp] = tinyQuarter();
    const c = await runCase(await loadSqlJs(), {
      files: [without(platform, 'Balance After'), storefront, payments, without(erp, 'Reference')], settings: TINY_SETTINGS,
    });
    const notes = c.report.notes!.filter((n) => / has no .* column/.test(n));
    expect(notes).toEqual([
      expect.stringMatching(/^platform\.csv has no Balance After column \(none found or mapped\): no balance-chain check/),
      expect.stringMatching(/^erp\.csv has no Reference column \(none found or mapped\): no ERP line can be tied/),
    ]);
    c.close();
  });
});
