// Drift: how far the ERP and the platform have wandered from the truth, cumulatively, week by week. Small
// misses compound over a quarter; this shows when they did.
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { MatchResult } from '../match/movements';
import { addDays, type BusinessCalendar } from '../time';
import type { CaseSettings, DriftPoint } from '../types';
import { sourceOf } from './balances';
import { TotalTooLarge, addCents, withinBound } from '../exact-cents';
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
  // Every sum is exact or refused (exact-cents.ts), as the reconstruction's are.
  const add = (week: number[], b: number, cents: number, total: string, source: () => ReturnType<typeof sourceOf>) => {
    const sum = week[b] + cents;
    if (!withinBound(sum)) throw new TotalTooLarge(total, source());
    week[b] = sum;
  };
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (!inPeriod(e.bdate)) continue;
    if (e.system === 'erp' && e.scope && !openingLines.has(i)) add(erp, bucket(e.bdate), e.effect, "the ERP's weekly drift", () => ({ event: i }));
    if (e.system === 'platform') add(platform, bucket(e.bdate), e.effect, "the platform's weekly drift", () => ({ event: i }));
  }
  for (const m of match.movements) {
    const c = recon.countedCents[m.id];
    if (c !== 0) add(truth, bucket(calendar.businessDate(m.trueAtMs)), c, 'the reconstructed weekly drift', () => sourceOf(m));
  }
  const erpOpen = recon.erpOpeningCents;
  const trueOpen = opening.reduce((a, o) => addCents(a, o.cents, 'the opening balances’ total', { openingRow: o.row, cents: o.cents }), 0);
  let e = erpOpen, p = trueOpen, t = trueOpen;
  return weekEnds.map((week_end, i) => {
    e = addCents(e, erp[i], "the ERP's balance by week", null);
    p = addCents(p, platform[i], "the platform's balance by week", null);
    t = addCents(t, truth[i], 'the reconstructed balance by week', null);
    const drift = (a: number, b: number, total: string) => addCents(a, -b, total, null);
    return { week_end, erp_cents: e, platform_cents: p, reconstructed_cents: t, erp_drift_cents: drift(t, e, 'the drift from the ERP'), platform_drift_cents: drift(t, p, 'the drift from the platform') };
  });
}
