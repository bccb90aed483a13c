// What the true liability means at close: one call that takes the history (prior quarters' platform exports
// and this quarter's reconstruction), the optional card register, the escheat rules and the settings, and
// returns the aging, the escheat exposure, the breakage with its journal entry, and the disclosure roll-forward,
// with what could not be analysed and why. Pure and deterministic: the integration only feeds and formats it.
import type { Instrument, Rollforward } from '../types';
import { agingAt, type AgingResult } from './aging';
import { DEFAULT_BREAKAGE_SETTINGS, breakageForPeriod, checkBreakageSettings, type BreakageResult, type BreakageSettings } from './breakage';
import { PeriodLines, disclosureRollforward, type DisclosureResult } from './disclosure';
import {
  DEFAULT_ESCHEAT_SETTINGS, US_STATES, applicableRule, claimingState, defaultRuleTable, escheatExposure, owedShare, type CardRegister, type EscheatResult,
  type EscheatSettings, type RuleTable,
} from './escheat';
import { buildHistory, type History, type HistorySource, type SourceSummary } from './history';
import { replayHistory } from './layers';
import { addDays } from './months';

export interface AnalyticsSettings {
  breakage: BreakageSettings;
  escheat: EscheatSettings;
}

export const DEFAULT_ANALYTICS_SETTINGS: AnalyticsSettings = { breakage: DEFAULT_BREAKAGE_SETTINGS, escheat: DEFAULT_ESCHEAT_SETTINGS };

export type AnalyticsSettingsInput = {
  breakage?: Partial<Omit<BreakageSettings, 'accounts'>> & { accounts?: Partial<BreakageSettings['accounts']> };
  escheat?: Partial<EscheatSettings>;
};

/** The settings with defaults filled in, and one line per bad value naming it. */
export function resolveAnalyticsSettings(input: AnalyticsSettingsInput = {}): { settings: AnalyticsSettings; errors: string[] } {
  const settings: AnalyticsSettings = {
    breakage: { ...DEFAULT_BREAKAGE_SETTINGS, ...input.breakage, accounts: { ...DEFAULT_BREAKAGE_SETTINGS.accounts, ...input.breakage?.accounts } },
    escheat: { ...DEFAULT_ESCHEAT_SETTINGS, ...input.escheat },
  };
  const errors = checkBreakageSettings(settings.breakage);
  const e = settings.escheat;
  if (!Object.prototype.hasOwnProperty.call(US_STATES, e.holderState)) errors.push(`escheat.holderState: must be a US state or DC code such as "DE", got ${JSON.stringify(e.holderState)}`);
  if (!Number.isInteger(e.horizonDays) || e.horizonDays < 1 || e.horizonDays > 366) errors.push(`escheat.horizonDays: must be a whole number of days from 1 to 366, got ${JSON.stringify(e.horizonDays)}`);
  if (e.noRule !== 'owed_to_state' && e.noRule !== 'not_owed') errors.push(`escheat.noRule: must be "owed_to_state" or "not_owed", got ${JSON.stringify(e.noRule)}`);
  for (const k of ['ownerAddressFirst', 'programHasExpiry', 'programHasFees'] as const) {
    if (typeof e[k] !== 'boolean') errors.push(`escheat.${k}: must be true or false, got ${JSON.stringify(e[k])}`);
  }
  for (const [k, v] of Object.entries(settings.breakage.accounts)) {
    if (typeof v !== 'string' || v.trim() === '') errors.push(`breakage.accounts.${k}: must be an account number`);
  }
  return { settings, errors };
}

export class AnalyticsInputError extends Error {
  constructor(readonly errors: string[]) {
    super(errors.join('\n'));
    this.name = 'AnalyticsInputError';
  }
}

export type AnalysisName = 'aging' | 'escheat' | 'breakage' | 'disclosure' | 'revenue_from_opening' | 'current_portion';

export interface Availability {
  analysis: AnalysisName;
  possible: boolean;
  /** Why not, or what limits it. */
  reason: string | null;
}

export interface CloseAnalyticsInput {
  /** The period under review (inclusive business dates). */
  period: { start: string; end: string };
  /** Prior quarters' platform exports and this quarter's reconstruction, each with the period it covers. */
  sources: HistorySource[];
  register?: CardRegister;
  /** The escheat rule table; the shipped one when absent. */
  rules?: RuleTable;
  /** report.json's liability.rollforward and by_instrument, to tie the disclosure to. */
  reconstructed?: { rollforward: Rollforward; byInstrument?: Record<Instrument, number> };
  settings?: AnalyticsSettingsInput;
}

