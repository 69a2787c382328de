/**
 * An in-process cache with a hard entry limit (least recently used goes first) and an optional lifetime per entry.
 * Bounded on purpose: keys come from user input, so an unbounded map would let anyone grow the heap.
 * The clock is injected so tests move time instead of waiting for it.
 */
import "server-only";
export interface BoundedLruCacheOptions {
  maxEntries: number;
  now?: () => number;
}

interface Entry<V> {
  value: V;
  /** Epoch milliseconds after which the entry is gone; `null`: kept until evicted. */
  expiresAt: number | null;
}

export class BoundedLruCache<V> {
  readonly maxEntries: number;
  private readonly now: () => number;
  /** A Map iterates in insertion order, so re-inserting on every hit keeps the least recently used first. */
  private readonly entries = new Map<string, Entry<V>>();

  constructor({ maxEntries, now = Date.now }: BoundedLruCacheOptions) {
    if (!Number.isInteger(maxEntries) || maxEntries < 1) throw new RangeError(`maxEntries must be a positive integer, got ${maxEntries}`);
    this.maxEntries = maxEntries;
    this.now = now;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt !== null && this.now() >= entry.expiresAt) {
      this.entries.delete(key);
      return undefined;
    }
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Stores `value`; with `ttlMs` it expires that long from now. Evicts the least recently used when full. */
  set(key: string, value: V, ttlMs?: number): void {
    this.entries.delete(key);
    while (this.entries.size >= this.maxEntries) {
      const oldest = this.entries.keys().next();
      if (oldest.done) break;
      this.entries.delete(oldest.value);
    }
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? null : this.now() + ttlMs });
  }
}
