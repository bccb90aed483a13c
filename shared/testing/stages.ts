// The stages run on a handful of literal events (testing/events.ts), as the pipeline runs them: loaded into a
// case database, matched by the real rules, classified, replayed. For the stages' own tests.
import { classify, type Classification } from '../classify/classify';
import { CaseStore } from '../case/case-store';
import { centsByCard, matchEvents } from '../case/stages';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { MatchResult } from '../match/movements';
import { loadSqlJs } from '../node/files';
import { reconstruct, type Reconstruction } from '../reconstruct/replay';
import { BusinessCalendar } from '../time';
import { DEFAULT_SETTINGS, type CaseSettings, type Decision } from '../types';

/** A quarter of 2026 in UTC, the default settings otherwise. */
export const SETTINGS: CaseSettings = { ...DEFAULT_SETTINGS, periodStart: '2026-07-01', periodEnd: '2026-09-30', timezone: 'UTC', currency: 'USD' };
export const CALENDAR = new BusinessCalendar('UTC');

/** Opening balances written short: card → amount (e.g. { '6006000000000001': '40.00' }). */
export function openingOf(cards: Record<string, string>): OpeningBalance[] {
  return Object.entries(cards).map(([card, amount], i) => ({
    card, instrument: card.startsWith('SC') ? 'store_credit' : 'gift_card', cents: Math.round(Number(amount) * 100), row: i + 2,
  }));
}

/**
 * The events loaded into a case database and matched, as the pipeline's match stage does; `omitted`: per batch
 * line, the redemptions a reviewer chose as those it left out.
 */
export async function matched(ev: CanonicalEvent[], opening: OpeningBalance[] = [], omitted = new Map<number, number[]>()): Promise<MatchResult> {
  const store = CaseStore.create(await loadSqlJs(), 0);
  try {
    const load = store.beginInputs(SETTINGS);
    load.add(ev);
    load.finish();
    store.writeInputs(SETTINGS, undefined, []);
    store.endInputs();
    return matchEvents(store, ev, opening, { link: [], unlink: [], omitted, said: [] });
  } finally {
    store.close();
  }
}

/** Matched, then classified. */
export async function classified(ev: CanonicalEvent[], opening: OpeningBalance[] = [], settings = SETTINGS): Promise<MatchResult & Classification> {
  const match = await matched(ev, opening);
  const out = classify(match.events, match.movements, match.platformRowsByCard, settings, CALENDAR, centsByCard(opening));
  return { ...match, ...out };
}

/** Matched, classified and replayed under `decisions`. */
export async function replayed(ev: CanonicalEvent[], opening: OpeningBalance[] = [], decisions: Decision[] = []): Promise<Reconstruction & { c: MatchResult & Classification }> {
  const c = await classified(ev, opening);
  return { ...reconstruct(c.events, c, c.findings, opening, SETTINGS, CALENDAR, decisions), c };
}
