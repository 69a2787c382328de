import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { manifestSchema, MANIFEST_KEYS, moduleNameSchema, MODULE_NAME_PATTERN } from "./schema";
import { check, codes, manifest, only, rangeText } from "./test-support";

const NGINX = readFileSync(new URL("./fixtures/nginx.manifest.yaml", import.meta.url), "utf8");

describe("the nginx fixture", () => {
  it("validates with zero issues", () => {
    const r = check(NGINX, { moduleName: "nginx", categorySlug: "userland" });
    expect(r).toEqual({ valid: true, errors: [], warnings: [], conflicts: [] });
  });

  it("uses every top-level key of schema_version 1", () => {
    const keys = NGINX.split("\n")
      .filter((l) => /^[a-z_]+:/.test(l))
      .map((l) => l.slice(0, l.indexOf(":")));
    expect([...keys].sort()).toEqual([...MANIFEST_KEYS].sort());
  });

  it("parses to the inferred Manifest type", () => {
    const r = check(NGINX);
    expect(r.valid).toBe(true);
  });
});

describe("module names", () => {
  it.each([
    ["nginx", true],
    ["a", true],
    ["system-base", true],
    ["k3s", true],
    ["a".repeat(64), true],
    ["a".repeat(65), false],
    ["Nginx", false],
    ["1nginx", false],
    ["nginx-", false],
    ["ng_inx", false],
    ["", false],
  ])("%j → %s", (name, ok) => {
    expect(MODULE_NAME_PATTERN.test(name)).toBe(ok);
    expect(moduleNameSchema.safeParse(name).success).toBe(ok);
  });

  it("an invalid name is name.invalid on the value", () => {
    const issue = only(check("schema_version: 1\nname: Nginx_1\n"), "name.invalid");
    expect(rangeText(issue.range)).toBe("2:7-2:14");
    expect(issue.path).toBe("/name");
  });
});

