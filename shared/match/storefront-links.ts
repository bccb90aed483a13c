// Storefront ↔ platform, one to one: by order, last four and amount; then, for the rows left, the same
// identity with a differing amount; then last four and amount within a time window when the order is missing.
// A storefront that names no card (Shopify's export) has its own rules, which only ever meet rows without a
// last four: order and amount (a voided order through the Void of its tender), then the amount that differs,
// then a time window where one candidate alone fits.
import type { CanonicalEvent } from '../events';
import type { RuleCounts, RuleId } from './rule-ids';
import { assign, noIndex, rowsBySystem, type SystemRows } from './one-to-one';

/** The fallback rules, which only ever match the rows the rules before them left. */
export type FallbackRule = 'storefrontPlatformAmountOff' | 'storefrontPlatformWindow' | 'storefrontNoLast4AmountOff' | 'storefrontNoLast4Window';

/**
 * A fallback rule's candidate pairs among the storefront rows no rule has matched and the platform rows no
 * storefront row has taken (event indexes, ascending).
 */
export type FallbackPairs = (rule: FallbackRule, storefront: number[], platform: number[]) => [number, number][];

/** The storefront rules, in the order they choose. */
export const STOREFRONT_RULES = [
  'storefrontPlatform',
  'storefrontNoLast4',
  'storefrontVoidByTender',
  'storefrontPlatformAmountOff',
  'storefrontNoLast4AmountOff',
  'storefrontPlatformWindow',
  'storefrontNoLast4Window',
] as const satisfies readonly RuleId[];
type StorefrontRule = (typeof STOREFRONT_RULES)[number];

/** The rules counted in report.json even when they linked nothing (the others appear once they link). */
const ALWAYS_COUNTED: readonly StorefrontRule[] = ['storefrontPlatform', 'storefrontPlatformAmountOff', 'storefrontPlatformWindow'];

/** The candidate pairs of the rules that are not fallbacks, and what the voids' settlement decided. */
export interface StorefrontCandidates {
  /** (storefront row, platform row) by order, last four and amount. */
  exact: readonly [number, number][];
  /** (storefront row without a last four, platform row) by order and amount. */
  noLast4: readonly [number, number][];
  /** (voided order without a last four, platform redemption of that order), nearest first. */
  voidedTenders: readonly [number, number][];
  /** Per platform transaction reversed, the Void that reversed it. */
  voidOf: ReadonlyMap<number, number>;
}

export interface StorefrontLinks {
  /** Per platform row, the storefront row linked to it (-1: none). */
  plToSf: Int32Array;
  /** Per storefront row, the platform row linked to it (-1: none). */
  sfToPl: Int32Array;
  /** Per storefront row, the rule that linked it (where sfToPl is set), as its index in STOREFRONT_RULES. */
  sfRule: Uint8Array;
  /** Storefront rows linked (1). */
  sfTaken: Uint8Array;
  linked: RuleCounts;
}

export function linkStorefront(
  ev: readonly CanonicalEvent[],
  candidates: StorefrontCandidates,
  fallback: FallbackPairs,
  rows: Pick<SystemRows, 'storefront' | 'platform'> = rowsBySystem(ev),
): StorefrontLinks {
  const n = ev.length;
  const out: StorefrontLinks = { plToSf: noIndex(n), sfToPl: noIndex(n), sfRule: new Uint8Array(n), sfTaken: new Uint8Array(n), linked: {} };
  const plTaken = new Uint8Array(n);
  // The fallback rules are asked only about the rows still free: the pairs of the others would all be passed
  // over by the one-to-one choice, so the choice is the same.
  const free = (system: 'storefront' | 'platform', taken: Uint8Array): number[] => rows[system].filter((i) => !taken[i]);
  const freeWithoutLast4 = () => free('storefront', out.sfTaken).filter((s) => ev[s].last4 === null);
  const pairsOf = (rule: StorefrontRule): readonly [number, number][] => {
    switch (rule) {
      case 'storefrontPlatform':
        return candidates.exact;
      case 'storefrontNoLast4':
        return candidates.noLast4;
      case 'storefrontVoidByTender':
        return voidsByTender(ev, candidates, out.sfTaken, plTaken);
      case 'storefrontPlatformAmountOff':
      case 'storefrontPlatformWindow':
        return fallback(rule, free('storefront', out.sfTaken), free('platform', plTaken));
      case 'storefrontNoLast4AmountOff':
      case 'storefrontNoLast4Window': {
        // Asked only where a storefront row without a last four is still free: an export with last fours never is.
        const rows = freeWithoutLast4();
        if (!rows.length) return [];
        const pairs = fallback(rule, rows, free('platform', plTaken));
        return rule === 'storefrontNoLast4Window' ? onlyCandidates(pairs) : pairs;
      }
    }
  };
  STOREFRONT_RULES.forEach((rule, r) => {
    const chosen = assign(pairsOf(rule), out.sfTaken, plTaken);
    if (chosen.length || ALWAYS_COUNTED.includes(rule)) out.linked[rule] = chosen.length;
    for (let k = 0; k < chosen.length; k++) {
      const s = chosen[k][0];
      const p = chosen[k][1];
      out.plToSf[p] = s;
      out.sfToPl[s] = p;
      out.sfRule[s] = r;
    }
  });
  return out;
}

/**
 * (voided order, platform Void) for each voided order without a last four still free: the Void of the first of
 * its tenders that a Void reversed and no storefront row has taken. The Void names what it reverses (or it was
 * inferred), and that tender's order is the voided order: the order the Void itself may not carry.
 */
function voidsByTender(ev: readonly CanonicalEvent[], c: StorefrontCandidates, sfTaken: Uint8Array, plTaken: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  let last = -1;
  for (const [s, tender] of c.voidedTenders) {
    if (s === last || sfTaken[s]) continue;
    const v = c.voidOf.get(tender);
    if (v === undefined || plTaken[v] || ev[v].type !== 'void') continue;
    out.push([s, v]);
    last = s;
  }
  return out;
}

/** The pairs whose two rows have no other candidate (a time window alone cannot choose between several). */
function onlyCandidates(pairs: [number, number][]): [number, number][] {
  const countA = new Map<number, number>();
  const countB = new Map<number, number>();
  for (const [a, b] of pairs) {
    countA.set(a, (countA.get(a) ?? 0) + 1);
    countB.set(b, (countB.get(b) ?? 0) + 1);
  }
  return pairs.filter(([a, b]) => countA.get(a) === 1 && countB.get(b) === 1);
}
