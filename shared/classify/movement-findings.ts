// The findings of the movements that are exceptions by their kind: a retry, a row one system never passed on,
// an ERP line with nothing behind it. Each has one finding that carries its ERP difference.
import type {
  BatchResidual,
  ErpOnly,
  MissingInPlatform,
  PlatformRetry,
  RepeatedRow,
  UnactivatedSale,
  VoidMissing,
} from '../match/movement';
import type { MovementFinding, Narrator } from './finding';

/** A platform row repeating another: counted once. */
export function platformRetry(m: PlatformRetry, n: Narrator): MovementFinding {
  const a = m.anchor;
  const orig = m.duplicateOf;
  const why =
    n.ev[a].type === 'void'
      ? `both reverse ${n.ev[orig].ref}, and a transaction is voided once`
      : 'same card, type, amount and order within minutes, and the storefront shows one event';
  return n.finding(m, 'DUPLICATE', true, n.ev[a].amount, [orig, a, ...m.erpLines, ...m.erpDuplicates],
    `${n.describe(a)} repeats ${n.describe(orig)}: ${why}. Counted once.`);
}

/** A storefront or processor row repeating one already accounted for: it happened once. */
export function repeatedRow(m: RepeatedRow, n: Narrator): MovementFinding {
  const orig = m.duplicateOf;
  const dup = m.members[0].event;
  return n.finding(m, 'DUPLICATE', true, n.ev[dup].amount, [orig, dup],
    `${n.describe(dup)} repeats ${n.describe(orig)}: same order, type and amount minutes apart, and only one of them is matched elsewhere. It happened once.`);
}

/** A storefront tender the platform never recorded: it happened, on the card it was allocated to. */
export function missingInPlatform(m: MissingInPlatform, n: Narrator): MovementFinding {
  const s = m.sale;
  const who = !m.card
    ? m.last4 === null
      ? 'a card the storefront does not name (no last four in its export; counted on no card)'
      : `last four ${m.last4} (no known card)`
    : m.ambiguousCard
      ? `card ${m.card} (allocated by balance; ${m.alternatives?.join(', ')} also end in ${m.last4} and could have covered it)`
      : `card ${m.card}`;
  return n.finding(m, 'MISSING_IN_PLATFORM', true, n.ev[s].amount, [s],
    `${n.describe(s)} succeeded in the storefront for ${who}, order ${n.ev[s].order}, but the platform has no matching transaction. It happened: the balance moves by ${n.money(m.trueEffectCents)}.`);
}

/** A sale never activated: the liability exists from the sale. */
export function unactivatedSale(m: UnactivatedSale, n: Narrator): MovementFinding {
  const s = m.sale;
  const e = n.ev[s];
  if (e.system === 'payments')
    return n.finding(m, 'UNACTIVATED_SALE', true, e.amount, [s],
      `Gift card ${m.flow === 'reloaded' ? 'reload' : 'sale'} paid on order ${e.order} (processor ${e.key}, ${n.money(e.amount)}) ${n.when(s)}, never ${m.flow === 'reloaded' ? 'loaded onto a card' : 'activated'} in the platform; the storefront records no sale of it and no export names the card. The liability exists from the sale.`);
  const paid = m.payments.length ? ` and paid (${m.payments.map((y) => n.ev[y].key).join(', ')})` : ' (no processor charge found)';
  return n.finding(m, 'UNACTIVATED_SALE', true, e.amount, [s, ...m.payments],
    `Gift card ending ${e.last4} sold on order ${e.order}${paid} ${n.when(s)}, never activated in the platform. The liability exists from the sale.`);
}

/** A voided order whose tender the platform never reversed: the tender was reversed. */
export function voidMissing(m: VoidMissing, n: Narrator): MovementFinding {
  const s = m.storefrontVoid;
  const e = n.ev[s];
  const tender = m.members.find((x) => x.event !== s)!.event;
  return n.finding(m, 'VOID_NOT_PROPAGATED', true, e.amount, [s, tender],
    `Order ${e.order} was voided in the storefront (${e.key}, ${n.when(s)}), but the platform never reversed its tender ${n.describe(tender)}. The tender was reversed: ${n.money(e.amount)} back on card ${m.card}.`);
}

/** An ERP liability line nothing operational accounts for: it did not happen to any card. */
export function erpOnly(m: ErpOnly, n: Narrator): MovementFinding {
  const l = m.erpLines[0];
  const e = n.ev[l];
  return n.finding(m, 'ERP_ONLY_ENTRY', true, Math.abs(e.effect), [l],
    `ERP line ${e.key} on ${e.account} (${n.money(e.effect)} to the liability, ${n.when(l)}, memo "${e.memo ?? ''}") matches no platform, storefront or processor record. It did not happen to any card.`);
}

/**
 * The part of a batch line the day's redemptions do not explain; where several sets of them would explain it,
 * the sets and the candidates, for the reviewer to choose from (their rows are its suggestions).
 */
export function batchResidual(m: BatchResidual, n: Narrator): MovementFinding {
  const l = m.erpLines[0];
  const share = m.members[0].shareCents;
  const o = m.omission;
  if (!o)
    return n.finding(m, 'AMOUNT_MISMATCH', true, Math.abs(share), [l],
      `ERP batch line ${n.ev[l].key} (${n.ev[l].memo ?? ''}) does not equal the day's platform redemptions: ${n.money(share)} is unexplained.`);
  const set = (s: number[]) => s.map((p) => n.ev[p].key).join(' + ');
  const shown = o.sets.slice(0, 5).map(set).join('; ');
  const count = o.complete ? `${o.sets.length} sets` : `more than ${o.sets.length - 1} sets`;
  const candidates = o.candidates.slice(0, 50).map((p) => `${n.ev[p].key} (${n.money(n.ev[p].amount)})`).join(', ');
  const more = o.candidates.length > 50 ? ` and ${o.candidates.length - 50} more` : '';
  const f = n.finding(m, 'AMOUNT_MISMATCH', true, o.gap, [l],
    `ERP batch line ${n.ev[l].key} (${n.ev[l].memo ?? ''}) is ${n.money(o.gap)} short of the day's platform redemptions, and which of them it left out cannot be told from the totals: ` +
    `${count} of ${o.size} redemption${o.size === 1 ? '' : 's'} make up ${n.money(o.gap)} exactly (${shown}${o.sets.length > 5 ? '; …' : ''}). ` +
    `Candidates: ${candidates}${more}. Choose the set it left out; until then the difference stays on the batch line.`);
  return { ...f, suggestions: o.candidates.map((p) => ({ system: n.ev[p].system, ref: n.ev[p].key })) };
}
