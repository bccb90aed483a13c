// Links made and broken by hand: the auditor confirms a pair the rules did not make (a storefront tender to the
// platform row it was), or breaks one they did. Each is a decision (audit-logged, undoable); matching re-runs
// with them, strongest first: a link by hand is its rule's only candidate for either row, an unlink takes the
// pair out of every rule's candidates.
import { OMITTED_SET } from '../classify/resolutions';
import type { CanonicalEvent } from '../events';
import type { Movement, Pairs } from '../match/movements';
import { PLATFORM_TYPES_FOR } from '../match/rules';
import type { RuleId } from '../match/rule-ids';
import type { FallbackPairs } from '../match/storefront-links';
import { SYSTEMS, type Decision, type RecordRef, type System } from '../types';

/**
 * The rule lists a pair of two systems goes into (keyed by the systems in the order of SYSTEMS), with the row of
 * each system in its place in the list's pairs (a, b).
 */
const KINDS: Record<string, { list: keyof Pairs; a: System; b: System; rules: readonly RuleId[] }> = {
  'platform+storefront': {
    list: 'storefrontPlatform', a: 'storefront', b: 'platform',
    rules: ['storefrontPlatform', 'storefrontPlatformAmountOff', 'storefrontPlatformWindow'],
  },
  'storefront+payments': { list: 'paymentSale', a: 'payments', b: 'storefront', rules: ['paymentSale'] },
  'platform+payments': { list: 'paymentPlatform', a: 'payments', b: 'platform', rules: ['paymentPlatform'] },
  'platform+erp': { list: 'erpReference', a: 'erp', b: 'platform', rules: ['erpReference'] },
};

/** report.json's by_rule name for the links made by hand. */
export const MANUAL_LINK_RULE = 'manual: linked by the auditor';

const systemOrder = (s: System) => SYSTEMS.indexOf(s);

/** The two rows in a fixed order (platform, storefront, payments, erp): one key for a pair whichever way named. */
function ordered(a: RecordRef, b: RecordRef): [RecordRef, RecordRef] {
  return systemOrder(a.system) < systemOrder(b.system) || (a.system === b.system && a.ref <= b.ref) ? [a, b] : [b, a];
}

/** The key of a link or unlink decision on two rows: `LINK|system:ref,system:ref`. */
export function linkKey(a: RecordRef, b: RecordRef): string {
  const [x, y] = ordered(a, b);
  return `LINK|${x.system}:${x.ref},${y.system}:${y.ref}`;
}

function kindOf(a: RecordRef, b: RecordRef) {
  const [x, y] = ordered(a, b);
  return KINDS[`${x.system}+${y.system}`];
}

/** Event indexes of rows named by system and key, found in one pass. */
export function findRows(ev: readonly CanonicalEvent[], refs: readonly RecordRef[]): Map<string, number> {
  const wanted = new Set(refs.map((r) => `${r.system}:${r.ref}`));
  const out = new Map<string, number>();
  if (!wanted.size) return out;
  for (let i = 0; i < ev.length && out.size < wanted.size; i++) {
    const k = `${ev[i].system}:${ev[i].key}`;
    if (wanted.has(k) && !out.has(k)) out.set(k, i);
  }
  return out;
}

/**
 * What the auditor decided of the matching itself: the links and unlinks in force (for each pair, its latest
 * decision decides), as event pairs in each rule's order; and, per ERP batch (its first line), the redemptions
 * chosen as those it left out where the totals could not tell.
 */
export interface LinkChoices {
  link: { list: keyof Pairs; pair: [number, number] }[];
  unlink: { list: keyof Pairs; pair: [number, number] }[];
  omitted: Map<number, number[]>;
  /** The choices in words, for report.json's note. */
  said: string[];
}

/** The ERP line of a batch residual's exception key (`AMOUNT_MISMATCH|erp:J:L`), or null. */
function batchLineOf(key: string): RecordRef | null {
  const m = /^AMOUNT_MISMATCH\|erp:(.+)$/.exec(key);
  return m && !m[1].includes(',') ? { system: 'erp', ref: m[1] } : null;
}

