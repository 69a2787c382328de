/** Phased rollouts over REST (docs/rollouts.md): the same services as the console, snake_case on the wire. */
import { z } from "zod";
import {
  clearVersionBadInput,
  listRolloutsInput,
  markVersionBadInput,
  ROLLOUT_STATES,
  rolloutActionInput,
  rolloutIdInput,
  rolloutPlanInput,
  updateRolloutPolicyInput,
} from "../../contracts/rollouts";
import {
  abortRollout,
  clearVersionBad,
  getRollout,
  getRolloutPolicy,
  listRollouts,
  markVersionBad,
  pauseRollout,
  previewRolloutPlan,
  promoteRolloutNow,
  resumeRollout,
  updateRolloutPolicy,
} from "../../services/rollouts";
import { defineRoute } from "./define";

const state = z.enum(ROLLOUT_STATES);
const nullableTime = z.string().nullable();

const policySchema = z.object({
  waves: z.array(z.record(z.string(), z.number())),
  soak_minutes: z.number(),
  deadline_minutes: z.number(),
  success_percent: z.number(),
  auto_rollback: z.boolean(),
});

const failureSchema = z
  .object({
    instance_id: z.string(),
    name: z.string(),
    status: z.string(),
    digest: z.string().nullable(),
    reason: z.string(),
    at: z.string(),
    report: z.object({ modules: z.record(z.string(), z.string()), last_heartbeat_at: nullableTime }).nullable(),
  })
  .nullable();

const summaryFields = {
  id: z.string(),
  state,
  module_name: z.string(),
  request_id: z.string().nullable(),
  to_version: z.object({ id: z.string(), version: z.string(), oci_digest: z.string(), bad: z.boolean(), bad_reason: z.string().nullable() }),
  from_version: z.object({ id: z.string(), version: z.string(), oci_digest: z.string() }).nullable(),
  current_wave: z.number().int(),
  total_instances: z.number().int(),
  released_instances: z.number().int(),
  policy: policySchema,
  halt_reason: z.string().nullable(),
  failure: failureSchema,
  created_at: z.string(),
  updated_at: z.string(),
  finished_at: nullableTime,
};

const waveFields = { index: z.number().int(), size: z.number().int(), released_at: nullableTime, passed_at: nullableTime, failed_at: nullableTime };

const rolloutSummary = z.object({ ...summaryFields, waves: z.array(z.object(waveFields)) }).meta({ id: "RolloutSummary" });

const rolloutDetail = z
  .object({
    ...summaryFields,
    waves: z.array(
      z.object({
        ...waveFields,
        deadline_at: nullableTime,
        converged: z.number().int(),
        required: z.number().int(),
        instances_truncated: z.boolean(),
        instances: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            status: z.string(),
            digest: z.string().nullable(),
            canary: z.boolean(),
            last_heartbeat_at: nullableTime,
            health: z.enum(["healthy", "soaking", "pending", "error", "stale", "held"]),
            soak_ends_at: nullableTime,
          }),
        ),
      }),
    ),
  })
  .meta({ id: "Rollout" });

export const listRolloutsRoute = defineRoute({
  method: "GET",
  path: "/system/rollouts",
  access: { permission: "versions.read" },
  summary: "Rollouts, newest first: `state` one state, `active` (progressing, paused, halted) or all; `module` by name; paged (at most 100)",
  tags: ["rollouts"],
  input: listRolloutsInput,
  names: { moduleName: "module" },
  response: z
    .object({ total: z.number().int(), page: z.number().int(), page_size: z.number().int(), rollouts: z.array(rolloutSummary) })
    .meta({ id: "RolloutList" }),
  handler: async (ctx, input) => {
    const { items, ...page } = await listRollouts(ctx, input);
    return { ...page, rollouts: items };
  },
});

export const getRolloutRoute = defineRoute({
  method: "GET",
  path: "/system/rollouts/{id}",
  access: { permission: "versions.read" },
  summary: "One rollout: waves, each wave's instances (health, digest, soak timer; at most 200 per wave) and the failing instance",
  tags: ["rollouts"],
  input: rolloutIdInput,
  params: { id: "rolloutId" },
  response: rolloutDetail,
  errorStatuses: [404],
  handler: (ctx, input) => getRollout(ctx, input),
});

const actionResult = z.object({ rollout_id: z.string(), state }).meta({ id: "RolloutActionResult" });

type RolloutAction = (ctx: Parameters<typeof pauseRollout>[0], input: Parameters<typeof pauseRollout>[1]) => Promise<{ rolloutId: string; state: (typeof ROLLOUT_STATES)[number] }>;

