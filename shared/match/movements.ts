// From linked rows to movements: one movement per real-world change of a card's balance (or per ERP line that
// claims one). Each movement knows what really happened (its true effect and instant) and what the ERP
// recorded for it in the period, so the bridge from the books to the truth is the sum of their differences.
import type { CanonicalEvent } from '../events';
import type { CaseSettings, Instrument } from '../types';
import type { FallbackRule } from './rules';

export type MovementKind =
  | 'platform' // a platform transaction that really happened
  | 'duplicate' // a platform row repeating another (retry)
  | 'storefront_duplicate' // a storefront row repeating another that the platform confirms
  | 'payment_duplicate' // a processor charge repeating another for the same order
  | 'missing_in_platform' // a storefront tender the platform never recorded
  | 'unactivated' // a paid sale never activated
  | 'void_missing' // a voided order whose tender the platform never reversed
  | 'erp_only' // an ERP liability line with no operational counterpart
  | 'batch_residual'; // the part of an ERP batch line no redemption accounts for

export interface Member {
  ev: number;
  /** For ERP lines: the part of the line's effect that belongs to this movement. */
  share: number;
  rule: string;
}

export interface Movement {
  id: number;
  kind: MovementKind;
  anchor: number | null;
  card: string | null;
  instrument: Instrument;
  last4: string | null;
  order: string | null;
  trueEffect: number;
  trueAt: number;
  /** The flow of the roll-forward it belongs to. */
  flow: 'issued' | 'reloaded' | 'redeemed' | 'refunded' | 'voided' | 'adjusted' | 'expired';
  members: Member[];
  /** Linked rows by role, for classification. */
  sale: number | null;
  payments: number[];
  storefrontVoid: number | null;
  erpLines: number[];
  erpDuplicates: number[];
  batchLine: number | null;
  batchOmitted: boolean;
  duplicateOf: number | null;
  /** The card could not be told apart from others with the same last four. */
  ambiguousCard: boolean;
  /** Other cards it could have been, when ambiguous. */
  alternatives?: string[];
}

/** Each rule's candidate pairs (match/rules.ts), but the fallback rules'. */
export interface Pairs {
  erpReference: [number, number][];
  voids: [number, number][];
  storefrontPlatform: [number, number][];
  paymentSale: [number, number][];
  paymentPlatform: [number, number][];
  voidedTender: [number, number][];
}

/**
 * A fallback rule's candidate pairs among the storefront rows no rule has matched and the platform rows no
 * storefront row has taken (event indexes, ascending).
 */
export type FallbackPairs = (rule: FallbackRule, storefront: number[], platform: number[]) => [number, number][];

export interface MatchResult {
  movements: Movement[];
  /** Each card's platform rows, in time order (then row order): for the balance chain as for the matching. */
  platformRowsByCard: Map<string, number[]>;
  /** ERP lines of the opening balance journal. */
  erpOpening: number[];
  byRule: Record<string, number>;
  notes: string[];
}

const RETRY_WINDOW_MS = 10 * 60_000;

/**
 * One-to-one choice among candidate pairs (already ordered nearest first): each side is used once. The taken
 * flags are per event index (1 = taken), as are all the lookups below: at a million events, typed arrays
 * instead of Maps and Sets of indexes take about a third off this step.
 */
function assign(pairs: [number, number][], takenA: Uint8Array, takenB: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (const pair of pairs) {
    const [a, b] = pair;
    if (takenA[a] || takenB[b]) continue;
    takenA[a] = 1;
    takenB[b] = 1;
    out.push(pair);
  }
  return out;
}

/** An index per event, -1 where there is none. */
function noIndex(n: number): Int32Array {
  return new Int32Array(n).fill(-1);
}

