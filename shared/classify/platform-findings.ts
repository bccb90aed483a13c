// The findings of a platform transaction that happened: how the other systems saw it. At most one story of
// its own carries its ERP difference (a double posting, a void the ERP missed, a manual override, an
// activation that lagged its sale); without one, the ERP's view of it decides (missing, another amount,
// across the cut-off). An activation nobody paid for is flagged besides.
import type { CanonicalEvent } from '../events';
import type { PlatformMovement } from '../match/movement';
import type { MovementFinding, Narrator } from './finding';

export interface PlatformContext {
  n: Narrator;
  inPeriod(bdate: string): boolean;
  businessDate(ms: number): string;
  timezone: string;
  /** A sale activated later than this is an activation lag. */
  lagMs: number;
}

type Story = 'erpDoublePosting' | 'voidOverdraws' | 'voidNotPropagated' | 'manualOverride' | 'activationLag';

/**
 * The movement's findings, and the movement as classified: an activation that lagged its sale counts from the
 * sale (its true instant moves there; its findings name the movement so settled).
 */
export function platformFindings(m: PlatformMovement, c: PlatformContext): { findings: MovementFinding[]; movement: PlatformMovement } {
  const ev = c.n.ev;
  const story = storyOf(m, c);
  const settled = story === 'activationLag' ? { ...m, trueAtMs: ev[saleOf(m, ev)!].at } : m;
  const findings: MovementFinding[] = [];
  if (story) findings.push(STORIES[story](settled, c));
  if (isIssue(ev[m.anchor]) && m.sale === null && m.payments.length === 0 && !isManual(ev[m.anchor])) findings.push(unpaidActivation(settled, c.n));
  if (!story) {
    const f = erpView(settled, c);
    if (f) findings.push(f);
  }
  return { findings, movement: settled };
}

const isIssue = (e: CanonicalEvent) => e.type === 'activation' || e.type === 'reload';

/**
 * The record of the sale of an issue: the storefront's gift_card_sold; where the storefront has none (reloads,
 * or a storefront that writes a gift card bought as a product as the card payment of its order), the processor
 * charge that paid it. Null when neither is linked.
 */
function saleOf(m: PlatformMovement, ev: readonly CanonicalEvent[]): number | null {
  if (m.sale !== null) return ev[m.sale].type === 'gift_card_sold' ? m.sale : null;
  return m.payments.length ? m.payments[0] : null;
}

/** A person's change outside the order workflow: any adjustment by a CSR, or anything of theirs with no order. */
const isManual = (e: CanonicalEvent) => !!e.operator?.toLowerCase().startsWith('csr:') && (e.type === 'adjustment' || !e.order);

/** The story of its own that carries the movement's ERP difference, the first that applies; null for none. */
function storyOf(m: PlatformMovement, c: PlatformContext): Story | null {
  const ev = c.n.ev;
  const e = ev[m.anchor];
  if (m.erpDuplicates.length) return 'erpDoublePosting';
  if (m.overdrawnFromCents !== null) return 'voidOverdraws';
  if (e.type === 'void' && m.storefrontVoid !== null && m.erpLines.length === 0 && m.batchLine === null) return 'voidNotPropagated';
  if (isManual(e)) return 'manualOverride';
  const sale = isIssue(e) ? saleOf(m, ev) : null;
  if (sale !== null && e.at - ev[sale].at > c.lagMs) return 'activationLag';
  return null;
}

const STORIES: Record<Story, (m: PlatformMovement, c: PlatformContext) => MovementFinding> = {
  erpDoublePosting(m, { n }) {
    const p = m.anchor;
    const lines = [...m.erpLines, ...m.erpDuplicates];
    return n.finding(m, 'DUPLICATE', true, Math.abs(n.ev[m.erpDuplicates[0]].effect), [...lines, p],
      `${n.describe(p)} is posted in the ERP more than once: ${lines.map((l) => n.ev[l].key).join(', ')}. It happened once.`);
  },
  voidOverdraws(m, { n }) {
    const p = m.anchor;
    const e = n.ev[p];
    const recorded = m.overdrawnFromCents!;
    return n.finding(m, 'AMOUNT_MISMATCH', true, m.trueEffectCents - recorded, [p, ...m.erpLines],
      `${n.describe(p)} reverses ${e.ref ?? 'the transaction it names'} by ${n.money(-recorded)}, but card ${e.card} held only ${n.money(-m.trueEffectCents)} then: a void never takes a card below zero. It takes off ${n.money(-m.trueEffectCents)}; the other ${n.money(m.trueEffectCents - recorded)} was already spent.`);
  },
  voidNotPropagated(m, { n }) {
    const e = n.ev[m.anchor];
    return n.finding(m, 'VOID_NOT_PROPAGATED', true, e.amount, [m.storefrontVoid!, m.anchor],
      `Order ${e.order} was voided (${n.describe(m.storefrontVoid!)}) and the platform reversed the tender (${e.key}), but the ERP never reversed it. The tender was reversed.`);
  },
  manualOverride(m, { n }) {
    const p = m.anchor;
    const e = n.ev[p];
    return n.finding(m, 'MANUAL_OVERRIDE', true, e.effect, [p, ...m.erpLines],
      `${n.describe(p)} was made by ${e.operator} outside the order workflow${e.memo ? ` ("${e.memo}")` : ''}${m.erpLines.length ? '' : ', and the ERP has no line for it'}. It counts (the customer can spend it); needs review.`);
  },
  activationLag(m, { n, inPeriod }) {
    const p = m.anchor;
    const s = saleOf(m, n.ev)!;
    const e = n.ev[p];
    const crosses = inPeriod(n.ev[s].bdate) !== inPeriod(e.bdate);
    const sold = n.ev[s].system === 'storefront' ? `sold ${n.when(s)}` : `paid ${n.when(s)} (processor ${n.ev[s].key})`;
    return n.finding(m, 'ACTIVATION_LAG', true, e.amount, [...(m.sale !== null ? [m.sale] : []), ...m.payments, p],
      `Card ${e.card} was ${sold} (order ${e.order}) but activated in the platform only ${n.when(p)}, ${hours(e.at - n.ev[s].at)} later${crosses ? ', across the period end' : ''}. The liability began at the sale.`);
  },
};

