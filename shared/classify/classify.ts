// Movements to exceptions of the fixed vocabulary (formats.md §2), each with an explanation in plain words
// naming the rows, the suggested resolution and an amount. Noise (failed or pending tenders, ordinary order
// charges, balancing lines on other accounts) never reaches here: it has no movement.
import { byCodeUnits } from '../order';
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movements';
import { PLATFORM_TYPES_FOR } from '../match/rules';
import { formatCents } from '../money';
import type { BusinessCalendar } from '../time';
import type { CaseSettings, Category, RecordRef } from '../types';
import { RESOLUTIONS } from './resolutions';

export interface Finding {
  category: Category;
  movement: Movement | null;
  /** The finding that the movement's ERP difference (bridge amount) is attributed to. */
  carriesDelta: boolean;
  card: string | null;
  last4: string | null;
  order: string | null;
  amount: number;
  records: RecordRef[];
  explanation: string;
  suggestion: string;
  /** Tolerant candidates (amount or time slightly off): shown to the auditor, never matched automatically. */
  suggestions?: RecordRef[];
  /** BALANCE_CHAIN_BREAK: the platform row and how far its Balance After is off. */
  chainBreak?: { ev: number; cents: number };
}

const money = (c: number) => formatCents(c, { parens: false });

export function classify(
  ev: CanonicalEvent[],
  movements: Movement[],
  platformRowsByCard: Map<string, number[]>,
  settings: CaseSettings,
  calendar: BusinessCalendar,
  openingCents: Map<string, number>,
): Finding[] {
  const out: Finding[] = [];
  const ref = (i: number): RecordRef => ({ system: ev[i].system, ref: ev[i].key });
  const inPeriod = (bdate: string) => bdate >= settings.periodStart && bdate <= settings.periodEnd;
  const lagMs = settings.lagToleranceMinutes * 60_000;
  const when = (i: number) => (ev[i].system === 'erp' ? `posted ${ev[i].bdate}` : `at ${calendar.local(ev[i].at)}`);
  const describe = (i: number) => `${ev[i].system} ${ev[i].key} (${ev[i].type} ${money(ev[i].amount)}, ${when(i)})`;
  const add = (m: Movement | null, category: Category, carriesDelta: boolean, amount: number, records: number[], explanation: string) => {
    const uniq = [...new Set(records)];
    out.push({
      category, movement: m, carriesDelta, card: m?.card ?? null, last4: m?.last4 ?? null, order: m?.order ?? null, amount,
      records: uniq.map(ref), explanation, suggestion: RESOLUTIONS[category][0].label,
    });
  };

  for (const m of movements) {
    const a = m.anchor;
    switch (m.kind) {
      case 'duplicate': {
        const orig = m.duplicateOf!;
        add(m, 'DUPLICATE', true, ev[a!].amount, [orig, a!, ...m.erpLines, ...m.erpDuplicates],
          `${describe(a!)} repeats ${describe(orig)}: same card, type, amount and order within minutes, and the storefront shows one event. Counted once.`);
        continue;
      }
      case 'storefront_duplicate':
      case 'payment_duplicate': {
        const orig = m.duplicateOf!;
        const dup = m.members[0].ev;
        add(m, 'DUPLICATE', true, ev[dup].amount, [orig, dup],
          `${describe(dup)} repeats ${describe(orig)}: same order, type and amount minutes apart, and only one of them is matched elsewhere. It happened once.`);
        continue;
      }
      case 'missing_in_platform': {
        const s = m.sale!;
        const who = !m.card
          ? `last four ${m.last4} (no known card)`
          : m.ambiguousCard
            ? `card ${m.card} (allocated by balance; ${m.alternatives?.join(', ')} also end in ${m.last4} and could have covered it)`
            : `card ${m.card}`;
        add(m, 'MISSING_IN_PLATFORM', true, ev[s].amount, [s],
          `${describe(s)} succeeded in the storefront for ${who}, order ${ev[s].order}, but the platform has no matching transaction. It happened: the balance moves by ${money(m.trueEffect)}.`);
        continue;
      }
      case 'unactivated': {
        const s = m.sale!;
        const paid = m.payments.length ? ` and paid (${m.payments.map((y) => ev[y].key).join(', ')})` : ' (no processor charge found)';
        add(m, 'UNACTIVATED_SALE', true, ev[s].amount, [s, ...m.payments],
          `Gift card ending ${ev[s].last4} sold on order ${ev[s].order}${paid} ${when(s)}, never activated in the platform. The liability exists from the sale.`);
        continue;
      }
      case 'void_missing': {
        const s = m.storefrontVoid!;
        const tender = m.members.find((x) => x.ev !== s)!.ev;
        add(m, 'VOID_NOT_PROPAGATED', true, ev[s].amount, [s, tender],
          `Order ${ev[s].order} was voided in the storefront (${ev[s].key}, ${when(s)}), but the platform never reversed its tender ${describe(tender)}. The tender was reversed: ${money(ev[s].amount)} back on card ${m.card}.`);
        continue;
      }
      case 'erp_only': {
        const l = m.erpLines[0];
        add(m, 'ERP_ONLY_ENTRY', true, Math.abs(ev[l].effect), [l],
          `ERP line ${ev[l].key} on ${ev[l].account} (${money(ev[l].effect)} to the liability, ${when(l)}, memo "${ev[l].memo ?? ''}") matches no platform, storefront or processor record. It did not happen to any card.`);
        continue;
      }
      case 'batch_residual': {
        const l = m.erpLines[0];
        add(m, 'AMOUNT_MISMATCH', true, Math.abs(m.members[0].share), [l],
          `ERP batch line ${ev[l].key} (${ev[l].memo ?? ''}) does not equal the day's platform redemptions: ${money(m.members[0].share)} is unexplained.`);
        continue;
      }
      case 'platform':
        break;
    }
    // A platform transaction that happened: look at how the other systems saw it.
    const p = a!;
    const e = ev[p];
    let deltaTaken = false;
    if (m.erpDuplicates.length) {
      add(m, 'DUPLICATE', true, Math.abs(ev[m.erpDuplicates[0]].effect), [...m.erpLines, ...m.erpDuplicates, p],
        `${describe(p)} is posted in the ERP more than once: ${[...m.erpLines, ...m.erpDuplicates].map((l) => ev[l].key).join(', ')}. It happened once.`);
      deltaTaken = true;
    }
    if (!deltaTaken && e.type === 'void' && m.storefrontVoid !== null && m.erpLines.length === 0 && m.batchLine === null) {
      add(m, 'VOID_NOT_PROPAGATED', true, e.amount, [m.storefrontVoid, p],
        `Order ${e.order} was voided (${describe(m.storefrontVoid)}) and the platform reversed the tender (${e.key}), but the ERP never reversed it. The tender was reversed.`);
      deltaTaken = true;
    }
    // A person's change outside the order workflow: any adjustment by a CSR, or anything of theirs with no order.
    const manual = !!e.operator?.toLowerCase().startsWith('csr:') && (e.type === 'adjustment' || !e.order);
    if (!deltaTaken && manual) {
      add(m, 'MANUAL_OVERRIDE', true, e.effect, [p, ...m.erpLines],
        `${describe(p)} was made by ${e.operator} outside the order workflow${e.memo ? ` ("${e.memo}")` : ''}${m.erpLines.length ? '' : ', and the ERP has no line for it'}. It counts (the customer can spend it); needs review.`);
      deltaTaken = true;
    }
    const isIssue = e.type === 'activation' || e.type === 'reload';
    if (!deltaTaken && isIssue && m.sale !== null && ev[m.sale].type === 'gift_card_sold' && e.at - ev[m.sale].at > lagMs) {
      const s = m.sale;
      m.trueAt = ev[s].at; // the liability began at the sale
      const crosses = inPeriod(ev[s].bdate) !== inPeriod(e.bdate);
      add(m, 'ACTIVATION_LAG', true, e.amount, [s, ...m.payments, p],
        `Card ${e.card} was sold ${when(s)} (order ${e.order}) but activated in the platform only ${when(p)}, ${hours(e.at - ev[s].at)} later${crosses ? ', across the period end' : ''}. The liability began at the sale.`);
      deltaTaken = true;
    }
    if (isIssue && m.sale === null && m.payments.length === 0 && !manual) {
      add(m, 'UNPAID_ACTIVATION', false, e.amount, [p, ...m.erpLines],
        `${describe(p)}${e.order ? ` for order ${e.order}` : ' with no order'} has no storefront sale and no processor payment (channel ${e.channel ?? 'unknown'}): over-issuance risk. The card is live: it counts, flagged.`);
    }
    if (deltaTaken) continue;
    // The ERP's view of it.
    const erpLines = m.erpLines;
    const erpTotal = erpLines.reduce((acc, l) => acc + ev[l].effect, 0);
    const tIn = inPeriod(calendar.businessDate(m.trueAt));
    if (m.batchOmitted) {
      add(m, 'MISSING_IN_ERP', true, e.amount, [p, m.batchLine!],
        `${describe(p)} is not in the ERP: the batch line ${ev[m.batchLine!].key} for that day leaves it out (the day's redemptions sum to ${money(e.amount)} more than the batch).`);
    } else if (erpLines.length === 0 && m.batchLine === null) {
      if (m.trueEffect !== 0 && (tIn || m.members.some((x) => ev[x.ev].system === 'erp'))) {
        add(m, 'MISSING_IN_ERP', true, e.amount, [p],
          `${describe(p)} on card ${e.card} has no ERP line (nor a share of a batch line). It happened; the books are short of ${money(m.trueEffect)}.`);
      }
    } else if (erpLines.length && erpTotal !== m.trueEffect) {
      const l = erpLines[0];
      add(m, 'AMOUNT_MISMATCH', true, Math.abs(erpTotal) - Math.abs(m.trueEffect), [p, ...erpLines],
        `${describe(p)} is posted in the ERP as ${money(Math.abs(erpTotal))} (${ev[l].key}), ${money(Math.abs(erpTotal) - Math.abs(m.trueEffect))} off. The platform amount stands.`);
    } else if (erpLines.length && erpLines.some((l) => inPeriod(ev[l].bdate) !== tIn)) {
      const l = erpLines.find((x) => inPeriod(ev[x].bdate) !== tIn)!;
      add(m, 'CUTOFF', true, e.amount, [p, l],
        `${describe(p)} falls on business day ${calendar.businessDate(m.trueAt)} (${settings.timezone}), ${tIn ? 'inside' : 'outside'} the period, but the ERP posted it on ${ev[l].bdate} (${ev[l].key}), ${tIn ? 'outside' : 'inside'} it. The operational instant decides.`);
    } else if (m.sale !== null && ev[m.sale].amount !== e.amount) {
      add(m, 'AMOUNT_MISMATCH', false, ev[m.sale].amount - e.amount, [m.sale, p],
        `Storefront ${ev[m.sale].key} shows ${money(ev[m.sale].amount)} for order ${e.order}, the platform ${e.key} ${money(e.amount)}. The platform amount stands.`);
    }
  }
  out.push(...chainBreaks(ev, platformRowsByCard, openingCents, calendar, settings.periodStart));
  suggestCounterparts(ev, movements, out, calendar);
  return out;
}

