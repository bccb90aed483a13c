// The case database: every SQL statement a case runs is here, over the tables of store/schema.ts, on either
// engine (store/case-db.ts: sql.js, or DuckDB on the command line). Rows go in by column name (a row object,
// or a column list checked against the schema for the bulk loads), and what has been written when (the
// movements, the look-up indexes, the results, the source files) is tracked here.
import type { SqlJsStatic } from 'sql.js';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { sha256Hex } from '../hash';
import type { GivenProfile } from '../import/choose-profile';
import type { ImportedFile } from '../import/import-files';
import type { Movement } from '../match/movement';
import type { StoredAnalyticsFile } from './analytics-inputs';
import type { EvidenceFile } from './close-book';
import { readsLeftovers } from '../match/rule-dialects';
import { RULE } from '../match/rule-ids';
import { STOREFRONT_RULES } from '../match/storefront-links';
import type { ExceptionIdEntry, Reconstruction } from '../reconstruct/replay';
import { quoteId, rowsOfLaterTable, unlessOutOfMemory, type BulkWriter, type CaseDb, type CaseEngine, type Cell, type SqlValue } from '../store/case-db';
import {
  LEFTOVERS,
  leftoversSchema,
  lookupIndexes,
  matchingIndexes,
  schemaSql,
  type ColumnOf,
  type TableName,
} from '../store/schema';
import { asCaseEngine } from '../store/sqljs-db';
import {
  InputError,
  type AuditEntry,
  type AuditSeal,
  type CaseSettings,
  type Decision,
  type FileRole,
  type InputFile,
  type Mapping,
  type QuarantineEntry,
  type QueryResult,
  type TimelineRow,
} from '../types';
import type { SavedFile } from './integrity';
import { readStoredBytes, writeStoredBytes } from './stored-bytes';

export const CASE_FORMAT = 'balance-forensics-case/1';

/** A whole row of `T`, every column named. */
export type RowOf<T extends TableName> = { [C in ColumnOf<T>]: SqlValue };

/**
 * What a saved case file holds besides what re-running it rebuilds, as stored: nothing in it is trusted until
 * checked against the audit log (integrity.ts).
 */
export interface SavedCase {
  /** The settings table's `case` and `mapping` values, as text (null when absent). */
  settingsText: string | null;
  mappingText: string | null;
  files: SavedFile[];
  /** The report table's report.json, as stored when the case was saved (null when absent). */
  reportText: string | null;
  /** The profile each file was read with, and whether detection chose it (none in a case saved before profiles). */
  profiles: Partial<Record<FileRole, GivenProfile>>;
  /** What in the stored profiles does not check: a text that does not match its SHA-256 or does not read. */
  profileProblems: string[];
  /** The run went on despite plausibility warnings: its re-performance does too. */
  acceptedWarnings: boolean;
  /** The decisions table as stored: a readable copy of what the audit log records. */
  decisions: Decision[];
  log: AuditEntry[];
  /** The exception ids it has given (none in a file from before they were kept). */
  exceptionIds: ExceptionIdEntry[];
  /** The prior case's carry, for a case made from one (docs/formats.md §12.3), as stored: read by prior.ts. */
  prior?: unknown;
  /** The evidence files of its decisions. */
  evidence: EvidenceFile[];
  /** The close analytics' prior quarters and card register (none in a file from before they were kept). */
  analyticsFiles: StoredAnalyticsFile[];
  /** The settings table's copy of the analytics inputs in force (the last `analytics` entry's), as text. */
  analyticsText: string | null;
}

const AUDIT_COLUMNS = `seq, ${quoteId('at')}, user, action, detail, prev_hash, hash`;

const NOT_A_CASE_DATABASE = 'This file is not a Balance Forensics case (not a readable case database)';

export class CaseStore {
  /** How many evidence files the evidence table holds (writeEvidence). */
  private evidenceWritten = 0;
  /** What is in the database yet, of what is written only when something first needs it. */
  private readonly written = { matches: false, lookups: false, results: false, sources: false };
  /** The analytics files the analytics_files table holds (writeAnalyticsFiles). */
  private analyticsWritten: readonly StoredAnalyticsFile[] = [];

  private constructor(private readonly db: CaseDb) {}

