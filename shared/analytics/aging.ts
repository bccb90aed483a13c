// Aging of the liability at a date: each card's balance by its activation vintage (month) and by the time since
// its owner last used it (months since the last owner-initiated activity), per instrument, with the part whose
// dormancy period under the claiming state's rule runs within the look-ahead.
import type { Instrument } from '../types';
import type { History } from './history';
import type { CardState } from './layers';
import { monthIndex, monthLabel, wholeMonthsBetween } from './months';

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
  for (const b of AGE_BUCKETS) if (months >= b.from && (b.to === null || months < b.to)) return b.key;
  return '0-12';
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
  const rows = new Map<string, AgingRow>();
  const totals: AgingResult['totals'] = {
    gift_card: { cards: 0, balance_cents: 0, reaching_dormancy_cents: 0 },
    store_credit: { cards: 0, balance_cents: 0, reaching_dormancy_cents: 0 },
  };
  let negative = 0;
  let unknown = 0;
  history.cards.forEach((card, i) => {
    const st = states[i];
    if (st.balance === 0) return;
    const vintage = st.firstActivation ? monthLabel(monthIndex(st.firstActivation)) : 'before history';
    let bucket: AgeBucket;
    if (st.lastOwnerActivity) bucket = ageBucket(wholeMonthsBetween(st.lastOwnerActivity, asOf));
    else {
      const atLeast = wholeMonthsBetween(card.carriedSince ?? covers, asOf);
      bucket = atLeast >= 60 ? '60+' : 'unknown';
      if (bucket === 'unknown') unknown++;
    }
    const key = `${card.instrument}|${vintage}|${bucket}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = { instrument: card.instrument, vintage, bucket, cards: 0, balance_cents: 0, reaching_dormancy_cards: 0, reaching_dormancy_cents: 0 }));
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
  const order = (b: AgeBucket) => (b === 'unknown' ? AGE_BUCKETS.length : AGE_BUCKETS.findIndex((x) => x.key === b));
  const sorted = [...rows.values()].sort(
    (a, b) => (a.instrument < b.instrument ? -1 : a.instrument > b.instrument ? 1 : 0) || (a.vintage < b.vintage ? -1 : a.vintage > b.vintage ? 1 : 0) || order(a.bucket) - order(b.bucket),
  );
  const notes: string[] = [];
  if (unknown) notes.push(`${unknown} card(s) show no owner activity since the history began (${covers}): their time since last activity is 'unknown' (less than 60 months is all the history can tell).`);
  if (negative) notes.push(`${negative} card(s) have a balance below zero at ${asOf}; they are counted as they stand.`);
  return { as_of: asOf, buckets: [...AGE_BUCKETS.map((b) => b.key), 'unknown'], rows: sorted, totals, negative_balance_cards: negative, notes };
}
