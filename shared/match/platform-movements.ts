// One movement per platform row, in time order: the transaction with every row the other systems linked to it
// (its storefront row, its payments, its ERP lines or its share of a batch line). A retry is a movement of
// no effect that points to the row it repeats.
import type { CanonicalEvent } from '../events';
import type { BatchCover } from './batches';
import { erpPostings } from './erp-links';
import { NONE, newMovement, type Member, type PlatformMovement, type PlatformRetry } from './movement';
import type { PaymentLinks } from './payment-links';
import { STOREFRONT_RULES, type StorefrontLinks } from './storefront-links';

/** What the steps before decided about each platform row. */
export interface PlatformLinks {
  storefront: StorefrontLinks;
  payments: PaymentLinks;
  /** Per platform row, the row it repeats (-1: none). */
  duplicateOf: Int32Array;
  erpByPlatform: Map<number, number[]>;
  /** ERP lines linked by their memo's order and amount (1), the others by Reference. */
  erpByOrder: Uint8Array;
  batches: Map<number, BatchCover>;
}

export function platformMovements(ev: readonly CanonicalEvent[], rows: readonly number[], links: PlatformLinks): (PlatformMovement | PlatformRetry)[] {
  return rows.map((i) => platformMovement(ev, i, links));
}

/** The list, or the shared empty one: most movements have no items in most lists. */
function orNone<T>(list: T[]): readonly T[] {
  return list.length ? list : NONE;
}

function platformMovement(ev: readonly CanonicalEvent[], i: number, links: PlatformLinks): PlatformMovement | PlatformRetry {
  const { plToSf, sfRule } = links.storefront;
  const { saleToPay, plToPay } = links.payments;
  const s = plToSf[i];
  const saleY = s >= 0 ? saleToPay[s] : -1;
  const y = plToPay[i];
  const lines = links.erpByPlatform.get(i);
  const postings = lines ? erpPostings(ev, lines) : NONE;
  const batch = links.batches.get(i);
  const anchor: Member[] = [{ event: i, shareCents: 0, rule: 'anchor' }];
  const members = anchor.concat(
    s >= 0 ? [{ event: s, shareCents: 0, rule: STOREFRONT_RULES[sfRule[s]] }] : NONE,
    saleY >= 0 ? [{ event: saleY, shareCents: 0, rule: 'paymentSale' }] : NONE,
    y >= 0 ? [{ event: y, shareCents: 0, rule: 'paymentPlatform' }] : NONE,
    postings.map((p) => ({ event: p.line, shareCents: p.shareCents, rule: links.erpByOrder[p.line] ? ('erpOrderAmount' as const) : ('erpReference' as const) })),
    batch?.members ?? NONE,
  );
  const fields = {
    anchor: i,
    members,
    sale: s >= 0 && ev[s].type !== 'order_voided' ? s : null,
    storefrontVoid: s >= 0 && ev[s].type === 'order_voided' ? s : null,
    payments: saleY >= 0 || y >= 0 ? ([] as number[]).concat(saleY >= 0 ? [saleY] : NONE, y >= 0 ? [y] : NONE) : NONE,
    erpLines: orNone(postings.filter((p) => !p.double).map((p) => p.line)),
    erpDuplicates: orNone(postings.filter((p) => p.double).map((p) => p.line)),
    batchLine: batch ? batch.line : null,
    batchOmitted: batch?.omitted ?? false,
  };
  const orig = links.duplicateOf[i];
  if (orig >= 0) return newMovement<PlatformRetry>('duplicate', ev[i], { ...fields, duplicateOf: orig, trueEffectCents: 0 });
  return newMovement<PlatformMovement>('platform', ev[i], fields);
}
