// Edits of a saved case file made as an adversary with sql.js would make them (issue #17, "the case file can be
// edited without a trace"). Each case names the edit, how the engine must catch it, and what the re-performed
// figures must be. The chain's hash scheme is public (docs/formats.md §8), so the corpus recomputes it here, with
// Node's own SHA-256, as an attacker would: nothing of the engine under test is used to forge.
import { createHash } from 'node:crypto';
import type { Database, SqlJsStatic } from 'sql.js';

/** How an edit must be caught. */
export type Caught =
  /** Opening the file names it (verifyChain().problems), with no kept head needed. */
  | 'on open'
  /** Only the kept head catches it: the file is consistent in itself, the log ends elsewhere. */
  | 'by the seal';

export interface TamperCase {
  name: string;
  /** The line of docs/hostile-input.md: what is caught, and how. */
  outcome: string;
  caught: Caught;
  /** What the problems must say (on open), each matched by one of them. */
  problems: RegExp[];
  /**
   * The re-performed figures: 'as saved' when the log's record is used whatever the edit (a copy was edited),
   * 'as edited' when they follow what the file now holds (always with the edit named).
   */
  figures: 'as saved' | 'as edited';
  edit(db: Database, tools: TamperTools): void | Promise<void>;
}

export interface TamperTools {
  /** Re-performs edited case bytes with the engine, for an attacker who also rewrites the stored report. */
  reperformedReport(bytes: Uint8Array): Promise<string>;
  SQL: SqlJsStatic;
}

const sha256 = (text: string) => createHash('sha256').update(text, 'utf8').digest('hex');
const sha256Bytes = (bytes: Uint8Array) => createHash('sha256').update(bytes).digest('hex');

/** The hash scheme of docs/formats.md §8, recomputed over every entry: what an attacker who read the spec does. */
export function recomputeChain(db: Database): void {
  const rows = db.exec('SELECT seq, at, user, action, detail FROM audit_log ORDER BY seq')[0]?.values ?? [];
  let prev = '0'.repeat(64);
  for (const [seq, at, user, action, detail] of rows) {
    const hash = sha256(JSON.stringify([prev, seq, at, user, action, detail]));
    db.run('UPDATE audit_log SET prev_hash = ?, hash = ? WHERE seq = ?', [prev, hash, seq]);
    prev = hash;
  }
}

/** The decisions table rewritten from the log's decision entries (no undo in the corpus's case). */
function syncDecisions(db: Database): void {
  db.run('DELETE FROM decisions');
  const rows = db.exec("SELECT at, user, action, detail FROM audit_log WHERE action LIKE 'decision:%' ORDER BY seq")[0]?.values ?? [];
  for (const [at, user, action, detail] of rows) {
    const d = JSON.parse(String(detail)) as { key: string; resolution: string | null; note: string | null };
    db.run('INSERT INTO decisions (key, action, resolution, note, user, at) VALUES (?, ?, ?, ?, ?, ?)', [d.key, String(action).slice(9), d.resolution, d.note, user, at]);
  }
}

/** Everything an attacker can make consistent: the chain, the decisions table, and the stored report. */
async function coverTracks(db: Database, tools: TamperTools): Promise<void> {
  recomputeChain(db);
  syncDecisions(db);
  db.run('UPDATE report SET json = ?', [await tools.reperformedReport(db.export())]);
}

const lastDecisionEntry = (db: Database) => Number(db.exec("SELECT max(seq) FROM audit_log WHERE action LIKE 'decision:%'")[0].values[0][0]);
const settingsJson = (db: Database) => JSON.parse(String(db.exec("SELECT value FROM settings WHERE key = 'case'")[0].values[0][0])) as Record<string, unknown>;
const setSettings = (db: Database, s: Record<string, unknown>) => db.run("UPDATE settings SET value = ? WHERE key = 'case'", [JSON.stringify(s)]);

/** The resolve decision of the saved case (did_not_happen on a MISSING_IN_PLATFORM) made another. */
function rewriteResolveEntry(db: Database, to: string): void {
  db.run("UPDATE audit_log SET detail = replace(detail, '\"resolution\":\"did_not_happen\"', ?) WHERE action = 'decision:resolve'", [`"resolution":"${to}"`]);
}

