// Any card's roll-forward: each system's lane with the balance it tells (the platform's Balance After, the
// ERP's running sum for the card where it is known), the reconstructed line with its running balance and the
// movements behind it, and the findings on it, in the business time zone.
import type { CanonicalEvent } from '../events';
import type { Movement } from '../match/movement';
import { RULE, type RuleId } from '../match/rule-ids';
import { lineKey, lineOf, openingByLine } from '../reconstruct/card-history';
import type { Reconstruction } from '../reconstruct/replay';
import { InputError, SYSTEMS, type Instrument, type RecordRef, type Report, type System } from '../types';
import type { CardLine, CardRollforward, LaneRow, RollforwardStep } from './api';
import type { CaseRun } from './case';

/** The rules whose pairs the auditor may unlink, and which member of the movement each pairs a row with. */
const UNLINKABLE: Partial<Record<RuleId, 'anchor' | 'sale'>> = {
  storefrontPlatform: 'anchor', storefrontPlatformAmountOff: 'anchor', storefrontPlatformWindow: 'anchor',
  paymentSale: 'sale', paymentPlatform: 'anchor', erpReference: 'anchor',
};

interface Sources {
  run: CaseRun;
  recon: Reconstruction;
  report: Report;
}

export function rollforwardOf(line: CardLine, { run, recon, report }: Sources): CardRollforward {
  const key = line.card !== null ? line.card : lineKey(null, line.instrument, line.last_four, line.order);
  const balance = report.cards.find((c) => lineKey(c.card, c.instrument, c.last_four, c.order) === key);
  const movements = run.match.movements.filter((m) => lineOf(m) === key);
  const rows = line.card !== null ? (run.match.platformRowsByCard.get(line.card) ?? []) : [];
  if (!balance && !movements.length && !rows.length) throw new InputError(line.card !== null ? `No card ${line.card} in this case` : `No such card-less line in this case`);
  const ev = run.events;
  const cal = run.calendar;
  const { periodStart, periodEnd } = run.settings;
  const inPeriod = (bdate: string) => bdate >= periodStart && bdate <= periodEnd;
  const local = (e: CanonicalEvent) => (e.system === 'erp' ? e.bdate : cal.local(e.at));
  const openings = openingByLine(run.opening);
  const opening = openings.get(key) ?? 0;

  // Each row once, with the movement it belongs to and the rule that put it there.
  const place = new Map<number, { movement: number; rule: RuleId; share: number }>();
  for (const m of movements) for (const x of m.members) place.set(x.event, { movement: m.id, rule: x.rule, share: x.shareCents });
  const eventsOf = new Set<number>([...rows, ...place.keys()]);
  const lanes = Object.fromEntries(SYSTEMS.map((s) => [s, [] as LaneRow[]])) as Record<System, LaneRow[]>;
  for (const i of [...eventsOf].sort((a, b) => ev[a].at - ev[b].at || ev[a].row - ev[b].row || a - b)) {
    const e = ev[i];
    const p = place.get(i);
    lanes[e.system].push({
      system: e.system, ref: e.key, at: new Date(e.at).toISOString(), local: local(e), business_date: e.bdate, type: e.type,
      amount_cents: e.amount, effect_cents: e.system === 'erp' && p ? p.share : e.effect,
      running_cents: e.system === 'platform' ? e.balanceAfter : null, in_period: inPeriod(e.bdate),
      movement_id: p?.movement ?? null, rule: p ? RULE[p.rule] : null,
    });
  }
  // The ERP keeps no balance per card: from the card's opening, the lines it booked for the card's movements.
  let erp = opening;
  for (const r of lanes.erp) {
    if (r.in_period) erp += r.effect_cents;
    r.running_cents = erp;
  }

  const idsOf = new Map<number, string[]>();
  for (const x of report.exceptions) {
    const id = recon.movementByKey.get(x.key);
    if (id !== undefined && id !== null) idsOf.set(id, [...(idsOf.get(id) ?? []), x.id]);
  }
  const steps = stepsOf(movements, run, recon, idsOf, line.card);
  let running = opening;
  let lowest: CardRollforward['lowest'] = null;
  for (const s of steps) {
    if (s.counted) running += s.effect_cents;
    s.running_cents = running;
    if (s.counted && s.effect_cents !== 0 && (!lowest || running < lowest.cents)) lowest = { cents: running, at: s.at };
  }
  // A card that existed at the period start was at its opening then.
  if (openings.has(key) && (!lowest || opening < lowest.cents)) lowest = { cents: opening, at: new Date(cal.startOf(periodStart)).toISOString() };

  const ids = new Set(movements.map((m) => m.id));
  const exceptions = report.exceptions
    .filter((x) => {
      const id = recon.movementByKey.get(x.key);
      return id !== undefined && id !== null ? ids.has(id) : line.card !== null && x.card === line.card;
    })
    .map((x) => ({ id: x.id, key: x.key, category: x.category, amount_cents: x.amount_cents, status: x.status ?? 'open', resolution: x.resolution ?? null }));

  const instrument: Instrument = balance?.instrument ?? movements[0]?.instrument ?? (line.card === null ? line.instrument : line.card.startsWith('SC') ? 'store_credit' : 'gift_card');
  return {
    card: line.card, instrument, last_four: line.card !== null ? line.card.slice(-4) : (line.last_four ?? null), order: line.card === null ? (line.order ?? null) : null,
    timezone: run.settings.timezone, period: { start: periodStart, end: periodEnd },
    opening_cents: opening, closing_cents: running, platform_reported_cents: balance?.platform_reported_cents ?? 0, erp_cents: erp,
    lowest, lanes, steps, exceptions,
  };
}

