// The one-to-one choice among a rule's candidate pairs, and the per-event tables matching keeps.
import type { CanonicalEvent } from '../events';
import type { System } from '../types';

/**
 * Takes candidate pairs in order (nearest first), each side used once: a pair whose either side is taken
 * already is passed over. The taken flags are per event index (1 = taken), as are all of matching's look-ups:
 * typed arrays hold them in a fraction of the memory and time of Maps and Sets of indexes.
 */
export function assign(pairs: readonly [number, number][], takenA: Uint8Array, takenB: Uint8Array): [number, number][] {
  const out: [number, number][] = [];
  for (let k = 0; k < pairs.length; k++) {
    const pair = pairs[k];
    const a = pair[0];
    const b = pair[1];
    if (takenA[a] || takenB[b]) continue;
    takenA[a] = 1;
    takenB[b] = 1;
    out.push(pair);
  }
  return out;
}

/** Each system's rows (event indexes, ascending). */
export type SystemRows = Record<System, number[]>;

/**
 * Each system's rows, found in one pass: a step about one system reads its rows only, not every event (a pass
 * over all the events costs more than the work on the rows it keeps). Events come file by file, so a system's
 * rows are a few runs: each event's system is read once, to find where its run ends.
 */
export function rowsBySystem(ev: readonly CanonicalEvent[]): SystemRows {
  const out: SystemRows = { platform: [], storefront: [], payments: [], erp: [] };
  for (let i = 0; i < ev.length; ) {
    const system = ev[i].system;
    const rows = out[system];
    do rows.push(i++);
    while (i < ev.length && ev[i].system === system);
  }
  return out;
}

/** An index per event, -1 where there is none. */
export function noIndex(n: number): Int32Array {
  return new Int32Array(n).fill(-1);
}
