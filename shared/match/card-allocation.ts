// The card a storefront row the platform never recorded belongs to. The storefront knows only the last four;
// where several cards end in them, the platform's own balances say which could have covered the spend.
import type { CanonicalEvent } from '../events';
import type { Instrument } from '../types';

export interface Allocation {
  card: string | null;
  /** Several cards could have been it. */
  ambiguous: boolean;
  /** The others it could have been, when several could. */
  alternatives: string[] | null;
}

export class CardLedger {
  /** Cards by instrument and last four, each list sorted. */
  private readonly byLast4: Map<string, string[]>;

  constructor(
    private readonly ev: readonly CanonicalEvent[],
    /** Each card's platform rows in time order. */
    private readonly rowsByCard: Map<string, number[]>,
    /** The cards of the opening balances, with their instrument and balance. */
    private readonly openingCards: Map<string, Instrument>,
    private readonly openingCents: Map<string, number>,
  ) {
    this.byLast4 = indexCards(ev, openingCards, rowsByCard);
  }

  /**
   * The card of storefront row `e`. Of several cards ending in its four, those that existed then and, for a
   * spend, could cover it without any later platform balance of theirs going below zero; of those, the one
   * whose balance the spend fits most tightly is the likeliest (a spend is at most the balance), and the
   * others are named so the auditor can re-allocate.
   */
  allocate(e: CanonicalEvent): Allocation {
    const candidates = this.byLast4.get(`${e.instrument}|${e.last4}`) ?? [];
    if (candidates.length <= 1) return { card: candidates[0] ?? null, ambiguous: false, alternatives: null };
    const fits = candidates
      .map((card) => ({ card, bal: this.balanceAt(card, e.at), low: this.lowestFrom(card, e.at) }))
      .filter((c): c is { card: string; bal: number; low: number } => c.bal !== null && c.low !== null && (e.effect >= 0 || c.low >= e.amount))
      .sort((a, b) => (e.effect < 0 ? a.bal - b.bal : 0) || (a.card < b.card ? -1 : 1));
    return {
      card: fits[0]?.card ?? null,
      ambiguous: fits.length > 1,
      alternatives: fits.length > 1 ? fits.slice(1).map((c) => c.card) : null,
    };
  }

  /** The platform's own balance of a card just before an instant (its last Balance After, else the opening). */
  balanceAt(card: string, at: number): number | null {
    const list = this.rowsByCard.get(card) ?? [];
    let lo = 0;
    let hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.ev[list[mid]].at <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) return this.ev[list[lo - 1]].balanceAfter ?? 0;
    return this.openingCards.has(card) ? (this.openingCents.get(card) ?? 0) : null;
  }

  /** The lowest the platform says the card held from that instant on: a spend must fit under all of it. */
  lowestFrom(card: string, at: number): number | null {
    let low = this.balanceAt(card, at);
    if (low === null) return null;
    for (const i of this.rowsByCard.get(card) ?? []) if (this.ev[i].at > at && this.ev[i].balanceAfter !== null) low = Math.min(low, this.ev[i].balanceAfter!);
    return low;
  }
}

/** Each card's platform rows, in the order of `rows` (time order). */
export function rowsByCard(ev: readonly CanonicalEvent[], rows: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  for (const i of rows) {
    const c = ev[i].card!;
    let list = out.get(c);
    if (!list) out.set(c, (list = []));
    list.push(i);
  }
  // Cut to their length: a list pushed to holds more slots than items.
  for (const [card, list] of out) out.set(card, list.slice());
  return out;
}

/** The cards of each instrument and last four: from the opening balances and each card's platform rows. */
function indexCards(ev: readonly CanonicalEvent[], openingCards: Map<string, Instrument>, rowsByCard: Map<string, number[]>): Map<string, string[]> {
  const out = new Map<string, Set<string>>();
  const add = (card: string, inst: Instrument) => {
    const k = `${inst}|${card.slice(-4)}`;
    let s = out.get(k);
    if (!s) out.set(k, (s = new Set()));
    s.add(card);
  };
  for (const [card, inst] of openingCards) add(card, inst);
  // A card's rows mostly share its instrument: a key is built once per card and instrument, not per row.
  for (const [card, rows] of rowsByCard) {
    let last: Instrument | null = null;
    for (const i of rows) {
      const inst = ev[i].instrument ?? 'gift_card';
      if (inst === last) continue;
      last = inst;
      add(card, inst);
    }
  }
  return new Map([...out].map(([k, s]) => [k, [...s].sort()]));
}
