// A run that follows a prior case (docs/formats.md §12.3). Its opening is the prior closing, line by line; each card's
// platform chain starts where the platform itself stood then (its own errors included, so a carried error is not
// taken for a new break); and the prior period's items are recognised when their other half arrives — a late
// activation completes an activation lag or an unactivated sale, a posting of the prior period's cut-off arrives
// in this ERP — each counted once and closed with a note.
import type { PlatformOpeningDifference, PriorCarry, PriorItem, PriorSection } from '../close';
import type { Finding, MovementFinding } from '../classify/finding';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Movement } from '../match/movement';
import { formatCents } from '../money';
import { findingKey } from '../reconstruct/exceptions';
import { inferOpening } from '../reconstruct/opening';
import type { BusinessCalendar } from '../time';
import { DEFAULT_REASON_CODES, InputError, type CaseSettings, type Decision, type ExceptionItem, type Report } from '../types';

const money = (c: number) => formatCents(c, { parens: false });

/** The opening of a case carried from `prior`: every closing line of it, card-less lines included. */
export function priorOpening(prior: PriorCarry, settings: CaseSettings): { balances: OpeningBalance[]; notes: string[] } {
  if (prior.period.end >= settings.periodStart)
    throw new InputError(`The prior case's period ends ${prior.period.end}, not before this period's start ${settings.periodStart}`);
  const balances: OpeningBalance[] = prior.cards.map((c) => {
    const o: OpeningBalance = { card: c.card, instrument: c.instrument, cents: c.closing_cents, row: 0, platformCents: c.platform_cents };
    if (!c.card) Object.assign(o, { last4: c.last_four ?? null, order: c.order ?? null });
    return o;
  });
  const total = balances.reduce((a, o) => a + o.cents, 0);
  return {
    balances,
    notes: [
      `Opening balances from the prior case (${prior.period.start}..${prior.period.end}, ${prior.case_file.name}, SHA-256 ${prior.case_file.sha256.slice(0, 12)}…): ${balances.length} lines, ${money(total)}.`,
    ],
  };
}

/** Where each card's platform chain starts: what the platform itself held at the prior period end. */
export function priorChainStart(prior: PriorCarry): Map<string, number> {
  const out = new Map<string, number>();
  for (const c of prior.cards) if (c.card) out.set(c.card, c.platform_cents);
  return out;
}

/** What a run made from a prior case starts from: the carry, the opening it gives, and the platform's own opening file. */
export interface PriorStart {
  carry: PriorCarry;
  /** The opening from the carry (priorOpening), before any prior item moves a card-less line to its card. */
  opening: OpeningBalance[];
  /** The platform's opening balances file, when one was given (compared with the carry's platform opening). */
  platformFileOpening: OpeningBalance[] | null;
}

export interface PriorRun {
  carry: PriorCarry;
  opening: OpeningBalance[];
  movements: Movement[];
  findings: Finding[];
  /** Each counterpart's finding key → the prior item it completes. */
  links: Map<string, PriorItem>;
  /** A decision per counterpart that closes it with a note (user and time are given when it is recorded). */
  closing: Omit<Decision, 'user' | 'at'>[];
  /** The platform's opening against the prior closing, per card. */
  platformOpening: PriorSection['platform_opening'];
  notes: string[];
}

interface Context {
  ev: readonly CanonicalEvent[];
  settings: CaseSettings;
  calendar: BusinessCalendar;
  prior: PriorCarry;
}

/**
 * The prior items whose counterparts this run holds, recognised: each counterpart's movement counts once (not
 * again when the prior period counted it), its findings are replaced by one naming the prior item, and it is
 * closed with a note. `platformFileOpening`: the opening balances file, when one was given besides.
 */
