// From linked rows to movements: matching's steps in order, each deciding from the rule's candidate pairs and
// the steps before it, and returning what it decided. Voids are settled first (they take the effect of what
// they reverse); then the storefront, processor and ERP rows are linked to platform rows; what no rule links
// becomes a movement of its own.
import type { CanonicalEvent } from '../events';
import type { Instrument } from '../types';
import { matchBatches } from './batches';
import { CardLedger, rowsByCard } from './card-allocation';
import { chargeOnlySales } from './charge-sales';
import { erpOnlyMovements, linkErp } from './erp-links';
import type { Movement } from './movement';
import { rowsBySystem, type SystemRows } from './one-to-one';
import { linkPayments } from './payment-links';
import { platformMovements } from './platform-movements';
import { platformRetries, platformRowsInTimeOrder, repeatedRowMovements, repeatedRows } from './retries';
import { countsByName } from './rule-ids';
import { linkStorefront, type FallbackPairs } from './storefront-links';
import { storefrontOnlyMovements, tendersByVoidedOrder, voidedTenderOf } from './storefront-only';
import { settleVoids, withSettledVoids } from './voids';

export type { FallbackPairs, FallbackRule } from './storefront-links';
export type { Member, Movement, MovementKind } from './movement';

/** Each rule's candidate pairs (match/rules.ts), but the fallback rules'. */
export interface Pairs {
  erpReference: [number, number][];
  erpOrderAmount: [number, number][];
  void: [number, number][];
  voidInferred: [number, number][];
  storefrontPlatform: [number, number][];
  storefrontNoLast4: [number, number][];
  paymentSale: [number, number][];
  paymentPlatform: [number, number][];
  paymentRefund: [number, number][];
  voidedTender: [number, number][];
  voidedTenderNoLast4: [number, number][];
}

/** An event whose values matching settled, to be kept in step in the case database. */
export interface SettledEvent {
  id: number;
  effect: number;
  instrument: Instrument | null;
  amount: number;
  ref: string | null;
  order: string | null;
}

export interface MatchResult {
  /**
   * The events as matched: each platform Void with the effect and instrument of what it reverses (and, where it
   * named nothing, the transaction and order inferred); each voided order that gave no amount with its tender's.
   */
  events: CanonicalEvent[];
  /** The events matching settled (to be kept in step in the case database). */
  settled: SettledEvent[];
  movements: Movement[];
  /** Each card's platform rows, in time order (then row order): for the balance chain as for the matching. */
  platformRowsByCard: Map<string, number[]>;
  /** ERP lines of the opening balance journal. */
  erpOpening: number[];
  /** Links per rule, by the rule's name. */
  byRule: Record<string, number>;
  notes: string[];
}

/** What matching knows of the opening balances: each card's instrument and balance. */
export interface OpeningCards {
  instruments: Map<string, Instrument>;
  cents: Map<string, number>;
}

/**
 * `omittedByBatch`: per batch (its first line), the redemptions the reviewer chose as those it left out.
 * `systemRows`: each system's rows (one-to-one.ts), where the caller has them already.
 */
