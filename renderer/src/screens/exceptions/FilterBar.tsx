// The queue's filters: category (with counts), status, amount range, card and free-text search.
import { useMemo, useState } from 'react';
import { parseAmount } from '../../../../shared/money';
import { CATEGORIES, type Category, type ExceptionItem } from '../../../../shared/types';
import { CATEGORY_LABELS } from '../../components/categories';
import { useReviewStore, type StatusFilter } from '../../state/review';

function centsOrNull(s: string): number | null {
  if (!s.trim()) return null;
  const r = parseAmount(s);
  return r.ok ? Math.abs(r.cents) : null;
}

export function FilterBar({ all }: { all: ExceptionItem[] }) {
  const filters = useReviewStore((s) => s.filters);
  const setFilter = useReviewStore((s) => s.setFilter);
  const [minText, setMinText] = useState(filters.minCents === null ? '' : String(filters.minCents / 100));
  const [maxText, setMaxText] = useState(filters.maxCents === null ? '' : String(filters.maxCents / 100));
  // Per-category counts for the options, in one pass.
  const perCategory = useMemo(() => {
    const c = new Map<Category, number>();
    for (const x of all) c.set(x.category, (c.get(x.category) ?? 0) + 1);
    return c;
  }, [all]);

  return (
    <div className="filter-bar panel" role="search" aria-label="Filter exceptions">
      <label>
        Category
        <select value={filters.category} onChange={(e) => setFilter('category', e.target.value as Category | 'all')}>
          <option value="all">All categories</option>
          {CATEGORIES.map((c) => (
            <option key={c} value={c}>
              {CATEGORY_LABELS[c]} ({perCategory.get(c) ?? 0})
            </option>
          ))}
        </select>
      </label>
      <label>
        Status
        <select value={filters.status} onChange={(e) => setFilter('status', e.target.value as StatusFilter)}>
          <option value="all">Any</option>
          <option value="undecided">Open or deferred</option>
          <option value="open">Open</option>
          <option value="accepted">Accepted</option>
          <option value="resolved">Alternative chosen</option>
          <option value="deferred">Deferred</option>
        </select>
      </label>
      <label>
        Amount from
        <input className="num amt" inputMode="decimal" value={minText} placeholder="0.00" onChange={(e) => {
          setMinText(e.target.value);
          setFilter('minCents', centsOrNull(e.target.value));
        }} />
      </label>
      <label>
        to
        <input className="num amt" inputMode="decimal" value={maxText} placeholder="any" onChange={(e) => {
          setMaxText(e.target.value);
          setFilter('maxCents', centsOrNull(e.target.value));
        }} />
      </label>
      <label>
        Card
        <input value={filters.card} placeholder="number, last four, order" onChange={(e) => setFilter('card', e.target.value)} />
      </label>
      <label className="grow">
        Search
        <input type="search" value={filters.search} placeholder="id, reference, words" onChange={(e) => setFilter('search', e.target.value)} />
      </label>
    </div>
  );
}
