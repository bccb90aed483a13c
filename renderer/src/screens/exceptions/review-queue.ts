// The queue as the review shows it: every exception, those the filters let through, and the selected one.
import { useDeferredValue, useEffect, useMemo } from 'react';
import type { ExceptionItem } from '../../../../shared/types';
import { useReportStore } from '../../state/report';
import { filterExceptions, sortExceptions, useReviewStore } from '../../state/review';

export interface ReviewQueue {
  all: ExceptionItem[];
  /** The exceptions the filters let through, in the order chosen. */
  rows: ExceptionItem[];
  /** The selected exception's place in `rows`, or -1. */
  index: number;
  selected: ExceptionItem | null;
}

export function useReviewQueue(): ReviewQueue {
  const report = useReportStore((s) => s.report);
  const filters = useReviewStore((s) => s.filters);
  const sort = useReviewStore((s) => s.sort);
  const selectedKey = useReviewStore((s) => s.selectedKey);
  const select = useReviewStore((s) => s.select);

  const all = useMemo(() => report?.exceptions ?? [], [report]);
  // The inputs show each keystroke at once; the queue follows typed filters (search, card, amounts) as a
  // deferred render, so typing over 100k exceptions never waits for the filtering. A category or status
  // chosen applies at once: the queue and the selection never show the former choice's exception after it.
  const typed = useDeferredValue(filters);
  const shownFilters = useMemo(() => ({ ...typed, category: filters.category, status: filters.status }), [typed, filters.category, filters.status]);
  const rows = useMemo(() => sortExceptions(filterExceptions(all, shownFilters), sort), [all, shownFilters, sort]);
  const index = useMemo(() => rows.findIndex((x) => x.key === selectedKey), [rows, selectedKey]);

  // Keep a selection while there are rows.
  useEffect(() => {
    if (index < 0 && rows.length) select(rows[0].key);
  }, [index, rows, select]);

  return { all, rows, index, selected: index >= 0 ? rows[index] : null };
}

/** The exception after the one just decided, in the queue as the filters now show it. */
export function nextAfter(decided: ExceptionItem, formerIndex: number): string | null {
  const { filters, sort } = useReviewStore.getState();
  const list = sortExceptions(filterExceptions(useReportStore.getState().report?.exceptions ?? [], filters), sort);
  const stay = list.findIndex((x) => x.key === decided.key);
  const next = stay >= 0 ? Math.min(stay + 1, list.length - 1) : Math.min(formerIndex, list.length - 1);
  return next >= 0 ? list[next].key : null;
}