export function buildMovements(
  ev: CanonicalEvent[],
  pairs: Pairs,
  fallback: FallbackPairs,
  settings: CaseSettings,
  openingCards: Map<string, Instrument>,
  openingBalance: Map<string, number> = new Map(),
): MatchResult {
  const notes: string[] = [];
  const byRule: Record<string, number> = {};
  const count = (rule: string, n = 1) => (byRule[rule] = (byRule[rule] ?? 0) + n);

  const n = ev.length;
  // Voids take the opposite of what they reverse.
  const voided = new Uint8Array(n);
  for (const [v, p] of pairs.voids) {
    if (voided[v]) continue;
    voided[v] = 1;
    ev[v].effect = -ev[p].effect;
    ev[v].instrument = ev[p].instrument;
    count('void → voided transaction');
  }
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system === 'platform' && e.type === 'void' && !voided[i]) {
      // The voided row is outside the logs: assume it was a redemption (the usual void), and say so.
      e.effect = e.amount;
      notes.push(`Void ${e.key} reverses ${e.ref}, which is not in the platform log; taken as reversing a redemption of ${e.amount} cents.`);
    }
  }

  // Storefront ↔ platform, one to one; then the same identity with a differing amount.
  const sfTaken = new Uint8Array(n);
  const plTakenBySf = new Uint8Array(n);
  const SF_RULES = [
    'identity: order + last four + amount',
    'identity: order + last four (amount differs)',
    'identity: last four + amount + time window',
  ] as const;
  // plToSf: the storefront row matched to a platform row; sfToPl the other way; sfRule which rule matched it.
  const plToSf = noIndex(n);
  const sfToPl = noIndex(n);
  const sfRule = new Uint8Array(n);
  // The fallback rules are asked only about the rows still free: the pairs of the others would all be passed
  // over (assign), so the choice is the same.
  const free = (system: 'storefront' | 'platform', taken: Uint8Array): number[] => {
    const out: number[] = [];
    for (let i = 0; i < n; i++) if (!taken[i] && ev[i].system === system) out.push(i);
    return out;
  };
  const fallbackPairs = (rule: FallbackRule) => fallback(rule, free('storefront', sfTaken), free('platform', plTakenBySf));
  const sfCandidates = [
    () => pairs.storefrontPlatform,
    () => fallbackPairs('storefrontPlatformAmountOff'),
    () => fallbackPairs('storefrontPlatformWindow'),
  ];
  sfCandidates.forEach((candidates, r) => {
    const chosen = assign(candidates(), sfTaken, plTakenBySf);
    count(SF_RULES[r], chosen.length);
    for (const [s, p] of chosen) {
      plToSf[p] = s;
      sfToPl[s] = p;
      sfRule[s] = r;
    }
  });

  // Payments ↔ the sale (storefront) or the platform activation/reload of the same order, one to one: a
  // second charge for one sale is a repeat, not a second payment.
  const payTaken = new Uint8Array(n);
  const saleToPay = noIndex(n);
  for (const [y, s] of assign(pairs.paymentSale, payTaken, new Uint8Array(n))) {
    saleToPay[s] = y;
    count('reference: payment Order ID = storefront Order');
  }
  const plToPay = noIndex(n);
  // Straight to the platform only where no storefront sale already carries the payment (reloads).
  const paidThroughSale = (p: number) => plToSf[p] >= 0 && saleToPay[plToSf[p]] >= 0;
  for (const [y, p] of assign(pairs.paymentPlatform.filter(([, p]) => !paidThroughSale(p)), payTaken, new Uint8Array(n))) {
    plToPay[p] = y;
    count('reference: payment Order ID = platform Order Ref');
  }

  // Platform retries: a second identical row (same card, type, amount, order) minutes after the first, which
  // the storefront does not confirm, is the same event recorded twice.
  const duplicateOf = noIndex(n);
  const platformIdx: number[] = [];
  for (let i = 0; i < n; i++) if (ev[i].system === 'platform') platformIdx.push(i);
  platformIdx.sort((a, b) => ev[a].at - ev[b].at || ev[a].row - ev[b].row);
  const lastByIdentity = new Map<string, number>();
  for (const i of platformIdx) {
    const e = ev[i];
    if (!e.order || e.type === 'void') continue;
    const id = `${e.card}|${e.type}|${e.amount}|${e.order}`;
    const prev = lastByIdentity.get(id);
    if (prev !== undefined && e.at - ev[prev].at <= RETRY_WINDOW_MS) {
      const bothConfirmed = plToSf[prev] >= 0 && plToSf[i] >= 0;
      if (!bothConfirmed) {
        // Keep the confirmed row as the original.
        const [orig, dup] = plToSf[i] >= 0 && plToSf[prev] < 0 ? [i, prev] : [prev, i];
        duplicateOf[dup] = orig;
        lastByIdentity.set(id, orig);
        continue;
      }
    }
    lastByIdentity.set(id, i);
  }

  // ERP lines by what they reference.
  const erpByPlatform = new Map<number, number[]>();
  const erpAssigned = new Uint8Array(n);
  for (const [e, p] of pairs.erpReference) {
    if (erpAssigned[e]) continue;
    erpAssigned[e] = 1;
    const lines = erpByPlatform.get(p);
    if (lines) lines.push(e);
    else erpByPlatform.set(p, [e]);
    count('reference: ERP Reference = platform Transaction ID');
  }
  const erpOpening: number[] = [];
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (e.system !== 'erp' || !e.scope || erpAssigned[i]) continue;
    const journal = e.journal ?? '';
    if (/^OB[-_]/i.test(journal) || (e.channel?.toLowerCase() === 'system' && /opening/i.test(e.memo ?? ''))) {
      erpOpening.push(i);
      erpAssigned[i] = 1;
    }
  }

  const movements: Movement[] = [];
  // A movement's lists start as the one shared empty list and are replaced (concat), never pushed to: they hold
  // one to four items, and V8 gives an array pushed to 17 slots (a spread too). At a million events that was
  // some 150 MB.
  const base = (kind: MovementKind, anchor: number | null, e: CanonicalEvent): Movement => ({
    id: movements.length + 1, kind, anchor, card: e.card, instrument: e.instrument ?? 'gift_card', last4: e.last4,
    order: e.order, trueEffect: e.effect, trueAt: e.at, flow: flowOf(e), members: NONE, sale: null, payments: NONE,
    storefrontVoid: null, erpLines: NONE, erpDuplicates: NONE, batchLine: null, batchOmitted: false, duplicateOf: null,
    ambiguousCard: false,
  });

  for (const i of platformIdx) {
    const e = ev[i];
    const m = base(duplicateOf[i] >= 0 ? 'duplicate' : 'platform', i, e);
    m.members = m.members.concat({ ev: i, share: 0, rule: 'anchor' });
    if (m.kind === 'duplicate') {
      m.duplicateOf = duplicateOf[i];
      m.trueEffect = 0;
      count('duplicate: repeated platform row');
    }
    const s = plToSf[i];
    if (s >= 0) {
      m.members = m.members.concat({ ev: s, share: 0, rule: SF_RULES[sfRule[s]] });
      if (ev[s].type === 'order_voided') m.storefrontVoid = s;
      else m.sale = s;
      const y = saleToPay[s];
      if (y >= 0) {
        m.payments = m.payments.concat(y);
        m.members = m.members.concat({ ev: y, share: 0, rule: 'reference: payment Order ID = storefront Order' });
      }
    }
    const y = plToPay[i];
    if (y >= 0) {
      m.payments = m.payments.concat(y);
      m.members = m.members.concat({ ev: y, share: 0, rule: 'reference: payment Order ID = platform Order Ref' });
    }
    const lines = erpByPlatform.get(i);
    if (lines?.length === 1) {
      m.erpLines = m.erpLines.concat(lines[0]);
      m.members = m.members.concat({ ev: lines[0], share: ev[lines[0]].effect, rule: 'reference: ERP Reference = platform Transaction ID' });
    } else if (lines) {
      // Two ERP journals posting the same amount for one transaction: the second is a double posting.
      const seenAmounts = new Set<number>();
      for (const l of lines) {
        const share = ev[l].effect;
        if (seenAmounts.has(share)) m.erpDuplicates = m.erpDuplicates.concat(l);
        else m.erpLines = m.erpLines.concat(l);
        seenAmounts.add(share);
        m.members = m.members.concat({ ev: l, share, rule: 'reference: ERP Reference = platform Transaction ID' });
      }
    }
    movements.push(m);
  }

  // Daily batch journals: one ERP line for a day's redemptions of an instrument, summing exactly.
  batchMatch(ev, movements, erpAssigned, count, notes);

  // Each card's platform rows in time order: for the card index, the balances below and the balance chain.
  const rowsByCard = new Map<string, number[]>();
  for (const i of platformIdx) {
    const c = ev[i].card!;
    let list = rowsByCard.get(c);
    if (!list) rowsByCard.set(c, (list = []));
    list.push(i);
  }
  // Storefront rows the platform never recorded.
  const cardsByLast4 = indexCards(ev, openingCards, rowsByCard);
  // The platform's own balance of a card just before an instant (its last Balance After, else the opening).
  const balanceAt = (card: string, at: number): number | null => {
    const list = rowsByCard.get(card) ?? [];
    let lo = 0, hi = list.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (ev[list[mid]].at <= at) lo = mid + 1;
      else hi = mid;
    }
    if (lo > 0) return ev[list[lo - 1]].balanceAfter ?? 0;
    return openingCards.has(card) ? (openingBalance.get(card) ?? 0) : null;
  };
  // The lowest the platform says the card held from that instant on: a spend the platform never recorded
  // must fit under all of it, or the card would have gone below zero.
  const lowestFrom = (card: string, at: number): number | null => {
    let low = balanceAt(card, at);
    if (low === null) return null;
    for (const i of rowsByCard.get(card) ?? []) if (ev[i].at > at && ev[i].balanceAfter !== null) low = Math.min(low, ev[i].balanceAfter!);
    return low;
  };
  const voidedTender = new Map<number, number[]>();
  for (const [s, p] of pairs.voidedTender) {
    const tenders = voidedTender.get(s);
    if (tenders) tenders.push(p);
    else voidedTender.set(s, [p]);
  }
  // A storefront or processor row repeating, minutes later, one that is already accounted for: a retry.
  const twinOf = repeatedRows(ev, (i) => (ev[i].system === 'storefront' ? sfTaken[i] === 1 : payTaken[i] === 1));
  for (const [dup, orig] of twinOf) {
    const e = ev[dup];
    const m = base(e.system === 'storefront' ? 'storefront_duplicate' : 'payment_duplicate', null, e);
    Object.assign(m, { card: null, trueEffect: 0, duplicateOf: orig });
    m.members = m.members.concat({ ev: dup, share: 0, rule: 'duplicate: repeated row' });
    const confirmed = e.system === 'storefront' ? sfToPl[orig] : -1;
    if (confirmed >= 0) m.card = ev[confirmed].card;
    movements.push(m);
    count(`duplicate: repeated ${e.system} row`);
  }
  for (let s = 0; s < n; s++) {
    const e = ev[s];
    if (e.system !== 'storefront' || !e.scope || sfTaken[s] || twinOf.has(s)) continue;
    if (e.type === 'order_voided') {
      const tender = (voidedTender.get(s) ?? []).find((p) => duplicateOf[p] < 0);
      if (tender === undefined) {
        notes.push(`Storefront ${e.key}: order ${e.order} was voided but no gift card tender of it is in the platform; nothing to reverse.`);
        continue;
      }
      const t = ev[tender];
      const m = base('void_missing', null, e);
      Object.assign(m, { card: t.card, instrument: t.instrument ?? 'gift_card', trueEffect: -t.effect, flow: 'voided' });
      m.storefrontVoid = s;
      m.members = m.members.concat({ ev: s, share: 0, rule: 'unmatched' }, { ev: tender, share: 0, rule: 'reference: voided order → its tender' });
      movements.push(m);
      continue;
    }
    if (e.type === 'gift_card_sold') {
      const m = base('unactivated', null, e);
      m.card = null;
      m.sale = s;
      m.members = m.members.concat({ ev: s, share: 0, rule: 'unmatched' });
      const y = saleToPay[s];
      if (y >= 0) {
        m.payments = m.payments.concat(y);
        m.members = m.members.concat({ ev: y, share: 0, rule: 'reference: payment Order ID = storefront Order' });
      }
      movements.push(m);
      continue;
    }
    const m = base('missing_in_platform', null, e);
    let candidates = cardsByLast4.get(`${e.instrument}|${e.last4}`) ?? [];
    if (candidates.length > 1) {
      // Several cards end in these four: keep those that existed then and, for a spend, could cover it without
      // any later platform balance of theirs going below zero. Of those, the one whose balance the spend fits
      // most tightly is the likeliest (a spend is at most the balance); the explanation names the others so
      // the auditor can re-allocate.
      const fits = candidates
        .map((card) => ({ card, bal: balanceAt(card, e.at), low: lowestFrom(card, e.at) }))
        .filter((c): c is { card: string; bal: number; low: number } => c.bal !== null && c.low !== null && (e.effect >= 0 || c.low >= e.amount))
        .sort((a, b) => (e.effect < 0 ? a.bal - b.bal : 0) || (a.card < b.card ? -1 : 1));
      if (fits.length > 1) m.alternatives = fits.slice(1).map((c) => c.card);
      candidates = fits.map((c) => c.card);
    }
    m.card = candidates[0] ?? null;
    m.ambiguousCard = candidates.length > 1;
    m.sale = s;
    m.members = m.members.concat({ ev: s, share: 0, rule: 'unmatched' });
    movements.push(m);
  }

  // ERP liability lines that nothing operational accounts for.
  for (let i = 0; i < n; i++) {
    const e = ev[i];
    if (e.system !== 'erp' || !e.scope || erpAssigned[i]) continue;
    const m = base('erp_only', null, e);
    Object.assign(m, { card: null, trueEffect: 0, flow: 'adjusted' });
    m.members = m.members.concat({ ev: i, share: e.effect, rule: 'unmatched' });
    m.erpLines = m.erpLines.concat(i);
    movements.push(m);
  }
  // Cut to their length: a card's list was pushed to.
  for (const [card, rows] of rowsByCard) rowsByCard.set(card, rows.slice());
  return { movements, platformRowsByCard: rowsByCard, erpOpening, byRule, notes };
}

