/**
 * Who signed, judged by Strata itself (docs/ingest.md, Signatures): the library's SAN policy is an unanchored
 * match, so the module's anchored, safety-checked regexps are evaluated here on the verified certificate's facts.
 */
import { checkRegexpShape, regexpMatches } from "../registration/regexp";
import { INGEST_LIMITS } from "./media-types";
import type { IngestReason } from "./reasons";

export interface SignerFacts {
  identity: string;
  issuer: string | undefined;
}

export interface SignerPolicy {
  identityRegexp: string | null;
  issuerRegexp: string | null;
}

export function judgeSigner(signer: SignerFacts, policy: SignerPolicy): { ok: true } | { ok: false; reason: IngestReason } {
  if (!policy.identityRegexp || !policy.issuerRegexp) {
    return { ok: false, reason: { code: "NO_SIGNER_POLICY", message: "The module has no identity and issuer regexps: no signer can be accepted." } };
  }
  for (const [field, source] of [["identity", policy.identityRegexp], ["issuer", policy.issuerRegexp]] as const) {
    const shape = checkRegexpShape(source);
    if (!shape.ok) return { ok: false, reason: { code: "NO_SIGNER_POLICY", message: `The module's ${field} regexp is not usable: ${shape.problem?.message ?? "invalid"}.` } };
  }
  if (signer.identity.length > INGEST_LIMITS.identityChars || !regexpMatches(policy.identityRegexp, signer.identity)) {
    return { ok: false, reason: { code: "IDENTITY_MISMATCH", message: `Signer identity ${signer.identity.slice(0, 300)} does not match ${policy.identityRegexp}.` } };
  }
  if (signer.issuer === undefined) {
    return { ok: false, reason: { code: "ISSUER_MISMATCH", message: "The signing certificate names no OIDC issuer." } };
  }
  if (signer.issuer.length > INGEST_LIMITS.identityChars || !regexpMatches(policy.issuerRegexp, signer.issuer)) {
    return { ok: false, reason: { code: "ISSUER_MISMATCH", message: `Issuer ${signer.issuer.slice(0, 300)} does not match ${policy.issuerRegexp}.` } };
  }
  return { ok: true };
}
