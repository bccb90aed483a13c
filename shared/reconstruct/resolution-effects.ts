// What each resolution an auditor may choose does to the replay: it changes a movement's true effect or
// instant (or, for a balance-chain break, takes the platform's balance for the card); nothing else. The
// default resolution of each category is what matching and classifying already decided, so it has no entry.
import type { Finding } from '../classify/classify';
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movement';
import type { CardAdjustment } from './card-history';

/** The replay's state a resolution may change: per movement id, its effect and instant; per card, a correction. */
export interface ReplayState {
  ev: readonly CanonicalEvent[];
  effect: Float64Array;
  at: Float64Array;
  cardAdjust: Map<string, number>;
  /** The same corrections one by one, each at the instant of the row where the chain broke. */
  adjustments: CardAdjustment[];
}

type Effect = (f: Finding, s: ReplayState) => void;

/** The movement's ERP members' shares: what the ERP booked for it. */
const erpShares = (m: Movement, ev: readonly CanonicalEvent[]) => m.members.filter((x) => ev[x.event].system === 'erp').reduce((a, x) => a + x.shareCents, 0);

/** It did not happen (an ERP-only line already did not: its movement has no effect to take away). */
const didNotHappen: Effect = (f, s) => {
  if (f.movement && f.category !== 'ERP_ONLY_ENTRY') s.effect[f.movement.id] = 0;
};

const RESOLUTION_EFFECTS: Record<string, Effect> = {
  liability_at_activation(f, s) {
    const m = f.movement;
    if (m && m.anchor !== null) s.at[m.id] = s.ev[m.anchor].at;
  },
  no_liability: didNotHappen,
  exclude_card: didNotHappen,
  did_not_happen: didNotHappen,
  tender_stands: didNotHappen,
  reverse_override: didNotHappen,
  // A platform retry that was real counts its own amount; an ERP double posting that was real means the
  // movement happened as many times as the ERP booked it.
  happened_twice(f, s) {
    const m = f.movement;
    if (m?.kind === 'duplicate') s.effect[m.id] = s.ev[m.anchor].effect;
    else if (m) s.effect[m.id] = erpShares(m, s.ev);
  },
  it_happened(f, s) {
    const m = f.movement;
    if (m && f.category === 'ERP_ONLY_ENTRY') s.effect[m.id] = m.members.reduce((a, x) => a + x.shareCents, 0);
  },
  erp_amount(f, s) {
    if (f.movement) s.effect[f.movement.id] = erpShares(f.movement, s.ev);
  },
  posting_date(f, s) {
    const m = f.movement;
    const line = m?.erpLines[0];
    if (m && line !== undefined) s.at[m.id] = s.ev[line].at;
  },
  platform_balance(f, s) {
    if (!f.chainBreak || !f.card) return;
    s.cardAdjust.set(f.card, (s.cardAdjust.get(f.card) ?? 0) + f.chainBreak.cents);
    s.adjustments.push({ card: f.card, cents: f.chainBreak.cents, at: s.ev[f.chainBreak.event].at });
  },
};

/** Applies resolution `code` of finding `f` to the replay; a code with no effect of its own changes nothing. */
export function applyResolution(code: string, f: Finding, s: ReplayState): void {
  if (Object.hasOwn(RESOLUTION_EFFECTS, code)) RESOLUTION_EFFECTS[code](f, s);
}
