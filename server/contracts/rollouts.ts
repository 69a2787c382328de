/** Input schemas of phased rollouts (docs/rollouts.md), free of server dependencies so browser forms reuse them. */
import { z } from "zod";
import { waveSpecsSchema } from "../domain/rollouts/plan";
import { idSchema } from "./ids";

const reason = z.string().trim().min(1, "Say why").max(2000);

export const ROLLOUT_STATES = ["progressing", "paused", "halted", "completed", "rolled_back"] as const;
export const ACTIVE_ROLLOUT_STATES = ["progressing", "paused", "halted"] as const;
export type RolloutStateName = (typeof ROLLOUT_STATES)[number];

/** Instances listed per wave in a rollout's detail; counts stay exact. */
export const ROLLOUT_WAVE_INSTANCE_LIMIT = 200;

export const rolloutIdInput = z.object({ rolloutId: idSchema });

export const listRolloutsInput = z.object({
  moduleName: z.string().trim().min(1).max(64).optional(),
  /** `active` = progressing, paused or halted. */
  state: z.enum([...ROLLOUT_STATES, "active", "all"]).default("all"),
  page: z.number().int().min(1).max(10_000).default(1),
  pageSize: z.number().int().min(1).max(100).default(20),
});

export const rolloutActionInput = z.object({
  rolloutId: idSchema,
  reason,
});

export const rolloutPlanInput = z.object({ requestId: idSchema });

export const markVersionBadInput = z.object({ versionId: idSchema, reason });
export const clearVersionBadInput = z.object({ versionId: idSchema, reason });

/** The account's rollout policy (docs/rollouts.md); admins. */
export const updateRolloutPolicyInput = z.object({
  waves: waveSpecsSchema,
  soakMinutes: z.coerce.number().int().min(0, "At least 0").max(24 * 60, "At most a day"),
  deadlineMinutes: z.coerce.number().int().min(1, "At least 1 minute").max(7 * 24 * 60, "At most a week"),
  successPercent: z.coerce.number().int().min(1, "At least 1%").max(100, "At most 100%"),
  autoRollback: z.boolean(),
});
export type UpdateRolloutPolicyInput = z.infer<typeof updateRolloutPolicyInput>;

export type ListRolloutsInput = z.input<typeof listRolloutsInput>;
export type RolloutActionInput = z.input<typeof rolloutActionInput>;
