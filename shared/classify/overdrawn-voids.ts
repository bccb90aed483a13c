// No void takes a card below zero. A Void of an issue (an activation, a reload, a refund or a credit) reverses
// money the card may have spent since: replayed with everything that really happened to the card in the period
// before it, the Void takes off at most what the card held then. Such a Void keeps the reversal the platform
// recorded beside it (overdrawnFromCents), and is a finding of its own (platform-findings.ts).
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movement';

/**
 * The movements with each overdrawing Void capped (a new object; the others are the same). `counts(ms)`: whether
 * an instant is in the replay (the period's, from its start: the opening speaks for what came before).
 */
export function capOverdrawingVoids(
  ev: readonly CanonicalEvent[],
  movements: readonly Movement[],
  openingCents: Map<string, number>,
  counts: (ms: number) => boolean,
): Movement[] {
  const reversals = movements.filter((m) => isVoidTakingOff(ev, m));
  if (!reversals.length) return movements as Movement[];
  const cards = new Set(reversals.map((m) => m.card));
  const byCard = new Map<string, number[]>();
  movements.forEach((m, i) => {
    if (m.card === null || !cards.has(m.card) || !counts(m.trueAtMs)) return;
    const list = byCard.get(m.card);
    if (list) list.push(i);
    else byCard.set(m.card, [i]);
  });
  const out = movements.slice();
  for (const [card, list] of byCard) {
    list.sort((a, b) => movements[a].trueAtMs - movements[b].trueAtMs || movements[a].id - movements[b].id);
    let held = openingCents.get(card) ?? 0;
    for (const i of list) {
      const m = movements[i];
      if (m.kind === 'platform' && isVoidTakingOff(ev, m) && held + m.trueEffectCents < 0) {
        const capped = -Math.max(held, 0);
        out[i] = { ...m, trueEffectCents: capped, overdrawnFromCents: m.trueEffectCents };
      }
      held += out[i].trueEffectCents;
    }
  }
  return out;
}

/** A platform Void that takes money off its card (it reverses an issue), counted once (not a repeat). */
function isVoidTakingOff(ev: readonly CanonicalEvent[], m: Movement): boolean {
  return m.kind === 'platform' && ev[m.anchor].type === 'void' && m.trueEffectCents < 0 && m.card !== null;
}
