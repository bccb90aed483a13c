// ERP liability lines by what they reference: a platform Transaction ID (one line per transaction, a second
// line of the same amount a double posting), or the opening balance journal. A line with no Reference (a ledger
// that keeps none, and no id in its memo) goes by the order its memo names and its amount and direction, one to
// one with a platform transaction no other line references. Lines nothing operational accounts for are
// movements of their own.
import type { CanonicalEvent } from '../events';
import { NONE, newMember, newMovement, type ErpOnly } from './movement';
import { assign, noIndex, rowsBySystem } from './one-to-one';
import type { RuleCounts } from './rule-ids';

export interface ErpLinks {
  /**
   * Per platform row, the first ERP line linked to it (-1: none); `nextLine`, per ERP line, the next line linked
   * to the same platform row (-1: the last). Per event index, as all of matching's look-ups (one-to-one.ts).
   */
  firstLine: Int32Array;
  nextLine: Int32Array;
  /** ERP lines linked by their memo's order and amount (1), the others by Reference. */
  byOrder: Uint8Array;
  /** ERP lines accounted for (1): linked to a platform row or part of the opening journal. */
  assigned: Uint8Array;
  /** The lines of the opening balance journal. */
  opening: number[];
  linked: RuleCounts;
}

/**
 * `references`: candidate pairs (ERP line, platform row) by Reference; each line's first pair decides it.
 * `byOrder`: candidate pairs (ERP line without a Reference, platform row) by the memo's order and the amount,
 * nearest first.
 */
export function linkErp(
  ev: readonly CanonicalEvent[],
  references: readonly [number, number][],
  byOrder: readonly [number, number][] = [],
  erpRows: readonly number[] = rowsBySystem(ev).erp,
): ErpLinks {
  const n = ev.length;
  const out: ErpLinks = {
    firstLine: noIndex(n), nextLine: noIndex(n), byOrder: new Uint8Array(n), assigned: new Uint8Array(n), opening: [], linked: {},
  };
  const lastLine = noIndex(n);
  const link = (e: number, p: number) => {
    out.assigned[e] = 1;
    if (out.firstLine[p] < 0) out.firstLine[p] = e;
    else out.nextLine[lastLine[p]] = e;
    lastLine[p] = e;
  };
  let linked = 0;
  for (let k = 0; k < references.length; k++) {
    const e = references[k][0];
    if (out.assigned[e]) continue;
    link(e, references[k][1]);
    linked++;
  }
  if (linked) out.linked.erpReference = linked;
  if (byOrder.length) {
    // A batch line names no order of its own transactions; a platform row another line references is booked.
    const referenced = new Uint8Array(n);
    for (let p = 0; p < n; p++) if (out.firstLine[p] >= 0) referenced[p] = 1;
    // A Void found through a redemption of the order must be the one that reversed it (it took that order).
    const open = byOrder.filter(([e, p]) => !out.assigned[e] && ev[p].order === ev[e].order && !/\bbatch\b/i.test(ev[e].memo ?? ''));
    const chosen = assign(open, new Uint8Array(ev.length), referenced);
    for (const [e, p] of chosen) {
      link(e, p);
      out.byOrder[e] = 1;
    }
    if (chosen.length) out.linked.erpOrderAmount = chosen.length;
  }
  for (let k = 0; k < erpRows.length; k++) {
    const i = erpRows[k];
    if (out.assigned[i] || !ev[i].scope || !isOpeningLine(ev[i])) continue;
    out.opening.push(i);
    out.assigned[i] = 1;
  }
  return out;
}

/** The ERP lines linked to platform row `p`, in the order they were linked: a new list, or the shared empty one. */
export function erpLinesOf(links: Pick<ErpLinks, 'firstLine' | 'nextLine'>, p: number): readonly number[] {
  let count = 0;
  for (let l = links.firstLine[p]; l >= 0; l = links.nextLine[l]) count++;
  if (count === 0) return NONE;
  const lines: number[] = new Array(count);
  let k = 0;
  for (let l = links.firstLine[p]; l >= 0; l = links.nextLine[l]) lines[k++] = l;
  return lines;
}

/** A line of the opening balance journal: an OB- journal, or a system entry whose memo says opening. */
function isOpeningLine(e: CanonicalEvent): boolean {
  return /^OB[-_]/i.test(e.journal ?? '') || (e.channel?.toLowerCase() === 'system' && /opening/i.test(e.memo ?? ''));
}

/** A movement of no true effect for each ERP liability line not accounted for (`assigned`: 1 where it is). */
export function erpOnlyMovements(ev: readonly CanonicalEvent[], assigned: Uint8Array, erpRows: readonly number[]): ErpOnly[] {
  const out: ErpOnly[] = [];
  for (let k = 0; k < erpRows.length; k++) {
    const i = erpRows[k];
    if (assigned[i]) continue;
    const e = ev[i];
    if (!e.scope) continue;
    out.push(
      newMovement<ErpOnly>('erp_only', e, {
        card: null, trueEffectCents: 0, flow: 'adjusted', members: [newMember(i, e.effect, 'unmatched')], erpLines: [i],
      }),
    );
  }
  return out;
}
