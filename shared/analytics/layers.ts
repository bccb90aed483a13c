// Value by vintage. Each card's value sits in layers, one per month in which value was loaded onto it (its
// vintage); value held before the history began is a layer of no vintage. The rule, the same for every
// analysis (breakage by vintage, the 606-10-50-8 figure, the remote method's balances):
//   - an activation or reload adds a layer of its month (value loaded, L);
//   - a redemption, an expiry and a negative adjustment take from the oldest layers first (FIFO);
//   - a refund, or a void giving value back, undoes the most recent redemptions first, in the layers they took
//     from (redemptions are counted net of them);
//   - a void of a load takes from the newest layers first, and lessens what was loaded;
//   - a positive adjustment adds to the newest layer (to the no-vintage layer on a card holding nothing).
// Value taken beyond what a card holds is a deficit (the history does not show where it came from); the next
// value onto the card settles it first. Every figure is recorded by vintage and by the month it happened in,
// so that any month-end view (this quarter's, the prior quarter's) is a sum over the months up to it.
import type { Instrument } from '../types';
import type { PeriodLines } from './disclosure';
import type { CardHistory, History, ValueMovement } from './history';
import { monthIndex } from './months';

/** The no-vintage layer: value held before the history began, or that came back with no known origin. */
export const NO_VINTAGE = -1;

export type Measure = 'loaded' | 'redeemed' | 'expired' | 'adjusted';

/** One instrument's figures by vintage and month; vintage and month are offsets from `base`. */
export class VintageFlows {
  readonly loaded: Float64Array;
  readonly redeemed: Float64Array;
  readonly expired: Float64Array;
  readonly adjusted: Float64Array;
  /** The no-vintage layer's figures by month. */
  readonly noVintage: Record<Measure, Float64Array>;
  /** Loads by claiming group (e.g. the state that may claim the card), vintage and month. */
  readonly groupLoads = new Map<string, Float64Array>();

  constructor(
    readonly base: number,
    readonly size: number,
  ) {
    const cells = size * size;
    this.loaded = new Float64Array(cells);
    this.redeemed = new Float64Array(cells);
    this.expired = new Float64Array(cells);
    this.adjusted = new Float64Array(cells);
    this.noVintage = { loaded: new Float64Array(size), redeemed: new Float64Array(size), expired: new Float64Array(size), adjusted: new Float64Array(size) };
  }

  add(measure: Measure, vintage: number, month: number, cents: number): void {
    if (vintage === NO_VINTAGE) this.noVintage[measure][month] += cents;
    else this[measure][vintage * this.size + month] += cents;
  }

  addGroupLoad(group: string, vintage: number, month: number, cents: number): void {
    let cells = this.groupLoads.get(group);
    if (!cells) this.groupLoads.set(group, (cells = new Float64Array(this.size * this.size)));
    cells[vintage * this.size + month] += cents;
  }

  /** A vintage's figure for the months up to and including `month` (offsets). */
  upTo(measure: Measure, vintage: number, month: number): number {
    if (vintage === NO_VINTAGE) {
      let s = 0;
      for (let m = 0; m <= month; m++) s += this.noVintage[measure][m];
      return s;
    }
    let s = 0;
    const row = vintage * this.size;
    for (let m = vintage; m <= month; m++) s += this[measure][row + m];
    // A late record of an earlier vintage can only come after it; value cannot be recorded before its vintage.
    return s;
  }

  groupLoadUpTo(group: string, vintage: number, month: number): number {
    const cells = this.groupLoads.get(group);
    if (!cells) return 0;
    let s = 0;
    for (let m = vintage; m <= month; m++) s += cells[vintage * this.size + m];
    return s;
  }
}

/** A card's state at the end of a date. */
export interface CardState {
  balance: number;
  lastOwnerActivity: string | null;
  firstActivation: string | null;
  /** [vintage offset or NO_VINTAGE, cents], oldest first, none empty. */
  layers: [number, number][];
}

export interface Replay {
  /** Month index of offset 0, and the date the replay ran to. */
  base: number;
  until: string;
  flows: Record<Instrument, VintageFlows>;
  /** Per snapshot date: each card's state, in `history.cards` order. */
  snapshots: Map<string, CardState[]>;
  /** Value taken beyond what cards held and not yet settled (a history that starts after the value was loaded). */
  deficits: Record<Instrument, Record<Measure, number>>;
}

/**
 * One card's layers as the replay goes through its movements. One is made per replay and reset for each card:
 * the rule's steps are its methods, sharing the card's state. A layer is its place in two arrays (vintage,
 * cents), oldest first; these arrays, and the redemptions', are kept from card to card with a count of what is
 * in use (an array's length set to 0 lets its storage go, to be made again by the next card's first push): a
 * replay goes through every card of the history.
 */
class CardReplay {
  private vintage: number[] = [];
  private cents: number[] = [];
  private layers = 0;
  /** Redemptions not yet undone: the layer (its place) each took from and how much, most recent last. */
  private takenFrom: number[] = [];
  private takenCents: number[] = [];
  private taken = 0;
  /** Value taken beyond what the card held, by what took it, oldest first. */
  private owedBy: Measure[] = [];
  private owedCents: number[] = [];
  private flows!: VintageFlows;
  private deficits!: Record<Measure, number>;
  /** The card's claiming group, when loads are recorded by group. */
  private group: string | null = null;
  lastOwner: string | null = null;
  firstActivation: string | null = null;

