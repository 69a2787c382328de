/**
 * zod issues → Strata issues: a stable code, a message that names the field the way the author wrote it, a hint
 * that says what to write instead, and the source range of the offending node.
 */
import * as z from "zod";
import type { Issue, QuickFix } from "../issues";
import type { LegacyAnalysis } from "./legacy";
import type { ParsedManifest } from "./parse";
import { toPointer, type PathSegment } from "./pointer";
import { manifestSchema } from "./schema";
import { closestMatch } from "./suggest";
import { codePointLength } from "./text";

type ZodIssue = z.core.$ZodIssue;

/** `services[0].exposed_ports[1].port` — how an author reads a location. */
export function describePath(path: readonly PathSegment[]): string {
  let out = "";
  for (const seg of path) {
    if (typeof seg === "number") out += `[${seg}]`;
    else out += out === "" ? seg : `.${seg}`;
  }
  return out === "" ? "the manifest" : out;
}

function valueAt(root: unknown, path: readonly PathSegment[]): { exists: boolean; value: unknown } {
  let cur: unknown = root;
  for (const seg of path) {
    if (Array.isArray(cur) && typeof seg === "number") {
      if (seg >= cur.length) return { exists: false, value: undefined };
      cur = cur[seg];
    } else if (cur !== null && typeof cur === "object" && !Array.isArray(cur)) {
      if (!Object.prototype.hasOwnProperty.call(cur, seg)) return { exists: false, value: undefined };
      cur = (cur as Record<string, unknown>)[String(seg)];
    } else return { exists: false, value: undefined };
  }
  return { exists: true, value: cur };
}

function typeName(value: unknown): string {
  if (value === null) return "an empty value (null)";
  if (Array.isArray(value)) return "a list";
  if (typeof value === "object") return "a mapping";
  if (typeof value === "string") return "a string";
  if (typeof value === "number") return Number.isInteger(value) ? "an integer" : "a number";
  if (typeof value === "boolean") return "a boolean";
  return typeof value;
}

function expectedName(expected: string): string {
  switch (expected) {
    case "array":
      return "a list";
    case "object":
    case "record":
    case "map":
      return "a mapping";
    case "int":
      return "a whole number";
    case "number":
      return "a number";
    case "boolean":
      return "true or false";
    case "string":
      return "a string";
    default:
      return expected;
  }
}

/** The zod schema at a path, unwrapping optional/nullable, so unknown keys can be compared with the known ones. */
function schemaAt(path: readonly PathSegment[]): z.ZodType | null {
  let cur: z.ZodType | null = manifestSchema;
  const unwrap = (s: z.ZodType): z.ZodType => {
    let x = s;
    for (let guard = 0; guard < 10; guard++) {
      if (x instanceof z.ZodOptional || x instanceof z.ZodNullable) x = x.unwrap() as z.ZodType;
      else break;
    }
    return x;
  };
  for (const seg of path) {
    if (!cur) return null;
    const s = unwrap(cur);
    if (s instanceof z.ZodObject) cur = (s.shape as Record<string, z.ZodType>)[String(seg)] ?? null;
    else if (s instanceof z.ZodArray) cur = s.element as z.ZodType;
    else if (s instanceof z.ZodRecord) cur = s.valueType as z.ZodType;
    else return null;
  }
  return cur ? unwrap(cur) : null;
}

function knownKeysAt(path: readonly PathSegment[]): string[] {
  const s = schemaAt(path);
  return s instanceof z.ZodObject ? Object.keys(s.shape) : [];
}

/** Root-level keys authors put in the wrong place, with where they belong. */
const MISPLACED_ROOT_KEYS: Readonly<Record<string, string>> = {
  requires: "Requirements go under dependencies: as `requires:`.",
  provides: "Capabilities go under dependencies: as `provides:`.",
  depends: "Requirements go under dependencies: as `requires:`.",
  dependencies_requires: "Requirements go under dependencies: as `requires:`.",
  version: "Versions are not written in the manifest: each CI build registers a version (semver) with its digests.",
  packages: "Debian packages are listed under package_spec:.",
  files: "Shipped globs are listed under file_spec:.",
  protected: "Owned globs are listed under protected_spec:.",
  exclude: "Globs excluded from this module's artifact are listed under mask:.",
};

