// The recent-cases list, as a pure function both hosts share (Electron keeps it in userData, the browser
// in localStorage): most recent first, one entry per path, capped.
import type { CaseLocation } from './host';

export const MAX_RECENT = 10;

export interface StoredRecent extends CaseLocation {
  openedAt: string;
}

export function addToRecent(
  list: readonly StoredRecent[],
  loc: CaseLocation,
  now: Date,
  max = MAX_RECENT,
): StoredRecent[] {
  const entry: StoredRecent = { path: loc.path, name: loc.name, openedAt: now.toISOString() };
  return [entry, ...list.filter((r) => r.path !== loc.path)].slice(0, max);
}

/** Reads a stored list defensively: a hand-edited or older file must not break the start screen. */
export function parseRecent(raw: unknown): StoredRecent[] {
  if (!Array.isArray(raw)) return [];
  const out: StoredRecent[] = [];
  for (const r of raw) {
    if (
      r &&
      typeof r === 'object' &&
      typeof (r as StoredRecent).path === 'string' &&
      typeof (r as StoredRecent).name === 'string' &&
      typeof (r as StoredRecent).openedAt === 'string'
    ) {
      const { path, name, openedAt } = r as StoredRecent;
      if (!out.some((o) => o.path === path)) out.push({ path, name, openedAt });
    }
  }
  return out.slice(0, MAX_RECENT);
}
