import { useEffect, useMemo, useState } from 'react';
import { formatCents, parseAmount } from '../../../shared/money';
import { DEFAULT_REASON_CODES } from '../../../shared/types';
import { settingsProblems } from '../../../shared/settings';
import { Field } from '../components/Field';
import { demoAvailable } from '../demo';
import { host } from '../host';
import type { RecentCase } from '../host/types';
import { openCaseFile, openDemo } from '../state/actions';
import { useCaseStore } from '../state/case';
import { useNavStore } from '../state/nav';
import { useRunStore } from '../state/run';
import { timeZones } from '../state/settings';

/** An amount typed as text (e.g. 1,000.00), kept in the store as cents once it parses. */
function AmountInput({
  cents,
  onCents,
  label,
  help,
  storeError,
}: {
  cents: number;
  onCents: (c: number) => void;
  label: string;
  help?: string;
  storeError?: string;
}) {
  const [text, setText] = useState(formatCents(cents));
  const [error, setError] = useState<string | undefined>();
  const [seen, setSeen] = useState(cents);
  if (seen !== cents) {
    // The store changed from elsewhere (a new case, the demo): show its value.
    setSeen(cents);
    setText(formatCents(cents));
    setError(undefined);
  }
  return (
    <Field label={label} help={help} error={error ?? storeError}>
      {(p) => (
        <input
          {...p}
          className="num"
          inputMode="decimal"
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const r = parseAmount(e.target.value);
            if (!r.ok) setError(r.reason);
            else if (r.cents < 0) setError('Enter zero or more.');
            else {
              setError(undefined);
              setSeen(r.cents);
              onCents(r.cents);
            }
          }}
        />
      )}
    </Field>
  );
}

function AccountsInput({ accounts, onChange, storeError }: { accounts: string[]; onChange: (a: string[]) => void; storeError?: string }) {
  const joined = accounts.join(', ');
  const [text, setText] = useState(joined);
  const [seen, setSeen] = useState(joined);
  if (seen !== joined) {
    setSeen(joined);
    setText(joined);
  }
  return (
    <Field label="Liability accounts" help="ERP account-number prefixes, separated by commas" error={storeError}>
      {(p) => (
        <input
          {...p}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const list = e.target.value
              .split(/[\s,;]+/)
              .map((a) => a.trim())
              .filter(Boolean);
            setSeen(list.join(', '));
            onChange(list);
          }}
        />
      )}
    </Field>
  );
}

/** The reasons a decision may give, one per line (the case's own list; the defaults until edited). */
function ReasonCodesInput({ codes, onChange }: { codes: readonly string[]; onChange: (c: string[]) => void }) {
  const joined = codes.join('\n');
  const [text, setText] = useState(joined);
  const [seen, setSeen] = useState(joined);
  if (seen !== joined) {
    setSeen(joined);
    setText(joined);
  }
  return (
    <Field label="Reason codes" help="One per line: the reasons a decision can give, recorded with it in the audit log">
      {(p) => (
        <textarea
          {...p}
          rows={5}
          value={text}
          onChange={(e) => {
            setText(e.target.value);
            const list = [...new Set(e.target.value.split('\n').map((l) => l.trim()).filter(Boolean))];
            setSeen(list.join('\n'));
            onChange(list);
          }}
        />
      )}
    </Field>
  );
}

