/** Why an ingest attempt was rejected: a machine-readable code and the sentence shown on the module page. */
export const INGEST_REASON_CODES = [
  "NO_SIGNATURE",
  "LEGACY_SIGNATURE",
  "SIGNATURE_INVALID",
  "UNTRUSTED_CA",
  "NO_TIMESTAMP",
  "IDENTITY_MISMATCH",
  "ISSUER_MISMATCH",
  "NO_SIGNER_POLICY",
  "DIGEST_MISMATCH",
  "MANIFEST_INVALID",
  "NOT_A_MODULE",
  "TOO_LARGE",
  "TAG_OVERWRITE",
  "VERSION_EXISTS",
  "REGISTRY_ERROR",
] as const;
export type IngestReasonCode = (typeof INGEST_REASON_CODES)[number];

export interface IngestReason {
  code: IngestReasonCode;
  message: string;
}

/**
 * Rejections a later poll may turn into an acceptance without anything at Strata changing: CI signs after it
 * pushes, and a registry can be briefly unreachable. Every other rejection is final for that tag and digest
 * until the module's signer policy changes.
 */
export function isRetryable(code: string): boolean {
  return code === "NO_SIGNATURE" || code === "REGISTRY_ERROR";
}
