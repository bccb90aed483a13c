// Storefront ↔ platform, one to one: by order, last four and amount; then, for the rows left, the same
// identity with a differing amount; then last four and amount within a time window when the order is missing.
import type { CanonicalEvent } from '../events';
import type { RuleCounts, RuleId } from './rule-ids';
import { assign, noIndex } from './one-to-one';

/** The fallback rules, which only ever match the rows the rules before them left. */
export type FallbackRule = 'storefrontPlatformAmountOff' | 'storefrontPlatformWindow';

/**
 * A fallback rule's candidate pairs among the storefront rows no rule has matched and the platform rows no
 * storefront row has taken (event indexes, ascending).
 */
export type FallbackPairs = (rule: FallbackRule, storefront: number[], platform: number[]) => [number, number][];

/** The storefront rules, strongest first. */
export const STOREFRONT_RULES = ['storefrontPlatform', 'storefrontPlatformAmountOff', 'storefrontPlatformWindow'] as const satisfies readonly RuleId[];

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

export function linkStorefront(ev: readonly CanonicalEvent[], exact: readonly [number, number][], fallback: FallbackPairs): StorefrontLinks {
  const n = ev.length;
  const out: StorefrontLinks = { plToSf: noIndex(n), sfToPl: noIndex(n), sfRule: new Uint8Array(n), sfTaken: new Uint8Array(n), linked: {} };
  const plTaken = new Uint8Array(n);
  // The fallback rules are asked only about the rows still free: the pairs of the others would all be passed
  // over by the one-to-one choice, so the choice is the same.
  const free = (system: 'storefront' | 'platform', taken: Uint8Array): number[] => {
    const rows: number[] = [];
    for (let i = 0; i < n; i++) if (!taken[i] && ev[i].system === system) rows.push(i);
    return rows;
  };
  STOREFRONT_RULES.forEach((rule, r) => {
    const candidates = rule === 'storefrontPlatform' ? exact : fallback(rule, free('storefront', out.sfTaken), free('platform', plTaken));
    const chosen = assign(candidates, out.sfTaken, plTaken);
    out.linked[rule] = chosen.length;
    for (const [s, p] of chosen) {
      out.plToSf[p] = s;
      out.sfToPl[s] = p;
      out.sfRule[s] = r;
    }
  });
  return out;
}