function pathMatches(path: readonly PathSegment[], pattern: readonly string[]): boolean {
  return path.length === pattern.length && pattern.every((p, i) => p === "*" || p === String(path[i]));
}

interface FormatRule {
  pattern: string[];
  code: string;
  message: (value: string) => string;
  hint: string;
}

const FORMAT_RULES: FormatRule[] = [
  {
    pattern: ["name"],
    code: "name.invalid",
    message: (v) => `\`${v}\` is not a valid module name.`,
    hint: "Use lowercase letters, digits and hyphens, start with a letter, end with a letter or digit, at most 64 characters.",
  },
  {
    pattern: ["package_spec", "*"],
    code: "package.invalid_name",
    message: (v) => `\`${v}\` is not a valid Debian package name${v.includes("=") ? " and version" : ""}.`,
    hint: "Package names are lowercase letters, digits, + - . (at least 2 characters), optionally =version starting with a digit, e.g. nginx=1.24.0-2ubuntu7.",
  },
  {
    pattern: ["services", "*", "name"],
    code: "service.invalid_name",
    message: (v) => `\`${v}\` is not a valid service name.`,
    hint: "Service names are lowercase letters, digits and hyphens, starting with a letter or digit, at most 63 characters.",
  },
  {
    pattern: ["services", "*", "capabilities", "*"],
    code: "linux_capability.invalid",
    message: (v) => `\`${v}\` is not a Linux capability name.`,
    hint: "Write it as capabilities(7) does, e.g. CAP_NET_BIND_SERVICE.",
  },
  {
    pattern: ["security", "capabilities", "*"],
    code: "linux_capability.invalid",
    message: (v) => `\`${v}\` is not a Linux capability name.`,
    hint: "Write it as capabilities(7) does, e.g. CAP_NET_BIND_SERVICE.",
  },
  {
    pattern: ["build", "ubuntu_digest"],
    code: "build.invalid_digest",
    message: (v) => `\`${v}\` is not a sha256 digest.`,
    hint: "Write sha256: followed by 64 lowercase hex digits, or null.",
  },
  {
    pattern: ["build", "apt_snapshot"],
    code: "build.invalid_snapshot",
    message: (v) => `\`${v}\` is not an APT snapshot timestamp.`,
    hint: "Write YYYYMMDDTHHMMSSZ in UTC, e.g. 20240501T000000Z, or null.",
  },
  {
    pattern: ["dependencies", "provides", "*"],
    code: "capability.invalid_tag",
    message: (v) => `\`${v}\` is not a valid capability tag.`,
    hint: "Tags are lowercase dotted words with an optional :value, e.g. container-runtime or http.port:80.",
  },
];

export interface SchemaIssueContext {
  parsed: ParsedManifest;
  legacy: LegacyAnalysis;
}

function isClaimed(pointer: string, claimed: readonly string[]): boolean {
  return claimed.some((c) => pointer === c || pointer.startsWith(c + "/"));
}

function renameFix(parsed: ParsedManifest, path: PathSegment[], to: string): QuickFix | undefined {
  const loc = parsed.locate(path);
  if (!loc.found || !loc.pair || loc.viaAlias) return undefined;
  const o = parsed.nodeOffsets(loc.pair.key);
  if (!o) return undefined;
  return { title: `Rename to \`${to}\``, edits: [{ range: parsed.lines.range(o[0], o[1]), text: to }] };
}

function replaceValueFix(parsed: ParsedManifest, path: PathSegment[], to: string): QuickFix | undefined {
  const loc = parsed.locate(path);
  if (!loc.found || loc.viaAlias) return undefined;
  const o = parsed.nodeOffsets(loc.node);
  if (!o) return undefined;
  return { title: `Replace with \`${to}\``, edits: [{ range: parsed.lines.range(o[0], o[1]), text: to }] };
}

