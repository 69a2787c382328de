/**
 * Seeded randomness for the fleet simulator (docs/fleet-sim.md). A run given the same seed makes the same
 * decisions: which agents fail, how long each install takes, how heartbeats are jittered. Each agent draws from
 * its own generator, seeded once from the fleet's, so the interleaving of network replies cannot change what
 * any one agent decides.
 */

/** Returns a number in [0, 1), like Math.random. */
export type Random = () => number;

/** mulberry32: tiny, fast, good enough for simulation (not for secrets). */
export function mulberry32(seed: number): Random {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A child generator whose seed is drawn from `parent`: one per agent. */
export function forkRandom(parent: Random): Random {
  return mulberry32(Math.floor(parent() * 4294967296));
}

/** Uniform in [min, max]. */
export function uniform(random: Random, min: number, max: number): number {
  return min + (max - min) * random();
}

/** An element of a non-empty list. */
export function pick<T>(random: Random, items: readonly T[]): T {
  const item = items[Math.min(items.length - 1, Math.floor(random() * items.length))];
  if (item === undefined) throw new Error("pick from an empty list");
  return item;
}
