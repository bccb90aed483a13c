// A movement: one real-world change of a card's balance (or one ERP line that claims one), with the rows of
// every system that recorded it. Each knows what really happened (its true effect and instant) and which ERP
// lines booked it, so the bridge from the books to the truth is the sum of their differences.
import type { CanonicalEvent } from '../events';
import { CENTS_UNSET } from '../money';
import type { Instrument } from '../types';
import type { RuleId } from './rule-ids';

/** The roll-forward line a movement belongs to. */
export type Flow = 'issued' | 'reloaded' | 'redeemed' | 'refunded' | 'voided' | 'adjusted' | 'expired';

export interface Member {
  /** The event's index. */
  event: number;
  /** For ERP lines: the part of the line's effect that belongs to this movement; 0 for other rows. */
  shareCents: number;
  rule: RuleId;
}

interface MovementBase {
  /** 1, 2, 3… in the order matching made them. */
  id: number;
  card: string | null;
  instrument: Instrument;
  last4: string | null;
  order: string | null;
  /** What really happened to the liability, in cents (before any resolution). */
  trueEffectCents: number;
  /** When it happened, epoch ms. */
  trueAtMs: number;
  flow: Flow;
  members: readonly Member[];
  /** The platform row it is about, for a platform transaction; null otherwise. */
  anchor: number | null;
  /** The ERP lines that book it (for an ERP-only line or a batch residual, the line itself). */
  erpLines: readonly number[];
}

/** A platform transaction that happened, with how the storefront, the processor and the ERP saw it. */
export interface PlatformMovement extends MovementBase {
  kind: 'platform';
  anchor: number;
  /** The storefront row that confirms it (a tender or a sale). */
  sale: number | null;
  payments: readonly number[];
  /** The storefront's voided order, for a platform Void. */
  storefrontVoid: number | null;
  /** ERP lines that post it a second time. */
  erpDuplicates: readonly number[];
  /** The ERP daily batch line that covers it (or leaves it out: batchOmitted). */
  batchLine: number | null;
  batchOmitted: boolean;
  /**
   * A Void that would have taken its card below zero: the reversal as the platform recorded it (its true effect
   * is only what the card held then). Null for every other movement.
   */
  overdrawnFromCents: number | null;
}

/** A platform row repeating another (a retry): the same event recorded twice, which counts once. */
export interface PlatformRetry extends Omit<PlatformMovement, 'kind'> {
  kind: 'duplicate';
  duplicateOf: number;
}

/** A storefront or processor row repeating, minutes later, one already accounted for. */
export interface RepeatedRow extends MovementBase {
  kind: 'storefront_duplicate' | 'payment_duplicate';
  duplicateOf: number;
}

/** A voided order whose tender the platform never reversed: the tender goes back on the card. */
export interface VoidMissing extends MovementBase {
  kind: 'void_missing';
  storefrontVoid: number;
}

/** A paid sale the platform never activated. */
export interface UnactivatedSale extends MovementBase {
  kind: 'unactivated';
  /**
   * The record of the sale: the storefront's gift_card_sold, or, where the storefront records no sale (a gift
   * card bought as a product is the card payment of its order), the processor's gift card charge.
   */
  sale: number;
  payments: readonly number[];
}

/** A storefront tender the platform never recorded, allocated to the card it most likely was. */
export interface MissingInPlatform extends MovementBase {
  kind: 'missing_in_platform';
  sale: number;
  /** The card could not be told apart from others with the same last four. */
  ambiguousCard: boolean;
  /** Other cards it could have been. */
  alternatives: string[] | null;
}

/** An ERP liability line with no operational counterpart. */
export interface ErpOnly extends MovementBase {
  kind: 'erp_only';
}

/**
 * Which redemptions a batch line left out, where the totals cannot tell: several sets of the fewest
 * redemptions make up the gap (or the bounded search was cut short).
 */
export interface BatchOmission {
  /** What the batch is short of the day's redemptions, in cents. */
  gap: number;
  /** How many redemptions each set found has. */
  size: number;
  /** The sets found (event indexes), at most COVERING_SEARCH.maxSets + 1. */
  sets: number[][];
  /** Every set of that size was found. */
  complete: boolean;
  /** The redemptions that may be among those left out, in the day's order. */
  candidates: number[];
  /** Every redemption the batch covers (its day's and instrument's, with no ERP line of their own): a choice is made among them. */
  redemptions: number[];
}

/** The part of an ERP batch line no redemption accounts for. */
export interface BatchResidual extends MovementBase {
  kind: 'batch_residual';
  batchLine: number;
  /** Set where the batch is short and the redemptions it left out cannot be told from the totals. */
  omission: BatchOmission | null;
}

export type Movement =
  | PlatformMovement
  | PlatformRetry
  | RepeatedRow
  | VoidMissing
  | UnactivatedSale
  | MissingInPlatform
  | ErpOnly
  | BatchResidual;

export type MovementKind = Movement['kind'];

/** The empty list every movement's lists start as (frozen: a list is replaced, never pushed to). */
export const NONE: never[] = Object.freeze([]) as never[];

type Fields<M extends Movement> = Partial<Omit<M, 'kind'>>;

/**
 * A new movement of `kind` about event `e` (its card, amount and instant), with `fields` set. Every movement is
 * made here with every field of every kind, in one order, so that all share one shape at run time and the
 * loops over them stay fast; its true effect is set once the object is made (CENTS_UNSET). The type says which
 * fields a kind has. Its id is given when the stage numbers them. Lists hold one to four items: each starts as
 * the one shared empty list and is replaced, never pushed to, since V8 gives an array pushed to far more slots
 * than it holds.
 */
export function newMovement<M extends Movement>(kind: M['kind'], e: CanonicalEvent, fields?: Fields<M>): M {
  const m = {
    id: 0, kind, anchor: null, card: e.card, instrument: e.instrument ?? 'gift_card', last4: e.last4, order: e.order,
    trueEffectCents: CENTS_UNSET, trueAtMs: e.at, flow: flowOf(e), members: NONE, sale: null, payments: NONE,
    storefrontVoid: null, erpLines: NONE, erpDuplicates: NONE, batchLine: null, batchOmitted: false, overdrawnFromCents: null,
    duplicateOf: null, ambiguousCard: false, alternatives: null, omission: null,
  };
  m.trueEffectCents = e.effect;
  return (fields ? Object.assign(m, fields) : m) as unknown as M;
}

/**
 * A member of a movement: every member is made here, in one shape, its share set once the object is made
 * (CENTS_UNSET: an ERP line's share past 2^31 − 1 cents would otherwise retire the shape every member shares).
 */
export function newMember(event: number, shareCents: number, rule: RuleId): Member {
  const x: Member = { event, shareCents: CENTS_UNSET, rule };
  x.shareCents = shareCents;
  return x;
}

export function flowOf(e: CanonicalEvent): Flow {
  switch (e.type) {
    case 'activation':
    case 'gift_card_sold':
    case 'store_credit_issued':
      return 'issued';
    case 'reload':
      return 'reloaded';
    case 'redemption':
    case 'gift_card_applied':
    case 'store_credit_applied':
      return 'redeemed';
    case 'refund':
    case 'gift_card_refunded':
      return 'refunded';
    case 'void':
    case 'order_voided':
      return 'voided';
    case 'expiry':
      return 'expired';
    default:
      return 'adjusted';
  }
}