  constructor(
    private readonly allFlows: Record<Instrument, VintageFlows>,
    private readonly allDeficits: Replay['deficits'],
  ) {}

  start(card: CardHistory, group: string | null): void {
    this.layers = 0;
    this.taken = 0;
    this.owedBy.length = 0;
    this.owedCents.length = 0;
    this.flows = this.allFlows[card.instrument];
    this.deficits = this.allDeficits[card.instrument];
    this.group = group;
    this.lastOwner = null;
    this.firstActivation = null;
    if (card.carried > 0) this.addLayer(NO_VINTAGE, card.carried);
    else if (card.carried < 0) this.owe('adjusted', -card.carried);
  }

  /** The card's state now. */
  state(): CardState {
    let balance = 0;
    const layers: [number, number][] = [];
    for (let i = 0; i < this.layers; i++) {
      balance += this.cents[i];
      if (this.cents[i] !== 0) layers.push([this.vintage[i], this.cents[i]]);
    }
    for (let i = 0; i < this.owedCents.length; i++) balance -= this.owedCents[i];
    return { balance, lastOwnerActivity: this.lastOwner, firstActivation: this.firstActivation, layers };
  }

  apply(m: ValueMovement, month: number): void {
    const e = m.effect;
    switch (m.kind) {
      case 'activation':
      case 'reload': {
        if (e <= 0) break;
        this.flows.add('loaded', month, month, e);
        this.addGroupLoad(month, month, e);
        const rest = this.settle(e, month, month);
        if (rest > 0) {
          const last = this.layers - 1;
          if (last >= 0 && this.vintage[last] === month) this.cents[last] += rest;
          else this.addLayer(month, rest);
        }
        break;
      }
      case 'redemption':
        this.takeOldest(-e, 'redeemed', month, true);
        break;
      case 'expiry':
        this.takeOldest(-e, 'expired', month, false);
        break;
      case 'refund':
        this.giveBack(e, month);
        break;
      case 'void':
        if (e > 0) this.giveBack(e, month);
        else if (e < 0) this.unload(-e, month);
        break;
      case 'adjustment':
        if (e < 0) this.takeOldest(-e, 'adjusted', month, false);
        else if (e > 0) {
          const rest = this.settle(e, NO_VINTAGE, month);
          if (rest > 0) {
            const newest = this.layers ? this.layers - 1 : this.noVintageLayer();
            this.cents[newest] += rest;
            this.flows.add('adjusted', this.vintage[newest], month, rest);
          }
        }
        break;
    }
    if (m.kind === 'activation' && this.firstActivation === null) this.firstActivation = m.bdate;
    if (m.ownerInitiated) this.lastOwner = m.bdate;
  }

  private addLayer(vintage: number, cents: number): void {
    this.vintage[this.layers] = vintage;
    this.cents[this.layers] = cents;
    this.layers++;
  }

  private addGroupLoad(vintage: number, month: number, cents: number): void {
    if (this.group !== null && vintage !== NO_VINTAGE) this.flows.addGroupLoad(this.group, vintage, month, cents);
  }

  private owe(measure: Measure, cents: number): void {
    this.owedBy.push(measure);
    this.owedCents.push(cents);
    this.deficits[measure] += cents;
  }

  /**
   * Value onto the card settles a deficit first: what was taken before is then of this value's vintage. A
   * refund settling an overdrawn redemption undoes it: neither is a redemption of any vintage.
   */
  private settle(cents: number, vintage: number, month: number, refund = false): number {
    while (cents > 0 && this.owedBy.length) {
      const measure = this.owedBy[0];
      const t = Math.min(this.owedCents[0], cents);
      const lessens = measure === 'loaded' || measure === 'adjusted';
      if (!(refund && measure === 'redeemed')) this.flows.add(measure, vintage, month, lessens ? -t : t);
      if (measure === 'loaded') this.addGroupLoad(vintage, month, -t);
      this.deficits[measure] -= t;
      this.owedCents[0] -= t;
      cents -= t;
      if (this.owedCents[0] === 0) {
        this.owedBy.shift();
        this.owedCents.shift();
      }
    }
    return cents;
  }

  private takeOldest(cents: number, measure: 'redeemed' | 'expired' | 'adjusted', month: number, undoable: boolean): void {
    for (let l = 0; l < this.layers && cents !== 0; l++) {
      if (this.cents[l] <= 0) continue;
      const t = Math.min(this.cents[l], cents);
      this.cents[l] -= t;
      cents -= t;
      this.flows.add(measure, this.vintage[l], month, measure === 'adjusted' ? -t : t);
      if (undoable) {
        this.takenFrom[this.taken] = l;
        this.takenCents[this.taken] = t;
        this.taken++;
      }
    }
    if (cents > 0) this.owe(measure, cents);
  }

