import { z } from "zod";

export const updatePolicyInput = z.object({
  requireApproval: z.boolean(),
  requiredApprovals: z.coerce.number().int().min(1, "At least 1").max(10, "At most 10"),
  requestTtlHours: z.coerce.number().int().min(1, "At least 1 hour").max(24 * 14, "At most 14 days"),
  stagingStaleHours: z.coerce.number().int().min(1, "At least 1 hour").max(24 * 90, "At most 90 days"),
  /**
   * Audit retention (docs/performance.md): days an event stays in the hot table before the audit-archive job moves
   * it to the archive. null = keep every event hot; absent = unchanged. Events are never deleted.
   */
  auditHotDays: z
    .union([z.literal(""), z.null(), z.coerce.number().int().min(7, "At least 7 days").max(3650, "At most 10 years")])
    .transform((value) => (value === "" ? null : value))
    .optional(),
  /** The bless gate (docs/promotion.md); absent keeps the current setting. */
  blessRequiresEvidence: z.boolean().optional(),
});
export type UpdatePolicyInput = z.infer<typeof updatePolicyInput>;
