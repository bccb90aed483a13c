// The close analytics of report.json (docs/analytics.md): what each analysis could or could not do, the aging of
// the reconstructed liability, the breakage estimate with its redemption curves and journal entry, the escheat
// exposure by state, and the disclosure roll-forward. Every figure is report.json's; nothing is computed here
// but sums of its rows for the totals and the curves' shares for the chart. The prior quarters, the card register
// and the settings they are made from are changed here too (analytics/AnalyticsInputs.tsx).
import { useMemo } from 'react';
import { CartesianGrid, Legend, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { ReportAnalytics } from '../../../shared/analytics/case-analytics';
import type { Instrument } from '../../../shared/types';
import { Money } from '../components/Money';
import { HistoryPanel, SettingsPanel } from './analytics/AnalyticsInputs';
import { useReportStore } from '../state/report';
import { CHART, SYSTEM_COLORS } from '../theme/systems';

const INSTRUMENTS: Instrument[] = ['gift_card', 'store_credit'];
const NAME: Record<Instrument, string> = { gift_card: 'Gift cards', store_credit: 'Store credit' };
const count = new Intl.NumberFormat('en-US');

/** An instrument's breakage estimate: none when the method cannot be applied (by_instrument is then empty, `unavailable` says why). */
const estimateOf = (a: ReportAnalytics, i: Instrument) => a.breakage.by_instrument[i];

export function AnalyticsScreen() {
  const report = useReportStore((s) => s.report);
  const a = (report?.analytics as ReportAnalytics | undefined) ?? null;
  const curves = useMemo(() => (a ? redemptionCurves(a) : []), [a]);
  if (!report) return null;
  if (!a) {
    return (
      <section className="screen" aria-labelledby="analytics-title">
        <h2 id="analytics-title">Close analytics</h2>
        <p>This report has no close analytics (it was made before they existed): reconcile again.</p>
      </section>
    );
  }
  return (
    <section className="screen analytics-screen" aria-labelledby="analytics-title">
      <h2 id="analytics-title">
        Close analytics{' '}
        <span className="muted small">
          as of {a.period.end} · history{' '}
          {a.history.covers ? `${a.history.covers.start} – ${a.history.covers.end}` : 'none'}
        </span>
      </h2>
      <p className="muted small" role="note">
        {a.notice}
      </p>
      <Availability a={a} />
      <div className="overview-grid analytics-inputs">
        <HistoryPanel a={a} />
        <SettingsPanel a={a} />
      </div>
      <div className="overview-grid">
        <Aging a={a} />
        <Escheat a={a} />
        <Breakage a={a} curves={curves} />
        <Disclosure a={a} />
      </div>
    </section>
  );
}

function Availability({ a }: { a: ReportAnalytics }) {
  const limits = a.availability.filter((x) => !x.possible || x.reason);
  if (!limits.length) return <p className="ok-text">Every analysis was possible from the history given.</p>;
  return (
    <div className="banner warn" role="status" aria-label="What the history does not allow">
      <ul>
        {limits.map((x) => (
          <li key={x.analysis} data-testid={`availability-${x.analysis}`}>
            <strong>{x.analysis.replace(/_/g, ' ')}</strong>: {x.possible ? '' : 'not possible — '}
            {x.reason}
          </li>
        ))}
      </ul>
    </div>
  );
}

function Aging({ a }: { a: ReportAnalytics }) {
  const buckets = [...new Set([...a.aging.buckets, 'unknown'])];
  const cell = (i: Instrument, b: string) =>
    a.aging.rows.filter((r) => r.instrument === i && r.bucket === b).reduce((s, r) => s + r.balance_cents, 0);
  const used = buckets.filter((b) =>
    INSTRUMENTS.some((i) => a.aging.rows.some((r) => r.instrument === i && r.bucket === b)),
  );
  return (
    <div className="panel">
      <h3>
        Aging <span className="muted small">months since the owner’s last activity</span>
      </h3>
      <table className="grid" aria-label="Aging of the liability">
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            {used.map((b) => (
              <th key={b} scope="col" className="num">
                {b}
              </th>
            ))}
            <th scope="col" className="num">
              Total
            </th>
            <th scope="col" className="num">
              Dormant within {a.settings.escheat.horizonDays} days
            </th>
          </tr>
        </thead>
        <tbody>
          {INSTRUMENTS.map((i) => (
            <tr key={i}>
              <th scope="row">{NAME[i]}</th>
              {used.map((b) => (
                <td key={b} className="num">
                  <Money cents={cell(i, b)} />
                </td>
              ))}
              <td className="num" data-testid={`aging-total-${i}`}>
                <Money cents={a.aging.totals[i].balance_cents} />
              </td>
              <td className="num" data-testid={`aging-dormancy-${i}`}>
                <Money cents={a.aging.totals[i].reaching_dormancy_cents} />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Escheat({ a }: { a: ReportAnalytics }) {
  const states = useMemo(() => {
    const by = new Map<string, { presumed: number; horizon: number; cards: number }>();
    for (const r of a.escheat.rows) {
      const s = by.get(r.state) ?? { presumed: 0, horizon: 0, cards: 0 };
      s.presumed += r.presumed_abandoned_cents;
      s.horizon += r.within_horizon_cents;
      s.cards += r.presumed_abandoned_cards + r.within_horizon_cards;
      by.set(r.state, s);
    }
    return [...by].sort(([x], [y]) => (x < y ? -1 : 1));
  }, [a]);
  const other = a.escheat.other.reduce((s, o) => s + o.balance_cents, 0);
  return (
    <div className="panel">
      <h3>
        Escheat exposure{' '}
        <span className="muted small">
          holder’s state {a.settings.escheat.holderState}; rule table with its sources in the workpapers
        </span>
      </h3>
      <table className="grid" aria-label="Escheat exposure by state">
        <thead>
          <tr>
            <th scope="col">State</th>
            <th scope="col" className="num">
              Cards
            </th>
            <th scope="col" className="num">
              Presumed abandoned
            </th>
            <th scope="col" className="num">
              Within {a.settings.escheat.horizonDays} days
            </th>
          </tr>
        </thead>
        <tbody>
          {states.length === 0 && (
            <tr>
              <td colSpan={4} className="muted">
                No balance is presumed abandoned, or will be within {a.settings.escheat.horizonDays} days.
              </td>
            </tr>
          )}
          {states.map(([state, s]) => (
            <tr key={state}>
              <th scope="row">{state}</th>
              <td className="num">{count.format(s.cards)}</td>
              <td className="num">
                <Money cents={s.presumed} />
              </td>
              <td className="num">
                <Money cents={s.horizon} />
              </td>
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">Total</th>
            <td className="num">
              {count.format(
                a.escheat.totals.presumed_abandoned_cards + a.escheat.totals.within_horizon_cards,
              )}
            </td>
            <td className="num" data-testid="escheat-presumed">
              <Money cents={a.escheat.totals.presumed_abandoned_cents} />
            </td>
            <td className="num" data-testid="escheat-horizon">
              <Money cents={a.escheat.totals.within_horizon_cents} />
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        Exempt, without a rule, undetermined or not yet dormant: <Money cents={other} /> on{' '}
        {count.format(a.escheat.other.reduce((s, o) => s + o.cards, 0))} cards.
      </p>
    </div>
  );
}

interface CurvePoint {
  age: number;
  gift_card?: number;
  store_credit?: number;
}

/** Per instrument and age, Σ R_v(age) / Σ L_v over the vintages observed at that age, in percent (display only). */
function redemptionCurves(a: ReportAnalytics): CurvePoint[] {
  const points = new Map<number, CurvePoint>();
  for (const i of INSTRUMENTS) {
    const t = estimateOf(a, i)?.triangle;
    if (!t) continue;
    const ages = Math.max(0, ...t.vintages.map((v) => v.cumulative_redeemed_cents.length));
    for (let age = 0; age < ages; age++) {
      let r = 0;
      let l = 0;
      for (const v of t.vintages) {
        if (v.cumulative_redeemed_cents.length <= age) continue;
        r += v.cumulative_redeemed_cents[age];
        l += v.loaded_cents;
      }
      if (l > 0) {
        const p = points.get(age) ?? { age };
        p[i] = Math.round((10000 * r) / l) / 100;
        points.set(age, p);
      }
    }
  }
  return [...points.values()].sort((x, y) => x.age - y.age);
}

function Breakage({ a, curves }: { a: ReportAnalytics; curves: CurvePoint[] }) {
  const b = a.breakage;
  return (
    <div className="panel chart-panel wide">
      <h3>
        Breakage{' '}
        <span className="muted small">
          {b.method === 'proportional'
            ? 'proportional to redemptions (ASC 606-10-55-48)'
            : `remote after ${a.settings.breakage.remoteMonths} months`}
          ; prudence margin {a.settings.breakage.prudenceMargin}
        </span>
      </h3>
      {b.unavailable && (
        <p className="muted" data-testid="breakage-unavailable">
          Not estimated: {b.unavailable}
        </p>
      )}
      <table className="grid" aria-label="Breakage by instrument">
        <thead>
          <tr>
            <th scope="col">Instrument</th>
            <th scope="col" className="num">
              Raw breakage
            </th>
            <th scope="col" className="num">
              Constrained
            </th>
            <th scope="col" className="num">
              Recognised to date
            </th>
            <th scope="col" className="num">
              This quarter
            </th>
          </tr>
        </thead>
        <tbody>
          {INSTRUMENTS.map((i) => {
            const x = estimateOf(a, i);
            if (!x) return null;
            return (
              <tr key={i}>
                <th scope="row">{NAME[i]}</th>
                <td className="num">{x.ultimate_breakage_rate ?? '—'}</td>
                <td className="num">{x.constrained_breakage_rate ?? '—'}</td>
                <td className="num">
                  <Money cents={x.recognised_now_cents} />
                </td>
                <td className="num" data-testid={`breakage-${i}`}>
                  <Money cents={x.this_period_cents} signed />
                </td>
              </tr>
            );
          })}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">This quarter’s breakage</th>
            <td colSpan={3} />
            <td className="num" data-testid="breakage-total">
              <Money cents={b.this_period_cents} signed />
            </td>
          </tr>
        </tfoot>
      </table>
      <p className="muted small">
        Rates per instrument weighted by value loaded. A vintage’s raw rate is 1 − u − e (ultimate redemption
        u, escheat share e); its constrained rate is the raw rate less the margin and never below zero, so a
        vintage redeeming past its development counts as zero: the constrained rate can then exceed the raw
        one. Each vintage’s figures are on the workpapers’ Breakage sheet.
      </p>
      {b.journal.length > 0 && (
        <table className="grid" aria-label="Breakage journal entry">
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Description</th>
              <th scope="col" className="num">
                Debit
              </th>
              <th scope="col" className="num">
                Credit
              </th>
            </tr>
          </thead>
          <tbody>
            {b.journal.map((l, k) => (
              <tr key={k}>
                <td>{l.account}</td>
                <td>{l.description}</td>
                <td className="num">
                  <Money cents={l.debit_cents} />
                </td>
                <td className="num">
                  <Money cents={l.credit_cents} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {curves.length > 0 ? (
        <div
          className="chart"
          role="img"
          aria-label="Redemption curves: cumulative share of value loaded redeemed, by age in months"
        >
          <ResponsiveContainer width="100%" height="100%">
            <LineChart data={curves} margin={{ top: 8, right: 12, bottom: 4, left: 12 }}>
              <CartesianGrid stroke={CHART.grid} />
              <XAxis
                dataKey="age"
                tick={{ fontSize: 11, fill: CHART.axis }}
                height={38}
                label={{ value: 'months since load', position: 'insideBottom', offset: 0, fontSize: 11 }}
              />
              <YAxis domain={[0, 100]} unit="%" tick={{ fontSize: 11, fill: CHART.axis }} width={48} />
              <Tooltip formatter={(v) => `${String(v)}%`} />
              <Legend />
              <Line
                type="monotone"
                dataKey="gift_card"
                name="Gift cards"
                stroke={SYSTEM_COLORS.platform}
                dot={false}
                isAnimationActive={false}
              />
              <Line
                type="monotone"
                dataKey="store_credit"
                name="Store credit"
                stroke={SYSTEM_COLORS.storefront}
                dot={false}
                isAnimationActive={false}
              />
            </LineChart>
          </ResponsiveContainer>
        </div>
      ) : (
        <p className="muted small">
          No redemption curve: the development triangle needs {a.settings.breakage.minVintageMonths} months of
          whole vintages.
        </p>
      )}
    </div>
  );
}

function Disclosure({ a }: { a: ReportAnalytics }) {
  const d = a.disclosure;
  const amounts = (x: Record<Instrument | 'total', number>, id?: string) => (
    <>
      <td className="num">
        <Money cents={x.gift_card} />
      </td>
      <td className="num">
        <Money cents={x.store_credit} />
      </td>
      <td className="num" data-testid={id}>
        <Money cents={x.total} />
      </td>
    </>
  );
  return (
    <div className="panel wide">
      <h3>
        Disclosure roll-forward{' '}
        <span className="muted small">
          {d.ties
            ? d.ties.ok
              ? 'ties to the reconstructed roll-forward'
              : 'does not tie to the reconstructed roll-forward'
            : ''}
        </span>
      </h3>
      <table className="grid" aria-label="Disclosure roll-forward">
        <thead>
          <tr>
            <th scope="col">Line</th>
            <th scope="col" className="num">
              Gift cards
            </th>
            <th scope="col" className="num">
              Store credit
            </th>
            <th scope="col" className="num">
              Total
            </th>
          </tr>
        </thead>
        <tbody>
          {d.lines.map((l) => (
            <tr key={l.key} className={l.section === 'opening' || l.section === 'closing' ? 'total-row' : ''}>
              <th scope="row">{l.label}</th>
              {amounts(l.amounts, `disclosure-${l.key}`)}
            </tr>
          ))}
          <tr>
            <th scope="row">Revenue from the opening balance (ASC 606-10-50-8)</th>
            {amounts(d.revenue_from_opening.total, 'disclosure-50-8')}
          </tr>
          <tr>
            <th scope="row">
              Current portion{d.current_portion.estimated ? '' : ' (no curve: all current)'}
            </th>
            {amounts(d.current_portion.current, 'disclosure-current')}
          </tr>
        </tbody>
      </table>
    </div>
  );
}
