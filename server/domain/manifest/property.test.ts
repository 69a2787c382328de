/**
 * Property tests: whatever arrives (random text, random YAML-shaped data, random bytes, mutated real manifests),
 * validateManifest returns quickly with a well-formed result and never fails internally.
 */
import { readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { stringify } from "yaml";
import type { Issue } from "../issues";
import type { AccountContext } from "./account-checks";
import { ISSUE_CODES } from "./codes";
import { applyQuickFix } from "./legacy";
import { MANIFEST_KEYS } from "./schema";
import { validateManifest, type ValidationResult } from "./validate";

const NGINX = readFileSync(new URL("./fixtures/nginx.manifest.yaml", import.meta.url), "utf8");
// A hang guard, not a speed test (speed is measured by `npm run bench`): generous enough for a loaded 2-core CI machine.
const TIME_LIMIT_MS = 5000;

const CONTEXT: AccountContext = {
  owner: "powernode",
  modules: [
    { name: "system-base", protectedSpec: ["/etc/hostname", "/etc/ssh/**"], fileSpec: ["/etc/**"], provides: ["http.port:80"], requires: [], versions: ["1.0.0"] },
    { name: "b", protectedSpec: ["/etc/nginx/nginx.conf"], fileSpec: [], provides: [], requires: ["powernode/nginx@^1"], versions: [] },
  ],
};

function lineCount(text: string): number {
  return text.split("\n").length;
}

function assertWellFormed(result: ValidationResult, text: string | null): void {
  expect(result.valid).toBe(result.errors.length === 0);
  const check = (issues: Issue[], severity: Issue["severity"]) => {
    for (const i of issues) {
      expect(i.severity).toBe(severity);
      expect(i.code).not.toBe("validator.internal_error");
      const known = (ISSUE_CODES as Record<string, { severity: string }>)[i.code];
      expect(known, `unknown code ${i.code}`).toBeDefined();
      expect(known?.severity).toBe(severity);
      expect(typeof i.message).toBe("string");
      expect(i.path === "" || i.path.startsWith("/")).toBe(true);
      const r = i.range;
      expect(r.startLine).toBeGreaterThanOrEqual(1);
      expect(r.startColumn).toBeGreaterThanOrEqual(1);
      expect(r.endLine > r.startLine || (r.endLine === r.startLine && r.endColumn >= r.startColumn)).toBe(true);
      if (text !== null) expect(r.endLine).toBeLessThanOrEqual(lineCount(text));
      if (i.fix && text !== null) {
        const fixed = applyQuickFix(text, i.fix);
        expect(validateManifest({ manifestYaml: fixed }).errors.some((e) => e.code === "validator.internal_error")).toBe(false);
      }
    }
  };
  check(result.errors, "error");
  check(result.warnings, "warning");
  check(result.conflicts, "conflict");
}

function timedValidate(input: string | Uint8Array, withContext: boolean): ValidationResult {
  const t0 = performance.now();
  const result = validateManifest({ manifestYaml: input, moduleName: "nginx", categorySlug: "userland" }, withContext ? CONTEXT : undefined);
  expect(performance.now() - t0).toBeLessThan(TIME_LIMIT_MS);
  return result;
}

const yamlish = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string(),
    fc.constantFrom("/etc/**", "etc/x", "/a//b", "[", "nginx=1.0", "powernode/x@^1", "capability:http.port:80", "draft", "MIT", "CAP_X"),
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 5 }),
    tie("object"),
  ),
  object: fc.dictionary(
    fc.oneof(fc.constantFrom(...MANIFEST_KEYS, "identity", "include", "category", "state", "services", "name", "port", "env"), fc.string({ maxLength: 8 })),
    tie("value"),
    { maxKeys: 6 },
  ),
}));

describe("validateManifest never throws and stays fast", () => {
  it("random strings", () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 400, unit: "binary" }), fc.boolean(), (s, ctx) => {
        assertWellFormed(timedValidate(s, ctx), s);
      }),
      { numRuns: 400 },
    );
  });

  it("random YAML-looking text", () => {
    const token = fc.constantFrom("- ", "? ", ": ", "a", "name", "[", "]", "{", "}", ",", "&a ", "*a ", "!t ", "'x'", '"y"', "|\n", ">\n", "\n", "\n  ", "#c\n", "---\n", "\t", "\\", "/etc/**");
    fc.assert(
      fc.property(fc.array(token, { maxLength: 300 }), fc.boolean(), (tokens, ctx) => {
        const s = tokens.join("");
        assertWellFormed(timedValidate(s, ctx), s);
      }),
      { numRuns: 400 },
    );
  });

  it("random YAML structures built from manifest-like keys and values", () => {
    fc.assert(
      fc.property(yamlish.object, fc.boolean(), (obj, ctx) => {
        const s = stringify({ schema_version: 1, name: "nginx", ...obj });
        assertWellFormed(timedValidate(s, ctx), s);
      }),
      { numRuns: 400 },
    );
  });

  it("random byte arrays", () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 600 }), (bytes) => {
        assertWellFormed(timedValidate(bytes, false), null);
      }),
      { numRuns: 400 },
    );
  });

  // Hundreds of validations: on a loaded 2-core machine this takes longer than the 5 s default; the per-call bound is
  // what guards against a hang.
  it("mutations of a real manifest", () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: NGINX.length }), fc.nat({ max: 8 }), fc.string({ maxLength: 6 })), { minLength: 1, maxLength: 4 }),
        fc.boolean(),
        (edits, ctx) => {
          let s = NGINX;
          for (const [at, del, ins] of edits) s = s.slice(0, at) + ins + s.slice(at + del);
          assertWellFormed(timedValidate(s, ctx), s);
        },
      ),
      { numRuns: 400 },
    );
  }, 60_000);
});
