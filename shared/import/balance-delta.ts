// Amounts an export leaves out, taken from the card's balance chain once every file is read: Square's
// CLEAR_BALANCE (an Expiry) carries no amount, only the balance after it. Its amount is the card's previous
// Balance After (in time order), or its opening balance when it is the card's first row, less its own Balance
// After. Where neither is known, or the balance would rise, the row is quarantined with the reason.
import type { CanonicalEvent, OpeningBalance } from '../events';
import { formatCents } from '../money';

export interface Derivation {
  event: CanonicalEvent;
  /** The source row's cells, kept if it is quarantined. */
  raw: string;
}

export interface Settled {
  /** How many amounts were derived. */
  derived: number;
  /** The rows that could not be: each with its reason. */
  refused: { event: CanonicalEvent; raw: string; reason: string }[];
}

/** The effect of a platform row per unit of its amount (normalize.ts PLATFORM_SIGN). */
const SIGN: Record<string, number> = { activation: 1, reload: 1, redemption: -1, refund: 1, adjustment: 1, expiry: -1 };

/** Settles each derivation's amount and effect in place; `platform` holds every platform event of the case. */
export function settleBalanceDeltas(pending: readonly Derivation[], platform: readonly CanonicalEvent[], opening: readonly OpeningBalance[]): Settled {
  const out: Settled = { derived: 0, refused: [] };
  if (pending.length === 0) return out;
  const cards = new Set(pending.map((p) => p.event.card));
  const byCard = new Map<string, CanonicalEvent[]>();
  for (const e of platform) {
    if (!e.card || !cards.has(e.card)) continue;
    const list = byCard.get(e.card);
    if (list) list.push(e);
    else byCard.set(e.card, [e]);
  }
  for (const list of byCard.values()) list.sort((a, b) => a.at - b.at || a.row - b.row);
  const openingOf = new Map(opening.map((o) => [o.card, o.cents] as const));
  for (const p of pending) {
    const e = p.event;
    const list = byCard.get(e.card!)!;
    const at = list.indexOf(e);
    let before: { cents: number; from: string } | null = null;
    for (let i = at - 1; i >= 0; i--) {
      const b = list[i].balanceAfter;
      if (b !== null) {
        before = { cents: b, from: `the Balance After of row ${list[i].row}` };
        break;
      }
    }
    if (!before && openingOf.has(e.card!)) before = { cents: openingOf.get(e.card!)!, from: 'the opening balance' };
    if (!before) {
      out.refused.push({ ...p, reason: `Amount: the row carries no amount and card ${e.card} has no earlier Balance After or opening balance to take it from` });
      continue;
    }
    const sign = SIGN[e.type] ?? 0;
    const moved = e.balanceAfter! - before.cents;
    const amount = sign < 0 ? -moved : moved;
    if (sign === 0 || (e.type !== 'adjustment' && amount < 0)) {
      out.refused.push({
        ...p,
        reason: `Amount: taken from the balance chain it would be ${formatCents(amount, { parens: false })} (${before.from} ${formatCents(before.cents, { parens: false })}, Balance After ${formatCents(e.balanceAfter!, { parens: false })}), which a ${e.type} cannot be`,
      });
      continue;
    }
    e.amount = amount;
    e.effect = sign * amount;
    out.derived++;
  }
  return out;
}
