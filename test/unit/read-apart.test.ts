// Reading the ERP on another core (import-files.ts ReadElsewhere) must change nothing but the time: the same
// events, report and errors as reading every file in turn.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { importFiles, type ReadElsewhere } from '../../shared/import/import-files';
import { packEvents, unpackEvents } from '../../shared/import/pack-events';
import { answerReadApart, readApartResult } from '../../shared/import/read-apart';
import { nodeReadElsewhere } from '../../shared/node/read-elsewhere';
import { BusinessCalendar } from '../../shared/time';
import { InputError, type InputFile } from '../../shared/types';
import { generateQuarter, type GeneratedQuarter } from '../fixtures/generate';
import { dec, enc, quarterInputs, quarterSettings, sql } from './engine-helpers';

/** The reader a host runs in another thread, here in this one, its request and reply cloned as postMessage does. */
const inThisThread: ReadElsewhere = async (file, fileId, timezone, settings) => {
  const bytes = file.bytes.slice();
  const request = structuredClone({ file: { role: file.role, name: file.name, bytes }, fileId, timezone, settings }, { transfer: [bytes.buffer] });
  const { reply, transfer } = await answerReadApart(request);
  return readApartResult(structuredClone(reply, { transfer }));
};

const quarters: Record<string, GeneratedQuarter> = {};
const quarter = (erpFormat: 'csv' | 'xlsx') => (quarters[erpFormat] ??= generateQuarter({ seed: 21, cards: 160, messy: true, erpFormat }));

/** The file with one header renamed to something no layout knows. */
function withoutHeader(f: InputFile, header: string): InputFile {
  const text = dec(f.bytes);
  const nl = text.indexOf('\n');
  return { ...f, bytes: enc(text.slice(0, nl).replace(new RegExp(header, 'i'), 'Qqq') + text.slice(nl)) };
}

async function run(files: InputFile[], q: GeneratedQuarter, readElsewhere?: ReadElsewhere) {
  return runCase(await sql(), { files, settings: quarterSettings(q) }, { readElsewhere });
}

async function errorOf(p: Promise<unknown>): Promise<InputError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InputError);
    return err as InputError;
  }
  throw new Error('expected the run to fail');
}

describe('packed events', () => {
  for (const erpFormat of ['csv', 'xlsx'] as const) {
    it(`unpack to the same events, fields in the same order (ERP as ${erpFormat})`, async () => {
      const q = quarter(erpFormat);
      const s = quarterSettings(q);
      const { events } = await importFiles(quarterInputs(q), undefined, new BusinessCalendar(s.timezone), { liabilityAccounts: s.liabilityAccounts });
      expect(events.length).toBeGreaterThan(1000);
      const back = unpackEvents(structuredClone(packEvents(events)));
      expect(back).toEqual(events);
      expect(back.map((e) => Object.keys(e).join())).toEqual(events.map((e) => Object.keys(e).join()));
    });
  }
});

describe('the ERP read on another core', () => {
  for (const erpFormat of ['csv', 'xlsx'] as const) {
    it(`gives the same report, byte for byte, and the same quarantine (ERP as ${erpFormat})`, async () => {
      const q = quarter(erpFormat);
      const here = await run(quarterInputs(q), q);
      const there = await run(quarterInputs(q), q, inThisThread);
      expect(there.reportJson()).toBe(here.reportJson());
      expect(there.quarantine('erp')).toEqual(here.quarantine('erp'));
      expect(here.quarantine('erp').length).toBeGreaterThan(0);
    });
  }

  it("reports the ERP's own error as reading it here would, and an earlier file's error first", async () => {
    const q = quarter('csv');
    const badErp = quarterInputs(q).map((f) => (f.role === 'erp' ? withoutHeader(f, 'Account') : f));
    const here = await errorOf(run(badErp, q));
    const there = await errorOf(run(badErp, q, inThisThread));
    expect([there.message, there.file, there.row, there.column]).toEqual([here.message, here.file, here.row, here.column]);
    expect(here.message).toContain("'Account'");
    const bothBad = badErp.map((f) => (f.role === 'platform' ? withoutHeader(f, 'Card Number') : f));
    expect((await errorOf(run(bothBad, q, inThisThread))).file).toBe('platform.csv');
  });

  it('reads the file here when the other thread fails for reasons of its own', async () => {
    const q = quarter('csv');
    const broken: ReadElsewhere = () => Promise.reject(new Error('the worker could not start'));
    const here = await run(quarterInputs(q), q);
    expect((await run(quarterInputs(q), q, broken)).reportJson()).toBe(here.reportJson());
  });

  it('in a Node worker thread, gives the same report', async () => {
    const q = quarter('xlsx');
    const here = await run(quarterInputs(q), q);
    let used = 0;
    const node = nodeReadElsewhere();
    const counted: ReadElsewhere = (...args) => {
      used++;
      return node(...args);
    };
    const there = await run(quarterInputs(q), q, counted);
    expect(used).toBe(1);
    expect(there.reportJson()).toBe(here.reportJson());
  }, 30_000);
});
