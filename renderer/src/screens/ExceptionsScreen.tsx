// Exception review: a virtualised, filterable, keyboard-driven queue; the selected exception's four-lane timeline,
// explanation and resolutions; decisions (single and bulk) go through the engine and are undoable.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useDeferredValue, useEffect, useMemo, useRef, useState } from 'react';
import type { TimelineRow } from '../../../shared/api';
import { RESOLUTIONS, resolutionLabel } from '../../../shared/classify/resolutions';
import { formatCents, parseAmount } from '../../../shared/money';
import { CATEGORIES, type Category, type ExceptionItem } from '../../../shared/types';
import { CATEGORY_LABELS, categoryLabel } from '../components/categories';
import { Money } from '../components/Money';
import { Timeline } from '../components/Timeline';
import { engine } from '../engine/client';
import { host } from '../host';
import { useCaseStore } from '../state/case';
import { useReportStore } from '../state/report';
import { filterExceptions, statusOf, useReviewStore, type StatusFilter } from '../state/review';
import { decide, redo, undo } from '../state/review-actions';
import '../review.css';

const ROW_H = 30;

function isTyping(t: EventTarget | null): boolean {
  const el = t as HTMLElement | null;
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable);
}

function centsOrNull(s: string): number | null {
  if (!s.trim()) return null;
  const r = parseAmount(s);
  return r.ok ? Math.abs(r.cents) : null;
}

export function ExceptionsScreen() {
  const report = useReportStore((s) => s.report);
  const tolerance = useCaseStore((s) => s.settings.autoSettleToleranceCents);
  const filters = useReviewStore((s) => s.filters);
  const setFilter = useReviewStore((s) => s.setFilter);
  const selectedKey = useReviewStore((s) => s.selectedKey);
  const select = useReviewStore((s) => s.select);
  const canUndo = useReviewStore((s) => s.undo.length > 0);
  const canRedo = useReviewStore((s) => s.redo.length > 0);
  const busy = useReviewStore((s) => s.busy);
  const [minText, setMinText] = useState(filters.minCents === null ? '' : String(filters.minCents / 100));
  const [maxText, setMaxText] = useState(filters.maxCents === null ? '' : String(filters.maxCents / 100));

  const all = useMemo(() => report?.exceptions ?? [], [report]);
  // The inputs show each keystroke at once; the queue follows as a deferred render, so typing in Search over
  // 100k exceptions never waits for the filtering.
  const shownFilters = useDeferredValue(filters);
  const rows = useMemo(() => filterExceptions(all, shownFilters), [all, shownFilters]);
  const index = useMemo(() => rows.findIndex((x) => x.key === selectedKey), [rows, selectedKey]);
  const selected = index >= 0 ? rows[index] : null;
  const counts = useMemo(() => {
    const c = { open: 0, accepted: 0, resolved: 0, deferred: 0 };
    for (const x of all) c[statusOf(x)]++;
    return c;
  }, [all]);
  // Per-category counts for the filter's options, in one pass (the screen re-renders on every scroll frame).
  const perCategory = useMemo(() => {
    const c = new Map<Category, number>();
    for (const x of all) c.set(x.category, (c.get(x.category) ?? 0) + 1);
    return c;
  }, [all]);
  const bulkCategory = filters.category !== 'all' ? filters.category : null;
  const categoryOpen = useMemo(() => (bulkCategory ? all.filter((x) => x.category === bulkCategory && statusOf(x) !== 'accepted') : []), [all, bulkCategory]);
  const settleable = useMemo(
    () => all.filter((x) => Math.abs(x.amount_cents) <= tolerance && (statusOf(x) === 'open' || statusOf(x) === 'deferred')),
    [all, tolerance],
  );

  const noteRef = useRef<HTMLTextAreaElement>(null);

  // Keep a selection while there are rows.
  useEffect(() => {
    if (index < 0 && rows.length) select(rows[0].key);
  }, [index, rows, select]);


  const move = (delta: number) => {
    if (!rows.length) return;
    const next = Math.max(0, Math.min(rows.length - 1, (index < 0 ? 0 : index) + delta));
    select(rows[next].key);
  };

  const [note, setNote] = useState('');
  useEffect(() => setNote(''), [selectedKey]);

  const acceptSelected = async () => {
    if (!selected) return;
    const i = index;
    const ok = await decide([selected], 'accept', { note });
    if (ok) {
      // Move on to the next exception in the queue (the list may have changed under a status filter).
      const list = filterExceptions(useReportStore.getState().report?.exceptions ?? [], useReviewStore.getState().filters);
      const stay = list.findIndex((x) => x.key === selected.key);
      const next = stay >= 0 ? Math.min(stay + 1, list.length - 1) : Math.min(i, list.length - 1);
      if (next >= 0) select(list[next].key);
    }
  };

  // Keyboard: j/k move, a accept, n note, d defer, u undo, Shift+U redo (also Ctrl/⌘+Z, Ctrl/⌘+Shift+Z).
  const keys = useRef({ move, acceptSelected, selected, note });
  keys.current = { move, acceptSelected, selected, note };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const mod = e.ctrlKey || e.metaKey;
      if (mod && e.key.toLowerCase() === 'z' && !isTyping(e.target)) {
        e.preventDefault();
        void (e.shiftKey ? redo() : undo());
        return;
      }
      if (mod || e.altKey || isTyping(e.target)) return;
      const k = keys.current;
      switch (e.key) {
        case 'j':
        case 'ArrowDown':
          e.preventDefault();
          k.move(1);
          break;
        case 'k':
        case 'ArrowUp':
          e.preventDefault();
          k.move(-1);
          break;
        case 'a':
          e.preventDefault();
          void k.acceptSelected();
          break;
        case 'd':
          e.preventDefault();
          if (k.selected) void decide([k.selected], 'defer', { note: k.note });
          break;
        case 'n':
          e.preventDefault();
          noteRef.current?.focus();
          break;
        case 'u':
          e.preventDefault();
          void undo();
          break;
        case 'U':
          e.preventDefault();
          void redo();
          break;
        default:
      }
    };
    window.addEventListener('keydown', onKey);
    const off = host.onMenu((cmd) => {
      if (cmd === 'undo') void undo();
      if (cmd === 'redo') void redo();
    });
    return () => {
      window.removeEventListener('keydown', onKey);
      off();
    };
  }, []);

  if (!report) return null;

  return (
    <section className="screen exceptions-screen" aria-labelledby="exceptions-title">
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

      <div className="review-split">
        <div className="queue panel">
          <div className="queue-head" role="row">
            <span>ID</span>
            <span>Category</span>
            <span>Card</span>
            <span className="num">Amount</span>
            <span>Status</span>
          </div>
          <QueueList rows={rows} index={index} onSelect={select} />
          <div className="queue-foot muted small">
            {rows.length === all.length ? `${rows.length.toLocaleString('en-US')} exceptions` : `${rows.length.toLocaleString('en-US')} of ${all.length.toLocaleString('en-US')} shown`}
            {index >= 0 && ` · #${index + 1}`}
          </div>
        </div>

        <div className="detail">
          {selected ? (
            <ExceptionDetail x={selected} note={note} setNote={setNote} noteRef={noteRef} onAccept={() => void acceptSelected()} busy={busy} />
          ) : (
            <div className="panel muted">No exception matches the filters.</div>
          )}
        </div>
      </div>
    </section>
  );
}

