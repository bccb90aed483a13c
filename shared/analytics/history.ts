// The input of the close analytics: per card, its history of value movements as the platform recorded them in
// prior quarters and as the reconstruction found them in this one. Each source covers a period; together they
// must cover a contiguous span ending with the period under review. Nothing here decides a figure: it puts the
// movements in order per card and says what is known (first activation, last owner-initiated activity) and
// what is not (value held before the history began has no vintage and no known activity).
import type { CanonicalEvent } from '../events';
import { byCodeUnits } from '../order';
import type { Instrument } from '../types';
import { addDays } from './months';

export const MOVEMENT_KINDS = ['activation', 'reload', 'redemption', 'refund', 'void', 'adjustment', 'expiry'] as const;
export type MovementKind = (typeof MOVEMENT_KINDS)[number];

/**
 * Owner-initiated activity, which restarts dormancy: the owner bought or loaded the card (activation, reload),
 * spent from it (redemption), or a return of theirs was paid back onto it (refund). A void, a support adjustment
 * and an expiry are the holder's acts, not the owner's.
 */
export function isOwnerInitiated(kind: MovementKind): boolean {
  return kind === 'activation' || kind === 'reload' || kind === 'redemption' || kind === 'refund';
}

/** The instrument a number is: store credit accounts start with SC (docs/formats.md §1), gift cards are digits. */
export function cardInstrumentOf(card: string): Instrument {
  return /^SC/i.test(card) ? 'store_credit' : 'gift_card';
}

export interface ValueMovement {
  card: string;
  instrument: Instrument;
  /** UTC epoch ms. */
  at: number;
  /** Business date in the case's zone, YYYY-MM-DD. */
  bdate: string;
  kind: MovementKind;
  /** Signed effect on the card's balance, integer cents. */
  effect: number;
  ownerInitiated: boolean;
  /** Where it came from, for the auditor (a Transaction ID, a file and row). */
  ref?: string;
}

/** A balance a card held when a source begins (a platform's Balance After, the reconstruction's opening). */
export interface CarriedBalance {
  card: string;
  instrument: Instrument;
  cents: number;
}

export interface HistorySource {
  /** What the auditor knows the source by: a file name, "reconstructed 2026-07-01..2026-09-30". */
  label: string;
  /** Inclusive business dates; movements outside are left out (an export's trailing days belong to the next). */
  period: { start: string; end: string };
  /** The first instant of `period.start` in the business zone: a true-up is dated just before it. */
  startsAt: number;
  movements: ValueMovement[];
  /** Each card's balance at the start of the period, where the source states it. */
  carried?: CarriedBalance[];
  /**
   * 'first seen': a card keeps the instrument this source first gives it (in its carried balances, then its
   * movements) and later movements of it that say otherwise are taken as that instrument, as the
   * reconstruction's balances take them. Without it, a card given two instruments is refused.
   */
  instruments?: 'first seen';
  /**
   * Each carried balance's and each movement's line (by their places in `carried` and `movements`), numbered
   * 0…count-1 so that a card is one number, -1 where not known: a card is then looked up once per source, not
   * once per movement.
   */
  lines?: { count: number; ofCarried: Int32Array; ofMovement: Int32Array };
}

export interface CardHistory {
  card: string;
  instrument: Instrument;
  /** Value held before the card's first movement in the history: of no known vintage or activity. */
  carried: number;
  /** The start of the source that first showed the card with a carried balance. */
  carriedSince: string | null;
  /** In time order (then source order, then the order given). */
  movements: ValueMovement[];
  firstActivation: string | null;
  lastOwnerActivity: string | null;
}

export interface SourceSummary {
  label: string;
  start: string;
  end: string;
  /** Movements kept, and left out for falling outside the source's period. */
  movements: number;
  outside: number;
  /** Cards whose carried balance started their history, and cards whose history it corrected. */
  carried: number;
  trueUps: number;
  trueUpCents: number;
}

export interface History {
  /** By card number (code-unit order). */
  cards: CardHistory[];
  /** The span the sources cover, first start to last end. */
  covers: { start: string; end: string } | null;
  /** Days between sources that no source covers. */
  gaps: { start: string; end: string }[];
  sources: SourceSummary[];
  notes: string[];
}

