/**
 * REST for the promotion pipeline (docs/promotion-pipeline.md): CI hands Strata new builds, scripts move versions
 * through the pipeline and read the approvals queue. Thin adapters over server/services/promotion*.ts; JSON is
 * snake_case.
 *
 * Approvals and rejections are given by PEOPLE in the console. REST only accepts API tokens, and a token cannot be
 * held accountable as an approver, so approve/reject answer 403 with an explanation even for an approver-role token
 * (docs/promotion-pipeline.md). The routes exist so the contract is complete and a client gets that clear answer.
 */
import { z } from "zod";
import { toSnakeCaseResult, type ValidationResult } from "../../domain/manifest";
import { PROMOTION_STATES } from "../../domain/promotion";
import { AppError, isAppError } from "../../errors";
import type { ServiceContext } from "../../services/context";
import { approveRequest, cancelRequest, rejectRequest, requestLive, rollbackModule, transitionVersion } from "../../services/promotion";
import { ingestModuleVersion } from "../../services/promotion-ingest";
import { listModuleVersions, listRequests } from "../../services/promotion-read";
import { REQUEST_STATUS_FILTERS } from "../../contracts/promotion";
import { ociDigestSchema } from "../../contracts/versions";
import { defineRoute } from "./define";

function requireSvc(svc: ServiceContext | null): ServiceContext {
  if (!svc) throw new AppError("UNAUTHORIZED", "Authentication required.");
  return svc;
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const state = z.enum(PROMOTION_STATES);
const moduleNameParams = z.object({ name: z.string().min(1).max(64) });
const idParams = z.object({ id: z.string().uuid("A promotion request or version id (UUID)") });
const reasonText = z.string().trim().max(2000);

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
  params: moduleNameParams,
  errorStatuses: [404],
  response: z.object({ module: z.string(), versions: z.array(versionSchema) }).meta({ id: "ModuleVersionList" }),
  handler: async (svc, { params }) => {
    const result = await listModuleVersions(requireSvc(svc), params.name);
    return {
      module: result.module,
      versions: result.versions.map((v) => ({
        id: v.id,
        version: v.version,
        promotion_state: v.promotionState,
        oci_ref: v.ociRef,
        oci_digest: v.ociDigest,
        composefs_digest: v.composefsDigest,
        signer_identity: v.signerIdentity,
        signer_issuer: v.signerIssuer,
        signature_verified_at: iso(v.signatureVerifiedAt),
        sbom_uri: v.sbomUri,
        provenance_uri: v.provenanceUri,
        file_count: v.fileCount,
        package_list: v.packageList,
        previously_live: v.previouslyLive,
        created_at: v.createdAt.toISOString(),
        staging_at: iso(v.stagingAt),
        blessed_at: iso(v.blessedAt),
        live_at: iso(v.liveAt),
        retired_at: iso(v.retiredAt),
        retired_reason: v.retiredReason,
        state_changed_at: v.stateChangedAt.toISOString(),
      })),
    };
  },
});

const validationSchema = z.object({
  valid: z.boolean(),
  errors: z.array(z.record(z.string(), z.unknown())),
  warnings: z.array(z.record(z.string(), z.unknown())),
  conflicts: z.array(z.record(z.string(), z.unknown())),
});