export function recognisePriorItems(
  ctx: Context,
  movements: readonly Movement[],
  findings: readonly Finding[],
  opening: OpeningBalance[],
  platformFileOpening: OpeningBalance[] | null,
): PriorRun {
  const { ev, prior } = ctx;
  const byPlatform = new Map<string, PriorItem>();
  const byErp = new Map<string, PriorItem>();
  const bySale = new Map<string, PriorItem>();
  for (const item of prior.items) {
    for (const r of item.records) {
      if (r.system === 'platform' && !byPlatform.has(r.ref)) byPlatform.set(r.ref, item);
      if (r.system === 'erp' && !byErp.has(r.ref)) byErp.set(r.ref, item);
    }
    if (item.category === 'UNACTIVATED_SALE' && item.order && item.last_four) bySale.set(`${item.order}|${item.last_four}|${item.amount_cents}`, item);
  }
  const replaced = new Map<number, MovementFinding>();
  const links = new Map<string, PriorItem>();
  const transfers: { item: PriorItem; card: string }[] = [];
  const out = movements.map((m) => {
    const hit = counterpartOf(m, ev, byPlatform, byErp, bySale);
    if (!hit) return m;
    const settled = settle(m, hit.item, hit.kind, ctx);
    const f = counterpartFinding(settled, hit.item, hit.kind, ctx);
    replaced.set(m.id, f);
    links.set(findingKey(f), hit.item);
    if (hit.item.category === 'UNACTIVATED_SALE' && hit.item.counted && settled.card) transfers.push({ item: hit.item, card: settled.card });
    return settled;
  });
  const kept = findings.filter((f) => !(f.movement && replaced.has(f.movement.id)));
  const moved = moveCardlessOpening(opening, transfers);
  const reasons = ctx.settings.reasonCodes ?? DEFAULT_REASON_CODES;
  const timing = reasons.find((r) => /^timing/i.test(r));
  const closing = [...links].map(([key, item]) => {
    const d: Omit<Decision, 'user' | 'at'> = { key, action: 'accept', note: closingNote(item, prior) };
    if (timing) d.reason = timing;
    return d;
  });
  const platformOpening = comparePlatformOpening(prior, platformFileOpening ?? inferOpening([...ev], ctx.settings), platformFileOpening ? 'file' : 'rows');
  const notes: string[] = [];
  if (links.size) notes.push(`${links.size} prior-period item(s) completed in this period, each counted once: ${[...links.values()].map((i) => i.id).join(', ')} of the prior case.`);
  const carriedDiff = platformOpening.differences.filter((d) => d.kind === 'carried').length;
  const newDiff = platformOpening.differences.filter((d) => d.kind === 'new').length;
  if (carriedDiff) notes.push(`The platform opens ${carriedDiff} card(s) at what it held at the prior period end, not at the prior reconstructed closing: the prior period's differences, carried.`);
  if (newDiff) notes.push(`Finding: the platform opens ${newDiff} card(s) at neither the prior closing nor what it held at the prior period end.`);
  return { carry: prior, opening: moved, movements: out, findings: [...kept, ...replaced.values()], links, closing, platformOpening, notes };
}

type Kind = 'activation' | 'platform' | 'erp';

/** The prior item a movement completes, if it is a counterpart of one. */
function counterpartOf(
  m: Movement,
  ev: readonly CanonicalEvent[],
  byPlatform: Map<string, PriorItem>,
  byErp: Map<string, PriorItem>,
  bySale: Map<string, PriorItem>,
): { item: PriorItem; kind: Kind } | null {
  if (m.kind === 'platform') {
    const e = ev[m.anchor];
    const item = byPlatform.get(e.key);
    const issue = e.type === 'activation' || e.type === 'reload';
    if (item && item.category === 'ACTIVATION_LAG' && issue) return { item, kind: 'activation' };
    if (item && (item.category === 'CUTOFF' || item.category === 'MISSING_IN_ERP')) return { item, kind: 'platform' };
    if (issue && m.sale === null) {
      const sale = bySale.get(`${e.order}|${e.last4}|${e.amount}`);
      if (sale) return { item: sale, kind: 'activation' };
    }
    return null;
  }
  if (m.kind === 'erp_only') {
    const line = ev[m.erpLines[0]];
    const item = byErp.get(line.key) ?? (line.ref ? byPlatform.get(line.ref) : undefined);
    if (item && item.category !== 'UNACTIVATED_SALE') return { item, kind: 'erp' };
  }
  return null;
}

