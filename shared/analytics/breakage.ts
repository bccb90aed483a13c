// Breakage under ASC 606-10-55-48 / IFRS 15 B46 (and ASU 2016-04 for prepaid stored-value products), by the
// actuarial development method: vintages of value loaded per month, their cumulative redemptions by age, the
// age-to-age factors, each vintage's ultimate redemption and breakage, the rate less a prudence margin, and the
// breakage recognised in proportion to the redemptions so far. This quarter's breakage is the cumulative figure
// now less the one at the prior quarter end, so a change in estimate is trued up cumulatively. Amounts owed to a
// state under unclaimed property law are never breakage (606-10-55-49): the expected escheat share is left out.
// Every rate is an exact fraction; money is rounded half-even once, per vintage, and totals are sums of those.
import type { Instrument } from '../types';
import type { CardHistory, History } from './history';
import { NO_VINTAGE, type CardState, type Replay, type VintageFlows } from './layers';
import { isMonthEnd, monthEnd, monthIndex, monthLabel, wholeMonthsBetween } from './months';
import { Ratio } from './ratio';

export interface BreakageSettings {
  /** proportional: the development method above; remote: the balance of a card inactive for remoteMonths. */
  method: 'proportional' | 'remote';
  /** Taken off each vintage's breakage rate (a decimal fraction: "0.02" is two percentage points). */
  prudenceMargin: string;
  /** Development beyond the oldest age observed (a factor, "1" for none). */
  tailFactor: string;
  /** Months without owner-initiated activity after which redemption is remote. */
  remoteMonths: number;
  /** The development triangle needs at least this many months of vintages. */
  minVintageMonths: number;
  accounts: { gift_card: string; store_credit: string; revenue: string };
}

export const DEFAULT_BREAKAGE_SETTINGS: BreakageSettings = {
  method: 'proportional', prudenceMargin: '0.02', tailFactor: '1', remoteMonths: 36, minVintageMonths: 24,
  accounts: { gift_card: '2410', store_credit: '2420', revenue: '4050' },
};

/** One line per bad setting, naming it. */
export function checkBreakageSettings(s: BreakageSettings): string[] {
  const errors: string[] = [];
  const margin = Ratio.parse(s.prudenceMargin);
  if (!margin || margin.sign() < 0 || margin.cmp(Ratio.ONE) > 0) errors.push(`breakage.prudenceMargin: must be a decimal from 0 to 1 such as "0.02", got ${JSON.stringify(s.prudenceMargin)}`);
  const tail = Ratio.parse(s.tailFactor);
  if (!tail || tail.cmp(Ratio.ONE) < 0 || tail.cmp(Ratio.of(2)) > 0) errors.push(`breakage.tailFactor: must be a decimal from 1 to 2 such as "1.01", got ${JSON.stringify(s.tailFactor)}`);
  if (!Number.isInteger(s.remoteMonths) || s.remoteMonths < 1 || s.remoteMonths > 600) errors.push(`breakage.remoteMonths: must be a whole number of months from 1 to 600, got ${JSON.stringify(s.remoteMonths)}`);
  if (!Number.isInteger(s.minVintageMonths) || s.minVintageMonths < 2 || s.minVintageMonths > 600) errors.push(`breakage.minVintageMonths: must be a whole number from 2 to 600, got ${JSON.stringify(s.minVintageMonths)}`);
  if (s.method !== 'proportional' && s.method !== 'remote') errors.push(`breakage.method: must be "proportional" or "remote", got ${JSON.stringify(s.method)}`);
  return errors;
}

// ─── the development triangle ───────────────────────────────────────────────────────────────────

export interface Triangle {
  instrument: Instrument;
  valuation_date: string;
  /** Per vintage (oldest first): value loaded, and cumulative net redemptions at ages 0, 1, … months. */
  vintages: { vintage: string; loaded_cents: number; cumulative_redeemed_cents: number[] }[];
  /** f(a) = Σ R_v(a+1) / Σ R_v(a) over the vintages observed at age a+1. */
  factors: { age: number; numerator_cents: number; denominator_cents: number; vintages: number; factor: string; note?: string }[];
  tail: string;
}

