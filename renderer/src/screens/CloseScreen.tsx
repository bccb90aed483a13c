// Close: the sign-offs (materiality, preparer, reviewer, and what voided any of them), the review workbook out
// and back, the evidence kept with decisions, and the next quarter's case made from this one (formats.md §11).
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
  const voided = status.signoffs.filter((s) => s.status === 'void').at(-1);
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
      {voided && status.status === 'unsigned' && (
        <div className="banner void-banner" role="alert">
          <strong>Sign-off void.</strong> {voided.role === 'preparer' ? 'The preparer’s' : 'The reviewer’s'} sign-off by {voided.name} no longer stands:{' '}
          {voided.ended?.reason}. Sign again to close.
        </div>
      )}
      <div className="close-grid">
        <div>
          <MaterialityPanel status={status} />
          <SignoffCards status={status} />
          <section className="panel" aria-label="Sign-offs">
            <h3>Sign-offs</h3>
            <SignoffHistory status={status} />
            <details>
              <summary>The figures now</summary>
              <FiguresTable figures={status.figures} />
            </details>
          </section>
        </div>
        <div>
          <ReviewWorkbookPanel />
          <EvidenceList />
          <NextQuarterPanel />
        </div>
        <PriorPanel />
      </div>
    </section>
  );
}
