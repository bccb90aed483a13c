// Each movement's difference between what really happened in the period and what the ERP (and the platform)
// booked in it, and the finding it is attributed to. A difference no rule named is still explained, never
// silently absorbed: it gets a finding of its own.
import type { Finding } from '../classify/classify';
import type { MovementFinding } from '../classify/finding';
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movement';
import type { Category } from '../types';

/** Per movement id, in cents. */
export interface Differences {
  /** The true effect counted in the period (after resolutions). */
  counted: Float64Array;
  /** counted − what the ERP booked for it in the period. */
  erp: Float64Array;
  /** counted − what the platform recorded for it in the period. */
  platform: Float64Array;
}

export function differences(
  ev: readonly CanonicalEvent[],
  movements: readonly Movement[],
  effect: Float64Array,
  at: Float64Array,
  inPeriod: (bdate: string) => boolean,
  businessDate: (ms: number) => string,
): Differences {
  const out: Differences = { counted: new Float64Array(effect.length), erp: new Float64Array(effect.length), platform: new Float64Array(effect.length) };
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i];
    const trueIn = inPeriod(businessDate(at[m.id])) ? effect[m.id] : 0;
    out.counted[m.id] = trueIn;
    let erpIn = 0;
    for (let j = 0; j < m.members.length; j++) {
      const x = m.members[j];
      // A row without a share adds nothing (only ERP lines carry one): it is not looked up.
      if (x.shareCents === 0) continue;
      const r = ev[x.event];
      if (r.system === 'erp' && inPeriod(r.bdate)) erpIn += x.shareCents;
    }
    const platIn = m.anchor !== null && inPeriod(ev[m.anchor].bdate) ? ev[m.anchor].effect : 0;
    out.erp[m.id] = trueIn - erpIn;
    out.platform[m.id] = trueIn - platIn;
  }
  return out;
}

/**
 * The finding that carries each movement's difference, and a finding of its own for each difference no finding
 * carries. A flag (a finding that carries nothing by default, such as an unpaid activation) whose other
 * resolution the auditor chose carries its movement's difference: the decision made it, and names it. Otherwise
 * the first of the movement's findings that may carry it does.
 */
export function attribute(
  ev: readonly CanonicalEvent[],
  movements: readonly Movement[],
  findings: readonly Finding[],
  diff: Differences,
  decidedFlag: (f: Finding) => boolean = () => false,
): { carrier: Map<number, Finding>; unnamed: MovementFinding[] } {
  const carrier = new Map<number, Finding>();
  for (const f of findings) if (!f.carriesDelta && f.movement && !carrier.has(f.movement.id) && decidedFlag(f)) carrier.set(f.movement.id, f);
  for (const f of findings) if (f.carriesDelta && f.movement && !carrier.has(f.movement.id)) carrier.set(f.movement.id, f);
  const unnamed: MovementFinding[] = [];
  for (let i = 0; i < movements.length; i++) {
    const m = movements[i];
    const d = diff.erp[m.id];
    if (d === 0 || carrier.has(m.id)) continue;
    const f = unnamedDifference(ev, m, diff.counted[m.id], d);
    unnamed.push(f);
    carrier.set(m.id, f);
  }
  return { carrier, unnamed };
}

/** The finding of a difference no rule named: by what the ERP booked against what happened. */
function unnamedDifference(ev: readonly CanonicalEvent[], m: Movement, counted: number, d: number): MovementFinding {
  const erpIn = counted - d;
  const category: Category =
    erpIn === 0 ? 'MISSING_IN_ERP' : counted === 0 ? (m.kind === 'platform' ? 'CUTOFF' : 'ERP_ONLY_ENTRY') : 'AMOUNT_MISMATCH';
  const records = m.members.map((x) => ({ system: ev[x.event].system, ref: ev[x.event].key }));
  return {
    category, movement: m, carriesDelta: true, card: m.card, last4: m.last4, order: m.order, amountCents: Math.abs(d), records,
    explanation: `The ERP books ${erpIn} cents in the period for ${records.map((r) => `${r.system} ${r.ref}`).join(', ')}, while ${counted} cents really happened in it.`,
    suggestion: '',
  };
}
