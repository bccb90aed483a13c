// The case database: everything a case is, in one file. The same tables and columns in both engines (sql.js's
// SQLite and DuckDB), so the matching rules' SQL runs unchanged on either; where the engines differ (types,
// keys, indexes, temporary tables) the DDL for each is made here.
import { quoteId, type Dialect } from './case-db';

/**
 * Every table of a case: each column's name and SQL declaration, in column order. The CREATE statements are
 * made from it, and inserts name their columns from it (CaseStore), so a column cannot be filled by position
 * with another's value.
 */
export const TABLES = {
  meta: { key: 'TEXT PRIMARY KEY', value: 'TEXT NOT NULL' },
  settings: { key: 'TEXT PRIMARY KEY', value: 'TEXT NOT NULL' },
  files: {
    id: 'INTEGER PRIMARY KEY', role: 'TEXT NOT NULL', name: 'TEXT NOT NULL', sha256: 'TEXT NOT NULL', encoding: 'TEXT',
    layout: 'TEXT', rows: 'INTEGER NOT NULL', imported: 'INTEGER NOT NULL', quarantined: 'INTEGER NOT NULL',
    headers: 'TEXT NOT NULL', mapping: 'TEXT', bytes: 'BLOB NOT NULL',
  },
  events: {
    id: 'INTEGER PRIMARY KEY', system: 'TEXT NOT NULL', file_id: 'INTEGER NOT NULL', row: 'INTEGER NOT NULL', key: 'TEXT NOT NULL',
    instrument: 'TEXT', card: 'TEXT', last4: 'TEXT', type: 'TEXT NOT NULL', amount: 'INTEGER NOT NULL', effect: 'INTEGER NOT NULL',
    at: 'INTEGER NOT NULL', bdate: 'TEXT NOT NULL', ord: 'TEXT', ref: 'TEXT', operator: 'TEXT', status: 'TEXT', balance_after: 'INTEGER',
    account: 'TEXT', journal: 'TEXT', memo: 'TEXT', scope: 'INTEGER NOT NULL', channel: 'TEXT', currency: 'TEXT', in_period: 'INTEGER NOT NULL',
  },
  quarantine: { file_id: 'INTEGER NOT NULL', row: 'INTEGER NOT NULL', col: 'TEXT', reason: 'TEXT NOT NULL', raw: 'TEXT NOT NULL' },
  opening: { card: 'TEXT NOT NULL', instrument: 'TEXT NOT NULL', cents: 'INTEGER NOT NULL', file_id: 'INTEGER NOT NULL', row: 'INTEGER NOT NULL' },
  movements: {
    id: 'INTEGER PRIMARY KEY', card: 'TEXT', instrument: 'TEXT', last4: 'TEXT', ord: 'TEXT', kind: 'TEXT NOT NULL',
    true_effect: 'INTEGER NOT NULL', true_at: 'INTEGER NOT NULL', in_period: 'INTEGER NOT NULL',
    erp_in_period: 'INTEGER NOT NULL', anchor: 'INTEGER',
  },
  movement_members: { movement_id: 'INTEGER NOT NULL', event_id: 'INTEGER NOT NULL', share: 'INTEGER NOT NULL', rule: 'TEXT NOT NULL' },
  exceptions: {
    seq: 'INTEGER PRIMARY KEY', id: 'TEXT NOT NULL', key: 'TEXT NOT NULL UNIQUE', category: 'TEXT NOT NULL', card: 'TEXT',
    last4: 'TEXT', ord: 'TEXT', amount: 'INTEGER NOT NULL', erp_effect: 'INTEGER NOT NULL', platform_effect: 'INTEGER NOT NULL',
    explanation: 'TEXT NOT NULL', suggestion: 'TEXT NOT NULL', records: 'TEXT NOT NULL', movement_id: 'INTEGER',
    resolution: 'TEXT', status: 'TEXT',
  },
  decisions: {
    seq: 'INTEGER PRIMARY KEY', key: 'TEXT NOT NULL', action: 'TEXT NOT NULL', resolution: 'TEXT', note: 'TEXT',
    user: 'TEXT NOT NULL', at: 'TEXT NOT NULL',
  },
  /** Every exception id the case has given (docs/formats.md §10): retired ones stay, so an id never names another finding. */
  exception_ids: { key: 'TEXT PRIMARY KEY', id: 'TEXT NOT NULL' },
  balances: {
    card: 'TEXT', instrument: 'TEXT NOT NULL', reconstructed: 'INTEGER NOT NULL', platform_reported: 'INTEGER NOT NULL',
    last4: 'TEXT', ord: 'TEXT',
  },
  audit_log: {
    seq: 'INTEGER PRIMARY KEY', at: 'TEXT NOT NULL', user: 'TEXT NOT NULL', action: 'TEXT NOT NULL', detail: 'TEXT NOT NULL',
    prev_hash: 'TEXT NOT NULL', hash: 'TEXT NOT NULL',
  },
  report: { id: 'INTEGER PRIMARY KEY CHECK (id = 1)', json: 'TEXT NOT NULL' },
  /** Evidence files of decisions (docs/formats.md §12.2), by SHA-256; the decisions' log entries name them. */
  evidence: { sha256: 'TEXT PRIMARY KEY', name: 'TEXT NOT NULL', size: 'INTEGER NOT NULL', bytes: 'BLOB NOT NULL' },
  /** The close analytics' prior quarters and card register (docs/formats.md §10); the `analytics` log entries name them. */
  analytics_files: { seq: 'INTEGER PRIMARY KEY', kind: 'TEXT NOT NULL', name: 'TEXT NOT NULL', sha256: 'TEXT NOT NULL', bytes: 'BLOB NOT NULL' },
  /** A stored file past PART_BYTES (case/stored-bytes.ts), in parts from 0: its own row's bytes are then empty. */
  stored_parts: { owner: 'TEXT NOT NULL', id: 'INTEGER NOT NULL', part: 'INTEGER NOT NULL', bytes: 'BLOB NOT NULL' },
} as const;

