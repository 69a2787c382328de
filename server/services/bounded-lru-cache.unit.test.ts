import { describe, expect, it } from "vitest";
import { BoundedLruCache } from "./bounded-lru-cache";

describe("BoundedLruCache", () => {
  it("never holds more than maxEntries, evicting the least recently used", () => {
    const cache = new BoundedLruCache<number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    expect(cache.get("a")).toBe(1); // a is now the most recently used
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("b")).toBeUndefined();
    expect(cache.get("a")).toBe(1);
    expect(cache.get("c")).toBe(3);
  });

  it("stays bounded under many distinct keys", () => {
    const cache = new BoundedLruCache<string>({ maxEntries: 10 });
    for (let i = 0; i < 1_000; i++) cache.set(`key-${i}`, `value-${i}`);
    expect(cache.size).toBe(10);
    expect(cache.get("key-999")).toBe("value-999");
    expect(cache.get("key-989")).toBeUndefined();
  });

  it("replacing a key keeps one entry and refreshes its place", () => {
    const cache = new BoundedLruCache<number>({ maxEntries: 2 });
    cache.set("a", 1);
    cache.set("b", 2);
    cache.set("a", 10);
    cache.set("c", 3);
    expect(cache.size).toBe(2);
    expect(cache.get("a")).toBe(10);
    expect(cache.get("b")).toBeUndefined();
  });

  it("forgets an entry once its lifetime has passed, and keeps entries without one", () => {
    let now = 1_000;
    const cache = new BoundedLruCache<string>({ maxEntries: 5, now: () => now });
    cache.set("short", "undecided", 500);
    cache.set("forever", "safe");
    now = 1_499;
    expect(cache.get("short")).toBe("undecided");
    now = 1_500;
    expect(cache.get("short")).toBeUndefined();
    expect(cache.size).toBe(1);
    now = 1_000_000_000;
    expect(cache.get("forever")).toBe("safe");
  });

  it("refuses a limit that would not bound anything", () => {
    expect(() => new BoundedLruCache({ maxEntries: 0 })).toThrow(RangeError);
    expect(() => new BoundedLruCache({ maxEntries: Number.POSITIVE_INFINITY })).toThrow(RangeError);
  });
});
