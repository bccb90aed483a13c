// ERP daily batch journals: one ERP line for a day's platform redemptions of an instrument, which must sum to
// it exactly. When the batch is short, the one set of the fewest redemptions whose amounts make up the gap is
// the one it left out. Where several sets fit, which redemptions it left out cannot be told from the totals:
// none is picked, the difference stays on the batch line with the sets found, and the reviewer chooses. Any
// other difference is a residual of its own.
import type { CanonicalEvent } from '../events';
import { newMember, newMovement, type BatchOmission, type BatchResidual, type Member } from './movement';
import { rowsBySystem } from './one-to-one';
import type { RuleCounts } from './rule-ids';

/** How a batch line covers one platform redemption. */
export interface BatchCover {
  line: number;
  /** The batch leaves this redemption out: it has no share of the line. */
  omitted: boolean;
  /** The members it adds to the redemption's movement: the line with its share, then the batch's other lines. */
  members: Member[];
}

export interface BatchMatch {
  /** Per platform redemption the batches cover. */
  cover: Map<number, BatchCover>;
  /** Every batch line, matched or not. */
  lines: number[];
  residuals: BatchResidual[];
  linked: RuleCounts;
  notes: string[];
}

/** The day a batch line is for: the date its memo names, else its posting date. */
function batchDay(e: CanonicalEvent): string {
  return /(\d{4}-\d{2}-\d{2})/.exec(e.memo ?? '')?.[1] ?? e.bdate;
}

/** Batch lines (unassigned liability lines with no Reference whose memo says batch) by day and instrument. */
function batchLines(ev: readonly CanonicalEvent[], assigned: Uint8Array, erpRows: readonly number[]): Map<string, number[]> {
  const batches = new Map<string, number[]>();
  for (let r = 0; r < erpRows.length; r++) {
    const i = erpRows[r];
    const e = ev[i];
    if (!e.scope || assigned[i] || e.ref || !/\bbatch\b/i.test(e.memo ?? '')) continue;
    const k = `${batchDay(e)}|${e.instrument}`;
    const list = batches.get(k);
    if (list) list.push(i);
    else batches.set(k, [i]);
  }
  return batches;
}

/**
 * Matches the batch lines against `redemptions` (platform redemptions no ERP line references, in time order).
 * `assigned`: ERP lines already accounted for (1). `chosen`: per batch (its first line), the redemptions the
 * reviewer chose as those it left out, where the totals could not tell.
 */
export function matchBatches(
  ev: readonly CanonicalEvent[],
  redemptions: readonly number[],
  assigned: Uint8Array,
  chosen: ReadonlyMap<number, readonly number[]> = new Map(),
  erpRows: readonly number[] = rowsBySystem(ev).erp,
): BatchMatch {
  const out: BatchMatch = { cover: new Map(), lines: [], residuals: [], linked: {}, notes: [] };
  const batches = batchLines(ev, assigned, erpRows);
  if (batches.size === 0) return out;
  const byDay = new Map<string, number[]>();
  for (let j = 0; j < redemptions.length; j++) {
    const p = redemptions[j];
    const k = `${ev[p].bdate}|${ev[p].instrument}`;
    if (!batches.has(k)) continue;
    const list = byDay.get(k);
    if (list) list.push(p);
    else byDay.set(k, [p]);
  }
  let covered = 0;
  for (const [k, lines] of [...batches].sort()) {
    out.lines.push(...lines);
    const day = coverDay(ev, lines, byDay.get(k) ?? [], out, chosen.get(lines[0]));
    covered += day.covered;
    const remaining = residualOf(ev, lines, byDay.get(k) ?? [], out.cover);
    if (remaining !== 0) {
      const line = lines[0];
      out.residuals.push(
        newMovement<BatchResidual>('batch_residual', ev[line], {
          card: null, last4: null, order: null, trueEffectCents: 0, flow: 'redeemed', erpLines: [line], batchLine: line,
          members: [newMember(line, remaining, 'batch')], omission: day.omission,
        }),
      );
      const ambiguous = day.omission
        ? ` ${day.omission.sets.length > COVERING_SEARCH.maxSets ? `More than ${COVERING_SEARCH.maxSets}` : day.omission.sets.length} set(s) of ${day.omission.size} of them make that up${day.omission.complete ? '' : ' (the search was cut short)'}: which ones it left out cannot be told from the totals.`
        : '';
      out.notes.push(`ERP batch ${ev[line].key} (${k.split('|')[0]}) differs from that day's platform redemptions by ${-remaining} cents.${ambiguous}`);
    }
  }
  if (covered) out.linked.batch = covered;
  return out;
}

