// A quarter in another currency, and a quarter without its opening balances file.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { generateQuarter } from '../fixtures/generate';
import { dec, enc, expectIdentities, quarterInputs, quarterSettings, sql } from './engine-helpers';

const q = generateQuarter({ seed: 41, cards: 500, timezone: 'Europe/Berlin', erpFormat: 'csv' });

describe('case currency', () => {
  it('a quarter exported in EUR reconciles as EUR, detected from the platform file', async () => {
    const files = quarterInputs(q).map((f) =>
      f.name.endsWith('.csv') ? { ...f, bytes: enc(dec(f.bytes).replace(/,USD,/g, ',EUR,').replace(/,usd,/g, ',eur,')) } : f,
    );
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    expect(c.report.inputs.every((i) => i.quarantined === 0)).toBe(true);
    expect(c.report.liability.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
    expect(c.report.notes).toContain('Amounts are in EUR.');
  });

  it('rows in a currency other than the case majority are quarantined with the reason', async () => {
    const files = quarterInputs(q).map((f) => {
      if (f.role !== 'platform') return f;
      const lines = dec(f.bytes).split('\n');
      lines[3] = lines[3].replace(',USD,', ',GBP,');
      return { ...f, bytes: enc(lines.join('\n')) };
    });
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    const platform = c.report.inputs.find((i) => i.system === 'platform')!;
    expect(platform.quarantine).toEqual([{ row: 4, column: 'Currency', reason: "Currency GBP is not the case's USD" }]);
    expect(platform.rows).toBe(platform.imported + platform.quarantined);
  });
});

describe('no opening balances file', () => {
  it('takes each active card opening from the platform chain, says so, and still foots', async () => {
    const files = quarterInputs(q).filter((f) => f.role !== 'opening');
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    const r = c.report;
    expectIdentities(r);
    expect(r.notes?.some((n) => n.startsWith('No opening balances file'))).toBe(true);
    // Cards the platform touched in the period start from its own chain, so the platform's closing is right.
    expect(r.liability.platform_reported_closing_cents).toBeLessThanOrEqual(q.expected.platform_reported_closing_cents);
    // The books are read the same way whatever the opening file says.
    expect(r.liability.erp_closing_cents).toBe(q.expected.erp_closing_cents);
    const gap = r.liability.bridge.find((b) => b.category === 'OPENING_BALANCE_DIFFERENCE');
    const withOpening = await runCase(await sql(), { files: quarterInputs(q), settings: quarterSettings(q) });
    // The opening only the file knew (the ERP's opening journal agrees with the file in this quarter) is exactly
    // what the bridge names as the opening difference.
    expect(r.liability.reconstructed_closing_cents - withOpening.report.liability.reconstructed_closing_cents).toBe(gap?.amount_cents ?? 0);
  });
});