  private giveBack(cents: number, month: number): void {
    while (cents > 0 && this.taken) {
      const top = this.taken - 1;
      const layer = this.takenFrom[top];
      const t = Math.min(this.takenCents[top], cents);
      this.cents[layer] += t;
      this.flows.add('redeemed', this.vintage[layer], month, -t);
      this.takenCents[top] -= t;
      cents -= t;
      if (this.takenCents[top] === 0) this.taken--;
    }
    // Value back with no redemption of it in the history: a deficit's, or of no known vintage.
    cents = this.settle(cents, NO_VINTAGE, month, true);
    if (cents > 0) this.cents[this.noVintageLayer()] += cents;
  }

  /** The place of the no-vintage layer, oldest of all: made first where there is none yet. */
  private noVintageLayer(): number {
    if (this.layers && this.vintage[0] === NO_VINTAGE) return 0;
    for (let l = this.layers; l > 0; l--) {
      this.vintage[l] = this.vintage[l - 1];
      this.cents[l] = this.cents[l - 1];
    }
    this.vintage[0] = NO_VINTAGE;
    this.cents[0] = 0;
    this.layers++;
    // Every layer moved one place on: so do the redemptions' records of where they took from.
    for (let i = 0; i < this.taken; i++) this.takenFrom[i]++;
    return 0;
  }

  private unload(cents: number, month: number): void {
    for (let l = this.layers - 1; l >= 0 && cents > 0; l--) {
      if (this.cents[l] <= 0) continue;
      const t = Math.min(this.cents[l], cents);
      this.cents[l] -= t;
      cents -= t;
      this.flows.add('loaded', this.vintage[l], month, -t);
      this.addGroupLoad(this.vintage[l], month, -t);
    }
    if (cents > 0) this.owe('loaded', cents);
  }
}

/**
 * Replays every card's movements up to `until` under the layer rule, recording the flows by vintage and the
 * cards' states at each snapshot date (ascending or not; each is the end of that business date).
 */
export function replayHistory(
  history: History,
  opts: { until: string; snapshots?: string[]; groupOf?: (card: CardHistory) => string; period?: PeriodLines },
): Replay {
  const start = history.covers?.start ?? opts.until;
  const base = Math.min(monthIndex(start), monthIndex(opts.until));
  const size = monthIndex(opts.until) - base + 1;
  const flows: Record<Instrument, VintageFlows> = { gift_card: new VintageFlows(base, size), store_credit: new VintageFlows(base, size) };
  const deficits: Replay['deficits'] = {
    gift_card: { loaded: 0, redeemed: 0, expired: 0, adjusted: 0 },
    store_credit: { loaded: 0, redeemed: 0, expired: 0, adjusted: 0 },
  };
  const dates = [...new Set(opts.snapshots ?? [])].sort();
  const states: CardState[][] = dates.map(() => []);
  // The period's lines are gathered on the way, from the movements and the snapshots at its opening and closing.
  const period = opts.period;
  const openingAt = period ? dates.indexOf(period.openingDate) : -1;
  const closingAt = period ? dates.indexOf(period.period.end) : -1;
  if (period && (openingAt < 0 || closingAt < 0 || period.period.end !== opts.until)) {
    throw new RangeError('The period lines need snapshots at the day before the period and at its end, the replay ending there');
  }
  const replay = new CardReplay(flows, deficits);
  // Movements fall on a few business dates: each date's month offset is worked out once.
  const offsets = new Map<string, number>();
  const offsetOf = (bdate: string): number => {
    let offset = offsets.get(bdate);
    if (offset === undefined) offsets.set(bdate, (offset = Math.max(0, Math.min(size - 1, monthIndex(bdate) - base))));
    return offset;
  };
  for (let c = 0; c < history.cards.length; c++) {
    const card = history.cards[c];
    replay.start(card, opts.groupOf ? opts.groupOf(card) : null);
    let si = 0;
    // Snapshots taken with no movement between them share one state (states are only read).
    for (let j = 0; j < card.movements.length; j++) {
      const m = card.movements[j];
      if (m.bdate > opts.until) break;
      if (si < dates.length && dates[si] < m.bdate) {
        const now = replay.state();
        while (si < dates.length && dates[si] < m.bdate) states[si++].push(now);
      }
      replay.apply(m, offsetOf(m.bdate));
      if (period) period.movement(card.instrument, m);
    }
    if (si < dates.length) {
      const now = replay.state();
      while (si < dates.length) states[si++].push(now);
    }
    if (period) period.endCard(card.instrument, states[openingAt][states[openingAt].length - 1], states[closingAt][states[closingAt].length - 1]);
  }
  return { base, until: opts.until, flows, snapshots: new Map(dates.map((d, i) => [d, states[i]])), deficits };
}

/** Outstanding value by vintage offset (NO_VINTAGE included) of one instrument's cards in a snapshot. */
export function balancesByVintage(history: History, states: CardState[], instrument: Instrument): Map<number, number> {
  const out = new Map<number, number>();
  history.cards.forEach((c, i) => {
    if (c.instrument !== instrument) return;
    for (const [v, cents] of states[i].layers) out.set(v, (out.get(v) ?? 0) + cents);
  });
  return out;
}
