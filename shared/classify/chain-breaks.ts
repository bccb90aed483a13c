// The platform's Balance After must follow from its previous row and this row's amount: where it does not,
// money appeared or vanished without a transaction.
import type { CanonicalEvent } from '../events';
import { byCodeUnits } from '../order';
import type { ChainBreakFinding, Narrator } from './finding';
import { RESOLUTIONS } from './resolutions';

/**
 * The breaks in each card's chain of Balance After, cards in order. `rowsByCard`: each card's platform rows in
 * time order (then row order); rows without a Balance After say nothing. Before the period the opening balance
 * already speaks: those rows only set where the chain starts.
 */
export function chainBreaks(
  n: Narrator,
  rowsByCard: Map<string, number[]>,
  openingCents: Map<string, number>,
  periodStart: string,
): ChainBreakFinding[] {
  const out: ChainBreakFinding[] = [];
  rowsByCard.forEach((rows, card) => {
    let prev: number | null = openingCents.get(card) ?? null;
    for (let k = 0; k < rows.length; k++) {
      const i = rows[k];
      const e = n.ev[i];
      if (e.balanceAfter === null) continue;
      if (e.bdate >= periodStart) {
        const off = e.balanceAfter - expectedBalance(prev, e);
        if (off !== 0) out.push(chainBreak(n, card, i, prev, off));
      }
      prev = e.balanceAfter;
    }
  });
  // Cards in order, each card's breaks in the order of its rows (the sort is stable): the few breaks are
  // sorted rather than every card.
  return out.sort((a, b) => byCodeUnits(a.card!, b.card!));
}

/** The Balance After the previous balance and this row give (a first activation starts from zero). */
function expectedBalance(prev: number | null, e: CanonicalEvent): number {
  return (prev ?? (e.type === 'activation' ? 0 : e.balanceAfter! - e.effect)) + e.effect;
}

function chainBreak(n: Narrator, card: string, i: number, prev: number | null, off: number): ChainBreakFinding {
  const e = n.ev[i];
  const expected = expectedBalance(prev, e);
  return {
    category: 'BALANCE_CHAIN_BREAK', movement: null, carriesDelta: false, card, last4: e.last4, order: e.order,
    amountCents: off, records: [{ system: 'platform', ref: e.key }],
    explanation: `Platform ${e.key} (${e.type} ${n.money(e.amount)} at ${n.local(e.at)}) reports Balance After ${n.money(e.balanceAfter!)}, but the previous balance ${n.money(prev ?? 0)} and this row give ${n.money(expected)}: ${n.money(off)} appeared without a transaction. The replay of recorded transactions stands.`,
    suggestion: RESOLUTIONS.BALANCE_CHAIN_BREAK[0].label,
    chainBreak: { event: i, cents: off },
  };
}