export function buildMovements(
  read: readonly CanonicalEvent[],
  pairs: Pairs,
  fallback: FallbackPairs,
  opening: OpeningCards,
  omittedByBatch?: ReadonlyMap<number, readonly number[]>,
  systemRows: SystemRows = rowsBySystem(read),
): MatchResult {
  // Each system's rows serve every step: matching never changes an event's system.
  const voids = settleVoids(read, { named: pairs.void, inferred: pairs.voidInferred }, systemRows.platform);
  const voided = withSettledVoids(read, voids.settled);
  const platformRows = platformRowsInTimeOrder(voided, systemRows.platform);
  const storefront = linkStorefront(
    voided,
    { exact: pairs.storefrontPlatform, noLast4: pairs.storefrontNoLast4, voidedTenders: pairs.voidedTenderNoLast4, voidOf: voids.voidOf },
    fallback,
    systemRows,
  );
  // A platform row's card is never settled: each card's rows are the same in `voided` as in the events after.
  const byCard = rowsByCard(voided, platformRows);
  const retries = platformRetries(voided, byCard, storefront.plToSf);
  for (const [repeat, first] of voids.repeatOf) retries.duplicateOf[repeat] = first;
  const voidedTenders = tendersByVoidedOrder(pairs.voidedTenderNoLast4.length ? [...pairs.voidedTender, ...pairs.voidedTenderNoLast4] : pairs.voidedTender);
  const amounts = withVoidedOrderAmounts(voided, systemRows.storefront, storefront.sfToPl, (s) => voidedTenderOf(s, { voidedTenders, duplicateOf: retries.duplicateOf }));
  const ev = amounts.events;
  const payments = linkPayments(ev.length, pairs.paymentSale, pairs.paymentPlatform, storefront.plToSf);
  const erp = linkErp(ev, pairs.erpReference, pairs.erpOrderAmount, systemRows.erp);
  const unbooked = platformRows.filter((p) => retries.duplicateOf[p] < 0 && ev[p].type === 'redemption' && erp.firstLine[p] < 0);
  const batches = matchBatches(ev, unbooked, erp.assigned, omittedByBatch, systemRows.erp);
  const platform = platformMovements(ev, platformRows, {
    storefront, payments, duplicateOf: retries.duplicateOf, erp, batches: batches.cover,
  });
  const repeated = repeatedRows(ev, { storefront: storefront.sfTaken, payments: payments.payTaken }, systemRows);
  const charges = chargeOnlySales(ev, payments.payTaken, repeated, pairs.paymentRefund, systemRows);
  const retried = repeatedRowMovements(ev, charges.repeatOf.size ? new Map([...repeated, ...charges.repeatOf]) : repeated, storefront.sfToPl);
  const storefrontOnly = storefrontOnlyMovements(ev, {
    sfTaken: storefront.sfTaken, repeated, voidedTenders, duplicateOf: retries.duplicateOf,
    saleToPay: payments.saleToPay, cards: new CardLedger(ev, byCard, opening.instruments, opening.cents), storefrontRows: systemRows.storefront,
  });
  const accounted = erp.assigned.slice();
  for (const l of batches.lines) accounted[l] = 1;
  const movements: Movement[] = [
    ...platform, ...batches.residuals, ...retried.movements, ...storefrontOnly.movements, ...charges.movements, ...erpOnlyMovements(ev, accounted, systemRows.erp),
  ];
  movements.forEach((m, i) => (m.id = i + 1));
  return {
    events: ev, settled: settledEvents(ev, [...voids.settled.map((v) => v.event), ...amounts.rows]), movements, platformRowsByCard: byCard, erpOpening: erp.opening,
    byRule: countsByName(voids.linked, storefront.linked, payments.linked, erp.linked, batches.linked, retries.linked, retried.linked, storefrontOnly.linked, charges.linked),
    notes: [...voids.notes, ...batches.notes, ...storefrontOnly.notes, ...charges.notes],
  };
}

/**
 * The events with each voided order the storefront gave no amount (Shopify writes 0.00 on a void) taking the
 * amount of the platform Void it matched, else of the tender it voids (`tenderOf`: -1 for none); `rows`, the
 * voided orders given an amount.
 */
function withVoidedOrderAmounts(
  ev: readonly CanonicalEvent[],
  storefrontRows: readonly number[],
  sfToPl: Int32Array,
  tenderOf: (s: number) => number,
): { events: CanonicalEvent[]; rows: number[] } {
  let out: CanonicalEvent[] | null = null;
  const rows: number[] = [];
  for (let k = 0; k < storefrontRows.length; k++) {
    const s = storefrontRows[k];
    const e = ev[s];
    if (e.type !== 'order_voided' || !e.scope || e.amount !== 0) continue;
    const from = sfToPl[s] >= 0 ? sfToPl[s] : tenderOf(s);
    if (from < 0) continue;
    out ??= ev.slice();
    out[s] = { ...e, amount: ev[from].amount, effect: ev[from].amount };
    rows.push(s);
  }
  return { events: out ?? (ev as CanonicalEvent[]), rows };
}

/**
 * The events matching changed, as the database stores them: `rows`, those given a new object (the Voids
 * settled, the voided orders given an amount), in the order of their ids, each once.
 */
function settledEvents(ev: readonly CanonicalEvent[], rows: number[]): SettledEvent[] {
  const ids = [...new Set(rows)].sort((a, b) => a - b);
  return ids.map((id) => {
    const e = ev[id];
    return { id, effect: e.effect, instrument: e.instrument, amount: e.amount, ref: e.ref, order: e.order };
  });
}
