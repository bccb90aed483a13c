// Canonical events packed into columns, to cross from one thread to another. Structured cloning an array of
// event objects writes every property name of every object; at 400,000 ERP lines it took 1.3 s to read back,
// more than reading the file. Packed, the numbers travel as transferred typed arrays and the text as one
// array of strings (each distinct value of a few-valued column once), and unpacking builds the objects
// directly, the same as the reader makes them.
import type { CanonicalEvent } from '../events';

/** Numeric fields, in a Float64Array of `n × NUMBERS.length` (balanceAfter: NaN for null). */
const NUMBERS = ['fileId', 'row', 'amount', 'effect', 'at', 'balanceAfter', 'scope'] as const;
/** Text fields (null allowed), as indexes into `strings` (-1 for null) in an Int32Array of `n × TEXTS.length`. */
const TEXTS = [
  'system', 'key', 'instrument', 'card', 'last4', 'type', 'bdate', 'order', 'ref', 'operator', 'status', 'account',
  'journal', 'memo', 'currency', 'channel',
] as const;
/** Text fields whose values repeat across rows: stored once each. The others are stored row by row. */
const FEW_VALUED = new Set<string>(['system', 'instrument', 'last4', 'type', 'bdate', 'operator', 'status', 'account', 'currency', 'channel']);

export interface PackedEvents {
  n: number;
  numbers: Float64Array;
  texts: Int32Array;
  strings: string[];
}

// Every field of CanonicalEvent is in one of the two lists, and nothing else is: checked by the compiler.
type Listed = (typeof NUMBERS)[number] | (typeof TEXTS)[number];
type Unlisted = Exclude<keyof CanonicalEvent, Listed> | Exclude<Listed, keyof CanonicalEvent>;
const allFieldsListed: [Unlisted] extends [never] ? true : never = true;
void allFieldsListed;

export function packEvents(events: readonly CanonicalEvent[]): PackedEvents {
  const n = events.length;
  const numbers = new Float64Array(n * NUMBERS.length);
  const texts = new Int32Array(n * TEXTS.length);
  const strings: string[] = [];
  const known = new Map<string, number>();
  for (let i = 0; i < n; i++) {
    const e = events[i] as unknown as Record<string, string | number | null>;
    for (let k = 0; k < NUMBERS.length; k++) {
      const v = e[NUMBERS[k]] as number | null;
      numbers[i * NUMBERS.length + k] = v === null ? NaN : v;
    }
    for (let k = 0; k < TEXTS.length; k++) {
      const v = e[TEXTS[k]] as string | null;
      let at = -1;
      if (v !== null) {
        if (FEW_VALUED.has(TEXTS[k])) {
          at = known.get(v) ?? -1;
          if (at < 0) {
            at = strings.push(v) - 1;
            known.set(v, at);
          }
        } else at = strings.push(v) - 1;
      }
      texts[i * TEXTS.length + k] = at;
    }
  }
  return { n, numbers, texts, strings };
}

export function unpackEvents(p: PackedEvents): CanonicalEvent[] {
  const { n, numbers: x, texts: t, strings: s } = p;
  const N = NUMBERS.length;
  const T = TEXTS.length;
  const text = (i: number, k: number): string | null => {
    const at = t[i * T + k];
    return at < 0 ? null : s[at];
  };
  const out: CanonicalEvent[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const balanceAfter = x[i * N + 5];
    // The fields in the order the reader creates them (normalize.ts, blank), so the objects share one shape.
    out[i] = {
      system: text(i, 0) as CanonicalEvent['system'],
      fileId: x[i * N],
      row: x[i * N + 1],
      key: text(i, 1)!,
      instrument: text(i, 2) as CanonicalEvent['instrument'],
      card: text(i, 3),
      last4: text(i, 4),
      type: text(i, 5)!,
      amount: x[i * N + 2],
      effect: x[i * N + 3],
      at: x[i * N + 4],
      bdate: text(i, 6)!,
      order: text(i, 7),
      ref: text(i, 8),
      operator: text(i, 9),
      status: text(i, 10),
      balanceAfter: Number.isNaN(balanceAfter) ? null : balanceAfter,
      account: text(i, 11),
      journal: text(i, 12),
      memo: text(i, 13),
      scope: x[i * N + 6] as 0 | 1,
      currency: text(i, 14),
      channel: text(i, 15),
    };
  }
  return out;
}

/** The buffers a packed result can hand over instead of copying. */
export function packedTransfer(p: PackedEvents): ArrayBuffer[] {
  return [p.numbers.buffer as ArrayBuffer, p.texts.buffer as ArrayBuffer];
}
