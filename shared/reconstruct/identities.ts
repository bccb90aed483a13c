// The totals and the identities that tie them: the roll-forward foots to the reconstructed closing, the bridge
// leads from the ERP's closing to it, and the instruments add up to it. A report whose numbers do not foot is
// never made: the replay fails loudly instead.
import type { CanonicalEvent } from '../events';
import { CATEGORIES, type BridgeLine, type CardBalance, type ExceptionItem, type Instrument, type Rollforward } from '../types';
import type { Flows } from './balances';

export class IdentityError extends Error {}

export function rollforwardOf(openingCents: number, flows: Flows, closingCents: number): Rollforward {
  return {
    opening_cents: openingCents, issued_cents: flows.issued, reloaded_cents: flows.reloaded, redeemed_cents: -flows.redeemed || 0,
    refunded_cents: flows.refunded, voided_cents: flows.voided, adjusted_cents: flows.adjusted, expired_cents: -flows.expired || 0,
    closing_cents: closingCents,
  };
}

export function byInstrumentOf(cards: readonly CardBalance[]): Record<Instrument, number> {
  const out: Record<Instrument, number> = { gift_card: 0, store_credit: 0 };
  for (const c of cards) out[c.instrument] += c.reconstructed_cents;
  return out;
}

/** The ERP's opening (its opening journal's lines) and closing (plus every other liability line in the period). */
export function erpBalances(
  ev: readonly CanonicalEvent[],
  openingLines: readonly number[],
  inPeriod: (bdate: string) => boolean,
): { openingCents: number; closingCents: number } {
  const openingCents = openingLines.reduce((a, l) => a + ev[l].effect, 0);
  const opening = new Set(openingLines);
  let closingCents = openingCents;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system === 'erp' && e.scope && !opening.has(i) && inPeriod(e.bdate)) closingCents += e.effect;
  }
  return { openingCents, closingCents };
}

/** One line per category (the exceptions' effects on the ERP), and the opening difference where there is one. */
export function bridgeOf(exceptions: readonly ExceptionItem[], openingCents: number, erpOpeningCents: number): BridgeLine[] {
  const bridge: BridgeLine[] = CATEGORIES.map((category) => {
    const items = exceptions.filter((x) => x.category === category);
    return { category, amount_cents: items.reduce((a, x) => a + (x.erp_effect_cents ?? 0), 0), count: items.length };
  });
  if (openingCents !== erpOpeningCents) bridge.push({ category: 'OPENING_BALANCE_DIFFERENCE', amount_cents: openingCents - erpOpeningCents, count: 1 });
  return bridge;
}

/** The identities, to the cent. */
export function assertIdentities(
  rf: Rollforward,
  bridge: readonly BridgeLine[],
  erpClosingCents: number,
  reconstructedCents: number,
  byInstrument: Record<Instrument, number>,
): void {
  const foot = rf.opening_cents + rf.issued_cents + rf.reloaded_cents - rf.redeemed_cents + rf.refunded_cents + rf.voided_cents + rf.adjusted_cents - rf.expired_cents;
  const bridged = erpClosingCents + bridge.reduce((a, b) => a + b.amount_cents, 0);
  if (foot !== rf.closing_cents) throw new IdentityError(`Roll-forward does not foot: ${foot} ≠ ${rf.closing_cents}`);
  if (bridged !== reconstructedCents) throw new IdentityError(`Bridge does not reach the reconstructed balance: ${bridged} ≠ ${reconstructedCents}`);
  if (byInstrument.gift_card + byInstrument.store_credit !== reconstructedCents) throw new IdentityError('By-instrument totals do not add up');
}
