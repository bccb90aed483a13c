// The shipped presets: profiles like any other (a user copies one and edits it), recognised by their headers.
// Also the layouts known not to be readable, so that detection refuses them with the export to use instead.
import { compileProfile, type CompiledProfile } from '../profile/compile';
import qboGeneralLedger from './qbo-general-ledger.json';
import qboJournal from './qbo-journal.json';
import shopifyTransactions from './shopify-transactions.json';
import squareGiftCardActivities from './square-gift-card-activities.json';
import stripeBalanceHistory from './stripe-balance-history.json';
import stripeItemizedBalanceChange from './stripe-itemized-balance-change.json';
import unsupported from './unsupported.json';

/** The preset profiles' JSON, as a user would save a copy of one. */
export const PRESET_FILES: Readonly<Record<string, unknown>> = {
  'square-gift-card-activities': squareGiftCardActivities,
  'shopify-transactions': shopifyTransactions,
  'stripe-balance-history': stripeBalanceHistory,
  'stripe-itemized-balance-change': stripeItemizedBalanceChange,
  'qbo-journal': qboJournal,
  'qbo-general-ledger': qboGeneralLedger,
};

export const PRESETS: readonly CompiledProfile[] = Object.values(PRESET_FILES).map((json) => compileProfile(json));

export interface UnsupportedLayout {
  id: string;
  name: string;
  headers: (string | string[])[];
  minShare: number;
  /** Why it cannot be read, and what to export instead. */
  reason: string;
}

export const UNSUPPORTED_LAYOUTS: readonly UnsupportedLayout[] = unsupported as UnsupportedLayout[];

export function presetById(id: string): CompiledProfile | null {
  return PRESETS.find((p) => p.id === id) ?? null;
}
