// What a run loses when an optional column the engine reads is not in a file (or not mapped): said before the
// run, by inspection, and after it, in report.json's notes. Optional columns the engine does not read (a
// processor's Fee, an ERP line's Period…) cost nothing and are not named.
import type { FileRole, Mapping } from '../types';
import { resolveColumns } from './layouts';

/** For each role, each optional column that matters: what is lost without it, in plain words. */
export const COLUMN_COSTS: Record<FileRole, Record<string, string>> = {
  platform: {
    'Balance After':
      'no balance-chain check (no BALANCE_CHAIN_BREAK can be found), no platform-reported closing per card (each card’s platform figure falls back to its opening), and, without an opening balances file, no opening can be inferred: every card opens at zero',
    'Order Ref':
      'storefront rows link only by last four, amount and a 30-minute window, processor charges cannot link to reloads, voided orders cannot find their tender, and genuine repeat spends look like retries: more rows stay unmatched and more exceptions appear',
    'Voids Txn': 'every Void row is quarantined (a Void must name the transaction it reverses)',
    Operator: 'changes by customer-service staff cannot be told apart: no MANUAL_OVERRIDE can be found',
    Currency: 'rows in another currency cannot be recognised: every amount is taken to be in the case currency',
    Channel: 'explanations cannot say through which channel an unpaid activation came',
    Note: 'explanations cannot quote the platform’s own note on a manual change',
  },
  storefront: {
    'Card Last Four': 'every row is quarantined (a tender must name its card’s last four)',
    Currency: 'rows in another currency cannot be recognised: every amount is taken to be in the case currency',
  },
  payments: {
    Description:
      'no processor row can be told to be about a gift card: every row is out of scope, so no sale or activation shows as paid and every activation without a storefront sale is an UNPAID_ACTIVATION',
    'Order ID': 'charges cannot be linked to their sale or activation: reloads and activations without a storefront sale look unpaid',
    Currency: 'rows in another currency cannot be recognised: every amount is taken to be in the case currency',
  },
  erp: {
    Reference:
      'no ERP line can be tied to the platform transaction it posts: every platform movement not in a batch looks MISSING_IN_ERP and every such line an ERP_ONLY_ENTRY',
    Memo:
      'daily batch lines cannot be recognised (their redemptions look MISSING_IN_ERP and the batch line an ERP_ONLY_ENTRY), the opening journal is found only by an OB- journal name, and no order or masked card is read from a memo',
    Source: 'the opening journal is found only by an OB- journal name or its memo',
  },
  opening: {
    Instrument: 'each card’s instrument is taken from its number (SC… is store credit)',
  },
};

/** The optional columns of `role` that matter and are missing from `found` (column → header, or null). */
export function missingOptional(role: FileRole, found: Record<string, string | null>): { column: string; cost: string }[] {
  return Object.entries(COLUMN_COSTS[role]).filter(([column]) => !found[column]).map(([column, cost]) => ({ column, cost }));
}

/** report.json's notes on the files of a run: one per missing optional column that matters. */
export function missingColumnNotes(files: readonly { role: FileRole; name: string; headers: string[] }[], mapping?: Mapping): string[] {
  return files.flatMap((f) =>
    missingOptional(f.role, resolveColumns(f.role, f.headers, mapping).found).map(
      (m) => `${f.name} has no ${m.column} column (none found or mapped): ${m.cost}.`,
    ),
  );
}
