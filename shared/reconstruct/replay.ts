// Reconstruction: per card, the opening balance plus every movement that really happened in the period (the
// default resolutions, or the auditor's decisions), replayed in time order; the roll-forward; the bridge from
// the ERP's closing balance, one line per category. The identities of formats.md §5 are asserted here.
import { byCodeUnits } from '../order';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Finding } from '../classify/classify';
import { defaultResolution } from '../classify/resolutions';
import type { MatchResult, Movement } from '../match/movements';
import type { BusinessCalendar } from '../time';
import {
  CATEGORIES, type BridgeLine, type CardBalance, type CaseSettings, type Category, type Decision, type ExceptionItem,
  type Instrument, type Rollforward,
} from '../types';

export interface Reconstruction {
  exceptions: ExceptionItem[];
  cards: CardBalance[];
  rollforward: Rollforward;
  bridge: BridgeLine[];
  byInstrument: Record<Instrument, number>;
  reconstructed: number;
  platformReported: number;
  erpClosing: number;
  erpOpening: number;
  /** Per movement, indexed by its id: the true effect counted in the period (after resolutions). */
  counted: Float64Array;
  /** Exception key → the movement it is about (none for a balance-chain break). */
  movementByKey: Map<string, number | null>;
  decisionsApplied: number;
}

export class IdentityError extends Error {}

export function findingKey(f: Pick<Finding, 'category' | 'records'>): string {
  return `${f.category}|${f.records.map((r) => `${r.system}:${r.ref}`).join(',')}`;
}

