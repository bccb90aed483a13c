// Per card: the opening balance plus every movement counted in the period; the roll-forward's flows; and the
// platform's own closing per card (its last Balance After on or before the period end).
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Flow, Movement } from '../match/movement';
import { byCodeUnits } from '../order';
import type { CardBalance, Instrument } from '../types';

export type Flows = Record<Flow, number>;

/** A card's running line; without a card, a line per instrument, last four and order. */
interface Line {
  card: string | null;
  instrument: Instrument;
  value: number;
  last4?: string;
  order?: string;
}

export interface CardReplay {
  cards: CardBalance[];
  flows: Flows;
  openingCents: number;
}

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
      a = { card, instrument, value: 0 };
      if (!card) Object.assign(a, { last4: last4 ?? undefined, order: order ?? undefined });
      lines.set(k, a);
    }
    return a;
  };
  // A card's platform balance with no row of its own in the period is what the platform held at the start.
  const openingByCard = new Map<string, number>();
  for (const o of opening) {
    line(o.card, o.instrument, o.last4, o.order).value += o.cents;
    if (o.card) openingByCard.set(o.card, (openingByCard.get(o.card) ?? 0) + (o.platformCents ?? o.cents));
  }
  const flows: Flows = { issued: 0, reloaded: 0, redeemed: 0, refunded: 0, voided: 0, adjusted: 0, expired: 0 };
  for (const m of movements) {
    const c = counted[m.id];
    if (m.card === null && c === 0) continue;
    line(m.card, m.instrument, m.last4, m.order).value += c;
    flows[m.flow] += c;
  }
  for (const [card, adj] of cardAdjust) {
    line(card, card.startsWith('SC') ? 'store_credit' : 'gift_card').value += adj;
    flows.adjusted += adj;
  }
  const reported = platformClosing(ev, platformRowsByCard, periodEnd, (card, instrument) => line(card, instrument));
  const cards = [...lines.values()].map((a) => cardBalance(a, a.card ? (reported.get(a.card) ?? openingByCard.get(a.card) ?? 0) : 0));
  return { cards: sortCards(cards), flows, openingCents: opening.reduce((a, o) => a + o.cents, 0) };
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
): Map<string, number> {
  const reported = new Map<string, number>();
  for (const [card, rows] of platformRowsByCard) {
    let first = rows[0];
    for (const i of rows) if (i < first) first = i;
    touch(card, ev[first].instrument ?? 'gift_card');
    for (let k = rows.length - 1; k >= 0; k--) {
      const e = ev[rows[k]];
      if (e.balanceAfter !== null && e.bdate <= periodEnd) {
        reported.set(card, e.balanceAfter);
        break;
      }
    }
  }
  return reported;
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
