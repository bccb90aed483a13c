// Reconstruction: per card, the opening balance plus every movement that really happened in the period (the
// default resolutions, or the auditor's decisions), replayed in time order; the roll-forward; the bridge from
// the ERP's closing balance, one line per category. The identities that tie them are asserted here.
import type { Finding } from '../classify/classify';
import type { MovementFinding } from '../classify/finding';
import { defaultOf, SPEND_STANDS } from '../classify/resolutions';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { MatchResult, Movement } from '../match/movements';
import { formatCents } from '../money';
import type { BusinessCalendar } from '../time';
import type { BridgeLine, CardBalance, CaseSettings, Decision, ExceptionItem, Instrument, Rollforward } from '../types';
import { attribute, differences } from './attribution';
import { cardBalances, type LineIndex } from './balances';
import { lineHistories, lineOf, openingByLine, type CardAdjustment } from './card-history';
import { ExceptionIds } from './exception-ids';
import { exceptionItems, findingKey, type Resolved } from './exceptions';
import { assertIdentities, bridgeOf, erpBalances, rollforwardOf } from './identities';
import { applyResolution, type ReplayState } from './resolution-effects';

export { findingKey } from './exceptions';
export { IdentityError } from './identities';
export { ExceptionIds, type ExceptionIdEntry } from './exception-ids';
export { TotalTooLarge } from '../exact-cents';

export interface Reconstruction {
  exceptions: ExceptionItem[];
  cards: CardBalance[];
  /** Each card line's opening balance, in the order of `cards` (the Balances sheet's first column). */
  openings: Float64Array;
  rollforward: Rollforward;
  bridge: BridgeLine[];
  byInstrument: Record<Instrument, number>;
  reconstructedCents: number;
  platformReportedCents: number;
  erpClosingCents: number;
  erpOpeningCents: number;
  /** Per movement, indexed by its id: the true effect counted in the period (after resolutions). */
  countedCents: Float64Array;
  /** Per movement id: its true effect and instant under the resolutions in force. */
  effectCents: Float64Array;
  atMs: Float64Array;
  /** Corrections to cards that are no movement (chain breaks resolved to the platform's balance). */
  adjustments: CardAdjustment[];
  /** The line each opening row and movement is on (balances.ts). */
  lines: LineIndex;
  /** Exception key → the movement it is about (none for a balance-chain break). */
  movementByKey: Map<string, number | null>;
  /** Every finding reported, by key. */
  findingByKey: Map<string, Finding>;
  /** The keys of the findings made for differences no rule named (docs/formats.md §2). */
  unnamed: Set<string>;
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
  /** The case's exception ids: known findings keep theirs, new ones are numbered after the highest (it grows). */
  ids: ExceptionIds = new ExceptionIds(),
): Reconstruction {
  const { movements } = match;
  const inPeriod = (bdate: string) => bdate >= settings.periodStart && bdate <= settings.periodEnd;
  const counts = (ms: number) => inPeriod(calendar.businessDate(ms));
  const state = initialState(ev, movements);
  const resolved = resolve(findings, decisions, state);
  const spends = resolved.unspent.flatMap((f) => excludeUnspent(f, { ev, movements, state, opening, counts, calendar }) ?? []);
  for (const f of spends) resolved.chosen.set(findingKey(f), SPEND_STANDS.code);
  const diff = differences(ev, movements, state.effect, state.at, inPeriod, (ms) => calendar.businessDate(ms));
  const { carrier, unnamed } = attribute(ev, movements, findings, diff, (f) => resolved.decidedFlags.has(f));
  for (const f of unnamed) resolved.chosen.set(findingKey(f), defaultOf(f));
  const all = [...findings, ...spends, ...unnamed];
  const exceptions = exceptionItems(all, carrier, diff, resolved, ids);

  const balances = cardBalances(ev, movements, diff.counted, opening, state.cardAdjust, match.platformRowsByCard, settings.periodEnd);
  const { cards, openings, flows, openingCents, byInstrument } = balances;
  const reconstructedCents = balances.closingCents;
  const rollforward = rollforwardOf(openingCents, flows, reconstructedCents);
  const erp = erpBalances(ev, match.erpOpening, inPeriod);
  const bridge = bridgeOf(exceptions, openingCents, erp.openingCents);
  assertIdentities(rollforward, bridge, erp.closingCents, reconstructedCents, byInstrument);
  return {
    exceptions, cards, openings, rollforward, bridge, byInstrument, reconstructedCents,
    platformReportedCents: balances.platformCents,
    erpClosingCents: erp.closingCents, erpOpeningCents: erp.openingCents, countedCents: diff.counted,
    effectCents: state.effect, atMs: state.at, adjustments: state.adjustments, lines: balances.lines,
    movementByKey: new Map(all.map((f) => [findingKey(f), f.movement?.id ?? null] as const)),
    findingByKey: new Map(all.map((f) => [findingKey(f), f] as const)),
    unnamed: new Set(unnamed.map(findingKey)),
    decisionsApplied: resolved.applied,
  };
}

