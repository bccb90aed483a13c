// Decisions in bulk: accept a whole category (the one the filter shows), or auto-settle everything within the
// case's tolerance; and the keyboard's legend.
import { useMemo } from 'react';
import { formatCents } from '../../../../shared/money';
import type { ExceptionItem } from '../../../../shared/types';
import { categoryLabel } from '../../components/categories';
import { useCaseStore } from '../../state/case';
import { statusOf, useReviewStore } from '../../state/review';
import { decide } from '../../state/review-actions';

export function BulkBar({ all }: { all: ExceptionItem[] }) {
  const tolerance = useCaseStore((s) => s.settings.autoSettleToleranceCents);
  const category = useReviewStore((s) => s.filters.category);
  const busy = useReviewStore((s) => s.busy);
  const bulkCategory = category !== 'all' ? category : null;
  const categoryOpen = useMemo(() => (bulkCategory ? all.filter((x) => x.category === bulkCategory && statusOf(x) !== 'accepted') : []), [all, bulkCategory]);
  const settleable = useMemo(
    () => all.filter((x) => Math.abs(x.amount_cents) <= tolerance && (statusOf(x) === 'open' || statusOf(x) === 'deferred')),
    [all, tolerance],
  );

  return (
    <div className="bulk-bar">
      <span className="muted">Bulk:</span>
      <button
        type="button"
        className="btn"
        disabled={!bulkCategory || !categoryOpen.length || busy}
        title={bulkCategory ? '' : 'Choose a category in the filter first'}
        onClick={() => bulkCategory && void decide(categoryOpen, 'accept', { label: `accept all ${categoryLabel(bulkCategory)}` })}
      >
        {bulkCategory ? `Accept all ${categoryLabel(bulkCategory)} (${categoryOpen.length})` : 'Accept a whole category'}
      </button>
      <button
        type="button"
        className="btn"
        disabled={!settleable.length || busy}
        onClick={() => void decide(settleable, 'accept', { label: `auto-settle ≤ ${formatCents(tolerance)}`, note: `Auto-settled: |amount| ≤ ${formatCents(tolerance)}` })}
      >
        Auto-settle ≤ {formatCents(tolerance)} ({settleable.length})
      </button>
      <span className="spacer" />
      <span className="muted small">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>a</kbd> accept · <kbd>d</kbd> defer · <kbd>n</kbd> note · <kbd>u</kbd> undo · <kbd>Shift</kbd>+<kbd>U</kbd> redo
      </span>
    </div>
  );
}
