// Which earlier row of a file has a given natural key, for files whose keys do not come in order.

/**
 * FNV-1a over a string's UTF-16 code units, as a signed 32-bit integer. Not a defence against chosen
 * collisions: a colliding key costs one more comparison, never a wrong answer.
 */
export function keyHash(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h | 0;
}

/**
 * An open-addressing hash table from a key to the position of the row that has it, the keys themselves
 * staying where they are (`keyAt`). A processor's ids and an ERP's Journal:Line keys are not in order, so each
 * row must be looked up: at a million events a Map of half a million keys cost 0.45 s of reading, most of it
 * the Map's own upkeep (its entries, its growth, the collector walking them). Here the table is two typed
 * arrays, linear probing, kept at most half full.
 */
export class KeyIndex {
  /** 1 + the row's position, 0 for an empty slot. */
  private slots: Int32Array;
  private hashes: Int32Array;
  private count = 0;

  constructor(
    private readonly keyAt: (position: number) => string,
    capacity = 1 << 12,
  ) {
    this.slots = new Int32Array(capacity);
    this.hashes = new Int32Array(capacity);
  }

  /** The position of an earlier row with `key`; or, when there is none, -1, and `position` is recorded for it. */
  findOrAdd(key: string, position: number): number {
    const h = keyHash(key);
    const mask = this.slots.length - 1;
    for (let j = h & mask; ; j = (j + 1) & mask) {
      const v = this.slots[j];
      if (v === 0) {
        this.slots[j] = position + 1;
        this.hashes[j] = h;
        if (++this.count * 2 > this.slots.length) this.grow();
        return -1;
      }
      if (this.hashes[j] === h && this.keyAt(v - 1) === key) return v - 1;
    }
  }

  private grow(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const hashes = new Int32Array(slots.length);
    const mask = slots.length - 1;
    for (let i = 0; i < this.slots.length; i++) {
      const v = this.slots[i];
      if (v === 0) continue;
      const h = this.hashes[i];
      let j = h & mask;
      while (slots[j] !== 0) j = (j + 1) & mask;
      slots[j] = v;
      hashes[j] = h;
    }
    this.slots = slots;
    this.hashes = hashes;
  }
}
