// Export: workpapers, correcting entries, platform corrections, report.json, the case file (through the host:
// a native save dialog in Electron, a download in the browser); and a read-only SQL console over the case.
import { useMemo, useState } from 'react';
import type { QueryResult } from '../../../shared/api';
import { csvTable } from '../../../shared/csv-out';
import { Money } from '../components/Money';
import { engine } from '../engine/client';
import { host } from '../host';
import type { FileFilter } from '../host/types';
import { saveCase } from '../state/actions';
import { useCaseStore } from '../state/case';
import { useNotice } from '../state/notice';
import { useReportStore } from '../state/report';
import '../review.css';

const say = (m: string, tone: 'info' | 'error' = 'info') => useNotice.getState().say(m, tone);
const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

type Kind = 'workpapers' | 'journal' | 'corrections' | 'report' | 'case';

const EXPORTS: { kind: Kind; title: string; what: string; file: (base: string) => string; filters: FileFilter[] }[] = [
  {
    kind: 'workpapers',
    title: 'Save workpapers',
    what: 'Summary, roll-forward, bridge, exceptions with decisions, balances, quarantine, source file hashes and the audit log (XLSX).',
    file: (b) => `${b} workpapers.xlsx`,
    filters: [{ name: 'Excel workbook', extensions: ['xlsx'] }],
  },
  {
    kind: 'journal',
    title: 'Save journal entries',
    what: 'Correcting journal entries for the ERP, balanced per entry (CSV).',
    file: (b) => `${b} journal entries.csv`,
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  },
  {
    kind: 'corrections',
    title: 'Save platform corrections',
    what: 'Balance corrections per card for the gift card platform (CSV).',
    file: (b) => `${b} platform corrections.csv`,
    filters: [{ name: 'CSV', extensions: ['csv'] }],
  },
  {
    kind: 'report',
    title: 'Save report.json',
    what: 'The machine-readable report: liability, roll-forward, bridge, cards, exceptions (byte-identical for the same inputs).',
    file: () => 'report.json',
    filters: [{ name: 'JSON', extensions: ['json'] }],
  },
  {
    kind: 'case',
    title: 'Save the case file',
    what: 'The whole case as one SQLite file: source rows, events, matches, decisions and the hash-chained audit log.',
    file: (b) => `${b}.sqlite`,
    filters: [{ name: 'Balance Forensics case', extensions: ['sqlite'] }],
  },
];

