// The queue: its column heads, the virtualised list of exceptions, and how many are shown.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useRef } from 'react';
import type { ExceptionItem } from '../../../../shared/types';
import { categoryLabel } from '../../components/categories';
import { Money } from '../../components/Money';
import { statusOf } from '../../state/review';

const ROW_H = 30;

export function QueuePanel({ all, rows, index, onSelect }: { all: ExceptionItem[]; rows: ExceptionItem[]; index: number; onSelect: (key: string) => void }) {
  return (
    <div className="queue panel">
      <div className="queue-head" role="row">
        <span>ID</span>
        <span>Category</span>
        <span>Card</span>
        <span className="num">Amount</span>
        <span>Status</span>
      </div>
      <QueueList rows={rows} index={index} onSelect={onSelect} />
      <div className="queue-foot muted small">
        {rows.length === all.length ? `${rows.length.toLocaleString('en-US')} exceptions` : `${rows.length.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} shown`}
        {index >= 0 && ` · #${index + 1}`}
      </div>
    </div>
  );
}

/**
 * The virtualised list. It owns the scroll state, so a scroll frame re-renders only the visible rows, not the
 * filters, the detail pane or the timeline beside it.
 */
function QueueList({ rows, index, onSelect }: { rows: ExceptionItem[]; index: number; onSelect: (key: string) => void }) {
  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 12 });
  const selected = index >= 0 ? rows[index] : null;
  useEffect(() => {
    if (index >= 0) virt.scrollToIndex(index, { align: 'auto' });
  }, [index, virt]);
  return (
    <div
      ref={scroller}
      className="queue-scroll"
      role="listbox"
      aria-label="Exception queue"
      aria-activedescendant={selected ? `ex-${selected.id}` : undefined}
      tabIndex={0}
      data-count={rows.length}
    >
      <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
        {virt.getVirtualItems().map((v) => {
          const x = rows[v.index];
          const st = statusOf(x);
          const isSel = v.index === index;
          return (
            <div
              key={x.key}
              id={`ex-${x.id}`}
              role="option"
              aria-selected={isSel}
              data-key={x.key}
              data-status={st}
              className={isSel ? 'queue-row selected' : 'queue-row'}
              style={{ transform: `translateY(${v.start}px)`, height: ROW_H }}
              onClick={() => onSelect(x.key)}
            >
              <span className="mono">{x.id}</span>
              <span className="ellipsis">{categoryLabel(x.category)}</span>
              <span className="mono ellipsis">{x.card ? `…${x.card.slice(-4)}` : x.last_four ? `…${x.last_four}*` : '—'}</span>
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
