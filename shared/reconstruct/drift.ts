// Drift: how far the ERP and the platform have wandered from the truth, cumulatively, week by week. Small
// misses compound over a quarter; this shows when they did.
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { MatchResult } from '../match/movements';
import { addDays, type BusinessCalendar } from '../time';
import type { CaseSettings, DriftPoint } from '../types';
import type { Reconstruction } from './replay';

export function weeklyDrift(
  ev: CanonicalEvent[],
  match: MatchResult,
  recon: Reconstruction,
  settings: CaseSettings,
  calendar: BusinessCalendar,
  opening: OpeningBalance[],
): DriftPoint[] {
  const weekEnds: string[] = [];
  for (let d = addDays(settings.periodStart, 6); d < settings.periodEnd; d = addDays(d, 7)) weekEnds.push(d);
  weekEnds.push(settings.periodEnd);
  const bucket = (date: string) => weekEnds.findIndex((w) => date <= w);
  const erp = new Array<number>(weekEnds.length).fill(0);
  const platform = new Array<number>(weekEnds.length).fill(0);
  const truth = new Array<number>(weekEnds.length).fill(0);
  const inPeriod = (d: string) => d >= settings.periodStart && d <= settings.periodEnd;
  const openingLines = new Set(match.erpOpening);
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (!inPeriod(e.bdate)) continue;
    if (e.system === 'erp' && e.scope && !openingLines.has(i)) erp[bucket(e.bdate)] += e.effect;
    if (e.system === 'platform') platform[bucket(e.bdate)] += e.effect;
  }
  for (const m of match.movements) {
    const c = recon.countedCents[m.id];
    if (c !== 0) truth[bucket(calendar.businessDate(m.trueAtMs))] += c;
  }
  const erpOpen = recon.erpOpeningCents;
  const trueOpen = opening.reduce((a, o) => a + o.cents, 0);
  let e = erpOpen, p = trueOpen, t = trueOpen;
  return weekEnds.map((week_end, i) => {
    e += erp[i];
    p += platform[i];
    t += truth[i];
    return { week_end, erp_cents: e, platform_cents: p, reconstructed_cents: t, erp_drift_cents: t - e, platform_drift_cents: t - p };
  });
}
