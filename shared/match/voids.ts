// Platform Voids: each takes the opposite of the effect of the transaction it reverses, and that transaction's
// instrument. A Void names what it reverses (its Voids Txn), or, where the platform names nothing (Square's
// TRANSACTION_VOIDED adjustment), it reverses the latest earlier redemption of its card for its amount that is
// not yet voided or refunded, and takes that redemption's order. A transaction is voided at most once: a second
// Void of it is a repeat that counts once; a Void naming itself or another Void reverses nothing.
import type { CanonicalEvent } from '../events';
import type { Instrument } from '../types';
import { rowsBySystem } from './one-to-one';
import type { RuleCounts } from './rule-ids';

/** A Void's effect and instrument as matching settles them, and, for an inferred one, what it reverses. */
export interface SettledVoid {
  event: number;
  effectCents: number;
  instrument: Instrument | null;
  /** The Transaction ID it reverses, where the Void named none and one was inferred; else null. */
  inferredRef: string | null;
  /** The order it takes from the transaction it reverses, where it carried none; else null. */
  inferredOrder: string | null;
}

export interface VoidSettlement {
  settled: SettledVoid[];
  /** Per transaction reversed, the Void that reversed it (the first; a repeat is in repeatOf). */
  voidOf: Map<number, number>;
  /** Each Void of a transaction an earlier Void already reversed → that earlier Void. */
  repeatOf: Map<number, number>;
  linked: RuleCounts;
  notes: string[];
}

/** Candidate pairs from the rules: (Void, the row its Voids Txn names) and (Void naming none, a redemption). */
export interface VoidPairs {
  named: readonly [number, number][];
  /** Per Void, the earlier redemptions of its card and amount, latest first. */
  inferred: readonly [number, number][];
}

/**
 * Settles every platform Void, in time order (then row order): a Void named first takes the transaction; the
 * first pair of a Void decides what it names.
 */
export function settleVoids(ev: readonly CanonicalEvent[], pairs: VoidPairs, platformRows: readonly number[] = rowsBySystem(ev).platform): VoidSettlement {
  const named = firstOf(pairs.named);
  const inferred = listsOf(pairs.inferred);
  const refunded = inferred.size ? refundsByCardAndOrder(ev, platformRows) : new Map<string, number[]>();
  const voidedBy = new Map<number, number>();
  const out: VoidSettlement = { settled: [], voidOf: voidedBy, repeatOf: new Map(), linked: {}, notes: [] };
  const count = (rule: 'void' | 'voidInferred' | 'voidRepeated') => (out.linked[rule] = (out.linked[rule] ?? 0) + 1);
  const reverse = (v: number, p: number, inferredRef: boolean) => {
    out.settled.push({
      event: v, effectCents: -ev[p].effect, instrument: ev[p].instrument,
      inferredRef: inferredRef ? ev[p].key : null, inferredOrder: inferredRef && !ev[v].order ? ev[p].order : null,
    });
  };
  const reversesNothing = (v: number, why: string) => {
    out.settled.push({ event: v, effectCents: 0, instrument: ev[v].instrument, inferredRef: null, inferredOrder: null });
    out.notes.push(`Void ${ev[v].key} names ${why}: a void reverses a transaction, never itself or another void. It is taken as reversing nothing.`);
  };
  for (const v of voidsInTimeOrder(ev, platformRows)) {
    const e = ev[v];
    if (e.ref !== null) {
      const p = named.get(v);
      if (p === undefined) {
        // The voided row is outside the logs: assume it was a redemption (the usual void), and say so.
        out.settled.push({ event: v, effectCents: e.amount, instrument: e.instrument, inferredRef: null, inferredOrder: null });
        out.notes.push(`Void ${e.key} reverses ${e.ref}, which is not in the platform log; taken as reversing a redemption of ${e.amount} cents.`);
      } else if (p === v) reversesNothing(v, 'itself');
      else if (ev[p].type === 'void') reversesNothing(v, `Void ${ev[p].key}`);
      else if (voidedBy.has(p)) {
        out.repeatOf.set(v, voidedBy.get(p)!);
        reverse(v, p, false);
        count('voidRepeated');
      } else {
        voidedBy.set(p, v);
        reverse(v, p, false);
        count('void');
      }
      continue;
    }
    const candidates = inferred.get(v) ?? [];
    const r = candidates.find((c) => !voidedBy.has(c) && !refundedBetween(refunded, ev[c], e.at));
    if (r !== undefined) {
      voidedBy.set(r, v);
      reverse(v, r, true);
      count('voidInferred');
    } else if (candidates.some((c) => voidedBy.has(c))) {
      // Every redemption it could reverse is reversed already: it repeats the Void of the latest of them.
      const c = candidates.find((x) => voidedBy.has(x))!;
      out.repeatOf.set(v, voidedBy.get(c)!);
      reverse(v, c, true);
      count('voidRepeated');
    } else {
      out.settled.push({ event: v, effectCents: e.amount, instrument: e.instrument, inferredRef: null, inferredOrder: null });
      out.notes.push(
        `Void ${e.key} names no transaction, and no earlier redemption of card ${e.card} for ${e.amount} cents is left to reverse; taken as giving back ${e.amount} cents.`,
      );
    }
  }
  out.settled.sort((a, b) => a.event - b.event);
  return out;
}

/** The platform Voids, in time order, then row order. */
function voidsInTimeOrder(ev: readonly CanonicalEvent[], platformRows: readonly number[]): number[] {
  const out: number[] = [];
  for (let k = 0; k < platformRows.length; k++) if (ev[platformRows[k]].type === 'void') out.push(platformRows[k]);
  return out.sort((a, b) => ev[a].at - ev[b].at || a - b);
}

function firstOf(pairs: readonly [number, number][]): Map<number, number> {
  const out = new Map<number, number>();
  for (const [a, b] of pairs) if (!out.has(a)) out.set(a, b);
  return out;
}

function listsOf(pairs: readonly [number, number][]): Map<number, number[]> {
  const out = new Map<number, number[]>();
  for (const [a, b] of pairs) {
    const list = out.get(a);
    if (list) list.push(b);
    else out.set(a, [b]);
  }
  return out;
}

/** The instants of the platform's refunds, by card and order (a refund pays back a redemption of its order). */
function refundsByCardAndOrder(ev: readonly CanonicalEvent[], platformRows: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (let r = 0; r < platformRows.length; r++) {
    const e = ev[platformRows[r]];
    if (e.type !== 'refund' || !e.order) continue;
    const k = `${e.card}|${e.order}`;
    const list = out.get(k);
    if (list) list.push(e.at);
    else out.set(k, [e.at]);
  }
  return out;
}

/** Whether redemption `r` was refunded (a refund of its card and order) after it and before `until`. */
function refundedBetween(refunds: Map<string, number[]>, r: CanonicalEvent, until: number): boolean {
  if (!r.order) return false;
  return (refunds.get(`${r.card}|${r.order}`) ?? []).some((t) => t >= r.at && t < until);
}

/** The events with each settled Void in place of the Void as read (the others are the same objects). */
export function withSettledVoids(ev: readonly CanonicalEvent[], settled: readonly SettledVoid[]): CanonicalEvent[] {
  const out = ev.slice();
  for (const s of settled) {
    const e = ev[s.event];
    out[s.event] = { ...e, effect: s.effectCents, instrument: s.instrument, ref: s.inferredRef ?? e.ref, order: s.inferredOrder ?? e.order };
  }
  return out;
}