describe("structure", () => {
  it("missing required keys point at the document's first line", () => {
    const r = check("display_name: X\nlicense: MIT\n");
    expect(codes(r).sort()).toEqual(["schema.missing_key", "schema.missing_key"]);
    for (const i of r.errors) expect(rangeText(i.range)).toBe("1:1-1:16");
    expect(r.errors.map((i) => i.path).sort()).toEqual(["/name", "/schema_version"]);
  });

  it("a missing nested required key points at its parent's key or item", () => {
    const r = check(manifest("services:\n  - user: www-data\n    start_command: nginx\n"));
    const issue = only(r, "schema.missing_key");
    expect(issue.path).toBe("/services/0/name");
    expect(issue.message).toBe("Missing required key `name` in services[0].");
    expect(rangeText(issue.range)).toBe("4:5-4:19");
  });

  it("schema_version must be 1", () => {
    const issue = only(check('schema_version: "1"\nname: demo\n'), "schema.invalid_value");
    expect(rangeText(issue.range)).toBe("1:17-1:20");
    expect(issue.hint).toBe("Write 1 without quotes.");
    expect(only(check("schema_version: 2\nname: demo\n"), "schema.invalid_value").message).toBe("schema_version must be 1, not 2.");
  });

  it("unknown keys: error on the key, with did-you-mean and a rename fix", () => {
    const issue = only(check(manifest("file_specs:\n  - /etc/x\n")), "schema.unknown_key");
    expect(rangeText(issue.range)).toBe("3:1-3:11");
    expect(issue.hint).toBe("Did you mean `file_spec`?");
    expect(issue.fix?.edits).toEqual([{ range: { startLine: 3, startColumn: 1, endLine: 3, endColumn: 11 }, text: "file_spec" }]);
  });

  it("unknown keys: camelCase spellings map to snake_case", () => {
    expect(only(check(manifest("displayName: X\n")), "schema.unknown_key").hint).toBe("Did you mean `display_name`?");
  });

  it("unknown keys: misplaced keys say where they belong", () => {
    const issue = only(check(manifest("requires:\n  - powernode/a@^1\n")), "schema.unknown_key");
    expect(issue.hint).toContain("under dependencies:");
  });

  it("unknown keys in nested objects list the allowed keys", () => {
    const issue = only(check(manifest("build:\n  base_image: ubuntu\n")), "schema.unknown_key");
    expect(issue.path).toBe("/build/base_image");
    expect(issue.message).toBe("Unknown key `base_image` in build.");
    expect(issue.hint).toContain("Allowed keys: ubuntu_digest, apt_snapshot");
    expect(rangeText(issue.range)).toBe("4:3-4:13");
  });

  it("a document that is not a mapping", () => {
    const issue = only(check("- a\n- b\n"), "schema.not_a_mapping");
    expect(rangeText(issue.range)).toBe("1:1-1:4");
    expect(only(check("just a string\n"), "schema.not_a_mapping").message).toContain("a string");
  });

  it("wrong types explain what to write", () => {
    const r = check(manifest("file_spec: /etc/x\nreboot_required: 'yes'\nmask:\n"));
    const types = r.errors.filter((e) => e.code === "schema.invalid_type");
    expect(types.map((t) => [t.path, rangeText(t.range)])).toEqual([
      ["/file_spec", "3:12-3:18"],
      ["/reboot_required", "4:18-4:23"],
      ["/mask", "5:1-5:5"],
    ]);
    expect(types[0]?.hint).toContain("Write it as a list");
    expect(types[1]?.hint).toBe("Write true or false without quotes.");
    expect(types[2]?.message).toBe("`mask` must be a list, not an empty value (null).");
    expect(types[2]?.hint).toBe("Write [] for an empty list, or remove the key.");
  });

  it("env values must be strings, env names POSIX identifiers", () => {
    const r = check(manifest("services:\n  - name: web\n    env:\n      PORT: 8080\n      bad-name: x\n"));
    const type = only(r, "schema.invalid_type");
    expect(type.path).toBe("/services/0/env/PORT");
    expect(rangeText(type.range)).toBe("6:13-6:17");
    expect(type.hint).toBe('Quote it so it stays a string: "8080".');
    const key = only(r, "schema.invalid_key");
    expect(key.path).toBe("/services/0/env/bad-name");
    expect(rangeText(key.range)).toBe("7:7-7:15");
  });

  it("enum values get did-you-mean and a replace fix", () => {
    const issue = only(check(manifest("services:\n  - name: web\n    restart_policy: on_failure\n")), "schema.invalid_value");
    expect(rangeText(issue.range)).toBe("5:21-5:31");
    expect(issue.hint).toBe("Did you mean `on-failure`?");
    expect(issue.fix?.edits[0]?.text).toBe("on-failure");
  });

  it("bounds: ports, health timings, display_name", () => {
    const r = check(
      manifest(
        `display_name: ${"x".repeat(201)}\nservices:\n  - name: web\n    exposed_ports:\n      - port: 0\n      - port: 70000\n        protocol: icmp\n    health:\n      interval_seconds: 0\n      initial_delay_seconds: -1\n      timeout_seconds: 1.5\n`,
      ),
    );
    expect(only(r, "schema.too_long").message).toBe("`display_name` is 201 characters; the limit is 200.");
    const ranges = r.errors.filter((e) => e.code === "schema.out_of_range").map((e) => [e.path, rangeText(e.range), e.message]);
    expect(ranges).toEqual([
      ["/services/0/exposed_ports/0/port", "7:15-7:16", "`services[0].exposed_ports[0].port` must be ≥ 1, not 0."],
      ["/services/0/exposed_ports/1/port", "8:15-8:20", "`services[0].exposed_ports[1].port` must be ≤ 65535, not 70000."],
      ["/services/0/health/interval_seconds", "11:25-11:26", "`services[0].health.interval_seconds` must be ≥ 1, not 0."],
      ["/services/0/health/initial_delay_seconds", "12:30-12:32", "`services[0].health.initial_delay_seconds` must be ≥ 0, not -1."],
    ]);
    expect(only(r, "schema.invalid_value").path).toBe("/services/0/exposed_ports/1/protocol");
    const frac = r.errors.find((e) => e.path === "/services/0/health/timeout_seconds");
    expect(frac?.code).toBe("schema.invalid_type");
    expect(frac?.message).toBe("`services[0].health.timeout_seconds` must be a whole number, not a number.");
  });

  it("blank strings are accepted with a warning (an empty command means none in starter templates)", () => {
    const r = check(manifest('display_name: ""\ndescription: "   "\ninit:\n  start: ""\nservices:\n  - name: web\n    user: ""\n    exposed_ports: [{port: 80, name: ""}]\n'));
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.path, rangeText(w.range), w.message])).toEqual([
      ["schema.too_short", "/display_name", "3:15-3:17", "`display_name` is empty."],
      ["schema.too_short", "/description", "4:14-4:19", "`description` is only whitespace."],
      ["schema.too_short", "/init/start", "6:10-6:12", "`init.start` is empty."],
      ["schema.too_short", "/services/0/user", "9:11-9:13", "`services[0].user` is empty."],
      ["schema.too_short", "/services/0/exposed_ports/0/name", "10:38-10:40", "`services[0].exposed_ports[0].name` is empty."],
    ]);
    expect(r.warnings[2]?.hint).toContain("An empty command does nothing");
  });

  it("display_name counts characters (code points), as JSON Schema's maxLength does", () => {
    expect(check(manifest(`display_name: "${"🚀".repeat(200)}"\n`)).valid).toBe(true);
    expect(only(check(manifest(`display_name: "${"🚀".repeat(201)}"\n`)), "schema.too_long").message).toBe(
      "`display_name` is 201 characters; the limit is 200.",
    );
  });

  it.each([
    ["package_spec:\n  - Nginx\n", "package.invalid_name", "/package_spec/0", "4:5-4:10"],
    ["package_spec:\n  - nginx=\n", "package.invalid_name", "/package_spec/0", "4:5-4:11"],
    ["package_spec:\n  - x\n", "package.invalid_name", "/package_spec/0", "4:5-4:6"],
    ["services:\n  - name: Web\n", "service.invalid_name", "/services/0/name", "4:11-4:14"],
    ["services:\n  - name: web\n    capabilities: [NET_ADMIN]\n", "linux_capability.invalid", "/services/0/capabilities/0", "5:20-5:29"],
    ["security:\n  capabilities: [cap_sys_admin]\n", "linux_capability.invalid", "/security/capabilities/0", "4:18-4:31"],
    ["build:\n  ubuntu_digest: sha256:ABC\n", "build.invalid_digest", "/build/ubuntu_digest", "4:18-4:28"],
    ["build:\n  apt_snapshot: 2024-05-01\n", "build.invalid_snapshot", "/build/apt_snapshot", "4:17-4:27"],
    ["dependencies:\n  provides: [HTTP]\n", "capability.invalid_tag", "/dependencies/provides/0", "4:14-4:18"],
  ])("%j → %s", (extra, code, path, range) => {
    const issue = only(check(manifest(extra)), code);
    expect(issue.path).toBe(path);
    expect(rangeText(issue.range)).toBe(range);
    expect(issue.hint).toBeTruthy();
  });

  it("accepts pinned packages with epochs and Debian revisions", () => {
    const r = check(manifest("package_spec:\n  - libc6=2.39-0ubuntu8.3\n  - tzdata=1:2024a-1\n  - g++\n  - libstdc++6\n"));
    expect(r.valid).toBe(true);
  });

  it.each(["20240231T000000Z", "20241301T000000Z", "20240501T250000Z"])("%s has the format but names no real time: a warning", (snapshot) => {
    const r = check(manifest(`build:\n  apt_snapshot: "${snapshot}"\n`));
    expect(r.valid).toBe(true);
    const issue = only(r, "build.impossible_snapshot_date");
    expect(issue.severity).toBe("warning");
    expect(rangeText(issue.range)).toBe("4:17-4:35");
  });

  it("accepts null digests and snapshots", () => {
    expect(check(manifest("build:\n  ubuntu_digest: null\n  apt_snapshot: ~\n")).valid).toBe(true);
  });

  it("the zod schema rejects unknown keys itself (strict objects)", () => {
    expect(manifestSchema.safeParse({ schema_version: 1, name: "a", extra: 1 }).success).toBe(false);
    expect(manifestSchema.safeParse({ schema_version: 1, name: "a", build: { extra: 1 } }).success).toBe(false);
  });
});
