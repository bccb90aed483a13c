// The correcting entries: a journal for the ERP (one balanced pair of lines per exception that moves the
// books) and balance corrections for the platform (one line per card whose platform balance is not the truth).
import { csvAmount, csvLine } from '../csv-out';
import { correctionAccount } from '../accounts';
import type { CaseSettings, Report } from '../types';

export function journalEntriesCsv(report: Report, settings: CaseSettings): string {
  const lines = [csvLine(['Journal', 'Line', 'Date', 'Account', 'Debit', 'Credit', 'Memo', 'Reference', 'Exception'])];
  let n = 0;
  for (const x of report.exceptions) {
    const effect = x.erp_effect_cents ?? 0;
    if (effect === 0) continue;
    n++;
    const journal = `BF-ADJ-${String(n).padStart(5, '0')}`;
    const account = correctionAccount(settings.liabilityAccounts, x.card?.startsWith('SC') || (x.category === 'ERP_ONLY_ENTRY' && /store/i.test(x.explanation)) ? 'store_credit' : 'gift_card');
    const amount = csvAmount(Math.abs(effect));
    const memo = `${x.category} ${x.id}${x.card ? ` card ${x.card}` : ''}: ${x.suggested_resolution}`;
    const refs = x.records.map((r) => r.ref).join(' ');
    // Raising the liability is a credit to it; the other side goes to reconciliation suspense for review.
    const [liabDebit, liabCredit] = effect > 0 ? ['', amount] : [amount, ''];
    lines.push(csvLine([journal, 1, settings.periodEnd, account, liabDebit, liabCredit, memo, refs, x.id]));
    lines.push(csvLine([journal, 2, settings.periodEnd, '6990 Reconciliation Suspense', liabCredit, liabDebit, memo, refs, x.id]));
  }
  return lines.join('\r\n') + '\r\n';
}

export function platformCorrectionsCsv(report: Report): string {
  const lines = [csvLine(['Card Number', 'Instrument', 'Platform Balance', 'Reconstructed Balance', 'Adjustment', 'Exceptions'])];
  const byCard = new Map<string, string[]>();
  for (const x of report.exceptions) if (x.card && (x.platform_effect_cents ?? 0) !== 0) byCard.set(x.card, [...(byCard.get(x.card) ?? []), x.id]);
  for (const c of report.cards) {
    if (!c.card || c.reconstructed_cents === c.platform_reported_cents) continue;
    lines.push(csvLine([c.card, c.instrument, csvAmount(c.platform_reported_cents), csvAmount(c.reconstructed_cents), csvAmount(c.reconstructed_cents - c.platform_reported_cents), (byCard.get(c.card) ?? []).join(' ')]));
  }
  return lines.join('\r\n') + '\r\n';
}
