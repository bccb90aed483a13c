// The pipeline end to end: files → canonical events → match → classify → reconstruct → report, in one
// sql.js database. Each stage is a pure function of the stages before it plus the settings and decisions, so
// a saved case re-runs to the same numbers. Used unchanged by the Web Worker, the command line and the tests.
import type { Database, SqlJsStatic } from 'sql.js';
import type { EngineCase, RunHooks, RunRequest } from './api';
import { classify, type Finding } from '../classify/classify';
import type { CanonicalEvent, OpeningBalance } from '../events';
import { sha256Hex } from '../hash';
import { importFiles, type ImportedFile } from '../import/import-files';
import { buildMovements, type MatchResult, type Pairs } from '../match/movements';
import { LEFTOVERS, RULES, ruleParams, systemBounds, type FallbackRule } from '../match/rules';
import { weeklyDrift } from '../reconstruct/drift';
import { reconstruct, type Reconstruction } from '../reconstruct/replay';
import { journalEntriesCsv, platformCorrectionsCsv } from '../report/corrections';
import { buildReport, reportToJson } from '../report/report-json';
import { buildWorkpapers } from '../report/workpapers';
import type { NativeDeflate } from '../report/xlsx-writer';
import { verifyAuditChain, auditHash } from '../store/audit-chain';
import { INDEXES, LOOKUP_INDEXES, SCHEMA } from '../store/schema';
import { BulkInsert, numberPairs, rows, scalar } from '../store/sql';
import { newCaseDatabase } from '../store/memory-database';
import { unbalancedJournals } from '../classify/data-quality';
import { inferOpening } from '../reconstruct/opening';
import { BusinessCalendar } from '../time';
import {
  InputError,
  type AuditEntry,
  type CaseSettings,
  type ChainCheck,
  type Decision,
  type DriftPoint,
  type FileRole,
  type InputFile,
  fileSize,
  type Mapping,
  type Progress,
  type QueryResult,
  type Report,
  type TimelineRow,
} from '../types';
import { validateSettings } from '../settings';

export { inspectFile } from '../import/import-files';

const CASE_FORMAT = 'balance-forensics-case/1';


/**
 * Lets the host breathe between chunks of work: in the Web Worker this is where a cancel message gets in,
 * then checkAbort sees it.
 */
function pause(): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, 0));
}

/** How long the engine reads at most between two progress reports and chances for a cancel to get through. */
const READ_PAUSE_MS = 40;

/**
 * Whether READ_PAUSE_MS have passed since the last time this said yes. The CSV comes in quarter-megabyte chunks,
 * some 500 to a million-event quarter: a timer turn after each would cost more than reading it (Node's timers
 * wait at least 1 ms, a browser's nested ones 4 ms), and a progress message for each would only make the
 * screen redraw more often than it can show.
 */
function pacer(): () => boolean {
  let last = Date.now();
  return () => {
    const now = Date.now();
    if (now - last < READ_PAUSE_MS) return false;
    last = now;
    return true;
  };
}

/**
 * A fallback rule's candidate pairs among the rows still free: they go into the temporary tables of LEFTOVERS
 * (never part of the exported case), and the rule's query runs over them.
 */
function leftoverPairs(db: Database, SQL: SqlJsStatic, ev: CanonicalEvent[], rule: FallbackRule, storefront: number[], platform: number[]): [number, number][] {
  db.exec(`${LEFTOVERS.schema} BEGIN`);
  const putS = new BulkInsert(db, LEFTOVERS.storefront, 1, 32, SQL);
  for (const i of storefront) putS.add([i]);
  putS.finish();
  const putP = new BulkInsert(db, LEFTOVERS.platform, 4, 32, SQL);
  for (const i of platform) putP.add([i, ev[i].last4, ev[i].amount, ev[i].at]);
  putP.finish();
  db.exec('COMMIT');
  return numberPairs(db, RULES[rule].sql, SQL);
}

/**
 * A full garbage collection, where the host exposes its collector as globalThis.gc (the command line and the
 * bench do: node/files.ts, exposeCollector; a browser never does, and there this does nothing). Called where a
 * large heap of garbage has just been left behind: left to itself, V8 collects it at some later allocation, and
 * until then the garbage and what comes next are held at once. At a million events the two calls take Node's
 * peak from 1.46 to 1.2 GiB, and the run is no slower (they are collections V8 would make a little later).
 */
