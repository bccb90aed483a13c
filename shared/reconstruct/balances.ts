// Per card: the opening balance plus every movement counted in the period; the roll-forward's flows; and the
// platform's own closing per card (its last Balance After on or before the period end). Every sum is exact or
// refused (exact-cents.ts), naming the row that took it past the bound.
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Flow, Movement } from '../match/movement';
import { byCodeUnits } from '../order';
import { lineKey } from './card-history';
import type { CardBalance, Instrument } from '../types';
import { TotalTooLarge, addCents, withinBound, type AmountSource } from '../exact-cents';

export type Flows = Record<Flow, number>;

/** A card's running line; without a card, a line per instrument, last four and order. */
class Line {
  value = 0;
  /** What last added to the line (a movement, an opening row, a correction of the card): what a total past the bound names. */
  from: From = null;
  /** The platform's closing balance of the card and its row (platformClosing), if it has one. */
  platformCents: number | undefined = undefined;
  platformRow: number | undefined = undefined;
  /** The platform's balance at the start, from the opening balances (a card with no platform row in the period keeps it). */
  platformOpeningCents: number | undefined = undefined;
  /** What the opening balances put on the line (the Balances sheet's first column). */
  openingCents = 0;
  /** The line as report.json gives it, once every total is in. */
  balance: CardBalance | null = null;
  constructor(
    /** Its place among the lines, in the order they were made. */
    readonly index: number,
    readonly card: string | null,
    readonly instrument: Instrument,
    readonly last4: string | undefined,
    readonly order: string | undefined,
  ) {}
}

/** The liability's lines by their key (lineKey), each made when first added to, in that order. */
class Lines {
  private readonly byKey = new Map<string, Line>();
  of(card: string | null, instrument: Instrument, last4?: string | null, order?: string | null): Line {
    const k = card ?? lineKey(null, instrument, last4, order);
    let a = this.byKey.get(k);
    if (a === undefined) {
      const index = this.byKey.size;
      a = card ? new Line(index, card, instrument, undefined, undefined) : new Line(index, card, instrument, last4 ?? undefined, order ?? undefined);
      this.byKey.set(k, a);
    }
    return a;
  }
  get count(): number {
    return this.byKey.size;
  }
  all(): IterableIterator<Line> {
    return this.byKey.values();
  }
}

/**
 * The line (lineKey) each opening row and each movement was added to, by its place in the lines' making order:
 * what reads the same movements again per line (the close analytics) takes them from here rather than
 * looking every one up by its key. -1 for a movement on no line (one without a card that counted nothing).
 */
export interface LineIndex {
  count: number;
  /** By opening row (its index in the opening balances). */
  ofOpening: Int32Array;
  /** By movement id. */
  ofMovement: Int32Array;
}

export interface CardReplay {
  cards: CardBalance[];
  /** Each card line's opening balance, in the order of `cards`. */
  openings: Float64Array;
  lines: LineIndex;
  flows: Flows;
  openingCents: number;
  /** Σ cards' reconstructed balances, Σ the platform's, and the reconstructed by instrument. */
  closingCents: number;
  platformCents: number;
  byInstrument: Record<Instrument, number>;
}

type From = Movement | OpeningBalance | { card: string } | null;

/** The row a movement stands for (its platform row, else its first), an opening balance's row, a card. */
export function sourceOf(from: From): AmountSource | null {
  if (!from) return null;
  if ('members' in from) {
    const event = from.anchor ?? from.members[0]?.event;
    return event === undefined ? null : { event };
  }
  if ('row' in from) return { openingRow: from.row, cents: from.cents };
  return { card: from.card };
}

const cardName = (card: string | null, last4?: string | null, order?: string | null) =>
  card ? `card ${card}` : `the card ending ${last4 ?? '(unknown)'}${order ? ` on order ${order}` : ''}`;

