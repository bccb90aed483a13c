// Platform Voids: each takes the opposite of the effect of the transaction it reverses (its Voids Txn), and
// that transaction's instrument. A Void whose transaction is not in the log is taken to reverse a redemption.
import type { CanonicalEvent } from '../events';
import type { Instrument } from '../types';
import type { RuleCounts } from './rule-ids';

/** A Void's effect and instrument as matching settles them. */
export interface SettledVoid {
  event: number;
  effectCents: number;
  instrument: Instrument | null;
}

export interface VoidSettlement {
  settled: SettledVoid[];
  linked: RuleCounts;
  notes: string[];
}

/**
 * Settles every platform Void from its candidate pairs (Void, voided row), in the rule's order: the first pair
 * of a Void decides it. A Void that reverses another Void reads that one's settled effect if it came first.
 */
export function settleVoids(ev: readonly CanonicalEvent[], pairs: readonly [number, number][]): VoidSettlement {
  const effect = new Map<number, number>();
  const instrument = new Map<number, Instrument | null>();
  const effectOf = (i: number) => effect.get(i) ?? ev[i].effect;
  const instrumentOf = (i: number) => (instrument.has(i) ? instrument.get(i)! : ev[i].instrument);
  let linked = 0;
  for (const [v, p] of pairs) {
    if (effect.has(v)) continue;
    effect.set(v, -effectOf(p));
    instrument.set(v, instrumentOf(p));
    linked++;
  }
  const notes: string[] = [];
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system !== 'platform' || e.type !== 'void' || effect.has(i)) continue;
    // The voided row is outside the logs: assume it was a redemption (the usual void), and say so.
    effect.set(i, e.amount);
    notes.push(`Void ${e.key} reverses ${e.ref}, which is not in the platform log; taken as reversing a redemption of ${e.amount} cents.`);
  }
  const settled = [...effect].map(([event, effectCents]) => ({ event, effectCents, instrument: instrumentOf(event) }));
  return { settled, linked: linked ? { void: linked } : {}, notes };
}

/** The events with each settled Void in place of the Void as read (the others are the same objects). */
export function withSettledVoids(ev: readonly CanonicalEvent[], settled: readonly SettledVoid[]): CanonicalEvent[] {
  const out = ev.slice();
  for (const s of settled) out[s.event] = { ...ev[s.event], effect: s.effectCents, instrument: s.instrument };
  return out;
}
