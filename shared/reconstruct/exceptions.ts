// The exceptions as the report lists them: one per finding, with its effect on the bridge from the ERP and on
// the platform's balance under the resolution in force, its status, and a stable order and id.
import type { Finding } from '../classify/classify';
import { byCodeUnits } from '../order';
import { CATEGORIES, type Decision, type ExceptionItem } from '../types';
import type { Differences } from './attribution';
import type { ExceptionIds } from './exception-ids';

/** A finding's stable key: its category and the rows it names. Decisions refer to it. */
export function findingKey(f: Pick<Finding, 'category' | 'records'>): string {
  return `${f.category}|${f.records.map((r) => `${r.system}:${r.ref}`).join(',')}`;
}

export interface Resolved {
  /** Per key, the resolution in force. */
  chosen: Map<string, string>;
  /** Per key, the latest decision. */
  latest: Map<string, Decision>;
}

/**
 * The exceptions in report order (category, card, the rows they name), each with the id `ids` keeps for its key
 * (a new registry numbers them EX-0001… in that order).
 */
export function exceptionItems(all: readonly Finding[], carrier: Map<number, Finding>, diff: Differences, resolved: Resolved, ids: ExceptionIds): ExceptionItem[] {
  const items = all.map((f) => exceptionItem(f, carrier, diff, resolved));
  const firstAt = (x: ExceptionItem) => x.records.map((r) => r.system + r.ref).join();
  items.sort(
    (a, b) => CATEGORIES.indexOf(a.category) - CATEGORIES.indexOf(b.category) || byCodeUnits(a.card ?? '~', b.card ?? '~') || byCodeUnits(firstAt(a), firstAt(b)),
  );
  ids.number(items);
  return items;
}

function exceptionItem(f: Finding, carrier: Map<number, Finding>, diff: Differences, { chosen, latest }: Resolved): ExceptionItem {
  const key = findingKey(f);
  const m = f.movement;
  const isCarrier = m ? carrier.get(m.id) === f : false;
  let erpEffect = isCarrier ? diff.erp[m!.id] : 0;
  let platformEffect = isCarrier ? diff.platform[m!.id] : 0;
  if (f.chainBreak) {
    platformEffect = -f.chainBreak.cents;
    if (chosen.get(key) === 'platform_balance') {
      erpEffect = f.chainBreak.cents;
      platformEffect = 0;
    }
  }
  const d = latest.get(key);
  const item: ExceptionItem = {
    id: '', category: f.category, card: f.card, amount_cents: f.amountCents, records: f.records, explanation: f.explanation,
    suggested_resolution: f.suggestion || 'It happened as the operational systems recorded it', erp_effect_cents: erpEffect,
    platform_effect_cents: platformEffect, key, resolution: chosen.get(key), status: d ? statusOf(d) : 'open',
  };
  if (f.suggestions?.length) item.suggestions = f.suggestions;
  if (!f.card && f.last4) item.last_four = f.last4;
  if (!f.card && f.order) item.order = f.order;
  return item;
}

function statusOf(d: Decision): ExceptionItem['status'] {
  return d.action === 'accept' ? 'accepted' : d.action === 'defer' ? 'deferred' : 'resolved';
}
