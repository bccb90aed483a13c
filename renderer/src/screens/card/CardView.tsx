// One card's roll-forward: where it stands (reconstructed, per the platform, the difference), the findings on
// it, and its records in the four systems' lanes in the business time zone. Opened from the Balances list or
// from an exception.
import { useEffect, useMemo, useState } from 'react';
import type { TimelineRow } from '../../../../shared/api';
import type { ExceptionItem } from '../../../../shared/types';
import { CardNumber, MaskedText } from '../../components/CardNumber';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { Timeline } from '../../components/Timeline';
import { engine } from '../../engine/client';
import { sameCard, useNavStore, type CardKey } from '../../state/nav';
import { useReportStore } from '../../state/report';
import { showException, statusOf } from '../../state/review';

export function CardView({ of }: { of: CardKey }) {
  const report = useReportStore((s) => s.report);
  const openCard = useNavStore((s) => s.openCard);
  const balance = useMemo(() => report?.cards.find((c) => sameCard(c, of)), [report, of]);
  const findings = useMemo(() => (report?.exceptions ?? []).filter((x) => sameCard(x, of)), [report, of]);
  if (!report) return null;
  const negative = (balance?.reconstructed_cents ?? 0) < 0;

  return (
    <section className="screen card-screen" aria-labelledby="card-title">
      <div className="screen-head">
        <button type="button" className="btn" onClick={() => openCard(null)}>
          ← Every card
        </button>
        <h2 id="card-title">
          Card <CardNumber of={of} long />
        </h2>
        {balance && <span className="muted">{balance.instrument === 'gift_card' ? 'Gift card' : 'Store credit'}</span>}
      </div>
      {negative && (
        <div className="error-box" role="alert" data-testid="card-negative">
          The reconstructed balance is negative: a card cannot hold less than nothing. A finding below (or one not yet
          decided) explains it; look at the order of the records in the lanes.
        </div>
      )}
      <div className="headline card-figures" role="group" aria-label="Card at period end">
        <div className="figure figure-reconstructed">
          <div className="figure-label">Reconstructed</div>
          <div className="figure-value" data-testid="card-reconstructed" data-cents={balance?.reconstructed_cents ?? 0}>
            <Money cents={balance?.reconstructed_cents ?? 0} />
          </div>
        </div>
        <div className="figure figure-platform">
          <div className="figure-label">The platform reports</div>
          <div className="figure-value">
            <Money cents={balance?.platform_reported_cents ?? 0} />
          </div>
        </div>
        <div className="figure">
          <div className="figure-label">Reconstructed − platform</div>
          <div className="figure-value">
            <Money cents={(balance?.reconstructed_cents ?? 0) - (balance?.platform_reported_cents ?? 0)} signed />
          </div>
        </div>
      </div>
      <Findings findings={findings} />
      <Lanes of={of} findings={findings} timezone={report.period.timezone} />
    </section>
  );
}

function Findings({ findings }: { findings: ExceptionItem[] }) {
  return (
    <div className="panel">
      <h3>Findings on this card</h3>
      {findings.length === 0 ? (
        <p className="muted">None: every system agrees on this card.</p>
      ) : (
        <table className="grid" aria-label="Findings on this card">
          <tbody>
            {findings.map((x) => (
              <tr key={x.key}>
                <td className="mono">
                  <button type="button" className="link" onClick={() => showException(x.key)}>
                    {x.id}
                  </button>
                </td>
                <td>{categoryLabel(x.category)}</td>
                <td className="num">
                  <Money cents={x.amount_cents} />
                </td>
                <td className={`status status-${statusOf(x)}`}>{statusOf(x)}</td>
                <td className="explanation-cell">
                  <MaskedText text={x.explanation} cards={[x.card]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

function Lanes({ of, findings, timezone }: { of: CardKey; findings: ExceptionItem[]; timezone: string }) {
  const [rows, setRows] = useState<TimelineRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  const highlight = useMemo(() => findings.flatMap((x) => x.records), [findings]);
  useEffect(() => {
    let live = true;
    setRows(null);
    setError(null);
    engine()
      .call('timeline', { card: of.card, order: of.card ? null : (of.order ?? null) })
      .then((t) => live && setRows(t))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [of.card, of.order]);
  return (
    <div className="panel">
      <h3>The four systems’ records</h3>
      {error && <div className="error-box">{error}</div>}
      {rows ? <Timeline rows={rows} highlight={highlight} timezone={timezone} /> : !error && <p className="muted">Loading…</p>}
    </div>
  );
}
