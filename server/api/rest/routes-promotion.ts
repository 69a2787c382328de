/**
 * REST for the promotion pipeline (docs/promotion-pipeline.md): CI hands Strata new builds, scripts move versions
 * through the pipeline and read the approvals queue. Thin adapters over server/services/promotion*.ts.
 *
 * Approvals and rejections are given by PEOPLE in the console. REST only accepts API tokens, and a token cannot be
 * held accountable as an approver, so approve/reject answer 403 with an explanation even for an approver-role token
 * (docs/promotion-pipeline.md). The routes exist so the contract is complete and a client gets that clear answer.
 */
import { z } from "zod";
import { validationResultSchema } from "../../contracts/manifest-validation";
import {
  cancelRequestInput,
  decideRequestInput,
  listRequestsInput,
  promoteVersionToByIdInput,
  rejectRequestInput,
  rollbackInput,
} from "../../contracts/promotion";
import { createVersionInput, listVersionsInput } from "../../contracts/versions";
import { PROMOTION_STATES } from "../../domain/promotion";
import { approveRequest, cancelRequest, rejectRequest, rollbackModule } from "../../services/promotion";
import { ingestModuleVersion } from "../../services/promotion-ingest";
import { promoteVersionTo } from "../../services/promotion-promote";
import { listModuleVersions, listRequests } from "../../services/promotion-read";
import { defineRoute } from "./define";

const state = z.enum(PROMOTION_STATES);

/** 32 MiB: a 200,000-path file list with long paths fits, with room for the manifest and package list. */
export const INGEST_MAX_BODY_BYTES = 32 * 1024 * 1024;

// ---------------------------------------------------------------------------------------------------------
// Versions

const versionSchema = z
  .object({
    id: z.string(),
    version: z.string(),
    promotion_state: state,
    oci_ref: z.string(),
    oci_digest: z.string(),
    composefs_digest: z.string().nullable(),
    signer_identity: z.string().nullable(),
    signer_issuer: z.string().nullable(),
    signature_verified_at: z.string().nullable(),
    sbom_uri: z.string().nullable(),
    provenance_uri: z.string().nullable(),
    file_count: z.number().int(),
    package_list: z.array(z.string()),
    previously_live: z.boolean(),
    created_at: z.string(),
    staging_at: z.string().nullable(),
    blessed_at: z.string().nullable(),
    live_at: z.string().nullable(),
    retired_at: z.string().nullable(),
    retired_reason: z.string().nullable(),
    state_changed_at: z.string(),
  })
  .meta({ id: "ModuleVersion" });

export const listVersionsRoute = defineRoute({
  method: "GET",
  path: "/system/modules/{name}/versions",
  access: { permission: "versions.read" },
  summary: "A module's versions, newest first, with their promotion state and the time each state was entered",
  tags: ["promotion"],
  input: listVersionsInput,
  params: { name: "name" },
  errorStatuses: [404],
  response: z
    .object({ module: z.string(), versions: z.array(versionSchema), next_cursor: z.string().nullable() })
    .meta({ id: "ModuleVersionList" }),
  handler: (ctx, input) => listModuleVersions(ctx, input),
});

export const ingestVersionRoute = defineRoute({
  method: "POST",
  path: "/system/modules/{name}/versions",
  access: { permission: "versions.ingest" },
  summary:
    "CI hands Strata a new build: creates the version in `built`. 409 when the version exists; 422 with the issues when the manifest has errors",
  tags: ["promotion"],
  // A token cannot claim signer or attestation fields: those come only from a verified signature (docs/ingest.md).
  input: createVersionInput.pick({ version: true, ociRef: true, ociDigest: true, composefsDigest: true, manifestYaml: true, fileList: true, packageList: true }),
  params: { name: "moduleName" },
  bodyId: "IngestVersion",
  maxBodyBytes: INGEST_MAX_BODY_BYTES,
  successStatus: 201,
  errorStatuses: [404, 409, 413, 422],
  response: z
    .object({ id: z.string(), module: z.string(), version: z.string(), promotion_state: state, validation: validationResultSchema })
    .meta({ id: "IngestedVersion" }),
  handler: async (ctx, { moduleName, ...build }) => ({ ...(await ingestModuleVersion(ctx, moduleName, build)), module: moduleName }),
});

// ---------------------------------------------------------------------------------------------------------
// Promote

const promoteResponse = z
  .object({
    applied: z.boolean(),
    id: z.string(),
    module: z.string(),
    version: z.string(),
    promotion_state: state,
    promotion_request_id: z.string().nullable(),
    request_status: z.enum(["pending", "approved"]).nullable(),
    required_approvals: z.number().int().nullable(),
    expires_at: z.string().nullable(),
  })
  .meta({ id: "PromoteResult" });

export const promoteRoute = defineRoute({
  method: "POST",
  path: "/system/node_module_versions/{id}/promote",
  access: { permission: "versions.promote" },
  summary:
    "Moves a version: built→staging, staging→blessed, staging→built, →retired (reason required), blessed→live (reason required; " +
    "202 with the promotion request when approval is needed). 409 when the version changed meanwhile, 422 when the transition is not allowed",
  tags: ["promotion"],
  input: promoteVersionToByIdInput,
  params: { id: "versionId" },
  bodyId: "PromoteVersion",
  response: promoteResponse,
  statusFor: (result) => (result.applied ? 200 : 202),
  successResponses: { 202: "Accepted: a live request now waits for approval (`promotion_request_id`)" },
  errorStatuses: [404, 409, 422],
  handler: async (ctx, input) => {
    const { versionId, moduleName, ...outcome } = await promoteVersionTo(ctx, input);
    return { ...outcome, id: versionId, module: moduleName };
  },
});

