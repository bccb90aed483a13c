// The reconciled result on screen: the report, the weekly drift and what undo would take back, as the engine
// last pushed them (engine-events.ts).
import { create } from 'zustand';
import type { DecisionHistory } from '../../../shared/case/api';
import type { DriftPoint, Report } from '../../../shared/types';

export const NO_HISTORY: DecisionHistory = { canUndo: false, canRedo: false };

export interface ReportState {
  report: Report | null;
  drift: DriftPoint[];
  history: DecisionHistory;
  /** When the numbers were produced (ISO instant). */
  at: string | null;
  setResult(report: Report, drift: DriftPoint[], history?: DecisionHistory, at?: string): void;
  clear(): void;
}

export const useReportStore = create<ReportState>()((set) => ({
  report: null,
  drift: [],
  history: NO_HISTORY,
  at: null,
  setResult: (report, drift, history = NO_HISTORY, at = new Date().toISOString()) => set({ report, drift, history, at }),
  clear: () => set({ report: null, drift: [], history: NO_HISTORY, at: null }),
}));

export interface Headline {
  erp: number;
  platform: number;
  reconstructed: number;
  /** reconstructed − ERP */
  erpDiff: number;
  /** reconstructed − platform */
  platformDiff: number;
}

export function headline(r: Report): Headline {
  const l = r.liability;
  return {
    erp: l.erp_closing_cents,
    platform: l.platform_reported_closing_cents,
    reconstructed: l.reconstructed_closing_cents,
    erpDiff: l.reconstructed_closing_cents - l.erp_closing_cents,
    platformDiff: l.reconstructed_closing_cents - l.platform_reported_closing_cents,
  };
}

export interface WaterfallStep {
  label: string;
  category: string;
  /** The bar spans [low, high] in cents. */
  low: number;
  high: number;
  delta: number;
  count: number;
  kind: 'total' | 'up' | 'down';
}

/** The bridge ERP → reconstructed as waterfall steps: a total bar, one floating bar per item, a total bar. */
export function waterfall(r: Report): WaterfallStep[] {
  const l = r.liability;
  const steps: WaterfallStep[] = [
    { label: 'ERP', category: 'ERP', low: 0, high: l.erp_closing_cents, delta: l.erp_closing_cents, count: 0, kind: 'total' },
  ];
  let run = l.erp_closing_cents;
  for (const b of l.bridge) {
    if (b.amount_cents === 0) continue;
    const next = run + b.amount_cents;
    steps.push({
      label: b.category,
      category: b.category,
      low: Math.min(run, next),
      high: Math.max(run, next),
      delta: b.amount_cents,
      count: b.count,
      kind: b.amount_cents > 0 ? 'up' : 'down',
    });
    run = next;
  }
  steps.push({
    label: 'Reconstructed',
    category: 'Reconstructed',
    low: 0,
    high: l.reconstructed_closing_cents,
    delta: l.reconstructed_closing_cents,
    count: 0,
    kind: 'total',
  });
  return steps;
}

export interface CategoryRow {
  category: string;
  count: number;
  amount: number;
  /** The category's effect on the bridge from the ERP. */
  bridge: number;
}

/** Exceptions by category: count and amount (sum of absolute amounts), in the fixed vocabulary's order. */
export function byCategory(r: Report, order: readonly string[]): CategoryRow[] {
  const rows = new Map<string, CategoryRow>();
  for (const c of order) rows.set(c, { category: c, count: 0, amount: 0, bridge: 0 });
  for (const e of r.exceptions) {
    const row = rows.get(e.category) ?? { category: e.category, count: 0, amount: 0, bridge: 0 };
    row.count += 1;
    row.amount += Math.abs(e.amount_cents);
    rows.set(e.category, row);
  }
  for (const b of r.liability.bridge) {
    const row = rows.get(b.category);
    if (row) row.bridge += b.amount_cents;
  }
  return [...rows.values()];
}

export interface DriftAlert {
  week_end: string;
  against: 'ERP' | 'platform';
  drift: number;
}

/** The weeks whose cumulative drift passes the threshold (absolute), first crossing per series and each week after. */
export function driftAlerts(drift: DriftPoint[], threshold: number): DriftAlert[] {
  const out: DriftAlert[] = [];
  for (const p of drift) {
    if (Math.abs(p.erp_drift_cents) > threshold) out.push({ week_end: p.week_end, against: 'ERP', drift: p.erp_drift_cents });
    if (Math.abs(p.platform_drift_cents) > threshold) {
      out.push({ week_end: p.week_end, against: 'platform', drift: p.platform_drift_cents });
    }
  }
  return out;
}

export interface AlertGroup {
  against: DriftAlert['against'];
  weeks: DriftAlert[];
  first: string;
  last: string;
  /** The week with the largest drift (absolute); the earliest of equals. */
  worst: DriftAlert;
}

/** The alerts per series, in week order: a quarter that drifts away stays one line, not one line per week. */
export function groupAlerts(alerts: DriftAlert[]): AlertGroup[] {
  const out: AlertGroup[] = [];
  for (const against of ['ERP', 'platform'] as const) {
    const weeks = alerts.filter((a) => a.against === against);
    if (!weeks.length) continue;
    const worst = weeks.reduce((w, a) => (Math.abs(a.drift) > Math.abs(w.drift) ? a : w));
    out.push({ against, weeks, first: weeks[0].week_end, last: weeks[weeks.length - 1].week_end, worst });
  }
  return out;
}
