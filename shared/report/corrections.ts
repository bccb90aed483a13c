// The correcting entries: a journal for the ERP (one balanced pair of lines per exception that moves the
// books) and balance corrections for the platform (one line per card whose platform balance is not the truth).
import { resolutionLabel } from '../classify/resolutions';
import { csvAmount, csvLine } from '../csv-out';
import { correctionAccount } from '../accounts';
import { cardMasker } from './mask';
import { CATEGORY_LABELS, DEFAULT_OFFSET_ACCOUNTS, type CaseSettings, type ExceptionItem, type Instrument, type Report } from '../types';

/** The liability account an entry for `instrument` hits: the settings' entry for it (accounts.ts). */
export function liabilityAccount(instrument: Instrument, settings: CaseSettings): string {
  return correctionAccount(settings.liabilityAccounts, instrument);
}

/** The account a category's entry offsets the liability against: the case's setting, else the default. */
export function offsetAccount(x: Pick<ExceptionItem, 'category'>, settings: CaseSettings): string {
  return settings.offsetAccounts?.[x.category] ?? DEFAULT_OFFSET_ACCOUNTS[x.category];
}

/** One line of a correcting journal; amounts in cents, the side not hit null. */
export interface JournalLine {
  journal: string;
  line: 1 | 2;
  date: string;
  account: string;
  debitCents: number | null;
  creditCents: number | null;
  memo: string;
  reference: string;
  exception: string;
}

/**
 * One balanced two-line journal per exception that moves the books, dated the period end. `instrumentOf` names
 * the instrument each exception is about (the event's own, card or no card): its liability account follows it.
 * The memo says the resolution in force, which is what the entry books; `card` shows a card number (masked).
 */
export function journalLines(report: Report, settings: CaseSettings, instrumentOf: (x: ExceptionItem) => Instrument, card: (c: string) => string): JournalLine[] {
  const out: JournalLine[] = [];
  let n = 0;
  for (const x of report.exceptions) {
    const effect = x.erp_effect_cents ?? 0;
    if (effect === 0) continue;
    n++;
    const journal = `BF-ADJ-${String(n).padStart(5, '0')}`;
    const resolution = x.resolution ? resolutionLabel(x.category, x.resolution) : x.suggested_resolution;
    const memo = `${x.id} ${CATEGORY_LABELS[x.category]}${x.card ? ` card ${card(x.card)}` : x.last_four ? ` card ending ${x.last_four}` : ''}: ${resolution}`;
    const base = { journal, date: settings.periodEnd, memo, reference: x.records.map((r) => r.ref).join(' '), exception: x.id };
    // Raising the liability is a credit to it; the other side goes to the category's offset account.
    const [debit, credit] = effect > 0 ? [null, Math.abs(effect)] : [Math.abs(effect), null];
    out.push({ ...base, line: 1, account: liabilityAccount(instrumentOf(x), settings), debitCents: debit, creditCents: credit });
    out.push({ ...base, line: 2, account: offsetAccount(x, settings), debitCents: credit, creditCents: debit });
  }
  return out;
}

/** journal_entries.csv: the journal lines; card numbers masked unless `unmasked`. */
export function journalEntriesCsv(report: Report, settings: CaseSettings, instrumentOf: (x: ExceptionItem) => Instrument, unmasked = false): string {
  const amount = (c: number | null) => (c === null ? '' : csvAmount(c));
  const lines = [csvLine(['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit', 'Memo', 'Reference', 'Exception'])];
  for (const l of journalLines(report, settings, instrumentOf, cardMasker(unmasked).card))
    lines.push(csvLine([l.journal, l.line, l.date, l.account, amount(l.debitCents), amount(l.creditCents), l.memo, l.reference, l.exception]));
  return lines.join('\r\n') + '\r\n';
}

/** One line per card whose platform balance is not the reconstructed one; card numbers masked unless `unmasked`. */
export function platformCorrectionsCsv(report: Report, unmasked = false): string {
  const mask = cardMasker(unmasked);
  const lines = [csvLine(['Card Number', 'Instrument', 'Platform Balance', 'Reconstructed Balance', 'Adjustment', 'Exceptions'])];
  const byCard = new Map<string, string[]>();
  for (const x of report.exceptions) if (x.card && (x.platform_effect_cents ?? 0) !== 0) byCard.set(x.card, [...(byCard.get(x.card) ?? []), x.id]);
  for (const c of report.cards) {
    if (!c.card || c.reconstructed_cents === c.platform_reported_cents) continue;
    lines.push(csvLine([mask.card(c.card), c.instrument, csvAmount(c.platform_reported_cents), csvAmount(c.reconstructed_cents), csvAmount(c.reconstructed_cents - c.platform_reported_cents), (byCard.get(c.card) ?? []).join(' ')]));
  }
  return lines.join('\r\n') + '\r\n';
}
