// Storefront rows the platform never recorded, each a movement of its own: a voided order whose tender the
// platform never reversed, a paid sale never activated, or a tender that happened off the platform's books. A
// row that names no card (a storefront without last fours) stays on no card: it counts in the total, on a line
// of its order, and is never allocated to a guessed one.
import type { CanonicalEvent } from '../events';
import type { CardLedger } from './card-allocation';
import { newMember, newMovement, type MissingInPlatform, type UnactivatedSale, type VoidMissing } from './movement';
import type { RuleCounts } from './rule-ids';

/** What the steps before decided that the storefront-only rows depend on. */
export interface StorefrontOnlyLinks {
  /** Storefront rows linked to a platform row (1). */
  sfTaken: Uint8Array;
  /** Storefront rows that repeat another (retries): they are movements of their own already. */
  repeated: Map<number, number>;
  /** Per voided order (storefront row), the platform tenders of that order, nearest first. */
  voidedTenders: Map<number, number[]>;
  /** Per platform row, the row it repeats (-1: none). */
  duplicateOf: Int32Array;
  /** Per storefront sale, the charge that paid it (-1: none). */
  saleToPay: Int32Array;
  cards: CardLedger;
  /** The storefront's rows, ascending. */
  storefrontRows: readonly number[];
}

export type StorefrontOnly = VoidMissing | UnactivatedSale | MissingInPlatform;

export function storefrontOnlyMovements(
  ev: readonly CanonicalEvent[],
  links: StorefrontOnlyLinks,
): { movements: StorefrontOnly[]; notes: string[]; linked: RuleCounts } {
  const movements: StorefrontOnly[] = [];
  const notes: string[] = [];
  const linked: RuleCounts = {};
  for (let k = 0; k < links.storefrontRows.length; k++) {
    const s = links.storefrontRows[k];
    if (links.sfTaken[s]) continue;
    const e = ev[s];
    if (!e.scope || links.repeated.has(s)) continue;
    if (e.type === 'order_voided') {
      const m = voidedOrder(ev, s, links);
      if (m) {
        movements.push(m);
        // The tender of a voided order that names its card is found as always (not counted); one without is counted.
        if (e.last4 === null) linked.voidedTenderNoLast4 = (linked.voidedTenderNoLast4 ?? 0) + 1;
      } else notes.push(`Storefront ${e.key}: order ${e.order} was voided but no gift card tender of it is in the platform; nothing to reverse.`);
    } else if (e.type === 'gift_card_sold') movements.push(unactivatedSale(ev, s, links.saleToPay));
    else movements.push(missingInPlatform(ev, s, links.cards));
  }
  return { movements, notes, linked };
}

/** The candidate pairs (voided order, platform tender) of each voided order, in the rule's order. */
export function tendersByVoidedOrder(pairs: readonly [number, number][]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [s, p] of pairs) {
    const tenders = out.get(s);
    if (tenders) tenders.push(p);
    else out.set(s, [p]);
  }
  return out;
}

/**
 * The tender of a voided order: the first of its candidates that is not a platform retry; -1 when the platform
 * has none. A void whose export gave no amount (or 0.00) takes that tender's.
 */
export function voidedTenderOf(s: number, links: Pick<StorefrontOnlyLinks, 'voidedTenders' | 'duplicateOf'>): number {
  return (links.voidedTenders.get(s) ?? []).find((p) => links.duplicateOf[p] < 0) ?? -1;
}

/** The tender of a voided order goes back on its card; null when the platform has no tender of it. */
function voidedOrder(ev: readonly CanonicalEvent[], s: number, links: StorefrontOnlyLinks): VoidMissing | null {
  const tender = voidedTenderOf(s, links);
  if (tender < 0) return null;
  const t = ev[tender];
  return newMovement<VoidMissing>('void_missing', ev[s], {
    card: t.card, instrument: t.instrument ?? 'gift_card', trueEffectCents: -t.effect, flow: 'voided', storefrontVoid: s,
    members: [
      newMember(s, 0, 'unmatched'),
      newMember(tender, 0, ev[s].last4 === null ? 'voidedTenderNoLast4' : 'voidedTender'),
    ],
  });
}

/** A sale never activated: the liability exists from the sale, on no known card. */
function unactivatedSale(ev: readonly CanonicalEvent[], s: number, saleToPay: Int32Array): UnactivatedSale {
  const y = saleToPay[s];
  const sale = newMember(s, 0, 'unmatched');
  const paid = y >= 0 ? { payments: [y], members: [sale, newMember(y, 0, 'paymentSale')] } : { members: [sale] };
  return newMovement<UnactivatedSale>('unactivated', ev[s], { card: null, sale: s, ...paid });
}

/**
 * A tender the platform never recorded: it happened, on the card it most likely was. Store credit issued onto
 * an account that already exists then (the opening balances list it, or the platform has a row of it before)
 * adds to it as a platform Reload would: it is `reloaded`, not `issued` (docs/formats.md §7.2).
 */
function missingInPlatform(ev: readonly CanonicalEvent[], s: number, cards: CardLedger): MissingInPlatform {
  const { card, ambiguous, alternatives } = ev[s].last4 === null ? { card: null, ambiguous: false, alternatives: null } : cards.allocate(ev[s]);
  const ontoExisting = ev[s].type === 'store_credit_issued' && card !== null && cards.balanceAt(card, ev[s].at) !== null;
  return newMovement<MissingInPlatform>('missing_in_platform', ev[s], {
    card, ambiguousCard: ambiguous, alternatives, sale: s, members: [newMember(s, 0, 'unmatched')],
    ...(ontoExisting ? { flow: 'reloaded' as const } : {}),
  });
}
