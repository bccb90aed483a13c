// One card's roll-forward (the engine's cardRollforward): where it opened and closed, what the platform and the
// ERP say of it, the lowest it went; the reconstructed line, movement by movement with its running balance and
// the links the auditor may undo; each system's lane with the balance it tells; the findings on it. In the
// business time zone, as the explanations are. Opened from the Balances list or from an exception.
import { useEffect, useMemo, useState } from 'react';
import type { CardLine, CardRollforward, LaneRow, RollforwardStep } from '../../../../shared/case/api';
import { SYSTEMS, type RecordRef } from '../../../../shared/types';
import { CardNumber, MaskedText } from '../../components/CardNumber';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { recordKey, Timeline, type TimelineLine } from '../../components/Timeline';
import { engine } from '../../engine/client';
import { sameCard, useNavStore, type CardKey } from '../../state/nav';
import { useReportStore } from '../../state/report';
import { showException, useReviewStore } from '../../state/review';
import { linkRows } from '../../state/review-actions';

const FLOW_LABEL: Record<string, string> = {
  issued: 'Issued',
  reloaded: 'Reloaded',
  redeemed: 'Redeemed',
  refunded: 'Refunded to the card',
  voided: 'Voided',
  adjusted: 'Adjusted',
  expired: 'Expired',
  correction: 'Correction',
};