/** Bad history input: one line naming the source (and the card) at fault. */
export class HistoryError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'HistoryError';
  }
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** The signs a kind's effect may take; anything else is kept as an adjustment, and said so. */
function signFits(kind: MovementKind, effect: number): boolean {
  switch (kind) {
    case 'activation': case 'reload': case 'refund': return effect >= 0;
    case 'redemption': case 'expiry': return effect <= 0;
    default: return true;
  }
}

/** Why a movement cannot be read, or null when it can. */
function movementProblem(m: ValueMovement): string | null {
  if (!(MOVEMENT_KINDS as readonly string[]).includes(m.kind)) return `'${m.kind}' is not a movement kind`;
  if (!Number.isSafeInteger(m.effect)) return `the effect ${m.effect} is not whole cents`;
  if (!DATE.test(m.bdate)) return `the business date '${m.bdate}' is not YYYY-MM-DD`;
  if (!Number.isFinite(m.at)) return 'the instant is not a time';
  return null;
}

function checkMovement(source: HistorySource, m: ValueMovement): void {
  const problem = movementProblem(m);
  if (problem !== null) throw new HistoryError(`History source '${source.label}', card ${m.card}: ${problem}`);
}

/** What the sources say of a card so far; `seen` once a source has shown it. */
interface CardSoFar {
  instrument: Instrument;
  carried: number;
  carriedSince: string | null;
  movements: ValueMovement[];
  seen: boolean;
  /** The last source that gave the card, and the instrument it first gave (a 'first seen' source keeps it). */
  source: HistorySource | null;
  sourceInstrument: Instrument;
}

