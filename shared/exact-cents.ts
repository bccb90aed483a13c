// Totals of cents that stay exact. An amount is at most 13 digits of units (money.ts), well within the 2^53
// a JavaScript number holds exactly, but ten of them added are not: past 2^53 a sum silently rounds to an even
// number, and a roll-forward stops footing by a few cents. Every total the reconstruction makes goes through
// `addCents`, which refuses a sum past ±(2^53 − 1) cents with the row that carried it there, instead of rounding
// it. Up to that bound each sum is exact: two integers within it add to their true sum or to a number past it.
import type { RecordRef } from './types';

/** The largest total, in cents, the engine carries: 2^53 − 1 (90,071,992,547,409.91 in units). */
export const MAX_TOTAL_CENTS = Number.MAX_SAFE_INTEGER;

/** Where an amount in a total came from, for the one line that names it when the total is refused. */
export type AmountSource =
  /** An event's amount, or with `balance` its Balance After. */
  | { event: number; balance?: true }
  /** A row of the opening balances file, with its balance. */
  | { openingRow: number; cents?: number }
  /** An exception's first record (its bridge effect). */
  | { record: RecordRef }
  /** A correction the replay made to a card (a balance-chain break resolved to the platform's balance). */
  | { card: string };

/** A total that would pass MAX_TOTAL_CENTS: `total` names it in plain words, `source` the amount that took it there. */
export class TotalTooLarge extends Error {
  constructor(
    readonly total: string,
    readonly source: AmountSource | null,
  ) {
    super(`${total} passes ${MAX_TOTAL_CENTS} cents, the largest total this tool carries exactly`);
    this.name = 'TotalTooLarge';
  }
}

/** a + b, both whole cents within the bound; throws TotalTooLarge when the sum is not (never a rounded sum). */
export function addCents(a: number, b: number, total: string | (() => string), source: AmountSource | null | (() => AmountSource | null)): number {
  const sum = a + b;
  if (sum <= MAX_TOTAL_CENTS && sum >= -MAX_TOTAL_CENTS) return sum;
  throw new TotalTooLarge(typeof total === 'function' ? total() : total, typeof source === 'function' ? source() : source);
}

/**
 * A sum of whole cents that is always exact: a number while it is within the bound, a bigint past it. For a
 * total that is only told (a note), never carried on into other figures.
 */
export class ExactSum {
  private n = 0;
  private big: bigint | null = null;

  add(cents: number): void {
    if (this.big === null) {
      const sum = this.n + cents;
      if (withinBound(sum)) {
        this.n = sum;
        return;
      }
      this.big = BigInt(this.n);
    }
    this.big += BigInt(cents);
  }

  /** The sum: a number within the bound, else a bigint. */
  value(): number | bigint {
    return this.big === null ? this.n : withinBound(Number(this.big)) ? Number(this.big) : this.big;
  }
}

/** Whether `cents` is within the bound: every total is, once made by addCents. */
export function withinBound(cents: number): boolean {
  return cents <= MAX_TOTAL_CENTS && cents >= -MAX_TOTAL_CENTS;
}