/** The empty list every movement starts with (frozen: a list is replaced, never pushed to). */
const NONE: never[] = Object.freeze([]) as never[];

function flowOf(e: CanonicalEvent): Movement['flow'] {
  switch (e.type) {
    case 'activation':
    case 'gift_card_sold':
    case 'store_credit_issued':
      return 'issued';
    case 'reload':
      return 'reloaded';
    case 'redemption':
    case 'gift_card_applied':
    case 'store_credit_applied':
      return 'redeemed';
    case 'refund':
    case 'gift_card_refunded':
      return 'refunded';
    case 'void':
    case 'order_voided':
      return 'voided';
    case 'expiry':
      return 'expired';
    default:
      return 'adjusted';
  }
}

/** The cards of each instrument and last four: from the opening balances and each card's platform rows. */
function indexCards(ev: CanonicalEvent[], openingCards: Map<string, Instrument>, rowsByCard: Map<string, number[]>): Map<string, string[]> {
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

function batchMatch(
  ev: CanonicalEvent[],
  movements: Movement[],
  erpAssigned: Uint8Array,
  count: (rule: string, n?: number) => void,
  notes: string[],
): void {
  const RULE = 'aggregate: ERP batch line = the day’s platform redemptions';
  // Batch lines grouped by day and instrument.
  const batches = new Map<string, number[]>();
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system !== 'erp' || !e.scope || erpAssigned[i] || e.ref) continue;
    if (!/\bbatch\b/i.test(e.memo ?? '')) continue;
    const day = /(\d{4}-\d{2}-\d{2})/.exec(e.memo ?? '')?.[1] ?? e.bdate;
    const k = `${day}|${e.instrument}`;
    batches.set(k, [...(batches.get(k) ?? []), i]);
  }
  if (batches.size === 0) return;
  const candidates = new Map<string, Movement[]>();
  for (const m of movements) {
    if (m.kind !== 'platform' || m.anchor === null) continue;
    const e = ev[m.anchor];
    if (e.type !== 'redemption' || m.erpLines.length || m.erpDuplicates.length) continue;
    const k = `${e.bdate}|${e.instrument}`;
    if (!batches.has(k)) continue;
    candidates.set(k, [...(candidates.get(k) ?? []), m]);
  }
  for (const [k, lines] of [...batches].sort()) {
    for (const l of lines) erpAssigned[l] = 1;
    const ms = candidates.get(k) ?? [];
    const batchTotal = lines.reduce((a, l) => a - ev[l].effect, 0); // debits: positive redemption total
    const sum = ms.reduce((a, m) => a + ev[m.anchor!].amount, 0);
    // A batch short of the day's redemptions left some out: find the fewest whose amounts make up the gap.
    const omittedSet = new Set<Movement>(sum > batchTotal ? omittedSubset(ms, (m) => ev[m.anchor!].amount, sum - batchTotal) : []);
    // Spread the line(s) over the redemptions they cover; any unexplained rest is a movement of its own.
    const line = lines[0];
    let remaining = -batchTotal;
    for (const m of ms) {
      if (omittedSet.has(m)) {
        m.batchLine = line;
        m.batchOmitted = true;
        continue;
      }
      const share = -ev[m.anchor!].amount;
      m.members = m.members.concat({ ev: line, share, rule: RULE });
      m.batchLine = line;
      remaining -= share;
      count(RULE);
    }
    for (const extra of lines.slice(1)) for (const m of ms) if (!omittedSet.has(m)) m.members = m.members.concat({ ev: extra, share: 0, rule: RULE });
    if (remaining !== 0) {
      const e = ev[line];
      const m: Movement = {
        id: movements.length + 1, kind: 'batch_residual', anchor: null, card: null, instrument: e.instrument ?? 'gift_card',
        last4: null, order: null, trueEffect: 0, trueAt: e.at, flow: 'redeemed', members: [{ ev: line, share: remaining, rule: RULE }],
        sale: null, payments: [], storefrontVoid: null, erpLines: [line], erpDuplicates: [], batchLine: line, batchOmitted: false,
        duplicateOf: null, ambiguousCard: false,
      };
      movements.push(m);
      notes.push(`ERP batch ${ev[line].key} (${k.split('|')[0]}) differs from that day's platform redemptions by ${-remaining} cents.`);
    }
  }
}

