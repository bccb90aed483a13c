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
//   (ORDER BY a, dist, b; b DESC for a rule that prefers the latest), the order the choice takes them in.
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
 * The rule's own order turned into a `dist` column, so that the pairs carry their own order: ORDER BY a,
 * [ABS(x.at - y.at),] b (dist: the distance, or 0); ORDER BY a, d, b of a rule that already selects its
 * distance as d; ORDER BY a, y.at DESC, y.id DESC of a rule that prefers the latest (dist: -y.at, then b
 * descending). Returns the query without its ORDER BY, and the ORDER BY its exported form ends with.
 */
function withDistance(sql: string): { sql: string; order: string } {
  const selects = (dist: string) => (text: string) => text.replace(/SELECT (\w+)\.id AS a, (\w+)\.id AS b(?=\s)/g, `SELECT $1.id AS a, $2.id AS b, ${dist} AS dist`);
  const nearest = /\s*ORDER BY\s+(\w+)\.id(?:,\s*ABS\((\w+)\.at - (\w+)\.at\))?,\s*(\w+)\.id\s*$/.exec(sql);
  if (nearest) {
    const dist = nearest[2] ? `ABS(${nearest[2]}.at - ${nearest[3]}.at)` : '0';
    return { sql: selects(dist)(sql.slice(0, nearest.index)), order: 'ORDER BY a, dist, b' };
  }
  const named = /\s*ORDER BY a, d, b\s*$/.exec(sql);
  if (named) return { sql: sql.slice(0, named.index).replace(/ AS d FROM /g, ' AS dist FROM '), order: 'ORDER BY a, dist, b' };
  const latest = /\s*ORDER BY\s+(\w+)\.id,\s*(\w+)\.at DESC,\s*(\w+)\.id DESC\s*$/.exec(sql);
  if (latest && latest[2] === latest[3]) return { sql: selects(`-${latest[2]}.at`)(sql.slice(0, latest.index)), order: 'ORDER BY a, dist, b DESC' };
  throw new Error(`A rule without an ORDER BY this export knows how to carry in its rows:\n${sql}`);
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
  const { sql, order } = withDistance(portable(RULES[rule].sql));
  const quoted =
    dialect === 'bigquery' ? quoteAt(sql, (s) => `\`${s}\``)
    : dialect === 'spark' ? quoteAt(sql, (s) => `\`${s}\``)
    : quoteAt(sql, (s) => `"${s}"`);
  return `${tables(quoted, table)}\n${order}`;
}

/** Whether a rule reads the fallback rules' tables of rows left over (a storefront rule made in code: no). */
export function readsLeftovers(rule: string): rule is RuleName {
  return rule in RULES && 'leftovers' in RULES[rule as RuleName];
}

export const RULE_NAMES = Object.keys(RULES) as RuleName[];
