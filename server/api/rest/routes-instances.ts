/**
 * REST for the fleet, the operator's side (docs/fleet.md): register nodes, enrollment tokens, lists, one node,
 * the drift report, agent tokens and decommissioning. Thin adapters over server/services/instances.ts.
 */
import { z } from "zod";
import {
  ARCHES,
  createEnrollmentTokenInput,
  createInstanceInput,
  decommissionInstanceInput,
  driftReportInput,
  enrollmentTokenIdInput,
  INSTANCE_STATUSES,
  instanceIdInput,
  listEnrollmentTokensInput,
  listInstancesInput,
  updateInstanceMetadataInput,
} from "../../contracts/instances";
import { DRIFT_SEVERITIES } from "../../domain/drift/drift";
import {
  createEnrollmentToken,
  createInstance,
  decommissionInstance,
  driftReport,
  getInstance,
  listEnrollmentTokens,
  updateInstanceMetadata,
  listInstances,
  revokeAgentToken,
  revokeEnrollmentToken,
  rotateAgentToken,
} from "../../services/instances";
import { defineRoute } from "./define";

const severity = z.enum(DRIFT_SEVERITIES);
const statusSchema = z.enum(INSTANCE_STATUSES);

const summarySchema = z
  .object({
    total: z.number().int(),
    in_sync: z.number().int(),
    drifted: z.object({ critical: z.number().int(), high: z.number().int(), medium: z.number().int() }),
    stale: z.number().int(),
    never_reported: z.number().int(),
  })
  .meta({ id: "FleetSummary" });

const instanceRowSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    arch: z.enum(ARCHES),
    status: statusSchema,
    template: z.object({ id: z.string(), name: z.string() }).nullable(),
    last_heartbeat_at: z.string().nullable(),
    agent_version: z.string().nullable(),
    drift_severity: severity.meta({ description: "As of the last heartbeat" }),
    drift_differences: z.number().int(),
    modules_in_sync: z.number().int(),
    modules_desired: z.number().int(),
    stale: z.boolean(),
    never_reported: z.boolean(),
    decommissioned_at: z.string().nullable(),
    created_at: z.string(),
  })
  .meta({ id: "InstanceSummary" });

// ---------------------------------------------------------------------------------------------------------
// Registration

export const createInstanceRoute = defineRoute({
  method: "POST",
  path: "/system/node_instances",
  access: { permission: "instances.manage" },
  summary: "Register a node; its agent token is in the answer, once",
  tags: ["fleet"],
  input: createInstanceInput,
  bodyId: "CreateInstance",
  response: z.object({ id: z.string(), name: z.string(), agent_token: z.string() }).meta({ id: "CreatedInstance" }),
  successStatus: 201,
  errorStatuses: [404, 409],
  handler: (ctx, input) => createInstance(ctx, input),
});

export const createEnrollmentTokenRoute = defineRoute({
  method: "POST",
  path: "/system/templates/{id}/enrollment_tokens",
  access: { permission: "instances.manage" },
  summary: "Create an enrollment token for the template's nodes; the token is in the answer, once",
  tags: ["fleet"],
  input: createEnrollmentTokenInput,
  params: { id: "templateId" },
  bodyId: "CreateEnrollmentToken",
  response: z
    .object({ id: z.string(), token: z.string(), prefix: z.string(), max_uses: z.number().int(), expires_at: z.string() })
    .meta({ id: "CreatedEnrollmentToken" }),
  successStatus: 201,
  errorStatuses: [404],
  handler: (ctx, input) => createEnrollmentToken(ctx, input),
});

export const listEnrollmentTokensRoute = defineRoute({
  method: "GET",
  path: "/system/templates/{id}/enrollment_tokens",
  access: { permission: "instances.read" },
  summary: "The template's enrollment tokens (never the secret): uses, expiry, state",
  tags: ["fleet"],
  input: listEnrollmentTokensInput,
  params: { id: "templateId" },
  response: z
    .object({
      tokens: z.array(
        z.object({
          id: z.string(),
          prefix: z.string(),
          max_uses: z.number().int(),
          uses: z.number().int(),
          uses_left: z.number().int(),
          expires_at: z.string(),
          revoked_at: z.string().nullable(),
          created_by: z.string(),
          created_at: z.string(),
          state: z.enum(["active", "expired", "revoked", "used_up"]),
        }),
      ),
    })
    .meta({ id: "EnrollmentTokenList" }),
  errorStatuses: [404],
  handler: async (ctx, input) => ({ tokens: await listEnrollmentTokens(ctx, input.templateId) }),
});

