// The selected exception: what it is and why, the decision on it, and the card's timeline across the four
// systems.
import { useEffect, useMemo, useState } from 'react';
import type { TimelineRow } from '../../../../shared/api';
import { RESOLUTIONS, resolutionLabel } from '../../../../shared/classify/resolutions';
import type { DecisionCheck, DecisionEvidence, ResolutionChoice } from '../../../../shared/case/api';
import { DEFAULT_REASON_CODES, type ExceptionItem, type RecordRef } from '../../../../shared/types';
import { CardNumber, MaskedText } from '../../components/CardNumber';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { localTime, Timeline } from '../../components/Timeline';
import { EvidencePanel } from '../close/EvidencePanel';
import { engine } from '../../engine/client';
import { useCaseStore } from '../../state/case';
import { useNavStore } from '../../state/nav';
import { useReportStore } from '../../state/report';
import { statusOf, useReviewStore } from '../../state/review';
import { decide, linkRows } from '../../state/review-actions';
import { ReasonCodeSelect } from '../../components/ReasonCodeSelect';

export interface DecisionProps {
  note: string;
  setNote: (s: string) => void;
  /** The reason code chosen for the next decision ('' for none). */
  reason: string;
  setReason: (s: string) => void;
  noteRef: React.RefObject<HTMLTextAreaElement | null>;
  onAccept: () => void;
  busy: boolean;
}

export function ExceptionDetail({ x, ...decision }: { x: ExceptionItem } & DecisionProps) {
  return (
    <>
      <ExceptionFacts x={x} />
      <DecisionPanel x={x} {...decision} />
      <DecisionRecord x={x} />
      <EvidencePanel x={x} />
      <CardTimeline x={x} />
    </>
  );
}

function ExceptionFacts({ x }: { x: ExceptionItem }) {
  // Where the card stands at the period end, under the decisions in force.
  const balance = useReportStore((s) => (x.card ? s.report?.cards.find((c) => c.card === x.card) : undefined));
  const st = statusOf(x);
  return (
    <div className="panel detail-head" aria-label="Exception">
      <div className="detail-title">
        <h3 className="mono" data-testid="detail-id">
          {x.id}
        </h3>
        <span className="badge">{categoryLabel(x.category)}</span>
        <span className={`status status-${st}`} data-testid="detail-status">
          {st}
        </span>
        <span className="spacer" />
        <Money cents={x.amount_cents} className="big" />
      </div>
      <dl className="facts">
        <div>
          <dt>Card</dt>
          <dd>
            <CardNumber of={x} long />
            {(x.card || x.order) && (
              <>
                {' '}
                <button type="button" className="link small" onClick={() => useNavStore.getState().openCard(x)}>
                  the card’s roll-forward
                </button>
              </>
            )}
          </dd>
        </div>
        <div>
          <dt>Effect vs ERP</dt>
          <dd>
            <Money cents={x.erp_effect_cents ?? 0} signed />
          </dd>
        </div>
        <div>
          <dt>Effect vs platform</dt>
          <dd>
            <Money cents={x.platform_effect_cents ?? 0} signed />
          </dd>
        </div>
        <div>
          <dt>Records</dt>
          <dd className="mono small">{x.records.map((r) => `${r.system}:${r.ref}`).join(', ')}</dd>
        </div>
        {balance ? (
          <div>
            <dt>Card at period end</dt>
            <dd>
              <Money cents={balance.reconstructed_cents} /> reconstructed · <Money cents={balance.platform_reported_cents} /> per the
              platform
            </dd>
          </div>
        ) : null}
        {x.suggestions?.length ? <Counterparts x={x} /> : null}
      </dl>
      <p className="explanation">
        <MaskedText text={x.explanation} cards={[x.card]} />
      </p>
      <p>
        <span className="muted">Suggested: </span>
        {x.suggested_resolution}
      </p>
    </div>
  );
}

/**
 * The resolutions the engine offers now, each with whether it can be chosen and why not (a resolution that would
 * take a card below zero, say); the category's list as written until the engine answers.
 */
