// Small builders for hand-written histories: tests write a few cards' movements inline, as an auditor would
// list them, and the integration's tests can do the same.
import type { Instrument } from '../types';
import { KIND_OF_FLOW, cardInstrumentOf, isOwnerInitiated, type CarriedBalance, type Flow, type HistorySource, type MovementKind, type ValueMovement } from './history';

let seq = 0;

/** A movement at noon UTC of its business date (in order of writing within a day). */
export function movement(card: string, bdate: string, kind: MovementKind, effect: number): ValueMovement {
  return { card, instrument: cardInstrumentOf(card), at: Date.parse(`${bdate}T12:00:00Z`) + seq++, bdate, kind, effect, ownerInitiated: isOwnerInitiated(kind) };
}

export function source(label: string, start: string, end: string, movements: ValueMovement[], carried: HistorySource['carried'] = []): HistorySource {
  return { label, period: { start, end }, startsAt: Date.parse(`${start}T00:00:00Z`), movements, carried };
}

/**
 * A source as the reconstruction of a period gives one (case-analytics.ts, reconstructionSource), from flows written by hand: each movement's counted effect in the period,
 * its effective instant and business date, and the reconstructed opening balances as carried balances. A
 * movement without a card number (a sale never activated) must come with the key the reconstruction gives it.
 */
export function sourceFromReconstruction(
  label: string,
  period: { start: string; end: string },
  startsAt: number,
  flows: readonly { card: string; instrument: Instrument; flow: Flow; effect: number; at: number; bdate: string; ref?: string }[],
  opening: readonly { card: string; instrument: Instrument; cents: number }[],
): HistorySource {
  const movements: ValueMovement[] = [];
  for (const f of flows) {
    if (f.effect === 0) continue;
    const kind = KIND_OF_FLOW[f.flow];
    movements.push({ card: f.card, instrument: f.instrument, at: f.at, bdate: f.bdate, kind, effect: f.effect, ownerInitiated: isOwnerInitiated(kind), ref: f.ref });
  }
  const carried = new Map<string, CarriedBalance>();
  for (const o of opening) {
    const c = carried.get(o.card);
    if (c) c.cents += o.cents;
    else carried.set(o.card, { card: o.card, instrument: o.instrument, cents: o.cents });
  }
  return { label, period, startsAt, movements, carried: [...carried.values()] };
}