export type TableName = keyof typeof TABLES;
export type ColumnOf<T extends TableName> = keyof (typeof TABLES)[T] & string;

/** The CREATE TABLE statements of every table in TABLES. */
export const SCHEMA = Object.entries(TABLES)
  .map(([table, columns]) => `CREATE TABLE IF NOT EXISTS ${table} (${Object.entries(columns).map(([c, decl]) => `${c} ${decl}`).join(', ')});`)
  .join('\n');

/**
 * Tables DuckDB holds without their primary key or unique constraint. DuckDB keeps each as an index built at
 * load and checked on every insert (a large cost for tens of millions of events), and refuses a key deleted
 * and inserted again in one transaction, which is how the results' tables are rewritten. The engine writes
 * these tables' ids itself, one per row.
 */
const DUCKDB_UNKEYED: ReadonlySet<TableName> = new Set(['events', 'movements', 'exceptions', 'balances', 'report']);

/** A column's declaration in DuckDB: 64-bit integers (SQLite's INTEGER is 64-bit, DuckDB's 32), VARCHAR text. */
function duckdbDeclaration(table: TableName, decl: string): string {
  const d = decl.replace(/^INTEGER/, 'BIGINT').replace(/^TEXT/, 'VARCHAR');
  return DUCKDB_UNKEYED.has(table) ? d.replace(' PRIMARY KEY', ' NOT NULL').replace(' UNIQUE', '') : d;
}

/** The CREATE TABLE statements of every table in TABLES, for `dialect`. */
export function schemaSql(dialect: Dialect): string {
  if (dialect === 'sqlite') return SCHEMA;
  return Object.entries(TABLES)
    .map(([table, columns]) => {
      const cols = Object.entries(columns).map(([c, decl]) => `${quoteId(c)} ${duckdbDeclaration(table as TableName, decl)}`);
      return `CREATE TABLE IF NOT EXISTS ${table} (${cols.join(', ')});`;
    })
    .join('\n');
}

/** Whether `column` is one of `table`'s (for names that come from outside the type system). */
export function isColumnOf<T extends TableName>(table: T, column: string): column is ColumnOf<T> {
  return Object.hasOwn(TABLES[table], column);
}

/**
 * How every case database is set up before its schema. It lives in memory until exported: no rollback journal on
 * disk, no syncs. Pages of 64 KiB (not 4): shallower B-trees and far fewer page copies at export. (A file-backed
 * database keeps the page size it was made with.)
 */
