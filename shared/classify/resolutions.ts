// What each category means, what really happened by default (docs/formats.md §2), and the alternatives an auditor
// may choose instead. A resolution changes the movement's true effect or instant; nothing else.
import type { Category } from '../types';
import type { Finding } from './finding';

export interface ResolutionOption {
  code: string;
  label: string;
}

export const RESOLUTIONS: Record<Category, ResolutionOption[]> = {
  ACTIVATION_LAG: [
    { code: 'liability_at_sale', label: 'The liability began at the sale' },
    { code: 'liability_at_activation', label: 'The liability began at the platform activation' },
  ],
  UNACTIVATED_SALE: [
    { code: 'liability_from_sale', label: 'The liability exists from the sale' },
    { code: 'no_liability', label: 'No liability: the sale was reversed outside these exports' },
  ],
  UNPAID_ACTIVATION: [
    { code: 'card_is_live', label: 'The card is live: it counts (flagged)' },
    { code: 'exclude_card', label: 'Exclude: the activation was not a legitimate issue' },
  ],
  MISSING_IN_PLATFORM: [
    { code: 'it_happened', label: 'It happened' },
    { code: 'did_not_happen', label: 'It did not happen' },
  ],
  VOID_NOT_PROPAGATED: [
    { code: 'tender_reversed', label: 'The tender was reversed' },
    { code: 'tender_stands', label: 'The tender stands (the void did not reverse it)' },
  ],
  DUPLICATE: [
    { code: 'happened_once', label: 'It happened once' },
    { code: 'happened_twice', label: 'Both records are real: it happened twice' },
  ],
  MANUAL_OVERRIDE: [
    { code: 'counts', label: 'It counts: the customer can spend it' },
    { code: 'reverse_override', label: 'Reverse the override' },
  ],
  MISSING_IN_ERP: [
    { code: 'it_happened', label: 'It happened; the books are short' },
    { code: 'did_not_happen', label: 'It did not happen' },
  ],
  ERP_ONLY_ENTRY: [
    { code: 'did_not_happen', label: 'It did not happen to any card' },
    { code: 'it_happened', label: 'Keep it: an unallocated liability' },
  ],
  AMOUNT_MISMATCH: [
    { code: 'operational_amount', label: 'The platform/storefront amount' },
    { code: 'erp_amount', label: 'The ERP amount' },
  ],
  CUTOFF: [
    { code: 'operational_instant', label: 'The operational instant in the business time zone decides' },
    { code: 'posting_date', label: 'The ERP posting date decides' },
  ],
  BALANCE_CHAIN_BREAK: [
    { code: 'replay', label: 'The replay of recorded transactions' },
    { code: 'platform_balance', label: "The platform's reported balance" },
  ],
};

/**
 * Excluding an activation whose value was partly spent would take the card below zero: this excludes only
 * what was not spent, and the spend becomes a finding of its own (the replay's).
 */
export const EXCLUDE_UNSPENT: ResolutionOption = {
  code: 'exclude_unspent',
  label: 'Exclude only the part not yet spent: the spend stands, as a finding of its own',
};

/** Where the totals cannot tell which redemptions a batch left out: the reviewer names them (Decision.records). */
export const OMITTED_SET: ResolutionOption = { code: 'omitted_set', label: 'These redemptions are the ones the batch left out' };

/** The only resolution of the spend of an excluded activation: what was spent is gone from the card. */
export const SPEND_STANDS: ResolutionOption = { code: 'spend_stands', label: 'The spend stands: a loss to pursue, not a liability' };

export function defaultResolution(category: Category): string {
  return RESOLUTIONS[category][0].code;
}

/** The resolutions one finding offers, its default first: its category's, and those only some findings have. */
export function resolutionsOf(f: Pick<Finding, 'category' | 'spentFrom' | 'movement'>): ResolutionOption[] {
  if (f.spentFrom) return [SPEND_STANDS];
  if (f.category === 'UNPAID_ACTIVATION') return [...RESOLUTIONS.UNPAID_ACTIVATION, EXCLUDE_UNSPENT];
  if (f.movement?.kind === 'batch_residual' && f.movement.omission) return [...RESOLUTIONS.AMOUNT_MISMATCH, OMITTED_SET];
  return RESOLUTIONS[f.category];
}

export function defaultOf(f: Pick<Finding, 'category' | 'spentFrom' | 'movement'>): string {
  return resolutionsOf(f)[0].code;
}

export function resolutionLabel(category: Category, code: string): string {
  return [...RESOLUTIONS[category], EXCLUDE_UNSPENT, SPEND_STANDS, OMITTED_SET].find((r) => r.code === code)?.label ?? code;
}
