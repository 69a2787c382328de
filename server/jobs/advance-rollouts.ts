import type { Db } from "../db/client";
import { plural } from "../domain/plural";
import type { Job } from "../services/job-runs";
import { advanceRollouts } from "../services/rollouts";

/**
 * Phased rollouts' tick (docs/rollouts.md): each progressing rollout's current wave gate is evaluated and at most one
 * transition made. Safe on several replicas at once: every transition is a compare-and-set on the rollout.
 */
export const advanceRolloutsJob: Job = {
  name: "advance-rollouts",
  description: "Evaluates each progressing rollout's wave gate and makes at most one transition: release, complete, halt or roll back.",
  intervalMs: 15_000,
  run: async (db: Db, now: Date) => {
    const tally = await advanceRollouts(db, now);
    const moved = tally.wave_released + tally.completed + tally.halted + tally.rolled_back;
    return {
      count: moved,
      summary: `${plural(tally.wave_released, "wave")} released, ${tally.completed} completed, ${tally.halted} halted, ${tally.rolled_back} rolled back`,
    };
  },
};
