/**
 * The few manifest fields composition needs (file_spec, mask, protected_spec, dependencies.requires/provides),
 * read leniently: other keys are ignored here because the validator (validate.ts) owns them. Used by the
 * composition service (version snapshots) and `strata compose` (local manifests).
 */
import * as z from "zod";
import type { Issue } from "../issues";
import { parseManifestYaml } from "./parse";

export interface CompositionFacts {
  name: string | null;
  fileSpec: string[];
  mask: string[];
  protectedSpec: string[];
  requires: string[];
  provides: string[];
}

const stringList = z.array(z.string(), "a list of strings");
const factsSchema = z.object({
  name: z.string().nullish(),
  file_spec: stringList.nullish(),
  mask: stringList.nullish(),
  protected_spec: stringList.nullish(),
  dependencies: z.object({ requires: stringList.nullish(), provides: stringList.nullish() }, "a mapping").nullish(),
}, "a mapping of manifest keys");

export type FactsResult = { ok: true; facts: CompositionFacts } | { ok: false; problems: string[]; issues: Issue[] };

export function extractCompositionFacts(manifestYaml: string | Uint8Array): FactsResult {
  const parsed = parseManifestYaml(manifestYaml);
  const errors = parsed.issues.filter((i) => i.severity === "error");
  if (!parsed.hasValue || errors.length > 0) {
    return { ok: false, issues: errors, problems: errors.map((i) => `${i.range.startLine}:${i.range.startColumn}: ${i.message}`) };
  }
  const r = factsSchema.safeParse(parsed.value);
  if (!r.success) {
    const problems = r.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(document)"}: expected ${i.message.replace(/^Invalid input: expected /, "")}`);
    return { ok: false, problems, issues: [] };
  }
  return {
    ok: true,
    facts: {
      name: r.data.name ?? null,
      fileSpec: r.data.file_spec ?? [],
      mask: r.data.mask ?? [],
      protectedSpec: r.data.protected_spec ?? [],
      requires: r.data.dependencies?.requires ?? [],
      provides: r.data.dependencies?.provides ?? [],
    },
  };
}