/**
 * Each movement's effect and instant as matched, by id. Arrays indexed by movement id: a decision replays every
 * movement, and typed arrays keep that replay quick.
 */
function initialState(ev: readonly CanonicalEvent[], movements: readonly Movement[]): ReplayState {
  const size = movements.reduce((a, m) => Math.max(a, m.id), 0) + 1;
  const state: ReplayState = { ev, effect: new Float64Array(size), at: new Float64Array(size), cardAdjust: new Map(), adjustments: [] };
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i];
    state.effect[m.id] = m.trueEffectCents;
    state.at[m.id] = m.trueAtMs;
  }
  return state;
}

/**
 * The resolution in force for each finding (the auditor's latest decision, else the default), applied. An
 * activation excluded but for its spent part is settled after the others (`unspent`): what was spent depends on
 * everything else on the card.
 */
function resolve(
  findings: readonly Finding[],
  decisions: readonly Decision[],
  state: ReplayState,
): Resolved & { applied: number; unspent: Finding[]; decidedFlags: Set<Finding> } {
  const latest = new Map<string, Decision>();
  for (const d of decisions) latest.set(d.key, d);
  const chosen = new Map<string, string>();
  const unspent: Finding[] = [];
  const decidedFlags = new Set<Finding>();
  let applied = 0;
  for (const f of findings) {
    const key = findingKey(f);
    const d = latest.get(key);
    const fallback = defaultOf(f);
    const code = d?.action === 'resolve' && d.resolution ? d.resolution : fallback;
    chosen.set(key, code);
    if (d) applied++;
    if (code === fallback) continue;
    if (!f.carriesDelta) decidedFlags.add(f);
    if (code === 'exclude_unspent') unspent.push(f);
    else applyResolution(code, f, state);
  }
  return { chosen, latest, applied, unspent, decidedFlags };
}

interface UnspentContext {
  ev: readonly CanonicalEvent[];
  movements: readonly Movement[];
  state: ReplayState;
  opening: readonly OpeningBalance[];
  counts: (ms: number) => boolean;
  calendar: BusinessCalendar;
}

/**
 * Excludes the part of an activation (or reload) that was not spent: replayed without it, the card's balance
 * would go below zero where it spent that value; so much of it stands, and the rest is excluded. The spend is a
 * finding of its own, naming the rows that spent it. Null when none of it was spent (all of it is excluded).
 */
function excludeUnspent(f: Finding, c: UnspentContext): MovementFinding | null {
  const m = f.movement;
  if (!m) return null;
  const full = c.state.effect[m.id];
  c.state.effect[m.id] = 0;
  if (full <= 0 || !c.counts(c.state.at[m.id])) return null;
  const line = lineOf(m);
  const counted = new Float64Array(c.state.effect.length);
  for (const x of c.movements) if (lineOf(x) === line && c.counts(c.state.at[x.id])) counted[x.id] = c.state.effect[x.id];
  const steps = lineHistories({ movements: c.movements, counted, at: c.state.at, opening: c.opening, adjustments: c.state.adjustments }, new Set([line])).get(line) ?? [];
  // The balance just before the activation, then the lows below it that only the activation's value covered.
  let running = openingByLine(c.opening).get(line) ?? 0;
  const at = c.state.at[m.id];
  let i = 0;
  for (; i < steps.length && steps[i].at < at; i++) running += steps[i].cents;
  const floor = Math.min(running, 0);
  let low = floor;
  const spends: number[] = [];
  for (; i < steps.length; i++) {
    running += steps[i].cents;
    if (running < low) {
      low = running;
      if (steps[i].movement !== null) spends.push(steps[i].movement!);
    }
  }
  const spent = Math.min(full, floor - low);
  if (spent <= 0) return null;
  c.state.effect[m.id] = spent;
  const byId = new Map(c.movements.map((x) => [x.id, x] as const));
  const rows = spends.map((id) => rowOf(byId.get(id)!));
  const activation = c.ev[m.anchor!];
  const named = rows.map((r) => `${c.ev[r].system} ${c.ev[r].key} (${c.ev[r].type} ${formatCents(c.ev[r].amount)} at ${c.calendar.local(c.ev[r].at)})`);
  return {
    category: 'UNPAID_ACTIVATION', movement: m, carriesDelta: false, card: m.card, last4: m.last4, order: m.order, amountCents: spent,
    records: [activation, ...rows.map((r) => c.ev[r])].map((e) => ({ system: e.system, ref: e.key })),
    explanation:
      `${formatCents(spent)} of the ${formatCents(full)} ${activation.type} ${activation.key}, which the auditor excluded as not a legitimate issue, ` +
      `was spent before the exclusion: ${named.join(', ')}. That spend stands (it left the card: a loss to pursue, not a liability); ` +
      `the ${formatCents(full - spent)} not spent is excluded.`,
    suggestion: SPEND_STANDS.label, spentFrom: findingKey(f),
  };
}

/** The row a movement is about: its platform row, else its first member. */
function rowOf(m: Movement): number {
  return m.anchor ?? m.members[0].event;
}
