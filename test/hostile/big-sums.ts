// Quarters whose amounts are each within the 13 digits an amount may have, but whose totals pass 2^53 cents
// (issue #17: ten activations of 9,999,999,999,999.99 ended in "unexpected failure: Roll-forward does not
// foot"). Built on the tiny quarter of shared/testing, with rows added.
import { TINY_SETTINGS, tinyQuarter } from '../../shared/testing/tiny-quarter';
import type { CaseSettings, FileRole, InputFile } from '../../shared/types';

/** The largest amount an input may state: 13 digits of units and two of cents. */
export const LARGEST_AMOUNT = '9999999999999.99';

export const BIG_SETTINGS: CaseSettings = TINY_SETTINGS;

const enc = (s: string) => new TextEncoder().encode(s);
const dec = (b: Uint8Array) => new TextDecoder().decode(b);

/** The tiny quarter with lines added to some of its files (and an opening balances file, when given). */
function withRows(add: Partial<Record<FileRole, string[]>>): InputFile[] {
  const files = tinyQuarter().map((f) => (add[f.role] ? { ...f, bytes: enc(dec(f.bytes) + add[f.role]!.join('\n') + '\n') } : f));
  if (add.opening) files.push({ role: 'opening', name: 'opening_balances.csv', bytes: enc(['Card Number,Instrument,Balance,As Of', ...add.opening].join('\n') + '\n') });
  return files;
}

/** A platform activation of `amount` on its own card, on July 10th. */
export function activation(i: number, amount: string): string {
  const card = `60060000000010${String(i).padStart(2, '0')}`;
  return `GT-H${i},${card},Activation,${amount},${amount},USD,2026-07-10T12:00:00Z,,,pos,system,`;
}

/** `n` activations of the largest amount, each on its own card, then `extra` more of other amounts. */
export function activations(n: number, extra: string[] = []): InputFile[] {
  const rows = Array.from({ length: n }, (_, i) => activation(i + 1, LARGEST_AMOUNT));
  extra.forEach((amount, i) => rows.push(activation(n + i + 1, amount)));
  return withRows({ platform: rows });
}

/** The same, all on one card: its balance passes the bound before any total does. */
export function activationsOnOneCard(n: number): InputFile[] {
  const rows = Array.from({ length: n }, (_, i) => activation(1, LARGEST_AMOUNT).replace('GT-H1,', `GT-H${i + 1},`).replace('12:00:00Z', `12:${String(i).padStart(2, '0')}:00Z`));
  return withRows({ platform: rows });
}

/** Opening balances of the largest amount on `n` cards. */
export function openingBalances(n: number): InputFile[] {
  return withRows({
    opening: Array.from({ length: n }, (_, i) => `60060000000020${String(i).padStart(2, '0')},gift_card,${LARGEST_AMOUNT},2026-06-30`),
  });
}

/** ERP accruals of the largest amount to the gift card liability account, each its own balanced journal. */
export function erpAccruals(n: number): InputFile[] {
  const lines = Array.from({ length: n }, (_, i) => [
    `J-H${i},1,2026-07-20,2026-07,2410 Gift Card Liability,,${LARGEST_AMOUNT},Manual accrual,,GL,controller`,
    `J-H${i},2,2026-07-20,2026-07,6990 Suspense,${LARGEST_AMOUNT},,Manual accrual,,GL,controller`,
  ]).flat();
  return withRows({ erp: lines });
}

/**
 * One ERP journal outside the liability: `debits` lines of the largest amount debited to cash, `credits` credited
 * to the bank, in that order.
 */
export function bigJournal(debits: number, credits: number): InputFile[] {
  const line = (i: number, debit: boolean) =>
    `J-BIG,${i + 1},2026-07-20,2026-07,${debit ? `1010 Cash,${LARGEST_AMOUNT},` : `1020 Bank,,${LARGEST_AMOUNT}`},Transfer,,GL,controller`;
  return withRows({ erp: Array.from({ length: debits + credits }, (_, i) => line(i, i < debits)) });
}
