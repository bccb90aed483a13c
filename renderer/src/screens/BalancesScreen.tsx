// Every card: reconstructed against the platform, searchable, sortable, virtualised; and the roll-forward.
import { useVirtualizer } from '@tanstack/react-virtual';
import { useMemo, useRef, useState } from 'react';
import type { CardBalance } from '../../../shared/types';
import { Money } from '../components/Money';
import { useReportStore } from '../state/report';
import '../review.css';

type SortKey = 'card' | 'instrument' | 'reconstructed' | 'platform' | 'difference';
const ROW_H = 28;

const diff = (c: CardBalance) => c.reconstructed_cents - c.platform_reported_cents;
const label = (c: CardBalance) => c.card ?? `last four ${c.last_four ?? '?'}${c.order ? `, order ${c.order}` : ''}`;

export function BalancesScreen() {
  const report = useReportStore((s) => s.report);
  const [q, setQ] = useState('');
  const [onlyDiff, setOnlyDiff] = useState(false);
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'difference', dir: -1 });
  const cards = useMemo(() => report?.cards ?? [], [report]);

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const list = cards.filter(
      (c) =>
        (!onlyDiff || diff(c) !== 0) &&
        (!needle || label(c).toLowerCase().includes(needle) || (c.last_four ?? '').includes(needle) || c.instrument.includes(needle)),
    );
    const val = (c: CardBalance): string | number => {
      switch (sort.key) {
        case 'card':
          return label(c);
        case 'instrument':
          return c.instrument;
        case 'reconstructed':
          return c.reconstructed_cents;
        case 'platform':
          return c.platform_reported_cents;
        default:
          return Math.abs(diff(c));
      }
    };
    return list.sort((a, b) => {
      const x = val(a);
      const y = val(b);
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir || label(a).localeCompare(label(b));
    });
  }, [cards, q, onlyDiff, sort]);

  const totals = useMemo(() => {
    let r = 0;
    let p = 0;
    let n = 0;
    for (const c of cards) {
      r += c.reconstructed_cents;
      p += c.platform_reported_cents;
      if (diff(c) !== 0) n++;
    }
    return { r, p, n };
  }, [cards]);

  const scroller = useRef<HTMLDivElement>(null);
  const virt = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_H, overscan: 16 });

  if (!report) return null;
  const rf = report.liability.rollforward;
  const head = (key: SortKey, text: string, num = false) => (
    <button
      type="button"
      className={num ? 'num' : ''}
      aria-sort={sort.key === key ? (sort.dir === 1 ? 'ascending' : 'descending') : 'none'}
      onClick={() => setSort((s) => ({ key, dir: s.key === key ? (s.dir === 1 ? -1 : 1) : num ? -1 : 1 }))}
    >
      {text}
      {sort.key === key ? (sort.dir === 1 ? ' ▲' : ' ▼') : ''}
    </button>
  );

  return (
    <section className="screen balances-screen" aria-labelledby="balances-title">
      <div className="screen-head">
        <h2 id="balances-title">Balances</h2>
        <span className="muted">
          {cards.length.toLocaleString('en-US')} cards · {totals.n.toLocaleString('en-US')} differ from the platform
        </span>
      </div>

      <div className="panel">
        <h3>Roll-forward</h3>
        <table className="grid rf-table" aria-label="Roll-forward">
          <tbody>
            {(
              [
                ['Opening balance', rf.opening_cents],
                ['+ Issued', rf.issued_cents],
                ['+ Reloaded', rf.reloaded_cents],
                ['− Redeemed', rf.redeemed_cents],
                ['+ Refunded to cards', rf.refunded_cents],
                ['± Voided (net)', rf.voided_cents],
                ['± Adjusted (net)', rf.adjusted_cents],
                ['− Expired', rf.expired_cents],
              ] as const
            ).map(([t, v]) => (
              <tr key={t}>
                <th scope="row">{t}</th>
                <td className="num">
                  <Money cents={v} />
                </td>
              </tr>
            ))}
          </tbody>
          <tfoot>
            <tr>
              <th scope="row">Closing balance (reconstructed)</th>
              <td className="num" data-testid="rf-closing" data-cents={rf.closing_cents}>
                <Money cents={rf.closing_cents} />
              </td>
            </tr>
          </tfoot>
        </table>
      </div>

      <div className="filter-bar panel" role="search" aria-label="Filter cards">
        <label className="grow">
          Search cards
          <input type="search" value={q} placeholder="card number, last four, order" onChange={(e) => setQ(e.target.value)} />
        </label>
        <label className="inline-check">
          <span>
            <input type="checkbox" checked={onlyDiff} onChange={(e) => setOnlyDiff(e.target.checked)} /> Only cards that differ
          </span>
        </label>
        <span className="muted">{rows.length.toLocaleString('en-US')} shown</span>
      </div>

      <div className="panel balances-grid" role="table" aria-label="Card balances" aria-rowcount={rows.length}>
        <div className="bal-head" role="row">
          {head('card', 'Card')}
          {head('instrument', 'Instrument')}
          {head('reconstructed', 'Reconstructed', true)}
          {head('platform', 'Platform reports', true)}
          {head('difference', 'Difference', true)}
        </div>
        <div ref={scroller} className="bal-scroll" data-count={rows.length}>
          <div style={{ height: virt.getTotalSize(), position: 'relative' }}>
            {virt.getVirtualItems().map((v) => {
              const c = rows[v.index];
              const d = diff(c);
              return (
                <div
                  role="row"
                  key={`${c.card ?? ''}|${c.last_four ?? ''}|${c.order ?? ''}`}
                  className={d ? 'bal-row diff' : 'bal-row'}
                  style={{ transform: `translateY(${v.start}px)`, height: ROW_H }}
                >
                  <span role="cell" className="mono ellipsis">
                    {label(c)}
                  </span>
                  <span role="cell">{c.instrument === 'gift_card' ? 'Gift card' : 'Store credit'}</span>
                  <span role="cell" className="num">
                    <Money cents={c.reconstructed_cents} />
                  </span>
                  <span role="cell" className="num">
                    <Money cents={c.platform_reported_cents} />
                  </span>
                  <span role="cell" className="num">
                    <Money cents={d} signed />
                  </span>
                </div>
              );
            })}
          </div>
        </div>
        <div className="bal-head bal-total" role="row">
          <span role="cell">Total</span>
          <span role="cell" />
          <span role="cell" className="num" data-testid="cards-total" data-cents={totals.r}>
            <Money cents={totals.r} />
          </span>
          <span role="cell" className="num">
            <Money cents={totals.p} />
          </span>
          <span role="cell" className="num">
            <Money cents={totals.r - totals.p} signed />
          </span>
        </div>
      </div>
    </section>
  );
}