/**
 * The virtualised queue. It owns the scroll state, so a scroll frame re-renders only the visible rows, not the
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

function ExceptionDetail({
  x,
  note,
  setNote,
  noteRef,
  onAccept,
  busy,
}: {
  x: ExceptionItem;
  note: string;
  setNote: (s: string) => void;
  noteRef: React.RefObject<HTMLTextAreaElement | null>;
  onAccept: () => void;
  busy: boolean;
}) {
  const [timeline, setTimeline] = useState<TimelineRow[] | null>(null);
  const [error, setError] = useState<string | null>(null);
  // Where the card stands at the period end, under the decisions in force.
  const balance = useReportStore((s) => (x.card ? s.report?.cards.find((c) => c.card === x.card) : undefined));
  const options = RESOLUTIONS[x.category];
  const inForce = x.resolution ?? options[0].code;
  const [choice, setChoice] = useState(inForce);
  useEffect(() => setChoice(inForce), [x.key, inForce]);

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

  const st = statusOf(x);
  return (
    <>
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
            <dd className="mono">{x.card ?? (x.last_four ? `last four ${x.last_four}${x.order ? `, order ${x.order}` : ''}` : '—')}</dd>
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
          {x.suggestions?.length ? (
            <div>
              <dt title="Near misses: not matched automatically">Possible counterparts</dt>
              <dd className="mono small">{x.suggestions.map((r) => `${r.system}:${r.ref}`).join(', ')}</dd>
            </div>
          ) : null}
        </dl>
        <p className="explanation">{x.explanation}</p>
        <p>
          <span className="muted">Suggested: </span>
          {x.suggested_resolution}
        </p>
      </div>

      <div className="panel decide" aria-label="Decision">
        <h4>Resolution</h4>
        <div role="radiogroup" aria-label="Resolution">
          {options.map((o, i) => (
            <label key={o.code} className="radio">
              <input type="radio" name="resolution" value={o.code} checked={choice === o.code} onChange={() => setChoice(o.code)} />
              {o.label}
              {i === 0 && <span className="muted small"> (default)</span>}
              {o.code === inForce && <span className="badge in-force">in force</span>}
            </label>
          ))}
        </div>
        <label className="note">
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
        <div className="row-actions">
          <button type="button" className="btn primary" disabled={busy} onClick={onAccept} aria-keyshortcuts="a">
            Accept suggested
          </button>
          <button
            type="button"
            className="btn"
            disabled={busy || choice === options[0].code}
            onClick={() => void decide([x], 'resolve', { resolution: choice, note, label: `${x.id}: ${resolutionLabel(x.category, choice)}` })}
          >
            Choose this resolution
          </button>
          <button type="button" className="btn" disabled={busy} onClick={() => void decide([x], 'defer', { note })} aria-keyshortcuts="d">
            Defer
          </button>
          <span className="muted small">In force: {resolutionLabel(x.category, inForce)}</span>
        </div>
      </div>

      <div className="panel">
        <h4>Timeline across the four systems</h4>
        {error && <div className="error-box">{error}</div>}
        {timeline ? <Timeline rows={timeline} highlight={x.records} /> : !error && <p className="muted">Loading…</p>}
      </div>
    </>
  );
}