async function exportOne(kind: Kind): Promise<void> {
  // The case file is the case saved: the same as Save As, so the case is marked saved where it went.
  if (kind === 'case') {
    await saveCase(true);
    return;
  }
  const e = EXPORTS.find((x) => x.kind === kind)!;
  const base = (useCaseStore.getState().name || 'case').replace(/[\\/:*?"<>|]+/g, '-');
  try {
    let data: { bytes: Uint8Array } | { text: string };
    switch (kind) {
      case 'workpapers':
        data = { bytes: new Uint8Array(await engine().call('workpapers', null)) };
        break;
      case 'journal':
        data = { text: await engine().call('journalEntriesCsv', null) };
        break;
      case 'corrections':
        data = { text: await engine().call('platformCorrectionsCsv', null) };
        break;
      default:
        data = { text: await engine().call('reportJson', null) };
    }
    const where = await host.saveFile({ suggestedName: e.file(base), filters: e.filters, ...data });
    if (where) say(`Saved ${where}`);
  } catch (err) {
    say(`Could not export: ${message(err)}`, 'error');
  }
}

export function ExportScreen() {
  const [tab, setTab] = useState<'files' | 'sql'>('files');
  const report = useReportStore((s) => s.report);
  if (!report) return null;
  return (
    <section className="screen export-screen" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <div className="tabs" role="tablist" aria-label="Export">
        <button type="button" role="tab" className="tab" aria-selected={tab === 'files'} onClick={() => setTab('files')}>
          Files
        </button>
        <button type="button" role="tab" className="tab" aria-selected={tab === 'sql'} onClick={() => setTab('sql')}>
          SQL console
        </button>
      </div>
      {tab === 'files' ? (
        <div role="tabpanel" aria-label="Files">
          {report.decisions_applied ? (
            <p className="muted">
              {report.decisions_applied} auditor decision(s) are applied: the exports reflect them, and the audit log records who made each.
            </p>
          ) : (
            <p className="muted">No auditor decisions yet: the exports apply the default resolutions.</p>
          )}
          <div className="export-list">
            {EXPORTS.map((e) => (
              <div className="panel" key={e.kind}>
                <h3>{e.title.replace(/^Save /, '')}</h3>
                <p>{e.what}</p>
                <button type="button" className="btn primary" onClick={() => void exportOne(e.kind)}>
                  {e.title}…
                </button>
              </div>
            ))}
          </div>
        </div>
      ) : (
        <SqlConsole />
      )}
    </section>
  );
}

const EXAMPLE = `SELECT category, COUNT(*) AS n, SUM(amount) AS amount
FROM exceptions GROUP BY category ORDER BY n DESC`;
const LIMIT = 5000;

/** Every table with its columns, as the console lists them. */
const TABLES_SQL = `SELECT m.name, p.name FROM sqlite_master m JOIN pragma_table_info(m.name) p
WHERE m.type IN ('table', 'view') ORDER BY m.name, p.cid`;

/**
 * Columns that hold money in cents in the case database (docs/formats.md §10), and what a query calls them or
 * sums of them: shown in currency unless the auditor asks for cents.
 */
const MONEY_COLUMN = /(^|[^a-z_])(amount|effect|balance_after|cents|true_effect|erp_in_period|share|erp_effect|platform_effect|reconstructed|platform_reported)([^a-z_]|$)|_cents\b/i;

/** The result's columns that hold money: named as money, and whole numbers in every row. */
export function moneyColumns(result: QueryResult): boolean[] {
  return result.columns.map(
    (c, i) => MONEY_COLUMN.test(c) && result.rows.every((r) => r[i] === null || (typeof r[i] === 'number' && Number.isInteger(r[i]))),
  );
}

function SqlConsole() {
  const [sql, setSql] = useState(EXAMPLE);
  const [result, setResult] = useState<QueryResult | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const [tables, setTables] = useState<{ name: string; columns: string[] }[] | null>(null);
  const [inCents, setInCents] = useState(false);
  const money = useMemo(() => (result ? moneyColumns(result) : []), [result]);

  const run = async () => {
    setBusy(true);
    setError(null);
    try {
      setResult(await engine().call('query', { sql, limit: LIMIT }));
    } catch (err) {
      setResult(null);
      setError(message(err));
    } finally {
      setBusy(false);
    }
  };

  const showTables = async () => {
    try {
      const r = await engine().call('query', { sql: TABLES_SQL });
      const byTable = new Map<string, string[]>();
      for (const [t, c] of r.rows) byTable.set(String(t), [...(byTable.get(String(t)) ?? []), String(c)]);
      setTables([...byTable].map(([name, columns]) => ({ name, columns })));
    } catch (err) {
      setError(message(err));
    }
  };

  const saveCsv = async () => {
    if (!result) return;
    // Neutralised as every CSV the app writes: no cell becomes a live formula in the spreadsheet that opens it.
    const text = csvTable(result.columns, result.rows);
    const where = await host.saveFile({ suggestedName: 'query.csv', filters: [{ name: 'CSV', extensions: ['csv'] }], text }).catch((e: unknown) => {
      say(message(e), 'error');
      return null;
    });
    if (where) say(`Saved ${where}`);
  };

  return (
    <div role="tabpanel" aria-label="SQL console">
      <div className="panel">
        <label htmlFor="sql-text" className="muted small">
          Read-only SQL over the case database (SELECT, WITH, EXPLAIN). Ctrl/⌘+Enter runs it. Money is stored in cents and shown in currency.
        </label>
        <textarea
          id="sql-text"
          aria-label="SQL"
          className="sql-editor"
          spellCheck={false}
          value={sql}
          onChange={(e) => setSql(e.target.value)}
          onKeyDown={(e) => {
            if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
              e.preventDefault();
              void run();
            }
          }}
        />
        <div className="row-actions">
          <button type="button" className="btn primary" disabled={busy || !sql.trim()} onClick={() => void run()}>
            Run
          </button>
          <button type="button" className="btn" disabled={!result} onClick={() => void saveCsv()}>
            Export to CSV…
          </button>
          <button type="button" className="btn ghost" onClick={() => void (tables ? setTables(null) : showTables())}>
            {tables ? 'Hide tables' : 'Show tables'}
          </button>
          <label className="inline-check">
            <input type="checkbox" checked={inCents} onChange={(e) => setInCents(e.target.checked)} /> Money in cents, as stored
          </label>
          {result && (
            <span className="muted">
              {result.rows.length.toLocaleString('en-US')} row(s){result.truncated ? ` — only the first ${LIMIT.toLocaleString('en-US')} shown` : ''}
            </span>
          )}
        </div>
        {tables && (
          <table className="grid sql-tables" aria-label="Tables and their columns">
            <tbody>
              {tables.map((t) => (
                <tr key={t.name}>
                  <th scope="row">
                    <button type="button" className="link mono" onClick={() => setSql(`SELECT * FROM ${t.name} LIMIT 100`)}>
                      {t.name}
                    </button>
                  </th>
                  <td className="mono small">{t.columns.join(', ')}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
        {error && (
          <div className="error-box" role="alert">
            {error}
          </div>
        )}
      </div>
      {result && (
        <div className="sql-results panel">
          <table className="grid" aria-label="Query results">
            <thead>
              <tr>
                {result.columns.map((c, i) => (
                  <th key={i} className={money[i] ? 'num' : ''} title={money[i] ? (inCents ? 'Cents, as stored' : 'Shown in currency; stored in cents') : undefined}>
                    {c}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {result.rows.map((r, i) => (
                <tr key={i}>
                  {r.map((v, j) => (
                    <td key={j} className={typeof v === 'number' ? 'num' : ''} title={v === null ? 'NULL' : String(v)}>
                      {v === null ? <span className="muted">NULL</span> : money[j] && !inCents ? <Money cents={v as number} /> : String(v)}
                    </td>
                  ))}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
