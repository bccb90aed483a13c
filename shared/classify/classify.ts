// Movements to exceptions of the fixed vocabulary (the twelve categories), each with an explanation in plain
// words naming the rows, the suggested resolution and an amount. Noise (failed or pending tenders, ordinary
// order charges, balancing lines on other accounts) never reaches here: it has no movement.
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movement';
import type { BusinessCalendar } from '../time';
import type { CaseSettings } from '../types';
import { chainBreaks } from './chain-breaks';
import { withCounterparts } from './counterparts';
import { Narrator, type Finding, type MovementFinding } from './finding';
import * as kinds from './movement-findings';
import { capOverdrawingVoids } from './overdrawn-voids';
import { platformFindings, type PlatformContext } from './platform-findings';

export type { Finding } from './finding';

export interface Classification {
  findings: Finding[];
  /** The movements as classified: an activation that lagged its sale counts from the sale. */
  movements: Movement[];
}

export function classify(
  ev: readonly CanonicalEvent[],
  movements: readonly Movement[],
  platformRowsByCard: Map<string, number[]>,
  settings: CaseSettings,
  calendar: BusinessCalendar,
  openingCents: Map<string, number>,
): Classification {
  const n = new Narrator(ev, calendar);
  const context: PlatformContext = {
    n,
    inPeriod: (bdate) => bdate >= settings.periodStart && bdate <= settings.periodEnd,
    businessDate: (ms) => calendar.businessDate(ms),
    timezone: settings.timezone,
    lagMs: settings.lagToleranceMinutes * 60_000,
  };
  const findings: Finding[] = [];
  const fromPeriodStart = (ms: number) => calendar.businessDate(ms) >= settings.periodStart;
  const classified = capOverdrawingVoids(ev, movements, openingCents, fromPeriodStart).map((m) => {
    if (m.kind !== 'platform') {
      findings.push(findingOf(m, n));
      return m;
    }
    const out = platformFindings(m, context);
    for (const f of out.findings) findings.push(f);
    return out.movement;
  });
  for (const f of chainBreaks(n, platformRowsByCard, openingCents, settings.periodStart)) findings.push(f);
  return { findings: withCounterparts(n, classified, findings), movements: classified };
}

/** The one finding of a movement that is an exception by its kind. */
function findingOf(m: Exclude<Movement, { kind: 'platform' }>, n: Narrator): MovementFinding {
  switch (m.kind) {
    case 'duplicate':
      return kinds.platformRetry(m, n);
    case 'storefront_duplicate':
    case 'payment_duplicate':
      return kinds.repeatedRow(m, n);
    case 'missing_in_platform':
      return kinds.missingInPlatform(m, n);
    case 'unactivated':
      return kinds.unactivatedSale(m, n);
    case 'void_missing':
      return kinds.voidMissing(m, n);
    case 'erp_only':
      return kinds.erpOnly(m, n);
    case 'batch_residual':
      return kinds.batchResidual(m, n);
  }
}
