// Retries: a row recorded twice by an integration that tried again. A platform retry repeats a transaction
// (same card, type, amount and order) minutes after the first, unconfirmed by the storefront; a storefront or
// processor retry repeats, minutes later, a row already accounted for. Each counts once.
import type { CanonicalEvent } from '../events';
import { newMovement, type RepeatedRow } from './movement';
import { noIndex } from './one-to-one';
import type { RuleCounts } from './rule-ids';

/** How close a repeat follows the row it repeats. */
export const RETRY_WINDOW_MS = 10 * 60_000;

/** The platform rows, in time order (then row order). */
export function platformRowsInTimeOrder(ev: readonly CanonicalEvent[]): number[] {
  const rows: number[] = [];
  for (let i = 0; i < ev.length; i++) if (ev[i].system === 'platform') rows.push(i);
  return rows.sort((a, b) => ev[a].at - ev[b].at || ev[a].row - ev[b].row);
}

export interface PlatformRetries {
  /** Per platform row, the row it repeats (-1: none). */
  duplicateOf: Int32Array;
  linked: RuleCounts;
}

/**
 * Platform retries among `rows` (in time order): a second identical row (same card, type, amount, order)
 * within minutes of the first, where the storefront does not confirm both. The confirmed row is the original.
 */
export function platformRetries(ev: readonly CanonicalEvent[], rows: readonly number[], plToSf: Int32Array): PlatformRetries {
  const duplicateOf = noIndex(ev.length);
  let found = 0;
  const lastByIdentity = new Map<string, number>();
  for (const i of rows) {
    const e = ev[i];
    if (!e.order || e.type === 'void') continue;
    const id = `${e.card}|${e.type}|${e.amount}|${e.order}`;
    const prev = lastByIdentity.get(id);
    if (prev !== undefined && e.at - ev[prev].at <= RETRY_WINDOW_MS && !(plToSf[prev] >= 0 && plToSf[i] >= 0)) {
      const [orig, dup] = plToSf[i] >= 0 && plToSf[prev] < 0 ? [i, prev] : [prev, i];
      duplicateOf[dup] = orig;
      lastByIdentity.set(id, orig);
      found++;
      continue;
    }
    lastByIdentity.set(id, i);
  }
  return { duplicateOf, linked: found ? { platformRetry: found } : {} };
}

/**
 * Rows of the storefront (successful tenders) and of the processor (gift card charges) that repeat an
 * accounted-for row of the same system — same order, type, last four and amount, within minutes — while they
 * themselves match nothing: the same event recorded twice. Returns duplicate → original, in the order their
 * groups first appear.
 */
export function repeatedRows(ev: readonly CanonicalEvent[], accounted: (i: number) => boolean): Map<number, number> {
  // Rows are grouped by order first (a plain string, cheap to hash), then split by the rest of the identity:
  // an order has a handful of rows, and a composite key built for every row would cost more.
  const byOrder = new Map<string, number[]>();
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if ((e.system !== 'storefront' && e.system !== 'payments') || !e.scope || !e.order) continue;
    const list = byOrder.get(e.order);
    if (list) list.push(i);
    else byOrder.set(e.order, [i]);
  }
  // [first row of the group, duplicate, original]
  const found: [number, number, number][] = [];
  for (const list of byOrder.values()) {
    if (list.length < 2) continue;
    for (const group of sameIdentity(ev, list)) {
      if (group.length < 2) continue;
      for (const i of group) {
        if (accounted(i)) continue;
        const orig = group.find((j) => j !== i && accounted(j) && Math.abs(ev[j].at - ev[i].at) <= RETRY_WINDOW_MS);
        if (orig !== undefined) found.push([group[0], i, orig]);
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return new Map(found.map(([, dup, orig]) => [dup, orig]));
}

/** One order's rows split by system, type, last four and amount, each group in row order. */
function sameIdentity(ev: readonly CanonicalEvent[], list: number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of list) {
    const e = ev[i];
    const k = `${e.system}|${e.type}|${e.last4 ?? ''}|${e.amount}`;
    const group = groups.get(k);
    if (group) group.push(i);
    else groups.set(k, [i]);
  }
  return [...groups.values()];
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
        members: [{ event: dup, shareCents: 0, rule: 'repeatedRow' }],
      }),
    );
    const rule = storefront ? 'storefrontRetry' : 'paymentRetry';
    linked[rule] = (linked[rule] ?? 0) + 1;
  }
  return { movements, linked };
}
