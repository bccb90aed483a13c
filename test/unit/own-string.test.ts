import { describe, expect, it } from 'vitest';
import v8 from 'node:v8';
import vm from 'node:vm';
import { lastFourInterner, ownString, ownStringRuns, recentlySeen } from '../../shared/import/own-string';

describe('ownString', () => {
  it('returns the same text for every kind of string a file can hold', () => {
    const chunk = [
      'txn_3IDHzKYT3rGI00sbqYKO3o60',
      '6006494954392579',
      'GC redemption ************5455 order #30164',
      'quote " and backslash \\ and tab \t',
      'Zoë — 日本語のメモ 🎁',
      'lone \ud800 surrogate',
      'short',
      '',
    ].join('\n');
    // Cut from one larger string, as the CSV parser cuts fields from a chunk.
    for (const field of chunk.split('\n')) {
      const copy = ownString(field);
      expect(copy).toBe(field);
      expect(copy.length).toBe(field.length);
    }
  });
});

describe('ownString and the text a field was cut from', () => {
  // V8-specific by nature: what is measured is whether a kept field keeps its chunk of the file alive.
  v8.setFlagsFromString('--expose-gc');
  const gc = vm.runInNewContext('gc') as () => void;
  // The chunk is made and dropped inside a function of its own, so no frame of the measuring code holds it.
  const keepFields = (keep: (field: string) => string): string[] => {
    // Fixed-width lines of 32 characters, as a CSV chunk holds them: 'txn_…(24)' then ',' and six digits.
    const chunk = Array.from({ length: 400_000 }, (_, i) => `txn_${String(i).padStart(20, '0')},${String(i % 1e6).padStart(6, '0')}`).join('\n');
    const kept: string[] = [];
    for (let line = 0; kept.length < 1000; line += 300) kept.push(keep(chunk.slice(line * 32, line * 32 + 24)));
    return kept;
  };
  const heldBy = (keep: (field: string) => string): number => {
    gc();
    const before = process.memoryUsage().heapUsed;
    const kept = keepFields(keep);
    gc();
    const held = process.memoryUsage().heapUsed - before;
    expect(kept[999]).toMatch(/^txn_\d{20}$/);
    return held;
  };

  it('keeps a field without its chunk: the chunk is freed, where a plain slice holds it', () => {
    const sliced = heldBy((f) => f);
    const owned = heldBy(ownString);
    // The chunk is about 13 MB of text: a slice keeps it, an own copy does not.
    expect(sliced).toBeGreaterThan(8e6);
    expect(owned).toBeLessThan(2e6);
  });
});

describe('ownStringRuns', () => {
  it('gives each value of a run the same text, and a new value its own', () => {
    const copy = ownStringRuns();
    const lines = ['JE-2026-011297', 'JE-2026-011297', 'JE-2026-011298', 'JE-2026-011297', '', 'JE-2026-011297'];
    const got = lines.map(copy);
    expect(got).toEqual(lines);
  });
});

describe('recentlySeen', () => {
  it('gives what f gives for every value, calling f again only for a value not among the last few', () => {
    const calls: string[] = [];
    const lower = recentlySeen((s: string) => {
      calls.push(s);
      return s.toLowerCase();
    }, 3);
    const cells = ['Activation', 'Redemption', 'Activation', 'Reload', 'Redemption', 'Void', 'Activation', 'Void', ''];
    expect(cells.map(lower)).toEqual(cells.map((c) => c.toLowerCase()));
    // 'Void' pushed 'Activation' (the oldest of three) out, so it was asked for again.
    expect(calls).toEqual(['Activation', 'Redemption', 'Reload', 'Void', 'Activation', '']);
  });
});

describe('lastFourInterner', () => {
  it('gives the last four characters, one shared copy per value, digits or not', () => {
    const interned = new Map<string, string>();
    const intern = (s: string) => interned.get(s) ?? (interned.set(s, s), s);
    const last4 = lastFourInterner(intern);
    const texts = ['6006492585281111', '1111', 'SC04019622', '0042', 'SC0ABCD', 'A1B', '', '９１２３'];
    expect(texts.map(last4)).toEqual(texts.map((t) => t.slice(-4)));
    const a = last4('6006492585281111');
    const b = last4(['1', '1', '1', '1'].join(''));
    expect(a).toBe(b);
    expect(interned.has('1111') && interned.has('ABCD') && interned.has('A1B')).toBe(true);
  });
});
