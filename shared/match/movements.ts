// From linked rows to movements: matching's steps in order, each deciding from the rule's candidate pairs and
// the steps before it, and returning what it decided. Voids are settled first (they take the effect of what
// they reverse); then the storefront, processor and ERP rows are linked to platform rows; what no rule links
// becomes a movement of its own.
import type { CanonicalEvent } from '../events';
import type { Instrument } from '../types';
import { matchBatches } from './batches';
import { CardLedger, rowsByCard } from './card-allocation';
import { erpOnlyMovements, linkErp } from './erp-links';
import type { Movement } from './movement';
import { linkPayments } from './payment-links';
import { platformMovements } from './platform-movements';
import { platformRetries, platformRowsInTimeOrder, repeatedRowMovements, repeatedRows } from './retries';
import { countsByName } from './rule-ids';
import { linkStorefront, type FallbackPairs } from './storefront-links';
import { storefrontOnlyMovements, tendersByVoidedOrder } from './storefront-only';
import { settleVoids, withSettledVoids, type SettledVoid } from './voids';

export type { FallbackPairs, FallbackRule } from './storefront-links';
export type { Member, Movement, MovementKind } from './movement';

/** Each rule's candidate pairs (match/rules.ts), but the fallback rules'. */
export interface Pairs {
  erpReference: [number, number][];
  void: [number, number][];
  storefrontPlatform: [number, number][];
  paymentSale: [number, number][];
  paymentPlatform: [number, number][];
  voidedTender: [number, number][];
}

export interface MatchResult {
  /** The events as matched: each platform Void with the effect and instrument of what it reverses. */
  events: CanonicalEvent[];
  /** The Voids whose effect or instrument matching settled (to be kept in step in the case database). */
  settledVoids: SettledVoid[];
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

/** `omittedByBatch`: per batch (its first line), the redemptions the reviewer chose as those it left out. */
export function buildMovements(
  read: readonly CanonicalEvent[],
  pairs: Pairs,
  fallback: FallbackPairs,
  opening: OpeningCards,
  omittedByBatch?: ReadonlyMap<number, readonly number[]>,
): MatchResult {
  const voids = settleVoids(read, pairs.void);
  const ev = withSettledVoids(read, voids.settled);
  const platformRows = platformRowsInTimeOrder(ev);
  const storefront = linkStorefront(ev, pairs.storefrontPlatform, fallback);
  const payments = linkPayments(ev.length, pairs.paymentSale, pairs.paymentPlatform, storefront.plToSf);
  const retries = platformRetries(ev, platformRows, storefront.plToSf);
  const erp = linkErp(ev, pairs.erpReference);
  const unbooked = platformRows.filter((p) => retries.duplicateOf[p] < 0 && ev[p].type === 'redemption' && !erp.byPlatform.has(p));
  const batches = matchBatches(ev, unbooked, erp.assigned, omittedByBatch);
  const platform = platformMovements(ev, platformRows, {
    storefront, payments, duplicateOf: retries.duplicateOf, erpByPlatform: erp.byPlatform, batches: batches.cover,
  });
  const byCard = rowsByCard(ev, platformRows);
  const repeated = repeatedRows(ev, (i) => (ev[i].system === 'storefront' ? storefront.sfTaken[i] === 1 : payments.payTaken[i] === 1));
  const retried = repeatedRowMovements(ev, repeated, storefront.sfToPl);
  const storefrontOnly = storefrontOnlyMovements(ev, {
    sfTaken: storefront.sfTaken, repeated, voidedTenders: tendersByVoidedOrder(pairs.voidedTender), duplicateOf: retries.duplicateOf,
    saleToPay: payments.saleToPay, cards: new CardLedger(ev, byCard, opening.instruments, opening.cents),
  });
  const accounted = erp.assigned.slice();
  for (const l of batches.lines) accounted[l] = 1;
  const movements: Movement[] = [...platform, ...batches.residuals, ...retried.movements, ...storefrontOnly.movements, ...erpOnlyMovements(ev, accounted)];
  movements.forEach((m, i) => (m.id = i + 1));
  return {
    events: ev, settledVoids: voids.settled, movements, platformRowsByCard: byCard, erpOpening: erp.opening,
    byRule: countsByName(voids.linked, storefront.linked, payments.linked, erp.linked, batches.linked, retries.linked, retried.linked),
    notes: [...voids.notes, ...batches.notes, ...storefrontOnly.notes],
  };
}
