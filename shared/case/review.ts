// A decision never breaks an identity or makes a card's history impossible. Before decisions are recorded the
// case is replayed with them (a trial); they are refused, with the reason in plain words, where a card's
// balance would go below zero at an instant it did not before, or a difference would appear that no finding
// names (the decision would invent a finding). This file judges a trial against the case as it is.
import type { Finding } from '../classify/finding';
import { OMITTED_SET, resolutionsOf } from '../classify/resolutions';
import type { CanonicalEvent, OpeningBalance } from '../events';
import type { Movement } from '../match/movement';
import { formatCents } from '../money';
import { lineOf, lowestBalances, type HistoryInputs, type Lowest } from '../reconstruct/card-history';
import type { Reconstruction } from '../reconstruct/replay';
import type { BusinessCalendar } from '../time';
import { CATEGORY_LABELS, DEFAULT_REASON_CODES, type CaseSettings, type Decision } from '../types';
import type { DecisionCheck, DecisionEffect } from './api';
import { findRows, linkProblem } from './links';

/** What a judgement needs of a state of the case: its movements and openings, and its replay. */
export interface CaseState {
  events: readonly CanonicalEvent[];
  movements: readonly Movement[];
  opening: readonly OpeningBalance[];
  recon: Reconstruction;
}

const ACTIONS: readonly Decision['action'][] = ['accept', 'resolve', 'defer', 'link', 'unlink'];

/** Why the decisions cannot even be tried (an unknown exception, resolution, reason or row), or null. */
export function decisionProblem(decisions: readonly Decision[], now: CaseState, settings: CaseSettings): string | null {
  const reasons = settings.reasonCodes ?? DEFAULT_REASON_CODES;
  let items: Map<string, { id: string }> | null = null;
  for (const d of decisions) {
    if (!ACTIONS.includes(d.action)) return `Unknown decision '${String(d.action)}': decide with accept, resolve, defer, link or unlink`;
    if (d.reason !== undefined && !reasons.includes(d.reason))
      return `Reason '${d.reason}' is not one of the case's reason codes (${reasons.map((r) => `'${r}'`).join(', ')})`;
    if (d.action === 'link' || d.action === 'unlink') {
      const problem = linkProblem(d, now.events, now.movements);
      if (problem) return problem;
      continue;
    }
    const f = now.recon.findingByKey.get(d.key);
    if (!f) return `No exception with key ${d.key}`;
    if (d.action !== 'resolve') continue;
    items ??= new Map(now.recon.exceptions.map((e) => [e.key, e] as const));
    const x = items.get(d.key)!;
    const options = resolutionsOf(f);
    const named = `${x.id} (${CATEGORY_LABELS[f.category]})`;
    if (!d.resolution) return `Resolving ${named} needs a resolution: one of ${options.map((o) => o.code).join(', ')}`;
    if (!options.some((o) => o.code === d.resolution))
      return `Resolution '${d.resolution}' is not one of ${named}'s: ${options.map((o) => o.code).join(', ')}`;
    if (d.resolution === OMITTED_SET.code) {
      const problem = omittedSetProblem(d, f, now.events, named);
      if (problem) return problem;
    } else if (d.records?.length) return `Resolution '${d.resolution}' of ${named} takes no rows with it`;
  }
  return null;
}

/** Why rows cannot be the ones a batch left out: not that day's redemptions of the batch, or not the gap's sum. */
function omittedSetProblem(d: Decision, f: Finding, ev: readonly CanonicalEvent[], named: string): string | null {
  const o = f.movement?.kind === 'batch_residual' ? f.movement.omission : null;
  if (!o) return `${named} is no batch whose left-out redemptions are to be chosen`;
  const recs = d.records ?? [];
  if (!recs.length) return `Choosing what batch ${named} left out needs the redemptions (records)`;
  const rows = findRows(ev, recs);
  const batch = new Set(o.redemptions);
  for (const r of recs) {
    const i = rows.get(`${r.system}:${r.ref}`);
    if (i === undefined || !batch.has(i)) return `${r.system} ${r.ref} is not one of the redemptions batch ${named} may have left out`;
  }
  if (new Set(recs.map((r) => `${r.system}:${r.ref}`)).size !== recs.length) return 'A redemption is named twice';
  const sum = recs.reduce((a, r) => a + ev[rows.get(`${r.system}:${r.ref}`)!].amount, 0);
  if (sum !== o.gap) return `The redemptions chosen sum to ${formatCents(sum)}; the batch is short by ${formatCents(o.gap)}`;
  return null;
}

/** What the decisions would change: the closing, the exceptions added and retired, the cards that move. */
export function effectOf(before: Reconstruction, after: Reconstruction): DecisionEffect {
  const was = new Map(before.exceptions.map((x) => [x.key, x] as const));
  const now = new Map(after.exceptions.map((x) => [x.key, x] as const));
  const cardKey = (c: { card: string | null; instrument: string; last_four?: string; order?: string }) => c.card ?? `~${c.instrument}|${c.last_four ?? ''}|${c.order ?? ''}`;
  const oldCards = new Map(before.cards.map((c) => [cardKey(c), c] as const));
  const cards: DecisionEffect['cards'] = [];
  for (const c of after.cards) {
    const b = oldCards.get(cardKey(c))?.reconstructed_cents ?? 0;
    if (b !== c.reconstructed_cents && cards.length < 50)
      cards.push({ card: c.card, last_four: c.card ? c.card.slice(-4) : (c.last_four ?? null), before_cents: b, after_cents: c.reconstructed_cents });
  }
  let changed = 0;
  for (const [key, x] of now) {
    const b = was.get(key);
    if (b && (b.resolution !== x.resolution || b.status !== x.status)) changed++;
  }
  return {
    reconstructed_before_cents: before.reconstructedCents,
    reconstructed_after_cents: after.reconstructedCents,
    added: after.exceptions.filter((x) => !was.has(x.key)).map((x) => ({ key: x.key, id: x.id, category: x.category, amount_cents: x.amount_cents })),
    retired: before.exceptions.filter((x) => !now.has(x.key)).map((x) => x.key),
    cards,
    changed,
  };
}

