// Matching rules beyond the exact references: a platform row that lost its order reference.
import { describe, expect, it } from 'vitest';
import { runCase } from '../../shared/engine';
import { generateQuarter } from '../fixtures/generate';
import { dec, enc, expectIdentities, quarterInputs, quarterSettings, sql } from './engine-helpers';

const q = generateQuarter({ seed: 51, cards: 400, timezone: 'America/Denver', erpFormat: 'csv', anomalies: 'clean' });


/** The quarter's files with the first platform redemption's Order Ref blanked (and its amount moved by `shift`). */
function withoutOrderRef(shift = 0): { files: ReturnType<typeof quarterInputs>; txn: string; card: string } {
  let txn = '';
  let card = '';
  const files = quarterInputs(q).map((f) => {
    if (f.role !== 'platform') return f;
    const lines = dec(f.bytes).split('\n');
    const i = lines.findIndex((l) => l.split(',')[2] === 'Redemption' && l.split(',')[7].startsWith('#'));
    const cells = lines[i].split(',');
    [txn, card] = [cells[0], cells[1]];
    cells[7] = '';
    if (shift) cells[3] = (Number(cells[3]) + shift).toFixed(2);
    lines[i] = cells.join(',');
    return { ...f, bytes: enc(lines.join('\n')) };
  });
  return { files, txn, card };
}

describe('identity + amount + time window', () => {
  it('links a storefront tender to a platform redemption that carries no Order Ref', async () => {
    const { files, txn: blanked, card } = withoutOrderRef();
    expect(blanked).not.toBe('');
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    expectIdentities(c.report);
    expect(c.report.matching.by_rule['identity: last four + amount + time window']).toBe(1);
    expect(c.report.exceptions.filter((x) => x.category === 'MISSING_IN_PLATFORM')).toEqual([]);
    expect(c.report.liability.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
    // On the card's timeline the platform row and its storefront tender share one movement, by this rule.
    const t = c.timeline(card);
    const platformRow = t.find((r) => r.ref === blanked)!;
    const linked = t.filter((r) => r.group_id === platformRow.group_id && r.system === 'storefront');
    expect(linked).toHaveLength(1);
    expect(linked[0].rule).toBe('identity: last four + amount + time window');
  });

  it('names a near miss (amount off, no order) as a suggestion without matching it', async () => {
    const { files, txn: near } = withoutOrderRef(0.5);
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    const missing = c.report.exceptions.filter((x) => x.category === 'MISSING_IN_PLATFORM');
    expect(missing).toHaveLength(1);
    expect(missing[0].suggestions).toEqual([{ system: 'platform', ref: near }]);
    expect(missing[0].explanation).toContain(`Possible counterpart, not matched automatically: platform ${near}`);
    expect(c.report.matching.by_rule['identity: last four + amount + time window']).toBe(0);
  });
});