/**
 * The smallest set of items whose amounts sum exactly to `gap`; among equally small sets the latest items
 * are preferred, as a late row is the one an integration most often misses. Empty when none fits (or when
 * the search would be too large: the difference then stays an unexplained batch residual).
 */
export function omittedSubset<T>(items: T[], amount: (t: T) => number, gap: number): T[] {
  const order = [...items].reverse();
  const n = order.length;
  if (gap <= 0 || n === 0) return [];
  const single = order.find((t) => amount(t) === gap);
  if (single !== undefined) return [single]; // the usual case, without the search
  if (n * (gap + 1) > 50_000_000) return [];
  // 0/1 subset sum with the fewest items: best[v] is the fewest items summing to v among the first i;
  // took[i][v] records whether item i was used to reach v, so the set can be read back.
  const INF = 0x3fffffff;
  const best = new Int32Array(gap + 1).fill(INF);
  best[0] = 0;
  const took = new Uint8Array(n * (gap + 1));
  for (let i = 0; i < n; i++) {
    const a = amount(order[i]);
    if (a <= 0 || a > gap) continue;
    const row = i * (gap + 1);
    for (let v = gap; v >= a; v--) {
      const via = best[v - a] + 1;
      if (via < best[v]) {
        best[v] = via;
        took[row + v] = 1;
      }
    }
  }
  if (best[gap] >= INF) return [];
  const out: T[] = [];
  let v = gap;
  for (let i = n - 1; i >= 0 && v > 0; i--) {
    if (took[i * (gap + 1) + v]) {
      out.push(order[i]);
      v -= amount(order[i]);
    }
  }
  return v === 0 ? out : [];
}

