// Small builders for hand-written histories: tests write a few cards' movements inline, as an auditor would
// list them, and the integration's tests can do the same.
import { cardInstrumentOf, isOwnerInitiated, type HistorySource, type MovementKind, type ValueMovement } from './history';

let seq = 0;

/** A movement at noon UTC of its business date (in order of writing within a day). */
export function movement(card: string, bdate: string, kind: MovementKind, effect: number): ValueMovement {
  return { card, instrument: cardInstrumentOf(card), at: Date.parse(`${bdate}T12:00:00Z`) + seq++, bdate, kind, effect, ownerInitiated: isOwnerInitiated(kind) };
}

export function source(label: string, start: string, end: string, movements: ValueMovement[], carried: HistorySource['carried'] = []): HistorySource {
  return { label, period: { start, end }, startsAt: Date.parse(`${start}T00:00:00Z`), movements, carried };
}
