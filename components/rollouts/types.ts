import type { inferRouterOutputs } from "@trpc/server";
import type { AppRouter } from "@/server/api/root";

type Outputs = inferRouterOutputs<AppRouter>;

export type RolloutDetail = Outputs["rollouts"]["get"];
export type RolloutWave = RolloutDetail["waves"][number];
export type RolloutInstance = RolloutWave["instances"][number];
export type RolloutPlan = Outputs["rollouts"]["plan"];
export type RolloutListItem = Outputs["rollouts"]["list"]["items"][number];
