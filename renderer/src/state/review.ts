// The exception review: the queue's filters and the selected exception. Undo and redo belong to the engine
// (the history comes with the report: state/report.ts).
import { create } from 'zustand';
import type { Category, ExceptionItem } from '../../../shared/types';
import { useNavStore } from './nav';

export type StatusFilter = 'all' | 'open' | 'accepted' | 'resolved' | 'deferred' | 'undecided';

export interface ReviewFilters {
  category: Category | 'all';
  status: StatusFilter;
  /** Amount range on |amount|, in cents; null = no bound. */
  minCents: number | null;
  maxCents: number | null;
  card: string;
  search: string;
}

/** The queue's order: report order (by id), by amount (absolute), by category, by card, by status. */
export type SortKey = 'id' | 'amount' | 'category' | 'card' | 'status';
export interface QueueSort {
  key: SortKey;
  dir: 1 | -1;
}

export interface ReviewState {
  filters: ReviewFilters;
  sort: QueueSort;
  selectedKey: string | null;
  /** The exceptions ticked for a bulk action, by key. */
  checked: ReadonlySet<string>;
  /** A decision, an undo or a redo is on its way to the engine. */
  busy: boolean;
  setFilter<K extends keyof ReviewFilters>(k: K, v: ReviewFilters[K]): void;
  resetFilters(): void;
  /** Sorts by a column: a second click on the same column turns the order round. */
  sortBy(key: SortKey): void;
  select(key: string | null): void;
  /** Ticks or unticks exceptions for a bulk action. */
  check(keys: string[], on: boolean): void;
  clearChecked(): void;
  setBusy(b: boolean): void;
}

export const DEFAULT_SORT: QueueSort = { key: 'id', dir: 1 };

export const NO_FILTERS: ReviewFilters = { category: 'all', status: 'all', minCents: null, maxCents: null, card: '', search: '' };

export const useReviewStore = create<ReviewState>()((set) => ({
  filters: NO_FILTERS,
  sort: DEFAULT_SORT,
  selectedKey: null,
  checked: new Set<string>(),
  busy: false,
  setFilter: (k, v) => set((s) => ({ filters: { ...s.filters, [k]: v } })),
  resetFilters: () => set({ filters: NO_FILTERS }),
  sortBy: (key) =>
    set((s) => ({ sort: { key, dir: s.sort.key === key ? (s.sort.dir === 1 ? -1 : 1) : key === 'amount' ? -1 : 1 } })),
  select: (key) => set({ selectedKey: key }),
  check: (keys, on) =>
    set((s) => {
      const checked = new Set(s.checked);
      for (const k of keys) {
        if (on) checked.add(k);
        else checked.delete(k);
      }
      return { checked };
    }),
  clearChecked: () => set({ checked: new Set<string>() }),
  setBusy: (busy) => set({ busy }),
}));

export function statusOf(x: ExceptionItem): NonNullable<ExceptionItem['status']> {
  return x.status ?? 'open';
}

/**
 * The lower-case text the search looks in, built once per exception: the queue filters on every keystroke, and
 * building it anew for 100k exceptions each time made typing stutter. Reports are replaced, never mutated, so
 * an item's text cannot go stale.
 */
const searchText = new WeakMap<ExceptionItem, string>();

function haystack(x: ExceptionItem): string {
  let hay = searchText.get(x);
  if (hay === undefined) {
    hay = `${x.id} ${x.category} ${x.card ?? ''} ${x.last_four ?? ''} ${x.order ?? ''} ${x.explanation} ${x.records.map((r) => r.ref).join(' ')}`.toLowerCase();
    searchText.set(x, hay);
  }
  return hay;
}

type Idle = (work: (deadline: { timeRemaining(): number }) => void) => number;

