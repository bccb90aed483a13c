// Processor charges ↔ the sale (storefront) or the platform activation/reload of the same order, one to one:
// a second charge for one sale is a repeat, not a second payment.
import type { RuleCounts } from './rule-ids';
import { assign, noIndex } from './one-to-one';

export interface PaymentLinks {
  /** Per storefront sale, the charge that paid it (-1: none). */
  saleToPay: Int32Array;
  /** Per platform row, the charge that paid it directly (-1: none). */
  plToPay: Int32Array;
  /** Charges linked (1). */
  payTaken: Uint8Array;
  linked: RuleCounts;
}

/**
 * `toSale`: candidate pairs (charge, storefront sale); `toPlatform`: (charge, platform activation or reload).
 * A charge goes straight to the platform only where no storefront sale already carries a payment (reloads).
 */
export function linkPayments(
  n: number,
  toSale: readonly [number, number][],
  toPlatform: readonly [number, number][],
  plToSf: Int32Array,
): PaymentLinks {
  const out: PaymentLinks = { saleToPay: noIndex(n), plToPay: noIndex(n), payTaken: new Uint8Array(n), linked: {} };
  const bySale = assign(toSale, out.payTaken, new Uint8Array(n));
  for (let k = 0; k < bySale.length; k++) out.saleToPay[bySale[k][1]] = bySale[k][0];
  const paidThroughSale = (p: number) => plToSf[p] >= 0 && out.saleToPay[plToSf[p]] >= 0;
  const byPlatform = assign(toPlatform.filter(([, p]) => !paidThroughSale(p)), out.payTaken, new Uint8Array(n));
  for (let k = 0; k < byPlatform.length; k++) out.plToPay[byPlatform[k][1]] = byPlatform[k][0];
  if (bySale.length) out.linked.paymentSale = bySale.length;
  if (byPlatform.length) out.linked.paymentPlatform = byPlatform.length;
  return out;
}
