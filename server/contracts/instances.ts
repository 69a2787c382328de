/**
 * Fleet inputs (docs/fleet.md): operators' instance and enrollment-token actions, and what node agents send.
 * Browser-safe: the Instances pages validate with the same schemas.
 */
import { z } from "zod";
import { moduleNameSchema } from "../domain/manifest/schema";
import { DRIFT_SEVERITIES } from "../domain/drift/drift";
import { INSTANCE_METADATA_LIMITS, LABEL_KEY_PATTERN } from "../domain/instance-metadata/placeholders";
import { ARCHES, INSTANCE_SORTS, INSTANCE_STATUSES, type InstanceStatus } from "./instance-values";
import { cursorSchema } from "./pagination";

export { ARCHES, INSTANCE_SORTS, INSTANCE_STATUSES, type InstanceStatus };

/** Node names are DNS-like: they appear in hostnames, URLs and logs. */
export const instanceNameSchema = z
  .string()
  .trim()
  .min(1, "Required")
  .max(128, "At most 128 characters")
  .regex(/^[a-z0-9](?:[a-z0-9.-]{0,126}[a-z0-9])?$/, "Lowercase letters, digits, dots and dashes");

const digestSchema = z.string().regex(/^sha256:[0-9a-f]{64}$/, "A sha256 digest (sha256:<64 hex>)");

/** The most modules one heartbeat may report: a bound on the work one agent request can cause. */
export const MAX_REPORTED_MODULES = 500;

export const instanceIdInput = z.object({ instanceId: z.string().uuid() });

export const createInstanceInput = z.object({
  name: instanceNameSchema,
  templateId: z.string().uuid().nullable(),
  arch: z.enum(ARCHES).default("amd64"),
});
export type CreateInstanceInput = z.output<typeof createInstanceInput>;

export const heartbeatInput = z.object({
  status: z.enum(INSTANCE_STATUSES),
  agentVersion: z.string().trim().max(64).optional(),
  /** {moduleName: ociDigest} of what the node runs now. */
  modules: z
    .record(moduleNameSchema, digestSchema)
    .refine((m) => Object.keys(m).length <= MAX_REPORTED_MODULES, `At most ${MAX_REPORTED_MODULES} modules`),
});
export type HeartbeatInput = z.output<typeof heartbeatInput>;

export const enrollInput = z.object({
  name: instanceNameSchema,
  arch: z.enum(ARCHES).default("amd64"),
});
export type EnrollInput = z.output<typeof enrollInput>;

export const ENROLLMENT_LIMITS = { maxHours: 24 * 30, maxUses: 10_000 } as const;

export const createEnrollmentTokenInput = z.object({
  templateId: z.string().uuid(),
  expiresInHours: z.number().int().min(1).max(ENROLLMENT_LIMITS.maxHours).default(24),
  maxUses: z.number().int().min(1).max(ENROLLMENT_LIMITS.maxUses).default(1),
});
export type CreateEnrollmentTokenInput = z.output<typeof createEnrollmentTokenInput>;

export const enrollmentTokenIdInput = z.object({ tokenId: z.string().uuid() });
export const listEnrollmentTokensInput = z.object({ templateId: z.string().uuid() });

export const decommissionInstanceInput = z.object({
  instanceId: z.string().uuid(),
  reason: z.string().trim().min(3, "Say why (at least 3 characters)").max(500),
});

export const INSTANCE_PAGE_MAX = 200;

export const listInstancesInput = z.object({
  templateId: z.string().uuid().optional(),
  status: z.enum(INSTANCE_STATUSES).optional(),
  /** `drifted` = any severity but none; a severity name filters that severity. */
  drift: z.enum([...DRIFT_SEVERITIES, "drifted"]).optional(),
  stale: z.boolean().optional(),
  /** true = nodes that have never sent a heartbeat; false = nodes that have. */
  neverReported: z.boolean().optional(),
  q: z.string().trim().max(128).optional(),
  sort: z.enum(INSTANCE_SORTS).default("name"),
  /** An offset, kept for old clients; `cursor` (keyset) is what the console uses and stays fast on deep pages. */
  page: z.number().int().min(1).max(100_000).default(1),
  pageSize: z.number().int().min(1).max(INSTANCE_PAGE_MAX).default(50),
  cursor: cursorSchema.optional(),
});
export type ListInstancesInput = z.output<typeof listInstancesInput>;

/** The drift report, narrowed to one template's nodes and/or to drift of at least `severity` (docs/fleet.md). */
export const driftReportInput = z.object({
  templateId: z.string().uuid().optional(),
  severity: z
    .enum(DRIFT_SEVERITIES.filter((s) => s !== "none") as ["medium", "high", "critical"])
    .optional()
    .meta({ description: "At least this severity (stale nodes without drift are left out)" }),
});
export type DriftReportInput = z.output<typeof driftReportInput>;

export const fleetSummaryInput = z.object({ templateId: z.string().uuid().optional() });

export const instanceEventsInput = z.object({
  instanceId: z.string().uuid(),
  limit: z.number().int().min(1).max(200).default(50),
});

export const rolloutProgressInput = z.object({ moduleName: moduleNameSchema, version: z.string().trim().min(1).max(128) });

/**
 * Instance metadata (docs/authoring.md, "Instance metadata"): what `${instance.hostname}`, `${instance.site}` and
 * `${instance.labels.<key>}` become on this node. The whole set is replaced at once (the form edits all of it), so
 * a label removed in the form is removed here. Bounded: it travels with every desired-state answer.
 */
const noControl = (value: string) => ![...value].some((c) => c.charCodeAt(0) < 0x20 || c.charCodeAt(0) === 0x7f);
export const hostnameSchema = z
  .string()
  .trim()
  .max(INSTANCE_METADATA_LIMITS.valueChars, `At most ${INSTANCE_METADATA_LIMITS.valueChars} characters`)
  .regex(/^(?=.{1,253}$)[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/, "A DNS hostname: letters, digits, dashes, dot-separated labels");
export const siteSchema = z.string().trim().min(1, "Required").max(64, "At most 64 characters").regex(/^[A-Za-z0-9][A-Za-z0-9 ._-]*$/, "Letters, digits, spaces, dots, dashes and _");
export const labelValueSchema = z
  .string()
  .max(INSTANCE_METADATA_LIMITS.valueChars, `At most ${INSTANCE_METADATA_LIMITS.valueChars} characters`)
  .refine(noControl, "No control characters");
export const labelsSchema = z
  .record(z.string().regex(LABEL_KEY_PATTERN, "Label keys: lowercase letters, digits, . _ - (at most 63)"), labelValueSchema)
  .refine((labels) => Object.keys(labels).length <= INSTANCE_METADATA_LIMITS.labels, `At most ${INSTANCE_METADATA_LIMITS.labels} labels`);

export const updateInstanceMetadataInput = z.object({
  instanceId: z.string().uuid(),
  /** null clears it. */
  hostname: hostnameSchema.nullable(),
  site: siteSchema.nullable(),
  labels: labelsSchema.default({}),
});
export type UpdateInstanceMetadataInput = z.output<typeof updateInstanceMetadataInput>;