/** The last instant before the period: where a movement the prior period already counted is placed. */
function beforePeriod(ctx: Context): number {
  return ctx.calendar.startOf(ctx.settings.periodStart) - 1;
}

/**
 * The counterpart's movement, counted once: a late activation the prior period counted at its sale moves back
 * there (out of this period); a row the prior period counted moves before this period; an ERP line posting a
 * movement the prior period did not count is that movement, on its card.
 */
function settle(m: Movement, item: PriorItem, kind: Kind, ctx: Context): Movement {
  const start = beforePeriod(ctx) + 1;
  if (kind === 'activation') {
    if (!item.counted) return m;
    const at = item.at ? Date.parse(item.at) : NaN;
    return { ...m, trueAtMs: Number.isFinite(at) && at < start ? at : start - 1 };
  }
  if (kind === 'platform') return item.counted ? { ...m, trueAtMs: start - 1 } : m;
  if (item.counted) return m;
  const share = m.members.reduce((a, x) => a + x.shareCents, 0);
  return { ...m, trueEffectCents: share, card: item.card ?? m.card, last4: item.card ? item.card.slice(-4) : m.last4 };
}

function counterpartFinding(m: Movement, item: PriorItem, kind: Kind, ctx: Context): MovementFinding {
  const { ev, prior, calendar } = ctx;
  const period = `${prior.period.start}..${prior.period.end}`;
  const when = (i: number) => (ev[i].system === 'erp' ? `posted ${ev[i].bdate}` : `at ${calendar.local(ev[i].at)}`);
  const counted = item.counted ? `counted in the prior closing (${prior.period.end}), so not again here` : 'not counted in the prior period, so counted here';
  const decided = item.decision ? `; decided there: ${item.decision.action}${item.decision.resolution ? ` ${item.decision.resolution}` : ''} by ${item.decision.user}${item.decision.note ? ` ("${item.decision.note}")` : ''}` : '';
  const of = `the prior period's ${item.id} (${item.category}, ${period}${decided})`;
  let records: number[];
  let explanation: string;
  let category = item.category;
  if (kind === 'activation') {
    const a = m.anchor!;
    records = [a, ...m.erpLines];
    category = 'ACTIVATION_LAG';
    const what = item.category === 'UNACTIVATED_SALE' ? `sold on order ${item.order} (last four ${item.last_four})` : `sold on order ${ev[a].order ?? item.order ?? '?'}`;
    explanation = `Card ${ev[a].card} was activated in the platform ${when(a)} (${ev[a].key}, ${money(ev[a].amount)}): it completes ${of}, ${what}. Counted once: ${counted}.${m.erpLines.length ? ` The ERP books the activation now (${m.erpLines.map((l) => ev[l].key).join(', ')}).` : ''}`;
  } else if (kind === 'platform') {
    const a = m.anchor!;
    records = [a, ...m.erpLines];
    explanation = `Platform ${ev[a].key} (${ev[a].type} ${money(ev[a].amount)}, ${when(a)}) is the other half of ${of}: the ERP booked it in the prior period. Counted once: ${counted}.`;
  } else {
    const l = m.erpLines[0];
    records = [l];
    explanation = `ERP line ${ev[l].key} (${money(ev[l].effect)} to the liability, ${when(l)}${ev[l].ref ? `, reference ${ev[l].ref}` : ''}) posts ${of}. Counted once: ${counted}; the ERP catches up here.`;
  }
  const uniq = [...new Set(records)];
  return {
    category, movement: m, carriesDelta: true, card: m.card ?? item.card, last4: m.last4 ?? item.last_four ?? null, order: m.order ?? item.order ?? null,
    amountCents: Math.abs(kind === 'erp' ? ev[records[0]].effect : ev[records[0]].amount),
    records: uniq.map((i) => ({ system: ev[i].system, ref: ev[i].key })), explanation,
    suggestion: `Counted once, as the prior period's ${item.id} was resolved${item.resolution ? ` (${item.resolution})` : ''}`,
  };
}