// ---------------------------------------------------------------------------------------------------------
// Requests

const decisionResult = z
  .object({ promotion_request_id: z.string(), status: z.enum(["pending", "approved", "rejected", "cancelled"]), applied: z.boolean() })
  .meta({ id: "PromotionRequestDecision" });

export const approveRoute = defineRoute({
  method: "POST",
  path: "/system/promotion_requests/{id}/approve",
  access: { permission: "versions.approve" },
  summary: "Approve a live request. Always 403 for API tokens: approvals are given by people in the console",
  tags: ["promotion"],
  input: decideRequestInput,
  params: { id: "requestId" },
  bodyId: "ApproveRequest",
  response: decisionResult,
  errorStatuses: [404, 409],
  handler: async (ctx, input) => ({ ...(await approveRequest(ctx, input)), promotionRequestId: input.requestId }),
});

export const rejectRoute = defineRoute({
  method: "POST",
  path: "/system/promotion_requests/{id}/reject",
  access: { permission: "versions.approve" },
  summary: "Reject a live request (comment required). Always 403 for API tokens: decisions are made by people in the console",
  tags: ["promotion"],
  input: rejectRequestInput,
  params: { id: "requestId" },
  bodyId: "RejectRequest",
  response: decisionResult,
  errorStatuses: [404, 409],
  handler: async (ctx, input) => ({ ...(await rejectRequest(ctx, input)), promotionRequestId: input.requestId, applied: false }),
});

export const cancelRoute = defineRoute({
  method: "POST",
  path: "/system/promotion_requests/{id}/cancel",
  access: { permission: "versions.requestLive" },
  summary: "Cancel a pending live request: the token that made it, or an approver-role token",
  tags: ["promotion"],
  input: cancelRequestInput,
  params: { id: "requestId" },
  bodyId: "CancelRequest",
  response: decisionResult,
  errorStatuses: [404, 409],
  handler: async (ctx, input) => ({ ...(await cancelRequest(ctx, input)), promotionRequestId: input.requestId, applied: false }),
});

export const rollbackRoute = defineRoute({
  method: "POST",
  path: "/system/modules/{name}/rollback",
  access: { permission: "versions.rollback" },
  summary: "Roll back: the live version → retired (reason required), the most recently live blessed version → live",
  tags: ["promotion"],
  input: rollbackInput,
  params: { name: "moduleName" },
  bodyId: "Rollback",
  response: z
    .object({ module: z.string(), live: z.string().nullable(), retired: z.string(), live_version_id: z.string(), retired_version_id: z.string() })
    .meta({ id: "RollbackResult" }),
  errorStatuses: [404, 409, 422],
  handler: async (ctx, input) => {
    const { moduleName, ...result } = await rollbackModule(ctx, input);
    return { ...result, module: moduleName };
  },
});

const requestItem = z
  .object({
    id: z.string(),
    status: z.enum(["pending", "approved", "rejected", "cancelled", "expired"]),
    module: z.string(),
    version: z.string(),
    module_version_id: z.string(),
    reason: z.string(),
    requested_by: z.string(),
    required_approvals: z.number().int(),
    approvals: z.number().int(),
    decisions: z.array(z.object({ user: z.string(), decision: z.enum(["approve", "reject"]), comment: z.string().nullable(), at: z.string() })),
    freeze_override_reason: z.string().nullable(),
    created_at: z.string(),
    expires_at: z.string(),
    decided_at: z.string().nullable(),
    decision_note: z.string().nullable(),
  })
  .meta({ id: "PromotionRequest" });

export const listRequestsRoute = defineRoute({
  method: "GET",
  path: "/system/promotion_requests",
  access: { permission: "approvals.read" },
  summary: "Live requests: `status` pending (default, soonest expiry first), decided, all, or one status; newest first otherwise",
  tags: ["promotion"],
  input: listRequestsInput.pick({ status: true, module: true, page: true, pageSize: true }),
  response: z
    .object({
      total: z.number().int().meta({ description: "Exact up to 10,000; see total_capped" }),
      total_capped: z.boolean(),
      page: z.number().int(),
      page_size: z.number().int(),
      promotion_requests: z.array(requestItem),
    })
    .meta({ id: "PromotionRequestList" }),
  handler: async (ctx, input) => {
    const { requests, ...page } = await listRequests(ctx, input);
    return {
      ...page,
      promotionRequests: requests.map((r) => ({
        ...r,
        module: r.version.moduleName,
        version: r.version.version,
        moduleVersionId: r.version.id,
        requestedBy: r.requestedByLabel,
        decisions: r.decisions.map((d) => ({ ...d, user: d.userEmail })),
      })),
    };
  },
});

export const promotionRoutes = [
  listVersionsRoute,
  ingestVersionRoute,
  promoteRoute,
  approveRoute,
  rejectRoute,
  cancelRoute,
  rollbackRoute,
  listRequestsRoute,
];
