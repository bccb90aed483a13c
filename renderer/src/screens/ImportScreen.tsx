import { roleOfFile } from '../import/detect-role';
import { useState, type DragEvent } from 'react';
import type { FileInspection } from '../../../shared/api';
import { FILE_ROLES, type FileRole, type InputSummary } from '../../../shared/types';
import { Money } from '../components/Money';
import { RunProgress } from '../components/RunProgress';
import { SystemTag } from '../components/SystemTag';
import { applyPreset, dropFile, loadMappingFile, mapColumn, pickFile, reconcile, removeFile, saveMappingFile } from '../state/actions';
import { useCaseStore } from '../state/case';
import { filesReady, useFilesStore, type LoadedFile } from '../state/files';
import { useNavStore } from '../state/nav';
import { presetStore, usePresets } from '../state/presets';
import { useReportStore } from '../state/report';
import { useRunStore } from '../state/run';
import { ProfileColumns } from './import/ProfileColumns';
import { ProfileEditor } from './import/ProfileEditor';
import { ProfileLine } from './import/ProfileLine';
import { SYSTEM_LABELS } from '../theme/systems';
import { MissingColumns, missingCount } from './import/MissingColumns';
import { PeriodPanel } from './import/PeriodPanel';

const count = new Intl.NumberFormat('en-US');

function kib(bytes: number): string {
  return bytes >= 1024 * 1024 ? `${(bytes / 1024 / 1024).toFixed(1)} MB` : `${Math.max(1, Math.round(bytes / 1024))} KB`;
}