function collectGarbage(): void {
  (globalThis as { gc?: () => void }).gc?.();
}

function checkAbort(signal?: AbortSignal): void {
  if (signal?.aborted) {
    const err = new Error('The run was cancelled');
    err.name = 'AbortError';
    throw err;
  }
}

/** Runs a whole case from files. Throws InputError (one line) for whatever cannot run. */
export async function runCase(SQL: SqlJsStatic, req: RunRequest, hooks: RunHooks = {}): Promise<EngineCase> {
  return Case.build(SQL, req, hooks, []);
}

/** Reopens a saved case: re-reads its stored source files, checks their SHA-256, applies the recorded decisions. */
export async function openCase(
  SQL: SqlJsStatic,
  bytes: Uint8Array,
  hooks: RunHooks = {},
): Promise<EngineCase> {
  let old: Database;
  try {
    old = new SQL.Database(bytes);
    old.exec('SELECT count(*) FROM meta');
  } catch {
    throw new InputError('This file is not a Balance Forensics case (not a readable case database)');
  }
  const format = scalar(old, "SELECT value FROM meta WHERE key = 'format'");
  if (format !== CASE_FORMAT)
    throw new InputError('This file is not a Balance Forensics case (unknown format)');
  const settings = JSON.parse(
    String(scalar(old, "SELECT value FROM settings WHERE key = 'case'")),
  ) as CaseSettings;
  const mappingText = scalar(old, "SELECT value FROM settings WHERE key = 'mapping'");
  const mapping = mappingText ? (JSON.parse(String(mappingText)) as Mapping) : undefined;
  const files: InputFile[] = [];
  for (const row of rows(old, 'SELECT role, name, sha256, bytes FROM files ORDER BY id')) {
    const [role, name, sha, data] = row as [FileRole, string, string, Uint8Array];
    const actual = sha256Hex(data);
    if (actual !== sha)
      throw new InputError(
        `${name}: stored bytes do not match the recorded SHA-256 (${sha.slice(0, 12)}… recorded, ${actual.slice(0, 12)}… found): the case file was altered`,
      );
    files.push({ role, name, bytes: data });
  }
  const decisions = rows(
    old,
    'SELECT key, action, resolution, note, user, at FROM decisions ORDER BY seq',
  ).map(
    ([key, action, resolution, note, user, at]) =>
      ({ key, action, resolution: resolution ?? undefined, note: note ?? undefined, user, at }) as Decision,
  );
  const log = rows(
    old,
    'SELECT seq, at, user, action, detail, prev_hash, hash FROM audit_log ORDER BY seq',
  ).map(
    ([seq, at, user, action, detail, prev_hash, hash]) =>
      ({ seq, at, user, action, detail, prev_hash, hash }) as AuditEntry,
  );
  old.close();
  return Case.build(SQL, { files, settings, mapping, decisions }, hooks, log);
}

class Case implements EngineCase {
  report!: Report;
  private recon!: Reconstruction;
  private constructor(
    private readonly db: Database,
    readonly settings: CaseSettings,
    // Not readonly: let go before a final export (exportCaseAndClose).
    private ev: CanonicalEvent[],
    private match: MatchResult,
    private findings: Finding[],
    private opening: OpeningBalance[],
    private readonly calendar: BusinessCalendar,
    private inputs: ImportedFile[],
    private decisionList: Decision[],
    /**
     * The source files, stored in the case database at export (see storeSources). Their bytes are taken from
     * them again then: where the host reads them again from disk (InputFile.bytes), no copy is held in between.
     */
    private readonly sources: InputFile[],
    private readonly SQL: SqlJsStatic,
  ) {}
  private sourcesStored = false;
  /** reportToJson(report), made once per recompute. */
  private reportText: string | null = null;
  /** Whether the exceptions, balances and report tables hold the last recompute's results (storeResults). */
  private resultsStored = false;

