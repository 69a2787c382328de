import { z } from "zod";

export const updatePolicyInput = z.object({
  requireApproval: z.boolean(),
  requiredApprovals: z.coerce.number().int().min(1, "At least 1").max(10, "At most 10"),
  requestTtlHours: z.coerce.number().int().min(1, "At least 1 hour").max(24 * 14, "At most 14 days"),
  stagingStaleHours: z.coerce.number().int().min(1, "At least 1 hour").max(24 * 90, "At most 90 days"),
  /** The bless gate (docs/promotion.md); absent keeps the current setting. */
  blessRequiresEvidence: z.boolean().optional(),
});
export type UpdatePolicyInput = z.infer<typeof updatePolicyInput>;
