// Every card: reconstructed against the platform, searchable, sortable, virtualised in the page's own scroll
// (one scrollbar, not one inside another); the roll-forward; and, for the card clicked, its own roll-forward
// (card/CardView.tsx).
import { useVirtualizer } from '@tanstack/react-virtual';
import { useLayoutEffect, useMemo, useRef, useState } from 'react';
import type { CardBalance } from '../../../shared/types';
import { CardNumber } from '../components/CardNumber';
import { Money } from '../components/Money';
import { maskCard, useDisplayStore } from '../state/display';
import { useNavStore } from '../state/nav';
import { useReportStore } from '../state/report';
import { CardView } from './card/CardView';
import '../review.css';

type SortKey = 'card' | 'instrument' | 'reconstructed' | 'platform' | 'difference';
const ROW_H = 28;

const diff = (c: CardBalance) => c.reconstructed_cents - c.platform_reported_cents;
const label = (c: CardBalance) => c.card ?? `last four ${c.last_four ?? '?'}${c.order ? `, order ${c.order}` : ''}`;
const cardKey = (c: CardBalance) => `${c.card ?? ''}|${c.last_four ?? ''}|${c.order ?? ''}`;

export function BalancesScreen() {
  const open = useNavStore((s) => s.card);
  return open ? <CardView of={open} /> : <AllCards />;
}

function AllCards() {
  const report = useReportStore((s) => s.report);
  const openCard = useNavStore((s) => s.openCard);
  const showCards = useDisplayStore((s) => s.showCards);
  const [q, setQ] = useState('');
  const [only, setOnly] = useState<'all' | 'differ' | 'negative'>('all');
  const [sort, setSort] = useState<{ key: SortKey; dir: 1 | -1 }>({ key: 'difference', dir: -1 });
  const cards = useMemo(() => report?.cards ?? [], [report]);

  const rows = useMemo(() => {
    const needle = q.trim().toLowerCase();
    const list = cards.filter(
      (c) =>
        (only === 'all' || (only === 'differ' ? diff(c) !== 0 : c.reconstructed_cents < 0)) &&
        (!needle || label(c).toLowerCase().includes(needle) || (c.last_four ?? '').includes(needle) || c.instrument.includes(needle)),
    );
    // The card column sorts by what it shows: masked numbers by their last four.
    const shown = (c: CardBalance) => (c.card ? (showCards ? c.card : maskCard(c.card)) : label(c));
    const val = (c: CardBalance): string | number => {
      switch (sort.key) {
        case 'card':
          return shown(c);
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
      return (x < y ? -1 : x > y ? 1 : 0) * sort.dir || (label(a) < label(b) ? -1 : label(a) > label(b) ? 1 : 0);
    });
  }, [cards, q, only, sort, showCards]);

  const totals = useMemo(() => {
    let r = 0;
    let p = 0;
    let n = 0;
    let negative = 0;
    for (const c of cards) {
      r += c.reconstructed_cents;
      p += c.platform_reported_cents;
      if (diff(c) !== 0) n++;
      if (c.reconstructed_cents < 0) negative++;
    }
    return { r, p, n, negative };
  }, [cards]);

  // The list scrolls with the page (main#main): the virtualiser measures from where the list starts in it.
  const list = useRef<HTMLDivElement>(null);
  const [margin, setMargin] = useState(0);
  useLayoutEffect(() => {
    const main = document.getElementById('main');
    if (!main || !list.current) return;
    setMargin(list.current.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop);
  }, [report]);
  const virt = useVirtualizer({
    count: rows.length,
    getScrollElement: () => document.getElementById('main'),
    estimateSize: () => ROW_H,
    overscan: 16,
    scrollMargin: margin,
  });

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
        {totals.negative > 0 && (
          <span className="bad" data-testid="negative-cards">
            {totals.negative.toLocaleString('en-US')} with a negative balance
          </span>
        )}
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
        <label>
          Show
          <select value={only} onChange={(e) => setOnly(e.target.value as typeof only)}>
            <option value="all">Every card</option>
            <option value="differ">Only cards that differ from the platform</option>
            <option value="negative">Only negative balances</option>
          </select>
        </label>
        <span className="muted">{rows.length.toLocaleString('en-US')} shown · click a card for its roll-forward</span>
      </div>

      <div className="panel balances-grid" role="table" aria-label="Card balances" aria-rowcount={rows.length}>
        <div className="bal-head sticky" role="row">
          {head('card', 'Card')}
          {head('instrument', 'Instrument')}
          {head('reconstructed', 'Reconstructed', true)}
          {head('platform', 'Platform reports', true)}
          {head('difference', 'Difference', true)}
        </div>
        <div ref={list} className="bal-list" data-count={rows.length} style={{ height: virt.getTotalSize(), position: 'relative' }}>
          {virt.getVirtualItems().map((v) => {
            const c = rows[v.index];
            const d = diff(c);
            const negative = c.reconstructed_cents < 0;
            return (
              <div
                role="row"
                key={cardKey(c)}
                className={['bal-row', d ? 'diff' : '', negative ? 'negative' : ''].filter(Boolean).join(' ')}
                style={{ transform: `translateY(${v.start - margin}px)`, height: ROW_H }}
                onClick={() => openCard(c)}
              >
                <span role="cell" className="ellipsis">
                  <button type="button" className="link card-link" onClick={() => openCard(c)} aria-label={`Roll-forward of ${label(c)}`}>
                    <CardNumber of={c} long />
                  </button>
                </span>
                <span role="cell">{c.instrument === 'gift_card' ? 'Gift card' : 'Store credit'}</span>
                <span role="cell" className="num">
                  {negative && (
                    <span className="flag-negative" title="A card cannot hold less than nothing: see its roll-forward">
                      negative
                    </span>
                  )}
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