export function CaseScreen() {
  const settings = useCaseStore((s) => s.settings);
  const name = useCaseStore((s) => s.name);
  const setName = useCaseStore((s) => s.setName);
  const update = useCaseStore((s) => s.updateSettings);
  const choosePeriod = useCaseStore((s) => s.choosePeriod);
  const go = useNavStore((s) => s.go);
  const running = useRunStore((s) => s.status === 'running');
  const errors = useMemo(() => settingsProblems(settings), [settings]);
  const zones = useMemo(() => timeZones(), []);
  const [recent, setRecent] = useState<RecentCase[]>([]);
  const [tzText, setTzText] = useState(settings.timezone);
  const [tzSeen, setTzSeen] = useState(settings.timezone);
  if (tzSeen !== settings.timezone) {
    setTzSeen(settings.timezone);
    setTzText(settings.timezone);
  }

  useEffect(() => {
    let live = true;
    void host
      .recentCases()
      .then((r) => live && setRecent(r))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, []);

  const tzError = tzText !== settings.timezone ? `“${tzText}” is not a known time zone: pick one from the list.` : errors.timezone;

  return (
    <section className="screen case-screen" aria-labelledby="case-title">
      <h2 id="case-title">Case</h2>
      <div className="case-grid">
        <form className="panel settings-form" aria-label="Case settings" onSubmit={(e) => e.preventDefault()}>
          <h3>Settings</h3>
          <Field label="Case name">
            {(p) => <input {...p} value={name} onChange={(e) => setName(e.target.value)} />}
          </Field>
          <div className="field-pair">
            <Field label="Period start" error={errors.periodStart}>
              {(p) => <input {...p} type="date" value={settings.periodStart} onChange={(e) => choosePeriod({ periodStart: e.target.value })} />}
            </Field>
            <Field label="Period end" error={errors.periodEnd}>
              {(p) => <input {...p} type="date" value={settings.periodEnd} onChange={(e) => choosePeriod({ periodEnd: e.target.value })} />}
            </Field>
          </div>
          <Field label="Business time zone" help="Decides which day and which period an instant belongs to. Type to search." error={tzError}>
            {(p) => (
              <>
                <input
                  {...p}
                  list="tz-list"
                  autoComplete="off"
                  spellCheck={false}
                  value={tzText}
                  onChange={(e) => {
                    setTzText(e.target.value);
                    if (zones.includes(e.target.value)) {
                      setTzSeen(e.target.value);
                      choosePeriod({ timezone: e.target.value });
                    }
                  }}
                />
                <datalist id="tz-list">
                  {zones.map((z) => (
                    <option key={z} value={z} />
                  ))}
                </datalist>
              </>
            )}
          </Field>
          <Field label="Authoritative system" help="Whose ledger is taken as what a customer can spend">
            {(p) => (
              <select
                {...p}
                value={settings.authoritative}
                onChange={(e) => update({ authoritative: e.target.value as 'platform' | 'storefront' })}
              >
                <option value="platform">Gift card platform</option>
                <option value="storefront">Storefront</option>
              </select>
            )}
          </Field>
          <div className="field-pair">
            <Field label="Activation lag tolerance (minutes)" error={errors.lagToleranceMinutes}>
              {(p) => (
                <input
                  {...p}
                  className="num"
                  type="number"
                  min={0}
                  step={1}
                  value={Number.isFinite(settings.lagToleranceMinutes) ? settings.lagToleranceMinutes : ''}
                  onChange={(e) => update({ lagToleranceMinutes: e.target.value === '' ? NaN : Number(e.target.value) })}
                />
              )}
            </Field>
            <AmountInput
              label="Auto-settle tolerance"
              help="Differences up to this may be settled in bulk"
              cents={settings.autoSettleToleranceCents}
              onCents={(c) => update({ autoSettleToleranceCents: c })}
              storeError={errors.autoSettleToleranceCents}
            />
          </div>
          <div className="field-pair">
            <AccountsInput accounts={settings.liabilityAccounts} onChange={(a) => update({ liabilityAccounts: a })} storeError={errors.liabilityAccounts} />
            <AmountInput
              label="Drift alert threshold"
              help="Alert when cumulative weekly drift exceeds this"
              cents={settings.driftAlertCents}
              onCents={(c) => update({ driftAlertCents: c })}
              storeError={errors.driftAlertCents}
            />
          </div>
          <ReasonCodesInput codes={settings.reasonCodes ?? DEFAULT_REASON_CODES} onChange={(c) => update({ reasonCodes: c })} />
          <div className="row-actions">
            <button type="button" className="btn primary" onClick={() => go('import')} disabled={Object.keys(errors).length > 0}>
              Continue to Import
            </button>
          </div>
        </form>
        <div className="side-col">
          <div className="panel">
            <h3>Demo quarter</h3>
            <p className="muted">A generated quarter of all four systems with known anomalies, reconciled in one click.</p>
            <button type="button" className="btn primary" onClick={() => void openDemo()} disabled={running || !demoAvailable()}>
              Open the demo quarter
            </button>
            {!demoAvailable() && <p className="muted">The demo files are not part of this build.</p>}
          </div>
          <div className="panel">
            <h3>Recent cases</h3>
            {recent.length === 0 ? (
              <p className="muted">No recent cases.</p>
            ) : (
              <ul className="recent">
                {recent.map((r) => (
                  <li key={r.path}>
                    <button
                      type="button"
                      className="link"
                      onClick={() => void openCaseFile(r.reopenable ? r.path : undefined)}
                      aria-label={`Open recent case ${r.name}`}
                    >
                      {r.name}
                    </button>
                    <span className="muted small">{new Date(r.openedAt).toLocaleDateString()}</span>
                  </li>
                ))}
              </ul>
            )}
            <button type="button" className="btn" onClick={() => void openCaseFile()}>
              Open a case file…
            </button>
          </div>
        </div>
      </div>
    </section>
  );
}
