// What the close analytics are made from besides the quarter: the prior quarters' platform exports and the card
// register (added through the host's file chooser, kept in the case file), and the settings an auditor owns
// (holder's state, breakage method, prudence margin…), each change checked by the engine and audit-logged.
import { useEffect, useMemo, useState } from 'react';
import type { AnalyticsSettingsInput } from '../../../../shared/analytics/close';
import type { ReportAnalytics } from '../../../../shared/analytics/case-analytics';
import { Field } from '../../components/Field';
import {
  addPriorQuarters, chooseCardRegister, removeCardRegister, removePriorQuarter, saveSettings, useAnalyticsInputs,
} from '../../state/analytics';
import { useReadOnly } from '../../state/integrity';

const count = new Intl.NumberFormat('en-US');

export function HistoryPanel({ a }: { a: ReportAnalytics }) {
  const busy = useAnalyticsInputs((s) => s.busy);
  // A read-only case refuses every change: its buttons say so rather than fail when pressed.
  const readOnly = useReadOnly();
  const off = busy || readOnly !== null;
  const why = readOnly ?? undefined;
  const refusal = useAnalyticsInputs((s) => (s.refusal && s.refusal.what !== 'settings' ? s.refusal.message : null));
  const files = a.history.prior_files;
  const reg = a.history.register;
  return (
    <section className="panel wide" aria-label="Prior quarters and card register">
      <h3>
        History <span className="muted small">prior quarters’ platform exports, one per quarter, for these analytics only; kept in the case file</span>
      </h3>
      <table className="grid" aria-label="Prior quarters">
        <thead>
          <tr>
            <th scope="col">File</th>
            <th scope="col">Period</th>
            <th scope="col" className="num">
              Rows
            </th>
            <th scope="col" className="num">
              Quarantined
            </th>
            <th scope="col">SHA-256</th>
            <th scope="col" aria-label="Remove" />
          </tr>
        </thead>
        <tbody>
          {files.length === 0 && (
            <tr>
              <td colSpan={6} className="muted">
                No prior quarters: aging and escheat cannot date cards older than this quarter, and breakage needs {a.settings.breakage.minVintageMonths} months of whole vintages.
              </td>
            </tr>
          )}
          {files.map((f) => (
            <tr key={f.file} data-testid="prior-quarter">
              <td className="nowrap">{f.file}</td>
              <td className="nowrap">
                {f.period.start} – {f.period.end}
                {f.period_from === 'first_row' && <span className="muted small"> (from its first row)</span>}
              </td>
              <td className="num">{count.format(f.rows)}</td>
              <td className="num">{count.format(f.quarantined)}</td>
              <td className="mono small" title={f.sha256}>
                {f.sha256.slice(0, 12)}…
              </td>
              <td>
                <button type="button" className="link" disabled={off} title={why} aria-label={`Remove ${f.file}`} onClick={() => void removePriorQuarter(f.file)}>
                  Remove
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <div className="row-actions">
        <button type="button" className="btn primary" disabled={off} title={why} onClick={() => void addPriorQuarters()}>
          Add prior quarters…
        </button>
        <button type="button" className="btn" disabled={off} title={why} onClick={() => void chooseCardRegister()}>
          Card register…
        </button>
        <span className="small" data-testid="card-register">
          {reg ? (
            <>
              Card register <strong>{reg.file}</strong>: {count.format(reg.owners)} owner state{reg.owners === 1 ? '' : 's'}
              {reg.unknown ? `, ${count.format(reg.unknown)} without` : ''}{' '}
              <button type="button" className="link" disabled={off} title={why} onClick={() => void removeCardRegister()}>
                Remove
              </button>
            </>
          ) : (
            <span className="muted">No card register: every card is claimed by the holder’s state ({a.settings.escheat.holderState}).</span>
          )}
        </span>
        {busy && <span className="muted small">Reading and making the analytics again…</span>}
        {readOnly && <span className="muted small">{readOnly}</span>}
      </div>
      {refusal && (
        <div className="error-box" role="alert" data-testid="analytics-refusal">
          {refusal}
        </div>
      )}
    </section>
  );
}

interface Form {
  holderState: string;
  method: string;
  remoteMonths: string;
  prudenceMargin: string;
  tailFactor: string;
}

const formOf = (a: ReportAnalytics): Form => ({
  holderState: a.settings.escheat.holderState,
  method: a.settings.breakage.method,
  remoteMonths: String(a.settings.breakage.remoteMonths),
  prudenceMargin: a.settings.breakage.prudenceMargin,
  tailFactor: a.settings.breakage.tailFactor,
});

/** A number typed as a number; anything else as typed, for the engine to name what is wrong with it. */
const numberOrText = (text: string): number | string => (text.trim() !== '' && Number.isFinite(Number(text)) ? Number(text) : text);

/** Every setting in force with the form's values: what the case is given (they replace the settings given before). */
function settingsOf(a: ReportAnalytics, f: Form): AnalyticsSettingsInput {
  return {
    breakage: {
      ...a.settings.breakage, method: f.method as 'proportional', remoteMonths: numberOrText(f.remoteMonths) as number,
      prudenceMargin: f.prudenceMargin.trim(), tailFactor: f.tailFactor.trim(),
    },
    escheat: { ...a.settings.escheat, holderState: f.holderState.trim().toUpperCase() },
  };
}

export function SettingsPanel({ a }: { a: ReportAnalytics }) {
  const busy = useAnalyticsInputs((s) => s.busy);
  const readOnly = useReadOnly();
  const problems = useAnalyticsInputs((s) => s.settingProblems);
  const refusal = useAnalyticsInputs((s) => (s.refusal?.what === 'settings' ? s.refusal.message : null));
  const inForce = useMemo(() => formOf(a), [a]);
  const [form, setForm] = useState(inForce);
  useEffect(() => setForm(inForce), [inForce]);
  const edit = (patch: Partial<Form>) => {
    setForm((f) => ({ ...f, ...patch }));
    useAnalyticsInputs.getState().set({ settingProblems: [] });
  };
  const problem = (field: string) => problems.find((p) => p.field === field)?.message;
  const unchanged = JSON.stringify(form) === JSON.stringify(inForce);
  const other = problems.filter((p) => !['escheat.holderState', 'breakage.method', 'breakage.remoteMonths', 'breakage.prudenceMargin', 'breakage.tailFactor'].includes(p.field));
  return (
    <section className="panel wide" aria-label="Analytics settings">
      <h3>
        Settings <span className="muted small">judgements the preparer owns; each change is an audit entry</span>
      </h3>
      <form
        aria-label="Analytics settings"
        onSubmit={(e) => {
          e.preventDefault();
          void saveSettings(settingsOf(a, form));
        }}
      >
        <div className="field-pair settings-row">
          <Field label="Holder’s state" help="State of incorporation: claims cards whose owner’s state is unknown" error={problem('escheat.holderState')}>
            {(p) => <input {...p} value={form.holderState} size={4} maxLength={2} onChange={(e) => edit({ holderState: e.target.value })} />}
          </Field>
          <Field label="Breakage method" help="In proportion to redemptions (ASC 606-10-55-48), or once redemption is remote" error={problem('breakage.method')}>
            {(p) => (
              <select {...p} value={form.method} onChange={(e) => edit({ method: e.target.value })}>
                <option value="proportional">Proportional</option>
                <option value="remote">Remote</option>
              </select>
            )}
          </Field>
          <Field label="Months until remote" help="Without owner activity (remote method)" error={problem('breakage.remoteMonths')}>
            {(p) => <input {...p} className="num" value={form.remoteMonths} size={6} disabled={form.method !== 'remote'} onChange={(e) => edit({ remoteMonths: e.target.value })} />}
          </Field>
          <Field label="Prudence margin" help="Taken off each vintage’s breakage rate: 0.02 is two points" error={problem('breakage.prudenceMargin')}>
            {(p) => <input {...p} className="num" value={form.prudenceMargin} size={8} onChange={(e) => edit({ prudenceMargin: e.target.value })} />}
          </Field>
          <Field label="Tail factor" help="Development beyond the oldest age seen: 1 for none" error={problem('breakage.tailFactor')}>
            {(p) => <input {...p} className="num" value={form.tailFactor} size={8} onChange={(e) => edit({ tailFactor: e.target.value })} />}
          </Field>
        </div>
        {other.map((p) => (
          <div key={p.field} className="error-box" role="alert">
            {p.field}: {p.message}
          </div>
        ))}
        {refusal && (
          <div className="error-box" role="alert">
            {refusal}
          </div>
        )}
        <div className="row-actions">
          <button type="submit" className="btn" disabled={busy || unchanged || readOnly !== null} title={readOnly ?? undefined}>
            Apply settings
          </button>
          {!unchanged && (
            <button type="button" className="link" disabled={busy} onClick={() => setForm(inForce)}>
              Undo edits
            </button>
          )}
        </div>
      </form>
    </section>
  );
}
