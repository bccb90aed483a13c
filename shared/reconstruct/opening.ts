// Opening balances when the case has no opening balances file.
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { CaseSettings } from '../types';

/**
 * Without an opening balances file, the platform's own ledger says what each card held at the period start:
 * the last Balance After before it, or the first row's Balance After less that row's own movement.
 */
export function inferOpening(ev: CanonicalEvent[], settings: CaseSettings): OpeningBalance[] {
  const first = new Map<string, CanonicalEvent>();
  const lastBefore = new Map<string, CanonicalEvent>();
  for (const e of ev) {
    if (e.system !== 'platform' || !e.card || e.balanceAfter === null) continue;
    const later = (a: CanonicalEvent | undefined) => !a || e.at > a.at || (e.at === a.at && e.row > a.row);
    if (e.bdate < settings.periodStart) {
      if (later(lastBefore.get(e.card))) lastBefore.set(e.card, e);
    } else {
      const f = first.get(e.card);
      if (!f || e.at < f.at || (e.at === f.at && e.row < f.row)) first.set(e.card, e);
    }
  }
  const out: OpeningBalance[] = [];
  for (const card of [...new Set([...first.keys(), ...lastBefore.keys()])].sort()) {
    const before = lastBefore.get(card);
    const f = first.get(card)!;
    const cents = before ? before.balanceAfter! : f.type === 'activation' ? 0 : f.balanceAfter! - f.effect;
    if (cents !== 0) out.push({ card, instrument: (before ?? f).instrument ?? 'gift_card', cents, row: 0 });
  }
  return out;
}