/** Puts the sources' movements in order per card, with the carried balances and the true-ups between sources. */
export function buildHistory(sources: HistorySource[]): History {
  const ordered = [...sources].sort((a, b) => byCodeUnits(a.period.start, b.period.start) || byCodeUnits(a.period.end, b.period.end));
  for (const s of ordered) {
    if (!DATE.test(s.period.start) || !DATE.test(s.period.end) || s.period.start > s.period.end) {
      throw new HistoryError(`History source '${s.label}': the period ${s.period.start}..${s.period.end} is not a period`);
    }
  }
  const gaps: History['gaps'] = [];
  for (let i = 1; i < ordered.length; i++) {
    const a = ordered[i - 1];
    const b = ordered[i];
    if (b.period.start <= a.period.end) {
      throw new HistoryError(
        `History sources '${a.label}' (${a.period.start}..${a.period.end}) and '${b.label}' (${b.period.start}..${b.period.end}) overlap: their movements would be counted twice`,
      );
    }
    const next = addDays(a.period.end, 1);
    if (next < b.period.start) gaps.push({ start: next, end: addDays(b.period.start, -1) });
  }

  const byCard = new Map<string, CardSoFar>();
  const notes: string[] = [];
  const summaries: SourceSummary[] = [];
  let resigned = 0;
  let firstResigned = '';
  const accOf = (card: string, given: Instrument, source: HistorySource): CardSoFar => {
    let a = byCard.get(card);
    if (!a) {
      a = { instrument: given, carried: 0, carriedSince: null, movements: [], seen: false, source, sourceInstrument: given };
      byCard.set(card, a);
      return a;
    }
    if (a.source !== source) {
      a.source = source;
      a.sourceInstrument = given;
    }
    checkInstrument(a, card, given, source);
    return a;
  };

  for (const s of ordered) {
    const summary: SourceSummary = { label: s.label, start: s.period.start, end: s.period.end, movements: 0, outside: 0, carried: 0, trueUps: 0, trueUpCents: 0 };
    // A card the source numbers by its line is looked up the first time only: `slot` holds its place in
    // `looked` plus one (a typed array: an array of that many holes would be a dictionary).
    const slot = new Int32Array(s.lines?.count ?? 0);
    const looked: CardSoFar[] = [];
    const cardOn = (line: number, card: string, given: Instrument): CardSoFar => {
      if (line < 0) return accOf(card, given, s);
      if (slot[line] === 0) {
        const a = accOf(card, given, s);
        slot[line] = looked.push(a);
        return a;
      }
      const a = looked[slot[line] - 1];
      checkInstrument(a, card, given, s);
      return a;
    };
    // Carried balances first: they describe the cards at the start of this source, before its movements.
    const carried = s.carried ?? [];
    for (let j = 0; j < carried.length; j++) {
      const c = carried[j];
      if (!Number.isSafeInteger(c.cents)) throw new HistoryError(`History source '${s.label}', card ${c.card}: the carried balance ${c.cents} is not whole cents`);
      const a = cardOn(s.lines ? s.lines.ofCarried[j] : -1, c.card, c.instrument);
      if (!a.seen) {
        a.seen = true;
        if (c.cents !== 0) {
          a.carried = c.cents;
          a.carriedSince = s.period.start;
          summary.carried++;
        }
        continue;
      }
      const before = a.carried + a.movements.reduce((t, m) => t + m.effect, 0);
      if (before === c.cents) continue;
      // The source says the card held another balance than its history adds up to: the source is taken as
      // right at its start, and the difference is a holder's adjustment on the eve of it, listed.
      a.movements.push({
        card: c.card, instrument: c.instrument, at: s.startsAt - 1, bdate: addDays(s.period.start, -1), kind: 'adjustment',
        effect: c.cents - before, ownerInitiated: false, ref: `true-up to the balance '${s.label}' states at ${s.period.start}`,
      });
      summary.trueUps++;
      summary.trueUpCents += c.cents - before;
    }
    for (let j = 0; j < s.movements.length; j++) {
      const m = s.movements[j];
      checkMovement(s, m);
      if (m.bdate < s.period.start || m.bdate > s.period.end) {
        summary.outside++;
        continue;
      }
      const a = cardOn(s.lines ? s.lines.ofMovement[j] : -1, m.card, m.instrument);
      a.seen = true;
      let mv = m.instrument === a.instrument ? m : { ...m, instrument: a.instrument };
      if (!signFits(m.kind, m.effect)) {
        resigned++;
        firstResigned ||= `${m.kind} of ${m.effect} cents on card ${m.card} on ${m.bdate}`;
        mv = { ...mv, kind: 'adjustment', ownerInitiated: false };
      }
      a.movements.push(mv);
      summary.movements++;
    }
    if (summary.outside) notes.push(`${summary.outside} movement(s) of '${s.label}' fall outside its period ${s.period.start}..${s.period.end} and are left to the source that covers them.`);
    if (summary.trueUps) notes.push(`'${s.label}' states another opening balance than the history adds up to for ${summary.trueUps} card(s) (${summary.trueUpCents} cents in all): each difference is an adjustment dated the day before it.`);
    summaries.push(summary);
  }
  if (resigned) notes.push(`${resigned} movement(s) have an effect whose sign their kind cannot have (the first: ${firstResigned}); they are counted as adjustments.`);

  // In card number order: the default sort compares UTF-16 code units, as byCodeUnits does. Each card's record
  // is made in that order, so that every later pass over the cards reads them in the order they were made.
  const cards = [...byCard.keys()].sort().map((card) => cardHistory(card, byCard.get(card)!));
  return {
    cards,
    covers: ordered.length ? { start: ordered[0].period.start, end: ordered[ordered.length - 1].period.end } : null,
    gaps, sources: summaries, notes,
  };
}

/** Movements by instant; the sort is stable, so movements at the same instant keep source, then given, order. */
const byInstant = (x: ValueMovement, y: ValueMovement) => x.at - y.at;

/** Whether movements are in time order already, as most cards' few are: the stable sort would leave them so. */
function inInstantOrder(movements: readonly ValueMovement[]): boolean {
  for (let i = 1; i < movements.length; i++) if (movements[i].at < movements[i - 1].at) return false;
  return true;
}

/** A card's instrument here (the one this source first gave it, for a 'first seen' source) must be the one it had before. */
function checkInstrument(a: CardSoFar, card: string, given: Instrument, source: HistorySource): void {
  const instrument = source.instruments === 'first seen' ? a.sourceInstrument : given;
  if (a.instrument !== instrument) {
    throw new HistoryError(`History source '${source.label}', card ${card}: it is a ${instrument.replace('_', ' ')} here and a ${a.instrument.replace('_', ' ')} before`);
  }
}

/** A card's history from what the sources say of it: its movements in time order, with what they show. */
function cardHistory(card: string, a: CardSoFar): CardHistory {
  const movements = inInstantOrder(a.movements) ? a.movements : a.movements.sort(byInstant);
  let firstActivation: string | null = null;
  let lastOwnerActivity: string | null = null;
  for (const m of movements) {
    if (m.kind === 'activation' && firstActivation === null) firstActivation = m.bdate;
    if (m.ownerInitiated) lastOwnerActivity = m.bdate;
  }
  return { card, instrument: a.instrument, carried: a.carried, carriedSince: a.carriedSince, movements, firstActivation, lastOwnerActivity };
}