interface Development {
  triangle: Triangle;
  /** Exact factors by age, and the product of the factors from each age to the oldest. */
  f: Ratio[];
  fromAge: Ratio[];
  v0: number;
  n: number;
  loaded: number[];
  redeemed: number[][];
}

/** Sums that may pass 2^53 are added as bigint; a figure shown must come back to an exact number. */
function safe(v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${v} cents is beyond exact integer range`);
  return n;
}

/** The triangle of one instrument at month offset `n` (a month end), vintages from offset `v0`. */
export function developmentTriangle(flows: VintageFlows, instrument: Instrument, v0: number, n: number, tail: Ratio): Development {
  const loaded: number[] = [];
  const redeemed: number[][] = [];
  const rows: Triangle['vintages'] = [];
  for (let v = v0; v <= n; v++) {
    const L = flows.upTo('loaded', v, n);
    const cum: number[] = [];
    let r = 0;
    for (let m = v; m <= n; m++) {
      r += flows.redeemed[v * flows.size + m];
      cum.push(r);
    }
    loaded.push(L);
    redeemed.push(cum);
    rows.push({ vintage: monthLabel(flows.base + v), loaded_cents: L, cumulative_redeemed_cents: cum });
  }
  const ages = n - v0;
  const f: Ratio[] = [];
  const factors: Triangle['factors'] = [];
  for (let a = 0; a < ages; a++) {
    let num = 0n;
    let den = 0n;
    let count = 0;
    for (let i = 0; i < redeemed.length; i++) {
      if (redeemed[i].length > a + 1 && loaded[i] > 0) {
        num += BigInt(redeemed[i][a + 1]);
        den += BigInt(redeemed[i][a]);
        count++;
      }
    }
    let factor = Ratio.ONE;
    let note: string | undefined;
    if (den <= 0n || num < 0n) note = 'no redemptions at this age to develop from: factor taken as 1';
    else factor = Ratio.of(num, den);
    f.push(factor);
    factors.push({ age: a, numerator_cents: safe(num), denominator_cents: safe(den), vintages: count, factor: factor.toFixed(6), ...(note ? { note } : {}) });
  }
  const fromAge: Ratio[] = new Array(ages + 1);
  fromAge[ages] = Ratio.ONE;
  for (let a = ages - 1; a >= 0; a--) fromAge[a] = fromAge[a + 1].mul(f[a]);
  return {
    triangle: { instrument, valuation_date: monthEnd(flows.base + n), vintages: rows, factors, tail: tail.toFixed(6) },
    f, fromAge, v0, n, loaded, redeemed,
  };
}

// ─── per vintage ─────────────────────────────────────────────────────────────────────────────────

export interface VintageEstimate {
  vintage: string;
  age_months: number;
  loaded_cents: number;
  redeemed_cents: number;
  /** R_v(now) / L_v. */
  redeemed_share: string;
  /** Π f(k) from the vintage's age to the oldest, times the tail. */
  development: string;
  /** u_v, e_v, b_v = 1 − u_v − e_v, and b*_v = max(0, b_v − margin). */
  ultimate_redemption: string;
  escheat_share: string;
  raw_breakage: string;
  constrained_breakage: string;
  /** B_v = b*_v × L_v × min(1, R_v / (u_v × L_v)), rounded half-even. */
  breakage_to_date_cents: number;
  expired_cents: number;
  /** Breakage revenue to date: the larger of B_v and the balances the platform expired. */
  recognised_to_date_cents: number;
}

interface Rates {
  u: Ratio;
  bStar: Ratio;
}

/** The share of each vintage's loads ultimately owed to states: Σ over claiming states of loads × owed share. */
export type OwedShareOf = (group: string) => Ratio;

function owedShareOfVintage(flows: VintageFlows, v: number, n: number, owedOf: OwedShareOf): Ratio {
  let total = 0n;
  const parts: [string, bigint][] = [];
  for (const g of [...flows.groupLoads.keys()].sort()) {
    const l = BigInt(flows.groupLoadUpTo(g, v, n));
    if (l === 0n) continue;
    parts.push([g, l]);
    total += l;
  }
  if (total <= 0n) return Ratio.ZERO;
  let owed = Ratio.ZERO;
  for (const [g, l] of parts) owed = owed.add(owedOf(g).mul(Ratio.of(l)));
  return owed.div(Ratio.of(total));
}

/** B_v at a month offset, for rates estimated at the same or a later valuation. */
function breakageToDate(rates: Rates, loaded: number, redeemed: number): Ratio {
  if (redeemed <= 0 || loaded <= 0 || rates.bStar.isZero() || rates.u.sign() <= 0) return Ratio.ZERO;
  const expected = rates.u.mul(Ratio.of(loaded));
  const progress = Ratio.min(Ratio.ONE, Ratio.of(redeemed).div(expected));
  return rates.bStar.mul(Ratio.of(loaded)).mul(progress);
}

interface Estimate {
  dev: Development;
  rates: Map<number, Rates>;
  vintages: VintageEstimate[];
  /** Σ b_v L_v / Σ L_v and Σ b*_v L_v / Σ L_v. */
  rawRate: Ratio;
  constrainedRate: Ratio;
}

function estimate(flows: VintageFlows, instrument: Instrument, v0: number, n: number, settings: BreakageSettings, owedOf: OwedShareOf): Estimate {
  const tail = Ratio.parse(settings.tailFactor)!;
  const margin = Ratio.parse(settings.prudenceMargin)!;
  const dev = developmentTriangle(flows, instrument, v0, n, tail);
  const rates = new Map<number, Rates>();
  const vintages: VintageEstimate[] = [];
  let sumL = 0n;
  let sumRaw = Ratio.ZERO;
  let sumConstrained = Ratio.ZERO;
  for (let i = 0; i < dev.loaded.length; i++) {
    const v = v0 + i;
    const L = dev.loaded[i];
    if (L <= 0) continue;
    const age = n - v;
    const R = dev.redeemed[i][age];
    const share = Ratio.of(R, L);
    const development = dev.fromAge[age].mul(tail);
    const u = share.mul(development);
    const e = Ratio.max(Ratio.ZERO, Ratio.ONE.sub(u)).mul(owedShareOfVintage(flows, v, n, owedOf));
    const b = Ratio.ONE.sub(u).sub(e);
    const bStar = Ratio.max(Ratio.ZERO, b.sub(margin));
    rates.set(v, { u, bStar });
    const B = breakageToDate({ u, bStar }, L, R).toCents();
    const X = flows.upTo('expired', v, n); // the same figures recognisedByVintage takes
    vintages.push({
      vintage: monthLabel(flows.base + v), age_months: age, loaded_cents: L, redeemed_cents: R, redeemed_share: share.toFixed(6), development: development.toFixed(6),
      ultimate_redemption: u.toFixed(6), escheat_share: e.toFixed(6), raw_breakage: b.toFixed(6), constrained_breakage: bStar.toFixed(6),
      breakage_to_date_cents: B, expired_cents: X, recognised_to_date_cents: Math.max(B, X),
    });
    sumL += BigInt(L);
    sumRaw = sumRaw.add(b.mul(Ratio.of(L)));
    sumConstrained = sumConstrained.add(bStar.mul(Ratio.of(L)));
  }
  const total = sumL > 0n ? Ratio.of(sumL) : Ratio.ONE;
  return { dev, rates, vintages, rawRate: sumRaw.div(total), constrainedRate: sumConstrained.div(total) };
}

// ─── the quarter ─────────────────────────────────────────────────────────────────────────────────

export interface JournalLine {
  account: string;
  description: string;
  debit_cents: number;
  credit_cents: number;
}

export interface InstrumentBreakage {
  instrument: Instrument;
  method: BreakageSettings['method'];
  /** The triangle, its factors and the per-vintage estimate now (proportional). */
  triangle: Triangle | null;
  vintages: VintageEstimate[];
  /** The per-vintage estimate as it stood at the prior quarter end (null where it could not be made then). */
  prior_vintages: VintageEstimate[] | null;
  /** L-weighted: Σ b_v L_v / Σ L_v (the estimate of ultimate breakage) and the same after the margin. */
  ultimate_breakage_rate: string | null;
  constrained_breakage_rate: string | null;
  /** Cumulative breakage revenue (including balances the platform expired) at the prior quarter end and now. */
  recognised_prior_cents: number;
  recognised_now_cents: number;
  this_period_cents: number;
  /** The part of this period's breakage due to the change in estimate, and the part due to this period's redemptions. */
  change_in_estimate_cents: number | null;
  activity_cents: number | null;
  /** Breakage recognised on value still on the cards (what lowers the liability below the cards' balances). */
  contra_prior_cents: number;
  contra_now_cents: number;
  expired_prior_cents: number;
  expired_now_cents: number;
  /** This period's breakage on value loaded before the period began (for ASC 606-10-50-8). */
  from_opening_cents: number;
  /** Expected redemptions in the next 12 months of the value outstanding, from the curve (null without one). */
  expected_redemptions_12m_cents: number | null;
  journal: JournalLine[];
  notes: string[];
}

export interface BreakageResult {
  method: BreakageSettings['method'];
  settings: BreakageSettings;
  period: { start: string; end: string; prior_end: string };
  /**
   * Each instrument's estimate, both present when the method applies; empty (`{}`) exactly when `unavailable`
   * says why it cannot be applied (the reason is the method's, the same for both instruments).
   */
  by_instrument: Partial<Record<Instrument, InstrumentBreakage>>;
  this_period_cents: number;
  journal: JournalLine[];
  /** Set when the method cannot be applied: why (by_instrument is then empty). */
  unavailable: string | null;
  /** The rules behind the figures, in words, for the workpaper. */
  rules: { attribution: string; rounding: string; expiries: string };
}

export const BREAKAGE_RULES: BreakageResult['rules'] = {
  attribution:
    'Value is attributed to the month it was loaded (activation or reload). Redemptions, expiries and negative adjustments take the oldest value first; a refund or a void giving value back undoes the most recent redemptions first; a void of a load takes the newest value. R_v counts redemptions net of what was given back.',
  rounding:
    'Rates are exact fractions of integers (factors, u_v, e_v, b_v, b*_v); a money figure is the exact product rounded half-to-even once, per vintage; totals are sums of the rounded vintage figures. Rates are shown to six decimals.',
  expiries:
    "A balance the platform expired is breakage revenue when it lapses: per vintage, the breakage recognised to date is the larger of the estimate and what was expired, so none is counted twice.",
};

export interface BreakageContext {
  history: History;
  /** Replayed to the period end, with snapshots at the prior quarter end and the period end. */
  replay: Replay;
  period: { start: string; end: string };
  priorEnd: string;
  /** The claiming group of a card (its state), the same as the replay's groupOf. */
  groupOf: (card: CardHistory) => string;
  /** The share owed to the state, per group and instrument. */
  owedOf: (group: string, instrument: Instrument) => Ratio;
  settings: BreakageSettings;
}

/** The first vintage whose month the history covers whole, as a month offset of the replay. */
export function firstWholeVintage(history: History, replay: Replay): number | null {
  if (!history.covers) return null;
  const start = history.covers.start;
  const first = monthIndex(start) + (start.endsWith('-01') ? 0 : 1);
  return first - replay.base;
}

/** Why the development method cannot be applied at a date, or null when it can. */
export function triangleUnavailable(history: History, replay: Replay, at: string, settings: BreakageSettings): string | null {
  if (!history.covers) return 'there is no history';
  if (!isMonthEnd(at)) return `the valuation date ${at} is not a month end: vintages and ages are whole months`;
  if (history.gaps.length) {
    const g = history.gaps[0];
    return `the history has a gap from ${g.start} to ${g.end}: redemptions in it would be missing from the triangle`;
  }
  const v0 = firstWholeVintage(history, replay)!;
  const n = monthIndex(at) - replay.base;
  const months = n - v0 + 1;
  if (months < settings.minVintageMonths) {
    return `the history gives ${Math.max(0, months)} month(s) of vintages to ${at}; the triangle needs at least ${settings.minVintageMonths} (breakage.minVintageMonths)`;
  }
  return null;
}

function journalFor(instrument: Instrument, amount: number, settings: BreakageSettings, period: { start: string; end: string }): JournalLine[] {
  if (amount === 0) return [];
  const liability = settings.accounts[instrument];
  const what = `${instrument === 'gift_card' ? 'Gift card' : 'Store credit'} breakage ${period.start}..${period.end} (${settings.method})`;
  return amount > 0
    ? [
        { account: liability, description: what, debit_cents: amount, credit_cents: 0 },
        { account: settings.accounts.revenue, description: what, debit_cents: 0, credit_cents: amount },
      ]
    : [
        { account: settings.accounts.revenue, description: `${what}: reversal`, debit_cents: -amount, credit_cents: 0 },
        { account: liability, description: `${what}: reversal`, debit_cents: 0, credit_cents: -amount },
      ];
}

/** Recognised breakage revenue to date per vintage at month offset `m`: max(B_v, expired), B_v from `ratesOf`. */
function recognisedByVintage(flows: VintageFlows, m: number, ratesOf: (v: number) => Rates | undefined, extra?: Map<number, number>): { v: number; cents: number }[] {
  const out: { v: number; cents: number }[] = [];
  if (m < 0) return out;
  out.push({ v: NO_VINTAGE, cents: flows.upTo('expired', NO_VINTAGE, m) + (extra?.get(NO_VINTAGE) ?? 0) });
  for (let v = 0; v <= m; v++) {
    const X = flows.upTo('expired', v, m);
    const rates = ratesOf(v);
    let B = 0;
    if (rates) {
      let R = 0;
      for (let k = v; k <= m; k++) R += flows.redeemed[v * flows.size + k];
      B = breakageToDate(rates, flows.upTo('loaded', v, m), R).toCents();
    }
    // Proportional: the estimate, or what the platform expired if more. Remote: the inactive balances besides.
    out.push({ v, cents: extra ? X + (extra.get(v) ?? 0) : Math.max(B, X) });
  }
  return out;
}

/** Sum over vintages of recognised revenue, and the part on value loaded before the period. */
function splitByOpening(vs: { v: number; cents: number }[], openingVintage: number): { all: number; before: number } {
  let all = 0;
  let before = 0;
  for (const x of vs) {
    all += x.cents;
    if (x.v === NO_VINTAGE || x.v < openingVintage) before += x.cents;
  }
  return { all, before };
}

/** Each card's outstanding layers at a snapshot, newest value dropped first where a deficit lowers the balance. */
function heldLayers(state: CardState): [number, number][] {
  if (state.balance <= 0) return [];
  let over = -state.balance;
  for (const l of state.layers) over += l[1];
  const held: [number, number][] = [];
  // The newest value goes first, as the newest layers are taken back first.
  for (let i = state.layers.length - 1; i >= 0; i--) {
    const vintage = state.layers[i][0];
    let cents = state.layers[i][1];
    if (over > 0) {
      const t = Math.min(cents, over);
      cents -= t;
      over -= t;
    }
    if (cents > 0) held.push([vintage, cents]);
  }
  return held.reverse();
}

/** The remote method at a date: balances of cards inactive for `months`, less what states are owed, by vintage. */
function remoteAt(ctx: BreakageContext, instrument: Instrument, date: string): Map<number, number> {
  const states = ctx.replay.snapshots.get(date)!;
  const covers = ctx.history.covers?.start ?? date;
  const byVintageGroup = new Map<string, { v: number; g: string; cents: number }>();
  ctx.history.cards.forEach((card, i) => {
    if (card.instrument !== instrument) return;
    const st = states[i];
    if (st.balance <= 0) return;
    const since = st.lastOwnerActivity ?? card.carriedSince ?? covers;
    if (wholeMonthsBetween(since, date) < ctx.settings.remoteMonths) return;
    const g = ctx.groupOf(card);
    for (const [v, cents] of heldLayers(st)) {
      const k = `${v}|${g}`;
      const e = byVintageGroup.get(k) ?? { v, g, cents: 0 };
      e.cents += cents;
      byVintageGroup.set(k, e);
    }
  });
  const exact = new Map<number, Ratio>();
  for (const { v, g, cents } of byVintageGroup.values()) {
    const keep = Ratio.ONE.sub(ctx.owedOf(g, instrument));
    exact.set(v, (exact.get(v) ?? Ratio.ZERO).add(keep.mul(Ratio.of(cents))));
  }
  return new Map([...exact].map(([v, r]) => [v, r.toCents()]));
}

function instrumentBreakage(ctx: BreakageContext, instrument: Instrument): InstrumentBreakage {
  const { replay, settings, history } = ctx;
  const flows = replay.flows[instrument];
  const n = monthIndex(ctx.period.end) - replay.base;
  const p = monthIndex(ctx.priorEnd) - replay.base;
  const openingVintage = monthIndex(ctx.period.start) - replay.base;
  const notes: string[] = [];
  const out: InstrumentBreakage = {
    instrument, method: settings.method, triangle: null, vintages: [], prior_vintages: null, ultimate_breakage_rate: null, constrained_breakage_rate: null,
    recognised_prior_cents: 0, recognised_now_cents: 0, this_period_cents: 0, change_in_estimate_cents: null, activity_cents: null,
    contra_prior_cents: 0, contra_now_cents: 0, expired_prior_cents: 0, expired_now_cents: 0, from_opening_cents: 0, expected_redemptions_12m_cents: null,
    journal: [], notes,
  };
  const expiredAt = (m: number) => recognisedByVintage(flows, m, () => undefined).reduce((t, x) => t + x.cents, 0);
  out.expired_now_cents = expiredAt(n);
  out.expired_prior_cents = expiredAt(p);
  const owedOf: OwedShareOf = (g) => ctx.owedOf(g, instrument);

  let nowByVintage: { v: number; cents: number }[];
  let priorByVintage: { v: number; cents: number }[];
  if (settings.method === 'proportional') {
    const v0 = firstWholeVintage(history, replay)!;
    const now = estimate(flows, instrument, v0, n, settings, owedOf);
    out.triangle = now.dev.triangle;
    out.vintages = now.vintages;
    out.ultimate_breakage_rate = now.rawRate.toFixed(6);
    out.constrained_breakage_rate = now.constrainedRate.toFixed(6);
    nowByVintage = recognisedByVintage(flows, n, (v) => now.rates.get(v));
    // The same rates applied to the prior quarter end's loads and redemptions: the cumulative figure had the
    // estimate then been what it is now. Its difference from what was recognised then is the change in estimate.
    const withNowRates = splitByOpening(recognisedByVintage(flows, p, (v) => now.rates.get(v)), openingVintage).all;
    const priorReason = triangleUnavailable(history, replay, ctx.priorEnd, settings);
    if (priorReason === null) {
      const prior = estimate(flows, instrument, v0, p, settings, owedOf);
      out.prior_vintages = prior.vintages;
      priorByVintage = recognisedByVintage(flows, p, (v) => prior.rates.get(v));
      out.change_in_estimate_cents = withNowRates - splitByOpening(priorByVintage, openingVintage).all;
      out.activity_cents = splitByOpening(nowByVintage, openingVintage).all - withNowRates;
    } else {
      priorByVintage = recognisedByVintage(flows, p, (v) => now.rates.get(v));
      notes.push(`No estimate could be made at the prior quarter end (${priorReason}): the breakage recognised then is taken at the current rates, so this period's figure holds no change in estimate.`);
    }
    out.expected_redemptions_12m_cents = expectedRedemptions12m(ctx, instrument, now.dev, settings);
  } else {
    nowByVintage = recognisedByVintage(flows, n, () => undefined, remoteAt(ctx, instrument, ctx.period.end));
    priorByVintage = recognisedByVintage(flows, p, () => undefined, remoteAt(ctx, instrument, ctx.priorEnd));
    if (triangleUnavailable(history, replay, ctx.period.end, settings) === null) {
      const v0 = firstWholeVintage(history, replay)!;
      const dev = developmentTriangle(flows, instrument, v0, n, Ratio.parse(settings.tailFactor)!);
      out.triangle = dev.triangle;
      out.expected_redemptions_12m_cents = expectedRedemptions12m(ctx, instrument, dev, settings);
    }
  }
  const nowSplit = splitByOpening(nowByVintage, openingVintage);
  const priorSplit = splitByOpening(priorByVintage, openingVintage);
  out.recognised_now_cents = nowSplit.all;
  out.recognised_prior_cents = priorSplit.all;
  out.this_period_cents = nowSplit.all - priorSplit.all;
  out.from_opening_cents = nowSplit.before - priorSplit.before;
  out.contra_now_cents = out.recognised_now_cents - out.expired_now_cents;
  out.contra_prior_cents = out.recognised_prior_cents - out.expired_prior_cents;
  out.journal = journalFor(instrument, out.this_period_cents, settings, ctx.period);
  return out;
}

