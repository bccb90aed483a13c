// A total past the largest the engine carries exactly, told as bad input is: one line naming the file, the row
// (as a spreadsheet shows it) and the column of the amount that took it there.
import type { CanonicalEvent } from '../events';
import { MAX_TOTAL_CENTS, TotalTooLarge, type AmountSource } from '../exact-cents';
import { formatCents } from '../money';
import { InputError, type InputSummary } from '../types';

/** The reference column an event's amount was read from (its Balance After with `balance`). */
function amountColumn(e: CanonicalEvent, balance: boolean): string {
  if (balance) return 'Balance After';
  if (e.system === 'erp') return e.type === 'credit' ? 'Credit' : 'Debit';
  return 'Amount';
}

interface Where {
  file?: string;
  row?: number;
  column?: string;
  cents?: number;
}

function locate(source: AmountSource | null, ev: readonly CanonicalEvent[], inputs: readonly InputSummary[]): Where {
  if (!source) return {};
  if ('openingRow' in source)
    return { file: inputs.find((f) => f.system === 'opening')?.file, row: source.openingRow, column: 'Balance', cents: source.cents };
  if ('card' in source) return { file: inputs.find((f) => f.system === 'platform')?.file };
  const i = 'event' in source ? source.event : ev.findIndex((e) => e.system === source.record.system && e.key === source.record.ref);
  const e = ev[i];
  if (!e) return {};
  const balance = 'event' in source && source.balance === true;
  return { file: inputs[e.fileId]?.file, row: e.row, column: amountColumn(e, balance), cents: balance ? (e.balanceAfter ?? undefined) : e.amount };
}

/** `err` as the one line a user reads, when it is a total past the bound; any other error as it is. */
export function refuseTooLarge(err: unknown, ev: readonly CanonicalEvent[], inputs: readonly InputSummary[]): unknown {
  if (!(err instanceof TotalTooLarge)) return err;
  const at = locate(err.source, ev, inputs);
  const where = [at.file, at.row !== undefined ? `row ${at.row}` : '', at.column ? `column ${at.column}` : ''].filter(Boolean).join(', ');
  const amount = at.cents !== undefined ? `with this amount (${formatCents(at.cents, { parens: false })}), ` : '';
  const card = err.source && 'card' in err.source ? ` (card ${err.source.card})` : '';
  return new InputError(
    `${where ? `${where}: ` : ''}${amount}${err.total}${card} passes ${formatCents(MAX_TOTAL_CENTS)} (2^53 − 1 cents), ` +
      'the largest total this tool carries exactly; the quarter is refused rather than a total rounded',
    at.file,
    at.row,
    at.column,
  );
}
