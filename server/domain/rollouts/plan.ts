import { z } from "zod";

/**
 * Phased live rollouts (docs/rollouts.md): the policy, the wave plan and the deterministic instance order.
 * Pure: no I/O, time is passed in.
 */

const MINUTE_MS = 60_000;

/** A wave's size: an absolute number of instances, or a share of the whole set. Waves are cumulative. */
export const waveSpecSchema = z.union([
  z.object({ instances: z.number().int().min(1).max(100_000) }).strict(),
  z.object({ percent: z.number().min(0.1).max(100) }).strict(),
]);
export type WaveSpec = z.infer<typeof waveSpecSchema>;
export const waveSpecsSchema = z.array(waveSpecSchema).min(1).max(20);

export const DEFAULT_WAVES: readonly WaveSpec[] = [{ instances: 1 }, { percent: 10 }, { percent: 50 }, { percent: 100 }];

export interface RolloutPolicy {
  waves: WaveSpec[];
  soakMs: number;
  deadlineMs: number;
  /** 0 < ratio ≤ 1: the share of a wave that must converge by the deadline. */
  successRatio: number;
  autoRollback: boolean;
}

export const DEFAULT_ROLLOUT_POLICY: RolloutPolicy = {
  waves: [...DEFAULT_WAVES],
  soakMs: 10 * MINUTE_MS,
  deadlineMs: 30 * MINUTE_MS,
  successRatio: 1,
  autoRollback: true,
};

export interface RolloutPolicySettings {
  waves: unknown;
  soakMinutes: number | null;
  deadlineMinutes: number | null;
  successPercent: number | null;
  autoRollback: boolean | null;
}

/**
 * The account's settings with the category's overrides on top (null = not overridden). Stored waves that do not
 * parse fall back to the default rather than blocking every promotion of the account.
 */
export function resolveRolloutPolicy(account: RolloutPolicySettings, category?: Partial<RolloutPolicySettings> | null): RolloutPolicy {
  const pick = <K extends keyof RolloutPolicySettings>(key: K): RolloutPolicySettings[K] => {
    const override = category?.[key];
    return override !== null && override !== undefined ? (override as RolloutPolicySettings[K]) : account[key];
  };
  const waves = waveSpecsSchema.safeParse(pick("waves"));
  const soak = pick("soakMinutes");
  const deadline = pick("deadlineMinutes");
  const percent = pick("successPercent");
  const autoRollback = pick("autoRollback");
  return {
    waves: waves.success ? waves.data : [...DEFAULT_WAVES],
    soakMs: (soak ?? 10) * MINUTE_MS,
    deadlineMs: (deadline ?? 30) * MINUTE_MS,
    successRatio: Math.min(100, Math.max(1, percent ?? 100)) / 100,
    autoRollback: autoRollback ?? true,
  };
}

/**
 * A stable 32-bit hash (FNV-1a): the instance order must be the same on every replica and every run, and must not
 * depend on names (which operators choose in sequence, so name order would always canary the same rack).
 */
export function stableHash(text: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash >>> 0;
}

export interface PlanInstance {
  id: string;
  canary: boolean;
}

/** Canaries first, then by hash(rollout id + instance id), ties by id. */
export function orderInstances<T extends PlanInstance>(rolloutId: string, instances: readonly T[]): T[] {
  return instances
    .map((instance) => ({ instance, key: stableHash(`${rolloutId}:${instance.id}`) }))
    .sort((a, b) => {
      if (a.instance.canary !== b.instance.canary) return a.instance.canary ? -1 : 1;
      if (a.key !== b.key) return a.key - b.key;
      return a.instance.id < b.instance.id ? -1 : a.instance.id > b.instance.id ? 1 : 0;
    })
    .map((entry) => entry.instance);
}

/** Cumulative instance count a wave spec reaches out of `total` (at least one, at most all). */
function cumulativeTarget(spec: WaveSpec, total: number): number {
  const raw = "instances" in spec ? spec.instances : Math.ceil((spec.percent / 100) * total);
  return Math.min(total, Math.max(1, raw));
}

export interface PlannedWave {
  index: number;
  instanceIds: string[];
}

/**
 * Splits the ordered instances into waves. Waves are cumulative targets; a wave that would add nobody (10 % of
 * 3 instances after a first wave of 1) is dropped, and the last wave always reaches every instance even when the
 * policy's last entry is below 100 %. Canaries beyond the first wave's size widen the first wave: every canary
 * goes first.
 */
export function planWaves(rolloutId: string, instances: readonly PlanInstance[], specs: readonly WaveSpec[]): PlannedWave[] {
  const ordered = orderInstances(rolloutId, instances);
  const total = ordered.length;
  if (total === 0) return [];
  const canaries = ordered.filter((i) => i.canary).length;
  const targets = specs.map((spec) => cumulativeTarget(spec, total));
  targets.push(total);
  const waves: PlannedWave[] = [];
  let done = 0;
  for (const [position, target] of targets.entries()) {
    const reach = position === 0 ? Math.max(target, canaries) : target;
    if (reach <= done) continue;
    waves.push({ index: waves.length, instanceIds: ordered.slice(done, reach).map((i) => i.id) });
    done = reach;
    if (done === total) break;
  }
  return waves;
}

export { describeWaveSpec } from "./wave-text";

/** Waves as people write them: "1, 10%, 50%, 100%" (a count of instances, or a percentage of the fleet). */
export function formatWaveSpecs(specs: readonly WaveSpec[]): string {
  return specs.map((spec) => ("instances" in spec ? String(spec.instances) : `${spec.percent}%`)).join(", ");
}

/** Parses `formatWaveSpecs`' form back; an error message names the first part that is neither. */
export function parseWaveSpecs(text: string): { ok: true; waves: WaveSpec[] } | { ok: false; error: string } {
  const parts = text
    .split(",")
    .map((part) => part.trim())
    .filter((part) => part.length > 0);
  if (parts.length === 0) return { ok: false, error: "Give at least one wave, e.g. 1, 10%, 50%, 100%" };
  const waves: WaveSpec[] = [];
  for (const part of parts) {
    const percent = /^(\d+(?:\.\d+)?)\s*%$/.exec(part);
    const spec = percent ? { percent: Number(percent[1]) } : /^\d+$/.test(part) ? { instances: Number(part) } : null;
    const checked = spec ? waveSpecSchema.safeParse(spec) : null;
    if (!checked?.success) return { ok: false, error: `"${part}" is not a wave: write a number of instances (1–100000) or a percentage (0.1%–100%)` };
    waves.push(checked.data);
  }
  const parsed = waveSpecsSchema.safeParse(waves);
  return parsed.success ? { ok: true, waves: parsed.data } : { ok: false, error: "At most 20 waves" };
}
