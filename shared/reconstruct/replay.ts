// Reconstruction: per card, the opening balance plus every movement that really happened in the period (the
// default resolutions, or the auditor's decisions), replayed in time order; the roll-forward; the bridge from
// the ERP's closing balance, one line per category. The identities that tie them are asserted here.
import type { Finding } from '../classify/classify';
import { defaultResolution } from '../classify/resolutions';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { MatchResult, Movement } from '../match/movements';
import type { BusinessCalendar } from '../time';
import type { BridgeLine, CardBalance, CaseSettings, Decision, ExceptionItem, Instrument, Rollforward } from '../types';
import { attribute, differences } from './attribution';
import { cardBalances } from './balances';
import { exceptionItems, findingKey, type Resolved } from './exceptions';
import { assertIdentities, bridgeOf, erpBalances, rollforwardOf } from './identities';
import { applyResolution, type ReplayState } from './resolution-effects';

export { findingKey } from './exceptions';
export { IdentityError } from './identities';
export { TotalTooLarge } from '../exact-cents';

export interface Reconstruction {
  exceptions: ExceptionItem[];
  cards: CardBalance[];
  rollforward: Rollforward;
  bridge: BridgeLine[];
  byInstrument: Record<Instrument, number>;
  reconstructedCents: number;
  platformReportedCents: number;
  erpClosingCents: number;
  erpOpeningCents: number;
  /** Per movement, indexed by its id: the true effect counted in the period (after resolutions). */
  countedCents: Float64Array;
  /** Per movement id: its effective instant after resolutions (epoch ms); per card, a balance-chain correction. */
  effectiveAtMs: Float64Array;
  cardAdjust: ReadonlyMap<string, number>;
  /** Exception key → the movement it is about (none for a balance-chain break). */
  movementByKey: Map<string, number | null>;
  decisionsApplied: number;
}

export function reconstruct(
  ev: readonly CanonicalEvent[],
  match: Pick<MatchResult, 'movements' | 'erpOpening' | 'platformRowsByCard'>,
  findings: readonly Finding[],
  opening: readonly OpeningBalance[],
  settings: CaseSettings,
  calendar: BusinessCalendar,
  decisions: readonly Decision[],
): Reconstruction {
  const { movements } = match;
  const inPeriod = (bdate: string) => bdate >= settings.periodStart && bdate <= settings.periodEnd;
  const state = initialState(ev, movements);
  const resolved = resolve(findings, decisions, state);
  const diff = differences(ev, movements, state.effect, state.at, inPeriod, (ms) => calendar.businessDate(ms));
  const { carrier, unnamed } = attribute(ev, movements, findings, diff);
  for (const f of unnamed) resolved.chosen.set(findingKey(f), defaultResolution(f.category));
  const all = [...findings, ...unnamed];
  const exceptions = exceptionItems(all, carrier, diff, resolved);

  const balances = cardBalances(ev, movements, diff.counted, opening, state.cardAdjust, match.platformRowsByCard, settings.periodEnd);
  const { cards, flows, openingCents, byInstrument } = balances;
  const reconstructedCents = balances.closingCents;
  const rollforward = rollforwardOf(openingCents, flows, reconstructedCents);
  const erp = erpBalances(ev, match.erpOpening, inPeriod);
  const bridge = bridgeOf(exceptions, openingCents, erp.openingCents);
  assertIdentities(rollforward, bridge, erp.closingCents, reconstructedCents, byInstrument);
  return {
    exceptions, cards, rollforward, bridge, byInstrument, reconstructedCents,
    platformReportedCents: balances.platformCents,
    erpClosingCents: erp.closingCents, erpOpeningCents: erp.openingCents, countedCents: diff.counted,
    effectiveAtMs: state.at, cardAdjust: state.cardAdjust,
    movementByKey: new Map(all.map((f) => [findingKey(f), f.movement?.id ?? null] as const)),
    decisionsApplied: resolved.applied,
  };
}

/**
 * Each movement's effect and instant as matched, by id. Arrays indexed by movement id: a decision replays every
 * movement, and typed arrays keep that replay quick.
 */
function initialState(ev: readonly CanonicalEvent[], movements: readonly Movement[]): ReplayState {
  const size = movements.reduce((a, m) => Math.max(a, m.id), 0) + 1;
  const state: ReplayState = { ev, effect: new Float64Array(size), at: new Float64Array(size), cardAdjust: new Map() };
  for (const m of movements) {
    state.effect[m.id] = m.trueEffectCents;
    state.at[m.id] = m.trueAtMs;
  }
  return state;
}

/** The resolution in force for each finding (the auditor's latest decision, else the default), applied. */
function resolve(findings: readonly Finding[], decisions: readonly Decision[], state: ReplayState): Resolved & { applied: number } {
  const latest = new Map<string, Decision>();
  for (const d of decisions) latest.set(d.key, d);
  const chosen = new Map<string, string>();
  let applied = 0;
  for (const f of findings) {
    const key = findingKey(f);
    const d = latest.get(key);
    const fallback = defaultResolution(f.category);
    const code = d?.action === 'resolve' && d.resolution ? d.resolution : fallback;
    chosen.set(key, code);
    if (d) applied++;
    if (code !== fallback) applyResolution(code, f, state);
  }
  return { chosen, latest, applied };
}