export const ingestVersionRoute = defineRoute({
  method: "POST",
  path: "/system/modules/{name}/versions",
  access: { permission: "versions.ingest" },
  summary:
    "CI hands Strata a new build: creates the version in `built`. 409 when the version exists; 422 with the issues when the manifest has errors",
  tags: ["promotion"],
  params: moduleNameParams,
  maxBodyBytes: INGEST_MAX_BODY_BYTES,
  body: z
    .object({
      version: z.string().max(100),
      oci_ref: z.string().min(1).max(500),
      oci_digest: ociDigestSchema,
      composefs_digest: z.string().max(200).optional(),
      manifest_yaml: z.string(),
      file_list: z.array(z.string()).optional(),
      package_list: z.array(z.string()).optional(),
    })
    .meta({ id: "IngestVersion" }),
  successStatus: 201,
  errorStatuses: [404, 409, 413, 422],
  response: z
    .object({ id: z.string(), module: z.string(), version: z.string(), promotion_state: state, validation: validationSchema })
    .meta({ id: "IngestedVersion" }),
  handler: async (svc, { params, body }) => {
    try {
      const created = await ingestModuleVersion(requireSvc(svc), params.name, {
        version: body.version,
        ociRef: body.oci_ref,
        ociDigest: body.oci_digest,
        ...(body.composefs_digest !== undefined ? { composefsDigest: body.composefs_digest } : {}),
        manifestYaml: body.manifest_yaml,
        fileList: body.file_list ?? [],
        packageList: body.package_list ?? [],
      });
      return {
        id: created.id,
        module: params.name,
        version: created.version,
        promotion_state: created.promotionState,
        validation: toSnakeCaseResult(created.validation) as unknown as z.input<typeof validationSchema>,
      };
    } catch (error) {
      // The service speaks camelCase Issues; REST clients get the same issues in snake_case.
      if (isAppError(error) && error.code === "UNPROCESSABLE" && isManifestFailure(error.details)) {
        throw new AppError("UNPROCESSABLE", error.message, { details: { reason: "MANIFEST_INVALID", validation: toSnakeCaseResult(error.details.validation) } });
      }
      if (error instanceof z.ZodError) {
        throw new AppError("BAD_REQUEST", "Invalid request body.", {
          details: { location: "body", issues: error.issues.map((i) => ({ path: i.path.map(String).join("."), message: i.message })) },
        });
      }
      throw error;
    }
  },
});

function isManifestFailure(details: unknown): details is { validation: ValidationResult } {
  return typeof details === "object" && details !== null && "validation" in details;
}

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
  params: idParams,
  body: z
    .object({
      target_state: state,
      reason: reasonText.optional(),
      /** Optional compare-and-set: the state the client believes the version is in. */
      expected_state: state.optional(),
      /** Admins only: go live despite an active freeze window. */
      freeze_override_reason: reasonText.optional(),
    })
    .meta({ id: "PromoteVersion" }),
  response: promoteResponse,
  statusFor: (result) => (result.applied ? 200 : 202),
  successResponses: { 202: "Accepted: a live request now waits for approval (`promotion_request_id`)" },
  errorStatuses: [404, 409, 422],
  handler: async (rawSvc, { params, body }) => {
    const svc = requireSvc(rawSvc);
    if (body.target_state === "live") {
      if (body.expected_state && body.expected_state !== "blessed") {
        throw new AppError("UNPROCESSABLE", "Only a blessed version can go live.");
      }
      const result = await requestLive(svc, {
        versionId: params.id,
        reason: body.reason ?? "",
        ...(body.freeze_override_reason ? { freezeOverrideReason: body.freeze_override_reason } : {}),
      });
      return {
        applied: result.applied,
        id: result.versionId,
        module: result.moduleName,
        version: result.version,
        promotion_state: result.promotionState,
        promotion_request_id: result.requestId,
        request_status: result.status === "approved" ? ("approved" as const) : ("pending" as const),
        required_approvals: result.requiredApprovals,
        expires_at: result.applied ? null : result.expiresAt.toISOString(),
      };
    }
    if (body.target_state === "built" || body.target_state === "staging" || body.target_state === "blessed" || body.target_state === "retired") {
      const result = await transitionVersion(svc, {
        versionId: params.id,
        targetState: body.target_state,
        ...(body.reason !== undefined ? { reason: body.reason } : {}),
        ...(body.expected_state ? { expectedState: body.expected_state } : {}),
      });
      return {
        applied: true,
        id: result.id,
        module: result.moduleName,
        version: result.version,
        promotion_state: result.promotionState,
        promotion_request_id: null,
        request_status: null,
        required_approvals: null,
        expires_at: null,
      };
    }
    throw new AppError("UNPROCESSABLE", `Unknown target state ${String(body.target_state)}.`);
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
  params: idParams,
  body: z.object({ comment: reasonText.optional() }).meta({ id: "ApproveRequest" }),
  response: decisionResult,
  errorStatuses: [404, 409],
  handler: async (svc, { params, body }) => {
    const result = await approveRequest(requireSvc(svc), { requestId: params.id, ...(body.comment ? { comment: body.comment } : {}) });
    return { promotion_request_id: result.requestId, status: result.status, applied: result.applied };
  },
});

