// The disclosure roll-forward of the stored-value liability in the shape retailers file (e.g. Starbucks' stored
// value card note): opening; deferred (activations, reloads); recognised (redemptions, breakage); other
// (adjustments, currency); closing. It is the contract liability: the cards' balances less the breakage
// recognised on value still on them. It ties to the reconstruction's roll-forward line by line, and its closing
// plus that breakage is the reconstructed closing. Beside it: the revenue recognised this period that was in the
// opening balance (ASC 606-10-50-8) and the current portion.
import type { Instrument, Rollforward } from '../types';
import type { BreakageResult } from './breakage';
import type { MovementKind, ValueMovement } from './history';
import type { CardState } from './layers';
import { addDays } from './months';

export const INSTRUMENTS: readonly Instrument[] = ['gift_card', 'store_credit'];

type ByInstrument = Record<Instrument, number> & { total: number };

export interface DisclosureLine {
  key: string;
  section: 'opening' | 'deferred' | 'recognised' | 'other' | 'closing';
  label: string;
  /** Signed effect on the liability, cents. */
  amounts: ByInstrument;
}

export interface DisclosureResult {
  period: { start: string; end: string };
  basis: string;
  lines: DisclosureLine[];
  /** opening + every line = closing, per column. */
  foots: boolean;
  /** The cards' balances, by the roll-forward's own lines, per instrument (what ties to the reconstruction). */
  customer_balances: Record<Instrument | 'total', Rollforward>;
  /** The breakage recognised on value still on the cards, at the opening and at the closing. */
  breakage_on_balances: { opening: ByInstrument; closing: ByInstrument };
  ties: { to: string; ok: boolean; lines: { line: keyof Rollforward | 'closing_gift_card' | 'closing_store_credit'; history_cents: number; reconstructed_cents: number; difference_cents: number }[] } | null;
  revenue_from_opening: { rule: string; redemptions: ByInstrument; breakage: ByInstrument; total: ByInstrument };
  current_portion: { rule: string; current: ByInstrument; noncurrent: ByInstrument; estimated: boolean };
  notes: string[];
}

const zero = (): ByInstrument => ({ gift_card: 0, store_credit: 0, total: 0 });
const by = (f: (i: Instrument) => number): ByInstrument => {
  const o = zero();
  for (const i of INSTRUMENTS) o[i] = f(i);
  o.total = o.gift_card + o.store_credit;
  return o;
};
const emptyRollforward = (): Rollforward => ({
  opening_cents: 0, issued_cents: 0, reloaded_cents: 0, redeemed_cents: 0, refunded_cents: 0, voided_cents: 0, adjusted_cents: 0, expired_cents: 0, closing_cents: 0,
});

/** A movement on its roll-forward line. Redemptions and expiries are shown as positive amounts taken off, as the reconstruction shows them. */
function addToLine(r: Rollforward, kind: MovementKind, effect: number): void {
  switch (kind) {
    case 'activation': r.issued_cents += effect; break;
    case 'reload': r.reloaded_cents += effect; break;
    case 'redemption': r.redeemed_cents -= effect; break;
    case 'refund': r.refunded_cents += effect; break;
    case 'void': r.voided_cents += effect; break;
    case 'adjustment': r.adjusted_cents += effect; break;
    case 'expiry': r.expired_cents -= effect; break;
  }
}

/**
 * The period's side of the roll-forward, per instrument: each card's movements in the period on their lines, its
 * balances at the opening (the end of the day before the period) and at the closing, and the redemptions that
 * consumed its opening (606-10-50-8: per card, redemptions net of refunds and voids giving value back consume
 * the opening first). Gathered card by card as the replay goes through them (replayHistory's `period`).
 */
export class PeriodLines {
  readonly rf: Record<Instrument, Rollforward> = { gift_card: emptyRollforward(), store_credit: emptyRollforward() };
  readonly fromOpening: Record<Instrument, number> = { gift_card: 0, store_credit: 0 };
  /** The snapshot dates the opening and closing balances are taken at. */
  readonly openingDate: string;
  private spent = 0;

  constructor(readonly period: { start: string; end: string }) {
    this.openingDate = addDays(period.start, -1);
  }

  /** One of the card's movements, in order, up to the period end. */
  movement(instrument: Instrument, m: ValueMovement): void {
    if (m.bdate < this.period.start) return;
    addToLine(this.rf[instrument], m.kind, m.effect);
    if (m.kind === 'redemption') this.spent -= m.effect;
    else if (m.kind === 'refund' || (m.kind === 'void' && m.effect > 0)) this.spent -= m.effect;
  }

  /** The card's balances at the opening and the closing, after its movements. */
  endCard(instrument: Instrument, opening: CardState, closing: CardState): void {
    const r = this.rf[instrument];
    r.opening_cents += opening.balance;
    r.closing_cents += closing.balance;
    this.fromOpening[instrument] += Math.min(Math.max(0, opening.balance), Math.max(0, this.spent));
    this.spent = 0;
  }
}

export interface DisclosureInput {
  period: { start: string; end: string };
  /** The period's lines, from the replay of the history. */
  lines: PeriodLines;
  breakage: BreakageResult | null;
  /** The reconstruction's roll-forward (report.json liability.rollforward) and closing by instrument. */
  reconstructed?: { rollforward: Rollforward; byInstrument?: Record<Instrument, number> };
}

