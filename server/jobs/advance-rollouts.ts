import type { Db } from "../db/client";
import { plural } from "../domain/plural";
import { advanceRollouts } from "../services/rollouts";
import type { Job } from "./scheduler";

/**
 * Phased rollouts' tick (docs/rollouts.md): each progressing rollout's current wave gate is evaluated and at most one
 * transition made. Safe on several replicas at once: every transition is a compare-and-set on the rollout.
 */
export const advanceRolloutsJob: Job = {
  name: "advance-rollouts",
  intervalMs: 15_000,
  run: async (db: Db, now: Date) => {
    const tally = await advanceRollouts(db, now);
    const moved = tally.wave_released + tally.completed + tally.halted + tally.rolled_back;
    if (moved > 0) {
      console.log(
        `rollouts: ${plural(tally.wave_released, "wave")} released, ${tally.completed} completed, ${tally.halted} halted, ${tally.rolled_back} rolled back`,
      );
    }
    return tally;
  },
};
