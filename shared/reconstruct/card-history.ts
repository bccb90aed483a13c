// A card's history as the replay tells it: its opening, then every movement counted in the period at its true
// instant, and any correction to the card. A balance below zero at any instant is a history that cannot have
// happened: a customer cannot spend what is not on the card.
import type { OpeningBalance } from '../events';
import type { Movement } from '../match/movement';
import type { Instrument } from '../types';

/** A line of the liability: a card by its number; without one, per instrument, last four and order. */
export function lineKey(card: string | null, instrument: Instrument, last4?: string | null, order?: string | null): string {
  return card ?? `~${instrument}|${last4 ?? ''}|${order ?? ''}`;
}

export function lineOf(m: Pick<Movement, 'card' | 'instrument' | 'last4' | 'order'>): string {
  return lineKey(m.card, m.instrument, m.last4, m.order);
}

/** A correction to a card that is no movement (a chain break resolved to the platform's balance), at its row's instant. */
export interface CardAdjustment {
  card: string;
  cents: number;
  at: number;
}

/** One step of a line's history. */
export interface HistoryStep {
  /** The movement's id; null for a correction. */
  movement: number | null;
  at: number;
  cents: number;
}

/** The lowest a line's balance goes, when, and after which step (null: at the opening). */
export interface Lowest {
  cents: number;
  at: number;
  movement: number | null;
}

/** What a line's history is made of: movements by id, their counted effects and instants, the openings, corrections. */
export interface HistoryInputs {
  movements: readonly Movement[];
  /** Per movement id: the effect counted in the period (0 outside it). */
  counted: Float64Array;
  /** Per movement id: its true instant. */
  at: Float64Array;
  opening: readonly OpeningBalance[];
  adjustments: readonly CardAdjustment[];
}

/**
 * Each line's steps in time order (at one instant, what raises the balance before what lowers it, then by
 * movement), from the movements that count; `only`: the lines wanted (all when absent).
 */
export function lineHistories(h: HistoryInputs, only?: ReadonlySet<string>): Map<string, HistoryStep[]> {
  const out = new Map<string, HistoryStep[]>();
  const add = (line: string, step: HistoryStep) => {
    if (only && !only.has(line)) return;
    let steps = out.get(line);
    if (!steps) out.set(line, (steps = []));
    steps.push(step);
  };
  for (const m of h.movements) {
    const cents = h.counted[m.id];
    if (cents !== 0) add(lineOf(m), { movement: m.id, at: h.at[m.id], cents });
  }
  for (const a of h.adjustments) add(a.card, { movement: null, at: a.at, cents: a.cents });
  for (const steps of out.values()) steps.sort((a, b) => a.at - b.at || b.cents - a.cents || (a.movement ?? 0) - (b.movement ?? 0));
  return out;
}

/** Each line's opening balance (the sum of its rows in the opening balances; a card-less line by its last four and order). */
export function openingByLine(opening: readonly OpeningBalance[]): Map<string, number> {
  const out = new Map<string, number>();
  for (const o of opening) {
    const line = lineKey(o.card, o.instrument, o.last4 ?? null, o.order ?? null);
    out.set(line, (out.get(line) ?? 0) + o.cents);
  }
  return out;
}

/** The lowest balance of each line wanted, from its opening through its history. */
export function lowestBalances(h: HistoryInputs, only?: ReadonlySet<string>): Map<string, Lowest> {
  const openings = openingByLine(h.opening);
  const out = new Map<string, Lowest>();
  for (const [line, steps] of lineHistories(h, only)) {
    let running = openings.get(line) ?? 0;
    let low: Lowest = { cents: running, at: steps[0]?.at ?? 0, movement: null };
    for (const s of steps) {
      running += s.cents;
      if (running < low.cents) low = { cents: running, at: s.at, movement: s.movement };
    }
    out.set(line, low);
  }
  return out;
}