function hours(ms: number): string {
  const h = ms / 3_600_000;
  return h >= 48 ? `${Math.round(h / 24)} days` : `${Math.round(h * 10) / 10} h`;
}

/** The platform's Balance After must follow from its previous row and this row's amount. */
function chainBreaks(
  ev: CanonicalEvent[],
  rowsByCard: Map<string, number[]>,
  openingCents: Map<string, number>,
  calendar: BusinessCalendar,
  periodStart: string,
): Finding[] {
  const out: Finding[] = [];
  // Each card's platform rows come in time order (then row order); the ones without a Balance After say nothing.
  for (const [card, rows] of [...rowsByCard].sort(([a], [b]) => byCodeUnits(a, b))) {
    let prev: number | null = openingCents.get(card) ?? null;
    for (const i of rows) {
      const e = ev[i];
      if (e.balanceAfter === null) continue;
      if (e.bdate < periodStart) {
        // Before the period the opening balance already speaks; these rows only set where the chain starts.
        prev = e.balanceAfter;
        continue;
      }
      const expected = (prev ?? (e.type === 'activation' ? 0 : e.balanceAfter! - e.effect)) + e.effect;
      const off = e.balanceAfter! - expected;
      if (off !== 0) {
        out.push({
          category: 'BALANCE_CHAIN_BREAK', movement: null, carriesDelta: false, card, last4: e.last4, order: e.order,
          amount: off, records: [{ system: 'platform', ref: e.key }],
          explanation: `Platform ${e.key} (${e.type} ${money(e.amount)} at ${calendar.local(e.at)}) reports Balance After ${money(e.balanceAfter!)}, but the previous balance ${money(prev ?? 0)} and this row give ${money(expected)}: ${money(off)} appeared without a transaction. The replay of recorded transactions stands.`,
          suggestion: RESOLUTIONS.BALANCE_CHAIN_BREAK[0].label,
          chainBreak: { ev: i, cents: off },
        });
      }
      prev = e.balanceAfter;
    }
  }
  return out;
}