  /** A new, empty case database with room for source files of `inputBytes` in all, in `engine` (sql.js's module: sql.js). */
  static create(engine: CaseEngine | SqlJsStatic, inputBytes: number): CaseStore {
    const db = asCaseEngine(engine).create(inputBytes);
    try {
      db.exec(schemaSql(db.dialect));
    } catch (err) {
      db.close();
      throw err;
    }
    return new CaseStore(db);
  }

  /** Reads a saved case file: its settings, its source files, decisions and log, as stored. */
  static readSaved(engine: CaseEngine | SqlJsStatic, bytes: Uint8Array): SavedCase {
    return CaseStore.readSavedDb(CaseStore.openSavedBytes(engine, bytes));
  }

  /** A saved case's bytes opened by `engine` (the one that wrote them), or a one-line InputError. */
  static openSavedBytes(engine: CaseEngine | SqlJsStatic, bytes: Uint8Array): CaseDb {
    try {
      return asCaseEngine(engine).openSaved(bytes);
    } catch (err) {
      throw unlessOutOfMemory(err, new InputError(NOT_A_CASE_DATABASE));
    }
  }

  /** What a saved case database holds (closed after). */
  static readSavedDb(old: CaseDb): SavedCase {
    try {
      try {
        old.rows('SELECT count(*) FROM meta');
      } catch (err) {
        throw unlessOutOfMemory(err, new InputError(NOT_A_CASE_DATABASE));
      }
      if (scalar(old, "SELECT value FROM meta WHERE key = 'format'") !== CASE_FORMAT)
        throw new InputError('This file is not a Balance Forensics case (unknown format)');
      const text = (key: string) => {
        const v = old.rows('SELECT value FROM settings WHERE key = ?', [key])[0]?.[0];
        return v === null || v === undefined ? null : String(v);
      };
      const report = old.rows('SELECT json FROM report LIMIT 1')[0]?.[0];
      return {
        settingsText: text('case'), mappingText: text('mapping'), files: savedFiles(old), reportText: report === undefined || report === null ? null : String(report),
        decisions: decisionRows(old), log: auditRows(old), exceptionIds: exceptionIdRows(old), ...savedProfiles(text('profiles'), text('accepted_warnings')),
        prior: text('prior') ?? undefined, evidence: evidenceRows(old), analyticsFiles: analyticsFileRows(old), analyticsText: text('analytics'),
      };
    } catch (err) {
      if (err instanceof InputError) throw err;
      // A table missing or of another shape: not a case this version can read.
      throw unlessOutOfMemory(err, new InputError(`This file is not a readable Balance Forensics case (${String((err as Error).message ?? err).split('\n')[0]})`));
    } finally {
      old.close();
    }
  }