export const revokeEnrollmentTokenRoute = defineRoute({
  method: "DELETE",
  path: "/system/enrollment_tokens/{id}",
  access: { permission: "instances.manage" },
  summary: "Revoke an enrollment token: it enrolls nobody from now on",
  tags: ["fleet"],
  input: enrollmentTokenIdInput,
  params: { id: "tokenId" },
  response: z.null(),
  successStatus: 204,
  errorStatuses: [404],
  handler: async (ctx, input) => {
    await revokeEnrollmentToken(ctx, input.tokenId);
    return null;
  },
});

// ---------------------------------------------------------------------------------------------------------
// Reading the fleet

export const listInstancesRoute = defineRoute({
  method: "GET",
  path: "/system/node_instances",
  access: { permission: "instances.read" },
  summary: "The account's nodes, filtered, sorted and paged in SQL (decommissioned ones only with status=terminated)",
  tags: ["fleet"],
  // A query string's booleans are text.
  input: listInstancesInput.extend({ stale: z.stringbool().optional(), neverReported: z.stringbool().optional() }),
  names: { templateId: "template" },
  response: z
    .object({
      total: z.number().int().meta({ description: "Exact up to 10,000; see total_capped" }),
      total_capped: z.boolean().meta({ description: "More than `total` match (the count stops at 10,000)" }),
      page: z.number().int(),
      page_size: z.number().int(),
      next_cursor: z.string().nullable().meta({ description: "Pass as `cursor` for the next page; null on the last" }),
      stale_after_minutes: z.number().int(),
      summary: summarySchema,
      instances: z.array(instanceRowSchema),
    })
    .meta({ id: "InstanceList" }),
  handler: (ctx, input) => listInstances(ctx, input),
});

const moduleRowSchema = z.object({
  name: z.string(),
  desired: z.object({ version: z.string(), oci_digest: z.string() }).nullable(),
  running: z.object({ oci_digest: z.string(), since: z.string().nullable() }).nullable(),
  state: z.enum(["in_sync", "missing", "extra", "mismatched"]),
});

export const getInstanceRoute = defineRoute({
  method: "GET",
  path: "/system/node_instances/{id}",
  access: { permission: "instances.read" },
  summary: "One node: desired vs running per module, drift now, undeliverable modules, recent events",
  tags: ["fleet"],
  input: instanceIdInput,
  params: { id: "instanceId" },
  response: instanceRowSchema
    .extend({
      desired_revision: z.number().int(),
      agent_token_prefix: z.string().nullable(),
      agent_token_issued_at: z.string().nullable(),
      never_reported: z.boolean(),
      stale_after_minutes: z.number().int(),
      modules: z.array(moduleRowSchema),
      drift: z.object({
        missing: z.array(z.object({ module_name: z.string(), want: z.string(), version: z.string() })),
        extra: z.array(z.object({ module_name: z.string(), have: z.string() })),
        mismatched: z.array(z.object({ module_name: z.string(), want: z.string(), have: z.string(), version: z.string() })),
        differences: z.number().int(),
        severity,
        stale: z.boolean(),
      }),
      undeliverable: z.array(z.object({ name: z.string(), reason: z.string() })),
      hostname: z.string().nullable(),
      site: z.string().nullable(),
      labels: z.record(z.string(), z.string()),
      metadata_updated_at: z.string().nullable(),
      instance_modules: z
        .array(z.object({ name: z.string(), version: z.string(), bindings: z.record(z.string(), z.string()), unbound_placeholders: z.array(z.string()) }))
        .meta({ description: "Instance-variety modules this node gets, with its `${instance.*}` bindings and the placeholders left without a value" }),
      events: z.array(z.object({ id: z.string(), kind: z.string(), detail: z.record(z.string(), z.unknown()), created_at: z.string() })),
    })
    .meta({ id: "Instance" }),
  errorStatuses: [404],
  handler: async (ctx, input) => {
    const instance = await getInstance(ctx, input.instanceId);
    return { ...instance, events: instance.events.map((e) => ({ ...e, detail: e.detail as Record<string, unknown> })) };
  },
});

