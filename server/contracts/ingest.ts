/** Signed ingest's inputs (docs/ingest.md), shared by the settings form, tRPC and REST. */
import { z } from "zod";
import { cursorSchema } from "./pagination";

const threshold = z.number().int().min(0).max(10);

export const signingSettingsInput = z
  .object({
    /** A Sigstore trusted_root.json; null removes the custom root. */
    trustedRootJson: z.string().max(1024 * 1024).nullable().optional(),
    usePublicGood: z.boolean().optional(),
    tlogThreshold: threshold.optional(),
    ctlogThreshold: threshold.optional(),
    timestampThreshold: threshold.min(1, "At least one timestamp is needed to verify a certificate").optional(),
  })
  .strict();
export type SigningSettingsInput = z.output<typeof signingSettingsInput>;

export const registryCredentialInput = z.object({
  registryHost: z.string().trim().min(1).max(255).regex(/^[A-Za-z0-9.-]+(?::\d{1,5})?$|^\[[0-9a-fA-F:]+\](?::\d{1,5})?$/, "host[:port]"),
  username: z.string().min(1).max(255),
  /** null removes the credential. */
  password: z.string().min(1).max(4096).nullable(),
});
export type RegistryCredentialInput = z.output<typeof registryCredentialInput>;

export const INGEST_OUTCOMES = ["accepted", "rejected"] as const;

export const ingestAttemptsInput = z.object({
  moduleName: z.string().trim().min(1).max(200),
  limit: z.number().int().min(1).max(500).default(100),
  /** The `next_cursor` of the previous page (docs/performance.md, Pagination). */
  cursor: cursorSchema.optional(),
});
export type IngestAttemptsInput = z.output<typeof ingestAttemptsInput>;
