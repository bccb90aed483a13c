// The matching rules, strongest first, as set-based SQL over the canonical events table. Each query returns
// candidate pairs; the one-to-one choice among candidates (nearest in time) is made by the caller.
// Plain SQL that SQLite and DuckDB both run.
import { LEFTOVERS } from '../store/schema';
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
 * not in one run, its bounds would still hold them all (and every rule still names the system).
 */
export function systemBounds(systemOf: (i: number) => string, n: number): Record<string, number> {
  const bounds: Record<string, number> = {};
  for (let i = 0; i < n; ) {
    const s = systemOf(i);
    let end = i + 1;
    while (end < n && systemOf(end) === s) end++;
    if (bounds[`$${s}_first`] === undefined) bounds[`$${s}_first`] = i;
    bounds[`$${s}_last`] = end - 1;
    i = end;
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
  /** Platform Void ↔ the transaction it reverses. */
  void: {
    sql: `SELECT v.id AS a, p.id AS b FROM events v
          JOIN events p ON p.system = 'platform' AND p.key = v.ref
          WHERE v.id BETWEEN $platform_first AND $platform_last AND v.system = 'platform' AND v.type = 'void'
          ORDER BY v.id, p.id`,
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
  /** Storefront voided order ↔ the platform redemptions (tenders) of that order. */
  voidedTender: {
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.last4 = s.last4 AND p.type = 'redemption'
          WHERE s.id BETWEEN $storefront_first AND $storefront_last AND s.system = 'storefront' AND s.type = 'order_voided'
            AND s.scope = 1
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
  },
} satisfies Partial<Record<RuleId, Rule>>;