export const driftReportRoute = defineRoute({
  method: "GET",
  path: "/system/drift_report",
  access: { permission: "instances.read" },
  summary: "Drifted or stale nodes, worst first (at most 1,000), and the fleet's counts; optionally one template's, or drift of at least a severity",
  tags: ["fleet"],
  input: driftReportInput,
  names: { templateId: "template" },
  errorStatuses: [404],
  response: z
    .object({
      stale_after_minutes: z.number().int(),
      summary: summarySchema,
      truncated: z.boolean(),
      instances: z.array(instanceRowSchema),
    })
    .meta({ id: "DriftReport" }),
  handler: (ctx, input) => driftReport(ctx, input),
});

// ---------------------------------------------------------------------------------------------------------
// Agent tokens and decommissioning

export const rotateAgentTokenRoute = defineRoute({
  method: "POST",
  path: "/system/node_instances/{id}/rotate_token",
  access: { permission: "instances.manage" },
  summary: "Issue a new agent token (in the answer, once); the old one stops working at once",
  tags: ["fleet"],
  input: instanceIdInput,
  params: { id: "instanceId" },
  response: z.object({ id: z.string(), agent_token: z.string() }).meta({ id: "RotatedAgentToken" }),
  errorStatuses: [404, 409],
  handler: (ctx, input) => rotateAgentToken(ctx, input.instanceId),
});

export const revokeAgentTokenRoute = defineRoute({
  method: "POST",
  path: "/system/node_instances/{id}/revoke_token",
  access: { permission: "instances.manage" },
  summary: "Revoke the node's agent token: it cannot call in until a token is rotated",
  tags: ["fleet"],
  input: instanceIdInput,
  params: { id: "instanceId" },
  response: z.null(),
  successStatus: 204,
  errorStatuses: [404],
  handler: async (ctx, input) => {
    await revokeAgentToken(ctx, input.instanceId);
    return null;
  },
});

export const decommissionInstanceRoute = defineRoute({
  method: "POST",
  path: "/system/node_instances/{id}/decommission",
  access: { permission: "instances.manage" },
  summary: "Retire a node for good (reason required): token revoked, out of lists and counts, history kept",
  tags: ["fleet"],
  input: decommissionInstanceInput,
  params: { id: "instanceId" },
  bodyId: "DecommissionInstance",
  response: z.object({ id: z.string(), decommissioned_at: z.string() }).meta({ id: "DecommissionedInstance" }),
  errorStatuses: [404, 409],
  handler: (ctx, input) => decommissionInstance(ctx, input),
});

export const updateInstanceMetadataRoute = defineRoute({
  method: "PUT",
  path: "/system/node_instances/{id}/metadata",
  access: { permission: "instances.manage" },
  summary: "Replace a node's metadata (hostname, site, labels): the values of `${instance.*}` in its instance modules (audited)",
  tags: ["fleet"],
  input: updateInstanceMetadataInput,
  params: { id: "instanceId" },
  bodyId: "InstanceMetadata",
  response: z
    .object({ id: z.string(), changed: z.boolean(), hostname: z.string().nullable(), site: z.string().nullable(), labels: z.record(z.string(), z.string()) })
    .meta({ id: "UpdatedInstanceMetadata" }),
  errorStatuses: [404, 409],
  handler: (ctx, input) => updateInstanceMetadata(ctx, input),
});

export const instanceRoutes = [
  updateInstanceMetadataRoute,
  createInstanceRoute,
  listInstancesRoute,
  getInstanceRoute,
  driftReportRoute,
  rotateAgentTokenRoute,
  revokeAgentTokenRoute,
  decommissionInstanceRoute,
  createEnrollmentTokenRoute,
  listEnrollmentTokensRoute,
  revokeEnrollmentTokenRoute,
];
