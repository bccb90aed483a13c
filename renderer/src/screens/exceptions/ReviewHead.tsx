// The review's heading: how many exceptions stand where, the reconstructed total, undo and redo.
import { useMemo } from 'react';
import { formatCents } from '../../../../shared/money';
import type { ExceptionItem, Report } from '../../../../shared/types';
import { useReportStore } from '../../state/report';
import { statusOf, useReviewStore } from '../../state/review';
import { redo, undo } from '../../state/review-actions';

export function ReviewHead({ report, all }: { report: Report; all: ExceptionItem[] }) {
  const canUndo = useReportStore((s) => s.history.canUndo);
  const canRedo = useReportStore((s) => s.history.canRedo);
  const busy = useReviewStore((s) => s.busy);
  const counts = useMemo(() => {
    const c = { open: 0, accepted: 0, resolved: 0, deferred: 0 };
    for (const x of all) c[statusOf(x)]++;
    return c;
  }, [all]);

  return (
    <div className="screen-head">
      <h2 id="exceptions-title">Exceptions</h2>
      <span className="muted" data-testid="exception-counts">
        {all.length.toLocaleString('en-US')} in all · {counts.open.toLocaleString('en-US')} open · {counts.accepted.toLocaleString('en-US')} accepted ·{' '}
        {counts.resolved.toLocaleString('en-US')} resolved otherwise · {counts.deferred.toLocaleString('en-US')} deferred
      </span>
      <span className="spacer" />
      <span className="muted small">Reconstructed</span>
      <strong data-testid="review-reconstructed" data-cents={report.liability.reconstructed_closing_cents}>
        {formatCents(report.liability.reconstructed_closing_cents)}
      </strong>
      <button type="button" className="btn" onClick={() => void undo()} disabled={!canUndo || busy} aria-keyshortcuts="u">
        Undo
      </button>
      <button type="button" className="btn" onClick={() => void redo()} disabled={!canRedo || busy} aria-keyshortcuts="Shift+U">
        Redo
      </button>
    </div>
  );
}