export function cardBalances(
  ev: readonly CanonicalEvent[],
  movements: readonly Movement[],
  counted: Float64Array,
  opening: readonly OpeningBalance[],
  cardAdjust: Map<string, number>,
  platformRowsByCard: Map<string, number[]>,
  periodEnd: string,
): CardReplay {
  const lines = new Lines();
  const ofOpening = new Int32Array(opening.length);
  const ofMovement = new Int32Array(counted.length).fill(-1);
  let openingCents = 0;
  for (let j = 0; j < opening.length; j++) {
    const o = opening[j];
    const a = lines.of(o.card, o.instrument, o.last4, o.order);
    ofOpening[j] = a.index;
    const value = a.value + o.cents;
    const total = openingCents + o.cents;
    if (!withinBound(value)) throw new TotalTooLarge(`the opening balance of ${cardName(o.card, o.last4, o.order)}`, sourceOf(o));
    if (!withinBound(total)) throw new TotalTooLarge('the opening balances’ total', sourceOf(o));
    a.value = value;
    a.openingCents = value;
    a.from = o;
    // A card's platform balance with no row of its own in the period is what the platform held at the start.
    if (o.card) a.platformOpeningCents = (a.platformOpeningCents ?? 0) + (o.platformCents ?? o.cents);
    openingCents = total;
  }
  const flows: Flows = { issued: 0, reloaded: 0, redeemed: 0, refunded: 0, voided: 0, adjusted: 0, expired: 0 };
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i];
    const c = counted[m.id];
    if (m.card === null && c === 0) continue;
    const a = lines.of(m.card, m.instrument, m.last4, m.order);
    ofMovement[m.id] = a.index;
    // Checked inline: this loop runs over every movement on every decision.
    const value = a.value + c;
    const flow = flows[m.flow] + c;
    if (!withinBound(value)) throw new TotalTooLarge(`the reconstructed balance of ${cardName(m.card, m.last4, m.order)}`, sourceOf(m));
    if (!withinBound(flow)) throw new TotalTooLarge(`the roll-forward's ${m.flow} total`, sourceOf(m));
    a.value = value;
    if (c !== 0) a.from = m;
    flows[m.flow] = flow;
  }
  for (const [card, adj] of cardAdjust) {
    const a = lines.of(card, card.startsWith('SC') ? 'store_credit' : 'gift_card');
    a.value = addCents(a.value, adj, () => `the reconstructed balance of card ${card}`, { card });
    a.from = { card };
    flows.adjusted = addCents(flows.adjusted, adj, "the roll-forward's adjusted total", { card });
  }
  platformClosing(ev, platformRowsByCard, periodEnd, lines);
  const totals = { closingCents: 0, platformCents: 0, byInstrument: { gift_card: 0, store_credit: 0 } };
  const numbered: Line[] = [];
  const cardless: Line[] = [];
  for (const a of lines.all()) {
    a.balance = cardBalance(a, a.card ? (a.platformCents ?? a.platformOpeningCents ?? 0) : 0);
    addToTotals(totals, a.balance, a.from, a.card ? a.platformRow : undefined);
    (a.card !== null ? numbered : cardless).push(a);
  }
  const sorted = sortLines(numbered, cardless);
  return {
    cards: sorted.map((a) => a.balance!),
    openings: Float64Array.from(sorted, (a) => a.openingCents),
    lines: { count: lines.count, ofOpening, ofMovement },
    flows,
    openingCents,
    ...totals,
  };
}

/** One card's balances into the totals over every card (checked inline: a decision makes them again). */
function addToTotals(
  t: Pick<CardReplay, 'closingCents' | 'platformCents' | 'byInstrument'>,
  c: CardBalance,
  from: From,
  platformRow: number | undefined,
): void {
  const closing = t.closingCents + c.reconstructed_cents;
  const instrument = t.byInstrument[c.instrument] + c.reconstructed_cents;
  const platform = t.platformCents + c.platform_reported_cents;
  if (!withinBound(closing)) throw new TotalTooLarge('the reconstructed closing liability', sourceOf(from));
  if (!withinBound(instrument)) throw new TotalTooLarge(`the reconstructed ${c.instrument.replace('_', ' ')} total`, sourceOf(from));
  if (!withinBound(platform))
    throw new TotalTooLarge("the platform's closing total", platformRow === undefined ? sourceOf(from) : { event: platformRow, balance: true });
  t.closingCents = closing;
  t.byInstrument[c.instrument] = instrument;
  t.platformCents = platform;
}

