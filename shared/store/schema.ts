// The case database (sql.js): everything a case is, in one file. Column names are plain SQL that SQLite and
// DuckDB both read, so the matching can move to a bigger engine unchanged (design.md, "Beyond one laptop").
export const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS settings (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS files (
  id INTEGER PRIMARY KEY, role TEXT NOT NULL, name TEXT NOT NULL, sha256 TEXT NOT NULL, encoding TEXT,
  layout TEXT, rows INTEGER NOT NULL, imported INTEGER NOT NULL, quarantined INTEGER NOT NULL,
  headers TEXT NOT NULL, mapping TEXT, bytes BLOB NOT NULL);
CREATE TABLE IF NOT EXISTS events (
  id INTEGER PRIMARY KEY, system TEXT NOT NULL, file_id INTEGER NOT NULL, row INTEGER NOT NULL, key TEXT NOT NULL,
  instrument TEXT, card TEXT, last4 TEXT, type TEXT NOT NULL, amount INTEGER NOT NULL, effect INTEGER NOT NULL,
  at INTEGER NOT NULL, bdate TEXT NOT NULL, ord TEXT, ref TEXT, operator TEXT, status TEXT, balance_after INTEGER,
  account TEXT, journal TEXT, memo TEXT, scope INTEGER NOT NULL, channel TEXT, currency TEXT, in_period INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS quarantine (
  file_id INTEGER NOT NULL, row INTEGER NOT NULL, col TEXT, reason TEXT NOT NULL, raw TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS opening (
  card TEXT NOT NULL, instrument TEXT NOT NULL, cents INTEGER NOT NULL, file_id INTEGER NOT NULL, row INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS movements (
  id INTEGER PRIMARY KEY, card TEXT, instrument TEXT, last4 TEXT, ord TEXT, kind TEXT NOT NULL,
  true_effect INTEGER NOT NULL, true_at INTEGER NOT NULL, in_period INTEGER NOT NULL,
  erp_in_period INTEGER NOT NULL, anchor INTEGER);
CREATE TABLE IF NOT EXISTS movement_members (
  movement_id INTEGER NOT NULL, event_id INTEGER NOT NULL, share INTEGER NOT NULL, rule TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS exceptions (
  seq INTEGER PRIMARY KEY, id TEXT NOT NULL, key TEXT NOT NULL UNIQUE, category TEXT NOT NULL, card TEXT,
  last4 TEXT, ord TEXT, amount INTEGER NOT NULL, erp_effect INTEGER NOT NULL, platform_effect INTEGER NOT NULL,
  explanation TEXT NOT NULL, suggestion TEXT NOT NULL, records TEXT NOT NULL, movement_id INTEGER,
  resolution TEXT, status TEXT);
CREATE TABLE IF NOT EXISTS decisions (
  seq INTEGER PRIMARY KEY, key TEXT NOT NULL, action TEXT NOT NULL, resolution TEXT, note TEXT,
  user TEXT NOT NULL, at TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS balances (
  card TEXT, instrument TEXT NOT NULL, reconstructed INTEGER NOT NULL, platform_reported INTEGER NOT NULL,
  last4 TEXT, ord TEXT);
CREATE TABLE IF NOT EXISTS audit_log (
  seq INTEGER PRIMARY KEY, at TEXT NOT NULL, user TEXT NOT NULL, action TEXT NOT NULL, detail TEXT NOT NULL,
  prev_hash TEXT NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS report (id INTEGER PRIMARY KEY CHECK (id = 1), json TEXT NOT NULL);
`;

/**
 * How every case database is set up before its schema. It lives in memory until exported: no rollback journal on
 * disk, no syncs. Pages of 64 KiB (not 4): shallower B-trees and a sixteenth of the page copies at export; at a
 * million events the match and the case export are each about 0.3 s faster. (A file-backed database keeps the
 * page size it was made with.)
 */
export const CASE_PRAGMAS = 'PRAGMA page_size = 65536; PRAGMA journal_mode = MEMORY; PRAGMA synchronous = OFF; PRAGMA temp_store = MEMORY;';

/**
 * Indexes for the matching joins, created after the bulk load (faster than maintaining them). Every rule joins
 * to platform rows (or, for a payment, to storefront rows) by key or order: the indexes hold only those rows, a
 * fifth of the events each, and SQLite uses them because each join names the system. The time window, which
 * joins by last four, runs over the few rows left and indexes those itself (match/rules.ts LEFTOVERS).
 */
export const INDEXES = `
CREATE INDEX IF NOT EXISTS ev_platform_key ON events(key) WHERE system = 'platform';
CREATE INDEX IF NOT EXISTS ev_platform_ord ON events(ord, last4, amount, type, at) WHERE system = 'platform';
CREATE INDEX IF NOT EXISTS ev_storefront_ord ON events(ord, last4, amount, type, scope, at) WHERE system = 'storefront';
`;

/**
 * Indexes for looking things up afterwards (a card's timeline, the SQL console): built in bulk when a look-up
 * first needs them (Case.prepareLookups), never by the run itself. Most events carry no card and no reference,
 * so those indexes hold only the rows that do.
 */
export const LOOKUP_INDEXES = `
CREATE INDEX IF NOT EXISTS ev_card ON events(card) WHERE card IS NOT NULL;
CREATE INDEX IF NOT EXISTS ev_ref ON events(ref) WHERE ref IS NOT NULL;
CREATE INDEX IF NOT EXISTS mm_event ON movement_members(event_id);
CREATE INDEX IF NOT EXISTS mm_movement ON movement_members(movement_id);
`;
