/**
 * The node agent API (docs/fleet.md): enrollment with an enrollment token, then desired state and heartbeats with
 * the instance's own agent token. Thin adapters over server/services/fleet-agent.ts.
 */
import { z } from "zod";
import { enrollInput, heartbeatInput } from "../../contracts/instances";
import { agentDesiredState, enrollAgent, etagMatches, recordAgentHeartbeat } from "../../services/fleet-agent";
import { defineRoute, HttpReply } from "./define";

/** Agents' bodies are small; a heartbeat of 500 modules is about 60 KB. */
const AGENT_MAX_BODY_BYTES = 128 * 1024;

export const enrollRoute = defineRoute({
  method: "POST",
  path: "/agent/enroll",
  // Authenticated by the enrollment token (Authorization: Bearer sne_…), which the service checks and counts.
  access: "public",
  summary: "Exchange an enrollment token (Bearer sne_…) for this node's instance and agent token (shown once)",
  tags: ["agent"],
  input: enrollInput,
  bodyId: "Enroll",
  maxBodyBytes: AGENT_MAX_BODY_BYTES,
  response: z.object({ instance_id: z.string(), agent_token: z.string() }).meta({ id: "Enrollment" }),
  successStatus: 201,
  errorStatuses: [401, 409],
  handler: (input, request) => enrollAgent(request.db, request.headers.get("authorization"), input, request.now()),
});

const agentModuleSchema = z.object({
  name: z.string(),
  version: z.string(),
  oci_ref: z.string(),
  oci_digest: z.string(),
  composefs_digest: z.string().nullable(),
  effective_priority: z.number().int(),
  metadata: z.record(z.string(), z.unknown()),
  bindings: z
    .record(z.string(), z.string())
    .optional()
    .meta({ description: "Instance-variety modules: the value of each `${instance.*}` placeholder on this node (docs/authoring.md)" }),
  unbound_placeholders: z
    .array(z.string())
    .optional()
    .meta({ description: "Instance-variety modules: placeholders the module's manifest uses that this node gives no value" }),
});

const desiredStateSchema = z
  .object({
    instance_id: z.string(),
    template: z.object({ id: z.string(), name: z.string() }).nullable(),
    revision: z.number().int().meta({ description: "Changes whenever what this node should run changes" }),
    modules: z.array(agentModuleSchema).meta({ description: "Layer order: the last layer wins a path" }),
    undeliverable: z
      .array(z.object({ name: z.string(), reason: z.string() }))
      .meta({ description: "Enabled modules left out: no blessed or live version to serve" }),
  })
  .meta({ id: "DesiredState" });

export const desiredStateRoute = defineRoute({
  method: "GET",
  path: "/agent/desired_state",
  access: "agent",
  summary: "What this node should run: every enabled module of its template (pin, else live), with a strong ETag",
  tags: ["agent"],
  response: desiredStateSchema,
  successResponses: { 304: "Not modified: the If-None-Match ETag is current (no body)" },
  handler: async (agent, _input, request) => {
    const { body, etag } = await agentDesiredState(request.db, agent);
    // no-cache: a proxy may keep it but must revalidate, which is what the ETag is for.
    const headers = { ETag: etag, "Cache-Control": "private, no-cache" };
    type Body = z.input<typeof desiredStateSchema>;
    if (etagMatches(request.headers.get("if-none-match"), etag)) return new HttpReply<Body>(null, { status: 304, headers });
    return new HttpReply<Body>(body, { headers });
  },
});

export const heartbeatRoute = defineRoute({
  method: "POST",
  path: "/agent/heartbeat",
  access: "agent",
  summary: "Report status, agent version and the digest each module runs; answers the current desired revision",
  tags: ["agent"],
  input: heartbeatInput,
  bodyId: "Heartbeat",
  maxBodyBytes: AGENT_MAX_BODY_BYTES,
  response: z
    .object({ desired_revision: z.number().int().meta({ description: "Refetch desired state when it differs from yours" }) })
    .meta({ id: "HeartbeatAnswer" }),
  handler: async (agent, input, request) => ({
    desiredRevision: (await recordAgentHeartbeat(request.db, agent, input, request.now())).desiredRevision,
  }),
});

export const agentRoutes = [enrollRoute, desiredStateRoute, heartbeatRoute];
