// The profile editor's preview: the file's control totals under the profile (rows by outcome, money totals,
// out-of-scope reasons, date order, problems), and its first rows: the event each becomes (or the reason it is
// out of scope or quarantined), each value with the file's cells it was read from under it.
import { useState } from 'react';
import type { Preview, PreviewRow } from '../../../../shared/import/profile/preview';

type Shown = Extract<Preview, { ok: true }>;

const count = new Intl.NumberFormat('en-US');

/** `-1234567.50` → `-1,234,567.50`: the exact decimal text grouped, never through a float. */
export function groupDecimal(text: string): string {
  const m = /^(-?)(\d+)(\.\d+)?$/.exec(text);
  if (!m) return text;
  return `${m[1]}${m[2].replace(/\B(?=(\d{3})+(?!\d))/g, ',')}${m[3] ?? ''}`;
}

const DATE_ORDER: Record<string, string> = {
  declared: 'as the profile declares',
  inferred: 'inferred from the file',
  'not needed': 'no day/month dates',
  ambiguous: 'ambiguous: declare it',
  mixed: 'both orders in the file',
};

export function PreviewTotals({ preview }: { preview: Shown }) {
  const s = preview.summary;
  const reasons = Object.entries(s.outOfScopeReasons).sort((a, b) => b[1] - a[1]);
  return (
    <section className="pe-totals" aria-label="Control totals under this profile">
      <h4>Control totals of the file under this profile</h4>
      <div className="pe-counts">
        <span>
          <strong data-testid="pe-rows">{count.format(s.rows)}</strong> rows after the header (row {preview.headerRow})
        </span>
        <span>
          <strong data-testid="pe-records">{count.format(s.records)}</strong> become events
        </span>
        <span>
          <strong data-testid="pe-out">{count.format(s.outOfScope)}</strong> out of scope
        </span>
        <span className={s.quarantined ? 'bad' : ''}>
          <strong data-testid="pe-quarantined">{count.format(s.quarantined)}</strong> quarantined
        </span>
      </div>
      <table className="grid pe-money" aria-label="Money totals">
        <thead>
          <tr>
            <th scope="col">Money field</th>
            <th scope="col" className="num">
              Values
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {Object.entries(s.money).map(([field, m]) => (
            <tr key={field}>
              <th scope="row">{field}</th>
              <td className="num">{count.format(m.count)}</td>
              <td className="num money" data-testid={`pe-total-${field}`}>
                {groupDecimal(m.total)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="pe-facts small">
        {s.dateOrder.order && (
          <span>
            Dates {s.dateOrder.order} ({DATE_ORDER[s.dateOrder.how] ?? s.dateOrder.how}
            {s.dateOrder.evidenceRow ? `, row ${s.dateOrder.evidenceRow}` : ''})
          </span>
        )}
        {!s.dateOrder.order && s.dateOrder.how !== 'not needed' && <span className="bad">Day/month order: {DATE_ORDER[s.dateOrder.how] ?? s.dateOrder.how}</span>}
        {reasons.map(([r, n]) => (
          <span key={r} className="muted">
            {count.format(n)} out of scope: {r}
          </span>
        ))}
      </div>
      {s.problems.length > 0 && (
        <div className="profile-problems">
          {s.problems.map((p, i) => (
            <div key={i} className="problem">
              {p.message}
            </div>
          ))}
        </div>
      )}
    </section>
  );
}

type Filter = 'all' | PreviewRow['outcome'];

const FILTERS: { value: Filter; label: string }[] = [
  { value: 'all', label: 'All rows' },
  { value: 'record', label: 'Events' },
  { value: 'outOfScope', label: 'Out of scope' },
  { value: 'quarantine', label: 'Quarantined' },
];

export function PreviewTable({ preview }: { preview: Shown }) {
  const [filter, setFilter] = useState<Filter>('all');
  const [allColumns, setAllColumns] = useState(false);
  // The event's fields the profile fills, in the reference layout's order, each with the file's columns it reads.
  const absent = new Set(preview.absent);
  const fields = preview.columns.filter((c) => !absent.has(c) && (preview.sources[c]?.length || preview.rows.some((r) => r.record?.[c])));
  const at = (name: string) => preview.headers.indexOf(name);
  const from = (f: string) => (preview.sources[f] ?? []).map(at).filter((i) => i >= 0);
  const rows = preview.rows.filter((r) => filter === 'all' || r.outcome === filter);
  const cellsText = (r: PreviewRow) => {
    const t = r.cells.filter((c) => c.trim() !== '').join(' · ');
    return t.length > 160 ? `${t.slice(0, 160)}…` : t;
  };
  return (
    <section className="pe-preview" aria-label="Preview of the first rows">
      <div className="pe-preview-head">
        <h4>First {preview.rows.length} rows: the event each becomes, and under each value the file’s cells it was read from</h4>
        <span className="spacer" />
        <select aria-label="Rows shown" value={filter} onChange={(e) => setFilter(e.target.value as Filter)}>
          {FILTERS.map((f) => (
            <option key={f.value} value={f.value}>
              {f.label} ({f.value === 'all' ? preview.rows.length : preview.rows.filter((r) => r.outcome === f.value).length})
            </option>
          ))}
        </select>
        <label className="small">
          <input type="checkbox" checked={allColumns} onChange={(e) => setAllColumns(e.target.checked)} /> the file’s columns too
        </label>
      </div>
      <div className="pe-table-wrap">
        <table className="grid pe-table" aria-label="Profile preview">
          <thead>
            <tr>
              <th scope="col" className="num">
                Row
              </th>
              {fields.map((f) => (
                <th key={`f${f}`} scope="col" className="pe-out">
                  {f}
                  <div className="pe-from">{preview.sources[f]?.length ? `← ${preview.sources[f].join(' + ')}` : '(given by the profile)'}</div>
                </th>
              ))}
              {allColumns &&
                preview.headers.map((h, i) => (
                  <th key={`s${i}`} scope="col" className={i === 0 ? 'pe-src first' : 'pe-src'}>
                    {h}
                  </th>
                ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => (
              <tr key={r.row} className={`pe-${r.outcome}`} data-row={r.row}>
                <td className="num muted">{r.row}</td>
                {r.outcome === 'record' ? (
                  fields.map((f) => (
                    <td key={`f${f}`} className="pe-out">
                      {r.record?.[f] ?? ''}
                      {r.markers?.[f] && <span className="muted small"> ({r.markers[f]})</span>}
                      <div className="pe-from">{from(f).map((i) => r.cells[i] ?? '').join(' · ')}</div>
                    </td>
                  ))
                ) : (
                  <td colSpan={Math.max(1, fields.length)} className="pe-out pe-reason">
                    {r.outcome === 'outOfScope' ? 'Out of scope: ' : 'Quarantined: '}
                    {r.reason}
                    {r.outcome === 'quarantine' && r.column && (
                      <span className="muted">
                        {' '}
                        (column “{r.column}”{r.field ? ` → ${r.field}` : ''})
                      </span>
                    )}
                    <div className="pe-from">{cellsText(r)}</div>
                  </td>
                )}
                {allColumns &&
                  preview.headers.map((_, i) => (
                    <td key={`s${i}`} className={i === 0 ? 'pe-src first' : 'pe-src'}>
                      {r.cells[i] ?? ''}
                    </td>
                  ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
