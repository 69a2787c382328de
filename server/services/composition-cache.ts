/**
 * The composition caches (docs/architecture.md, Caches). Versions are immutable, so their parsed manifest facts and
 * file lists are kept per version id for the life of the process; a draft's facts are keyed by the module's
 * `updatedAt`; whole results are kept by a fingerprint of every input that can change them (assignments, deploying
 * version ids, registrations, categories, candidate), so a changed input is a different key and nothing is ever
 * served stale — the editor's overlay requests, many per second while an operator scrolls a 200,000-path tree,
 * reuse one composition. All three are bounded LRUs.
 */
import "server-only";
import { createHash } from "node:crypto";
import type { ManifestFacts } from "../domain/composition";
import type { Composition } from "./composition-compose";

/** A least-recently-used map bounded by entry count and by a total weight (e.g. paths held). */
class WeightedLru<V> {
  private readonly map = new Map<string, { value: V; weight: number }>();
  private total = 0;
  constructor(
    private readonly maxEntries: number,
    private readonly maxWeight: number,
    private readonly weigh: (value: V) => number,
  ) {}
  get(key: string): V | undefined {
    const e = this.map.get(key);
    if (e === undefined) return undefined;
    this.map.delete(key);
    this.map.set(key, e);
    return e.value;
  }
  set(key: string, value: V): void {
    const old = this.map.get(key);
    if (old !== undefined) {
      this.total -= old.weight;
      this.map.delete(key);
    }
    const weight = this.weigh(value);
    this.map.set(key, { value, weight });
    this.total += weight;
    while ((this.map.size > this.maxEntries || this.total > this.maxWeight) && this.map.size > 1) {
      const [oldest, entry] = this.map.entries().next().value!;
      this.map.delete(oldest);
      this.total -= entry.weight;
    }
  }
  clear(): void {
    this.map.clear();
    this.total = 0;
  }
}

/** Manifest facts: of a version under `versionFactsKey`, of a module's draft under `draftFactsKey`. */
export const factsCache = new WeightedLru<ManifestFacts>(50_000, 50_000, () => 1);
/** File lists by version id, bounded by the total number of paths held. */
export const filesCache = new WeightedLru<readonly string[]>(20_000, 3_000_000, (files) => files.length + 1);
/** Whole compositions by `fingerprintOf` their inputs, bounded by the overlay paths they hold. */
export const resultCache = new WeightedLru<Composition>(12, 1_500_000, (c) => c.result.overlay.pathCount + 1);

export function versionFactsKey(versionId: string): string {
  return `v:${versionId}`;
}

/** Drafts are edited in place: the key carries the module's `updatedAt` (`@updatedAt`), so a saved draft is a new key. */
export function draftFactsKey(module: { id: string; updatedAt: Date }): string {
  return `d:${module.id}:${module.updatedAt.getTime()}`;
}

/** The result cache's key: a hash of the composition's inputs (ids, registrations, pins; see composition-compose.ts). */
export function fingerprintOf(inputs: unknown): string {
  return createHash("sha256").update(JSON.stringify(inputs)).digest("hex").slice(0, 32);
}

/** Tests use it to measure cold loads; nothing else needs it. */
export function clearCompositionCaches(): void {
  factsCache.clear();
  filesCache.clear();
  resultCache.clear();
}
