// The matching rules, strongest first, as set-based SQL over the canonical events table. Each query returns
// candidate pairs; the one-to-one choice among candidates (nearest in time) is made by the caller.
// Plain SQL that SQLite and DuckDB both run.

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
  name: string;
  /** Returns rows (a, b) of event ids, nearest in time first for each a. */
  sql: string;
  /**
   * For a fallback rule, which only ever matches storefront rows the rules before it left unmatched: the same
   * query over just those rows, listed by id in the temporary table LEFTOVER_TABLE.
   */
  leftoverSql?: string;
}

/**
 * The storefront rows a fallback rule still has to match, by id. At a million events the two fallback rules
 * over every storefront row took 0.4 s to find a few dozen pairs; over the few hundred rows left they take
 * milliseconds, and choose the same pairs (the rows they skip were taken already).
 */
export const LEFTOVER_TABLE = 'temp.leftover_storefront';

/**
 * The storefront side of a query: every row, or only those in LEFTOVER_TABLE. CROSS JOIN makes SQLite start
 * from the short list (its planner, knowing nothing of a temporary table's size, may start from the events).
 */
function storefrontRows(leftover: boolean): string {
  return leftover ? `${LEFTOVER_TABLE} l CROSS JOIN events s ON s.id = l.id` : 'events s';
}

/** Storefront ↔ platform without the order: same last four and amount, within 30 minutes. */
function windowSql(leftover: boolean): string {
  return `SELECT s.id AS a, p.id AS b FROM ${storefrontRows(leftover)}
          JOIN events p ON p.system = 'platform' AND p.last4 = s.last4 AND p.amount = s.amount
            AND p.at BETWEEN s.at - 1800000 AND s.at + 1800000 AND (p.ord IS NULL OR p.ord <> s.ord)
          WHERE s.system = 'storefront' AND s.scope = 1 AND ${compatible('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`;
}

/** Storefront ↔ platform by order and last four, the amount differing. */
function amountOffSql(leftover: boolean): string {
  return `SELECT s.id AS a, p.id AS b FROM ${storefrontRows(leftover)}
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.last4 = s.last4 AND p.amount <> s.amount
          WHERE s.system = 'storefront' AND s.scope = 1 AND ${compatible('s', 'p', ['order_voided'])}
          ORDER BY s.id, ABS(p.at - s.at), p.id`;
}

export const RULES = {
  /** ERP liability line ↔ platform transaction, by the Transaction ID the ERP carries as Reference. */
  erpReference: {
    name: 'reference: ERP Reference = platform Transaction ID',
    sql: `SELECT e.id AS a, p.id AS b FROM events e
          JOIN events p ON p.system = 'platform' AND p.key = e.ref
          WHERE e.system = 'erp' AND e.scope = 1 AND e.ref IS NOT NULL
          ORDER BY e.id`,
  },
  /** Platform Void ↔ the transaction it reverses. */
  voids: {
    name: 'reference: Void → Voids Txn',
    sql: `SELECT v.id AS a, p.id AS b FROM events v
          JOIN events p ON p.system = 'platform' AND p.key = v.ref
          WHERE v.system = 'platform' AND v.type = 'void'
          ORDER BY v.id`,
  },
  /** Storefront tender ↔ platform transaction: same order, same last four, same amount, compatible type. */
  storefrontPlatform: {
    name: 'identity: order + last four + amount',
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.last4 = s.last4 AND p.amount = s.amount
          WHERE s.system = 'storefront' AND s.scope = 1 AND ${compatible('s', 'p')}
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
  },
  /**
   * Storefront tender ↔ platform transaction that carries no (or another) order: same last four, same amount,
   * compatible type, within 30 minutes. Used only for rows the order-based rules left unmatched.
   */
  storefrontPlatformWindow: {
    name: 'identity: last four + amount + time window',
    sql: windowSql(false),
    leftoverSql: windowSql(true),
  },
  /** The same without the amount: a matched movement whose amount differs between systems. */
  storefrontPlatformAmountOff: {
    name: 'identity: order + last four (amount differs)',
    sql: amountOffSql(false),
    leftoverSql: amountOffSql(true),
  },
  /** Processor charge for a gift card ↔ the storefront sale of the same order. */
  paymentSale: {
    name: 'reference: payment Order ID = storefront Order',
    sql: `SELECT y.id AS a, s.id AS b FROM events y
          JOIN events s ON s.system = 'storefront' AND s.ord = y.ord AND s.type = 'gift_card_sold' AND s.scope = 1
          WHERE y.system = 'payments' AND y.scope = 1 AND y.type = 'charge'
          ORDER BY y.id, ABS(s.at - y.at), s.id`,
  },
  /** Processor charge ↔ platform activation or reload of the same order (reloads have no storefront row). */
  paymentPlatform: {
    name: 'reference: payment Order ID = platform Order Ref',
    sql: `SELECT y.id AS a, p.id AS b FROM events y
          JOIN events p ON p.system = 'platform' AND p.ord = y.ord AND p.type IN ('activation', 'reload')
          WHERE y.system = 'payments' AND y.scope = 1 AND y.type = 'charge'
          ORDER BY y.id, ABS(p.at - y.at), p.id`,
  },
  /** Storefront voided order ↔ the platform redemptions (tenders) of that order. */
  voidedTender: {
    name: 'reference: voided order → its tender',
    sql: `SELECT s.id AS a, p.id AS b FROM events s
          JOIN events p ON p.system = 'platform' AND p.ord = s.ord AND p.last4 = s.last4 AND p.type = 'redemption'
          WHERE s.system = 'storefront' AND s.type = 'order_voided' AND s.scope = 1
          ORDER BY s.id, ABS(p.at - s.at), p.id`,
  },
} satisfies Record<string, Rule>;

/** The rules run over the rows the rules before them left (see Rule.leftoverSql). */
export type FallbackRule = 'storefrontPlatformAmountOff' | 'storefrontPlatformWindow';
