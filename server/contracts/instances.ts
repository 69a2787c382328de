import { z } from "zod";

export const createInstanceInput = z.object({
  name: z.string().trim().regex(/^[a-z0-9](?:[a-z0-9.-]{0,126}[a-z0-9])?$/, "Lowercase letters, digits, dots and dashes"),
  templateId: z.string().uuid().nullable(),
  arch: z.enum(["amd64", "arm64"]).default("amd64"),
});

export const heartbeatInput = z.object({
  status: z.enum(["pending", "provisioning", "running", "stopped", "error", "terminated"]),
  /** {moduleName: ociDigest} of what the node runs now. */
  modules: z.record(z.string().max(64), z.string().regex(/^sha256:[0-9a-f]{64}$/)).refine((m) => Object.keys(m).length <= 500, "At most 500 modules"),
});
