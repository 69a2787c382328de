/**
 * `strata schema` prints a JSON Schema that accepts exactly the manifests validateManifest accepts (no registered
 * name, no account context: those checks need more than the document). Manifests are generated field by field —
 * valid values, near misses (a pattern off by one character, an enum in the wrong case, a bound off by one), wrong
 * types, unknown keys, missing required keys — written as YAML, validated, and checked with ajv against the
 * exported schema. Warnings are ignored: they never make a manifest invalid.
 *
 * Two rules are outside this comparison by construction, because draft-07 JSON Schema cannot state them: glob syntax
 * (globs are generated well-formed) and self-dependency, which compares a requirement with `name` (required modules
 * are never named like the manifest). Both are documented in docs/manifest-validation.md.
 */
import Ajv from "ajv";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { manifestJsonSchema } from "./json-schema";
import { validateManifest } from "./validate";

const ajv = new Ajv({ strict: true, allErrors: true });
// Hover text for yaml-language-server; not a validation keyword.
ajv.addKeyword("markdownDescription");
const schemaAccepts = ajv.compile(manifestJsonSchema());

/** How likely each field is to get a near miss or a wrong type instead of a valid value. */
interface Noise {
  /** Relative weight of a near miss, a wrong type, an unknown or a missing key against 100 for a valid value. */
  weight: number;
}

const VALID_WEIGHT = 100;

/** `make()` with probability weight / (100 + weight), else null. */
function sometimes<T>(noise: Noise, make: fc.Arbitrary<T>): fc.Arbitrary<T | null> {
  return fc.oneof({ weight: VALID_WEIGHT, arbitrary: fc.constant(null) }, { weight: noise.weight, arbitrary: make });
}

/** Any small YAML value: what a wrong type looks like. */
const anyValue: fc.Arbitrary<unknown> = fc.letrec<{ value: unknown }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    fc.string({ maxLength: 6 }),
    fc.integer({ min: -5, max: 70_000 }),
    fc.double({ noNaN: true, noDefaultInfinity: true, min: -10, max: 10 }),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 2 }),
    fc.dictionary(fc.constantFrom("a", "name", "port"), tie("value"), { maxKeys: 2 }),
  ),
})).value;

/**
 * Wrong types for glob lists that contain no strings: a string there would be a glob, and glob syntax is outside this
 * comparison.
 */
const notGlobs = anyValue.filter((v) => typeof v !== "string" && !(Array.isArray(v) && v.some((x) => typeof x === "string")));

function globList(noise: Noise): fc.Arbitrary<unknown> {
  const glob = fc.constantFrom(...GLOBS);
  if (noise.weight === 0) return fc.array(glob, { maxLength: 4 });
  const item = fc.oneof({ weight: VALID_WEIGHT, arbitrary: glob as fc.Arbitrary<unknown> }, { weight: noise.weight, arbitrary: notGlobs });
  return fc.oneof({ weight: VALID_WEIGHT, arbitrary: fc.array(item, { maxLength: 4 }) }, { weight: noise.weight, arbitrary: notGlobs });
}

/** Text for free-form strings, including characters that are more than one UTF-16 unit (JSON Schema counts code points). */
const text = (maxLength: number) =>
  fc.string({ maxLength, unit: fc.constantFrom("a", "Z", "0", " ", "-", ":", "#", "'", '"', "é", "中", "🚀", "\u0301", "\t", "\n") });

function field<T>(noise: Noise, valid: fc.Arbitrary<T>, ...nearMisses: unknown[]): fc.Arbitrary<unknown> {
  if (noise.weight === 0) return valid;
  const misses: Array<fc.WeightedArbitrary<unknown>> = [{ weight: noise.weight, arbitrary: anyValue }];
  if (nearMisses.length > 0) misses.push({ weight: noise.weight, arbitrary: fc.constantFrom(...nearMisses) });
  return fc.oneof({ weight: VALID_WEIGHT, arbitrary: valid as fc.Arbitrary<unknown> }, ...misses);
}

function list(noise: Noise, item: fc.Arbitrary<unknown>, maxLength = 4): fc.Arbitrary<unknown> {
  return field(noise, fc.array(item, { maxLength }));
}

/** An object with optional keys, sometimes one unknown key, sometimes a required key left out. */
function object(
  noise: Noise,
  shape: Record<string, fc.Arbitrary<unknown>>,
  required: readonly string[] = [],
  unknownKeys: readonly string[] = ["extra", "Name", "start_cmd"],
): fc.Arbitrary<unknown> {
  const keys = Object.keys(shape);
  const base = fc.record(shape, { requiredKeys: required.filter((k) => keys.includes(k)) });
  if (noise.weight === 0) return base;
  return fc
    .tuple(
      base,
      sometimes(noise, fc.tuple(fc.constantFrom(...unknownKeys), anyValue)),
      required.length > 0 ? sometimes(noise, fc.constantFrom(...required)) : fc.constant(null),
    )
    .map(([value, unknown, drop]) => {
      const out: Record<string, unknown> = { ...value };
      if (unknown) out[unknown[0]] = unknown[1];
      if (drop !== null) delete out[drop];
      return out;
    });
}

