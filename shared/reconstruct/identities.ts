// The totals and the identities that tie them: the roll-forward foots to the reconstructed closing, the bridge
// leads from the ERP's closing to it, and the instruments add up to it. A report whose numbers do not foot is
// never made: the replay fails loudly instead. The totals are exact or refused (exact-cents.ts); the identities
// are checked in bigint, where no sum of them can round.
import type { CanonicalEvent } from '../events';
import { CATEGORIES, type BridgeLine, type ExceptionItem, type Instrument, type Rollforward } from '../types';
import type { Flows } from './balances';
import { TotalTooLarge, addCents, withinBound } from '../exact-cents';

export class IdentityError extends Error {}

export function rollforwardOf(openingCents: number, flows: Flows, closingCents: number): Rollforward {
  return {
    opening_cents: openingCents, issued_cents: flows.issued, reloaded_cents: flows.reloaded, redeemed_cents: -flows.redeemed || 0,
    refunded_cents: flows.refunded, voided_cents: flows.voided, adjusted_cents: flows.adjusted, expired_cents: -flows.expired || 0,
    closing_cents: closingCents,
  };
}

/** The ERP's opening (its opening journal's lines) and closing (plus every other liability line in the period). */
export function erpBalances(
  ev: readonly CanonicalEvent[],
  openingLines: readonly number[],
  inPeriod: (bdate: string) => boolean,
): { openingCents: number; closingCents: number } {
  const openingCents = openingLines.reduce((a, l) => addCents(a, ev[l].effect, "the ERP's opening balance", { event: l }), 0);
  const opening = new Set(openingLines);
  let closingCents = openingCents;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system !== 'erp' || !e.scope || opening.has(i) || !inPeriod(e.bdate)) continue;
    // Checked inline: a decision makes this sum again over every ERP line.
    const sum = closingCents + e.effect;
    if (!withinBound(sum)) throw new TotalTooLarge("the ERP's closing balance", { event: i });
    closingCents = sum;
  }
  return { openingCents, closingCents };
}

/** One line per category (the exceptions' effects on the ERP), and the opening difference where there is one. */
export function bridgeOf(exceptions: readonly ExceptionItem[], openingCents: number, erpOpeningCents: number): BridgeLine[] {
  const bridge: BridgeLine[] = CATEGORIES.map((category) => {
    const items = exceptions.filter((x) => x.category === category);
    const sum = (a: number, x: ExceptionItem) => addCents(a, x.erp_effect_cents ?? 0, `the bridge's ${category} line`, () => (x.records[0] ? { record: x.records[0] } : null));
    return { category, amount_cents: items.reduce(sum, 0), count: items.length };
  });
  if (openingCents !== erpOpeningCents)
    bridge.push({ category: 'OPENING_BALANCE_DIFFERENCE', amount_cents: addCents(openingCents, -erpOpeningCents, "the opening balances' difference from the ERP's", null), count: 1 });
  return bridge;
}

/** The identities, to the cent: summed in bigint, so that no intermediate sum can round. */
export function assertIdentities(
  rf: Rollforward,
  bridge: readonly BridgeLine[],
  erpClosingCents: number,
  reconstructedCents: number,
  byInstrument: Record<Instrument, number>,
): void {
  const sum = (...cents: number[]) => cents.reduce((a, c) => a + BigInt(c), 0n);
  const foot = sum(rf.opening_cents, rf.issued_cents, rf.reloaded_cents, -rf.redeemed_cents, rf.refunded_cents, rf.voided_cents, rf.adjusted_cents, -rf.expired_cents);
  const bridged = sum(erpClosingCents, ...bridge.map((b) => b.amount_cents));
  const closing = BigInt(reconstructedCents);
  if (foot !== BigInt(rf.closing_cents)) throw new IdentityError(`Roll-forward does not foot: ${foot} ≠ ${rf.closing_cents}`);
  if (bridged !== closing) throw new IdentityError(`Bridge does not reach the reconstructed balance: ${bridged} ≠ ${reconstructedCents}`);
  if (sum(byInstrument.gift_card, byInstrument.store_credit) !== closing) throw new IdentityError('By-instrument totals do not add up');
}