export function schemaIssues(value: unknown, ctx: SchemaIssueContext): Issue[] {
  const { parsed, legacy } = ctx;
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    return [
      {
        code: "schema.not_a_mapping",
        severity: "error",
        message: `A manifest is a mapping of keys (schema_version, name, ...), but this document is ${typeName(value)}.`,
        path: "",
        range: parsed.valueRange([]),
        hint: "Start with `schema_version: 1` and `name: <module-name>` on their own lines.",
      },
    ];
  }
  const result = manifestSchema.safeParse(value);
  if (result.success) return [];
  const out: Issue[] = [];
  for (const zi of result.error.issues) out.push(...mapIssue(zi, value, ctx));
  return out.filter((i) => !isClaimed(i.path, legacy.claimed));
}

function mapIssue(zi: ZodIssue, root: unknown, ctx: SchemaIssueContext): Issue[] {
  const { parsed, legacy } = ctx;
  const path = zi.path.filter((s): s is string | number => typeof s !== "symbol");
  const pointer = toPointer(path);
  const label = describePath(path);
  const at = valueAt(root, path);

  if (zi.code !== "unrecognized_keys" && zi.code !== "invalid_key" && !at.exists) {
    const parent = valueAt(root, path.slice(0, -1));
    const last = path[path.length - 1];
    const parentIsMapping =
      parent.exists && parent.value !== null && typeof parent.value === "object" && !Array.isArray(parent.value);
    if (typeof last === "string" && parentIsMapping) {
      if (path.length === 1 && legacy.wrappedKeys.has(last)) return [];
      const where = path.length === 1 ? "" : ` in ${describePath(path.slice(0, -1))}`;
      const hint =
        last === "schema_version"
          ? "Add `schema_version: 1` at the top of the manifest."
          : last === "name"
            ? "Add `name: <module-name>`, the name the module is registered under."
            : undefined;
      return [
        {
          code: "schema.missing_key",
          severity: "error",
          message: `Missing required key \`${last}\`${where}.`,
          path: pointer,
          range: parsed.valueRange(path),
          ...(hint ? { hint } : {}),
        },
      ];
    }
  }

  switch (zi.code) {
    case "unrecognized_keys": {
      const known = knownKeysAt(path);
      const present = at.value !== null && typeof at.value === "object" ? Object.keys(at.value) : [];
      return zi.keys.map((key): Issue => {
        const keyPath = [...path, key];
        const suggestion = closestMatch(
          key,
          known.filter((k) => !present.includes(k)),
        );
        const misplaced = path.length === 0 ? MISPLACED_ROOT_KEYS[key] : undefined;
        const where = path.length === 0 ? "at the top level" : `in ${label}`;
        const fix = suggestion ? renameFix(parsed, keyPath, suggestion) : undefined;
        return {
          code: "schema.unknown_key",
          severity: "error",
          message: `Unknown key \`${key}\` ${where}.`,
          path: toPointer(keyPath),
          range: parsed.keyRange(keyPath),
          hint: suggestion
            ? `Did you mean \`${suggestion}\`?`
            : misplaced ?? (known.length > 0 ? `Allowed keys: ${known.join(", ")}.` : undefined),
          ...(fix ? { fix } : {}),
        };
      });
    }
    case "invalid_type": {
      const expected = expectedName(zi.expected);
      const got = typeName(at.value);
      let hint: string | undefined;
      if (zi.expected === "string" && (typeof at.value === "number" || typeof at.value === "boolean")) {
        hint = `Quote it so it stays a string: "${String(at.value)}".`;
      } else if (zi.expected === "array" && at.value === null) {
        hint = "Write [] for an empty list, or remove the key.";
      } else if (zi.expected === "array" && typeof at.value === "string") {
        hint = `Write it as a list:\n  - ${at.value}`;
      } else if ((zi.expected === "object" || zi.expected === "record") && at.value === null) {
        hint = "Fill in the mapping or remove the key.";
      } else if (zi.expected === "int") {
        hint = "Use a whole number.";
      } else if (zi.expected === "boolean" && typeof at.value === "string") {
        hint = "Write true or false without quotes.";
      } else if (zi.expected === "number" && typeof at.value === "string" && at.value.trim() !== "" && !Number.isNaN(Number(at.value))) {
        hint = "Remove the quotes so it is a number.";
      }
      return [
        {
          code: "schema.invalid_type",
          severity: "error",
          message: `\`${label}\` must be ${expected}, not ${got}.`,
          path: pointer,
          range: parsed.valueRange(path),
          ...(hint ? { hint } : {}),
        },
      ];
    }
    case "invalid_value": {
      const allowed = zi.values.map((v) => String(v));
      const actual = at.value;
      if (path.length === 1 && path[0] === "schema_version") {
        return [
          {
            code: "schema.invalid_value",
            severity: "error",
            message: `schema_version must be 1, not ${JSON.stringify(actual)}.`,
            path: pointer,
            range: parsed.valueRange(path),
            hint: actual === "1" ? "Write 1 without quotes." : "This validator understands schema_version 1 only.",
          },
        ];
      }
      const suggestion = typeof actual === "string" ? closestMatch(actual, allowed) : null;
      const fix = suggestion ? replaceValueFix(parsed, path, suggestion) : undefined;
      return [
        {
          code: "schema.invalid_value",
          severity: "error",
          message: `\`${label}\` must be one of ${allowed.join(", ")}, not ${JSON.stringify(actual)}.`,
          path: pointer,
          range: parsed.valueRange(path),
          hint: suggestion ? `Did you mean \`${suggestion}\`?` : `Allowed values: ${allowed.join(", ")}.`,
          ...(fix ? { fix } : {}),
        },
      ];
    }
    case "invalid_format": {
      const v = typeof at.value === "string" ? at.value : String(at.value);
      const rule = FORMAT_RULES.find((r) => pathMatches(path, r.pattern));
      return [
        {
          code: rule?.code ?? "schema.invalid_format",
          severity: "error",
          message: rule ? rule.message(v) : `\`${label}\` has an invalid format.`,
          path: pointer,
          range: parsed.valueRange(path),
          ...(rule ? { hint: rule.hint } : {}),
        },
      ];
    }
    case "too_small":
    case "too_big": {
      const small = zi.code === "too_small";
      const bound = small ? zi.minimum : zi.maximum;
      // Strings have only a maximum in schema_version 1 (display_name); blank strings are warnings (checks.ts).
      if (zi.origin === "string" && !small) {
        return [
          {
            code: "schema.too_long",
            severity: "error",
            message: `\`${label}\` is ${typeof at.value === "string" ? codePointLength(at.value) : "too many"} characters; the limit is ${String(bound)}.`,
            path: pointer,
            range: parsed.valueRange(path),
          },
        ];
      }
      if (zi.origin !== "number" && zi.origin !== "int") return [genericIssue(zi, path, ctx)];
      const inclusive = zi.inclusive !== false;
      const op = small ? (inclusive ? "≥" : ">") : inclusive ? "≤" : "<";
      return [
        {
          code: "schema.out_of_range",
          severity: "error",
          message: `\`${label}\` must be ${op} ${String(bound)}${at.exists ? `, not ${String(at.value)}` : ""}.`,
          path: pointer,
          range: parsed.valueRange(path),
          ...(path[path.length - 1] === "port" ? { hint: "Ports are 1–65535." } : {}),
        },
      ];
    }
    default:
      return [genericIssue(zi, path, ctx)];
  }
}

/** A rule schema_version 1 does not have today; reported with zod's own message rather than dropped. */
function genericIssue(zi: ZodIssue, path: PathSegment[], ctx: SchemaIssueContext): Issue {
  return {
    code: "schema.invalid",
    severity: "error",
    message: `\`${describePath(path)}\`: ${zi.message}`,
    path: toPointer(path),
    range: ctx.parsed.valueRange(path),
  };
}
