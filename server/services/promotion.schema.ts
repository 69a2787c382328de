import { z } from "zod";

const reason = z.string().trim().max(2000);

export const transitionVersionInput = z.object({
  versionId: z.string().uuid(),
  targetState: z.enum(["staging", "blessed", "built", "retired"]),
  reason: reason.optional(),
});

export const requestLiveInput = z.object({
  versionId: z.string().uuid(),
  reason: reason.min(1, "Say why this version should go live"),
  freezeOverrideReason: reason.optional(),
});

export const decideRequestInput = z.object({
  requestId: z.string().uuid(),
  comment: reason.optional(),
});

export const rollbackInput = z.object({
  moduleName: z.string().min(1).max(64),
  reason: reason.min(1, "Say why you are rolling back"),
});