/** Platform types that may stand for a storefront event or an ERP credit/debit to the liability. */
const COMPATIBLE: Record<string, readonly string[]> = {
  ...PLATFORM_TYPES_FOR,
  credit: ['activation', 'reload', 'refund', 'adjustment'],
  debit: ['redemption', 'expiry', 'adjustment'],
};
const SUGGEST_WINDOW_MS = 3 * 86_400_000;

/**
 * For a row nothing matched, the rows that nearly match it — same last four, a compatible type, within three
 * days, amount within 10% (at least 1.00) — that are themselves unexplained on that side. They are named in
 * the explanation for the auditor to judge; the numbers do not move unless the auditor decides.
 */
function suggestCounterparts(ev: CanonicalEvent[], movements: Movement[], findings: Finding[], calendar: BusinessCalendar): void {
  const open = new Map<string, number[]>();
  for (const m of movements) {
    if (m.kind !== 'platform' || m.anchor === null) continue;
    const e = ev[m.anchor];
    const lacksStorefront = m.sale === null && m.storefrontVoid === null;
    const lacksErp = m.erpLines.length === 0 && m.batchLine === null;
    if (!lacksStorefront && !lacksErp) continue;
    const k = e.last4 ?? '';
    let list = open.get(k);
    if (!list) open.set(k, (list = []));
    list.push(m.anchor);
  }
  for (const f of findings) {
    const src = f.category === 'MISSING_IN_PLATFORM' || f.category === 'UNACTIVATED_SALE' ? f.movement?.sale : f.category === 'ERP_ONLY_ENTRY' ? f.movement?.erpLines[0] : undefined;
    if (src === undefined || src === null) continue;
    const s = ev[src];
    const amount = Math.abs(s.amount);
    const near = (open.get(s.last4 ?? '') ?? [])
      .filter((p) => {
        const e = ev[p];
        const diff = Math.abs(e.amount - amount);
        return (COMPATIBLE[s.type] ?? []).includes(e.type) && Math.abs(e.at - s.at) <= SUGGEST_WINDOW_MS && diff <= Math.max(100, amount / 10);
      })
      .sort((a, b) => Math.abs(ev[a].amount - amount) - Math.abs(ev[b].amount - amount) || Math.abs(ev[a].at - s.at) - Math.abs(ev[b].at - s.at))
      .slice(0, 3);
    if (!near.length) continue;
    f.suggestions = near.map((p) => ({ system: 'platform', ref: ev[p].key }));
    f.explanation += ` Possible counterpart${near.length > 1 ? 's' : ''}, not matched automatically: ${near
      .map((p) => `platform ${ev[p].key} (${ev[p].type} ${money(ev[p].amount)} at ${calendar.local(ev[p].at)}, card ${ev[p].card})`)
      .join('; ')}.`;
  }
}