const MANIFEST_NAMES = ["nginx", "system-base", "k3s-server", "a", "wireguard-overlay", "x".repeat(64)];
/** Disjoint from MANIFEST_NAMES, so no generated requirement is a self-dependency. */
const REQUIRED_MODULES = ["system-base-v2", "libssl", "containerd", "edge-site-config"];
const GLOBS = ["/etc/nginx/**", "/usr/sbin/nginx", "/var/lib/app/*.conf", "/opt/[ab]c/file?", "/usr/share/doc/**", "/etc/ssh/sshd_config"];

function manifest(noise: Noise): fc.Arbitrary<unknown> {
  const f = <T>(valid: fc.Arbitrary<T>, ...misses: unknown[]) => field(noise, valid, ...misses);
  const capability = f(fc.stringMatching(/^CAP_[A-Z_]{1,12}$/), "NET_ADMIN", "cap_sys_admin", "CAP_", "CAP_NET-ADMIN");
  const range = fc.constantFrom("^1.0", ">=1.2 <2", "*", "~> 2.3", "1.x || >=3.0.0-rc.1", "1.2.3 - 2", "v2");
  const requirement = f(
    fc.oneof(
      fc.tuple(fc.constantFrom("powernode", "acme-2"), fc.constantFrom(...REQUIRED_MODULES), range).map(([o, m, r]) => `${o}/${m}@${r}`),
      fc.tuple(fc.constantFrom("http", "http.port:80", "container-runtime"), fc.option(range)).map(([t, r]) => `capability:${t}${r ? `@${r}` : ""}`),
    ),
    "powernode/libssl",
    "libssl@^1",
    "powernode/libssl@latest",
    "powernode/libssl@+x",
    "PowerNode/libssl@^1",
    "capability:HTTP",
    "capability:http@",
  );
  const service = object(
    noise,
    {
      name: f(fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/), "Web", "-web", "web_1", "", "w".repeat(64)),
      start_command: f(text(20)),
      stop_command: f(text(20)),
      restart_policy: f(fc.constantFrom("never", "on-failure", "always"), "on_failure", "Always", ""),
      user: f(text(8)),
      working_directory: f(text(12)),
      env: f(fc.dictionary(fc.constantFrom("PORT", "_X", "http_proxy", "http-proxy", "A=B", "9LIVES"), f(text(6), 8080, true, null), { maxKeys: 3 })),
      exposed_ports: list(
        noise,
        object(noise, {
          port: f(fc.integer({ min: 1, max: 65535 }), 0, 65536, -1, 80.5, "80"),
          protocol: f(fc.constantFrom("tcp", "udp", "sctp"), "TCP", "icmp", ""),
          name: f(text(6)),
        }),
        3,
      ),
      capabilities: list(noise, capability, 3),
      health: object(noise, {
        endpoint: f(text(12)),
        method: f(fc.constantFrom("GET", "POST", "PUT", "TCP"), "get", "HEAD"),
        interval_seconds: f(fc.integer({ min: 1, max: 3600 }), 0, 1.5, -1),
        timeout_seconds: f(fc.integer({ min: 1, max: 60 }), 0, 2.5),
        initial_delay_seconds: f(fc.integer({ min: 0, max: 600 }), -1, 0.5),
      }),
      metadata: f(fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 3 })),
    },
    ["name"],
    ["extra", "command", "ports", "healthcheck"],
  );
  return object(
    noise,
    {
      schema_version: f(fc.constant(1), 2, "1", 1.5, 0),
      name: f(fc.constantFrom(...MANIFEST_NAMES), "Nginx", "nginx-", "-nginx", "1nginx", "x".repeat(65), "", "ngi nx"),
      display_name: f(text(205), "x".repeat(201), "🚀".repeat(200), "🚀".repeat(201)),
      description: f(text(30)),
      license: f(fc.constantFrom("MIT", "Apache-2.0 OR MIT", "GPL-2.0-only", "Proprietary", ""), 2.0),
      package_spec: list(
        noise,
        f(
          fc.tuple(fc.stringMatching(/^[a-z0-9][a-z0-9+.-]{1,10}$/), fc.option(fc.constantFrom("1.24.0-2ubuntu7", "1:2024a-1", "v1.2", "5:24.0~rc1"))).map(([n, v]) => (v ? `${n}=${v}` : n)),
          "Nginx",
          "x",
          "nginx=",
          "nginx=1.0 beta",
          "nginx==1",
          "-nginx",
        ),
        5,
      ),
      file_spec: globList(noise),
      mask: globList(noise),
      protected_spec: globList(noise),
      dependency_spec: globList(noise),
      dependencies: object(
        noise,
        {
          requires: list(noise, requirement, 3),
          provides: list(noise, f(fc.constantFrom("http", "http.port:80", "container-runtime", "a.b-c"), "HTTP", "http.", "http port", "-a"), 3),
        },
        [],
        ["extra", "conflicts"],
      ),
      init: object(noise, { start: f(text(15)), stop: f(text(15)), restart: f(text(15)) }, [], ["extra", "reload"]),
      services: list(noise, service, 2),
      reboot_required: f(fc.boolean(), "yes", "true", 1),
      security: object(
        noise,
        {
          capabilities: list(noise, capability, 3),
          selinux_profile: f(text(10)),
          apparmor_profile: f(text(10)),
          seccomp_profile: f(fc.option(text(10))),
          egress_allow: list(noise, f(text(12)), 3),
          privileged: f(fc.boolean(), "false"),
          user_namespace: f(fc.boolean(), "no"),
        },
        [],
        ["extra", "seccomp"],
      ),
      skills: list(noise, fc.oneof(fc.string({ maxLength: 8 }), fc.dictionary(fc.constantFrom("name", "level"), anyValue, { maxKeys: 2 }), anyValue), 3),
      build: object(
        noise,
        {
          ubuntu_digest: f(fc.option(fc.stringMatching(/^sha256:[0-9a-f]{64}$/)), "sha256:ABC", `sha256:${"A".repeat(64)}`, `sha256:${"a".repeat(63)}`, `sha512:${"a".repeat(64)}`),
          apt_snapshot: f(fc.option(fc.constantFrom("20240501T000000Z", "20240231T000000Z", "19991399T256161Z")), "2024-05-01", "20240501T000000", "20240501t000000z", "2024050T000000Z"),
          firmware_repo: f(text(20)),
          firmware_ref: f(text(10)),
          k3s_version: f(fc.constantFrom("v1.30.2+k3s1", "")),
        },
        [],
        ["extra", "digest"],
      ),
    },
    ["schema_version", "name"],
    ["file_specs", "identity", "category", "state", "version", "requires", "Name"],
  );
}