function useResolutionOptions(x: ExceptionItem): ResolutionChoice[] {
  const report = useReportStore((s) => s.report);
  const fallback = useMemo(
    () =>
      RESOLUTIONS[x.category].map((o, i) => ({
        code: o.code,
        label: o.label,
        is_default: i === 0,
        in_force: (x.resolution ?? RESOLUTIONS[x.category][0].code) === o.code,
        allowed: true,
      })),
    [x.category, x.resolution],
  );
  const [options, setOptions] = useState<ResolutionChoice[]>(fallback);
  useEffect(() => {
    let live = true;
    setOptions(fallback);
    engine()
      .call('resolutionOptions', { key: x.key })
      .then((o) => live && o.length > 0 && setOptions(o))
      .catch(() => undefined);
    return () => {
      live = false;
    };
  }, [x.key, fallback, report]);
  return options;
}

/**
 * Near misses the rules did not pair with this exception's row: each can be linked to it by hand, a decision
 * recorded like any other (and undone like one); the engine says first whether the pair can be one movement.
 */
function Counterparts({ x }: { x: ExceptionItem }) {
  const busy = useReviewStore((s) => s.busy);
  const [refused, setRefused] = useState<string | null>(null);
  useEffect(() => setRefused(null), [x.key]);
  const link = async (to: RecordRef) => {
    const from = x.records.find((r) => r.system !== to.system) ?? x.records[0];
    setRefused(null);
    const why = await linkRows('link', from, to);
    if (why) setRefused(why);
  };
  return (
    <div className="wide">
      <dt title="Near misses: not matched automatically">Possible counterparts</dt>
      <dd>
        {x.suggestions!.map((r) => (
          <span key={`${r.system}:${r.ref}`} className="counterpart">
            <span className="mono small">
              {r.system}:{r.ref}
            </span>{' '}
            <button type="button" className="btn small-btn" disabled={busy} onClick={() => void link(r)} title="Record that these rows are one movement">
              Link
            </button>
          </span>
        ))}
        {refused && (
          <div className="error-box" role="alert" data-testid="link-refused">
            <strong>Not linked:</strong> <MaskedText text={refused} cards={[x.card]} />
          </div>
        )}
      </dd>
    </div>
  );
}

function DecisionPanel({ x, note, setNote, reason, setReason, noteRef, onAccept, busy }: { x: ExceptionItem } & DecisionProps) {
  const options = useResolutionOptions(x);
  const codes = useCaseStore((s) => s.settings.reasonCodes ?? DEFAULT_REASON_CODES);
  const inForce = options.find((o) => o.in_force)?.code ?? x.resolution ?? options[0].code;
  const defaultCode = options.find((o) => o.is_default)?.code ?? options[0].code;
  const [choice, setChoice] = useState(inForce);
  const [refusal, setRefusal] = useState<DecisionCheck | null>(null);
  useEffect(() => {
    setChoice(inForce);
    setRefusal(null);
  }, [x.key, inForce]);

  /** Asks the engine first whether the resolution can be recorded; says why not, and offers what can be. */
  const chooseResolution = async (code: string) => {
    const at = new Date().toISOString();
    const check = await engine()
      .call('checkDecisions', { decisions: [{ key: x.key, action: 'resolve', resolution: code, user: 'check', at }] })
      .catch(() => null);
    if (check && !check.ok) {
      setRefusal(check);
      return;
    }
    setRefusal(null);
    await decide([x], 'resolve', { resolution: code, note, reason, label: `${x.id}: ${resolutionLabel(x.category, code)}` });
  };

  return (
    <div className="panel decide" aria-label="Decision">
      <h4>Resolution</h4>
      <div role="radiogroup" aria-label="Resolution">
        {options.map((o) => (
          <div key={o.code} className={o.allowed ? 'radio-row' : 'radio-row refused'}>
            <label className="radio">
              <input
                type="radio"
                name="resolution"
                value={o.code}
                checked={choice === o.code}
                disabled={!o.allowed && !o.in_force}
                onChange={() => setChoice(o.code)}
              />
              {o.label}
              {o.is_default && <span className="muted small"> (default)</span>}
              {o.code === inForce && <span className="badge in-force">in force</span>}
            </label>
            {!o.allowed && o.reason && (
              <div className="muted small refused-why">
                Cannot be chosen now: {o.reason}
                {o.alternative && <> — {o.alternative}</>}
              </div>
            )}
          </div>
        ))}
      </div>
      <div className="decision-fields">
        <label className="note">
          Reason
          <ReasonCodeSelect codes={codes} value={reason} onChange={setReason} />
        </label>
        <label className="note grow">
          Note <span className="muted small">(n)</span>
          <textarea
            ref={noteRef}
            rows={2}
            value={note}
            onChange={(e) => setNote(e.target.value)}
            onKeyDown={(e) => {
              if (e.key === 'Escape') (e.target as HTMLTextAreaElement).blur();
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                onAccept();
              }
            }}
            placeholder="Why — kept in the audit log with your name and the time"
          />
        </label>
      </div>
      {refusal && (
        <div className="error-box" role="alert" data-testid="decision-refused">
          <strong>Not recorded:</strong> {refusal.reason}
          {refusal.alternative && (
            <div className="row-actions">
              <span>{refusal.alternative.why}</span>
              <button
                type="button"
                className="btn"
                disabled={busy}
                onClick={() => {
                  const alt = refusal.alternative!;
                  setRefusal(null);
                  void decide([x], 'resolve', { resolution: alt.resolution, note, reason, label: `${x.id}: ${alt.label}` });
                }}
              >
                Record instead: {refusal.alternative.label}
              </button>
            </div>
          )}
        </div>
      )}
      <div className="row-actions">
        <button type="button" className="btn primary" disabled={busy} onClick={onAccept} aria-keyshortcuts="a">
          Accept suggested
        </button>
        <button type="button" className="btn" disabled={busy || choice === defaultCode || choice === inForce} onClick={() => void chooseResolution(choice)}>
          Choose this resolution
        </button>
        <button type="button" className="btn" disabled={busy} onClick={() => void decide([x], 'defer', { note, reason })} aria-keyshortcuts="d">
          Defer
        </button>
        <span className="muted small">In force: {options.find((o) => o.code === inForce)?.label ?? resolutionLabel(x.category, inForce)}</span>
      </div>
    </div>
  );
}

