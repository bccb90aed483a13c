// Gift card sales only the processor records. Where the storefront writes a gift card bought as a product as the
// card payment of its order (Shopify: its export has no gift_card_sold row at all), the processor's gift card
// charge is the only record of the sale: linked to the platform's activation (or reload) of its order, it is
// that sale; left alone, it is a sale never activated. A repeat of it within minutes counts once; a
// charge the processor refunded in full sold nothing. Where the storefront records its sales, a charge no rule
// linked is left as before: the sale, or the platform row without its order, speaks for it.
import type { CanonicalEvent } from '../events';
import { newMember, newMovement, type UnactivatedSale } from './movement';
import { assign, rowsBySystem, type SystemRows } from './one-to-one';
import { RETRY_WINDOW_MS } from './retries';
import type { RuleCounts } from './rule-ids';

export interface ChargeSales {
  movements: UnactivatedSale[];
  /** Charges repeating one of these sales within minutes: duplicate → original. */
  repeatOf: Map<number, number>;
  linked: RuleCounts;
  notes: string[];
}

/** Whether the storefront writes gift card sales as rows of their own (any gift_card_sold row). */
export function storefrontRecordsSales(ev: readonly CanonicalEvent[], storefrontRows: readonly number[] = rowsBySystem(ev).storefront): boolean {
  for (const i of storefrontRows) if (ev[i].type === 'gift_card_sold') return true;
  return false;
}

/**
 * Where the storefront records no sales (storefrontRecordsSales), the gift card charges no rule linked (`payTaken` 0) and that repeat no linked charge (`repeated`), in time
 * order: each a sale never activated, on no known card, unless a refund (`refunds`: candidate pairs (refund,
 * charge)) paid it back.
 */
export function chargeOnlySales(
  ev: readonly CanonicalEvent[],
  payTaken: Uint8Array,
  repeated: ReadonlyMap<number, number>,
  refunds: readonly [number, number][],
  rows: Pick<SystemRows, 'storefront' | 'payments'> = rowsBySystem(ev),
): ChargeSales {
  const out: ChargeSales = { movements: [], repeatOf: new Map(), linked: {}, notes: [] };
  if (storefrontRecordsSales(ev, rows.storefront)) return out;
  const left: number[] = [];
  for (const i of rows.payments) {
    if (payTaken[i]) continue;
    const e = ev[i];
    if (e.type === 'charge' && e.scope && !repeated.has(i)) left.push(i);
  }
  if (!left.length) return out;
  const refundOf = new Map<number, number>();
  const chosen = assign(refunds, new Uint8Array(ev.length), new Uint8Array(ev.length));
  for (const [f, y] of chosen) refundOf.set(y, f);
  if (chosen.length) out.linked.paymentRefund = chosen.length;
  left.sort((a, b) => ev[a].at - ev[b].at || a - b);
  const lastSale = new Map<string, number>();
  for (const y of left) {
    const e = ev[y];
    const f = refundOf.get(y);
    if (f !== undefined) {
      out.notes.push(`Processor charge ${e.key} (order ${e.order ?? '(none)'}, ${e.amount} cents) was refunded in full by ${ev[f].key} and no card was activated for it: no liability.`);
      continue;
    }
    const k = `${e.order ?? ''}|${e.amount}`;
    const prev = lastSale.get(k);
    if (prev !== undefined && e.at - ev[prev].at <= RETRY_WINDOW_MS) {
      out.repeatOf.set(y, prev);
      continue;
    }
    lastSale.set(k, y);
    out.movements.push(
      newMovement<UnactivatedSale>('unactivated', e, {
        card: null, last4: null, instrument: 'gift_card', trueEffectCents: e.amount, flow: /\breload\b/i.test(e.memo ?? '') ? 'reloaded' : 'issued',
        sale: y, payments: [y], members: [newMember(y, 0, 'unmatched')],
      }),
    );
  }
  return out;
}