export const rejectRoute = defineRoute({
  method: "POST",
  path: "/system/promotion_requests/{id}/reject",
  access: { permission: "versions.approve" },
  summary: "Reject a live request (comment required). Always 403 for API tokens: decisions are made by people in the console",
  tags: ["promotion"],
  params: idParams,
  body: z.object({ comment: reasonText.min(1, "Say why you reject this request") }).meta({ id: "RejectRequest" }),
  response: decisionResult,
  errorStatuses: [404, 409],
  handler: async (svc, { params, body }) => {
    const result = await rejectRequest(requireSvc(svc), { requestId: params.id, comment: body.comment });
    return { promotion_request_id: result.requestId, status: result.status, applied: false };
  },
});

export const cancelRoute = defineRoute({
  method: "POST",
  path: "/system/promotion_requests/{id}/cancel",
  access: { permission: "versions.requestLive" },
  summary: "Cancel a pending live request: the token that made it, or an approver-role token",
  tags: ["promotion"],
  params: idParams,
  body: z.object({ reason: reasonText.optional() }).meta({ id: "CancelRequest" }),
  response: decisionResult,
  errorStatuses: [404, 409],
  handler: async (svc, { params, body }) => {
    const result = await cancelRequest(requireSvc(svc), { requestId: params.id, ...(body.reason ? { reason: body.reason } : {}) });
    return { promotion_request_id: result.requestId, status: result.status, applied: false };
  },
});

export const rollbackRoute = defineRoute({
  method: "POST",
  path: "/system/modules/{name}/rollback",
  access: { permission: "versions.rollback" },
  summary: "Roll back: the live version → retired (reason required), the most recently live blessed version → live",
  tags: ["promotion"],
  params: moduleNameParams,
  body: z.object({ reason: reasonText.min(1, "Say why you are rolling back") }).meta({ id: "Rollback" }),
  response: z
    .object({ module: z.string(), live: z.string().nullable(), retired: z.string(), live_version_id: z.string(), retired_version_id: z.string() })
    .meta({ id: "RollbackResult" }),
  errorStatuses: [404, 409, 422],
  handler: async (svc, { params, body }) => {
    const result = await rollbackModule(requireSvc(svc), { moduleName: params.name, reason: body.reason });
    return {
      module: result.moduleName,
      live: result.live,
      retired: result.retired,
      live_version_id: result.liveVersionId,
      retired_version_id: result.retiredVersionId,
    };
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
  query: z.object({
    status: z.enum(REQUEST_STATUS_FILTERS).default("pending"),
    module: z.string().max(64).optional(),
    page: z.coerce.number().int().min(1).max(10_000).default(1),
    page_size: z.coerce.number().int().min(1).max(200).default(50),
  }),
  response: z
    .object({ total: z.number().int(), page: z.number().int(), page_size: z.number().int(), promotion_requests: z.array(requestItem) })
    .meta({ id: "PromotionRequestList" }),
  handler: async (svc, { query }) => {
    const result = await listRequests(requireSvc(svc), {
      status: query.status,
      ...(query.module ? { module: query.module } : {}),
      page: query.page,
      pageSize: query.page_size,
    });
    return {
      total: result.total,
      page: result.page,
      page_size: result.pageSize,
      promotion_requests: result.requests.map((r) => ({
        id: r.id,
        status: r.status,
        module: r.version.moduleName,
        version: r.version.version,
        module_version_id: r.version.id,
        reason: r.reason,
        requested_by: r.requestedByLabel,
        required_approvals: r.requiredApprovals,
        approvals: r.approvals,
        decisions: r.decisions.map((d) => ({ user: d.userEmail, decision: d.decision, comment: d.comment, at: d.at.toISOString() })),
        freeze_override_reason: r.freezeOverrideReason,
        created_at: r.createdAt.toISOString(),
        expires_at: r.expiresAt.toISOString(),
        decided_at: iso(r.decidedAt),
        decision_note: r.decisionNote,
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
