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
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { parse, stringify } from "yaml";
import { manifestJsonSchema } from "./json-schema";
import { MANIFEST_KEYS } from "./schema";
import { compileManifestJsonSchema } from "./test-support";
import { validateManifest } from "./validate";

const { ajv, accepts: schemaAccepts } = compileManifestJsonSchema();

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

const CLEAN: Noise = { weight: 0 };

const capability = (noise: Noise) =>
  field(noise, fc.stringMatching(/^CAP_[A-Z_]{1,12}$/), "NET_ADMIN", "cap_sys_admin", "CAP_", "CAP_NET-ADMIN");

const RANGES = ["^1.0", ">=1.2 <2", "*", "~> 2.3", "1.x || >=3.0.0-rc.1", "1.2.3 - 2", "v2", "^1 ||"];

const requirement = (noise: Noise) =>
  field(
    noise,
    fc.oneof(
      fc.tuple(fc.constantFrom("powernode", "acme-2"), fc.constantFrom(...REQUIRED_MODULES), fc.constantFrom(...RANGES)).map(([o, m, r]) => `${o}/${m}@${r}`),
      fc.tuple(fc.constantFrom("http", "http.port:80", "container-runtime"), fc.option(fc.constantFrom(...RANGES))).map(([t, r]) => `capability:${t}${r ? `@${r}` : ""}`),
    ),
    "powernode/libssl",
    "libssl@^1",
    "powernode/libssl@latest",
    "powernode/libssl@+x",
    "powernode/libssl@1.2+build",
    "PowerNode/libssl@^1",
    "capability:HTTP",
    "capability:http@",
    `powernode/libssl@>=1.0.0${" <2.0.0".repeat(40)}`,
  );

/** Package names from a small set, so repeats and contradicting pins (warnings) come up often. */
const packageEntry = (noise: Noise) =>
  field(
    noise,
    fc
      .tuple(fc.oneof(fc.constantFrom("nginx", "curl", "g++", "libc6"), fc.stringMatching(/^[a-z0-9][a-z0-9+.-]{1,10}$/)), fc.option(fc.constantFrom("1.24.0-2ubuntu7", "1:2024a-1", "v1.2", "5:24.0~rc1")))
      .map(([n, v]) => (v ? `${n}=${v}` : n)),
    "Nginx",
    "x",
    "nginx=",
    "nginx=1.0 beta",
    "nginx==1",
    "-nginx",
  );

/** Service names from a small set too, so two services share a name (a warning) often. */
const service = (noise: Noise) =>
  object(
    noise,
    {
      name: field(noise, fc.oneof(fc.constantFrom("web", "api"), fc.stringMatching(/^[a-z0-9][a-z0-9-]{0,10}$/)), "Web", "-web", "web_1", "", "w".repeat(64)),
      start_command: field(noise, text(20)),
      stop_command: field(noise, text(20)),
      restart_policy: field(noise, fc.constantFrom("never", "on-failure", "always"), "on_failure", "Always", ""),
      user: field(noise, text(8)),
      working_directory: field(noise, text(12)),
      env: field(noise, fc.dictionary(fc.constantFrom("PORT", "_X", "http_proxy", "http-proxy", "A=B", "9LIVES"), field(noise, text(6), 8080, true, null), { maxKeys: 3 })),
      exposed_ports: list(
        noise,
        object(noise, {
          port: field(noise, fc.integer({ min: 1, max: 65535 }), 0, 65536, -1, 80.5, "80"),
          protocol: field(noise, fc.constantFrom("tcp", "udp", "sctp"), "TCP", "icmp", ""),
          name: field(noise, text(6)),
        }),
        3,
      ),
      capabilities: list(noise, capability(noise), 3),
      health: object(noise, {
        endpoint: field(noise, text(12)),
        method: field(noise, fc.constantFrom("GET", "POST", "PUT", "TCP"), "get", "HEAD"),
        interval_seconds: field(noise, fc.integer({ min: 1, max: 3600 }), 0, 1.5, -1, 2 ** 53),
        timeout_seconds: field(noise, fc.integer({ min: 1, max: 60 }), 0, 2.5),
        initial_delay_seconds: field(noise, fc.integer({ min: 0, max: 600 }), -1, 0.5),
      }),
      metadata: field(noise, fc.dictionary(fc.string({ maxLength: 5 }), anyValue, { maxKeys: 3 })),
    },
    ["name"],
    ["extra", "command", "ports", "healthcheck"],
  );