/**
 * Expected redemptions in the next 12 months of the value outstanding at the period end: per vintage, its
 * redemptions so far developed 12 months further along the curve (the tail counted within the year where the
 * year reaches past the oldest age), at most the vintage's balance; value of no vintage is counted as current.
 */
function expectedRedemptions12m(ctx: BreakageContext, instrument: Instrument, dev: Development, settings: BreakageSettings): number {
  const tail = Ratio.parse(settings.tailFactor)!;
  const states = ctx.replay.snapshots.get(ctx.period.end)!;
  const outstanding = new Map<number, number>();
  ctx.history.cards.forEach((c, i) => {
    if (c.instrument !== instrument) return;
    for (const [v, cents] of heldLayers(states[i])) outstanding.set(v, (outstanding.get(v) ?? 0) + cents);
  });
  const ages = dev.n - dev.v0;
  let total = outstanding.get(NO_VINTAGE) ?? 0;
  for (const [v, held] of outstanding) {
    if (v === NO_VINTAGE) continue;
    if (v < dev.v0) {
      total += held; // loaded in a month the history covers only in part: no curve, counted as current
      continue;
    }
    const age = dev.n - v;
    const R = dev.redeemed[v - dev.v0][age];
    let growth = Ratio.ONE;
    for (let k = age; k < Math.min(age + 12, ages); k++) growth = growth.mul(dev.f[k]);
    if (age + 12 >= ages) growth = growth.mul(tail);
    const expected = Ratio.of(R).mul(growth.sub(Ratio.ONE));
    total += Math.min(held, Math.max(0, expected.toCents()));
  }
  return total;
}

