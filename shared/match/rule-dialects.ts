// The matching rules (rules.ts) as they run elsewhere: over the canonical events exported as Parquet
// (--export-parquet), in DuckDB, Spark SQL (Databricks) or BigQuery. The rules are written once; what changes
// for a distributed engine is mechanical, and made here:
//
// - The row-range parameters ($erp_first … $erp_last) go: they let SQLite read one system's run of rows by
//   rowid; every rule names its systems anyway, and a distributed engine prunes by them instead.
// - The fallback rules' two temporary tables become tables of their own (leftover_storefront,
//   leftover_platform), which the engine writes once the rules before them have been chosen from.
// - Each rule returns its sort key with its pairs, `a, b, dist` (dist: how far apart in time, 0 where a rule
//   does not order by it), so that pairs written by many workers are read back in the rule's order
//   (ORDER BY a, dist, b), which is the order the one-to-one choice takes them in.
// - Identifiers each dialect reserves are quoted (`at`: DuckDB and BigQuery reserve it), and table names are
//   those of the dialect's catalog (BigQuery: in a dataset).
import { LEFTOVERS } from '../store/schema';
import { RULES } from './rules';

export type RuleDialect = 'duckdb' | 'spark' | 'bigquery';

export type RuleName = keyof typeof RULES;

/** A rule's SQL with the row-range parameters and the temporary schema taken out (dialect-neutral still). */
function portable(sql: string): string {
  return sql
    .replace(/\b\w+\.id BETWEEN \$[a-z]+_first AND \$[a-z]+_last AND /g, '')
    .replaceAll(LEFTOVERS.storefront, 'leftover_storefront')
    .replaceAll(LEFTOVERS.platform, 'leftover_platform');
}

/**
 * The rule's ORDER BY a, [ABS(x.at - y.at),] b, turned into a `dist` column, so that the pairs carry their own
 * order. Returns the SELECT list's new text and the rest of the query without its ORDER BY.
 */
function withDistance(sql: string): string {
  const m = /\s*ORDER BY\s+(\w+)\.id(?:,\s*ABS\((\w+)\.at - (\w+)\.at\))?,\s*(\w+)\.id\s*$/.exec(sql);
  if (!m) throw new Error(`A rule without the ORDER BY a, [distance,] b it is expected to end with:\n${sql}`);
  const dist = m[2] ? `ABS(${m[2]}.at - ${m[3]}.at)` : '0';
  return sql.slice(0, m.index).replace(/^SELECT (\w+)\.id AS a, (\w+)\.id AS b/, `SELECT $1.id AS a, $2.id AS b, ${dist} AS dist`);
}

/** Quotes `at` where it names a column, with the dialect's quotes. */
function quoteAt(sql: string, q: (s: string) => string): string {
  return sql.replace(/\b(\w+)\.at\b/g, (_, t: string) => `${t}.${q('at')}`);
}

/** The tables a rule reads, by the names the dialect gives them. */
function tables(sql: string, name: (table: string) => string): string {
  return sql.replace(/\b(JOIN|FROM) (events|leftover_storefront|leftover_platform)\b/g, (_, kw: string, t: string) => `${kw} ${name(t)}`);
}

/**
 * A rule in `dialect`, over tables named by `table` (in BigQuery, `dataset.events`). Its rows: a, b (event ids),
 * dist (its sort key between them), in the rule's order.
 */
export function ruleIn(rule: RuleName, dialect: RuleDialect, table: (t: string) => string = (t) => t): string {
  const sql = withDistance(portable(RULES[rule].sql));
  const quoted =
    dialect === 'bigquery' ? quoteAt(sql, (s) => `\`${s}\``)
    : dialect === 'spark' ? quoteAt(sql, (s) => `\`${s}\``)
    : quoteAt(sql, (s) => `"${s}"`);
  return `${tables(quoted, table)}\nORDER BY a, dist, b`;
}

/** Whether a rule reads the fallback rules' tables of rows left over. */
export function readsLeftovers(rule: RuleName): boolean {
  return 'leftovers' in RULES[rule];
}

export const RULE_NAMES = Object.keys(RULES) as RuleName[];
