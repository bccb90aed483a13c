// The queue: its column heads (click to sort), the virtualised list of exceptions with a tick box each for bulk
// actions, and how many are shown and ticked.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ExceptionItem } from '../../../../shared/types';
import { CardNumber, LAST_FOUR_NOTE } from '../../components/CardNumber';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { statusOf, useReviewStore, type SortKey } from '../../state/review';

const ROW_H = 30;

export function QueuePanel({ all, rows, index, onSelect }: { all: ExceptionItem[]; rows: ExceptionItem[]; index: number; onSelect: (key: string) => void }) {
  const checked = useReviewStore((s) => s.checked);
  const check = useReviewStore((s) => s.check);
  const shownChecked = rows.reduce((n, x) => n + (checked.has(x.key) ? 1 : 0), 0);
  const lastFourOnly = rows.some((x) => !x.card && x.last_four);
  return (
    <div className="queue panel">
      <div className="queue-head" role="row">
        <span>
          <input
            type="checkbox"
            aria-label="Tick every exception shown"
            checked={rows.length > 0 && shownChecked === rows.length}
            ref={(el) => {
              if (el) el.indeterminate = shownChecked > 0 && shownChecked < rows.length;
            }}
            onChange={(e) => check(rows.map((x) => x.key), e.target.checked)}
          />
        </span>
        <SortHead k="id" text="ID" />
        <SortHead k="category" text="Category" />
        <SortHead k="card" text="Card" />
        <SortHead k="amount" text="Amount" num />
        <SortHead k="status" text="Status" />
      </div>
      <QueueList rows={rows} index={index} onSelect={onSelect} />
      <div className="queue-foot muted small">
        {rows.length === all.length ? `${rows.length.toLocaleString('en-US')} exceptions` : `${rows.length.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} shown`}
        {index >= 0 && ` · #${index + 1}`}
        {checked.size > 0 && <span data-testid="checked-count"> · {checked.size.toLocaleString('en-US')} ticked</span>}
        {lastFourOnly && (
          <span className="last-four-legend">
            {' '}
            · <span className="last-four-mark">*</span> {LAST_FOUR_NOTE}
          </span>
        )}
      </div>
    </div>
  );
}

function SortHead({ k, text, num = false }: { k: SortKey; text: string; num?: boolean }) {
  const sort = useReviewStore((s) => s.sort);
  const sortBy = useReviewStore((s) => s.sortBy);
  const on = sort.key === k;
  return (
    <button
      type="button"
      className={num ? 'sort-head num' : 'sort-head'}
      aria-sort={on ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
      title={`Sort by ${text.toLowerCase()}`}
      onClick={() => sortBy(k)}
    >
      {text}
      {on ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
    </button>
  );
}

/**
 * The virtualised list. It owns the scroll state, so a scroll frame re-renders only the visible rows, not the
 * filters, the detail pane or the timeline beside it.
 */
function QueueList({ rows, index, onSelect }: { rows: ExceptionItem[]; index: number; onSelect: (key: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const checked = useReviewStore((s) => s.checked);
  const check = useReviewStore((s) => s.check);
  const anchor = useRef<number | null>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 12 });
  const selected = index >= 0 ? rows[index] : null;
  useEffect(() => {
    if (index >= 0) virt.scrollToIndex(index, { align: 'auto' });
  }, [index, virt]);
  // Shift+click ticks the run of rows from the last one ticked by hand.
  const tick = (i: number, on: boolean, range: boolean) => {
    const from = range && anchor.current !== null ? Math.min(anchor.current, i) : i;
    const to = range && anchor.current !== null ? Math.max(anchor.current, i) : i;
    check(rows.slice(from, to + 1).map((x) => x.key), on);
    anchor.current = i;
  };
  return (
    <div
      ref={scroller}
      className="queue-scroll"
      role="listbox"
      aria-label="Exception queue"
      aria-multiselectable="true"
      aria-activedescendant={selected ? `ex-${selected.id}` : undefined}
      tabIndex={0}
      data-count={rows.length}
    >
      <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
        {virt.getVirtualItems().map((v) => {
          const x = rows[v.index];
          const st = statusOf(x);
          const isSel = v.index === index;
          const isChecked = checked.has(x.key);
          return (
            <div
              key={x.key}
              id={`ex-${x.id}`}
              role="option"
              aria-selected={isSel}
              aria-checked={isChecked}
              data-key={x.key}
              data-status={st}
              className={['queue-row', isSel ? 'selected' : '', isChecked ? 'checked' : ''].filter(Boolean).join(' ')}
              style={{ transform: `translateY(${v.start}px)`, height: ROW_H }}
              onClick={() => onSelect(x.key)}
            >
              <span onClick={(e) => e.stopPropagation()}>
                <input
                  type="checkbox"
                  aria-label={`Tick ${x.id}`}
                  checked={isChecked}
                  onChange={(e) => tick(v.index, e.target.checked, (e.nativeEvent as MouseEvent).shiftKey)}
                />
              </span>
              <span className="mono">{x.id}</span>
              <span className="ellipsis">{categoryLabel(x.category)}</span>
              <span className="ellipsis">
                <CardNumber of={x} />
              </span>
              <span className="num">
                <Money cents={x.amount_cents} />
              </span>
              <span className={`status status-${st}`}>{st}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
