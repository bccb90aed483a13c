// Exception ids for the life of a case: an id, once shown, names the same finding (by its key) whatever the
// auditor decides, however often the case is re-run or reopened. Ids are given in order of first appearance
// (a run's findings in report order, then those a later decision or re-run brings, each after the highest id
// ever given); a finding that disappears keeps its id, retired, and comes back under it.
import type { ExceptionItem } from '../types';

/** An id and the finding it was given to. */
export interface ExceptionIdEntry {
  key: string;
  id: string;
}

const ID = /^EX-(\d+)$/;

export function exceptionId(n: number): string {
  return `EX-${String(n).padStart(4, '0')}`;
}

export class ExceptionIds {
  private readonly byKey = new Map<string, number>();
  private highest = 0;

  /** A registry holding `entries` (ids not of the EX-NNNN form are left out: they could not be continued). */
  constructor(entries: readonly ExceptionIdEntry[] = []) {
    for (const e of entries) {
      const m = ID.exec(e.id);
      if (!m || this.byKey.has(e.key)) continue;
      const n = Number(m[1]);
      this.byKey.set(e.key, n);
      if (n > this.highest) this.highest = n;
    }
  }

  /** Gives each exception its id, in the order given (report order): known keys keep theirs, new ones get the next. */
  number(items: ExceptionItem[]): void {
    for (const x of items) {
      let n = this.byKey.get(x.key);
      if (n === undefined) {
        n = ++this.highest;
        this.byKey.set(x.key, n);
      }
      x.id = exceptionId(n);
    }
  }

  has(key: string): boolean {
    return this.byKey.has(key);
  }

  get size(): number {
    return this.byKey.size;
  }

  /** A copy to number a trial replay with, leaving this one as it is. */
  clone(): ExceptionIds {
    const c = new ExceptionIds();
    for (const [k, n] of this.byKey) c.byKey.set(k, n);
    c.highest = this.highest;
    return c;
  }

  /** Every id given, retired ones included, in the order given. */
  entries(): ExceptionIdEntry[] {
    return [...this.byKey].sort((a, b) => a[1] - b[1]).map(([key, n]) => ({ key, id: exceptionId(n) }));
  }
}
