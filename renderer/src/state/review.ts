// The exception review: the queue's filters and the selected exception. Undo and redo belong to the engine
// (the history comes with the report: state/report.ts).
import { create } from 'zustand';
import type { Category, ExceptionItem } from '../../../shared/types';

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

export interface ReviewState {
  filters: ReviewFilters;
  selectedKey: string | null;
  /** A decision, an undo or a redo is on its way to the engine. */
  busy: boolean;
  setFilter<K extends keyof ReviewFilters>(k: K, v: ReviewFilters[K]): void;
  resetFilters(): void;
  select(key: string | null): void;
  setBusy(b: boolean): void;
}

export const NO_FILTERS: ReviewFilters = { category: 'all', status: 'all', minCents: null, maxCents: null, card: '', search: '' };

export const useReviewStore = create<ReviewState>()((set) => ({
  filters: NO_FILTERS,
  selectedKey: null,
  busy: false,
  setFilter: (k, v) => set((s) => ({ filters: { ...s.filters, [k]: v } })),
  resetFilters: () => set({ filters: NO_FILTERS }),
  select: (key) => set({ selectedKey: key }),
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