/** Breakage for the period, per instrument, with the journal entry; or why it cannot be estimated. */
export function breakageForPeriod(ctx: BreakageContext): BreakageResult {
  const errors = checkBreakageSettings(ctx.settings);
  if (errors.length) throw new RangeError(errors[0]);
  const result: BreakageResult = {
    method: ctx.settings.method, settings: ctx.settings, period: { ...ctx.period, prior_end: ctx.priorEnd },
    by_instrument: {}, this_period_cents: 0, journal: [], unavailable: null, rules: BREAKAGE_RULES,
  };
  if (ctx.settings.method === 'proportional') result.unavailable = triangleUnavailable(ctx.history, ctx.replay, ctx.period.end, ctx.settings);
  else if (!ctx.history.covers) result.unavailable = 'there is no history';
  else {
    const months = wholeMonthsBetween(ctx.history.covers.start, ctx.period.end);
    if (months < ctx.settings.remoteMonths) {
      result.unavailable = `the history covers ${months} month(s) to ${ctx.period.end}; no card can be known to be inactive for ${ctx.settings.remoteMonths} (breakage.remoteMonths)`;
    }
  }
  if (result.unavailable) return result;
  for (const instrument of ['gift_card', 'store_credit'] as const) {
    const b = instrumentBreakage(ctx, instrument);
    result.by_instrument[instrument] = b;
    result.this_period_cents += b.this_period_cents;
    result.journal.push(...b.journal);
  }
  return result;
}

