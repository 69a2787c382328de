/**
 * `dependencies.requires` / `dependencies.provides` entries (docs/manifest-validation.md, docs/composition.md). Parsed
 * here once so the validator, the account checks and the composition engine's dependency resolution read them the same
 * way.
 */
import semver from "semver";
import {
  ACCOUNT_SLUG_PATTERN,
  CAPABILITY_TAG_PATTERN,
  MODULE_NAME_PATTERN,
  REQUIRES_ENTRY_MAX_LENGTH,
  SEMVER_RANGE_PATTERN,
} from "./patterns";

export type Requirement =
  | { kind: "module"; owner: string; module: string; range: string }
  | { kind: "capability"; tag: string; range: string | null };

export type RequirementParse =
  | { ok: true; requirement: Requirement }
  | { ok: false; code: "requires.invalid_syntax" | "requires.invalid_range" | "capability.invalid_tag"; message: string; hint: string };

const CAPABILITY_PREFIX = "capability:";

/** Whether a capability tag is exclusive: it has a value part, as in `http.port:80`. */
export function isExclusiveCapability(tag: string): boolean {
  return tag.includes(":");
}

export function isValidCapabilityTag(tag: string): boolean {
  return CAPABILITY_TAG_PATTERN.test(tag);
}

function rangeProblem(entry: string, range: string): RequirementParse | null {
  if (range.trim() === "") {
    return {
      ok: false,
      code: "requires.invalid_range",
      message: `\`${entry}\` has an empty version range after @.`,
      hint: "Write a semver range such as ^1.0, ~2.3.1, >=1.2 <2 or * for any version.",
    };
  }
  // The grammar rather than semver.validRange: validRange also accepts garbage such as `+x` (read as "any
  // version"), and the JSON Schema can only carry a pattern. Everything the grammar accepts, semver reads.
  if (!SEMVER_RANGE_PATTERN.test(range)) {
    return {
      ok: false,
      code: "requires.invalid_range",
      message: `\`${range}\` is not a valid semver range.`,
      hint: "Write a semver range such as ^1.0, ~2.3.1, >=1.2 <2 or * for any version.",
    };
  }
  return null;
}

/**
 * Accepts exactly the entries REQUIRES_ENTRY_PATTERN accepts (a property test holds the two together), so the JSON
 * Schema and the validator agree; the parse exists to say precisely what is wrong.
 */
export function parseRequirement(entry: string): RequirementParse {
  if (entry.length > REQUIRES_ENTRY_MAX_LENGTH) {
    return {
      ok: false,
      code: "requires.invalid_syntax",
      message: `This requirement is ${entry.length} characters long; the limit is ${REQUIRES_ENTRY_MAX_LENGTH}.`,
      hint: "Write <owner>/<module>@<semver-range> (e.g. powernode/system-base@^1.0) or capability:<tag>[@<range>].",
    };
  }
  if (entry.startsWith(CAPABILITY_PREFIX)) {
    const rest = entry.slice(CAPABILITY_PREFIX.length);
    const at = rest.indexOf("@");
    const tag = at === -1 ? rest : rest.slice(0, at);
    const range = at === -1 ? null : rest.slice(at + 1);
    if (!isValidCapabilityTag(tag)) {
      return {
        ok: false,
        code: "capability.invalid_tag",
        message: `\`${tag}\` is not a valid capability tag.`,
        hint: "Tags are lowercase dotted words with an optional :value, e.g. container-runtime or http.port:80.",
      };
    }
    if (range !== null) {
      const problem = rangeProblem(entry, range);
      if (problem) return problem;
    }
    return { ok: true, requirement: { kind: "capability", tag, range } };
  }

  const syntaxHint = "Write <owner>/<module>@<semver-range> (e.g. powernode/system-base@^1.0) or capability:<tag>[@<range>].";
  const slash = entry.indexOf("/");
  const at = entry.indexOf("@");
  if (slash === -1) {
    return { ok: false, code: "requires.invalid_syntax", message: `\`${entry}\` has no owner: module requirements are <owner>/<module>@<range>.`, hint: syntaxHint };
  }
  if (at === -1) {
    return {
      ok: false,
      code: "requires.invalid_syntax",
      message: `\`${entry}\` has no version range: module requirements are <owner>/<module>@<range>.`,
      hint: `Append a range, e.g. ${entry}@^1.0 (or @* for any version).`,
    };
  }
  if (at < slash) {
    return { ok: false, code: "requires.invalid_syntax", message: `\`${entry}\` is not of the form <owner>/<module>@<range>.`, hint: syntaxHint };
  }
  const owner = entry.slice(0, slash);
  const module = entry.slice(slash + 1, at);
  const range = entry.slice(at + 1);
  if (!ACCOUNT_SLUG_PATTERN.test(owner)) {
    return { ok: false, code: "requires.invalid_syntax", message: `\`${owner}\` is not a valid account slug (the owner part).`, hint: syntaxHint };
  }
  if (!MODULE_NAME_PATTERN.test(module)) {
    return {
      ok: false,
      code: "requires.invalid_syntax",
      message: `\`${module}\` is not a valid module name.`,
      hint: "Module names are lowercase letters, digits and hyphens, starting with a letter.",
    };
  }
  const problem = rangeProblem(entry, range);
  if (problem) return problem;
  return { ok: true, requirement: { kind: "module", owner, module, range } };
}

/** The highest of `versions` satisfying `range`, or null (invalid versions are ignored). */
export function maxSatisfying(versions: readonly string[], range: string): string | null {
  const valid = versions.filter((v) => semver.valid(v) !== null);
  return semver.maxSatisfying(valid, range);
}
