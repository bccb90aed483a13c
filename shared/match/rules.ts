// The matching rules, strongest first, as set-based SQL over the canonical events table. Each query returns
// candidate pairs; the one-to-one choice among candidates (nearest in time) is made by the caller.
// Plain SQL that SQLite and DuckDB both run.
import type { CanonicalEvent } from '../events';
import type { System } from '../types';
import { LEFTOVERS } from '../store/schema';
import type { SystemRows } from './one-to-one';
import type { RuleId } from './rule-ids';

/** Which platform transaction types record each storefront event. */
export const PLATFORM_TYPES_FOR: Record<string, readonly string[]> = {
  gift_card_sold: ['activation', 'reload'],
  gift_card_applied: ['redemption'],
  gift_card_refunded: ['refund'],
  store_credit_issued: ['activation', 'reload', 'refund'],
  store_credit_applied: ['redemption'],
  order_voided: ['void'],
};

/**
 * Without a last four, the instrument is all that tells a gift card tender from a store credit one on the same
 * order: a storefront row that names its instrument must meet a platform row of it (a void names none).
 */
function sameInstrument(s: string, p: string): string {
  return `(${s}.instrument IS NULL OR ${s}.instrument = ${p}.instrument)`;
}

/** The SQL condition that storefront row `s` and platform row `p` have compatible types. */
function compatible(s: string, p: string, except: string[] = []): string {
  const terms = Object.entries(PLATFORM_TYPES_FOR)
    .filter(([event]) => !except.includes(event))
    .map(([event, types]) => `(${s}.type = '${event}' AND ${p}.type IN (${types.map((t) => `'${t}'`).join(', ')}))`);
  return `(${terms.join(' OR ')})`;
}

export interface Rule {
  /** Returns rows (a, b) of event ids, nearest in time first for each a. */
  sql: string;
  /**
   * A fallback rule, which only ever matches rows the rules before it left unmatched: its query reads them from
   * the temporary tables of LEFTOVERS, which the caller fills first.
   */
  leftovers?: true;
  /**
   * A rule for what some exports lack (a last four, a void's target, a Reference): its query can pair only rows
   * of `system` that pass `where`, and is not run where none does (a quarter in the reference layouts).
   */
  needs?: { system: System; where: (e: CanonicalEvent) => boolean };
}

/** Whether a rule's query can find anything: a rule with `needs` only where some row of its system passes. */
export function ruleApplies(rule: Rule, ev: readonly CanonicalEvent[], bounds: Record<string, number>): boolean {
  if (!rule.needs) return true;
  const { system, where } = rule.needs;
  const last = bounds[`$${system}_last`] ?? -1;
  for (let i = bounds[`$${system}_first`] ?? 0; i <= last; i++) if (ev[i].system === system && where(ev[i])) return true;
  return false;
}

/**
 * The storefront rows left: SQLite walks the short list and reads each row by its id (a join would start from
 * the events and their index instead); DuckDB makes it a semi-join.
 */
const LEFT_STOREFRONT = `s.id IN (SELECT id FROM ${LEFTOVERS.storefront})`;

/**
 * Events are stored file by file, so each system's rows are one run of ids. A rule that goes through every row
 * of one system says so with `$<system>_first` and `$<system>_last`, and SQLite then reads that run by rowid
 * instead of the whole table or the rows behind an index, a fraction of the pages. Were a system's rows ever
 * not in one run, its bounds would still hold them all (and every rule still names the system). The bounds come
 * from each system's rows (one-to-one.ts, rowsBySystem).
 */
export function systemBounds(rows: SystemRows): Record<string, number> {
  const bounds: Record<string, number> = {};
  for (const [system, list] of Object.entries(rows)) {
    if (!list.length) continue;
    bounds[`$${system}_first`] = list[0];
    bounds[`$${system}_last`] = list[list.length - 1];
  }
  return bounds;
}

/** The parameters a rule's query names, from systemBounds; a system with no rows reads none (first after last). */
export function ruleParams(sql: string, bounds: Record<string, number>): Record<string, number> {
  const params: Record<string, number> = {};
  for (const [name] of sql.matchAll(/\$[a-z]+_(?:first|last)\b/g)) params[name] = bounds[name] ?? (name.endsWith('_first') ? 0 : -1);
  return params;
}

