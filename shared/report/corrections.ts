// The correcting entries: a journal for the ERP (one balanced pair of lines per exception that moves the
// books) and balance corrections for the platform (one line per card whose platform balance is not the truth).
import { resolutionLabel } from '../classify/resolutions';
import { csvAmount, csvLine } from '../csv-out';
import { cardMasker } from './mask';
import { CATEGORY_LABELS, DEFAULT_OFFSET_ACCOUNTS, type CaseSettings, type ExceptionItem, type Instrument, type Report } from '../types';

/** The liability account an entry for `instrument` hits: the first prefix for gift cards, the second for store credit. */
export function liabilityAccount(instrument: Instrument, settings: CaseSettings): string {
  const [gift, credit] = settings.liabilityAccounts;
  return instrument === 'store_credit' ? `${credit ?? gift} Store Credit Liability` : `${gift} Gift Card Liability`;
}

/** The account a category's entry offsets the liability against: the case's setting, else the default. */
export function offsetAccount(x: Pick<ExceptionItem, 'category'>, settings: CaseSettings): string {
  return settings.offsetAccounts?.[x.category] ?? DEFAULT_OFFSET_ACCOUNTS[x.category];
}

/**
 * One balanced two-line journal per exception that moves the books, dated the period end. `instrumentOf` names
 * the instrument each exception is about (the event's own, card or no card): its liability account follows it.
 * The memo says the resolution in force, which is what the entry books; card numbers are masked unless `unmasked`.
 */
export function journalEntriesCsv(report: Report, settings: CaseSettings, instrumentOf: (x: ExceptionItem) => Instrument, unmasked = false): string {
  const mask = cardMasker(unmasked);
  const lines = [csvLine(['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit', 'Memo', 'Reference', 'Exception'])];
  let n = 0;
  for (const x of report.exceptions) {
    const effect = x.erp_effect_cents ?? 0;
    if (effect === 0) continue;
    n++;
    const journal = `BF-ADJ-${String(n).padStart(5, '0')}`;
    const account = liabilityAccount(instrumentOf(x), settings);
    const amount = csvAmount(Math.abs(effect));
    const resolution = x.resolution ? resolutionLabel(x.category, x.resolution) : x.suggested_resolution;
    const memo = `${x.id} ${CATEGORY_LABELS[x.category]}${x.card ? ` card ${mask.card(x.card)}` : x.last_four ? ` card ending ${x.last_four}` : ''}: ${resolution}`;
    const refs = x.records.map((r) => r.ref).join(' ');
    // Raising the liability is a credit to it; the other side goes to the category's offset account.
    const [liabDebit, liabCredit] = effect > 0 ? ['', amount] : [amount, ''];
    lines.push(csvLine([journal, 1, settings.periodEnd, account, liabDebit, liabCredit, memo, refs, x.id]));
    lines.push(csvLine([journal, 2, settings.periodEnd, offsetAccount(x, settings), liabCredit, liabDebit, memo, refs, x.id]));
  }
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