function closingNote(item: PriorItem, prior: PriorCarry): string {
  const note = item.decision?.note ? ` Prior note: ${item.decision.note}` : '';
  return `Prior-period item ${item.id} (${item.category}) of the case for ${prior.period.start}..${prior.period.end}: its counterpart arrived here; counted once.${note}`;
}

/** A card-less opening line (a sale never activated) moves to the card its late activation names. */
function moveCardlessOpening(opening: OpeningBalance[], transfers: { item: PriorItem; card: string }[]): OpeningBalance[] {
  if (!transfers.length) return opening;
  const out = opening.map((o) => ({ ...o }));
  for (const { item, card } of transfers) {
    const line = out.find((o) => o.card === null && o.order === item.order && o.last4 === item.last_four);
    if (!line) continue;
    line.card = card;
    line.last4 = undefined;
    line.order = undefined;
    line.platformCents = 0;
  }
  return out;
}

/** The platform's opening (its opening file, else its first rows) against the prior closing and its own. */
function comparePlatformOpening(prior: PriorCarry, platform: OpeningBalance[], basis: 'file' | 'rows'): PriorSection['platform_opening'] {
  const byCard = new Map<string, number>();
  for (const o of platform) if (o.card) byCard.set(o.card, (byCard.get(o.card) ?? 0) + o.cents);
  const differences: PlatformOpeningDifference[] = [];
  for (const c of prior.cards) {
    if (!c.card || !byCard.has(c.card)) continue;
    const p = byCard.get(c.card)!;
    if (p === c.closing_cents) continue;
    differences.push({ card: c.card, prior_closing_cents: c.closing_cents, prior_platform_cents: c.platform_cents, platform_opening_cents: p, kind: p === c.platform_cents ? 'carried' : 'new' });
  }
  return { basis, cards: byCard.size, differences };
}

/** report.json's `prior` section and the exceptions' `prior_item`, for a case carried from a prior one. */
export function priorSection(run: PriorRun, report: Report, erp: { openingCents: number }): PriorSection {
  const byKey = new Map(report.exceptions.map((x) => [x.key, x] as const));
  const completed = new Map<string, ExceptionItem>();
  for (const [key, item] of run.links) {
    const x = byKey.get(key);
    if (x) completed.set(item.key, x);
  }
  const p = run.carry;
  return {
    case_file: { ...p.case_file },
    chain_head: { ...p.chain_head },
    report_sha256: p.report_sha256,
    period: { ...p.period },
    prior_status: p.close.status,
    opening_cents: report.liability.rollforward.opening_cents,
    opening_lines: run.opening.length,
    erp_opening: {
      erp_opening_cents: erp.openingCents,
      prior_erp_closing_cents: p.totals.erp_closing_cents,
      difference_cents: erp.openingCents - p.totals.erp_closing_cents,
    },
    platform_opening: run.platformOpening,
    items: p.items.map((i) => {
      const x = completed.get(i.key);
      const o: PriorSection['items'][number] = {
        id: i.id, category: i.category, card: i.card, amount_cents: i.amount_cents, carried: i.carried, prior_status: i.status,
        prior_resolution: i.resolution, note: i.decision?.note ?? null, reason: i.decision?.reason ?? null,
        outcome: x ? 'completed' : 'outstanding', counterpart: x?.id ?? null,
      };
      if (i.last_four) o.last_four = i.last_four;
      if (i.order) o.order = i.order;
      return o;
    }),
  };
}