/**
 * Judges a trial: refused where a card's (or a card-less line's) balance would go below zero at some instant,
 * lower than it ever went before, or where a difference appears that no finding names.
 */
export function judge(what: string, before: CaseState, after: CaseState, calendar: BusinessCalendar): DecisionCheck {
  const effect = effectOf(before.recon, after.recon);
  const sameMovements = before.movements === after.movements;
  const lines = sameMovements ? changedLines(before, after) : undefined;
  const lowBefore = lowestBalances(historyOf(before), lines);
  const lowAfter = lowestBalances(historyOf(after), lines);
  let worst: { line: string; low: Lowest } | null = null;
  for (const [line, low] of lowAfter) {
    if (low.cents >= 0 || low.cents >= Math.min(0, lowBefore.get(line)?.cents ?? 0)) continue;
    if (!worst || low.cents < worst.low.cents || (low.cents === worst.low.cents && line < worst.line)) worst = { line, low };
  }
  if (worst) {
    const why = worst.line.startsWith('~') ? 'A liability with no card cannot fall below zero: nothing can be taken from it.' : 'A card cannot spend what is not on it.';
    return { ok: false, reason: `${what} would take ${lineName(worst.line)} below zero: ${lowDescription(worst.low, after, calendar)}. ${why}`, effect };
  }
  const invented = effect.added.find((x) => after.recon.unnamed.has(x.key));
  if (invented) {
    const f = after.recon.findingByKey.get(invented.key)!;
    return {
      ok: false,
      reason: `${what} would leave ${formatCents(invented.amount_cents)} on ${f.records.map((r) => `${r.system} ${r.ref}`).join(', ')} that no finding explains (it would appear as a new ${CATEGORY_LABELS[f.category]}).`,
      effect,
    };
  }
  return { ok: true, effect };
}

function historyOf(s: CaseState): HistoryInputs {
  return { movements: s.movements, counted: s.recon.countedCents, at: s.recon.atMs, opening: s.opening, adjustments: s.recon.adjustments };
}

/** The lines whose history the trial changes: a movement's counted effect or instant, or a correction. */
function changedLines(before: CaseState, after: CaseState): Set<string> {
  const out = new Set<string>();
  const b = before.recon;
  const a = after.recon;
  for (const m of after.movements) if (b.countedCents[m.id] !== a.countedCents[m.id] || b.atMs[m.id] !== a.atMs[m.id]) out.add(lineOf(m));
  const said = (xs: Reconstruction['adjustments']) => new Set(xs.map((x) => `${x.card}|${x.cents}|${x.at}`));
  const was = said(b.adjustments);
  const now = said(a.adjustments);
  for (const x of [...a.adjustments, ...b.adjustments]) if (was.has(`${x.card}|${x.cents}|${x.at}`) !== now.has(`${x.card}|${x.cents}|${x.at}`)) out.add(x.card);
  return out;
}

function lineName(line: string): string {
  if (!line.startsWith('~')) return `card ${line}`;
  const [instrument, last4, order] = line.slice(1).split('|');
  const what = instrument === 'store_credit' ? 'store credit' : 'gift card';
  return last4 || order ? `the ${what} ending ${last4 || '?'}${order ? ` of order ${order}` : ''} (no known card)` : `the unallocated ${what} liability`;
}

function lowDescription(low: Lowest, s: CaseState, calendar: BusinessCalendar): string {
  const m = low.movement !== null ? s.movements.find((x) => x.id === low.movement) : undefined;
  if (!m) return `to ${formatCents(low.cents)} at ${calendar.local(low.at)}, after a correction of its balance`;
  const e = s.events[m.anchor ?? m.members[0].event];
  return `to ${formatCents(low.cents)} at ${calendar.local(low.at)}, after ${e.system} ${e.key} (${e.type} ${formatCents(Math.abs(e.amount))})`;
}

/** The decisions in words, for the start of a refusal. */
export function describeDecisions(decisions: readonly Decision[], now: CaseState): string {
  if (decisions.length !== 1) return `These ${decisions.length} decisions`;
  const d = decisions[0];
  if (d.action === 'link' || d.action === 'unlink') {
    const [a, b] = d.records ?? [];
    return `${d.action === 'link' ? 'Linking' : 'Unlinking'} ${a?.system} ${a?.ref} ${d.action === 'link' ? 'to' : 'from'} ${b?.system} ${b?.ref}`;
  }
  const x = now.recon.exceptions.find((e) => e.key === d.key);
  const f = now.recon.findingByKey.get(d.key);
  const label = f && d.resolution ? resolutionsOf(f).find((o) => o.code === d.resolution)?.label : undefined;
  const id = x ? `${x.id} (${CATEGORY_LABELS[x.category]})` : d.key;
  return d.action === 'resolve' ? `Resolving ${id} as “${label ?? d.resolution}”` : `${d.action === 'accept' ? 'Accepting' : 'Deferring'} ${id}`;
}
