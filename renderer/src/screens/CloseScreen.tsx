// Close: the sign-offs (materiality, preparer, reviewer, and what voided any of them), the review workbook out
// and back, the evidence kept with decisions, and the next quarter's case made from this one (docs/formats.md §12).
import { useEffect } from 'react';
import { Money } from '../components/Money';
import { refreshClose, useCloseStore } from '../state/close';
import { useReportStore } from '../state/report';
import { EvidenceList } from './close/EvidencePanel';
import { NextQuarterPanel, PriorPanel } from './close/NextQuarterPanel';
import { ReviewWorkbookPanel } from './close/ReviewWorkbookPanel';
import { FiguresTable, MaterialityPanel, SignoffCards, SignoffHistory } from './close/SignoffPanel';
import './close/close.css';

const LABEL = { unsigned: 'Not signed', prepared: 'Prepared — awaiting review', reviewed: 'Prepared and reviewed' } as const;

export function CloseScreen() {
  const report = useReportStore((s) => s.report);
  const status = useCloseStore((s) => s.status);
  // After every change of the case (a decision, an undo, a re-run) the close is asked again: what moved may
  // have voided a sign-off.
  useEffect(() => {
    void refreshClose();
  }, [report]);
  if (!report || !status) return <p className="muted">Loading…</p>;
  // The sign-offs voided since the last signing: what the user has to sign again.
  const lastSigned = Math.max(0, ...status.signoffs.map((s) => s.seq));
  const voided = status.signoffs.filter((s) => s.status === 'void' && s.ended && s.ended.seq > lastSigned);
  return (
    <section className="screen close-screen" aria-labelledby="close-title">
      <div className="screen-head">
        <h2 id="close-title">Close</h2>
        <span className={`close-state close-${status.status}`} data-testid="close-status" data-status={status.status}>
          {LABEL[status.status]}
        </span>
        <span className="spacer" />
        <span className="muted">
          Reconstructed <Money cents={report.liability.reconstructed_closing_cents} /> · materiality <Money cents={status.materiality_cents} />
        </span>
      </div>
      {voided.length > 0 && status.status === 'unsigned' && (
        <div className="banner void-banner" role="alert">
          <strong className="nowrap">Sign-off void.</strong>
          <span>
            {voided.length === 1 ? `The ${voided[0].role}’s sign-off by ${voided[0].name} no longer stands` : `The sign-offs by ${voided.map((v) => `${v.name} (${v.role})`).join(' and ')} no longer stand`}:{' '}
            {voided[0].ended?.reason}. Sign again to close.
          </span>
        </div>
      )}
      <div className="close-grid">
        <div>
          <MaterialityPanel status={status} />
          <SignoffCards status={status} />
        </div>
        <div>
          <ReviewWorkbookPanel />
          <EvidenceList />
          <NextQuarterPanel />
        </div>
        <section className="panel wide" aria-label="Sign-offs">
          <h3>Sign-offs</h3>
          <SignoffHistory status={status} />
          <details>
            <summary>The figures now</summary>
            <FiguresTable figures={status.figures} />
          </details>
        </section>
        <PriorPanel />
      </div>
    </section>
  );
}
