// ERP daily batch journals: one ERP line for a day's platform redemptions of an instrument, which must sum to
// it exactly. When the batch is short, the fewest redemptions whose amounts make up the gap are the ones it
// left out; any other difference is a residual of its own.
import type { CanonicalEvent } from '../events';
import { newMovement, type BatchResidual, type Member } from './movement';
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
function batchLines(ev: readonly CanonicalEvent[], assigned: Uint8Array): Map<string, number[]> {
  const batches = new Map<string, number[]>();
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system !== 'erp' || !e.scope || assigned[i] || e.ref || !/\bbatch\b/i.test(e.memo ?? '')) continue;
    const k = `${batchDay(e)}|${e.instrument}`;
    batches.set(k, [...(batches.get(k) ?? []), i]);
  }
  return batches;
}

/**
 * Matches the batch lines against `redemptions` (platform redemptions no ERP line references, in time order).
 * `assigned`: ERP lines already accounted for (1).
 */
export function matchBatches(ev: readonly CanonicalEvent[], redemptions: readonly number[], assigned: Uint8Array): BatchMatch {
  const out: BatchMatch = { cover: new Map(), lines: [], residuals: [], linked: {}, notes: [] };
  const batches = batchLines(ev, assigned);
  if (batches.size === 0) return out;
  const byDay = new Map<string, number[]>();
  for (const p of redemptions) {
    const k = `${ev[p].bdate}|${ev[p].instrument}`;
    if (batches.has(k)) byDay.set(k, [...(byDay.get(k) ?? []), p]);
  }
  let covered = 0;
  for (const [k, lines] of [...batches].sort()) {
    out.lines.push(...lines);
    covered += coverDay(ev, lines, byDay.get(k) ?? [], out);
    const remaining = residualOf(ev, lines, byDay.get(k) ?? [], out.cover);
    if (remaining !== 0) {
      const line = lines[0];
      out.residuals.push(
        newMovement<BatchResidual>('batch_residual', ev[line], {
          card: null, last4: null, order: null, trueEffectCents: 0, flow: 'redeemed', erpLines: [line], batchLine: line,
          members: [{ event: line, shareCents: remaining, rule: 'batch' }],
        }),
      );
      out.notes.push(`ERP batch ${ev[line].key} (${k.split('|')[0]}) differs from that day's platform redemptions by ${-remaining} cents.`);
    }
  }
  if (covered) out.linked.batch = covered;
  return out;
}

/** Spreads one day's batch lines over its redemptions (into `out.cover`); how many it covers. */
function coverDay(ev: readonly CanonicalEvent[], lines: number[], redemptions: number[], out: BatchMatch): number {
  const batchTotal = lines.reduce((a, l) => a - ev[l].effect, 0); // debits: a positive redemption total
  const sum = redemptions.reduce((a, p) => a + ev[p].amount, 0);
  const omitted = new Set(sum > batchTotal ? omittedSubset(redemptions, (p) => ev[p].amount, sum - batchTotal) : []);
  const [line, ...extra] = lines;
  let covered = 0;
  for (const p of redemptions) {
    if (omitted.has(p)) {
      out.cover.set(p, { line, omitted: true, members: [] });
      continue;
    }
    const members: Member[] = [{ event: line, shareCents: -ev[p].amount, rule: 'batch' }];
    for (const l of extra) members.push({ event: l, shareCents: 0, rule: 'batch' });
    out.cover.set(p, { line, omitted: false, members });
    covered++;
  }
  return covered;
}

/** What of the batch's lines no covered redemption accounts for (0 when they sum exactly). */
function residualOf(ev: readonly CanonicalEvent[], lines: number[], redemptions: number[], cover: Map<number, BatchCover>): number {
  const batchTotal = lines.reduce((a, l) => a - ev[l].effect, 0);
  let remaining = -batchTotal;
  for (const p of redemptions) if (!cover.get(p)!.omitted) remaining -= -ev[p].amount;
  return remaining;
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