/**
 * The platform's closing per card, onto its line: its last Balance After on or before the period end (each
 * card's rows come in time order, then row order). Every card the platform knows gets a line, even at zero,
 * with the instrument of its first row in the file.
 */
function platformClosing(ev: readonly CanonicalEvent[], platformRowsByCard: Map<string, number[]>, periodEnd: string, lines: Lines): void {
  platformRowsByCard.forEach((rows, card) => {
    let first = rows[0];
    for (let k = 1; k < rows.length; k++) if (rows[k] < first) first = rows[k];
    const line = lines.of(card, ev[first].instrument ?? 'gift_card');
    for (let k = rows.length - 1; k >= 0; k--) {
      const e = ev[rows[k]];
      if (e.balanceAfter !== null && e.bdate <= periodEnd) {
        line.platformCents = e.balanceAfter;
        line.platformRow = rows[k];
        break;
      }
    }
  });
}

function cardBalance(a: Line, platformCents: number): CardBalance {
  const c: CardBalance = { card: a.card, instrument: a.instrument, reconstructed_cents: a.value, platform_reported_cents: platformCents };
  if (!a.card) {
    if (a.last4) c.last_four = a.last4;
    if (a.order) c.order = a.order;
  }
  return c;
}

/**
 * Lines of a card by its number, then the lines without a card by order, last four and instrument (a shorter
 * field first, as comparing them apart does). A decision re-sorts them.
 */
function sortLines(numbered: Line[], cardless: Line[]): Line[] {
  const sorted = sortByNumber(numbered);
  if (cardless.length) for (const a of cardless.sort(byOrderLastFourInstrument)) sorted.push(a);
  return sorted;
}

/** Units of a card number packed into each key: 7 units of 7 bits stay within 2^49, an exact number. */
const UNITS_PER_KEY = 7;
const KEYS_PER_CARD = 3;

/**
 * Cards in the order of their numbers' UTF-16 code units. Each number is packed into three numbers that compare
 * as the texts do (its units plus one, base 128, zero past its end: a shorter number first), so that sorting
 * many cards compares numbers, not texts scattered over the heap. A number that does not pack (longer than 21
 * units, or beyond ASCII) has the cards sorted by their texts instead.
 */
function sortByNumber(cards: Line[]): Line[] {
  const keys = new Float64Array(cards.length * KEYS_PER_CARD);
  for (let i = 0; i < cards.length; i++) if (!packNumber(cards[i].card!, keys, i * KEYS_PER_CARD)) return cards.sort(byCard);
  const order = Array.from({ length: cards.length }, (_, i) => i);
  order.sort((a, b) => {
    const x = a * KEYS_PER_CARD;
    const y = b * KEYS_PER_CARD;
    return keys[x] - keys[y] || keys[x + 1] - keys[y + 1] || keys[x + 2] - keys[y + 2];
  });
  return order.map((i) => cards[i]);
}

/** Packs `card` into keys[at…at+2]; false when it does not fit. */
function packNumber(card: string, keys: Float64Array, at: number): boolean {
  if (card.length > UNITS_PER_KEY * KEYS_PER_CARD) return false;
  for (let k = 0; k < KEYS_PER_CARD; k++) {
    let key = 0;
    for (let j = k * UNITS_PER_KEY; j < (k + 1) * UNITS_PER_KEY; j++) {
      const digit = j < card.length ? card.charCodeAt(j) + 1 : 0;
      if (digit > 127) return false;
      key = key * 128 + digit;
    }
    keys[at + k] = key;
  }
  return true;
}

function byCard(a: Line, b: Line): number {
  return byCodeUnits(a.card!, b.card!);
}

function byOrderLastFourInstrument(a: Line, b: Line): number {
  return byCodeUnits(a.order ?? '', b.order ?? '') || byCodeUnits(a.last4 ?? '', b.last4 ?? '') || byCodeUnits(a.instrument, b.instrument);
}