/**
 * Spreads one day's batch lines over its redemptions (into `out.cover`): how many it covers, and, where the
 * batch is short and the totals cannot tell which redemptions it left out, what the search found.
 */
function coverDay(
  ev: readonly CanonicalEvent[],
  lines: number[],
  redemptions: number[],
  out: BatchMatch,
  chosen: readonly number[] | undefined,
): { covered: number; omission: BatchOmission | null } {
  const left = leftOut(ev, lines, redemptions, chosen);
  const omitted = new Set(left.omitted);
  const [line, ...extra] = lines;
  let covered = 0;
  for (const p of redemptions) {
    if (omitted.has(p)) {
      out.cover.set(p, { line, omitted: true, members: [] });
      continue;
    }
    const members: Member[] = [newMember(line, -ev[p].amount, 'batch')];
    for (const l of extra) members.push(newMember(l, 0, 'batch'));
    out.cover.set(p, { line, omitted: false, members });
    covered++;
  }
  return { covered, omission: left.omission };
}

/**
 * The redemptions a short batch left out: the reviewer's choice where one fits the gap exactly, else the one
 * set of the fewest redemptions that makes up the gap. Where several fit, none is picked: what was found is
 * the omission the reviewer chooses from.
 */
function leftOut(
  ev: readonly CanonicalEvent[],
  lines: number[],
  redemptions: number[],
  chosen: readonly number[] | undefined,
): { omitted: readonly number[]; omission: BatchOmission | null } {
  const batchTotal = lines.reduce((a, l) => a - ev[l].effect, 0); // debits: a positive redemption total
  const sum = redemptions.reduce((a, p) => a + ev[p].amount, 0);
  const gap = sum - batchTotal;
  if (gap <= 0) return { omitted: [], omission: null };
  if (chosen && chosen.every((p) => redemptions.includes(p)) && chosen.reduce((a, p) => a + ev[p].amount, 0) === gap)
    return { omitted: chosen, omission: null };
  const found = coveringSets(redemptions, (p) => ev[p].amount, gap);
  if (found.sets.length === 1 && found.complete) return { omitted: found.sets[0], omission: null };
  if (!found.sets.length) return { omitted: [], omission: null };
  const inSets = new Set(found.sets.flat());
  const candidates = redemptions.filter((p) => (found.complete ? inSets.has(p) : ev[p].amount <= gap));
  return { omitted: [], omission: { gap, size: found.size, sets: found.sets, complete: found.complete, candidates, redemptions } };
}

/** What of the batch's lines no covered redemption accounts for (0 when they sum exactly). */
function residualOf(ev: readonly CanonicalEvent[], lines: number[], redemptions: number[], cover: Map<number, BatchCover>): number {
  const batchTotal = lines.reduce((a, l) => a - ev[l].effect, 0);
  let remaining = -batchTotal;
  for (const p of redemptions) if (!cover.get(p)!.omitted) remaining -= -ev[p].amount;
  return remaining;
}

/** What a bounded search for the sets of items that make up a gap found. */
export interface CoveringSets<T> {
  /** The size of the sets found: the fewest items that make up the gap (0: none found). */
  size: number;
  /** The sets of that size found, at most `maxSets` + 1 (one more than asked: there are more than that). */
  sets: T[][];
  /** Every set of that size was found (and none smaller exists): the search was not cut short. */
  complete: boolean;
}