export function linkChoices(decisions: readonly Decision[], ev: readonly CanonicalEvent[]): LinkChoices {
  const latest = new Map<string, Decision>();
  const lastOnKey = new Map<string, Decision>();
  for (const d of decisions) {
    if ((d.action === 'link' || d.action === 'unlink') && d.records?.length === 2) latest.set(d.key, d);
    else lastOnKey.set(d.key, d);
  }
  const sets = [...lastOnKey.values()].filter((d) => d.action === 'resolve' && d.resolution === OMITTED_SET.code && d.records?.length && batchLineOf(d.key));
  const out: LinkChoices = { link: [], unlink: [], omitted: new Map(), said: [] };
  const rows = findRows(ev, [...[...latest.values()].flatMap((d) => d.records!), ...sets.flatMap((d) => [batchLineOf(d.key)!, ...d.records!])]);
  const row = (r: RecordRef) => rows.get(`${r.system}:${r.ref}`);
  for (const d of sets.sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    const line = batchLineOf(d.key)!;
    const chosen = d.records!.map(row);
    if (row(line) === undefined || chosen.some((i) => i === undefined)) continue;
    out.omitted.set(row(line)!, chosen as number[]);
    out.said.push(`chose ${d.records!.map((r) => `${r.system} ${r.ref}`).join(', ')} as left out of ERP batch ${line.ref}`);
  }
  for (const d of [...latest.values()].sort((x, y) => (x.key < y.key ? -1 : x.key > y.key ? 1 : 0))) {
    const [r0, r1] = d.records!;
    const kind = kindOf(r0, r1);
    const ia = rows.get(`${r0.system}:${r0.ref}`);
    const ib = rows.get(`${r1.system}:${r1.ref}`);
    if (!kind || ia === undefined || ib === undefined) continue;
    const pair: [number, number] = ev[ia].system === kind.a ? [ia, ib] : [ib, ia];
    out[d.action === 'link' ? 'link' : 'unlink'].push({ list: kind.list, pair });
    const [x, y] = ordered(r0, r1);
    out.said.push(`${d.action === 'link' ? 'linked' : 'unlinked'} ${x.system} ${x.ref} ↔ ${y.system} ${y.ref}`);
  }
  return out;
}

/**
 * The rules' candidate pairs with the auditor's links and unlinks: an unlinked pair is no candidate; a linked
 * pair is its list's first and only candidate for its rows (an ERP line's platform row may still take others).
 */
export function withLinks(pairs: Pairs, choices: LinkChoices): Pairs {
  if (!choices.link.length && !choices.unlink.length) return pairs;
  const out = { ...pairs };
  const same = (p: [number, number], q: [number, number]) => p[0] === q[0] && p[1] === q[1];
  for (const u of choices.unlink) out[u.list] = out[u.list].filter((p) => !same(p, u.pair));
  for (const list of new Set(choices.link.map((l) => l.list))) {
    // A platform row may take several ERP lines: only the line of a forced ERP link loses its other candidates.
    const bothSides = list !== 'erpReference';
    const forced = choices.link.filter((x) => x.list === list).map((x) => x.pair);
    out[list] = [...forced, ...out[list].filter((p) => !forced.some((f) => p[0] === f[0] || (bothSides && p[1] === f[1])))];
  }
  return out;
}

/** The fallback rules' pairs without the unlinked ones (the rows of a link by hand are taken before they run). */
export function fallbackWithout(fallback: FallbackPairs, choices: LinkChoices): FallbackPairs {
  const broken = choices.unlink.filter((u) => u.list === 'storefrontPlatform').map((u) => u.pair);
  if (!broken.length) return fallback;
  return (rule, s, p) => fallback(rule, s, p).filter(([a, b]) => !broken.some((x) => x[0] === a && x[1] === b));
}

/** What the current movements say of a row: the movement it is in and the rule that put it there. */
function placeOf(movements: readonly Movement[], i: number): { m: Movement; rule: RuleId } | null {
  for (const m of movements) for (const x of m.members) if (x.event === i) return { m, rule: x.rule };
  return null;
}

/** Whether the two rows are linked now by one of the rules of their kind. */
export function linkedNow(movements: readonly Movement[], ev: readonly CanonicalEvent[], ia: number, ib: number): boolean {
  const kind = kindOf({ system: ev[ia].system, ref: '' }, { system: ev[ib].system, ref: '' });
  if (!kind) return false;
  const [a, b] = ev[ia].system === kind.a ? [ia, ib] : [ib, ia];
  const place = placeOf(movements, a);
  if (!place || !kind.rules.includes(place.rule)) return false;
  const m = place.m as Movement & { sale?: number | null };
  return kind.b === 'storefront' ? m.sale === b : m.anchor === b;
}

/**
 * Why a link or unlink cannot be recorded, in plain words; null when it can. A link needs two rows the
 * matching could have paired (kinds, types, last four, scope, the sign of an ERP line), neither linked to
 * another row of that kind; an unlink needs the pair linked now by a rule of its kind.
 */