export const RULES = {
  /** ERP liability line ↔ platform transaction, by the Transaction ID the ERP carries as Reference. */
  erpReference: {
    sql: `SELECT e.id AS a, p.id AS b FROM events e
          JOIN events p ON p.system = 'platform' AND p.key = e.ref
          WHERE e.id BETWEEN $erp_first AND $erp_last AND e.system = 'erp' AND e.scope = 1 AND e.ref IS NOT NULL
          ORDER BY e.id, p.id`,
  },
  /**
   * ERP liability line with no Reference ↔ platform transaction of the order its memo names, with the same effect
   * on the liability, of its instrument and of the last four the memo names, if any. A Void that names no order
   * (Square's) is reached through the redemptions of that order it may reverse, which give the amount back; the
   * code keeps it only where the Void, settled, takes that order. Nearest first (d); the choice, one to one among
   * the platform rows no Reference names, is made in code (erp-links.ts).
   */
  erpOrderAmount: {
    sql: `SELECT e.id AS a, p.id AS b, ABS(p.at - e.at) AS d FROM events e
          JOIN events p ON p.system = 'platform' AND p.ord = e.ord AND p.instrument = e.instrument
            AND (p.effect = e.effect OR (p.type = 'void' AND p.amount = e.effect)) AND (e.last4 IS NULL OR p.last4 = e.last4)
          WHERE e.id BETWEEN $erp_first AND $erp_last AND e.system = 'erp' AND e.scope = 1 AND e.ref IS NULL AND e.ord IS NOT NULL
          UNION ALL
          SELECT e.id AS a, v.id AS b, ABS(v.at - e.at) AS d FROM events e
          JOIN events r ON r.system = 'platform' AND r.ord = e.ord AND r.type = 'redemption' AND r.instrument = e.instrument
            AND r.amount = e.effect AND (e.last4 IS NULL OR r.last4 = e.last4)
          JOIN events v ON v.id BETWEEN $platform_first AND $platform_last AND v.system = 'platform' AND v.type = 'void'
            AND v.ord IS NULL AND v.card = r.card AND v.amount = r.amount AND v.at > r.at
          WHERE e.id BETWEEN $erp_first AND $erp_last AND e.system = 'erp' AND e.scope = 1 AND e.ref IS NULL AND e.ord IS NOT NULL
          ORDER BY a, d, b`,
    needs: { system: 'erp', where: (e) => e.scope === 1 && e.ref === null && e.order !== null },
  },
  /** Platform Void ↔ the transaction it reverses. */
  void: {
    sql: `SELECT v.id AS a, p.id AS b FROM events v
          JOIN events p ON p.system = 'platform' AND p.key = v.ref
          WHERE v.id BETWEEN $platform_first AND $platform_last AND v.system = 'platform' AND v.type = 'void'
          ORDER BY v.id, p.id`,
  },
  /**
   * Platform Void naming no transaction ↔ the earlier redemptions of its card for its amount, latest first. Which
   * one it reverses (the latest not yet voided or refunded) is decided in code (voids.ts).
   */
  voidInferred: {
    sql: `SELECT v.id AS a, r.id AS b FROM events v
          JOIN events r ON r.id BETWEEN $platform_first AND $platform_last AND r.system = 'platform' AND r.type = 'redemption'
            AND r.card = v.card AND r.amount = v.amount AND r.at < v.at
          WHERE v.id BETWEEN $platform_first AND $platform_last AND v.system = 'platform' AND v.type = 'void' AND v.ref IS NULL
          ORDER BY v.id, r.at DESC, r.id DESC`,
    needs: { system: 'platform', where: (e) => e.type === 'void' && e.ref === null },
  },
  /** Storefront tender ↔ platform transaction: same order, same last four, same amount, compatible type. */
  storefrontPlatform: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.id BETWEEN $platform_first AND $platform_last AND p.system = 'platform'
            AND p.ord = s.ord AND p.last4 = s.last4 AND p.amount = s.amount
          WHERE s.system = 'storefront' AND s.scope = 1 AND ${compatible('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
  },
  /**
   * Storefront tender ↔ platform transaction that carries no (or another) order: same last four, same amount,
   * compatible type, within 30 minutes. Used only for rows the order-based rules left unmatched.
   */
  storefrontPlatformWindow: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN ${LEFTOVERS.platform} lp ON lp.last4 = s.last4 AND lp.amount = s.amount
            AND lp.at BETWEEN s.at - 1800000 AND s.at + 1800000
          JOIN events p ON p.id = lp.id AND p.system = 'platform' AND (p.ord IS NULL OR p.ord <> s.ord)
          WHERE ${LEFT_STOREFRONT} AND s.system = 'storefront' AND s.scope = 1 AND ${compatible('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
    leftovers: true,
  },
  /** The same without the amount: a matched movement whose amount differs between systems. */
  storefrontPlatformAmountOff: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.last4 = s.last4 AND p.amount <> s.amount
          WHERE ${LEFT_STOREFRONT} AND s.system = 'storefront' AND s.scope = 1 AND ${compatible('s', 'p', ['order_voided'])}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
    leftovers: true,
  },
  /**
   * Storefront tender that names no card (Shopify) ↔ platform transaction: same order, same amount, compatible
   * type and instrument. Rows with a last four never meet this rule, nor do they need it.
   */
  storefrontNoLast4: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.id BETWEEN $platform_first AND $platform_last AND p.system = 'platform'
            AND p.ord = s.ord AND p.amount = s.amount
          WHERE s.id BETWEEN $storefront_first AND $storefront_last AND s.system = 'storefront' AND s.scope = 1 AND s.last4 IS NULL
            AND ${compatible('s', 'p')} AND ${sameInstrument('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
    needs: { system: 'storefront', where: (e) => e.scope === 1 && e.last4 === null },
  },
  /** The same without the amount, for the rows left: a matched movement whose amount differs between systems. */
  storefrontNoLast4AmountOff: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.amount <> s.amount
          WHERE ${LEFT_STOREFRONT} AND s.system = 'storefront' AND s.scope = 1 AND s.last4 IS NULL
            AND ${compatible('s', 'p', ['order_voided'])} AND ${sameInstrument('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
    leftovers: true,
  },
  /**
   * For the rows left: a platform transaction that carries no order, same amount, compatible type and instrument,
   * within 30 minutes. Without a card or an order nothing else tells two tenders apart, so the caller keeps only
   * a pair whose two rows have no other candidate.
   */
  storefrontNoLast4Window: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN ${LEFTOVERS.platform} lp ON lp.amount = s.amount AND lp.at BETWEEN s.at - 1800000 AND s.at + 1800000
          JOIN events p ON p.id = lp.id AND p.system = 'platform' AND p.ord IS NULL
          WHERE ${LEFT_STOREFRONT} AND s.system = 'storefront' AND s.scope = 1 AND s.last4 IS NULL
            AND ${compatible('s', 'p')} AND ${sameInstrument('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
    leftovers: true,
  },
  /** Processor charge for a gift card ↔ the storefront sale of the same order. */
  paymentSale: {
    sql: `SELECT y.id AS a, s.id AS b FROM events y
          JOIN events s ON s.system = 'storefront' AND s.ord = y.ord AND s.type = 'gift_card_sold' AND s.scope = 1
          WHERE y.id BETWEEN $payments_first AND $payments_last AND y.system = 'payments' AND y.scope = 1 AND y.type = 'charge'
          ORDER BY y.id, ABS(s.at - y.at), s.id`,
  },
  /** Processor charge ↔ platform activation or reload of the same order (reloads have no storefront row). */
  paymentPlatform: {
    sql: `SELECT y.id AS a, p.id AS b FROM events y
          JOIN events p ON p.system = 'platform' AND p.ord = y.ord AND p.type IN ('activation', 'reload')
          WHERE y.id BETWEEN $payments_first AND $payments_last AND y.system = 'payments' AND y.scope = 1 AND y.type = 'charge'
          ORDER BY y.id, ABS(p.at - y.at), p.id`,
  },
  /** Processor refund of a gift card charge ↔ that charge: same order, the amount paid back. */
  paymentRefund: {
    sql: `SELECT f.id AS a, y.id AS b FROM events f
          JOIN events y ON y.id BETWEEN $payments_first AND $payments_last AND y.system = 'payments' AND y.type = 'charge'
            AND y.scope = 1 AND y.ord = f.ord AND y.amount = ABS(f.amount)
          WHERE f.id BETWEEN $payments_first AND $payments_last AND f.system = 'payments' AND f.type = 'refund' AND f.scope = 1
          ORDER BY f.id, ABS(y.at - f.at), y.id`,
    needs: { system: 'payments', where: (e) => e.type === 'refund' && e.scope === 1 },
  },
  /** Storefront voided order ↔ the platform redemptions (tenders) of that order. */
  voidedTender: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.last4 = s.last4 AND p.type = 'redemption'
          WHERE s.id BETWEEN $storefront_first AND $storefront_last AND s.system = 'storefront' AND s.type = 'order_voided'
            AND s.scope = 1
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
  },
  /**
   * The same for a voided order that names no card: the redemptions of that order of its amount (any, where the
   * export gives a void no amount or 0.00).
   */
  voidedTenderNoLast4: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.type = 'redemption' AND (p.amount = s.amount OR s.amount = 0)
          WHERE s.id BETWEEN $storefront_first AND $storefront_last AND s.system = 'storefront' AND s.type = 'order_voided'
            AND s.scope = 1 AND s.last4 IS NULL
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
    needs: { system: 'storefront', where: (e) => e.type === 'order_voided' && e.scope === 1 && e.last4 === null },
  },
} satisfies Partial<Record<RuleId, Rule>>;