/**
 * Rows of the storefront (successful tenders) and of the processor (gift card charges) that repeat an
 * accounted-for row of the same system — same order, type, last four and amount, within minutes — while they
 * themselves match nothing: the same event recorded twice. Returns duplicate → original.
 */
function repeatedRows(ev: CanonicalEvent[], accounted: (i: number) => boolean): Map<number, number> {
  // Rows are grouped by order first (a plain string, cheap to hash), then split by the rest of the identity:
  // an order has a handful of rows, and a composite string key built for each of half a million rows cost more.
  const byOrder = new Map<string, number[]>();
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if ((e.system !== 'storefront' && e.system !== 'payments') || !e.scope || !e.order) continue;
    const list = byOrder.get(e.order);
    if (list) list.push(i);
    else byOrder.set(e.order, [i]);
  }
  // [first row of the group, duplicate, original]: reported group by group in the order groups first appear.
  const found: [number, number, number][] = [];
  for (const list of byOrder.values()) {
    if (list.length < 2) continue;
    for (const group of sameIdentity(ev, list)) {
      if (group.length < 2) continue;
      for (const i of group) {
        if (accounted(i)) continue;
        const orig = group.find((j) => j !== i && accounted(j) && Math.abs(ev[j].at - ev[i].at) <= RETRY_WINDOW_MS);
        if (orig !== undefined) found.push([group[0], i, orig]);
      }
    }
  }
  found.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  return new Map(found.map(([, dup, orig]) => [dup, orig]));
}

/** One order's rows split by system, type, last four and amount, each group in row order. */
function sameIdentity(ev: CanonicalEvent[], list: number[]): number[][] {
  const groups = new Map<string, number[]>();
  for (const i of list) {
    const e = ev[i];
    const k = `${e.system}|${e.type}|${e.last4 ?? ''}|${e.amount}`;
    const group = groups.get(k);
    if (group) group.push(i);
    else groups.set(k, [i]);
  }
  return [...groups.values()];
}
