import { useMemo } from 'react';
import {
  Bar,
  BarChart,
  CartesianGrid,
  Cell,
  LabelList,
  Legend,
  Line,
  LineChart,
  ReferenceLine,
  ResponsiveContainer,
  Tooltip,
  XAxis,
  YAxis,
} from 'recharts';
import { formatCents } from '../../../shared/money';
import { CATEGORIES, type Category, type DriftPoint } from '../../../shared/types';
import { categoryLabel } from '../components/categories';
import { compactCents, Money } from '../components/Money';
import { useCaseStore } from '../state/case';
import { useNavStore } from '../state/nav';
import { byCategory, driftAlerts, groupAlerts, headline, useReportStore, waterfall, type WaterfallStep } from '../state/report';
import { showCategory } from '../state/review';
import { CHART, SYSTEM_COLORS } from '../theme/systems';

const count = new Intl.NumberFormat('en-US');

export function OverviewScreen() {
  const report = useReportStore((s) => s.report);
  const drift = useReportStore((s) => s.drift);
  const threshold = useCaseStore((s) => s.settings.driftAlertCents);
  const stale = useCaseStore((s) => s.stale);
  const go = useNavStore((s) => s.go);
  const drill = (category: string) => showCategory(category as Category);
  const steps = useMemo(() => (report ? waterfall(report) : []), [report]);
  const cats = useMemo(() => (report ? byCategory(report, CATEGORIES) : []), [report]);
  if (!report) return null;
  const h = headline(report);
  // A run whose rows mostly lie outside its period must not read as a calm result.
  const warnings = (report.notes ?? []).filter((n) => n.startsWith('WARNING: '));
  const totalExceptions = report.exceptions.length;
  const totalAmount = cats.reduce((a, c) => a + c.amount, 0);
  const totalBridge = cats.reduce((a, c) => a + c.bridge, 0);

  return (
    <section className="screen overview" aria-labelledby="overview-title">
      <h2 id="overview-title">
        Overview <span className="muted small">{report.period.start} – {report.period.end} · {report.period.timezone}</span>
      </h2>
      {stale && (
        <div className="banner warn" role="status">
          Settings or files changed since these numbers were produced. <button type="button" className="link" onClick={() => go('import')}>Reconcile again</button>
        </div>
      )}
      {warnings.map((w) => (
        <div key={w} className="error-box loud" role="alert" data-testid="report-warning">
          <strong>Warning:</strong> {w.replace(/^WARNING: /, '')} The figures below say little about the period until it is right.{' '}
          <button type="button" className="link" onClick={() => go('import')}>
            See the period on Import
          </button>
        </div>
      ))}
      <div className="headline" role="group" aria-label="Closing liability">
        <Figure testid="erp-says" label="The ERP says" cents={h.erp} tone="erp" />
        <Figure testid="platform-says" label="The platform says" cents={h.platform} tone="platform" />
        <Figure testid="reconstructed" label="Reconstructed" cents={h.reconstructed} tone="reconstructed" />
        <div className="figure diffs">
          <div className="diff-row">
            <span>Reconstructed − ERP</span>
            <span data-testid="diff-erp">
              <Money cents={h.erpDiff} signed />
            </span>
          </div>
          <div className="diff-row">
            <span>Reconstructed − platform</span>
            <span data-testid="diff-platform">
              <Money cents={h.platformDiff} signed />
            </span>
          </div>
          <div className="diff-row muted">
            <span>Gift cards / store credit</span>
            <span>
              <Money cents={report.liability.by_instrument.gift_card} /> / <Money cents={report.liability.by_instrument.store_credit} />
            </span>
          </div>
        </div>
      </div>

      <div className="overview-grid">
        <div className="panel chart-panel">
          <h3>Bridge: ERP to reconstructed</h3>
          <Waterfall steps={steps} onDrill={drill} />
        </div>
        <div className="panel">
          <h3>Exceptions by category</h3>
          <table className="grid categories" aria-label="Exceptions by category">
            <thead>
              <tr>
                <th scope="col">Category</th>
                <th scope="col" className="num">
                  Count
                </th>
                <th scope="col" className="num">
                  Amount
                </th>
                <th scope="col" className="num">
                  Bridge effect
                </th>
              </tr>
            </thead>
            <tbody>
              {cats.map((c) => (
                <tr key={c.category} className={c.count === 0 ? 'zero' : ''} data-category={c.category}>
                  <th scope="row">
                    {c.count ? (
                      <button type="button" className="link" onClick={() => drill(c.category)} title="Show these exceptions in the queue">
                        {categoryLabel(c.category)}
                      </button>
                    ) : (
                      categoryLabel(c.category)
                    )}
                  </th>
                  <td className="num">{count.format(c.count)}</td>
                  <td className="num">
                    <Money cents={c.amount} />
                  </td>
                  <td className="num">
                    <Money cents={c.bridge} />
                  </td>
                </tr>
              ))}
            </tbody>
            <tfoot>
              <tr>
                <th scope="row">Total</th>
                <td className="num" data-testid="exceptions-total">
                  {count.format(totalExceptions)}
                </td>
                <td className="num">
                  <Money cents={totalAmount} />
                </td>
                <td className="num">
                  <Money cents={totalBridge} />
                </td>
              </tr>
            </tfoot>
          </table>
        </div>
        <div className="panel chart-panel wide">
          <h3>
            Drift by week{' '}
            <span className="muted small">cumulative divergence of the reconstructed liability; alert beyond ±{formatCents(threshold)}</span>
          </h3>
          <DriftChart drift={drift} threshold={threshold} />
          <DriftAlerts drift={drift} threshold={threshold} />
        </div>
      </div>
    </section>
  );
}

