// Every way matching puts a row into a movement, by id, with the name it goes by outside the engine: report.json
// counts links under it (matching.by_rule) and the case's movement_members table records it for each member.
// The names are part of the report's format: change one and every saved report reads differently.

export const RULE = {
  erpReference: 'reference: ERP Reference = platform Transaction ID',
  /** An ERP line with no Reference, by the order its memo names and the amount and direction (no batch line). */
  erpOrderAmount: 'reference: ERP memo order + amount',
  void: 'void → voided transaction',
  /** A Void naming no transaction (Square's TRANSACTION_VOIDED): the latest earlier redemption it can reverse. */
  voidInferred: 'inferred: void → latest earlier redemption',
  /** A second Void of a transaction already voided: the same reversal recorded twice. */
  voidRepeated: 'duplicate: second void of one transaction',
  storefrontPlatform: 'identity: order + last four + amount',
  storefrontPlatformAmountOff: 'identity: order + last four (amount differs)',
  storefrontPlatformWindow: 'identity: last four + amount + time window',
  /** The storefront rules for an export that names no card (Shopify): order and amount stand in for it. */
  storefrontNoLast4: 'identity: order + amount (no last four)',
  storefrontNoLast4AmountOff: 'identity: order, no last four (amount differs)',
  storefrontNoLast4Window: 'identity: amount + time window (no last four, one candidate)',
  /** A voided order with no last four ↔ the platform Void of its tender (the Void found through what it reverses). */
  storefrontVoidByTender: 'identity: voided order → the void of its tender (no last four)',
  paymentSale: 'reference: payment Order ID = storefront Order',
  paymentPlatform: 'reference: payment Order ID = platform Order Ref',
  /** A processor refund of a gift card charge (same order, the amount back). */
  paymentRefund: 'reference: refund Order ID = gift card charge',
  voidedTender: 'reference: voided order → its tender',
  voidedTenderNoLast4: 'reference: voided order → its tender (no last four)',
  batch: 'aggregate: ERP batch line = the day’s platform redemptions',
  platformRetry: 'duplicate: repeated platform row',
  storefrontRetry: 'duplicate: repeated storefront row',
  paymentRetry: 'duplicate: repeated payments row',
  /** The member rule of a repeated storefront or processor row. */
  repeatedRow: 'duplicate: repeated row',
  /** The platform row a movement is about. */
  anchor: 'anchor',
  /** A row no rule linked, which makes a movement of its own. */
  unmatched: 'unmatched',
} as const;

export type RuleId = keyof typeof RULE;

/** Links counted per rule, as a step found them. A rule counted with 0 still appears in the report. */
export type RuleCounts = Partial<Record<RuleId, number>>;

/** The counts of several steps, by the rules' names, as report.json shows them. */
export function countsByName(...steps: RuleCounts[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const counts of steps)
    for (const [id, n] of Object.entries(counts) as [RuleId, number][]) out[RULE[id]] = (out[RULE[id]] ?? 0) + n;
  return out;
}