export function disclosureRollforward(input: DisclosureInput): DisclosureResult {
  const { period } = input;
  const notes: string[] = [];
  const { rf, fromOpening } = input.lines;
  const total = emptyRollforward();
  for (const i of INSTRUMENTS) for (const k of Object.keys(total) as (keyof Rollforward)[]) total[k] += rf[i][k];

  const b = input.breakage && !input.breakage.unavailable ? input.breakage : null;
  if (!b) {
    notes.push(`No breakage estimate${input.breakage?.unavailable ? ` (${input.breakage.unavailable})` : ''}: the liability is the cards' balances, and only the balances the platform expired are shown as breakage.`);
  }
  // Both instruments are estimated when the method applies (breakage.ts): none is missing from a `b`.
  const est = (i: Instrument) => b?.by_instrument[i];
  const contraOpening = by((i) => est(i)?.contra_prior_cents ?? 0);
  const contraClosing = by((i) => est(i)?.contra_now_cents ?? 0);
  const breakage = by((i) => est(i)?.this_period_cents ?? rf[i].expired_cents);

  const lines: DisclosureLine[] = [
    { key: 'opening', section: 'opening', label: 'Opening balance', amounts: by((i) => rf[i].opening_cents - contraOpening[i]) },
    { key: 'activations', section: 'deferred', label: 'Deferred: activations', amounts: by((i) => rf[i].issued_cents) },
    { key: 'reloads', section: 'deferred', label: 'Deferred: reloads', amounts: by((i) => rf[i].reloaded_cents) },
    { key: 'redemptions', section: 'recognised', label: 'Recognised: redemptions', amounts: by((i) => -rf[i].redeemed_cents) },
    { key: 'returned', section: 'recognised', label: 'Recognised: refunds and voids (value back onto cards, loads reversed)', amounts: by((i) => rf[i].refunded_cents + rf[i].voided_cents) },
    { key: 'breakage', section: 'recognised', label: 'Recognised: breakage (including balances the platform expired)', amounts: by((i) => -breakage[i]) },
    { key: 'adjustments', section: 'other', label: 'Other: adjustments', amounts: by((i) => rf[i].adjusted_cents) },
    { key: 'currency', section: 'other', label: 'Other: currency translation (one currency per case)', amounts: zero() },
    { key: 'closing', section: 'closing', label: 'Closing balance', amounts: by((i) => rf[i].closing_cents - contraClosing[i]) },
  ];
  const foots = (['gift_card', 'store_credit', 'total'] as const).every(
    (col) => lines.slice(0, -1).reduce((s, l) => s + l.amounts[col], 0) === lines[lines.length - 1].amounts[col],
  );
  if (!foots) {
    notes.push('The roll-forward does not foot: the expiries in the history differ from those the breakage figures count (value expired beyond what cards held).');
  }

  let ties: DisclosureResult['ties'] = null;
  if (input.reconstructed) {
    const rec = input.reconstructed.rollforward;
    const tl: NonNullable<DisclosureResult['ties']>['lines'] = (Object.keys(rec) as (keyof Rollforward)[]).map((k) => ({
      line: k, history_cents: total[k], reconstructed_cents: rec[k], difference_cents: total[k] - rec[k],
    }));
    if (input.reconstructed.byInstrument) {
      for (const i of INSTRUMENTS) {
        const r = input.reconstructed.byInstrument[i];
        tl.push({ line: `closing_${i}`, history_cents: rf[i].closing_cents, reconstructed_cents: r, difference_cents: rf[i].closing_cents - r });
      }
    }
    ties = { to: 'report.json liability.rollforward', ok: tl.every((l) => l.difference_cents === 0), lines: tl };
    if (!ties.ok) notes.push('The history does not tie to the reconstructed roll-forward: see the lines with a difference (the current quarter must enter the history as the reconstruction counted it).');
  }

  const fromOpeningRedemptions = by((i) => fromOpening[i]);
  const fromOpeningBreakage = by((i) => est(i)?.from_opening_cents ?? 0);
  const estimated = !!b && INSTRUMENTS.every((i) => (est(i)?.expected_redemptions_12m_cents ?? null) !== null);
  const closing = lines[lines.length - 1].amounts;
  const current = by((i) => {
    const c = closing[i];
    if (c <= 0) return c;
    const expected = est(i)?.expected_redemptions_12m_cents;
    return expected === null || expected === undefined ? c : Math.min(c, expected);
  });
  if (!estimated) notes.push('No redemption curve: the whole liability is shown as current.');
  return {
    period,
    basis:
      'The contract liability: the cards\' balances as the history adds them up (tied to the reconstruction) less the breakage recognised on value still on them. Amounts are signed effects on the liability, in cents.',
    lines,
    foots,
    customer_balances: { gift_card: rf.gift_card, store_credit: rf.store_credit, total },
    breakage_on_balances: { opening: contraOpening, closing: contraClosing },
    ties,
    revenue_from_opening: {
      rule: 'Per card, redemptions net of refunds and voids giving value back consume the balance held at the opening first (FIFO); with the breakage recognised this period on value loaded before the period began.',
      redemptions: fromOpeningRedemptions, breakage: fromOpeningBreakage, total: by((i) => fromOpeningRedemptions[i] + fromOpeningBreakage[i]),
    },
    current_portion: {
      rule: 'Expected redemptions in the next 12 months from the redemption curve (value of no vintage counted as current), at most the closing balance; the rest is non-current.',
      current, noncurrent: by((i) => closing[i] - current[i]), estimated,
    },
    notes,
  };
}
