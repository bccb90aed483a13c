// Plain-words names of the exception categories (docs/formats.md §2), for every screen.
import type { Category } from '../../../shared/types';

export const CATEGORY_LABELS: Record<Category, string> = {
  ACTIVATION_LAG: 'Activation lag',
  UNACTIVATED_SALE: 'Unactivated sale',
  UNPAID_ACTIVATION: 'Unpaid activation',
  MISSING_IN_PLATFORM: 'Missing in platform',
  VOID_NOT_PROPAGATED: 'Void not propagated',
  DUPLICATE: 'Duplicate',
  MANUAL_OVERRIDE: 'Manual override',
  MISSING_IN_ERP: 'Missing in ERP',
  ERP_ONLY_ENTRY: 'ERP-only entry',
  AMOUNT_MISMATCH: 'Amount mismatch',
  CUTOFF: 'Cut-off',
  BALANCE_CHAIN_BREAK: 'Balance chain break',
};

export function categoryLabel(c: string): string {
  return (CATEGORY_LABELS as Record<string, string>)[c] ?? c.replace(/_/g, ' ').toLowerCase().replace(/^./, (x) => x.toUpperCase());
}
