// One movement per platform row, in time order: the transaction with every row the other systems linked to it
// (its storefront row, its payments, its ERP lines or its share of a batch line). A retry is a movement of
// no effect that points to the row it repeats.
import type { CanonicalEvent } from '../events';
import type { BatchCover } from './batches';
import { erpLinesOf, type ErpLinks } from './erp-links';
import { NONE, newMember, newMovement, type Member, type PlatformMovement, type PlatformRetry } from './movement';
import type { PaymentLinks } from './payment-links';
import { STOREFRONT_RULES, type StorefrontLinks } from './storefront-links';

/** What the steps before decided about each platform row. */
export interface PlatformLinks {
  storefront: StorefrontLinks;
  payments: PaymentLinks;
  /** Per platform row, the row it repeats (-1: none). */
  duplicateOf: Int32Array;
  erp: ErpLinks;
  batches: Map<number, BatchCover>;
}

export function platformMovements(ev: readonly CanonicalEvent[], rows: readonly number[], links: PlatformLinks): (PlatformMovement | PlatformRetry)[] {
  const out: (PlatformMovement | PlatformRetry)[] = new Array(rows.length);
  for (let k = 0; k < rows.length; k++) out[k] = platformMovement(ev, rows[k], links);
  return out;
}

// A movement is made once per platform row: its lists are filled in place at their final length (an array
// pushed to holds more slots than items), with no list made only to be copied into another.
function platformMovement(ev: readonly CanonicalEvent[], i: number, links: PlatformLinks): PlatformMovement | PlatformRetry {
  const { plToSf, sfRule } = links.storefront;
  const { saleToPay, plToPay } = links.payments;
  const s = plToSf[i];
  const saleY = s >= 0 ? saleToPay[s] : -1;
  const y = plToPay[i];
  const lines = erpLinesOf(links.erp, i);
  const batch = links.batches.get(i);
  const batchMembers = batch ? batch.members : NONE;
  const doubles = doublePostings(ev, lines);

  const members: Member[] = new Array(1 + (s >= 0 ? 1 : 0) + (saleY >= 0 ? 1 : 0) + (y >= 0 ? 1 : 0) + lines.length + batchMembers.length);
  let k = 0;
  members[k++] = newMember(i, 0, 'anchor');
  if (s >= 0) members[k++] = newMember(s, 0, STOREFRONT_RULES[sfRule[s]]);
  if (saleY >= 0) members[k++] = newMember(saleY, 0, 'paymentSale');
  if (y >= 0) members[k++] = newMember(y, 0, 'paymentPlatform');
  for (let j = 0; j < lines.length; j++) {
    const line = lines[j];
    members[k++] = newMember(line, ev[line].effect, links.erp.byOrder[line] ? 'erpOrderAmount' : 'erpReference');
  }
  for (let j = 0; j < batchMembers.length; j++) members[k++] = batchMembers[j];

  const orig = links.duplicateOf[i];
  const m = orig >= 0 ? newMovement<PlatformRetry>('duplicate', ev[i]) : newMovement<PlatformMovement>('platform', ev[i]);
  m.anchor = i;
  m.members = members;
  m.sale = s >= 0 && ev[s].type !== 'order_voided' ? s : null;
  m.storefrontVoid = s >= 0 && ev[s].type === 'order_voided' ? s : null;
  m.payments = saleY >= 0 ? (y >= 0 ? [saleY, y] : [saleY]) : y >= 0 ? [y] : NONE;
  m.erpLines = linesWhere(lines, doubles, false);
  m.erpDuplicates = linesWhere(lines, doubles, true);
  m.batchLine = batch ? batch.line : null;
  m.batchOmitted = batch ? batch.omitted : false;
  if (orig >= 0) {
    (m as PlatformRetry).duplicateOf = orig;
    m.trueEffectCents = 0;
  }
  return m;
}

/** Per line, 1 where it posts the transaction a second time (an earlier line posts the same amount); null: none does. */
function doublePostings(ev: readonly CanonicalEvent[], lines: readonly number[]): Uint8Array | null {
  let flags: Uint8Array | null = null;
  for (let k = 1; k < lines.length; k++) {
    const cents = ev[lines[k]].effect;
    for (let j = 0; j < k; j++) {
      if (ev[lines[j]].effect !== cents) continue;
      flags ??= new Uint8Array(lines.length);
      flags[k] = 1;
      break;
    }
  }
  return flags;
}

/** The lines that are (`double`) or are not double postings, or the shared empty list for none (`lines` itself for all). */
function linesWhere(lines: readonly number[], doubles: Uint8Array | null, double: boolean): readonly number[] {
  if (doubles === null) return double ? NONE : lines;
  let n = 0;
  for (let j = 0; j < lines.length; j++) if ((doubles[j] === 1) === double) n++;
  if (n === 0) return NONE;
  const out: number[] = new Array(n);
  let k = 0;
  for (let j = 0; j < lines.length; j++) if ((doubles[j] === 1) === double) out[k++] = lines[j];
  return out;
}