export function reconstruct(
  ev: CanonicalEvent[],
  match: Pick<MatchResult, 'movements' | 'erpOpening' | 'platformRowsByCard'>,
  findings: Finding[],
  opening: OpeningBalance[],
  settings: CaseSettings,
  calendar: BusinessCalendar,
  decisions: Decision[],
): Reconstruction {
  const { movements, erpOpening: erpOpeningLines, platformRowsByCard } = match;
  const inPeriod = (bdate: string) => bdate >= settings.periodStart && bdate <= settings.periodEnd;
  const latest = new Map<string, Decision>();
  for (const d of decisions) latest.set(d.key, d);

  // Effective truth per movement, after resolutions. Arrays indexed by movement id: a decision replays every
  // movement, and at 200k movements Maps keyed by id were a third of that time.
  const size = movements.reduce((a, m) => Math.max(a, m.id), 0) + 1;
  const effect = new Float64Array(size);
  const at = new Float64Array(size);
  for (const m of movements) {
    effect[m.id] = m.trueEffect;
    at[m.id] = m.trueAt;
  }
  const cardAdjust = new Map<string, number>();
  const keyed = findings.map((f) => ({ f, key: findingKey(f) }));
  let decisionsApplied = 0;
  const chosen = new Map<string, string>();
  for (const { f, key } of keyed) {
    const d = latest.get(key);
    const code = d?.action === 'resolve' && d.resolution ? d.resolution : defaultResolution(f.category);
    chosen.set(key, code);
    if (d) decisionsApplied++;
    if (code === defaultResolution(f.category)) continue;
    const m = f.movement;
    switch (code) {
      case 'liability_at_activation':
        if (m && m.anchor !== null) at[m.id] = ev[m.anchor].at;
        break;
      case 'no_liability': case 'exclude_card': case 'did_not_happen': case 'tender_stands': case 'reverse_override':
        if (m && f.category !== 'ERP_ONLY_ENTRY') effect[m.id] = 0;
        break;
      case 'happened_twice':
        // A platform retry that was real counts its own amount; an ERP double posting that was real means the
        // movement happened as many times as the ERP booked it.
        if (m?.kind === 'duplicate' && m.anchor !== null) effect[m.id] = ev[m.anchor].effect;
        else if (m) effect[m.id] = m.members.filter((x) => ev[x.ev].system === 'erp').reduce((a, x) => a + x.share, 0);
        break;
      case 'it_happened':
        if (m && f.category === 'ERP_ONLY_ENTRY') effect[m.id] = m.members.reduce((a, x) => a + x.share, 0);
        break;
      case 'erp_amount':
        if (m) effect[m.id] = m.members.filter((x) => ev[x.ev].system === 'erp').reduce((a, x) => a + x.share, 0);
        break;
      case 'posting_date': {
        const line = m?.erpLines[0];
        if (m && line !== undefined) at[m.id] = ev[line].at;
        break;
      }
      case 'platform_balance':
        if (f.chainBreak && f.card) cardAdjust.set(f.card, (cardAdjust.get(f.card) ?? 0) + f.chainBreak.cents);
        break;
    }
  }

  // Per movement: truth in the period against what the ERP booked in the period, and against the platform.
  const counted = new Float64Array(size);
  const delta = new Float64Array(size);
  const platformDelta = new Float64Array(size);
  for (const m of movements) {
    const trueIn = inPeriod(calendar.businessDate(at[m.id])) ? effect[m.id] : 0;
    counted[m.id] = trueIn;
    let erpIn = 0;
    let platIn = 0;
    for (const x of m.members) {
      const r = ev[x.ev];
      if (r.system === 'erp' && inPeriod(r.bdate)) erpIn += x.share;
    }
    if (m.anchor !== null && inPeriod(ev[m.anchor].bdate)) platIn = ev[m.anchor].effect;
    delta[m.id] = trueIn - erpIn;
    platformDelta[m.id] = trueIn - platIn;
  }

  // Attribute each movement's difference to the finding that explains it.
  const carrier = new Map<number, Finding>();
  for (const f of findings) if (f.carriesDelta && f.movement && !carrier.has(f.movement.id)) carrier.set(f.movement.id, f);
  const extra: Finding[] = [];
  for (const m of movements) {
    const d = delta[m.id];
    if (d === 0 || carrier.has(m.id)) continue;
    // A difference no rule named: still explained, never silently absorbed.
    const erpIn = counted[m.id] - d;
    const category: Category = erpIn === 0 ? 'MISSING_IN_ERP' : counted[m.id] === 0 ? (m.kind === 'platform' ? 'CUTOFF' : 'ERP_ONLY_ENTRY') : 'AMOUNT_MISMATCH';
    const records = m.members.map((x) => ({ system: ev[x.ev].system, ref: ev[x.ev].key }));
    const f: Finding = {
      category, movement: m, carriesDelta: true, card: m.card, last4: m.last4, order: m.order, amount: Math.abs(d), records,
      explanation: `The ERP books ${erpIn} cents in the period for ${records.map((r) => `${r.system} ${r.ref}`).join(', ')}, while ${counted[m.id]} cents really happened in it.`,
      suggestion: '',
    };
    extra.push(f);
    carrier.set(m.id, f);
    chosen.set(findingKey(f), defaultResolution(category));
  }
  const all = [...findings, ...extra];
  const movementByKey = new Map(all.map((f) => [findingKey(f), f.movement?.id ?? null] as const));

  const exceptions: ExceptionItem[] = all.map((f) => {
    const key = findingKey(f);
    const m = f.movement;
    const isCarrier = m ? carrier.get(m.id) === f : false;
    let erpEffect = isCarrier ? delta[m!.id] : 0;
    let platformEffect = isCarrier ? platformDelta[m!.id] : 0;
    if (f.chainBreak) {
      platformEffect = -f.chainBreak.cents;
      if (chosen.get(key) === 'platform_balance') {
        erpEffect = f.chainBreak.cents;
        platformEffect = 0;
      }
    }
    const d = latest.get(key);
    const item: ExceptionItem = {
      id: '', category: f.category, card: f.card, amount_cents: f.amount, records: f.records, explanation: f.explanation,
      suggested_resolution: f.suggestion || 'It happened as the operational systems recorded it', erp_effect_cents: erpEffect,
      platform_effect_cents: platformEffect, key, resolution: chosen.get(key), status: d ? statusOf(d) : 'open',
    };
    if (f.suggestions?.length) item.suggestions = f.suggestions;
    if (!f.card && f.last4) item.last_four = f.last4;
    if (!f.card && f.order) item.order = f.order;
    return item;
  });
  const firstAt = (x: ExceptionItem) => x.records.map((r) => r.system + r.ref).join();
  exceptions.sort((a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || byCodeUnits(a.card ?? '~', b.card ?? '~') || byCodeUnits(firstAt(a), firstAt(b)));
  exceptions.forEach((x, i) => (x.id = `EX-${String(i + 1).padStart(4, '0')}`));

  // Balances per card.
  type Acc = { card: string | null; instrument: Instrument; value: number; last4?: string; order?: string };
  const cards = new Map<string, Acc>();
  const acc = (card: string | null, instrument: Instrument, last4?: string | null, order?: string | null): Acc => {
    const k = card ?? `~${instrument}|${last4 ?? ''}|${order ?? ''}`;
    let a = cards.get(k);
    if (!a) {
      a = { card, instrument, value: 0 };
      if (!card) Object.assign(a, { last4: last4 ?? undefined, order: order ?? undefined });
      cards.set(k, a);
    }
    return a;
  };
  const openingCents = new Map<string, number>();
  for (const o of opening) {
    acc(o.card, o.instrument).value += o.cents;
    openingCents.set(o.card, (openingCents.get(o.card) ?? 0) + o.cents);
  }
  const flows: Record<Movement['flow'], number> = { issued: 0, reloaded: 0, redeemed: 0, refunded: 0, voided: 0, adjusted: 0, expired: 0 };
  for (const m of movements) {
    const c = counted[m.id];
    if (m.card === null && c === 0) continue;
    acc(m.card, m.instrument, m.last4, m.order).value += c;
    flows[m.flow] += c;
  }
  for (const [card, adj] of cardAdjust) {
    acc(card, card.startsWith('SC') ? 'store_credit' : 'gift_card').value += adj;
    flows.adjusted += adj;
  }
  // Every card any system knows gets a line, even at zero (with the instrument of its first row in the file);
  // and the platform's own closing per card is its last Balance After on or before the period end (each card's
  // rows come in time order, then row order).
  const reported = new Map<string, number>();
  for (const [card, rows] of platformRowsByCard) {
    let first = rows[0];
    for (const i of rows) if (i < first) first = i;
    acc(card, ev[first].instrument ?? 'gift_card');
    for (let k = rows.length - 1; k >= 0; k--) {
      const e = ev[rows[k]];
      if (e.balanceAfter !== null && e.bdate <= settings.periodEnd) {
        reported.set(card, e.balanceAfter);
        break;
      }
    }
  }
  const cardList: CardBalance[] = [...cards.values()].map((a) => {
    const platform = a.card ? (reported.get(a.card) ?? openingCents.get(a.card) ?? 0) : 0;
    const c: CardBalance = { card: a.card, instrument: a.instrument, reconstructed_cents: a.value, platform_reported_cents: platform };
    if (!a.card) {
      if (a.last4) c.last_four = a.last4;
      if (a.order) c.order = a.order;
    }
    return c;
  });
  // Cards by number, then the lines without a card by order, last four and instrument: one sort key each, so
  // that 135k cards sort with one string comparison per step (a decision re-sorts them). NUL cannot occur in
  // imported text, so it separates the fields and a shorter field sorts first, as comparing them apart would.
  const sortKey = (c: CardBalance) =>
    c.card !== null ? `0${c.card}` : `1${c.order ?? ''}\u0000${c.last_four ?? ''}\u0000${c.instrument}`;
  const byKey = cardList.map((c) => ({ k: sortKey(c), c }));
  byKey.sort((x, y) => byCodeUnits(x.k, y.k));
  for (let i = 0; i < byKey.length; i++) cardList[i] = byKey[i].c;

  const openingTotal = opening.reduce((a, o) => a + o.cents, 0);
  const reconstructed = cardList.reduce((a, c) => a + c.reconstructed_cents, 0);
  const byInstrument: Record<Instrument, number> = { gift_card: 0, store_credit: 0 };
  for (const c of cardList) byInstrument[c.instrument] += c.reconstructed_cents;
  const platformReported = cardList.reduce((a, c) => a + c.platform_reported_cents, 0);
  const rollforward: Rollforward = {
    opening_cents: openingTotal, issued_cents: flows.issued, reloaded_cents: flows.reloaded, redeemed_cents: -flows.redeemed || 0,
    refunded_cents: flows.refunded, voided_cents: flows.voided, adjusted_cents: flows.adjusted, expired_cents: -flows.expired || 0,
    closing_cents: reconstructed,
  };

  const erpOpening = erpOpeningLines.reduce((a, l) => a + ev[l].effect, 0);
  const openingLines = new Set(erpOpeningLines);
  let erpClosing = erpOpening;
  for (let i = 0; i < ev.length; i++) {
    const e = ev[i];
    if (e.system === 'erp' && e.scope && !openingLines.has(i) && inPeriod(e.bdate)) erpClosing += e.effect;
  }

  const bridge: BridgeLine[] = CATEGORIES.map((category) => {
    const items = exceptions.filter((x) => x.category === category);
    return { category, amount_cents: items.reduce((a, x) => a + (x.erp_effect_cents ?? 0), 0), count: items.length };
  });
  if (openingTotal !== erpOpening) bridge.push({ category: 'OPENING_BALANCE_DIFFERENCE', amount_cents: openingTotal - erpOpening, count: 1 });

  // The identities of formats.md §5, to the cent: fail loudly rather than report numbers that do not foot.
  const rf = rollforward;
  const foot = rf.opening_cents + rf.issued_cents + rf.reloaded_cents - rf.redeemed_cents + rf.refunded_cents + rf.voided_cents + rf.adjusted_cents - rf.expired_cents;
  const bridged = erpClosing + bridge.reduce((a, b) => a + b.amount_cents, 0);
  if (foot !== rf.closing_cents) throw new IdentityError(`Roll-forward does not foot: ${foot} ≠ ${rf.closing_cents}`);
  if (bridged !== reconstructed) throw new IdentityError(`Bridge does not reach the reconstructed balance: ${bridged} ≠ ${reconstructed}`);
  if (byInstrument.gift_card + byInstrument.store_credit !== reconstructed) throw new IdentityError('By-instrument totals do not add up');

  return {
    exceptions, cards: cardList, rollforward, bridge, byInstrument, reconstructed, platformReported, erpClosing, erpOpening,
    counted, movementByKey, decisionsApplied,
  };
}

function statusOf(d: Decision): ExceptionItem['status'] {
  return d.action === 'accept' ? 'accepted' : d.action === 'defer' ? 'deferred' : 'resolved';
}
