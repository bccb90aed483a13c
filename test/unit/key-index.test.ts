// The hash table behind duplicate natural keys: every key found again at its own row, none confused with another.
import { describe, expect, it } from 'vitest';
import { KeyIndex, keyHash } from '../../shared/import/key-index';

/** Two different keys of the same hash, found by trying keys in turn (the birthday bound makes it quick). */
function collidingPair(): [string, string] {
  const byHash = new Map<number, string>();
  for (let i = 0; ; i++) {
    const k = `txn_${i.toString(36)}`;
    const other = byHash.get(keyHash(k));
    if (other !== undefined) return [other, k];
    byHash.set(keyHash(k), k);
  }
}

describe('KeyIndex', () => {
  it('finds each key at the position it was first added, through growth from a tiny table', () => {
    const keys: string[] = [];
    const index = new KeyIndex((i) => keys[i], 4);
    for (let i = 0; i < 50_000; i++) {
      // Journal:Line keys out of order, as an ERP lists them: line 10 sorts before line 9.
      const key = `JE-2026-${String(49_999 - Math.floor(i / 3)).padStart(6, '0')}:${(i % 3) * 7 + 1}`;
      expect(index.findOrAdd(key, keys.length)).toBe(-1);
      keys.push(key);
    }
    for (let i = 0; i < keys.length; i += 997) expect(index.findOrAdd(keys[i], 123_456)).toBe(i);
    // A repeat is not recorded: the first row stays the one found.
    expect(index.findOrAdd(keys[7], keys.length)).toBe(7);
    expect(index.findOrAdd(keys[7], keys.length + 1)).toBe(7);
  });

  it('tells apart different keys of the same hash', () => {
    const [a, b] = collidingPair();
    expect(a).not.toBe(b);
    expect(keyHash(a)).toBe(keyHash(b));
    const keys = [a];
    const index = new KeyIndex((i) => keys[i]);
    expect(index.findOrAdd(a, 0)).toBe(-1);
    expect(index.findOrAdd(b, 1)).toBe(-1);
    keys.push(b);
    expect(index.findOrAdd(a, 2)).toBe(0);
    expect(index.findOrAdd(b, 2)).toBe(1);
    expect(index.findOrAdd(`${a}x`, 2)).toBe(-1);
  });
});
