/**
 * JSON Schema of manifest schema_version 1, for the Monaco editor (monaco-yaml → yaml-language-server: hover
 * docs, completion, basic validation) and for `strata schema`. Generated from the zod schema so the two cannot
 * disagree; draft-07 because that is the dialect yaml-language-server supports most completely.
 *
 * It accepts exactly the manifests validateManifest() accepts without a registered name or account, except for glob
 * syntax, self-dependency and what is checked before the schema (YAML, input limits); schema-agreement.test.ts holds
 * the two together. Warnings, legacy-shape quick fixes and conflicts need validateManifest(); editors should show
 * its issues as the authoritative markers.
 */
import * as z from "zod";
import { manifestSchema } from "./schema";

export const MANIFEST_JSON_SCHEMA_ID = "https://strata.dev/schemas/manifest-v1.json";

export type JsonSchema = Record<string, unknown>;

let cached: JsonSchema | null = null;

/** A fresh copy each call, so a consumer mutating it cannot affect others. */
export function manifestJsonSchema(): JsonSchema {
  cached ??= {
    ...z.toJSONSchema(manifestSchema, { target: "draft-07", io: "input", unrepresentable: "any" }),
    $id: MANIFEST_JSON_SCHEMA_ID,
  };
  return structuredClone(cached);
}