/**
 * A manifest with `noise` in every field, or — with `focus` — only under that one top-level key (`(root)`: unknown
 * and missing top-level keys), so single faults are common and each is judged on its own.
 */
function manifest(noise: Noise, focus?: string): fc.Arbitrary<unknown> {
  const at = (key: string): Noise => (focus === undefined || focus === key ? noise : CLEAN);
  return object(
    at("(root)"),
    {
      schema_version: field(at("schema_version"), fc.constant(1), 2, "1", 1.5, 0),
      name: field(at("name"), fc.constantFrom(...MANIFEST_NAMES), "Nginx", "nginx-", "-nginx", "1nginx", "x".repeat(65), "", "ngi nx"),
      display_name: field(at("display_name"), text(205), "x".repeat(201), "🚀".repeat(200), "🚀".repeat(201)),
      description: field(at("description"), text(30)),
      license: field(at("license"), fc.constantFrom("MIT", "Apache-2.0 OR MIT", "GPL-2.0-only", "Proprietary", ""), 2.0),
      package_spec: list(at("package_spec"), packageEntry(at("package_spec")), 5),
      file_spec: globList(at("file_spec")),
      mask: globList(at("mask")),
      protected_spec: globList(at("protected_spec")),
      dependency_spec: globList(at("dependency_spec")),
      dependencies: object(
        at("dependencies"),
        {
          requires: list(at("dependencies"), requirement(at("dependencies")), 3),
          provides: list(at("dependencies"), field(at("dependencies"), fc.constantFrom("http", "http.port:80", "container-runtime", "a.b-c"), "HTTP", "http.", "http port", "-a"), 3),
        },
        [],
        ["extra", "conflicts"],
      ),
      init: object(at("init"), { start: field(at("init"), text(15)), stop: field(at("init"), text(15)), restart: field(at("init"), text(15)) }, [], ["extra", "reload"]),
      services: list(at("services"), service(at("services")), 2),
      reboot_required: field(at("reboot_required"), fc.boolean(), "yes", "true", 1),
      security: object(
        at("security"),
        {
          capabilities: list(at("security"), capability(at("security")), 3),
          selinux_profile: field(at("security"), text(10)),
          apparmor_profile: field(at("security"), text(10)),
          seccomp_profile: field(at("security"), fc.option(text(10))),
          egress_allow: list(at("security"), field(at("security"), text(12)), 3),
          privileged: field(at("security"), fc.boolean(), "false"),
          user_namespace: field(at("security"), fc.boolean(), "no"),
        },
        [],
        ["extra", "seccomp"],
      ),
      skills: list(at("skills"), fc.oneof(fc.string({ maxLength: 8 }), fc.dictionary(fc.constantFrom("name", "level"), anyValue, { maxKeys: 2 }), anyValue), 3),
      build: object(
        at("build"),
        {
          ubuntu_digest: field(at("build"), fc.option(fc.stringMatching(/^sha256:[0-9a-f]{64}$/)), "sha256:ABC", `sha256:${"A".repeat(64)}`, `sha256:${"a".repeat(63)}`, `sha512:${"a".repeat(64)}`),
          apt_snapshot: field(at("build"), fc.option(fc.constantFrom("20240501T000000Z", "20240231T000000Z", "19991399T256161Z")), "2024-05-01", "20240501T000000", "20240501t000000z", "2024050T000000Z"),
          firmware_repo: field(at("build"), text(20)),
          firmware_ref: field(at("build"), text(10)),
          k3s_version: field(at("build"), fc.constantFrom("v1.30.2+k3s1", "")),
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

type Build = (value: unknown) => Record<string, unknown>;

const base = { schema_version: 1, name: "demo" };
const top = (key: string): Build => (value) => ({ ...base, [key]: value });
/** `value` at `path` (a number stands for a one-item list) inside an otherwise minimal valid manifest. */
const under = (...path: Array<string | number>): Build => (value) => {
  let inner: unknown = value;
  for (let i = path.length - 1; i >= 0; i--) {
    const seg = path[i];
    if (typeof seg === "number") inner = [inner];
    else {
      // A service needs its name, or the missing name would be the fault under test.
      const inService = path[i - 1] === 0 && path[i - 2] === "services";
      inner = { ...(inService ? { name: "web" } : {}), [String(seg)]: inner };
    }
  }
  return { ...base, ...(inner as Record<string, unknown>) };
};
const inService = (key: string): Build => under("services", 0, key);

/**
 * One field at a time: the values each rule accepts (warnings allowed) and the near misses it rejects. Both the JSON
 * Schema and the validator must give the listed verdict — this table is the compatibility rule, spelled out.
 */
const SINGLE_FIELD_CASES: Array<[field: string, build: Build, accepted: unknown[], rejected: unknown[]]> = [
  ["schema_version", top("schema_version"), [1, 1.0], [2, "1", 1.5, 0, null]],
  ["name", top("name"), ["a", "a1", "k3s-server", "x".repeat(64)], ["Nginx", "nginx-", "-nginx", "1nginx", "x".repeat(65), "", "ngi nx", "ñ", 5]],
  ["display_name", top("display_name"), ["", "  ", "x".repeat(200), "🚀".repeat(200)], ["x".repeat(201), "🚀".repeat(201), 5, null]],
  ["description", top("description"), ["", " \n ", "Edge HTTP server"], [5, null, ["a"]]],
  ["license", top("license"), ["", "MIT", "Apache 2.0", "Acme Public License"], [2.0, null]],
  ["package_spec", top("package_spec"), [[], ["nginx", "nginx"], ["curl=1", "curl=2"]], ["nginx", null, {}]],
  ["package_spec[]", under("package_spec", 0), ["nginx", "g++", "libstdc++6", "nginx=1.24.0-2ubuntu7", "tzdata=1:2024a-1", "k3s=v1.30.2", "docker-ce=5:24.0.7-1~ubuntu.22.04~jammy"], ["Nginx", "x", "nginx=", "nginx=1.0 beta", "nginx==1", "-nginx", "nginx=1_0", 5]],
  ["file_spec", top("file_spec"), [[], ["/etc/**"]], ["/etc/**", null, [5], { include: ["/etc/**"] }]],
  ["mask", top("mask"), [[], ["/etc/ufw/**"]], [null, [null]]],
  ["protected_spec", top("protected_spec"), [[], Array.from({ length: 300 }, (_, i) => `/etc/base/${i}.conf`)], [{}, [true]]],
  ["dependency_spec", top("dependency_spec"), [[]], ["/etc/**"]],
  ["dependencies", top("dependencies"), [{}, { requires: [], provides: [] }], [null, [], { conflicts: [] }]],
  [
    "dependencies.requires[]",
    under("dependencies", "requires", 0),
    ["powernode/system-base@^1.0", "powernode/a@>=1.2 <2", "acme-2/a@*", "powernode/a@~> 1.2", "powernode/a@1.x || >=3.0.0-rc.1", "powernode/a@1.2.3 - 2", "powernode/a@^1 ||", "capability:http", "capability:http.port:80@^2"],
    ["powernode/a", "a@^1", "powernode/a@latest", "powernode/a@+x", "powernode/a@1.2+build", "powernode/a@x.1", "PowerNode/a@^1", "powernode/A@^1", "capability:HTTP", "capability:http@", "capability:", `powernode/a@>=1.0.0${" <2.0.0".repeat(40)}`, 5],
  ],
  ["dependencies.provides[]", under("dependencies", "provides", 0), ["http", "http.port:80", "a.b-c", "x:Y/z"], ["HTTP", "http.", "http port", "-a", "a:", 80]],
  ["init", top("init"), [{}, { start: "", stop: "", restart: "" }, { start: " " }], [null, "systemctl start x", { reload: "" }]],
  ["init.start", under("init", "start"), ["", "/usr/bin/x"], [5, null, ["a"]]],
  ["services", top("services"), [[], [{ name: "web" }, { name: "web" }]], [{ name: "web" }, [{}], [{ start_command: "x" }], ["web"]]],
  ["services[].name", inService("name"), ["web", "0", "a".repeat(63)], ["Web", "-web", "web_1", "", "a".repeat(64), 5]],
  ["services[].start_command", inService("start_command"), ["", "nginx -g 'daemon off;'"], [5, null]],
  ["services[].restart_policy", inService("restart_policy"), ["never", "on-failure", "always"], ["on_failure", "Always", "", null]],
  ["services[].user", inService("user"), ["", "root"], [0, null]],
  ["services[].working_directory", inService("working_directory"), ["", "/var/www"], [false]],
  ["services[].env", inService("env"), [{}, { PORT: "8080" }, { "http-proxy": "x", "A=B": "", "9LIVES": "" }], [{ PORT: 8080 }, { X: null }, { X: true }, [], "PORT=1"]],
  [
    "services[].exposed_ports[]",
    under("services", 0, "exposed_ports", 0),
    [{}, { port: 1 }, { port: 65535, protocol: "sctp", name: "" }, { name: "http" }],
    [{ port: 0 }, { port: 65536 }, { port: 80.5 }, { port: "80" }, { protocol: "icmp" }, { protocol: "TCP" }, { port: 80, extra: 1 }, 80],
  ],
  ["services[].capabilities[]", under("services", 0, "capabilities", 0), ["CAP_NET_ADMIN", "CAP_X"], ["NET_ADMIN", "cap_sys_admin", "CAP_", "CAP_NET-ADMIN", "CAP_NET_ADMIN "]],
  [
    "services[].health",
    inService("health"),
    [{}, { endpoint: "" }, { method: "TCP" }, { interval_seconds: 1, timeout_seconds: 1, initial_delay_seconds: 0 }, { interval_seconds: 5, timeout_seconds: 10 }],
    [{ method: "HEAD" }, { method: "get" }, { interval_seconds: 0 }, { interval_seconds: 1.5 }, { timeout_seconds: 0 }, { initial_delay_seconds: -1 }, { interval_seconds: 2 ** 53 }, { endpoint: 80 }, { retries: 3 }],
  ],
  ["services[].metadata", inService("metadata"), [{}, { a: [1, { b: null }] }], [[], "x", null]],
  ["reboot_required", top("reboot_required"), [true, false], ["yes", "true", 1, null]],
  ["security.capabilities[]", under("security", "capabilities", 0), ["CAP_SYS_ADMIN"], ["SYS_ADMIN", "cap_sys_admin"]],
  ["security.selinux_profile", under("security", "selinux_profile"), ["", "system_u:system_r:container_t:s0"], [null, 5]],
  ["security.seccomp_profile", under("security", "seccomp_profile"), [null, "", "runtime/default"], [5, []]],
  ["security.egress_allow", under("security", "egress_allow"), [[], ["10.0.0.0/8", "example.com:443"]], [[5], "10.0.0.0/8"]],
  ["security.privileged", under("security", "privileged"), [true, false], ["false", null]],
  ["skills", top("skills"), [[], ["http"], [{ name: "tls" }], [42, null, [1], true]], ["http", {}, null]],
  ["build.ubuntu_digest", under("build", "ubuntu_digest"), [null, `sha256:${"a0".repeat(32)}`], ["sha256:ABC", `sha256:${"A".repeat(64)}`, `sha256:${"a".repeat(63)}`, `sha512:${"a".repeat(64)}`, ""]],
  ["build.apt_snapshot", under("build", "apt_snapshot"), [null, "20240501T000000Z", "20240231T000000Z", "99999999T999999Z"], ["2024-05-01", "20240501T000000", "20240501t000000z", "2024050T000000Z", ""]],
  ["build.firmware_repo", under("build", "firmware_repo"), ["", "https://git.kernel.org/pub/scm/linux/kernel/git/firmware/linux-firmware.git"], [5, null]],
  ["build.k3s_version", under("build", "k3s_version"), ["v1.30.2+k3s1", ""], [1.3]],
  ["(unknown top-level key)", (key) => ({ ...base, [String(key)]: 1 }), [], ["file_specs", "version", "requires", "Name", "x"]],
  ["(legacy shape)", (shape) => ({ ...base, ...(shape as object) }), [], [{ identity: { owner: "x" } }, { category: "userland" }, { state: "draft" }, { parent_module: "nginx" }, { file_spec: { include: ["/etc/**"], mask: [] } }]],
  ["(required key)", (key) => Object.fromEntries(Object.entries(base).filter(([k]) => k !== key)), [], ["schema_version", "name"]],
];

describe("the exported JSON Schema and validateManifest agree", () => {
  it("is a valid draft-07 schema that ajv compiles in strict mode", () => {
    expect(ajv.validateSchema(manifestJsonSchema())).toBe(true);
  });

  it.each(SINGLE_FIELD_CASES.flatMap(([field, build, accepted, rejected]) => [
    ...accepted.map((value) => [field, value, build, true] as const),
    ...rejected.map((value) => [field, value, build, false] as const),
  ]))("%s = %j", (_field, value, build, accepted) => {
    const v = verdicts(build(value));
    expect(v.schema, explain(v)).toBe(accepted);
    expect(v.validator.valid, explain(v)).toBe(accepted);
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
    // Light noise everywhere (several small faults at once), or heavy noise under one key (one fault, judged alone).
    const manifests = fc.oneof(
      manifest({ weight: 1 }),
      ...["(root)", ...MANIFEST_KEYS].map((focus) => manifest({ weight: 40 }, focus)),
    );
    const seen = { valid: 0, invalid: 0 };
    fc.assert(
      fc.property(manifests, (value) => {
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