export function ImportScreen() {
  const files = useFilesStore((s) => s.files);
  const hasMapping = useFilesStore((s) => Object.keys(s.mapping).length > 0);
  const status = useRunStore((s) => s.status);
  const runError = useRunStore((s) => s.error);
  const report = useReportStore((s) => s.report);
  const stale = useCaseStore((s) => s.stale);
  const go = useNavStore((s) => s.go);
  const ready = filesReady(files);
  const missing = missingCount(Object.values(files).map((f) => f?.inspection));
  const outside = useFilesStore((s) => !!s.proposal?.coverage?.warning);
  const loaded = (['platform', 'storefront', 'payments', 'erp'] as const).filter((r) => files[r]).length;
  const [dragging, setDragging] = useState(false);

  const onDropMany = (e: DragEvent) => {
    e.preventDefault();
    setDragging(false);
    for (const f of Array.from(e.dataTransfer.files)) {
      void roleOfFile(f).then((role) => role && dropFile(role, f));
    }
  };

  return (
    <section className="screen import-screen" aria-labelledby="import-title">
      <h2 id="import-title">Import</h2>
      <div
        className={dragging ? 'panel run-panel dragging' : 'panel run-panel'}
        onDragOver={(e) => {
          e.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDropMany}
      >
        <div className="run-summary">
          <strong>{loaded} of 4 systems loaded</strong>
          <span className="muted">
            {' '}
            — drop all files here at once (recognised by their headers, or by name), or load each below. Opening balances are optional.
          </span>
        </div>
        <div className="row-actions">
          <button type="button" className="btn primary" onClick={() => void reconcile()} disabled={!ready || status === 'running' || outside}>
            {report ? 'Reconcile again' : 'Reconcile'}
          </button>
          {report && status !== 'running' && (
            <button type="button" className="btn" onClick={() => go('overview')}>
              Go to Overview
            </button>
          )}
          <button type="button" className="btn" onClick={() => void loadMappingFile()}>
            Load a mapping file…
          </button>
          {hasMapping && (
            <button type="button" className="btn ghost" onClick={() => void saveMappingFile()}>
              Save the mapping…
            </button>
          )}
          {status === 'done' && report && !stale && <span className="ok-text">Reconciled.</span>}
          {status === 'cancelled' && <span className="muted">Cancelled. Nothing was changed.</span>}
          {!ready && status !== 'running' && (
            <span className="muted">Reconciling needs the four systems’ files, each with every required column.</span>
          )}
        </div>
        {missing > 0 && status !== 'running' && (
          <p className="warn-text" data-testid="missing-summary">
            {missing === 1 ? 'One optional column is' : `${missing} optional columns are`} missing from the files: each file says below what the
            run loses without it.
          </p>
        )}
        <RunProgress />
        {status === 'failed' && runError && (
          <div className="error-box" role="alert">
            {runError}
          </div>
        )}
      </div>
      <PeriodPanel />
      <div className="file-cards">
        {FILE_ROLES.map((role) => (
          <FileCard key={role} role={role} file={files[role]} summary={report?.inputs.find((i) => i.system === role)} stale={stale} />
        ))}
      </div>
      <ProfileEditor />
    </section>
  );
}

function FileCard({ role, file, summary, stale }: { role: FileRole; file?: LoadedFile; summary?: InputSummary; stale: boolean }) {
  const [over, setOver] = useState(false);
  const label = SYSTEM_LABELS[role];
  const insp = file?.inspection;
  return (
    <article
      className={`panel file-card sys-border-${role}${over ? ' dragging' : ''}`}
      aria-label={`${label} file`}
      onDragOver={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={(e) => {
        e.preventDefault();
        e.stopPropagation();
        setOver(false);
        const f = e.dataTransfer.files[0];
        if (f) void dropFile(role, f);
      }}
    >
      <header className="file-head">
        <SystemTag role={role} />
        {role === 'opening' && <span className="muted small">optional</span>}
        {insp && <LayoutBadge layout={insp.layout} />}
        <span className="spacer" />
        <button type="button" className="btn" onClick={() => void pickFile(role, `Open the ${label} export`)} aria-label={`Open ${label} file`}>
          {file ? 'Replace…' : 'Open file…'}
        </button>
        {file && (
          <button type="button" className="btn ghost" onClick={() => void removeFile(role)} aria-label={`Remove ${label} file`}>
            Remove
          </button>
        )}
      </header>
      {file && (
        <div className="file-name" title={file.name}>
          {file.name} · {kib(file.size)}
        </div>
      )}
      {!file && !summary && <div className="dropzone">Drop the {label.toLowerCase()} export here (CSV or XLSX)</div>}
      {file?.status === 'loading' && <p className="muted">Reading {file.name}…</p>}
      {file?.status === 'error' && (
        <div className="error-box" role="alert">
          {file.error}
        </div>
      )}
      {insp && <ProfileLine role={role} insp={insp} />}
      {insp && <MissingColumns label={label} insp={insp} />}
      {insp && <Inspection role={role} insp={insp} />}
      {summary && <ControlTotals summary={summary} stale={stale && !!file} showHash={!insp} />}
    </article>
  );
}

function LayoutBadge({ layout }: { layout: FileInspection['layout'] }) {
  const text = layout === 'reference' ? 'Reference layout' : layout === 'mapped' ? 'Mapped layout' : layout === 'profile' ? 'Read by a profile' : 'Incomplete: map the missing columns';
  return <span className={`badge layout-${layout}`}>{text}</span>;
}

function Inspection({ role, insp }: { role: FileRole; insp: FileInspection }) {
  return (
    <div className="inspection">
      <dl className="facts">
        <div>
          <dt>Encoding</dt>
          <dd>{insp.encoding}</dd>
        </div>
        <div>
          <dt>Columns</dt>
          <dd>{insp.headers.length}</dd>
        </div>
        <div className="wide">
          <dt>SHA-256</dt>
          <dd className="mono hash">{insp.sha256}</dd>
        </div>
      </dl>
      {insp.requiredMissing.length > 0 && (
        <div className="error-box" role="alert" aria-label={`${SYSTEM_LABELS[role]} problems`}>
          {insp.requiredMissing.map((c) => (
            <div key={c}>
              Required column “{c}” was not found — map it to one of the file’s headers below.
            </div>
          ))}
        </div>
      )}
      <details className="mapping" open={insp.layout !== 'reference' && insp.layout !== 'profile'}>
        <summary>{insp.layout === 'profile' ? 'Columns read and preview' : 'Column mapping and preview'}</summary>
        {insp.layout === 'profile' ? <ProfileColumns insp={insp} /> : <MappingEditor role={role} insp={insp} />}
        <Preview insp={insp} />
      </details>
    </div>
  );
}

function MappingEditor({ role, insp }: { role: FileRole; insp: FileInspection }) {
  const overrides = useFilesStore((s) => s.mapping[role]);
  const label = SYSTEM_LABELS[role];
  const missing = new Set(insp.requiredMissing);
  const refs = Object.keys(insp.columns);
  for (const m of insp.requiredMissing) if (!refs.includes(m)) refs.push(m);
  return (
    <div className="mapping-editor">
      <table className="grid mapping-table" aria-label={`${label} column mapping`}>
        <thead>
          <tr>
            <th scope="col">Reference column</th>
            <th scope="col">Column in the file</th>
            <th scope="col">Status</th>
          </tr>
        </thead>
        <tbody>
          {refs.map((ref) => {
            const value = overrides?.[ref] ?? insp.columns[ref] ?? '';
            return (
              <tr key={ref} className={missing.has(ref) ? 'missing' : ''}>
                <th scope="row">{ref}</th>
                <td>
                  <select
                    aria-label={`${label}: file column for ${ref}`}
                    value={value}
                    onChange={(e) => void mapColumn(role, ref, e.target.value || null)}
                  >
                    <option value="">(not in this file)</option>
                    {insp.headers.map((h) => (
                      <option key={h} value={h}>
                        {h}
                      </option>
                    ))}
                  </select>
                </td>
                <td>{missing.has(ref) ? <span className="bad">required, missing</span> : value ? <span className="ok-text">found</span> : <span className="muted">optional</span>}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <PresetBar role={role} insp={insp} />
    </div>
  );
}

function PresetBar({ role, insp }: { role: FileRole; insp: FileInspection }) {
  const presets = usePresets((s) => s.presets).filter((p) => p.role === role);
  const overrides = useFilesStore((s) => s.mapping[role]);
  const [name, setName] = useState('');
  const label = SYSTEM_LABELS[role];
  const effective = (): Record<string, string> => {
    const cols: Record<string, string> = {};
    for (const [ref, header] of Object.entries(insp.columns)) {
      if (header && header.trim().toLowerCase() !== ref.toLowerCase()) cols[ref] = header;
    }
    return { ...cols, ...(overrides ?? {}) };
  };
  return (
    <div className="preset-bar">
      <select
        aria-label={`Apply a saved ${label} mapping preset`}
        value=""
        onChange={(e) => {
          const p = presets.find((x) => x.name === e.target.value);
          if (p) void applyPreset(role, p.columns);
        }}
        disabled={presets.length === 0}
      >
        <option value="">{presets.length ? 'Apply a preset…' : 'No saved presets'}</option>
        {presets.map((p) => (
          <option key={p.name} value={p.name}>
            {p.name}
          </option>
        ))}
      </select>
      <input aria-label={`Name for a new ${label} mapping preset`} placeholder="Preset name" value={name} onChange={(e) => setName(e.target.value)} />
      <button
        type="button"
        className="btn"
        disabled={!name.trim()}
        onClick={() => {
          presetStore.getState().save(name, role, effective());
          setName('');
        }}
      >
        Save mapping as preset
      </button>
    </div>
  );
}

function Preview({ insp }: { insp: FileInspection }) {
  const rows = insp.preview.slice(0, 5);
  if (!insp.headers.length) return null;
  return (
    <div className="preview-wrap">
      <table className="grid preview" aria-label={`Preview of ${insp.name}`}>
        <thead>
          <tr>
            {insp.headers.map((h, i) => (
              <th key={i} scope="col">
                {h}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r, i) => (
            <tr key={i}>
              {insp.headers.map((_, j) => (
                <td key={j}>{r[j] ?? ''}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Each money column's total over every row read, as written: to tie to the source system's own total. */
function MoneyTotals({ summary }: { summary: InputSummary }) {
  const label = SYSTEM_LABELS[summary.system];
  return (
    <table className="grid totals money-totals" aria-label={`${label} money totals`}>
      <thead>
        <tr>
          <th scope="col">Money column</th>
          <th scope="col" className="num">
            Cells
          </th>
          <th scope="col" className="num">
            Total as written
          </th>
        </tr>
      </thead>
      <tbody>
        {summary.money!.map((m) => (
          <tr key={m.column}>
            <td>
              {m.header}
              {m.header.trim().toLowerCase() !== m.column.toLowerCase() && <span className="muted small"> ({m.column})</span>}
              {m.unreadable > 0 && (
                <span className="bad small">
                  {' '}
                  · {count.format(m.unreadable)} not an amount (quarantined, not in the total)
                </span>
              )}
            </td>
            <td className="num">{count.format(m.cells)}</td>
            <td className="num" data-testid={`money-${summary.system}-${m.column}`} data-cents={m.total_cents}>
              <Money cents={m.total_cents} />
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function ControlTotals({ summary, stale, showHash }: { summary: InputSummary; stale: boolean; showHash: boolean }) {
  const label = SYSTEM_LABELS[summary.system];
  const shown = summary.quarantine.slice(0, 200);
  return (
    <div className="control-totals">
      <h4>
        Control totals {stale && <span className="muted small">(from the last run)</span>}
      </h4>
      <table className="grid totals" aria-label={`${label} control totals`}>
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col" className="num">
              Read
            </th>
            <th scope="col" className="num">
              Imported
            </th>
            <th scope="col" className="num">
              Quarantined
            </th>
          </tr>
        </thead>
        <tbody>
          <tr>
            <td>{summary.file}</td>
            <td className="num" data-testid={`read-${summary.system}`}>
              {count.format(summary.rows)}
            </td>
            <td className="num" data-testid={`imported-${summary.system}`}>
              {count.format(summary.imported)}
            </td>
            <td className={summary.quarantined ? 'num bad' : 'num'} data-testid={`quarantined-${summary.system}`}>
              {count.format(summary.quarantined)}
            </td>
          </tr>
        </tbody>
      </table>
      {summary.money && summary.money.length > 0 && <MoneyTotals summary={summary} />}
      {showHash && <div className="mono hash small">SHA-256 {summary.sha256}</div>}
      {summary.quarantine.length > 0 && (
        <details className="quarantine" open={summary.quarantine.length <= 10}>
          <summary>
            {count.format(summary.quarantined)} quarantined row{summary.quarantined === 1 ? '' : 's'}
          </summary>
          <table className="grid" aria-label={`${label} quarantined rows`}>
            <thead>
              <tr>
                <th scope="col" className="num">
                  Row
                </th>
                <th scope="col">Column</th>
                <th scope="col">Reason</th>
              </tr>
            </thead>
            <tbody>
              {shown.map((q, i) => (
                <tr key={i}>
                  <td className="num">{q.row}</td>
                  <td>{q.column ?? '—'}</td>
                  <td>{q.reason}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {summary.quarantine.length > shown.length && (
            <p className="muted small">First {shown.length} of {count.format(summary.quarantine.length)} shown; all are in the workpapers.</p>
          )}
        </details>
      )}
    </div>
  );
}
