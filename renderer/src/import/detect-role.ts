// Which system a dropped file came from: by its header row (the engine's own layout matching) where it is
// text, else by its name.
import Papa from 'papaparse';
import { detectRole } from '../../../shared/import/layouts';
import type { FileRole } from '../../../shared/types';

/** Guesses a file's system from its name (platform.csv, erp.xlsx, opening_balances.csv…). */
export function guessRole(name: string): FileRole | null {
  const n = name.toLowerCase();
  if (n.includes('opening')) return 'opening';
  if (n.includes('platform') || n.includes('giftcard') || n.includes('gift_card')) return 'platform';
  if (n.includes('storefront') || n.includes('orders') || n.includes('shop')) return 'storefront';
  if (n.includes('payment') || n.includes('stripe') || n.includes('processor')) return 'payments';
  if (n.includes('erp') || n.includes('ledger') || n.includes('journal') || n.includes('gl')) return 'erp';
  return null;
}

/** The role the first line's headers fit; a workbook (or an unreadable file) falls back to its name. */
export async function roleOfFile(file: Blob & { name: string }): Promise<FileRole | null> {
  if (!/\.xls[xm]?$/i.test(file.name)) {
    const head = await file.slice(0, 64 * 1024).text();
    const headers = Papa.parse<string[]>(head, { preview: 1 }).data[0] ?? [];
    const byHeaders = detectRole(headers.map(String));
    if (byHeaders) return byHeaders;
  }
  return guessRole(file.name);
}