/** An ERP line's amount, in the stored erp.csv, changed: its bytes (and, with `hash`, its hash column) edited. */
function editErpBytes(db: Database, hash: boolean): void {
  const [[bytes]] = db.exec("SELECT bytes FROM files WHERE role = 'erp'")[0].values as [Uint8Array][];
  const text = new TextDecoder().decode(bytes).replace(',,10.00,Manual accrual', ',,9010.00,Manual accrual');
  const edited = new TextEncoder().encode(text);
  db.run("UPDATE files SET bytes = ? WHERE role = 'erp'", [edited]);
  if (hash) db.run("UPDATE files SET sha256 = ? WHERE role = 'erp'", [sha256Bytes(edited)]);
}

export const TAMPER_CASES: TamperCase[] = [
  {
    name: 'an audit entry rewritten',
    outcome: "the chain names it: `Audit entry 4 (decision:resolve by ana at …) was altered after it was written`; the log's other entries replay",
    caught: 'on open',
    problems: [/^Audit entry \d+ \(decision:resolve by ana at .*\) was altered after it was written$/],
    figures: 'as edited',
    edit: (db) => rewriteResolveEntry(db, 'it_happened'),
  },
  {
    name: 'an audit entry rewritten and the chain recomputed',
    outcome: 'the chain holds, but the decisions table and the stored report no longer agree with the log: both named',
    caught: 'on open',
    problems: [/^The decisions table holds 1 decision\(s\) the audit log does not record: resolve did_not_happen/, /^The report stored in the case file was sealed with 5 audit log entries \(head [0-9a-f]{12}…\), but the log has 5 \(head [0-9a-f]{12}…\)$/],
    figures: 'as edited',
    edit: (db) => {
      rewriteResolveEntry(db, 'it_happened');
      recomputeChain(db);
    },
  },
  {
    name: 'an audit entry rewritten, the chain recomputed, the decisions and the stored report rewritten to match',
    outcome: 'consistent in itself: only the kept head catches it (`--expect-head`: the log ends at another head)',
    caught: 'by the seal',
    problems: [],
    figures: 'as edited',
    edit: async (db, tools) => {
      rewriteResolveEntry(db, 'it_happened');
      await coverTracks(db, tools);
    },
  },
  {
    name: 'the last entry and its decision deleted',
    outcome: 'the chain holds (nothing follows the last entry), but the stored report was sealed with 5 entries, the log has 4: named',
    caught: 'on open',
    problems: [/^The report stored in the case file was sealed with 5 audit log entries \(head [0-9a-f]{12}…\), but the log has 4 /],
    figures: 'as edited',
    edit: (db) => {
      db.run('DELETE FROM audit_log WHERE seq = ?', [lastDecisionEntry(db)]);
      db.run('DELETE FROM decisions WHERE seq = (SELECT max(seq) FROM decisions)');
    },
  },
  {
    name: 'the last entry and its decision deleted, the stored report rewritten to match',
    outcome: 'consistent in itself: only the kept head catches it (4 entries, not the 5 signed)',
    caught: 'by the seal',
    problems: [],
    figures: 'as edited',
    edit: async (db, tools) => {
      db.run('DELETE FROM audit_log WHERE seq = ?', [lastDecisionEntry(db)]);
      await coverTracks(db, tools);
    },
  },
  {
    name: 'an audit entry removed from the middle',
    outcome: 'the chain names it: `Audit entry 3 is missing (the log jumps to entry 4): removed`',
    caught: 'on open',
    problems: [/^Audit entry 3 is missing \(the log jumps to entry 4\): removed$/],
    figures: 'as edited',
    edit: (db) => db.run('DELETE FROM audit_log WHERE seq = 3'),
  },
  {
    name: 'a decision inserted into the decisions table',
    outcome: 'named (`The decisions table holds 1 decision(s) the audit log does not record: …`); the log’s decisions are used',
    caught: 'on open',
    problems: [/^The decisions table holds 1 decision\(s\) the audit log does not record: resolve it_happened on ERP_ONLY_ENTRY\|erp:J-9:1 by mallory/],
    figures: 'as saved',
    edit: (db) =>
      db.run(
        "INSERT INTO decisions (key, action, resolution, note, user, at) VALUES ('ERP_ONLY_ENTRY|erp:J-9:1', 'resolve', 'it_happened', NULL, 'mallory', '2026-10-20T00:00:00.000Z')",
      ),
  },
  {
    name: 'a decision changed in the decisions table',
    outcome: 'named: the table’s decision and the log’s, each; the log’s is used',
    caught: 'on open',
    problems: [/^The decisions table holds 1 decision\(s\) the audit log does not record: resolve it_happened/, /^The audit log records 1 decision\(s\) missing from the decisions table: resolve did_not_happen/],
    figures: 'as saved',
    edit: (db) => db.run("UPDATE decisions SET resolution = 'it_happened' WHERE resolution = 'did_not_happen'"),
  },
  {
    name: 'a decision deleted from the decisions table',
    outcome: 'named: `The audit log records 1 decision(s) missing from the decisions table: …`; the log’s is used',
    caught: 'on open',
    problems: [/^The audit log records 1 decision\(s\) missing from the decisions table: resolve did_not_happen/],
    figures: 'as saved',
    edit: (db) => db.run("DELETE FROM decisions WHERE resolution = 'did_not_happen'"),
  },
  {
    name: 'a decision given an unknown resolution code in the decisions table',
    outcome: 'named as a decision the log does not record; the log’s is used',
    caught: 'on open',
    problems: [/^The decisions table holds 1 decision\(s\) the audit log does not record: resolve write_off/],
    figures: 'as saved',
    edit: (db) => db.run("UPDATE decisions SET resolution = 'write_off' WHERE resolution = 'did_not_happen'"),
  },
  {
    name: 'a decision given another category’s resolution code in the log, the chain and the table made to match',
    outcome: "named: `Audit entry 4 (decision:resolve by ana at …) gives MISSING_IN_PLATFORM\\|… the resolution 'erp_amount', which is not one of MISSING_IN_PLATFORM's (it_happened, did_not_happen); it was left out`",
    caught: 'on open',
    problems: [/^Audit entry 4 \(decision:resolve by ana at .*\) gives MISSING_IN_PLATFORM\|.* the resolution 'erp_amount', which is not one of MISSING_IN_PLATFORM's \(it_happened, did_not_happen\); it was left out$/],
    figures: 'as edited',
    edit: (db) => {
      rewriteResolveEntry(db, 'erp_amount');
      recomputeChain(db);
      syncDecisions(db);
    },
  },
  {
    name: 'a decision on no exception inserted into the log, the chain and the table made to match',
    outcome: 'named: `Audit entry 6 (…) decides on … which no exception of the re-performed case has; it was left out`',
    caught: 'on open',
    problems: [/^Audit entry 6 \(decision:resolve by mallory at .*\) decides on AMOUNT_MISMATCH\|platform:GT-404, which no exception of the re-performed case has; it was left out$/],
    figures: 'as saved',
    edit: (db) => {
      db.run("INSERT INTO audit_log (seq, at, user, action, detail, prev_hash, hash) VALUES (6, '2026-10-20T00:00:00.000Z', 'mallory', 'decision:resolve', ?, '', '')", [
        JSON.stringify({ key: 'AMOUNT_MISMATCH|platform:GT-404', resolution: 'erp_amount', note: null }),
      ]);
      recomputeChain(db);
      syncDecisions(db);
    },
  },
  {
    name: "a stored file's bytes edited",
    outcome: "named: `erp.csv (erp): its stored bytes hash to …, not the SHA-256 the audit log's import entry records (…): the stored file was edited`; re-performed as stored, read-only",
    caught: 'on open',
    problems: [/^erp\.csv \(erp\): its stored bytes hash to [0-9a-f]{12}…, not the SHA-256 the audit log's import entry records \([0-9a-f]{12}…\): the stored file was edited$/],
    figures: 'as edited',
    edit: (db) => editErpBytes(db, false),
  },
  {
    name: "a stored file's bytes and its hash column edited together",
    outcome: "named: `erp.csv (erp): the stored file (SHA-256 …) is not the one the audit log's import entry records (…): the file and its hash in the files table were edited together`",
    caught: 'on open',
    problems: [/^erp\.csv \(erp\): the stored file \(SHA-256 [0-9a-f]{12}…\) is not the one the audit log's import entry records \([0-9a-f]{12}…\): the file and its hash in the files table were edited together$/],
    figures: 'as edited',
    edit: (db) => editErpBytes(db, true),
  },
  {
    name: "a stored file's name edited",
    outcome: "named: `The files table names the erp file 'ledger.csv'; the audit log's import entry names it 'erp.csv'`; the log's name is used",
    caught: 'on open',
    problems: [/^The files table names the erp file 'ledger\.csv'; the audit log's import entry names it 'erp\.csv'$/],
    figures: 'as saved',
    edit: (db) => db.run("UPDATE files SET name = 'ledger.csv' WHERE role = 'erp'"),
  },
  {
    name: 'the period end edited in the settings table',
    outcome: 'named: `The period end was changed from 2026-09-30 to 2026-07-05 outside the audit log`; the log’s settings are used',
    caught: 'on open',
    problems: [/^The period end was changed from 2026-09-30 to 2026-07-05 outside the audit log$/],
    figures: 'as saved',
    edit: (db) => setSettings(db, { ...settingsJson(db), periodEnd: '2026-07-05' }),
  },
  {
    name: 'the liability accounts swapped in the settings table',
    outcome: 'named: `The liability accounts were changed from 2410,2420 to 2420,2410 outside the audit log`',
    caught: 'on open',
    problems: [/^The liability accounts were changed from 2410,2420 to 2420,2410 outside the audit log$/],
    figures: 'as saved',
    edit: (db) => setSettings(db, { ...settingsJson(db), liabilityAccounts: ['2420', '2410'] }),
  },
  {
    name: 'the time zone and the lag tolerance edited in the settings table',
    outcome: 'each named',
    caught: 'on open',
    problems: [/^The business time zone was changed from UTC to Pacific\/Kiritimati outside the audit log$/, /^The lag tolerance \(minutes\) was changed from 60 to 1 outside the audit log$/],
    figures: 'as saved',
    edit: (db) => setSettings(db, { ...settingsJson(db), timezone: 'Pacific/Kiritimati', lagToleranceMinutes: 1 }),
  },
  {
    name: 'a column mapping added to the settings table',
    outcome: "named: `The column mapping of erp 'Credit' was changed from (none) to Debit outside the audit log`",
    caught: 'on open',
    problems: [/^The column mapping of erp 'Credit' was changed from \(none\) to Debit outside the audit log$/],
    figures: 'as saved',
    edit: (db) => db.run("INSERT INTO settings (key, value) VALUES ('mapping', ?)", [JSON.stringify({ erp: { Credit: 'Debit' } })]),
  },
  {
    name: "the period end edited in the settings table and in the log's settings entry, the chain recomputed",
    outcome: 'the settings agree with the log, but the stored report’s figures are not the re-performed ones: named',
    caught: 'on open',
    problems: [/^The report stored in the case file shows a reconstructed closing of \d+ cents; re-performed, the case gives \d+$/],
    figures: 'as edited',
    edit: (db) => {
      setSettings(db, { ...settingsJson(db), periodEnd: '2026-07-05' });
      db.run("UPDATE audit_log SET detail = replace(detail, '\"periodEnd\":\"2026-09-30\"', '\"periodEnd\":\"2026-07-05\"') WHERE action = 'settings'");
      recomputeChain(db);
    },
  },
  {
    name: 'the period end edited everywhere: settings, the log (chain recomputed), the stored report',
    outcome: 'consistent in itself: only the kept head catches it',
    caught: 'by the seal',
    problems: [],
    figures: 'as edited',
    edit: async (db, tools) => {
      setSettings(db, { ...settingsJson(db), periodEnd: '2026-07-05' });
      db.run("UPDATE audit_log SET detail = replace(detail, '\"periodEnd\":\"2026-09-30\"', '\"periodEnd\":\"2026-07-05\"') WHERE action = 'settings'");
      await coverTracks(db, tools);
    },
  },
  {
    name: 'the whole audit log and the decisions deleted',
    outcome: 'named: the log has no import and no settings entry to check the files and settings against, and the stored report was sealed with 5 entries',
    caught: 'on open',
    problems: [/^The audit log has no import entry/, /^The audit log has no settings entry/, /^The report stored in the case file was sealed with 5 audit log entries /],
    figures: 'as edited',
    edit: (db) => db.run('DELETE FROM audit_log; DELETE FROM decisions'),
  },
  {
    name: "the stored report's closing edited",
    outcome: 'named: `The report stored in the case file shows a reconstructed closing of 1 cents; re-performed, the case gives …`',
    caught: 'on open',
    problems: [/^The report stored in the case file shows a reconstructed closing of 1 cents; re-performed, the case gives \d+$/],
    figures: 'as saved',
    edit: (db) => db.run("UPDATE report SET json = json_set(json, '$.liability.reconstructed_closing_cents', 1)"),
  },
];