/** The card's (or, without a card, the order's) records in the four systems, fetched from the engine. */
function CardTimeline({ x }: { x: ExceptionItem }) {
  const timezone = useReportStore((s) => s.report?.period.timezone ?? 'UTC');
  const [timeline, setTimeline] = useState<TimelineRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);

  useEffect(() => {
    let live = true;
    setTimeline(null);
    setError(null);
    engine()
      .call('timeline', { card: x.card, order: x.card ? null : (x.order ?? null) })
      .then((t) => live && setTimeline(t))
      .catch((e: unknown) => live && setError(e instanceof Error ? e.message : String(e)));
    return () => {
      live = false;
    };
  }, [x.card, x.order]);

  return (
    <div className="panel">
      <h4>Timeline across the four systems</h4>
      {error && <div className="error-box">{error}</div>}
      {timeline ? <Timeline rows={timeline} highlight={x.records} timezone={timezone} /> : !error && <p className="muted">Loading…</p>}
    </div>
  );
}

/**
 * What the audit log records on this exception: each decision with who, when, the reason and the note, and the
 * undos and redos of them. Read from the engine's log, so a reopened case shows it as it was before.
 */
function DecisionRecord({ x }: { x: ExceptionItem }) {
  const report = useReportStore((s) => s.report);
  const timezone = report?.period.timezone ?? 'UTC';
  const [entries, setEntries] = useState<DecisionEvidence[]>([]);
  useEffect(() => {
    let live = true;
    engine()
      .call('evidence', { key: x.key })
      .then((d) => live && setEntries(d))
      .catch(() => live && setEntries([]));
    return () => {
      live = false;
    };
    // A new report comes with every decision, undo and redo: the record follows it.
  }, [x.key, report]);
  if (!entries.length) return null;
  return (
    <section className="panel" aria-label="Decision record">
      <h4>The record</h4>
      <ol className="decision-record">
        {entries.map((d) => (
          <li key={d.seq} data-testid="decision-entry" className={d.in_force ? 'in-force' : ''}>
            <strong>{DECIDED[d.action]}</strong>
            {d.resolution_label && <> ({d.resolution_label})</>} by <span data-testid="decider">{d.user}</span> on{' '}
            <time dateTime={d.at}>{localTime(d.at, timezone)}</time>
            {d.in_force && <span className="badge in-force">in force</span>}
            {d.reason && (
              <div>
                <span className="muted">Reason: </span>
                <span data-testid="decision-reason">{d.reason}</span>
              </div>
            )}
            {d.note && <blockquote className="decision-note">{d.note}</blockquote>}
            <span className="muted small"> audit entry {d.seq}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}

const DECIDED: Record<DecisionEvidence['action'], string> = {
  accept: 'Accepted',
  resolve: 'Resolution chosen',
  defer: 'Deferred',
  link: 'Linked',
  unlink: 'Unlinked',
  undo: 'Undone',
  redo: 'Redone',
};