/** requestIdleCallback where the browser has it; else a short timeout with an 8 ms budget from when it runs. */
const whenIdle: Idle =
  typeof requestIdleCallback === 'function'
    ? (work) => requestIdleCallback(work, { timeout: 1000 })
    : (work) =>
        setTimeout(() => {
          const end = performance.now() + 8;
          work({ timeRemaining: () => Math.max(0, end - performance.now()) });
        }, 1) as unknown as number;

/**
 * Builds every exception's search text in the page's idle time, a few milliseconds at a time, so that the
 * first keystrokes of a search over 100k exceptions do not pay for all of them (a 140 ms task before). Returns
 * a function that stops it (a new report replaces the old).
 */
export function warmSearchText(all: ExceptionItem[], idle: Idle = whenIdle): () => void {
  let i = 0;
  let stopped = false;
  const slice = (deadline: { timeRemaining(): number }) => {
    if (stopped) return;
    while (i < all.length && deadline.timeRemaining() > 1) for (const end = Math.min(all.length, i + 500); i < end; i++) haystack(all[i]);
    if (i < all.length) idle(slice);
  };
  if (all.length) idle(slice);
  return () => {
    stopped = true;
  };
}

/** Whether warmSearchText (or a search) has built this exception's search text already. */
export function hasSearchText(x: ExceptionItem): boolean {
  return searchText.has(x);
}

/** The exceptions the filters let through, in report order. */
export function filterExceptions(all: ExceptionItem[], f: ReviewFilters): ExceptionItem[] {
  const card = f.card.trim().toLowerCase();
  const q = f.search.trim().toLowerCase();
  return all.filter((x) => {
    if (f.category !== 'all' && x.category !== f.category) return false;
    const st = statusOf(x);
    if (f.status === 'undecided' ? st !== 'open' && st !== 'deferred' : f.status !== 'all' && st !== f.status) return false;
    const abs = Math.abs(x.amount_cents);
    if (f.minCents !== null && abs < f.minCents) return false;
    if (f.maxCents !== null && abs > f.maxCents) return false;
    if (card) {
      const c = (x.card ?? '').toLowerCase();
      if (!c.includes(card) && !(x.last_four ?? '').includes(card) && !(x.order ?? '').toLowerCase().includes(card)) return false;
    }
    if (q && !haystack(x).includes(q)) return false;
    return true;
  });
}

/** Opens the queue on one category (a bridge bar, a row of the overview's table): every status, no other filter. */
export function showCategory(category: Category): void {
  useReviewStore.setState({ filters: { ...NO_FILTERS, category } });
  useNavStore.getState().go('exceptions');
}

/** Opens the queue on one exception (from a card's roll-forward): no filter hides it. */
export function showException(key: string): void {
  useReviewStore.setState({ filters: NO_FILTERS, selectedKey: key });
  useNavStore.getState().go('exceptions');
}

const STATUS_ORDER = { open: 0, deferred: 1, resolved: 2, accepted: 3 } as const;

/** Code-unit order: every machine sorts the same way (no locale). */
const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

/** The queue in the order asked for; ties keep report order (the ids'), so the order is always the same. */
export function sortExceptions(rows: ExceptionItem[], sort: QueueSort): ExceptionItem[] {
  if (sort.key === 'id' && sort.dir === 1) return rows;
  const order = new Map(rows.map((x, i) => [x, i]));
  const cmp = (a: ExceptionItem, b: ExceptionItem): number => {
    switch (sort.key) {
      case 'amount':
        return Math.abs(a.amount_cents) - Math.abs(b.amount_cents);
      case 'category':
        return byText(a.category, b.category);
      case 'card':
        return byText(a.card ?? a.last_four ?? '~', b.card ?? b.last_four ?? '~');
      case 'status':
        return STATUS_ORDER[statusOf(a)] - STATUS_ORDER[statusOf(b)];
      default:
        return byText(a.id, b.id);
    }
  };
  return [...rows].sort((a, b) => cmp(a, b) * sort.dir || order.get(a)! - order.get(b)!);
}
