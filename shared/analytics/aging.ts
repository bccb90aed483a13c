// Aging of the liability at a date: each card's balance by its activation vintage (month) and by the time since
// its owner last used it (months since the last owner-initiated activity), per instrument, with the part whose
// dormancy period under the claiming state's rule runs within the look-ahead.
import type { Instrument } from '../types';
import type { History } from './history';
import type { CardState } from './layers';
import { monthIndex, monthLabel, wholeMonthsTo } from './months';

export const AGE_BUCKETS = [
  { key: '0-12', from: 0, to: 12 },
  { key: '12-24', from: 12, to: 24 },
  { key: '24-36', from: 24, to: 36 },
  { key: '36-60', from: 36, to: 60 },
  { key: '60+', from: 60, to: null },
] as const;

/** Months since the last owner activity, or 'unknown' where the history shows none and began too recently to tell. */
export type AgeBucket = (typeof AGE_BUCKETS)[number]['key'] | 'unknown';

export function ageBucket(months: number): AgeBucket {
  return BUCKET_KEYS[bucketOf(months)];
}

/** The buckets in order, 'unknown' last; a bucket is its index here. */
const BUCKET_KEYS: readonly AgeBucket[] = [...AGE_BUCKETS.map((b) => b.key), 'unknown'];
const BUCKET_60_PLUS = BUCKET_KEYS.indexOf('60+');
const UNKNOWN = BUCKET_KEYS.indexOf('unknown');
/** The vintage of a card with no activation in the history. */
const NO_ACTIVATION = -1;

function bucketOf(months: number): number {
  for (let i = 0; i < AGE_BUCKETS.length; i++) {
    const b = AGE_BUCKETS[i];
    if (months >= b.from && (b.to === null || months < b.to)) return i;
  }
  return 0;
}

export interface AgingRow {
  instrument: Instrument;
  /** Month of the card's first activation, or 'before history'. */
  vintage: string;
  bucket: AgeBucket;
  cards: number;
  balance_cents: number;
  /** Balances (face value) whose dormancy period runs within the look-ahead. */
  reaching_dormancy_cards: number;
  reaching_dormancy_cents: number;
}

export interface AgingResult {
  as_of: string;
  buckets: readonly string[];
  rows: AgingRow[];
  totals: Record<Instrument, { cards: number; balance_cents: number; reaching_dormancy_cents: number }>;
  /** Cards whose balance is below zero (counted in the rows: they lower the liability). */
  negative_balance_cards: number;
  notes: string[];
}

/**
 * Every card with a balance other than zero at `asOf`. A card with no owner activity in the history has been
 * inactive at least since the history began (or since the balance it carried in was first seen): it is in
 * '60+' when that bound reaches 60 months, and 'unknown' otherwise.
 */
export function agingAt(history: History, states: CardState[], asOf: string, reachesDormancy: (cardIndex: number) => boolean = () => false): AgingResult {
  const covers = history.covers?.start ?? asOf;
  // Rows by instrument, then by activation month (NO_ACTIVATION for none) and bucket: no key is made per card.
  const rows: Record<Instrument, Map<number, AgingRow[]>> = { gift_card: new Map(), store_credit: new Map() };
  const totals: AgingResult['totals'] = {
    gift_card: { cards: 0, balance_cents: 0, reaching_dormancy_cents: 0 },
    store_credit: { cards: 0, balance_cents: 0, reaching_dormancy_cents: 0 },
  };
  const monthsTo = wholeMonthsTo(asOf);
  let negative = 0;
  let unknown = 0;
  history.cards.forEach((card, i) => {
    const st = states[i];
    if (st.balance === 0) return;
    const month = st.firstActivation ? monthIndex(st.firstActivation) : NO_ACTIVATION;
    let bucket: number;
    if (st.lastOwnerActivity) bucket = bucketOf(monthsTo(st.lastOwnerActivity));
    else {
      bucket = monthsTo(card.carriedSince ?? covers) >= 60 ? BUCKET_60_PLUS : UNKNOWN;
      if (bucket === UNKNOWN) unknown++;
    }
    let byBucket = rows[card.instrument].get(month);
    if (!byBucket) rows[card.instrument].set(month, (byBucket = []));
    let r = byBucket[bucket];
    if (!r) {
      const vintage = month === NO_ACTIVATION ? 'before history' : monthLabel(month);
      byBucket[bucket] = r = { instrument: card.instrument, vintage, bucket: BUCKET_KEYS[bucket], cards: 0, balance_cents: 0, reaching_dormancy_cards: 0, reaching_dormancy_cents: 0 };
    }
    r.cards++;
    r.balance_cents += st.balance;
    const t = totals[card.instrument];
    t.cards++;
    t.balance_cents += st.balance;
    if (st.balance < 0) negative++;
    if (st.balance > 0 && reachesDormancy(i)) {
      r.reaching_dormancy_cards++;
      r.reaching_dormancy_cents += st.balance;
      t.reaching_dormancy_cents += st.balance;
    }
  });
  const all: AgingRow[] = [];
  for (const instrument of ['gift_card', 'store_credit'] as const) for (const byBucket of rows[instrument].values()) for (const r of byBucket) if (r) all.push(r);
  const order = (b: AgeBucket) => BUCKET_KEYS.indexOf(b);
  const sorted = all.sort(
    (a, b) => (a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : 0) || (a.vintage < b.vintage ? -1 : a.vintage > b.vintage ? 1 : 0) || order(a.bucket) - order(b.bucket),
  );
  const notes: string[] = [];
  if (unknown) notes.push(`${unknown} card(s) show no owner activity since the history began (${covers}): their time since last activity is 'unknown' (less than 60 months is all the history can tell).`);
  if (negative) notes.push(`${negative} card(s) have a balance below zero at ${asOf}; they are counted as they stand.`);
  return { as_of: asOf, buckets: [...AGE_BUCKETS.map((b) => b.key), 'unknown'], rows: sorted, totals, negative_balance_cards: negative, notes };
}
