// The reference layouts a profile writes into (docs/formats.md §1, from layouts.ts), the kind of each column (which
// decides its text form), and the extension columns a profile may fill that a reference-layout file never has.
import type { FileRole } from '../../types';
import { LAYOUTS, normalizeHeader } from '../layouts';

/**
 * Columns only a profile produces. `Instrument` (payments, erp): `gift_card` / `store_credit` when the row is one
 * the liability cares about, blank when not — the profile's own decision (product metadata, the liability
 * accounts by number or name), which the import takes instead of the Description pattern or the account prefixes.
 */
export const EXTENSION_COLUMNS: Partial<Record<FileRole, readonly string[]>> = {
  payments: ['Instrument'],
  erp: ['Instrument'],
};

export type FieldKind = 'money' | 'instant' | 'date' | 'id' | 'text' | 'instrument';

const KINDS: Record<string, FieldKind> = {
  'platform:Amount': 'money',
  'platform:Balance After': 'money',
  'platform:Timestamp': 'instant',
  'platform:Transaction ID': 'id',
  'platform:Card Number': 'id',
  'platform:Order Ref': 'id',
  'platform:Voids Txn': 'id',
  'storefront:Amount': 'money',
  'storefront:Created At': 'instant',
  'storefront:Transaction ID': 'id',
  'storefront:Order': 'id',
  'payments:Amount': 'money',
  'payments:Fee': 'money',
  'payments:Net': 'money',
  'payments:Created (UTC)': 'instant',
  'payments:id': 'id',
  'payments:Order ID': 'id',
  'payments:Instrument': 'instrument',
  'erp:Debit': 'money',
  'erp:Credit': 'money',
  'erp:Date': 'date',
  'erp:Journal': 'id',
  'erp:Line': 'id',
  'erp:Reference': 'id',
  'erp:Instrument': 'instrument',
  'opening:Balance': 'money',
  'opening:As Of': 'date',
  'opening:Card Number': 'id',
};

export function referenceColumns(role: FileRole): string[] {
  return [...LAYOUTS[role].columns, ...(EXTENSION_COLUMNS[role] ?? [])];
}

export function requiredColumns(role: FileRole): readonly string[] {
  return LAYOUTS[role].required;
}

export function fieldKind(role: FileRole, column: string): FieldKind {
  return KINDS[`${role}:${column}`] ?? 'text';
}

/** The reference column a profile's field key names (matched loosely, as headers are), or null. */
export function referenceColumn(role: FileRole, key: string): string | null {
  const k = normalizeHeader(key);
  return referenceColumns(role).find((c) => normalizeHeader(c) === k) ?? null;
}
