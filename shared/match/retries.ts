// Retries: a row recorded twice by an integration that tried again. A platform retry repeats a transaction
// (same card, type, amount and order) minutes after the first, unconfirmed by the storefront; a storefront or
// processor retry repeats, minutes later, a row already accounted for. Each counts once.
import type { CanonicalEvent } from '../events';
import { newMember, newMovement, type RepeatedRow } from './movement';
import { noIndex, rowsBySystem, type SystemRows } from './one-to-one';
import type { RuleCounts } from './rule-ids';

/** How close a repeat follows the row it repeats. */
export const RETRY_WINDOW_MS = 10 * 60_000;

/** The platform rows (all of them where `platform` is not given), in time order (then row order). */
export function platformRowsInTimeOrder(ev: readonly CanonicalEvent[], platform: readonly number[] = rowsBySystem(ev).platform): number[] {
  return platform.slice().sort((a, b) => ev[a].at - ev[b].at || ev[a].row - ev[b].row);
}

export interface PlatformRetries {
  /** Per platform row, the row it repeats (-1: none). */
  duplicateOf: Int32Array;
  linked: RuleCounts;
}

/**
 * Platform retries, card by card (`rowsByCard`: each card's platform rows in time order): a second identical row
 * (same card, type, amount, order) within minutes of the first, where the storefront does not confirm both. The
 * confirmed row is the original.
 */
export function platformRetries(ev: readonly CanonicalEvent[], rowsByCard: ReadonlyMap<string, readonly number[]>, plToSf: Int32Array): PlatformRetries {
  const duplicateOf = noIndex(ev.length);
  let found = 0;
  for (const rows of rowsByCard.values()) if (rows.length > 1) found += cardRetries(ev, rows, plToSf, duplicateOf);
  return { duplicateOf, linked: found ? { platformRetry: found } : {} };
}

/**
 * The retries among one card's rows (in time order), marked in `duplicateOf`; returns how many. A row repeats
 * the latest earlier row of its transaction that repeats none: only one within the window can be it, so the
 * look back stops at the window's start (a card has a handful of rows in any ten minutes).
 */
function cardRetries(ev: readonly CanonicalEvent[], rows: readonly number[], plToSf: Int32Array, duplicateOf: Int32Array): number {
  let found = 0;
  for (let k = 1; k < rows.length; k++) {
    const i = rows[k];
    const e = ev[i];
    if (!e.order || e.type === 'void') continue;
    const prev = sameTransactionBefore(ev, rows, k, duplicateOf);
    if (prev < 0 || (plToSf[prev] >= 0 && plToSf[i] >= 0)) continue;
    const confirmedLater = plToSf[i] >= 0 && plToSf[prev] < 0;
    duplicateOf[confirmedLater ? prev : i] = confirmedLater ? i : prev;
    found++;
  }
  return found;
}

/**
 * The latest row before `rows[k]` (of one card, in time order) of the same order, type and amount that repeats
 * no other, within the retry window; -1 for none.
 */
function sameTransactionBefore(ev: readonly CanonicalEvent[], rows: readonly number[], k: number, duplicateOf: Int32Array): number {
  const e = ev[rows[k]];
  for (let j = k - 1; j >= 0; j--) {
    const p = rows[j];
    const o = ev[p];
    if (e.at - o.at > RETRY_WINDOW_MS) return -1;
    if (duplicateOf[p] < 0 && o.order === e.order && o.type === e.type && o.amount === e.amount) return p;
  }
  return -1;
}

/** The rows of the storefront and of the processor accounted for (1), each system's by event index. */
export interface AccountedRows {
  storefront: Uint8Array;
  payments: Uint8Array;
}

/**
 * Rows of the storefront (successful tenders) and of the processor (gift card charges) that repeat an
 * accounted-for row of the same system — same order, type, last four and amount, within minutes — while they
 * themselves match nothing: the same event recorded twice. Returns duplicate → original, in the order their
 * groups first appear.
 */
export function repeatedRows(ev: readonly CanonicalEvent[], taken: AccountedRows, rows: SystemRows): Map<number, number> {
  // Only a row that matched nothing can repeat another: the orders of those rows (few) are the only ones looked
  // through, and each order's rows are gathered for them alone. The storefront's rows come before the
  // processor's: a group is of one system, so each group's rows stay in row order.
  const systems = [[rows.storefront, taken.storefront], [rows.payments, taken.payments]] as const;
  const byOrder = new Map<string, number[]>();
  for (const [list, flags] of systems)
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      if (flags[i]) continue;
      const e = ev[i];
      if (e.scope && e.order && !byOrder.has(e.order)) byOrder.set(e.order, []);
    }
  if (byOrder.size === 0) return new Map();
  for (const [list] of systems)
    for (let k = 0; k < list.length; k++) {
      const i = list[k];
      const e = ev[i];
      if (e.scope && e.order) byOrder.get(e.order)?.push(i);
    }
  const accounted = (i: number) => (ev[i].system === 'storefront' ? taken.storefront[i] : taken.payments[i]) === 1;
  // [first row of the group, duplicate, original]
  const found: [number, number, number][] = [];
  for (const list of byOrder.values()) {
    if (list.length < 2) continue;
    for (const i of list) {
      if (accounted(i)) continue;
      // The group of i: the rows of the order with its identity, in row order.
      let groupFirst = -1;
      for (const j of list) {
        if (j === i || !sameIdentity(ev[i], ev[j])) continue;
        if (groupFirst < 0) groupFirst = Math.min(i, j);
        if (accounted(j) && Math.abs(ev[j].at - ev[i].at) <= RETRY_WINDOW_MS) {
          found.push([groupFirst, i, j]);
          break;
        }
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return new Map(found.map(([, dup, orig]) => [dup, orig]));
}

/** Two rows of one order that record the same thing: the same system, type, last four and amount. */
function sameIdentity(a: CanonicalEvent, b: CanonicalEvent): boolean {
  return a.system === b.system && a.type === b.type && (a.last4 ?? '') === (b.last4 ?? '') && a.amount === b.amount;
}

/** A movement of no effect for each repeated row; on the card of the original's platform row, if known. */
export function repeatedRowMovements(
  ev: readonly CanonicalEvent[],
  twinOf: Map<number, number>,
  sfToPl: Int32Array,
): { movements: RepeatedRow[]; linked: RuleCounts } {
  const movements: RepeatedRow[] = [];
  const linked: RuleCounts = {};
  for (const [dup, orig] of twinOf) {
    const e = ev[dup];
    const storefront = e.system === 'storefront';
    const confirmed = storefront ? sfToPl[orig] : -1;
    movements.push(
      newMovement<RepeatedRow>(storefront ? 'storefront_duplicate' : 'payment_duplicate', e, {
        card: confirmed >= 0 ? ev[confirmed].card : null,
        trueEffectCents: 0,
        duplicateOf: orig,
        members: [newMember(dup, 0, 'repeatedRow')],
      }),
    );
    const rule = storefront ? 'storefrontRetry' : 'paymentRetry';
    linked[rule] = (linked[rule] ?? 0) + 1;
  }
  return { movements, linked };
}