/** One line per series that passes the threshold (its weeks grouped), the weeks themselves on request. */
function DriftAlerts({ drift, threshold }: { drift: DriftPoint[]; threshold: number }) {
  const groups = useMemo(() => groupAlerts(driftAlerts(drift, threshold)), [drift, threshold]);
  return (
    <div className="alerts" aria-label="Drift alerts">
      {groups.length === 0 ? (
        <p className="ok-text">No week passes the drift threshold.</p>
      ) : (
        <ul>
          {groups.map((g) => (
            <li key={g.against} className="alert-item" role="note">
              Reconstructed vs {g.against}: the cumulative drift passes the {formatCents(threshold)} limit in {g.weeks.length} week
              {g.weeks.length === 1 ? '' : 's'} ({g.weeks.length === 1 ? `week ending ${g.first}` : `weeks ending ${g.first} to ${g.last}`}); largest{' '}
              <Money cents={g.worst.drift} signed /> in the week ending {g.worst.week_end}.
              {g.weeks.length > 1 && (
                <details className="alert-weeks">
                  <summary>The {g.weeks.length} weeks</summary>
                  <table className="grid" aria-label={`Weeks past the limit against ${g.against}`}>
                    <tbody>
                      {g.weeks.map((a) => (
                        <tr key={a.week_end}>
                          <td>Week ending {a.week_end}</td>
                          <td className="num">
                            <Money cents={a.drift} signed />
                          </td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                </details>
              )}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

function Figure({ label, cents, tone, testid }: { label: string; cents: number; tone: string; testid: string }) {
  return (
    <div className={`figure figure-${tone}`}>
      <div className="figure-label">{label}</div>
      <div className="figure-value" data-testid={testid} data-cents={cents}>
        <Money cents={cents} />
      </div>
    </div>
  );
}

function stepColor(s: WaterfallStep): string {
  if (s.kind === 'total') return s.category === 'ERP' ? SYSTEM_COLORS.erp : SYSTEM_COLORS.reconstructed;
  return s.kind === 'up' ? CHART.up : CHART.down;
}

function Waterfall({ steps, onDrill }: { steps: WaterfallStep[]; onDrill: (category: string) => void }) {
  const data = steps.map((s) => ({ ...s, name: s.kind === 'total' ? s.label : categoryLabel(s.category), range: [s.low, s.high] }));
  // The axis starts at zero (or below it, for a negative balance): bars drawn from a higher floor would make the
  // bridge items look larger than they are against the balances. Each item carries its amount as a label.
  const floor = Math.min(0, ...steps.map((s) => s.low));
  return (
    <div className="chart" role="img" aria-label={`Waterfall: ${steps.map((s) => `${s.label} ${formatCents(s.delta)}`).join('; ')}`}>
      <ResponsiveContainer width="100%" height="100%">
        <BarChart data={data} margin={{ top: 18, right: 12, bottom: 4, left: 12 }}>
          <CartesianGrid stroke={CHART.grid} vertical={false} />
          <XAxis dataKey="name" interval={0} angle={-30} textAnchor="end" height={96} tick={{ fontSize: 11, fill: CHART.axis }} />
          <YAxis domain={[floor, 'auto']} tickFormatter={compactCents} tick={{ fontSize: 11, fill: CHART.axis }} width={64} />
          <Tooltip
            formatter={(_v, _n, item) => {
              const s = (item as { payload: WaterfallStep }).payload;
              return [`${formatCents(s.delta)}${s.count ? ` (${s.count} items)` : ''}`, s.kind === 'total' ? 'Balance' : 'Effect'];
            }}
          />
          <Bar
            dataKey="range"
            isAnimationActive={false}
            name="Bridge"
            cursor="pointer"
            onClick={(d: unknown) => {
              const s = (d as { payload?: WaterfallStep }).payload;
              if (s && s.kind !== 'total') onDrill(s.category);
            }}
          >
            {data.map((d) => (
              <Cell key={d.label} fill={stepColor(d)} />
            ))}
            <LabelList dataKey="delta" position="top" formatter={(v: unknown) => compactDelta(Number(v))} style={{ fontSize: 10, fill: CHART.axis }} />
          </Bar>
        </BarChart>
      </ResponsiveContainer>
    </div>
  );
}

/** A bar's label: totals in whole units, bridge items signed. */
function compactDelta(cents: number): string {
  return formatCents(cents).replace(/\.\d\d(\)?)$/, '$1');
}

function DriftChart({ drift, threshold }: { drift: { week_end: string; erp_drift_cents: number; platform_drift_cents: number }[]; threshold: number }) {
  if (!drift.length) return <p className="muted">No weekly drift available for this case.</p>;
  return (
    <div className="chart drift" role="img" aria-label="Cumulative drift by week, reconstructed against ERP and against platform">
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={drift} margin={{ top: 8, right: 16, bottom: 4, left: 12 }}>
          <CartesianGrid stroke={CHART.grid} />
          <XAxis dataKey="week_end" tick={{ fontSize: 11, fill: CHART.axis }} />
          <YAxis tickFormatter={compactCents} tick={{ fontSize: 11, fill: CHART.axis }} width={64} />
          <Tooltip formatter={(v) => formatCents(Number(v))} labelFormatter={(l) => `Week ending ${String(l)}`} />
          <Legend wrapperStyle={{ fontSize: 12 }} />
          <ReferenceLine y={0} stroke={CHART.axis} />
          <ReferenceLine y={threshold} stroke={CHART.alert} strokeDasharray="4 3" ifOverflow="extendDomain" />
          <ReferenceLine y={-threshold} stroke={CHART.alert} strokeDasharray="4 3" ifOverflow="extendDomain" />
          <Line type="linear" dataKey="erp_drift_cents" name="vs ERP" stroke={SYSTEM_COLORS.erp} strokeWidth={2} dot={{ r: 2 }} isAnimationActive={false} />
          <Line
            type="linear"
            dataKey="platform_drift_cents"
            name="vs platform"
            stroke={SYSTEM_COLORS.platform}
            strokeWidth={2}
            dot={{ r: 2 }}
            isAnimationActive={false}
          />
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
