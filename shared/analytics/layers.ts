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

interface Layer {
  vintage: number;
  cents: number;
}

/**
 * Replays every card's movements up to `until` under the layer rule, recording the flows by vintage and the
 * cards' states at each snapshot date (ascending or not; each is the end of that business date).
 */
export function replayHistory(history: History, opts: { until: string; snapshots?: string[]; groupOf?: (card: CardHistory) => string }): Replay {
  const start = history.covers?.start ?? opts.until;
  const base = Math.min(monthIndex(start), monthIndex(opts.until));
  const size = monthIndex(opts.until) - base + 1;
  const flows: Record<Instrument, VintageFlows> = { gift_card: new VintageFlows(base, size), store_credit: new VintageFlows(base, size) };
  const deficits: Replay['deficits'] = {
    gift_card: { loaded: 0, redeemed: 0, expired: 0, adjusted: 0 },
    store_credit: { loaded: 0, redeemed: 0, expired: 0, adjusted: 0 },
  };
  const dates = [...new Set(opts.snapshots ?? [])].sort();
  const snapshots = new Map<string, CardState[]>(dates.map((d) => [d, []]));
  const offset = (bdate: string) => Math.max(0, Math.min(size - 1, monthIndex(bdate) - base));

  for (const card of history.cards) {
    const f = flows[card.instrument];
    const group = opts.groupOf?.(card) ?? '';
    const layers: Layer[] = [];
    /** Redemptions not yet undone: [layer, cents], most recent last. */
    const taken: [Layer, number][] = [];
    /** Value taken beyond what the card held, by what took it, oldest first. */
    const owed: [Measure, number][] = [];
    let lastOwner: string | null = null;
    let firstActivation: string | null = null;
    if (card.carried > 0) layers.push({ vintage: NO_VINTAGE, cents: card.carried });
    else if (card.carried < 0) {
      owed.push(['adjusted', -card.carried]);
      deficits[card.instrument].adjusted += -card.carried;
    }
    let si = 0;

    const snapshot = (date: string) => {
      const balance = layers.reduce((s, l) => s + l.cents, 0) - owed.reduce((s, o) => s + o[1], 0);
      snapshots.get(date)!.push({
        balance, lastOwnerActivity: lastOwner, firstActivation, layers: layers.filter((l) => l.cents !== 0).map((l) => [l.vintage, l.cents]),
      });
    };

    /**
     * Value onto the card settles a deficit first: what was taken before is then of this value's vintage. A
     * refund settling an overdrawn redemption undoes it: neither is a redemption of any vintage.
     */
    const settle = (cents: number, vintage: number, month: number, refund = false): number => {
      while (cents > 0 && owed.length) {
        const o = owed[0];
        const t = Math.min(o[1], cents);
        const lessens = o[0] === 'loaded' || o[0] === 'adjusted';
        if (!(refund && o[0] === 'redeemed')) f.add(o[0], vintage, month, lessens ? -t : t);
        if (o[0] === 'loaded' && opts.groupOf && vintage !== NO_VINTAGE) f.addGroupLoad(group, vintage, month, -t);
        deficits[card.instrument][o[0]] -= t;
        o[1] -= t;
        cents -= t;
        if (o[1] === 0) owed.shift();
      }
      return cents;
    };

    const takeOldest = (cents: number, measure: 'redeemed' | 'expired' | 'adjusted', month: number, undoable: boolean) => {
      for (const l of layers) {
        if (cents === 0) break;
        if (l.cents <= 0) continue;
        const t = Math.min(l.cents, cents);
        l.cents -= t;
        cents -= t;
        f.add(measure, l.vintage, month, measure === 'adjusted' ? -t : t);
        if (undoable) taken.push([l, t]);
      }
      if (cents > 0) {
        owed.push([measure, cents]);
        deficits[card.instrument][measure] += cents;
      }
    };

    const giveBack = (cents: number, month: number) => {
      while (cents > 0 && taken.length) {
        const top = taken[taken.length - 1];
        const t = Math.min(top[1], cents);
        top[0].cents += t;
        f.add('redeemed', top[0].vintage, month, -t);
        top[1] -= t;
        cents -= t;
        if (top[1] === 0) taken.pop();
      }
      // Value back with no redemption of it in the history: a deficit's, or of no known vintage.
      cents = settle(cents, NO_VINTAGE, month, true);
      if (cents > 0) noVintageLayer().cents += cents;
    };

    const noVintageLayer = (): Layer => {
      if (layers[0]?.vintage === NO_VINTAGE) return layers[0];
      const l = { vintage: NO_VINTAGE, cents: 0 };
      layers.unshift(l);
      return l;
    };

    const apply = (m: ValueMovement): void => {
      const month = offset(m.bdate);
      const e = m.effect;
      switch (m.kind) {
        case 'activation':
        case 'reload': {
          if (e <= 0) break;
          f.add('loaded', month, month, e);
          if (opts.groupOf) f.addGroupLoad(group, month, month, e);
          const rest = settle(e, month, month);
          if (rest > 0) {
            const last = layers[layers.length - 1];
            if (last && last.vintage === month) last.cents += rest;
            else layers.push({ vintage: month, cents: rest });
          }
          break;
        }
        case 'redemption':
          takeOldest(-e, 'redeemed', month, true);
          break;
        case 'expiry':
          takeOldest(-e, 'expired', month, false);
          break;
        case 'refund':
          giveBack(e, month);
          break;
        case 'void':
          if (e > 0) giveBack(e, month);
          else if (e < 0) unload(-e, month);
          break;
        case 'adjustment':
          if (e < 0) takeOldest(-e, 'adjusted', month, false);
          else if (e > 0) {
            const rest = settle(e, NO_VINTAGE, month);
            if (rest > 0) {
              const newest = layers.length ? layers[layers.length - 1] : noVintageLayer();
              newest.cents += rest;
              f.add('adjusted', newest.vintage, month, rest);
            }
          }
          break;
      }
    };

    const unload = (cents: number, month: number): void => {
      for (let i = layers.length - 1; i >= 0 && cents > 0; i--) {
        const l = layers[i];
        if (l.cents <= 0) continue;
        const t = Math.min(l.cents, cents);
        l.cents -= t;
        cents -= t;
        f.add('loaded', l.vintage, month, -t);
        if (opts.groupOf && l.vintage !== NO_VINTAGE) f.addGroupLoad(group, l.vintage, month, -t);
      }
      if (cents > 0) {
        owed.push(['loaded', cents]);
        deficits[card.instrument].loaded += cents;
      }
    };

    for (const m of card.movements) {
      if (m.bdate > opts.until) break;
      while (si < dates.length && dates[si] < m.bdate) snapshot(dates[si++]);
      apply(m);
      if (m.kind === 'activation' && firstActivation === null) firstActivation = m.bdate;
      if (m.ownerInitiated) lastOwner = m.bdate;
    }
    while (si < dates.length) snapshot(dates[si++]);
  }
  return { base, until: opts.until, flows, snapshots, deficits };
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
