// Passes over the run's large arrays (events, movements: millions of entries). Such a pass mostly runs once per
// run, so V8 optimizes it mid-loop (on-stack replacement); a for…of loop optimized that way still allocates an
// iterator result per element (40 bytes: 400 MB of garbage over 10M events), an indexed loop nothing. The hot
// passes are written with indexes for that reason (docs/performance.md §5).

/** Appends every item of `items` to `out` (push(...items) would overflow the stack past about 100,000). */
export function pushAll<T>(out: T[], items: readonly T[]): void {
  for (let i = 0; i < items.length; i++) out.push(items[i]);
}