  static async build(
    SQL: SqlJsStatic,
    req: RunRequest,
    hooks: RunHooks,
    priorLog: AuditEntry[],
  ): Promise<Case> {
    const settings = validateSettings(req.settings);
    const calendar = new BusinessCalendar(settings.timezone);
    const progress = (p: Progress) => hooks.onProgress?.(p);
    const needed: FileRole[] = ['platform', 'storefront', 'payments', 'erp'];
    for (const role of needed)
      if (!req.files.some((f) => f.role === role)) throw new InputError(`No ${role} file was given`);
    const started = Date.now();
    const files = [...req.files].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role));

    const totalBytes = files.reduce((a, f) => a + fileSize(f), 0);
    const bytesBefore = (i: number) => files.slice(0, i).reduce((a, f) => a + fileSize(f), 0);
    let rowsBefore = 0;
    const due = pacer();
    const imported = await importFiles(files, req.mapping, calendar, {
      currency: req.settings.currency,
      liabilityAccounts: settings.liabilityAccounts,
      onFile: async (file, i) => {
        progress({ stage: 'read', done: bytesBefore(i), total: totalBytes, file });
        await pause();
        checkAbort(hooks.signal);
      },
      // Between chunks of a file, now and then: progress in bytes with rows per second, and a chance to cancel.
      onChunk: async (i, done, rows) => {
        const file = files[i].name;
        const at = { stage: 'read', done: bytesBefore(i) + done, total: totalBytes, file, rate: rate(rowsBefore + rows, started) } as const;
        if (done === fileSize(files[i])) rowsBefore += rows;
        if (!due()) return;
        progress(at);
        await pause();
        checkAbort(hooks.signal);
      },
    });
    settings.currency = imported.currency ?? 'USD';
    checkAbort(hooks.signal);
    const ev = imported.events;
    progress({ stage: 'import', done: ev.length, total: ev.length, rate: rate(ev.length, started) });

    // In SQLite's memory with room for the whole case, or in a file for a quarter too large for that.
    const db = newCaseDatabase(SQL, totalBytes);
    // A failed or cancelled run frees its database at once (sql.js memory is not garbage-collected).
    try {
      db.exec(SCHEMA);
      db.exec('BEGIN');
      const putMeta = db.prepare('INSERT INTO meta(key, value) VALUES (?, ?)');
      putMeta.run(['format', CASE_FORMAT]);
      putMeta.free();
      const putSetting = db.prepare('INSERT INTO settings(key, value) VALUES (?, ?)');
      putSetting.run(['case', JSON.stringify(settings)]);
      if (req.mapping) putSetting.run(['mapping', JSON.stringify(req.mapping)]);
      putSetting.free();
      const putFile = db.prepare('INSERT INTO files VALUES (?,?,?,?,?,?,?,?,?,?,?,?)');
      imported.files.forEach((f, i) => {
        const s = f.summary;
        putFile.run([
          i,
          s.system,
          s.file,
          f.sha256,
          s.encoding ?? null,
          s.layout ?? null,
          s.rows,
          s.imported,
          s.quarantined,
          JSON.stringify(f.headers),
          req.mapping?.[s.system] ? JSON.stringify(req.mapping[s.system]) : null,
          // The bytes themselves go in when the case is exported: a run need not hold them twice.
          new Uint8Array(0),
        ]);
      });
      putFile.free();
      // A messy quarter quarantines many rows, and an opening file lists every card: both in bulk.
      const putQ = new BulkInsert(db, 'quarantine', 5, 32, SQL);
      imported.files.forEach((f, i) =>
        f.summary.quarantine.forEach((q, j) =>
          putQ.add([i, q.row, f.quarantineCols[j], q.reason, f.quarantineRaw[j]]),
        ),
      );
      putQ.finish();
      const openingFile = files.findIndex((f) => f.role === 'opening');
      const putO = new BulkInsert(db, 'opening', 5, 32, SQL, [1, 3]);
      for (const o of imported.opening) putO.add([o.card, o.instrument, o.cents, openingFile, o.row]);
      putO.finish();
      // system, instrument, last4, type, bdate, operator, status, account, channel, currency: few distinct values
      const putE = new BulkInsert(db, 'events', 25, 32, SQL, [1, 5, 7, 8, 12, 15, 16, 18, 22, 23]);
      for (let i = 0; i < ev.length; i++) {
        const e = ev[i];
        const inP = e.bdate >= settings.periodStart && e.bdate <= settings.periodEnd ? 1 : 0;
        putE.add([
          i,
          e.system,
          e.fileId,
          e.row,
          e.key,
          e.instrument,
          e.card,
          e.last4,
          e.type,
          e.amount,
          e.effect,
          e.at,
          e.bdate,
          e.order,
          e.ref,
          e.operator,
          e.status,
          e.balanceAfter,
          e.account,
          e.journal,
          e.memo,
          e.scope,
          e.channel,
          e.currency,
          inP,
        ]);
        if ((i & 0xffff) === 0xffff) {
          await pause();
          checkAbort(hooks.signal);
          progress({ stage: 'import', done: i, total: ev.length });
        }
      }
      putE.finish();
      db.exec(INDEXES);
      db.exec('COMMIT');
      await pause();
      checkAbort(hooks.signal);

      progress({ stage: 'match', done: 0, total: ev.length });
      const pairs = {} as Pairs;
      const bounds = systemBounds((i) => ev[i].system, ev.length);
      for (const [name, rule] of Object.entries(RULES)) {
        if (!('leftovers' in rule)) pairs[name as keyof Pairs] = numberPairs(db, rule.sql, SQL, ruleParams(rule.sql, bounds));
      }
      const openingNotes: string[] = [];
      if (!files.some((f) => f.role === 'opening')) {
        imported.opening.push(...inferOpening(ev, settings));
        openingNotes.push(
          `No opening balances file: each card's opening was taken from the platform's own Balance After (${imported.opening.length} cards); the ERP opening journal is compared with their total.`,
        );
      }
      const openingCards = new Map(imported.opening.map((o) => [o.card, o.instrument] as const));
      const openingCents = new Map<string, number>();
      for (const o of imported.opening) openingCents.set(o.card, (openingCents.get(o.card) ?? 0) + o.cents);
      const match = buildMovements(ev, pairs, (rule, storefront, platform) => leftoverPairs(db, SQL, ev, rule, storefront, platform), settings, openingCards, openingCents);
      db.exec(LEFTOVERS.drop);
      match.notes.unshift(...openingNotes);
      await pause();
      checkAbort(hooks.signal);
      // The matching's working sets (candidate pairs, maps by identity, order and card) are garbage now.
      collectGarbage();
      progress({ stage: 'classify', done: 0, total: match.movements.length });
      const findings = classify(ev, match.movements, match.platformRowsByCard, settings, calendar, openingCents);
      // Voids' effects were settled during matching: keep the stored events in step.
      const fix = db.prepare('UPDATE events SET effect = ?, instrument = ? WHERE id = ?');
      db.exec('BEGIN');
      for (let i = 0; i < ev.length; i++)
        if (ev[i].type === 'void') fix.run([ev[i].effect, ev[i].instrument, i]);
      db.exec('COMMIT');
      fix.free();

      const c = new Case(
        db,
        settings,
        ev,
        match,
        findings,
        imported.opening,
        calendar,
        imported.files,
        [],
        files,
        SQL,
      );
      if (priorLog.length) c.restoreLog(priorLog);
      else
        c.audit(
          'system',
          'import',
          imported.files
            .map(
              (f) =>
                `${f.summary.system} ${f.summary.file} sha256=${f.sha256} rows=${f.summary.rows} imported=${f.summary.imported} quarantined=${f.summary.quarantined}`,
            )
            .join('; '),
        );
      progress({ stage: 'reconstruct', done: 0, total: 1 });
      c.decisionList = [...(req.decisions ?? [])];
      if (priorLog.length === 0) for (const d of c.decisionList) c.storeDecision(d);
      else for (const d of c.decisionList) c.storeDecision(d, false);
      c.recompute();
      progress({ stage: 'report', done: 1, total: 1, rate: rate(ev.length, started) });
      return c;
    } catch (err) {
      db.close();
      throw err;
    }
  }

  /** Whether the movements and their members are in the case database yet (see writeMatches). */
  private matchesWritten = false;

  /**
   * Writes the movements and their members into the case database, once. Nothing in a run reads them from
   * there (matching, classifying and the replay work on this.match), only a card's timeline, the SQL console
   * and the exported case do: so they are written when one of those first needs them (prepareLookups,
   * exportCase). At a million events they are 1.5 million rows and 0.6 s, which the overview no longer waits
   * for.
   */
  private writeMatches(): void {
    if (this.matchesWritten) return;
    this.matchesWritten = true;
    const SQL = this.SQL;
    const db = this.db;
    db.exec('BEGIN');
    const putM = new BulkInsert(db, 'movements', 11, 32, SQL, [2, 3, 5]);
    const putMM = new BulkInsert(db, 'movement_members', 4, 32, SQL, [3]);
    const inPeriod = (d: string) => d >= this.settings.periodStart && d <= this.settings.periodEnd;
    for (const m of this.match.movements) {
      const erpIn = m.members.reduce(
        (a, x) => a + (this.ev[x.ev].system === 'erp' && inPeriod(this.ev[x.ev].bdate) ? x.share : 0),
        0,
      );
      putM.add([
        m.id,
        m.card,
        m.instrument,
        m.last4,
        m.order,
        m.kind,
        m.trueEffect,
        m.trueAt,
        inPeriod(this.calendar.businessDate(m.trueAt)) ? 1 : 0,
        erpIn,
        m.anchor,
      ]);
      for (const x of m.members) putMM.add([m.id, x.ev, x.share, x.rule]);
    }
    putM.finish();
    putMM.finish();
    db.exec('COMMIT');
  }

  /** The ERP journals that do not balance: the events never change, so they are found once per case. */
  private journalNotesCache: string[] | null = null;
  private journalNotes(): string[] {
    this.journalNotesCache ??= unbalancedJournals(this.ev);
    return this.journalNotesCache;
  }

  /** Replays balances, bridge and report from the movements and the decisions in force. */
  private recompute(): void {
    this.recon = reconstruct(this.ev, this.match, this.findings, this.opening, this.settings, this.calendar, this.decisionList);
    const matched = this.match.movements.filter((m) => m.members.length > 1).length;
    const notes = [
      `Amounts are in ${this.settings.currency}.`,
      ...this.match.notes,
      ...this.journalNotes(),
    ];
    if (this.recon.decisionsApplied)
      notes.push(
        `${this.recon.decisionsApplied} auditor decision(s) applied: the reconstructed figures reflect them, not only the default resolutions.`,
      );
    this.report = buildReport(
      this.settings,
      this.inputs.map((f) => f.summary),
      this.recon,
      { matched_groups: matched, by_rule: this.match.byRule },
      notes,
    );
    // The results' tables are written when something reads them there (storeResults).
    this.reportText = null;
    this.resultsStored = false;
  }

  decide(decisions: Decision[], action: string): Report {
    const keys = new Set(this.recon.exceptions.map((x) => x.key));
    for (const d of decisions) {
      if (!keys.has(d.key)) throw new InputError(`No exception with key ${d.key}`);
      this.decisionList.push(d);
      this.storeDecision(d);
    }
    if (decisions.length > 1)
      this.audit(decisions[0].user, 'bulk', `${action}: ${decisions.length} decisions`);
    this.recompute();
    return this.report;
  }

  private storeDecision(d: Decision, log = true): void {
    this.db.run('INSERT INTO decisions(key, action, resolution, note, user, at) VALUES (?,?,?,?,?,?)', [
      d.key,
      d.action,
      d.resolution ?? null,
      d.note ?? null,
      d.user,
      d.at,
    ]);
    if (log)
      this.audit(
        d.user,
        `decision:${d.action}`,
        JSON.stringify({ key: d.key, resolution: d.resolution ?? null, note: d.note ?? null }),
        d.at,
      );
  }

  decisions(): Decision[] {
    return [...this.decisionList];
  }

  private audit(user: string, action: string, detail: string, at = new Date().toISOString()): void {
    const last = rows(this.db, 'SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1')[0];
    const seq = last ? Number(last[0]) + 1 : 1;
    const prev = last ? String(last[1]) : '0'.repeat(64);
    const hash = auditHash(prev, seq, at, user, action, detail);
    this.db.run('INSERT INTO audit_log VALUES (?,?,?,?,?,?,?)', [seq, at, user, action, detail, prev, hash]);
  }

  private restoreLog(log: AuditEntry[]): void {
    const put = this.db.prepare('INSERT INTO audit_log VALUES (?,?,?,?,?,?,?)');
    for (const e of log) put.run([e.seq, e.at, e.user, e.action, e.detail, e.prev_hash, e.hash]);
    put.free();
  }

  auditLog(): AuditEntry[] {
    return rows(
      this.db,
      'SELECT seq, at, user, action, detail, prev_hash, hash FROM audit_log ORDER BY seq',
    ).map(
      ([seq, at, user, action, detail, prev_hash, hash]) =>
        ({ seq, at, user, action, detail, prev_hash, hash }) as AuditEntry,
    );
  }

  verifyChain(): ChainCheck {
    return verifyAuditChain(this.auditLog());
  }

  /** Whether LOOKUP_INDEXES exist in this case's database yet. */
  private lookupsBuilt = false;

  /**
   * Writes the movements (writeMatches) and builds the look-up indexes (a card's timeline, the SQL console) if
   * they are not there yet. They are not part of a run: nothing in matching, classifying or reporting reads
   * them, the command line never needs the indexes, and at a million events the two take 1.3 s. The app's
   * worker calls this right after it has sent the overview, so they are ready by the first click; timeline and
   * query call it in case they come first.
   */
  prepareLookups(): void {
    if (this.lookupsBuilt) return;
    this.writeMatches();
    this.db.exec(LOOKUP_INDEXES);
    this.lookupsBuilt = true;
  }

  timeline(card: string | null, order?: string | null): TimelineRow[] {
    this.prepareLookups();
    const where = card
      ? 'e.card = ? OR e.id IN (SELECT mm.event_id FROM movement_members mm JOIN movements m ON m.id = mm.movement_id WHERE m.card = ?)'
      : 'e.ord = ?';
    const params = card ? [card, card] : [order ?? ''];
    return rows(
      this.db,
      `SELECT e.system, e.key, e.at, e.bdate, e.type, e.amount, e.effect, mm.movement_id, mm.rule, e.in_period
      FROM events e LEFT JOIN movement_members mm ON mm.event_id = e.id WHERE ${where} ORDER BY e.at, e.system, e.key`,
      params,
    ).map(
      ([system, ref, at, bdate, type, amount, effect, gid, rule, inP]) =>
        ({
          system,
          ref,
          at: new Date(Number(at)).toISOString(),
          business_date: bdate,
          type,
          amount_cents: amount,
          liability_cents: effect,
          group_id: gid ?? null,
          rule: rule ?? null,
          in_period: inP === 1,
        }) as TimelineRow,
    );
  }

  drift(): DriftPoint[] {
    return weeklyDrift(this.ev, this.match, this.recon, this.settings, this.calendar, this.opening);
  }

  query(sql: string, limit = 1000): QueryResult {
    const text = sql.trim().replace(/;+\s*$/, '');
    if (!/^(select|with|explain)\b/i.test(text) || text.includes(';'))
      throw new InputError('Only a single SELECT, WITH or EXPLAIN statement may be run');
    this.storeResults();
    this.prepareLookups();
    // query_only makes SQLite itself refuse any write, whatever the statement hides (WITH … DELETE).
    this.db.exec('PRAGMA query_only = ON');
    let stmt: ReturnType<Database['prepare']> | null = null;
    try {
      stmt = this.db.prepare(text);
      const columns = stmt.getColumnNames();
      const out: (string | number | null)[][] = [];
      let truncated = false;
      while (stmt.step()) {
        if (out.length >= limit) {
          truncated = true;
          break;
        }
        out.push(
          stmt
            .get()
            .map((v) => (v instanceof Uint8Array ? `<${v.length} bytes>` : (v as string | number | null))),
        );
      }
      return { columns, rows: out, truncated };
    } catch (err) {
      if (err instanceof InputError) throw err;
      throw new InputError(`SQL: ${String((err as Error).message ?? err)}`);
    } finally {
      stmt?.free();
      this.db.exec('PRAGMA query_only = OFF');
    }
  }

  quarantine(role: FileRole) {
    return rows(
      this.db,
      'SELECT q.row, q.col, q.reason, q.raw FROM quarantine q JOIN files f ON f.id = q.file_id WHERE f.role = ? ORDER BY q.row',
      [role],
    ).map(([row, column, reason, raw]) => ({
      row: Number(row),
      column: (column as string) ?? null,
      reason: String(reason),
      raw: String(raw),
    }));
  }

  /**
   * Writes the results of the last recompute (the exceptions, every card's balance, the report's JSON) into
   * their tables, if they are not there yet. Only the SQL console and the exported case read them there, so
   * neither a run nor a decision waits for them: at a million events they are 135,000 balances and 20 MB of
   * JSON.
   */
  private storeResults(): void {
    if (this.resultsStored) return;
    const db = this.db;
    db.exec('BEGIN');
    db.exec('DELETE FROM exceptions; DELETE FROM balances; DELETE FROM report;');
    const putX = db.prepare('INSERT INTO exceptions VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)');
    this.recon.exceptions.forEach((x, i) => {
      putX.run([
        i + 1,
        x.id,
        x.key!,
        x.category,
        x.card,
        x.last_four ?? null,
        x.order ?? null,
        x.amount_cents,
        x.erp_effect_cents ?? 0,
        x.platform_effect_cents ?? 0,
        x.explanation,
        x.suggested_resolution,
        JSON.stringify(x.records),
        this.recon.movementByKey.get(x.key!) ?? null,
        x.resolution ?? null,
        x.status ?? null,
      ]);
    });
    putX.free();
    // column 1, the instrument, has few distinct values
    const putB = new BulkInsert(db, 'balances', 6, 32, this.SQL, [1]);
    for (const c of this.recon.cards)
      putB.add([
        c.card,
        c.instrument,
        c.reconstructed_cents,
        c.platform_reported_cents,
        c.last_four ?? null,
        c.order ?? null,
      ]);
    putB.finish();
    // As UTF-8 bytes that SQLite takes for text: sql.js would measure and encode the string itself in loops of
    // JavaScript, 0.4 s for the 20 MB of a million-event report; TextEncoder takes a fraction of that.
    db.run('INSERT OR REPLACE INTO report(id, json) VALUES (1, CAST(? AS TEXT))', [new TextEncoder().encode(this.reportJson())]);
    db.exec('COMMIT');
    this.resultsStored = true;
  }

  close(): void {
    this.db.close();
  }

  exportCase(): Uint8Array {
    this.writeMatches();
    this.storeResults();
    this.storeSources();
    return this.db.export();
  }

  exportCaseAndClose(): Uint8Array {
    this.writeMatches();
    this.storeResults();
    // Everything the file needs from the objects is in the database now: let them go before the sources are
    // read again and the file is made, so the collector can take them back meanwhile.
    this.ev = [];
    this.match = { movements: [], platformRowsByCard: new Map(), erpOpening: [], byRule: {}, notes: [] };
    this.findings = [];
    this.opening = [];
    this.inputs = [];
    // The case is closed after (see close): nothing reads these again.
    this.recon = undefined as never;
    this.report = undefined as never;
    this.reportText = null;
    this.journalNotesCache = null;
    // Taken back now: left to itself, the collector would only run once the file, made in one call into
    // SQLite, was already whole beside them.
    collectGarbage();
    try {
      this.storeSources();
      return this.db.export();
    } finally {
      this.db.close();
    }
  }

  /** The source files' bytes into the files table, once, file by file (each read from its InputFile again). */
  private storeSources(): void {
    if (this.sourcesStored) return;
    const put = this.db.prepare('UPDATE files SET bytes = ? WHERE id = ?');
    try {
      this.sources.forEach((f, i) => put.run([f.bytes, i]));
    } finally {
      put.free();
    }
    this.sourcesStored = true;
  }

  reportJson(): string {
    this.reportText ??= reportToJson(this.report);
    return this.reportText;
  }

  workpapers(deflate?: NativeDeflate): Uint8Array {
    return buildWorkpapers(this.report, this.auditLog(), this.decisionList, deflate);
  }

  journalEntriesCsv(): string {
    return journalEntriesCsv(this.report, this.settings);
  }

  platformCorrectionsCsv(): string {
    return platformCorrectionsCsv(this.report);
  }
}

const ROLE_ORDER: FileRole[] = ['platform', 'storefront', 'payments', 'erp', 'opening'];

function rate(n: number, started: number): number {
  const s = (Date.now() - started) / 1000;
  return s > 0 ? Math.round(n / s) : n;
}