export function CardView({ of }: { of: CardKey }) {
  const report = useReportStore((s) => s.report);
  const openCard = useNavStore((s) => s.openCard);
  const balance = useMemo(() => report?.cards.find((c) => sameCard(c, of)), [report, of]);
  const [rf, setRf] = useState<CardRollforward | null>(null);
  const [error, setError] = useState<string | null>(null);
  const line: CardLine | null = of.card
    ? { card: of.card }
    : balance
      ? { card: null, instrument: balance.instrument, last_four: of.last_four, order: of.order }
      : null;
  const lineText = JSON.stringify(line);
  useEffect(() => {
    let live = true;
    setError(null);
    if (!line) {
      setError('This line is not in the case any more (a decision changed it).');
      return;
    }
    engine()
      .call('cardRollforward', line)
      .then((r) => live && setRf(r))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
    // The roll-forward follows every decision (a new report), and the line asked for.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [lineText, report]);
  if (!report) return null;
  const negative = rf ? rf.closing_cents < 0 || (rf.lowest?.cents ?? 0) < 0 : (balance?.reconstructed_cents ?? 0) < 0;

  return (
    <section className="screen card-screen" aria-labelledby="card-title">
      <div className="screen-head">
        <button type="button" className="btn" onClick={() => openCard(null)}>
          ← Every card
        </button>
        <h2 id="card-title">
          Card <CardNumber of={of} long />
        </h2>
        <span className="muted">{(rf?.instrument ?? balance?.instrument) === 'store_credit' ? 'Store credit' : 'Gift card'}</span>
        <span className="muted small">
          {report.period.start} – {report.period.end} · times in {report.period.timezone}
        </span>
      </div>
      {error && <div className="error-box">{error}</div>}
      {negative && (
        <div className="error-box" role="alert" data-testid="card-negative">
          <strong>The reconstructed balance goes below zero</strong>
          {rf?.lowest && (
            <>
              : <Money cents={rf.lowest.cents} /> at {rf.steps.find((s) => s.at === rf.lowest!.at)?.local ?? rf.lowest.at}
            </>
          )}
          . A card cannot hold less than nothing: a finding on it (or one not yet decided) explains it; the line below shows where.
        </div>
      )}
      {rf && <Figures rf={rf} />}
      {rf && <Findings rf={rf} />}
      {rf && <ReconstructedLine rf={rf} />}
      {rf && <Lanes rf={rf} />}
      {!rf && !error && <p className="muted">Loading…</p>}
    </section>
  );
}

function Figures({ rf }: { rf: CardRollforward }) {
  const fig = (label: string, cents: number, testid: string, tone = '') => (
    <div className={`figure ${tone}`}>
      <div className="figure-label">{label}</div>
      <div className="figure-value" data-testid={testid} data-cents={cents}>
        <Money cents={cents} />
      </div>
    </div>
  );
  return (
    <div className="headline card-figures" role="group" aria-label="Card in the period">
      {fig('Opening', rf.opening_cents, 'card-opening')}
      {fig('Reconstructed closing', rf.closing_cents, 'card-reconstructed', 'figure-reconstructed')}
      {fig('The platform reports', rf.platform_reported_cents, 'card-platform', 'figure-platform')}
      {fig('The ERP’s lines say', rf.erp_cents, 'card-erp', 'figure-erp')}
      {rf.lowest && fig('Lowest in the period', rf.lowest.cents, 'card-lowest', rf.lowest.cents < 0 ? 'figure-negative' : '')}
    </div>
  );
}

function Findings({ rf }: { rf: CardRollforward }) {
  const report = useReportStore((s) => s.report);
  const byKey = useMemo(() => new Map((report?.exceptions ?? []).map((x) => [x.key, x])), [report]);
  return (
    <div className="panel">
      <h3>Findings on this card</h3>
      {rf.exceptions.length === 0 ? (
        <p className="muted">None: every system agrees on this card.</p>
      ) : (
        <table className="grid" aria-label="Findings on this card">
          <tbody>
            {rf.exceptions.map((x) => (
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
                <td className={`status status-${x.status}`}>{x.status}</td>
                <td className="explanation-cell">
                  <MaskedText text={byKey.get(x.key)?.explanation ?? ''} cards={[rf.card]} />
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}

/** The movements as they really happened, in the order of their true instants, with the balance after each. */
function ReconstructedLine({ rf }: { rf: CardRollforward }) {
  const [refused, setRefused] = useState<string | null>(null);
  const busy = useReviewStore((s) => s.busy);
  const idToKey = useMemo(() => new Map(rf.exceptions.map((x) => [x.id, x.key])), [rf]);
  const unlink = async (records: [RecordRef, RecordRef]) => {
    setRefused(null);
    const why = await linkRows('unlink', records[0], records[1]);
    if (why) setRefused(why);
  };
  return (
    <div className="panel">
      <h3>The reconstructed line</h3>
      {refused && (
        <div className="error-box" role="alert" data-testid="unlink-refused">
          <strong>Not unlinked:</strong> <MaskedText text={refused} cards={[rf.card]} />
        </div>
      )}
      <table className="grid rf-steps" aria-label="The reconstructed line">
        <thead>
          <tr>
            <th scope="col">When</th>
            <th scope="col">What happened</th>
            <th scope="col" className="num">
              Effect
            </th>
            <th scope="col" className="num">
              Balance after
            </th>
            <th scope="col">Rows</th>
            <th scope="col">Findings</th>
          </tr>
        </thead>
        <tbody>
          <tr className="muted">
            <td colSpan={3}>Opening</td>
            <td className="num">
              <Money cents={rf.opening_cents} />
            </td>
            <td colSpan={2} />
          </tr>
          {rf.steps.map((s, i) => (
            <StepRow key={`${s.movement_id}-${i}`} s={s} busy={busy} onUnlink={unlink} idToKey={idToKey} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

function StepRow({ s, busy, onUnlink, idToKey }: { s: RollforwardStep; busy: boolean; onUnlink: (r: [RecordRef, RecordRef]) => void; idToKey: Map<string, string> }) {
  return (
    <tr className={[s.counted ? '' : 'out', s.running_cents < 0 ? 'negative' : ''].filter(Boolean).join(' ')} data-testid="rf-step">
      <td className="mono nowrap">{s.local}</td>
      <td>
        {FLOW_LABEL[s.flow] ?? s.flow}
        {!s.counted && <span className="muted small"> (outside the period: not counted)</span>}
      </td>
      <td className="num">
        <Money cents={s.effect_cents} signed />
      </td>
      <td className="num">
        <Money cents={s.running_cents} />
      </td>
      <td className="mono small">
        {s.records.map((r) => `${r.system}:${r.ref}`).join(', ')}
        {s.links.map((l) => (
          <div key={`${l.records[0].ref}|${l.records[1].ref}`}>
            <button
              type="button"
              className="link small"
              disabled={busy}
              title={`Paired by the rule “${l.rule}”: unlink them if they are not one movement`}
              onClick={() => onUnlink(l.records)}
            >
              Unlink {l.records[0].system} {l.records[0].ref} from {l.records[1].system} {l.records[1].ref}
            </button>
          </div>
        ))}
      </td>
      <td className="mono">
        {s.exceptions.map((id) => (
          <button key={id} type="button" className="link" onClick={() => idToKey.get(id) && showException(idToKey.get(id)!)}>
            {id}
          </button>
        ))}
      </td>
    </tr>
  );
}

/** Each system's rows side by side, with the balance each lane tells (the platform's own, the ERP's for the card). */
function Lanes({ rf }: { rf: CardRollforward }) {
  const rows = useMemo<TimelineLine[]>(() => {
    // A row can stand behind two movements (a tender, and the void that reverses it): it shares the line of the
    // first, as on the reconstructed line; the later movement's own rows get a line of their own.
    const first = new Map<string, number>();
    for (const s of rf.steps) for (const r of s.records) if (!first.has(recordKey(r.system, r.ref))) first.set(recordKey(r.system, r.ref), s.movement_id);
    return SYSTEMS.flatMap((s) =>
      rf.lanes[s].map((r: LaneRow) => ({
        system: r.system,
        ref: r.ref,
        at: r.at,
        local: r.local,
        business_date: r.business_date,
        type: r.type,
        amount_cents: r.amount_cents,
        liability_cents: r.effect_cents,
        group_id: first.get(recordKey(r.system, r.ref)) ?? r.movement_id,
        rule: r.rule,
        in_period: r.in_period,
      })),
    );
  }, [rf]);
  const balanceAfter = useMemo(() => {
    const m = new Map<string, number>();
    for (const s of SYSTEMS) for (const r of rf.lanes[s]) if (r.running_cents !== null) m.set(recordKey(s, r.ref), r.running_cents);
    return m;
  }, [rf]);
  // The rows each finding names, as the exception's own timeline marks them (not every row of its movement).
  const report = useReportStore((s) => s.report);
  const highlight = useMemo(() => {
    const keys = new Set(rf.exceptions.map((x) => x.key));
    return (report?.exceptions ?? []).filter((x) => keys.has(x.key)).flatMap((x) => x.records);
  }, [rf, report]);
  return (
    <div className="panel">
      <h3>The four systems’ records</h3>
      <p className="muted small">
        Rows of one movement share a line. The platform’s lane shows its own Balance After; the ERP’s, the card’s opening plus the ERP’s lines for it;
        the storefront and the processor keep no balance.
      </p>
      <Timeline rows={rows} highlight={highlight} timezone={rf.timezone} balanceAfter={balanceAfter} />
    </div>
  );
}