function actionRoute(action: "pause" | "resume" | "promote_now" | "abort", summary: string, run: RolloutAction) {
  return defineRoute({
    method: "POST",
    path: `/system/rollouts/{id}/${action}`,
    access: { permission: "rollouts.manage" },
    summary,
    tags: ["rollouts"],
    input: rolloutActionInput,
    params: { id: "rolloutId" },
    // One body component per route: the OpenAPI generator names each route's body schema separately.
    bodyId: `Rollout${action.split("_").map((w) => w[0]!.toUpperCase() + w.slice(1)).join("")}`,
    response: actionResult,
    errorStatuses: [404, 409],
    handler: (ctx, input) => run(ctx, input),
  });
}

export const pauseRolloutRoute = actionRoute("pause", "Pause a progressing rollout (reason required): no further waves", pauseRollout);
export const resumeRolloutRoute = actionRoute("resume", "Resume a paused or halted rollout (reason required); the current wave's clock restarts", resumeRollout);
export const promoteNowRoute = actionRoute("promote_now", "Skip to 100 % (reason required): every remaining wave released at once", promoteRolloutNow);
export const abortRolloutRoute = actionRoute("abort", "Abort and roll back (reason required): released nodes return to the previous version", abortRollout);

export const rolloutPlanRoute = defineRoute({
  method: "GET",
  path: "/system/promotion_requests/{id}/rollout_plan",
  access: { permission: "approvals.read" },
  summary: "The waves a live request would roll out in (at most 200 instances listed per wave)",
  tags: ["rollouts"],
  input: rolloutPlanInput,
  params: { id: "requestId" },
  response: z
    .object({
      policy: policySchema,
      total_instances: z.number().int(),
      waves: z.array(
        z.object({ index: z.number().int(), size: z.number().int(), instances: z.array(z.object({ id: z.string(), name: z.string(), canary: z.boolean() })) }),
      ),
    })
    .meta({ id: "RolloutPlan" }),
  errorStatuses: [404],
  handler: (ctx, input) => previewRolloutPlan(ctx, input),
});

const badResult = z.object({ version_id: z.string(), bad: z.boolean() }).meta({ id: "BadMarkResult" });

export const markBadRoute = defineRoute({
  method: "POST",
  path: "/system/node_module_versions/{id}/mark_bad",
  access: { permission: "versions.markBad" },
  summary: "Mark a version bad (admin, reason required): it is not promoted again without an admin override",
  tags: ["rollouts"],
  input: markVersionBadInput,
  params: { id: "versionId" },
  bodyId: "BadMark",
  response: badResult,
  errorStatuses: [404, 409],
  handler: (ctx, input) => markVersionBad(ctx, input),
});

export const clearBadRoute = defineRoute({
  method: "POST",
  path: "/system/node_module_versions/{id}/clear_bad",
  access: { permission: "versions.markBad" },
  summary: "Clear a version's bad mark (admin, reason required)",
  tags: ["rollouts"],
  input: clearVersionBadInput,
  params: { id: "versionId" },
  bodyId: "BadMarkClear",
  response: badResult,
  errorStatuses: [404, 409],
  handler: (ctx, input) => clearVersionBad(ctx, input),
});

const policyResponse = policySchema.meta({ id: "RolloutPolicy" });

export const getRolloutPolicyRoute = defineRoute({
  method: "GET",
  path: "/system/settings/rollout_policy",
  access: { permission: "account.read" },
  summary: "The account's rollout policy: waves, soak and deadline minutes, success percent, auto rollback",
  tags: ["rollouts"],
  response: policyResponse,
  handler: (ctx) => getRolloutPolicy(ctx),
});

export const putRolloutPolicyRoute = defineRoute({
  method: "PUT",
  path: "/system/settings/rollout_policy",
  access: { permission: "policies.manage" },
  summary: "Sets the account's rollout policy (admin; audited). Waves are cumulative: [{instances: 1}, {percent: 10}, …]",
  tags: ["rollouts"],
  input: updateRolloutPolicyInput,
  bodyId: "RolloutPolicyUpdate",
  response: policyResponse,
  errorStatuses: [400],
  handler: (ctx, input) => updateRolloutPolicy(ctx, input),
});

export const rolloutRoutes = [
  getRolloutPolicyRoute,
  putRolloutPolicyRoute,
  listRolloutsRoute,
  getRolloutRoute,
  pauseRolloutRoute,
  resumeRolloutRoute,
  promoteNowRoute,
  abortRolloutRoute,
  rolloutPlanRoute,
  markBadRoute,
  clearBadRoute,
];