function verdicts(value: unknown): { yaml: string; schema: boolean; validator: ReturnType<typeof validateManifest> } {
  // Double quotes rather than block scalars for multi-line strings: the yaml package's block output loses a line of
  // only spaces, which would make the comparison about serialisation.
  const yaml = stringify(value, { blockQuote: false });
  // The YAML must say what the generator meant; otherwise a disagreement would be about serialisation.
  expect(parse(yaml)).toEqual(value);
  return { yaml, schema: schemaAccepts(value), validator: validateManifest({ manifestYaml: yaml }) };
}

function explain(v: ReturnType<typeof verdicts>): string {
  return [
    v.yaml,
    `JSON Schema: ${v.schema ? "valid" : JSON.stringify(schemaAccepts.errors?.map((e) => `${e.instancePath} ${e.message ?? ""}`))}`,
    `validator: ${v.validator.valid ? "valid" : JSON.stringify(v.validator.errors.map((e) => `${e.path} ${e.code}`))}`,
  ].join("\n");
}

describe("the exported JSON Schema and validateManifest agree", () => {
  it("is a valid draft-07 schema that ajv compiles in strict mode", () => {
    expect(ajv.validateSchema(manifestJsonSchema())).toBe(true);
  });

  it("on manifests built only from valid values: all valid in both", () => {
    fc.assert(
      fc.property(manifest({ weight: 0 }), (value) => {
        const v = verdicts(value);
        expect(v.schema, explain(v)).toBe(true);
        expect(v.validator.valid, explain(v)).toBe(true);
      }),
      { numRuns: 300 },
    );
  }, 60_000);

  it("on manifests with near misses, wrong types, unknown and missing keys: the same verdict", () => {
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(fc.oneof(manifest({ weight: 1 }), manifest({ weight: 4 })), (value) => {
        const v = verdicts(value);
        expect(v.validator.valid, explain(v)).toBe(v.schema);
        // Glob syntax and self-dependency are outside the comparison; the generator must not produce them.
        expect(v.validator.errors.filter((e) => e.code.startsWith("glob.") || e.code === "requires.self")).toEqual([]);
        seen[v.schema ? "valid" : "invalid"]++;
      }),
      { numRuns: 1_000 },
    );
    // Both verdicts must be well represented, or agreement would be cheap.
    expect(seen.valid).toBeGreaterThan(200);
    expect(seen.invalid).toBeGreaterThan(200);
  }, 120_000);
});
