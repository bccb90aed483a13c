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

describe('a row recorded twice in the storefront or by the processor', () => {
  /** The file of `role` with its row `pick` written a second time, 30 seconds later, under a new id. */
  function withRepeat(role: 'storefront' | 'payments', pick: (cells: string[]) => boolean) {
    let orig = '';
    let dup = '';
    const files = quarterInputs(q).map((f) => {
      if (f.role !== role) return f;
      const lines = dec(f.bytes).split('\n');
      const i = lines.findIndex((l, n) => n > 0 && pick(l.split(',')));
      const cells = lines[i].split(',');
      if (role === 'storefront') {
        orig = cells[1];
        dup = `${cells[1]}9`;
        cells[1] = dup;
        cells[2] = cells[2].replace(/:(\d\d) /, (_m, sec: string) => `:${String((Number(sec) + 30) % 60).padStart(2, '0')} `);
      } else {
        orig = cells[0];
        dup = `${cells[0]}X`;
        cells[0] = dup;
      }
      lines.splice(i + 1, 0, cells.join(','));
      return { ...f, bytes: enc(lines.join('\n')) };
    });
    return { files, orig, dup };
  }

  it('a storefront tender posted twice is one DUPLICATE, not a missing platform row', async () => {
    const { files, orig, dup } = withRepeat('storefront', (c) => c[3] === 'gift_card_applied' && c[7] === 'success');
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    expectIdentities(c.report);
    const dups = c.report.exceptions.filter((x) => x.category === 'DUPLICATE');
    expect(dups).toHaveLength(1);
    expect(dups[0].records).toEqual([
      { system: 'storefront', ref: orig },
      { system: 'storefront', ref: dup },
    ]);
    expect(c.report.exceptions.filter((x) => x.category === 'MISSING_IN_PLATFORM')).toEqual([]);
    expect(c.report.liability.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
  });

  it('a gift card charge taken twice by the processor is one DUPLICATE and moves nothing', async () => {
    const { files, orig, dup } = withRepeat('payments', (c) => c[1] === 'charge' && c[7].startsWith('Gift card purchase'));
    const c = await runCase(await sql(), { files, settings: quarterSettings(q) });
    const dups = c.report.exceptions.filter((x) => x.category === 'DUPLICATE');
    expect(dups.map((x) => x.records)).toEqual([
      [
        { system: 'payments', ref: orig },
        { system: 'payments', ref: dup },
      ],
    ]);
    expect(dups[0].erp_effect_cents).toBe(0);
    expect(c.report.liability.reconstructed_closing_cents).toBe(q.expected.reconstructed_closing_cents);
  });
});