export interface CloseAnalytics {
  period: { start: string; end: string; prior_end: string };
  history: { covers: History['covers']; gaps: History['gaps']; sources: SourceSummary[]; cards: number; movements: number; notes: string[] };
  availability: Availability[];
  settings: AnalyticsSettings;
  aging: AgingResult;
  escheat: EscheatResult;
  breakage: BreakageResult;
  disclosure: DisclosureResult;
}

export function analyzeClose(input: CloseAnalyticsInput): CloseAnalytics {
  const { settings, errors } = resolveAnalyticsSettings(input.settings);
  if (errors.length) throw new AnalyticsInputError(errors);
  const { period } = input;
  const priorEnd = addDays(period.start, -1);
  const history = buildHistory(input.sources);
  const table = input.rules ?? defaultRuleTable();
  const es = settings.escheat;
  const groupOf = (card: { card: string }) => claimingState(card.card, input.register, es);
  const lines = new PeriodLines(period);
  const replay = replayHistory(history, { until: period.end, snapshots: [priorEnd, period.end], groupOf, period: lines });
  const closing = replay.snapshots.get(period.end)!;

  const escheat = escheatExposure(history, closing, period.end, table, input.register, es);
  const soon = withinHorizon(history, escheat);
  const aging = agingAt(history, closing, period.end, (i) => soon[i] === 1);
  const breakage = breakageForPeriod({
    history, replay, period, priorEnd, groupOf, settings: settings.breakage,
    owedOf: (group, instrument) => owedShare(applicableRule(table, group, instrument, es), es),
  });
  const disclosure = disclosureRollforward({ period, lines, breakage, reconstructed: input.reconstructed });

  return {
    period: { ...period, prior_end: priorEnd },
    history: {
      covers: history.covers, gaps: history.gaps, sources: history.sources, cards: history.cards.length,
      movements: history.cards.reduce((s, c) => s + c.movements.length, 0), notes: history.notes,
    },
    availability: availability(history, period, aging, escheat, breakage, disclosure),
    settings, aging, escheat, breakage, disclosure,
  };
}

/** Per card of the history (by index), 1 where its balance reaches dormancy within the horizon. */
function withinHorizon(history: History, escheat: EscheatResult): Uint8Array {
  const soon = new Uint8Array(history.cards.length);
  // The exposure lists its cards in the history's order, each once: one walk pairs them.
  let j = 0;
  for (let i = 0; i < history.cards.length && j < escheat.cards.length; i++) {
    const c = escheat.cards[j];
    if (c.card !== history.cards[i].card) continue;
    if (c.status === 'within_horizon') soon[i] = 1;
    j++;
  }
  return soon;
}

function availability(
  history: History,
  period: { start: string; end: string },
  aging: AgingResult,
  escheat: EscheatResult,
  breakage: BreakageResult,
  disclosure: DisclosureResult,
): Availability[] {
  const noPrior = !history.covers || history.covers.start >= period.start;
  const unknownAge = aging.rows.filter((r) => r.bucket === 'unknown').reduce((s, r) => s + r.cards, 0);
  const undetermined = escheat.other.filter((o) => o.status === 'undetermined').reduce((s, o) => s + o.cards, 0);
  return [
    {
      analysis: 'aging', possible: true,
      reason: unknownAge ? `${unknownAge} card(s) show no owner activity since ${history.covers?.start}: their age is unknown${noPrior ? ' (no prior quarters in the history)' : ''}` : null,
    },
    {
      analysis: 'escheat', possible: true,
      reason: undetermined
        ? `dormancy is measured from owner activity years before the period: ${undetermined} card(s) with no activity since ${history.covers?.start} cannot be dated${noPrior ? ' (add prior quarters: the Analytics screen, or --history)' : ''}`
        : null,
    },
    { analysis: 'breakage', possible: breakage.unavailable === null, reason: breakage.unavailable },
    {
      analysis: 'disclosure', possible: true,
      reason: breakage.unavailable ? 'without a breakage estimate the liability is the cards\' balances' : disclosure.ties && !disclosure.ties.ok ? 'the history does not tie to the reconstructed roll-forward' : null,
    },
    { analysis: 'revenue_from_opening', possible: true, reason: breakage.unavailable ? 'redemptions only: no breakage estimate' : null },
    {
      analysis: 'current_portion', possible: disclosure.current_portion.estimated,
      reason: disclosure.current_portion.estimated ? null : 'no redemption curve (the development triangle needs more history): the whole liability is shown as current',
    },
  ];
}