export const COVERING_SEARCH = {
  /** Sets listed at most; one more is looked for, to know there are more. */
  maxSets: 20,
  /** Steps of the search per gap, so that a busy day cannot stall a run. */
  budget: 5_000_000,
};

/**
 * The sets of the fewest items whose amounts sum exactly to `gap`, found by a bounded search (sizes 1, 2, …;
 * items by amount, largest first, a branch given up as soon as its largest or smallest possible sum misses).
 * One complete set means the gap is explained; several, or a search cut short, mean it cannot be told from
 * the totals which items they are. Items of equal amount are different items: each makes a set of its own.
 */
export function coveringSets<T>(items: readonly T[], amount: (t: T) => number, gap: number, opts = COVERING_SEARCH): CoveringSets<T> {
  const out: CoveringSets<T> = { size: 0, sets: [], complete: true };
  if (gap <= 0) return out;
  // Largest first; among equal amounts the later item first (a late row is the one an integration most often misses).
  const order = items.map((t, i) => ({ t, a: amount(t), i })).filter((x) => x.a > 0 && x.a <= gap);
  order.sort((x, y) => y.a - x.a || y.i - x.i);
  const a = order.map((x) => x.a);
  const n = a.length;
  const prefix = new Float64Array(n + 1);
  for (let i = 0; i < n; i++) prefix[i + 1] = prefix[i] + a[i];
  let steps = 0;
  const picked: number[] = [];
  const found = (last: number[]) => {
    out.sets.push([...picked, ...last].map((p) => order[p].t));
    return out.sets.length > opts.maxSets;
  };
  // The pairs among positions [from, n) that sum to `target`, from both ends at once (amounts descending).
  const pairs = (from: number, target: number): boolean => {
    let lo = from, hi = n - 1;
    while (lo < hi) {
      if (++steps > opts.budget) return true;
      const sum = a[lo] + a[hi];
      if (sum > target) lo++;
      else if (sum < target) hi--;
      else {
        // Every item of a's amount at the low end pairs with every item of the high end's amount.
        let hiEnd = hi;
        while (hiEnd - 1 > lo && a[hiEnd - 1] === a[hi]) hiEnd--;
        for (let j = hi; j >= hiEnd; j--) if (found([lo, j])) return true;
        lo++;
        if (lo < hi && a[lo] !== a[lo - 1]) hi = hiEnd - 1;
      }
    }
    return false;
  };
  // Sets of exactly `k` items from position `from` on that sum to `target`; true when the search must stop.
  const search = (from: number, k: number, target: number): boolean => {
    if (k === 1) {
      for (let i = from; i < n && a[i] >= target; i++) {
        if (++steps > opts.budget) return true;
        if (a[i] === target && found([i])) return true;
      }
      return false;
    }
    if (k === 2) return pairs(from, target);
    for (let i = from; i <= n - k; i++) {
      if (++steps > opts.budget) return true;
      // The k largest left cannot reach it: nor can any later, smaller ones.
      if (prefix[i + k] - prefix[i] < target) return false;
      // The k smallest left overshoot it: skip to smaller amounts.
      if (a[i] + (prefix[n] - prefix[n - k + 1]) > target) continue;
      picked.push(i);
      const stop = search(i + 1, k - 1, target - a[i]);
      picked.pop();
      if (stop) return true;
    }
    return false;
  };
  for (let k = 1; k <= n; k++) {
    if (prefix[n] - prefix[n - k] > gap) break; // the k smallest already overshoot: no larger set fits
    const cut = search(0, k, gap);
    if (cut) out.complete = false;
    if (out.sets.length) {
      out.size = k;
      return out;
    }
    if (steps > opts.budget) return out;
  }
  return out;
}