export const CASE_PRAGMAS = 'PRAGMA page_size = 65536; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;';

/**
 * Indexes for the matching joins (SQLite), created after the bulk load (faster than maintaining them). Every rule joins
 * to platform rows (or, for a payment, to storefront rows) by key or order: the indexes hold only those rows, a
 * fifth of the events each, and SQLite uses them because each join names the system. The time window, which
 * joins by last four, runs over the few rows left and indexes those itself (LEFTOVERS).
 */
export const INDEXES = `
CREATE INDEX IF NOT EXISTS ev_platform_key ON events(key) WHERE system = 'platform';
CREATE INDEX IF NOT EXISTS ev_platform_ord ON events(ord, last4, amount, type, at) WHERE system = 'platform';
CREATE INDEX IF NOT EXISTS ev_storefront_ord ON events(ord, last4, amount, type, scope, at) WHERE system = 'storefront';
`;

/** The matching indexes of `dialect`: DuckDB joins by hashing and needs none. */
export function matchingIndexes(dialect: Dialect): string {
  return dialect === 'sqlite' ? INDEXES : '';
}

/**
 * Indexes for looking things up afterwards (a card's timeline, the SQL console): built in bulk when a look-up
 * first needs them (CaseStore.buildLookups), never by the run itself. Most events carry no card and no
 * reference, so those indexes hold only the rows that do.
 */
export const LOOKUP_INDEXES = `
CREATE INDEX IF NOT EXISTS ev_card ON events(card) WHERE card IS NOT NULL;
CREATE INDEX IF NOT EXISTS ev_ref ON events(ref) WHERE ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS mm_event ON movement_members(event_id);
CREATE INDEX IF NOT EXISTS mm_movement ON movement_members(movement_id);
`;

/** The look-up indexes of `dialect`: DuckDB scans a column faster than it would build and keep these. */
export function lookupIndexes(dialect: Dialect): string {
  return dialect === 'sqlite' ? LOOKUP_INDEXES : '';
}

/**
 * The rows a fallback matching rule may still match: the storefront rows no rule has matched, and the platform
 * rows no storefront row has taken (with what the time window joins on, indexed). Temporary: never part of the
 * exported case. Over every storefront row the fallback rules would need an index of their own on all platform
 * rows and would find the same few pairs, since the one-to-one choice passes over every row already taken.
 */
export const LEFTOVERS = {
  schema: `CREATE TABLE IF NOT EXISTS temp.leftover_storefront (id INTEGER PRIMARY KEY);
CREATE TABLE IF NOT EXISTS temp.leftover_platform (id INTEGER PRIMARY KEY, last4 TEXT, amount INTEGER, at INTEGER);
CREATE INDEX IF NOT EXISTS temp.leftover_platform_last4 ON leftover_platform(last4, amount, at);
DELETE FROM temp.leftover_storefront; DELETE FROM temp.leftover_platform;`,
  storefront: 'temp.leftover_storefront',
  platform: 'temp.leftover_platform',
  drop: 'DROP TABLE IF EXISTS temp.leftover_storefront; DROP TABLE IF EXISTS temp.leftover_platform;',
  /** Every storefront and platform row as left over: the fallback queries at their largest (the bench's). */
  everything: `INSERT INTO temp.leftover_storefront SELECT id FROM events WHERE system = 'storefront';
INSERT INTO temp.leftover_platform SELECT id, last4, amount, "at" FROM events WHERE system = 'platform';`,
} as const;

/** LEFTOVERS.schema in `dialect` (DuckDB: temporary tables are made as such, and joined by hashing). */
export function leftoversSchema(dialect: Dialect): string {
  if (dialect === 'sqlite') return LEFTOVERS.schema;
  return `CREATE TEMP TABLE IF NOT EXISTS leftover_storefront (id BIGINT);
CREATE TEMP TABLE IF NOT EXISTS leftover_platform (id BIGINT, last4 VARCHAR, amount BIGINT, "at" BIGINT);
DELETE FROM temp.leftover_storefront; DELETE FROM temp.leftover_platform;`;
}
