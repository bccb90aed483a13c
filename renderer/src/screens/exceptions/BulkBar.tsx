// Decisions in bulk: accept a whole category (the one the filter shows), auto-settle everything within the
// case's tolerance, or accept or defer the exceptions ticked in the queue. Each shows what it will change
// first (BulkPreview) and acts only when confirmed; undo takes it back whole. And the keyboard's legend.
import { useMemo, useState } from 'react';
import { formatCents } from '../../../../shared/money';
import type { ExceptionItem } from '../../../../shared/types';
import { categoryLabel } from '../../components/categories';
import { useCaseStore } from '../../state/case';
import { statusOf, useReviewStore } from '../../state/review';
import { BulkPreview, type BulkPlan } from './BulkPreview';

export function BulkBar({ all }: { all: ExceptionItem[] }) {
  const tolerance = useCaseStore((s) => s.settings.autoSettleToleranceCents);
  const category = useReviewStore((s) => s.filters.category);
  const checkedKeys = useReviewStore((s) => s.checked);
  const clearChecked = useReviewStore((s) => s.clearChecked);
  const busy = useReviewStore((s) => s.busy);
  const [plan, setPlan] = useState<BulkPlan | null>(null);
  const bulkCategory = category !== 'all' ? category : null;
  const categoryOpen = useMemo(() => (bulkCategory ? all.filter((x) => x.category === bulkCategory && statusOf(x) !== 'accepted') : []), [all, bulkCategory]);
  const settleable = useMemo(
    () => all.filter((x) => Math.abs(x.amount_cents) <= tolerance && (statusOf(x) === 'open' || statusOf(x) === 'deferred')),
    [all, tolerance],
  );
  const checked = useMemo(() => all.filter((x) => checkedKeys.has(x.key)), [all, checkedKeys]);

  return (
    <div className="bulk-bar">
      <span className="muted">Bulk:</span>
      {checked.length > 0 ? (
        <>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => setPlan({ action: 'accept', items: checked, label: `accept ${checked.length} ticked`, clearTicks: true })}
          >
            Accept ticked ({checked.length})
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy}
            onClick={() => setPlan({ action: 'defer', items: checked, label: `defer ${checked.length} ticked`, clearTicks: true })}
          >
            Defer ticked ({checked.length})
          </button>
          <button type="button" className="btn ghost" onClick={clearChecked}>
            Untick all
          </button>
        </>
      ) : (
        <>
          <button
            type="button"
            className="btn"
            disabled={!bulkCategory || !categoryOpen.length || busy}
            title={bulkCategory ? '' : 'Choose a category in the filter first'}
            onClick={() => bulkCategory && setPlan({ action: 'accept', items: categoryOpen, label: `accept all ${categoryLabel(bulkCategory)}` })}
          >
            {bulkCategory ? `Accept all ${categoryLabel(bulkCategory)} (${categoryOpen.length})` : 'Accept a whole category'}
          </button>
          <button
            type="button"
            className="btn"
            disabled={!settleable.length || busy}
            onClick={() =>
              setPlan({
                action: 'accept',
                items: settleable,
                label: `auto-settle ≤ ${formatCents(tolerance)}`,
                note: `Auto-settled: |amount| ≤ ${formatCents(tolerance)}`,
              })
            }
          >
            Auto-settle ≤ {formatCents(tolerance)} ({settleable.length})
          </button>
        </>
      )}
      <span className="spacer" />
      <span className="muted small">
        <kbd>j</kbd>/<kbd>k</kbd> move · <kbd>x</kbd> tick · <kbd>a</kbd> accept · <kbd>d</kbd> defer · <kbd>n</kbd> note · <kbd>u</kbd> undo ·{' '}
        <kbd>Shift</kbd>+<kbd>U</kbd> redo
      </span>
      {plan && <BulkPreview plan={plan} onClose={() => setPlan(null)} />}
    </div>
  );
}