/** A card's balance at the end of a business date. */
export function balanceAt(card: CardHistory, date: string): number {
  let b = card.carried;
  for (const m of card.movements) {
    if (m.bdate > date) break;
    b += m.effect;
  }
  return b;
}

/** The last owner-initiated activity on or before a date; null when none is in the history. */
export function lastOwnerActivityAt(card: CardHistory, date: string): string | null {
  let last: string | null = null;
  for (const m of card.movements) {
    if (m.bdate > date) break;
    if (m.ownerInitiated) last = m.bdate;
  }
  return last;
}

// ─── sources from what the engine already has ───────────────────────────────────────────────────

/**
 * A source from a platform export's canonical events (a prior quarter's, read through the same import). A Void
 * takes the opposite effect of the row it names; one whose row is not among the events is taken to give a
 * redemption back, as the engine's matching does, and said so. Each card's carried balance is its first row's
 * Balance After less that row's effect, where the first row is not its activation.
 */
export function sourceFromPlatformEvents(
  label: string,
  period: { start: string; end: string },
  startsAt: number,
  events: readonly CanonicalEvent[],
): HistorySource & { notes: string[] } {
  const rows = events.filter((e) => e.system === 'platform' && e.card !== null && e.instrument !== null);
  const byKey = new Map<string, CanonicalEvent>();
  for (const e of rows) if (!byKey.has(e.key)) byKey.set(e.key, e);
  const resolved = new Map<CanonicalEvent, number>();
  let unknownVoids = 0;
  const effectOf = (e: CanonicalEvent, depth = 0): number => {
    if (e.type !== 'void') return e.effect;
    const known = resolved.get(e);
    if (known !== undefined) return known;
    const target = e.ref ? byKey.get(e.ref) : undefined;
    let effect: number;
    if (target && target !== e && depth < 8) effect = -effectOf(target, depth + 1);
    else {
      effect = e.amount;
      unknownVoids++;
    }
    resolved.set(e, effect);
    return effect;
  };
  const movements: ValueMovement[] = [];
  const first = new Map<string, CanonicalEvent>();
  for (const e of rows) {
    const kind = e.type as MovementKind;
    if (!(MOVEMENT_KINDS as readonly string[]).includes(kind)) continue;
    const effect = effectOf(e);
    movements.push({
      card: e.card!, instrument: e.instrument!, at: e.at, bdate: e.bdate, kind, effect, ownerInitiated: isOwnerInitiated(kind), ref: e.key,
    });
    if (e.bdate >= period.start && e.bdate <= period.end) {
      const f = first.get(e.card!);
      if (!f || e.at < f.at || (e.at === f.at && e.row < f.row)) first.set(e.card!, e);
    }
  }
  const carried: CarriedBalance[] = [];
  for (const [card, e] of first) {
    if (e.type === 'activation' || e.balanceAfter === null) continue;
    const before = e.balanceAfter - effectOf(e);
    if (before !== 0) carried.push({ card, instrument: e.instrument!, cents: before });
  }
  carried.sort((a, b) => byCodeUnits(a.card, b.card));
  const notes: string[] = [];
  if (unknownVoids) notes.push(`${label}: ${unknownVoids} Void(s) name a transaction not in the history; each is taken to give a redemption back onto the card.`);
  return { label, period, startsAt, movements, carried, notes };
}

/** The roll-forward flows of the reconstruction (shared/match/movements.ts) and the movement kind each is. */
export type Flow = 'issued' | 'reloaded' | 'redeemed' | 'refunded' | 'voided' | 'adjusted' | 'expired';
export const KIND_OF_FLOW: Record<Flow, MovementKind> = {
  issued: 'activation', reloaded: 'reload', redeemed: 'redemption', refunded: 'refund', voided: 'void', adjusted: 'adjustment', expired: 'expiry',
};
export const FLOW_OF_KIND: Record<MovementKind, Flow> = {
  activation: 'issued', reload: 'reloaded', redemption: 'redeemed', refund: 'refunded', void: 'voided', adjustment: 'adjusted', expiry: 'expired',
};