export function linkProblem(d: Decision, ev: readonly CanonicalEvent[], movements: readonly Movement[]): string | null {
  const recs = d.records ?? [];
  if (recs.length !== 2) return `A ${d.action} names two rows (records), not ${recs.length}`;
  const [r0, r1] = recs;
  if (d.key !== linkKey(r0, r1)) return `A ${d.action} of ${r0.system} ${r0.ref} and ${r1.system} ${r1.ref} has the key ${linkKey(r0, r1)}, not ${d.key}`;
  const kind = kindOf(r0, r1);
  if (!kind) return `${r0.system} and ${r1.system} rows are never linked to each other: links join a storefront, processor or ERP row to a platform row, or a processor charge to a storefront sale`;
  const rows = findRows(ev, recs);
  for (const r of recs) if (!rows.has(`${r.system}:${r.ref}`)) return `There is no ${r.system} row ${r.ref} in this case`;
  const ia = rows.get(`${r0.system}:${r0.ref}`)!;
  const ib = rows.get(`${r1.system}:${r1.ref}`)!;
  const [a, b] = ev[ia].system === kind.a ? [ia, ib] : [ib, ia];
  const name = (i: number) => `${ev[i].system} ${ev[i].key}`;
  if (d.action === 'unlink') {
    if (linkedNow(movements, ev, a, b)) return null;
    return `${name(a)} and ${name(b)} are not linked by a matching rule: there is nothing to unlink`;
  }
  if (linkedNow(movements, ev, a, b)) return `${name(a)} and ${name(b)} are linked already`;
  const incompatible = incompatibility(ev, kind.list, a, b);
  if (incompatible) return `${name(a)} cannot be linked to ${name(b)}: ${incompatible}`;
  const other = otherPartner(movements, ev, kind, a, b);
  if (other) return other;
  return null;
}

/** Why rows `a` and `b` cannot be one movement; null when they can. */
function incompatibility(ev: readonly CanonicalEvent[], list: keyof Pairs, a: number, b: number): string | null {
  const [x, y] = [ev[a], ev[b]];
  if (!x.scope) return `${x.system} ${x.key} is out of scope (${x.system === 'storefront' ? `status ${x.status}` : x.system === 'erp' ? `account ${x.account}` : 'not about a gift card'})`;
  switch (list) {
    case 'storefrontPlatform':
      if (!(PLATFORM_TYPES_FOR[x.type] ?? []).includes(y.type)) return `a storefront ${x.type} is never a platform ${y.type}`;
      if (x.last4 !== y.last4) return `the storefront row is for a card ending ${x.last4}, the platform row for one ending ${y.last4}`;
      return null;
    case 'paymentSale':
      if (x.type !== 'charge') return `only a processor charge pays for a sale, not a ${x.type}`;
      if (y.type !== 'gift_card_sold' || !y.scope) return `a processor charge pays for a gift card sale, not a storefront ${y.type}`;
      return null;
    case 'paymentPlatform':
      if (x.type !== 'charge') return `only a processor charge pays for a card, not a ${x.type}`;
      if (y.type !== 'activation' && y.type !== 'reload') return `a processor charge pays for an activation or a reload, not a platform ${y.type}`;
      return null;
    case 'erpReference':
      if (y.effect !== 0 && Math.sign(x.effect) !== Math.sign(y.effect))
        return `the ERP line ${x.effect > 0 ? 'raises' : 'lowers'} the liability and the platform ${y.type} ${y.effect > 0 ? 'raises' : 'lowers'} it`;
      return null;
    default:
      return null;
  }
}

/** Why a row is taken by another of the same kind (unlink that first); null when neither is. */
function otherPartner(movements: readonly Movement[], ev: readonly CanonicalEvent[], kind: (typeof KINDS)[string], a: number, b: number): string | null {
  const pa = placeOf(movements, a);
  // A charge pays one thing: a sale, or a platform row directly.
  const aRules: readonly RuleId[] = kind.a === 'payments' ? ['paymentSale', 'paymentPlatform'] : kind.rules;
  if (pa && aRules.includes(pa.rule)) {
    const m = pa.m as Movement & { sale?: number | null };
    const partner = pa.rule === 'paymentSale' ? m.sale : m.anchor;
    if (partner !== null && partner !== undefined && partner !== b)
      return `${ev[a].system} ${ev[a].key} is linked to ${ev[partner].system} ${ev[partner].key}: unlink that first`;
  }
  if (kind.list === 'erpReference') return null; // a platform row may take several ERP lines
  for (const m of movements) {
    const mm = m as Movement & { sale?: number | null };
    const holds = kind.b === 'storefront' ? mm.sale === b : m.anchor === b;
    if (!holds) continue;
    const taken = m.members.find((x) => kind.rules.includes(x.rule) && ev[x.event].system === kind.a && x.event !== a);
    if (taken) return `${ev[b].system} ${ev[b].key} is linked to ${ev[taken.event].system} ${ev[taken.event].key}: unlink that first`;
  }
  return null;
}
