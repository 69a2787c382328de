/** Signed ingest's pure rules (docs/ingest.md): the artifact convention, signer policy, rejection reasons. */
export * from "./media-types";
export * from "./artifact";
export * from "./signer";
export * from "./reasons";
export * from "./sbom";
