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
  /** Cards by their last four; made when first asked (many quarters never ask). */
  private byLast4: CardsByLastFour | null = null;

  constructor(
    private readonly ev: readonly CanonicalEvent[],
    /** Each card's platform rows in time order. */
    private readonly rowsByCard: Map<string, number[]>,
    /** The cards of the opening balances, with their instrument and balance. */
    private readonly openingCards: Map<string, Instrument>,
    private readonly openingCents: Map<string, number>,
  ) {}

  /**
   * The card of storefront row `e`. Of several cards ending in its four, those that existed then and, for a
   * spend, could cover it without any later platform balance of theirs going below zero; of those, the one
   * whose balance the spend fits most tightly is the likeliest (a spend is at most the balance), and the
   * others are named so the auditor can re-allocate.
   */
  allocate(e: CanonicalEvent): Allocation {
    const candidates = this.cardsEnding(e.instrument, e.last4);
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

  /** The cards of `instrument` ending in `last4`, sorted. */
  private cardsEnding(instrument: Instrument | null, last4: string | null): string[] {
    if (instrument === null || last4 === null) return [];
    this.byLast4 ??= new CardsByLastFour(this.openingCards, this.rowsByCard);
    const key = last4.length === 4 ? lastFourKey(last4) : last4;
    return this.byLast4.get(key).filter((card) => this.isOf(card, instrument));
  }

  /** Whether a card is of an instrument: as the opening balances or any of its platform rows say (gift card if none does). */
  private isOf(card: string, instrument: Instrument): boolean {
    if (this.openingCards.get(card) === instrument) return true;
    for (const i of this.rowsByCard.get(card) ?? []) if ((this.ev[i].instrument ?? 'gift_card') === instrument) return true;
    return false;
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

/**
 * Each card's platform rows, in the order of `rows` (time order). Each row's card is looked up once, in the map
 * returned, which holds the card's number until its list is made at its final length (an array pushed to holds
 * more slots than items).
 */
export function rowsByCard(ev: readonly CanonicalEvent[], rows: readonly number[]): Map<string, number[]> {
  const out = new Map<string, number | number[]>();
  const cardOf = new Int32Array(rows.length);
  const counts: number[] = [];
  for (let k = 0; k < rows.length; k++) {
    const card = ev[rows[k]].card!;
    let n = out.get(card) as number | undefined;
    if (n === undefined) {
      n = counts.length;
      out.set(card, n);
      counts.push(0);
    }
    cardOf[k] = n;
    counts[n]++;
  }
  const lists: number[][] = new Array(counts.length);
  for (let n = 0; n < counts.length; n++) lists[n] = new Array<number>(counts[n]);
  const filled = new Int32Array(counts.length);
  for (let k = 0; k < rows.length; k++) {
    const n = cardOf[k];
    lists[n][filled[n]++] = rows[k];
  }
  // A key's value replaced keeps its place: the cards stay in the order of their first rows.
  out.forEach((n, card) => out.set(card, lists[n as number]));
  return out as Map<string, number[]>;
}

/**
 * The cards of the opening balances and of the platform's rows by their last four (lastFourKey). The cards are
 * grouped once, by a counting sort on the number their last four read; a group is sorted (and a card in both
 * lists kept once) only when asked for: a quarter asks for a few of the ten thousand.
 */
class CardsByLastFour {
  private readonly cards: string[];
  /** The cards whose last four are digits, group by group: those reading d are cards[order[start[d]]…order[start[d + 1] - 1]]. */
  private readonly start = new Int32Array(10_001);
  private readonly order: Int32Array;
  /** The cards whose last four are not four digits, by that text. */
  private readonly others = new Map<string, string[]>();
  /** Each group asked for, sorted, each card once. */
  private readonly asked = new Map<number | string, string[]>();

  constructor(openingCards: Map<string, Instrument>, rowsByCard: Map<string, number[]>) {
    const cards = (this.cards = [...openingCards.keys(), ...rowsByCard.keys()]);
    const keys = new Int32Array(cards.length);
    const counts = new Int32Array(10_000);
    for (let c = 0; c < cards.length; c++) {
      const key = lastFourKey(cards[c]);
      if (typeof key === 'number') counts[(keys[c] = key)]++;
      else {
        keys[c] = -1;
        const group = this.others.get(key);
        if (group) group.push(cards[c]);
        else this.others.set(key, [cards[c]]);
      }
    }
    for (let d = 0; d < 10_000; d++) this.start[d + 1] = this.start[d] + counts[d];
    const filled = this.start.slice(0, 10_000);
    this.order = new Int32Array(this.start[10_000]);
    for (let c = 0; c < cards.length; c++) if (keys[c] >= 0) this.order[filled[keys[c]]++] = c;
  }

  /** The cards ending in `key`, sorted. */
  get(key: number | string): string[] {
    let group = this.asked.get(key);
    if (group) return group;
    if (typeof key === 'number') {
      group = [];
      for (let k = this.start[key]; k < this.start[key + 1]; k++) group.push(this.cards[this.order[k]]);
    } else group = this.others.get(key)?.slice() ?? [];
    group = group.sort().filter((card, k, all) => k === 0 || card !== all[k - 1]);
    this.asked.set(key, group);
    return group;
  }
}

/**
 * The last four characters of a card number as a map key: four digits (nearly every card) as the number they
 * read, with no string made for each card; anything else as the text itself. Two cards end alike exactly when
 * their keys are equal.
 */
function lastFourKey(card: string): number | string {
  if (card.length < 4) return card;
  let key = 0;
  for (let k = card.length - 4; k < card.length; k++) {
    const digit = card.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return card.slice(-4);
    key = key * 10 + digit;
  }
  return key;
}