/** The reconstructed line: each movement at its true instant, and any correction of the card's balance. */
function stepsOf(movements: readonly Movement[], run: CaseRun, recon: Reconstruction, idsOf: Map<number, string[]>, card: string | null): RollforwardStep[] {
  const ev = run.events;
  const cal = run.calendar;
  const { periodStart, periodEnd } = run.settings;
  const ref = (i: number): RecordRef => ({ system: ev[i].system, ref: ev[i].key });
  const steps: RollforwardStep[] = movements.map((m) => {
    const at = recon.atMs[m.id];
    const bdate = cal.businessDate(at);
    const first = ev[m.anchor ?? m.members[0].event];
    const sale = (m as Movement & { sale?: number | null }).sale ?? null;
    const links: RollforwardStep['links'] = [];
    for (const x of m.members) {
      const other = UNLINKABLE[x.rule] === 'anchor' ? m.anchor : UNLINKABLE[x.rule] === 'sale' ? sale : null;
      if (other !== null && other !== undefined && other !== x.event) links.push({ records: [ref(x.event), ref(other)], rule: RULE[x.rule] });
    }
    return {
      movement_id: m.id, kind: m.kind, flow: m.flow, at: new Date(at).toISOString(), local: first.system === 'erp' && at === first.at ? first.bdate : cal.local(at),
      business_date: bdate, effect_cents: recon.effectCents[m.id], counted: bdate >= periodStart && bdate <= periodEnd,
      running_cents: 0, records: m.members.map((x) => ref(x.event)), links, exceptions: idsOf.get(m.id) ?? [],
    };
  });
  if (card !== null)
    for (const a of recon.adjustments.filter((x) => x.card === card)) {
      const bdate = cal.businessDate(a.at);
      steps.push({
        movement_id: 0, kind: 'correction', flow: 'correction', at: new Date(a.at).toISOString(), local: cal.local(a.at), business_date: bdate,
        effect_cents: a.cents, counted: true, running_cents: 0, records: [], links: [], exceptions: [],
      });
    }
  return steps.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : b.effect_cents - a.effect_cents || a.movement_id - b.movement_id));
}