  /** One row, every column named. */
  private insert<T extends TableName>(table: T, row: RowOf<T>): void {
    const columns = Object.keys(row) as ColumnOf<T>[];
    this.db.run(
      `INSERT INTO ${table} (${columns.map(quoteId).join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
      columns.map((c) => row[c]),
    );
  }

  /** Rows of `table` (cells only), every column named, in one bulk load. */
  private insertAll<T extends TableName>(table: T, all: readonly { [C in ColumnOf<T>]: Cell }[]): void {
    if (!all.length) return;
    const columns = Object.keys(all[0]) as ColumnOf<T>[];
    const put = this.bulk(table, columns);
    for (const row of all) put.add(columns.map((c) => row[c]));
    put.finish();
  }

  /** A bulk load into the named columns of `table`; `repeated`: those of few distinct values. */
  private bulk<T extends TableName>(table: T, columns: readonly ColumnOf<T>[], repeated: readonly ColumnOf<T>[] = []) {
    return this.db.bulk(table, columns, repeated);
  }

  private transaction(work: () => void): void {
    this.db.exec('BEGIN');
    try {
      work();
      this.db.exec('COMMIT');
    } catch (err) {
      // A failed COMMIT, or an error on which DuckDB ends the transaction itself (running out of memory), leaves
      // no transaction to roll back: the first error is the one that says what happened.
      try {
        this.db.exec('ROLLBACK');
      } catch {
        // nothing was left to roll back
      }
      throw err;
    }
  }

  // ---- the run's inputs --------------------------------------------------------------------------------

  /**
   * Begins the load of a run's inputs, which endInputs commits: the events first (where the engine loads apart,
   * as the files are read), then the rest with writeInputs.
   */
  beginInputs(settings: Pick<CaseSettings, 'periodStart' | 'periodEnd'>): EventLoad {
    this.db.exec('BEGIN');
    const put = this.bulk('events', EventLoad.COLUMNS, EventLoad.REPEATED);
    return new EventLoad(put, settings.periodStart, settings.periodEnd);
  }

  /** The run's settings, files and quarantined rows, in the load begun by beginInputs. */
  writeInputs(settings: CaseSettings, mapping: Mapping | undefined, files: ImportedFile[], acceptedWarnings = false): void {
    this.insert('meta', { key: 'format', value: CASE_FORMAT });
    this.insert('settings', { key: 'case', value: JSON.stringify(settings) });
    if (mapping) this.insert('settings', { key: 'mapping', value: JSON.stringify(mapping) });
    // Each file's profile as it was read with (its exact JSON text and that text's SHA-256), for re-performance.
    const profiles = Object.fromEntries(files.map((f) => [f.summary.system, { sha256: f.profile.sha256, detected: f.profile.detected, text: f.profile.text }]));
    this.insert('settings', { key: 'profiles', value: JSON.stringify(profiles) });
    if (acceptedWarnings) this.insert('settings', { key: 'accepted_warnings', value: JSON.stringify(files.flatMap((f) => f.problems.map((p) => p.message))) });
    files.forEach((f, i) => {
      const s = f.summary;
      this.insert('files', {
        id: i, role: s.system, name: s.file, sha256: f.sha256, encoding: s.encoding ?? null, layout: s.layout ?? null,
        rows: s.rows, imported: s.imported, quarantined: s.quarantined, headers: JSON.stringify(f.headers),
        mapping: mapping?.[s.system] ? JSON.stringify(mapping[s.system]) : null,
        // The bytes themselves go in when the case is exported (writeSources): a run need not hold them twice.
        bytes: new Uint8Array(0),
      });
    });
    // A messy quarter quarantines many rows, and an opening file lists every card: both in bulk.
    const quarantine = this.bulk('quarantine', ['file_id', 'row', 'col', 'reason', 'raw']);
    files.forEach((f, i) =>
      f.summary.quarantine.forEach((q, j) => quarantine.add([i, q.row, f.quarantineCols[j], q.reason, f.quarantineRaw[j]])),
    );
    quarantine.finish();
  }

  writeOpening(opening: OpeningBalance[], fileId: number): void {
    const put = this.bulk('opening', ['card', 'instrument', 'cents', 'file_id', 'row'], ['instrument']);
    for (const o of opening) put.add([o.card, o.instrument, o.cents, fileId, o.row]);
    put.finish();
  }

  /** Indexes the events for the matching rules and commits the load begun by beginInputs (its events finished). */
  endInputs(): void {
    const indexes = matchingIndexes(this.db.dialect);
    if (indexes) this.db.exec(indexes);
    this.db.exec('COMMIT');
  }

  // ---- matching ----------------------------------------------------------------------------------------

  /** A rule's candidate pairs of event ids (its query's two columns). */
  pairs(sql: string, params?: Record<string, number>): [number, number][] {
    return this.db.pairs(sql, params);
  }

  /**
   * A fallback rule's candidate pairs among the rows still free: they go into the temporary tables of LEFTOVERS
   * (never part of the exported case), and the rule's query runs over them.
   */
  leftoverPairs(sql: string, ev: readonly CanonicalEvent[], storefront: number[], platform: number[]): [number, number][] {
    this.db.exec(leftoversSchema(this.db.dialect));
    this.transaction(() => {
      const putS = this.db.bulk(LEFTOVERS.storefront, ['id']);
      for (const i of storefront) putS.add([i]);
      putS.finish();
      const putP = this.db.bulk(LEFTOVERS.platform, ['id', 'last4', 'amount', 'at']);
      for (const i of platform) putP.add([i, ev[i].last4, ev[i].amount, ev[i].at]);
      putP.finish();
    });
    return this.pairs(sql);
  }

  dropLeftovers(): void {
    this.db.exec(LEFTOVERS.drop);
  }

  /**
   * Events whose values matching settled (a Void's effect and instrument, and what an inferred one reverses; a
   * voided order's amount), kept in step with the objects.
   */
  updateEvents(settled: Iterable<{ id: number; effect: number; instrument: string | null; amount: number; ref: string | null; order: string | null }>): void {
    const rows = [...settled].map((s) => [s.id, s.effect, s.instrument, s.amount, s.ref, s.order]);
    if (!rows.length) return;
    this.transaction(() => this.db.update('events', 'id', ['effect', 'instrument', 'amount', 'ref', 'ord'], rows));
  }

  /**
   * The engine's own memory made small while the run's JavaScript works alone (after the matching, until the
   * matches or results are written, or the case is matched again): on DuckDB, the case is committed to its file
   * and DuckDB's cache of it let go (some 350 MB at ten million events) rather than held beside the run's peak.
   * Nothing on sql.js, whose database is its memory.
   */
  rest(): void {
    this.db.useMemory?.('little');
  }

  /** The engine's whole memory again, before its next bulk writes or joins (rest). */
  wake(): void {
    this.db.useMemory?.('full');
  }

  // ---- decisions and the audit log ---------------------------------------------------------------------

  /** Appends to the decisions table, numbered on from the last (as SQLite numbers a row without its key). */
  appendDecisions(decisions: readonly Decision[]): void {
    if (!decisions.length) return;
    const next = Number(scalar(this.db, 'SELECT coalesce(max(seq), 0) FROM decisions')) + 1;
    this.insertAll(
      'decisions',
      decisions.map((d, i) => ({
        seq: next + i, key: d.key, action: d.action, resolution: d.resolution ?? null, note: d.note ?? null, user: d.user, at: d.at,
      })),
    );
  }

  /** The decisions table made to hold exactly `decisions`. */
  replaceDecisions(decisions: readonly Decision[]): void {
    this.db.run('DELETE FROM decisions');
    this.appendDecisions(decisions);
  }

  /** Takes the last `n` decisions out of the decisions table (an undone step). */
  removeLastDecisions(n: number): void {
    if (n > 0) this.db.run('DELETE FROM decisions WHERE seq IN (SELECT seq FROM decisions ORDER BY seq DESC LIMIT ?)', [n]);
  }

  decisionRows(): Decision[] {
    return decisionRows(this.db);
  }

  appendAudit(entries: readonly AuditEntry[]): void {
    this.insertAll(
      'audit_log',
      entries.map((e) => ({ seq: e.seq, at: e.at, user: e.user, action: e.action, detail: e.detail, prev_hash: e.prev_hash, hash: e.hash })),
    );
  }

  lastAudit(): { seq: number; hash: string } | null {
    const last = this.db.rows('SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')[0];
    return last ? { seq: Number(last[0]), hash: String(last[1]) } : null;
  }

  auditLog(): AuditEntry[] {
    return auditRows(this.db);
  }

  /** The log's seal: its number of entries and its last entry's hash (64 zeros for none). */
  auditSeal(): AuditSeal {
    const [[entries, head]] = this.db.rows("SELECT count(*), coalesce((SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1), '') FROM audit_log");
    return { entries: Number(entries), head: String(head) || '0'.repeat(64) };
  }

  // ---- written when first needed -----------------------------------------------------------------------

  /**
   * Writes the movements and their members, once. Nothing in a run reads them from the database (matching,
   * classifying and the replay work on the objects), only a card's timeline, the SQL console and the exported
   * case do: so they are written when one of those first needs them.
   */
  writeMatches(ev: readonly CanonicalEvent[], movements: readonly Movement[], inPeriod: { date(d: string): boolean; at(ms: number): boolean }): void {
    if (this.written.matches) return;
    this.written.matches = true;
    this.wake();
    this.transaction(() => {
      const putM = this.bulk(
        'movements',
        ['id', 'card', 'instrument', 'last4', 'ord', 'kind', 'true_effect', 'true_at', 'in_period', 'erp_in_period', 'anchor'],
        ['instrument', 'last4', 'kind'],
      );
      const putMM = this.bulk('movement_members', ['movement_id', 'event_id', 'share', 'rule'], ['rule']);
      for (let i = 0; i < movements.length; i++) {
        const m = movements[i];
        const members = m.members;
        let erpIn = 0;
        for (let j = 0; j < members.length; j++) {
          const x = members[j];
          if (ev[x.event].system === 'erp' && inPeriod.date(ev[x.event].bdate)) erpIn += x.shareCents;
          putMM.add([m.id, x.event, x.shareCents, RULE[x.rule]]);
        }
        putM.add([m.id, m.card, m.instrument, m.last4, m.order, m.kind, m.trueEffectCents, m.trueAtMs, inPeriod.at(m.trueAtMs) ? 1 : 0, erpIn, m.anchor]);
      }
      putM.finish();
      putMM.finish();
    });
  }

  /** The movements written are no longer the case's (a link or unlink matched it again): written anew when next needed. */
  matchesChanged(): void {
    if (!this.written.matches) return;
    this.db.exec('DELETE FROM movements; DELETE FROM movement_members;');
    this.written.matches = false;
  }

  /** Builds the look-up indexes (a card's timeline, the SQL console), once; the movements must be in. */
  buildLookups(): void {
    if (this.written.lookups) return;
    const indexes = lookupIndexes(this.db.dialect);
    if (indexes) this.db.exec(indexes);
    this.written.lookups = true;
  }

  /** The results' tables no longer hold the last results (a decision changed them). */
  resultsChanged(): void {
    this.written.results = false;
  }

  /**
   * Writes the results (the exceptions, every card's balance, the report's JSON) into their tables, if they do
   * not hold them yet. Only the SQL console and the exported case read them there, so neither a run nor a
   * decision waits for them.
   */
  writeResults(recon: Reconstruction, reportJson: () => string, ids: readonly ExceptionIdEntry[]): void {
    if (this.written.results) return;
    this.wake();
    this.transaction(() => {
      this.db.exec('DELETE FROM exceptions; DELETE FROM balances; DELETE FROM report; DELETE FROM exception_ids;');
      this.insertAll('exception_ids', ids.map((e) => ({ key: e.key, id: e.id })));
      const putX = this.bulk(
        'exceptions',
        ['seq', 'id', 'key', 'category', 'card', 'last4', 'ord', 'amount', 'erp_effect', 'platform_effect', 'explanation', 'suggestion',
          'records', 'movement_id', 'resolution', 'status'],
        ['category', 'resolution', 'status'],
      );
      recon.exceptions.forEach((x, i) =>
        putX.add([i + 1, x.id, x.key, x.category, x.card, x.last_four ?? null, x.order ?? null, x.amount_cents, x.erp_effect_cents ?? 0,
          x.platform_effect_cents ?? 0, x.explanation, x.suggested_resolution, JSON.stringify(x.records),
          recon.movementByKey.get(x.key) ?? null, x.resolution ?? null, x.status ?? null]),
      );
      putX.finish();
      const putB = this.bulk('balances', ['card', 'instrument', 'reconstructed', 'platform_reported', 'last4', 'ord'], ['instrument']);
      for (const c of recon.cards)
        putB.add([c.card, c.instrument, c.reconstructed_cents, c.platform_reported_cents, c.last_four ?? null, c.order ?? null]);
      putB.finish();
      const json = this.db.text(reportJson());
      this.db.run(`INSERT INTO report(id, json) VALUES (1, ${json.placeholder})`, [json.value]);
    });
    this.written.results = true;
  }

  /** A setting of the case besides its settings and mapping (the prior case's carry). */
  writeSetting(key: string, value: string): void {
    // A delete and an insert, which both engines run alike (INSERT OR REPLACE is SQLite's).
    this.db.run('DELETE FROM settings WHERE key = ?', [key]);
    this.db.run('INSERT INTO settings (key, value) VALUES (?, ?)', [key, value]);
  }

  /** The evidence files, as they are now (a file is never altered: its name is its hash). */
  writeEvidence(files: readonly EvidenceFile[]): void {
    // Files are only ever added: the same count is the same files, already written.
    if (files.length === this.evidenceWritten) return;
    this.evidenceWritten = files.length;
    this.transaction(() => {
      this.db.exec('DELETE FROM evidence');
      // A blob is bound statement by statement (a bulk load takes cells only), as the source files are.
      for (const f of files) this.db.run('INSERT INTO evidence (sha256, name, size, bytes) VALUES (?, ?, ?, ?)', [f.sha256, f.name, f.bytes.length, f.bytes]);
    });
  }

  /** The close analytics' files as they are now, rewritten only when they changed. */
  writeAnalyticsFiles(files: readonly StoredAnalyticsFile[]): void {
    const key = (list: readonly StoredAnalyticsFile[]) => JSON.stringify(list.map((f) => [f.kind, f.name, f.sha256]));
    if (key(files) === key(this.analyticsWritten)) return;
    this.analyticsWritten = files;
    this.transaction(() => {
      this.db.exec('DELETE FROM analytics_files');
      this.db.exec("DELETE FROM stored_parts WHERE owner = 'analytics_files'");
      // A blob is bound statement by statement, as the source files are; a large one in parts (stored-bytes.ts).
      files.forEach((f, i) =>
        writeStoredBytes(this.db, 'analytics_files', i + 1, f.bytes, (bytes) =>
          this.db.run('INSERT INTO analytics_files (seq, kind, name, sha256, bytes) VALUES (?, ?, ?, ?, ?)', [i + 1, f.kind, f.name, f.sha256, bytes]),
        ),
      );
    });
  }

  /**
   * The source files' bytes into the files table (a large one in parts, stored-bytes.ts), once, file by file
   * (each taken from its InputFile again).
   */
  writeSources(sources: InputFile[]): void {
    if (this.written.sources) return;
    // One transaction: DuckDB checkpoints after a commit that grew its log past 16 MB, and each checkpoint
    // rewrote every part stored so far (at 10M, 1.2 GB of sources took 155 s to store one part at a time).
    this.transaction(() =>
      sources.forEach((f, i) => writeStoredBytes(this.db, 'files', i, f.bytes, (bytes) => this.db.run('UPDATE files SET bytes = ? WHERE id = ?', [bytes, i]))),
    );
    this.written.sources = true;
  }

  // ---- look-ups ----------------------------------------------------------------------------------------

  /** A card's rows across the systems (or an order's, without a card), with the movement each belongs to. */
  timeline(card: string | null, order?: string | null): TimelineRow[] {
    const where = card
      ? 'e.card = ? OR e.id IN (SELECT mm.event_id FROM movement_members mm JOIN movements m ON m.id = mm.movement_id WHERE m.card = ?)'
      : 'e.ord = ?';
    const params = card ? [card, card] : [order ?? ''];
    return this.db.rows(
      `SELECT e.system, e.key, e.at, e.bdate, e.type, e.amount, e.effect, mm.movement_id, mm.rule, e.in_period
      FROM events e LEFT JOIN movement_members mm ON mm.event_id = e.id WHERE ${where} ORDER BY e.at, e.system, e.key`,
      params,
    ).map(
      ([system, ref, at, bdate, type, amount, effect, gid, rule, inP]) =>
        ({
          system, ref, at: new Date(Number(at)).toISOString(), business_date: bdate, type, amount_cents: amount,
          liability_cents: effect, group_id: gid ?? null, rule: rule ?? null, in_period: inP === 1,
        }) as TimelineRow,
    );
  }

  quarantine(role: FileRole): QuarantineEntry[] {
    return this.db.rows(
      'SELECT q.row, q.col, q.reason, q.raw FROM quarantine q JOIN files f ON f.id = q.file_id WHERE f.role = ? ORDER BY q.row',
      [role],
    ).map(([row, column, reason, raw]) => ({
      row: Number(row),
      column: (column as string) ?? null,
      reason: String(reason),
      raw: String(raw),
    }));
  }

  /** One read-only statement, its rows up to `limit`. The engine itself refuses any write. */
  query(text: string, limit: number): QueryResult {
    return this.db.readOnly(text, limit);
  }

  // ---- the file ----------------------------------------------------------------------------------------

  export(): Uint8Array {
    return this.db.export();
  }

  /**
   * The canonical events and the decisions as Parquet files in `dir` (events.parquet, decisions.parquet), and for
   * each fallback rule the rows it was given (leftovers/<rule>/leftover_storefront.parquet and
   * leftover_platform.parquet): what the matching rules read, to run them on another engine (docs/scale.md).
   * The movements must be written. Returns the files written, relative to `dir`.
   */
  exportParquet(dir: string): string[] {
    if (!this.db.toParquet) throw new InputError('Parquet is written by the DuckDB engine: run with --engine duckdb');
    const files = [
      { name: 'events.parquet', query: 'SELECT * FROM events ORDER BY id' },
      { name: 'decisions.parquet', query: 'SELECT * FROM decisions ORDER BY seq' },
    ];
    STOREFRONT_RULES.forEach((rule, r) => {
      if (!readsLeftovers(rule)) return;
      // The rows the rules before it had not linked: a storefront row, or the platform row its movement is about.
      const before = STOREFRONT_RULES.slice(0, r).map((x) => `'${RULE[x]}'`).join(', ');
      const linked = `SELECT mm.event_id AS s, m.anchor AS p FROM movement_members mm JOIN movements m ON m.id = mm.movement_id WHERE mm.rule IN (${before})`;
      files.push(
        { name: `leftovers/${rule}/leftover_storefront.parquet`, query: `SELECT id FROM events WHERE system = 'storefront' AND id NOT IN (SELECT s FROM (${linked})) ORDER BY id` },
        {
          name: `leftovers/${rule}/leftover_platform.parquet`,
          query: `SELECT id, last4, amount, ${quoteId('at')} FROM events WHERE system = 'platform' AND id NOT IN (SELECT p FROM (${linked}) WHERE p IS NOT NULL) ORDER BY id`,
        },
      );
    });
    this.db.toParquet(files.map((f) => ({ path: `${dir}/${f.name}`, query: f.query })));
    return files.map((f) => f.name);
  }

  /** Whether the case file is a database file of the engine's own (DuckDB), written by saveTo. */
  get savesToFile(): boolean {
    return this.db.saveTo !== undefined;
  }

  /** Writes the case database, complete, as the file at `path` (an engine of files: savesToFile), and closes it. */
  saveTo(path: string): void {
    if (!this.db.saveTo) throw new Error('This case engine makes the case file as bytes: use export()');
    this.db.saveTo(path);
  }

  close(): void {
    this.db.close();
  }
}

function scalar(db: CaseDb, sql: string): SqlValue {
  return db.rows(sql)[0]?.[0] ?? null;
}

/**
 * The profiles a saved case's files were read with, each checked against its SHA-256 (a case saved before
 * profiles has none: its files are read as they were then, by their headers). A profile whose text was
 * changed is named and still used: the re-performance then shows what it makes of the files.
 */
function savedProfiles(text: string | null, accepted: string | null): Pick<SavedCase, 'profiles' | 'profileProblems' | 'acceptedWarnings'> {
  const out: Pick<SavedCase, 'profiles' | 'profileProblems' | 'acceptedWarnings'> = { profiles: {}, profileProblems: [], acceptedWarnings: accepted !== null };
  if (text === null) return out;
  let saved: Record<string, { sha256?: unknown; detected?: unknown; text?: unknown }>;
  try {
    saved = JSON.parse(text) as typeof saved;
  } catch {
    out.profileProblems.push("The settings table's profiles do not read; the files are read by their headers");
    return out;
  }
  for (const [role, p] of Object.entries(saved ?? {})) {
    if (!p || typeof p.text !== 'string') {
      out.profileProblems.push(`The stored profile of the ${role} file does not read; the file is read by its headers`);
      continue;
    }
    if (sha256Hex(new TextEncoder().encode(p.text)) !== p.sha256) out.profileProblems.push(`The stored profile of the ${role} file does not match its SHA-256: it was edited`);
    try {
      out.profiles[role as FileRole] = { profile: JSON.parse(p.text), detected: p.detected === true };
    } catch {
      out.profileProblems.push(`The stored profile of the ${role} file is not JSON; the file is read by its headers`);
    }
  }
  return out;
}

function savedFiles(db: CaseDb): SavedFile[] {
  return db.rows(`SELECT id, role, name, sha256, ${quoteId('rows')}, imported, quarantined, bytes FROM files ORDER BY id`).map(
    ([id, role, name, sha256, n, imported, quarantined, data]) => ({
      role: role as FileRole, name: String(name), sha256: String(sha256), rows: Number(n), imported: Number(imported), quarantined: Number(quarantined),
      bytes: readStoredBytes(db, 'files', Number(id), data),
    }),
  );
}

/** A saved case's evidence files, each checked against its SHA-256; none in a file from before they were kept. */
function evidenceRows(db: CaseDb): EvidenceFile[] {
  return rowsOfLaterTable(db, 'SELECT sha256, name, bytes FROM evidence ORDER BY sha256').map((row) => {
    const [sha, name, bytes] = row as [string, string, Uint8Array];
    if (sha256Hex(bytes) !== sha) throw new InputError(`Evidence file ${name}: its stored bytes do not match its SHA-256: the case file was altered`);
    return { sha256: sha, name, bytes };
  });
}

/** A saved case's analytics files, as stored (checked against the audit log by analytics-inputs.ts); none in a file from before they were kept. */
function analyticsFileRows(db: CaseDb): StoredAnalyticsFile[] {
  return rowsOfLaterTable(db, 'SELECT seq, kind, name, sha256, bytes FROM analytics_files ORDER BY seq').map(([seq, kind, name, sha256, bytes]) => ({
    kind: kind === 'register' ? 'register' : 'history', name: String(name), sha256: String(sha256),
    bytes: readStoredBytes(db, 'analytics_files', Number(seq), bytes),
  }));
}

function decisionRows(db: CaseDb): Decision[] {
  return db.rows(`SELECT key, action, resolution, note, user, ${quoteId('at')} FROM decisions ORDER BY seq`).map(
    ([key, action, resolution, note, user, at]) =>
      ({ key, action, resolution: resolution ?? undefined, note: note ?? undefined, user, at }) as Decision,
  );
}

/** The exception ids of a saved case; none where the file predates the table (either engine's file). */
function exceptionIdRows(db: CaseDb): ExceptionIdEntry[] {
  return rowsOfLaterTable(db, 'SELECT key, id FROM exception_ids ORDER BY key').map(([key, id]) => ({ key: String(key), id: String(id) }));
}

function auditRows(db: CaseDb): AuditEntry[] {
  return db.rows(`SELECT ${AUDIT_COLUMNS} FROM audit_log ORDER BY seq`).map(
    ([seq, at, user, action, detail, prev_hash, hash]) => ({ seq, at, user, action, detail, prev_hash, hash }) as AuditEntry,
  );
}

/**
 * The events going into the case database, in the order of their ids (their index in the import's result),
 * from beginInputs: some while the files are read, the rest after.
 */
export class EventLoad {
  /** The events table's columns, in the order `add` fills a row. */
  static readonly COLUMNS = ['id', 'system', 'file_id', 'row', 'key', 'instrument', 'card', 'last4', 'type', 'amount', 'effect', 'at',
    'bdate', 'ord', 'ref', 'operator', 'status', 'balance_after', 'account', 'journal', 'memo', 'scope', 'channel', 'currency', 'in_period'] as const;
  /** Those of few distinct values (a bulk writer encodes each once). */
  static readonly REPEATED = ['system', 'instrument', 'last4', 'type', 'bdate', 'operator', 'status', 'account', 'channel', 'currency'] as const;

  private next = 0;

  constructor(
    private readonly put: BulkWriter,
    private readonly periodStart: string,
    private readonly periodEnd: string,
  ) {}

  /** How many are in: the id the next event takes. */
  get count(): number {
    return this.next;
  }

  /**
   * One row's values, filled for each event in turn: a bulk writer takes the values off the row as it is added
   * (both engines' copy them into their own batch), so one array serves every event.
   */
  private readonly row: Cell[] = new Array<Cell>(EventLoad.COLUMNS.length).fill(null);

  /** events[start] to events[end - 1], as the next ids. */
  add(events: readonly CanonicalEvent[], start = 0, end = events.length): void {
    const { put, periodStart, periodEnd, row } = this;
    for (let j = start; j < end; j++) {
      const e = events[j];
      row[0] = this.next++;
      row[1] = e.system;
      row[2] = e.fileId;
      row[3] = e.row;
      row[4] = e.key;
      row[5] = e.instrument;
      row[6] = e.card;
      row[7] = e.last4;
      row[8] = e.type;
      row[9] = e.amount;
      row[10] = e.effect;
      row[11] = e.at;
      row[12] = e.bdate;
      row[13] = e.order;
      row[14] = e.ref;
      row[15] = e.operator;
      row[16] = e.status;
      row[17] = e.balanceAfter;
      row[18] = e.account;
      row[19] = e.journal;
      row[20] = e.memo;
      row[21] = e.scope;
      row[22] = e.channel;
      row[23] = e.currency;
      row[24] = e.bdate >= periodStart && e.bdate <= periodEnd ? 1 : 0;
      put.add(row);
    }
  }

  finish(): void {
    this.put.finish();
  }
}
