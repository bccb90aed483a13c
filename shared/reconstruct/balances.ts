// Per card: the opening balance plus every movement counted in the period; the roll-forward's flows; and the
// platform's own closing per card (its last Balance After on or before the period end). Every sum is exact or
// refused (exact-cents.ts), naming the row that took it past the bound.
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Flow, Movement } from '../match/movement';
import { byCodeUnits } from '../order';
import type { CardBalance, Instrument } from '../types';
import { TotalTooLarge, addCents, withinBound, type AmountSource } from '../exact-cents';

export type Flows = Record<Flow, number>;

/** A card's running line; without a card, a line per instrument, last four and order. */
interface Line {
  card: string | null;
  instrument: Instrument;
  value: number;
  /** What last added to the line (a movement, an opening row, a correction of the card): what a total past the bound names. */
  from: From;
  last4?: string;
  order?: string;
}

export interface CardReplay {
  cards: CardBalance[];
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
  const lines = new Map<string, Line>();
  const line = (card: string | null, instrument: Instrument, last4?: string | null, order?: string | null): Line => {
    const k = card ?? `~${instrument}|${last4 ?? ''}|${order ?? ''}`;
    let a = lines.get(k);
    if (!a) {
      a = { card, instrument, value: 0, from: null };
      if (!card) Object.assign(a, { last4: last4 ?? undefined, order: order ?? undefined });
      lines.set(k, a);
    }
    return a;
  };
  // A card's platform balance with no row of its own in the period is what the platform held at the start.
  const openingByCard = new Map<string, number>();
  let openingCents = 0;
  for (const o of opening) {
    const a = line(o.card, o.instrument, o.last4, o.order);
    const value = a.value + o.cents;
    const total = openingCents + o.cents;
    if (!withinBound(value)) throw new TotalTooLarge(`the opening balance of ${cardName(o.card, o.last4, o.order)}`, sourceOf(o));
    if (!withinBound(total)) throw new TotalTooLarge('the opening balances’ total', sourceOf(o));
    a.value = value;
    a.from = o;
    if (o.card) openingByCard.set(o.card, (openingByCard.get(o.card) ?? 0) + (o.platformCents ?? o.cents));
    openingCents = total;
  }
  const flows: Flows = { issued: 0, reloaded: 0, redeemed: 0, refunded: 0, voided: 0, adjusted: 0, expired: 0 };
  for (const m of movements) {
    const c = counted[m.id];
    if (m.card === null && c === 0) continue;
    const a = line(m.card, m.instrument, m.last4, m.order);
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
    const a = line(card, card.startsWith('SC') ? 'store_credit' : 'gift_card');
    a.value = addCents(a.value, adj, () => `the reconstructed balance of card ${card}`, { card });
    a.from = { card };
    flows.adjusted = addCents(flows.adjusted, adj, "the roll-forward's adjusted total", { card });
  }
  const reported = platformClosing(ev, platformRowsByCard, periodEnd, (card, instrument) => line(card, instrument));
  const totals = { closingCents: 0, platformCents: 0, byInstrument: { gift_card: 0, store_credit: 0 } };
  const cards = [...lines.values()].map((a) => {
    const c = cardBalance(a, a.card ? (reported.cents.get(a.card) ?? openingByCard.get(a.card) ?? 0) : 0);
    const row = a.card ? reported.rows.get(a.card) : undefined;
    addToTotals(totals, c, a.from, row);
    return c;
  });
  return { cards: sortCards(cards), flows, openingCents, ...totals };
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
 * The platform's closing per card: its last Balance After on or before the period end (each card's rows come
 * in time order, then row order). Every card the platform knows gets a line (`touch`), even at zero, with the
 * instrument of its first row in the file.
 */
function platformClosing(
  ev: readonly CanonicalEvent[],
  platformRowsByCard: Map<string, number[]>,
  periodEnd: string,
  touch: (card: string, instrument: Instrument) => void,
): { cents: Map<string, number>; rows: Map<string, number> } {
  const reported = new Map<string, number>();
  const rowOf = new Map<string, number>();
  for (const [card, rows] of platformRowsByCard) {
    let first = rows[0];
    for (const i of rows) if (i < first) first = i;
    touch(card, ev[first].instrument ?? 'gift_card');
    for (let k = rows.length - 1; k >= 0; k--) {
      const e = ev[rows[k]];
      if (e.balanceAfter !== null && e.bdate <= periodEnd) {
        reported.set(card, e.balanceAfter);
        rowOf.set(card, rows[k]);
        break;
      }
    }
  }
  return { cents: reported, rows: rowOf };
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
 * Cards by number, then the lines without a card by order, last four and instrument: one sort key each, so
 * that many cards sort with one string comparison per step (a decision re-sorts them). NUL cannot occur in
 * imported text, so it separates the fields and a shorter field sorts first, as comparing them apart would.
 */
function sortCards(cards: CardBalance[]): CardBalance[] {
  const sortKey = (c: CardBalance) => (c.card !== null ? `0${c.card}` : `1${c.order ?? ''}\u0000${c.last_four ?? ''}\u0000${c.instrument}`);
  return cards
    .map((c) => ({ k: sortKey(c), c }))
    .sort((x, y) => byCodeUnits(x.k, y.k))
    .map((x) => x.c);
}