/** An activation or reload with no sale and no payment: the card is live, flagged (it carries no difference). */
function unpaidActivation(m: PlatformMovement, n: Narrator): MovementFinding {
  const p = m.anchor;
  const e = n.ev[p];
  return n.finding(m, 'UNPAID_ACTIVATION', false, e.amount, [p, ...m.erpLines],
    `${n.describe(p)}${e.order ? ` for order ${e.order}` : ' with no order'} has no storefront sale and no processor payment (channel ${e.channel ?? 'unknown'}): over-issuance risk. The card is live: it counts, flagged.`);
}

/** How the ERP booked it, where it differs from what happened; null where it agrees. */
function erpView(m: PlatformMovement, c: PlatformContext): MovementFinding | null {
  const { n } = c;
  const ev = n.ev;
  const p = m.anchor;
  const e = ev[p];
  const lines = m.erpLines;
  let erpTotal = 0;
  for (let k = 0; k < lines.length; k++) erpTotal += ev[lines[k]].effect;
  const tIn = c.inPeriod(c.businessDate(m.trueAtMs));
  if (m.batchOmitted)
    return n.finding(m, 'MISSING_IN_ERP', true, e.amount, [p, m.batchLine!],
      `${n.describe(p)} is not in the ERP: the batch line ${ev[m.batchLine!].key} for that day leaves it out (the day's redemptions sum to ${n.money(e.amount)} more than the batch).`);
  if (lines.length === 0 && m.batchLine === null) {
    if (m.trueEffectCents === 0 || !(tIn || m.members.some((x) => ev[x.event].system === 'erp'))) return null;
    return n.finding(m, 'MISSING_IN_ERP', true, e.amount, [p],
      `${n.describe(p)} on card ${e.card} has no ERP line (nor a share of a batch line). It happened; the books are short of ${n.money(m.trueEffectCents)}.`);
  }
  if (lines.length && erpTotal !== m.trueEffectCents) {
    const off = Math.abs(erpTotal) - Math.abs(m.trueEffectCents);
    return n.finding(m, 'AMOUNT_MISMATCH', true, off, [p, ...lines],
      `${n.describe(p)} is posted in the ERP as ${n.money(Math.abs(erpTotal))} (${ev[lines[0]].key}), ${n.money(off)} off. The platform amount stands.`);
  }
  const across = lineAcross(lines, c, tIn);
  if (across !== undefined)
    return n.finding(m, 'CUTOFF', true, e.amount, [p, across],
      `${n.describe(p)} falls on business day ${c.businessDate(m.trueAtMs)} (${c.timezone}), ${tIn ? 'inside' : 'outside'} the period, but the ERP posted it on ${ev[across].bdate} (${ev[across].key}), ${tIn ? 'outside' : 'inside'} it. The operational instant decides.`);
  if (m.sale !== null && ev[m.sale].amount !== e.amount)
    return n.finding(m, 'AMOUNT_MISMATCH', false, ev[m.sale].amount - e.amount, [m.sale, p],
      `Storefront ${ev[m.sale].key} shows ${n.money(ev[m.sale].amount)} for order ${e.order}, the platform ${e.key} ${n.money(e.amount)}. The platform amount stands.`);
  return null;
}

/** The first ERP line on the other side of the period boundary than the movement (in the period or not: `tIn`). */
function lineAcross(lines: readonly number[], c: PlatformContext, tIn: boolean): number | undefined {
  for (const l of lines) if (c.inPeriod(c.n.ev[l].bdate) !== tIn) return l;
  return undefined;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h * 10) / 10} h`;
}
