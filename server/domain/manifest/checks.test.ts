import { describe, expect, it } from "vitest";
import { applyQuickFix } from "./legacy";
import { check, codes, manifest, only, rangeText } from "./test-support";

describe("name mismatch", () => {
  it("errors on the name value with a fix", () => {
    const text = manifest("", "nginx-old");
    const issue = only(check(text, { moduleName: "nginx" }), "manifest.name_mismatch");
    expect(rangeText(issue.range)).toBe("2:7-2:16");
    expect(issue.message).toContain("`nginx-old`");
    expect(issue.fix).toBeDefined();
    if (issue.fix) expect(check(applyQuickFix(text, issue.fix), { moduleName: "nginx" }).valid).toBe(true);
  });

  it("is silent without a moduleName or when they agree", () => {
    expect(check(manifest("", "nginx")).valid).toBe(true);
    expect(check(manifest("", "nginx"), { moduleName: "nginx" }).valid).toBe(true);
  });

  it("also compares the name inside a legacy identity wrapper", () => {
    const r = check("identity:\n  schema_version: 1\n  name: other\n", { moduleName: "nginx" });
    expect(only(r, "manifest.name_mismatch").path).toBe("/identity/name");
  });
});

describe("globs in manifests", () => {
  it("checks every glob list and underlines the offending characters", () => {
    const r = check(
      manifest(
        [
          "file_spec:",
          "  - etc/nginx/**",
          "  - /etc//nginx",
          "mask:",
          '  - "/etc/nginx/[abc"',
          "protected_spec:",
          "  - /etc/../shadow",
          "dependency_spec:",
          "  - /etc/nginx/",
          "",
        ].join("\n"),
      ),
    );
    const got = r.errors.map((e) => [e.code, e.path, rangeText(e.range)]);
    expect(got).toEqual([
      ["glob.not_absolute", "/file_spec/0", "4:5-4:17"],
      ["glob.unbalanced_bracket", "/mask/0", "7:17-7:18"],
      ["glob.relative_segment", "/protected_spec/0", "9:10-9:12"],
    ]);
    // `//` reads as `/`, and a trailing `/` names a directory (docs/globs.md): neither is an error.
    expect(r.warnings.map((w) => [w.code, w.path, rangeText(w.range)])).toEqual([["glob.empty_segment", "/file_spec/1", "5:10-5:11"]]);
  });

  it("relative globs: an error in file_spec (it lists paths from the root), accepted elsewhere", () => {
    const r = check(manifest("file_spec:\n  - /usr/lib/**\n  - lib/*.so\nmask:\n  - \"*.pyc\"\n  - __pycache__/\nprotected_spec:\n  - etc/app/*.conf\n"));
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([["glob.not_absolute", "/file_spec/1"]]);
    expect(only(r, "glob.not_absolute").hint).toBe("Start it with /, e.g. /lib/*.so; write /**/lib/*.so to ship matches at any depth.");
    // A relative glob with a directory part matches at any depth, which is easy to write by mistake.
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([["glob.relative_path", "/protected_spec/0"]]);
  });

  it("rejects globs over the bounds with their own codes", () => {
    const wild = "/" + "*?".repeat(20) + "x";
    const deep = "/" + Array.from({ length: 31 }, (_, i) => `d${i}`).join("/");
    const r = check(manifest(`file_spec:\n  - "${wild}"\n  - ${deep}\n  - /${"a".repeat(1100)}\n`));
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([
      ["glob.too_many_wildcards", "/file_spec/0"],
      ["glob.too_deep", "/file_spec/1"],
      ["glob.too_long", "/file_spec/2"],
    ]);
    // The marker starts at the first wildcard over the bound: column of the 33rd wildcard inside the quotes.
    expect(rangeText(only(r, "glob.too_many_wildcards").range)).toBe(`4:${5 + 1 + 1 + 32}-4:${5 + 1 + wild.length}`);
  });

  it("glob warnings are warnings", () => {
    const r = check(manifest("file_spec:\n  - /usr/lib/x**/lib.so\n  - /etc/{a,b}.conf\n"));
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => [w.code, rangeText(w.range)])).toEqual([
      ["glob.star_star_in_segment", "4:15-4:17"],
      ["glob.literal_brace", "5:10-5:11"],
    ]);
  });
});

describe("mask matches nothing", () => {
  it("warns on a mask that no file_spec glob can overlap", () => {
    const r = check(manifest("file_spec:\n  - /etc/nginx/**\n  - /usr/sbin/nginx\nmask:\n  - /etc/nginx/sites-enabled/default\n  - /var/www/**\n"));
    const issue = only(r, "mask.matches_nothing");
    expect(issue.path).toBe("/mask/1");
    expect(rangeText(issue.range)).toBe("8:5-8:16");
    expect(issue.severity).toBe("warning");
    expect(r.valid).toBe(true);
  });

  it("uses glob overlap, not prefixes", () => {
    const r = check(manifest("file_spec:\n  - /usr/lib/*/libssl.so*\nmask:\n  - /usr/lib/x86_64-linux-gnu/libssl.so.3\n  - /usr/lib/*/libcrypto.so*\n"));
    expect(only(r, "mask.matches_nothing").path).toBe("/mask/1");
  });

  it("is skipped when file_spec is empty (the module may ship package files only)", () => {
    expect(codes(check(manifest("mask:\n  - /usr/share/doc/**\n")))).toEqual([]);
  });
});

describe("packages", () => {
  it("warns on repeats and on contradicting pins", () => {
    const r = check(manifest("package_spec:\n  - nginx\n  - curl=8.5.0-2ubuntu10\n  - nginx=1.24.0\n  - curl=8.5.0-2ubuntu11\n  - nginx\n"));
    expect(r.warnings.map((w) => [w.code, w.path])).toEqual([
      ["list.duplicate", "/package_spec/2"],
      ["package.conflicting_pins", "/package_spec/3"],
      ["list.duplicate", "/package_spec/4"],
    ]);
    expect(r.valid).toBe(true);
    const pin = only(r, "package.conflicting_pins");
    expect(pin.severity).toBe("warning");
    expect(pin.path).toBe("/package_spec/3");
    expect(pin.message).toContain("8.5.0-2ubuntu10 (line 5) and 8.5.0-2ubuntu11");
  });

  it("a duplicate's fix removes the repeated line", () => {
    const text = manifest("package_spec:\n  - nginx\n  - nginx   # again\n  - curl\n");
    const issue = only(check(text), "list.duplicate");
    expect(rangeText(issue.range)).toBe("5:5-5:10");
    if (!issue.fix) throw new Error("no fix");
    expect(applyQuickFix(text, issue.fix)).toBe(manifest("package_spec:\n  - nginx\n  - curl\n"));
  });
});

describe("requires", () => {
  it.each([
    ["powernode/system-base", "requires.invalid_syntax", "has no version range"],
    ["system-base@^1.0", "requires.invalid_syntax", "has no owner"],
    ["PowerNode/system-base@^1", "requires.invalid_syntax", "not a valid account slug"],
    ["powernode/System@^1", "requires.invalid_syntax", "not a valid module name"],
    ["powernode/system-base@", "requires.invalid_range", "empty version range"],
    ["powernode/system-base@latest", "requires.invalid_range", "not a valid semver range"],
    ["capability:HTTP", "capability.invalid_tag", "not a valid capability tag"],
    ["capability:http@banana", "requires.invalid_range", "not a valid semver range"],
  ])("%j → %s", (entry, code, text) => {
    const issue = only(check(manifest(`dependencies:\n  requires:\n    - "${entry}"\n`)), code);
    expect(issue.path).toBe("/dependencies/requires/0");
    expect(rangeText(issue.range)).toBe(`5:7-5:${9 + entry.length}`);
    expect(issue.message).toContain(text);
  });

  it.each(["powernode/system-base@^1.0", "powernode/system-base@>=1.2 <2", "powernode/a@*", "capability:container-runtime", "capability:http.port:80@^2"])(
    "accepts %j",
    (entry) => {
      expect(check(manifest(`dependencies:\n  requires:\n    - "${entry}"\n`)).valid).toBe(true);
    },
  );

  it("a module requiring itself is an error with a removal fix", () => {
    const text = manifest("dependencies:\n  requires:\n    - powernode/demo@^1\n    - powernode/base@^1\n");
    const issue = only(check(text), "requires.self");
    expect(rangeText(issue.range)).toBe("5:7-5:24");
    if (!issue.fix) throw new Error("no fix");
    expect(check(applyQuickFix(text, issue.fix)).valid).toBe(true);
  });

  it("self-dependency uses the registered name when the manifest name is invalid", () => {
    const r = check("schema_version: 1\nname: Demo\ndependencies:\n  requires: [acme/demo@^1]\n", { moduleName: "demo" });
    expect(codes(r)).toContain("requires.self");
  });

  it("with an account context, only the account's own module counts as self", () => {
    const text = manifest("dependencies:\n  requires: [other/demo@^1]\n");
    expect(codes(check(text, {}, { owner: "powernode", modules: [] }))).toEqual(["requires.cross_account"]);
  });

  it("requiring a capability the module provides is a warning", () => {
    const r = check(manifest("dependencies:\n  requires: [capability:http.port:80]\n  provides: [http.port:80]\n"));
    expect(only(r, "requires.self_capability").severity).toBe("warning");
  });

  it("the same module twice with different ranges is a warning", () => {
    const r = check(manifest("dependencies:\n  requires:\n    - powernode/base@^1\n    - powernode/base@^2\n"));
    expect(only(r, "list.duplicate").message).toContain("required twice with different ranges");
  });
});

describe("duplicates", () => {
  it("reports exact repeats in every set-like list", () => {
    const r = check(
      manifest(
        [
          "file_spec: [/a, /a]",
          "mask: [/a, /a]",
          "protected_spec: [/p, /p]",
          "dependency_spec: [/d, /d]",
          "dependencies:",
          "  requires: [x/y@^1, x/y@^1]",
          "  provides: [t, t]",
          "security:",
          "  capabilities: [CAP_CHOWN, CAP_CHOWN]",
          "  egress_allow: [10.0.0.0/8, 10.0.0.0/8]",
          "skills: [s, s]",
          "services:",
          "  - name: web",
          "    capabilities: [CAP_KILL, CAP_KILL]",
          "",
        ].join("\n"),
      ),
    );
    expect(r.warnings.filter((w) => w.code === "list.duplicate").map((w) => w.path)).toEqual([
      "/file_spec/1",
      "/mask/1",
      "/protected_spec/1",
      "/dependency_spec/1",
      "/dependencies/requires/1",
      "/dependencies/provides/1",
      "/security/capabilities/1",
      "/security/egress_allow/1",
      "/skills/1",
      "/services/0/capabilities/1",
    ]);
  });
});

describe("license", () => {
  it.each(["MIT", "Apache-2.0", "GPL-2.0-only", "GPL-2.0+", "Apache-2.0 OR MIT", "(MIT AND BSD-3-Clause) OR GPL-3.0-or-later", "GPL-2.0-or-later WITH Linux-syscall-note", "LicenseRef-Acme-EULA"])(
    "accepts %j",
    (license) => {
      expect(codes(check(manifest(`license: "${license}"\n`)))).toEqual([]);
    },
  );

  it.each([
    ["mit", "Did you mean `MIT`?"],
    ["Apache 2.0", "Did you mean `Apache-2.0`?"],
    ["GPLv2", "Did you mean `GPL-2.0-only`?"],
    ["Proprietary", "Did you mean `LicenseRef-Proprietary`?"],
    ["Apache-2.0 OR", "Join identifiers with AND / OR"],
    ["MIT WITH Foo-exception", "exceptions-index"],
    ["Acme Public License", "spdx.org/licenses"],
  ])("%j → warning with hint", (license, hint) => {
    const issue = only(check(manifest(`license: "${license}"\n`)), "license.unknown_spdx");
    expect(issue.severity).toBe("warning");
    expect(rangeText(issue.range)).toBe(`3:10-3:${12 + license.length}`);
    expect(issue.hint).toContain(hint);
  });
});

describe("services", () => {
  it("duplicate names, duplicate ports and overlapping probes are warnings", () => {
    const r = check(
      manifest(
        [
          "services:",
          "  - name: web",
          "    exposed_ports: [{port: 80}]",
          "    health: {interval_seconds: 5, timeout_seconds: 10}",
          "  - name: web",
          "    exposed_ports: [{port: 80, protocol: tcp}, {port: 80, protocol: udp}]",
          "",
        ].join("\n"),
      ),
    );
    expect(r.valid).toBe(true);
    expect(rangeText(only(r, "service.duplicate_name").range)).toBe("7:11-7:14");
    expect(rangeText(only(r, "service.duplicate_port").range)).toBe("8:28-8:30");
    expect(rangeText(only(r, "service.health_timeout_exceeds_interval").range)).toBe("6:52-6:54");
  });
});

describe("category", () => {
  it("checks the slug against the account's categories when known", () => {
    const ctx = { owner: "powernode", modules: [], categories: ["system-base", "userland"] };
    const issue = only(check(manifest(), { categorySlug: "userlnd" }, ctx), "category.unknown");
    expect(issue.hint).toBe("Did you mean `userland`?");
    expect(check(manifest(), { categorySlug: "userland" }, ctx).warnings).toEqual([]);
  });

  it("without context, only malformed slugs are flagged", () => {
    expect(codes(check(manifest(), { categorySlug: "anything-goes" }))).toEqual([]);
    expect(codes(check(manifest(), { categorySlug: "Not A Slug" }))).toEqual(["category.unknown"]);
  });
});

describe("rules the published schema does not have are warnings", () => {
  it("env names that are not POSIX identifiers", () => {
    const r = check(manifest('services:\n  - name: web\n    env:\n      http-proxy: x\n      "A=B": y\n      GOOD_1: z\n'));
    expect(r.valid).toBe(true);
    expect(r.warnings.map((w) => [w.code, w.path, rangeText(w.range)])).toEqual([
      ["schema.invalid_key", "/services/0/env/http-proxy", "6:7-6:17"],
      ["schema.invalid_key", "/services/0/env/A=B", "7:7-7:12"],
    ]);
    expect(r.warnings[1]?.message).toContain("`=` separates a name from its value");
  });

  it("an exposed port without a port number", () => {
    const r = check(manifest("services:\n  - name: web\n    exposed_ports:\n      - name: http\n        protocol: tcp\n"));
    expect(r.valid).toBe(true);
    const issue = only(r, "service.port_missing");
    expect(issue.path).toBe("/services/0/exposed_ports/0");
    expect(rangeText(issue.range)).toBe("6:9-6:19");
  });

  it("skills that are neither names nor mappings", () => {
    const r = check(manifest("skills:\n  - http\n  - {name: tls, level: 2}\n  - 42\n  -\n  - [a]\n"));
    expect(r.valid).toBe(true);
    const byPath = [...r.warnings].sort((a, b) => a.path.localeCompare(b.path));
    expect(byPath.map((w) => [w.code, w.message.split(";")[0]])).toEqual([
      ["skill.invalid_entry", "`skills[2]` is a number"],
      ["skill.invalid_entry", "`skills[3]` is empty"],
      ["skill.invalid_entry", "`skills[4]` is a list"],
    ]);
  });

  it.each(["v1.30.2", "a:1.0", "1:beta"])("a pinned version %j that does not start with a digit", (version) => {
    const r = check(manifest(`package_spec:\n  - "k3s=${version}"\n`));
    expect(r.valid).toBe(true);
    const issue = only(r, "package.unusual_version");
    expect(rangeText(issue.range)).toBe(`4:10-4:${10 + version.length}`);
  });

  it.each(["1.24.0-2ubuntu7", "1:2024a-1", "5:24.0.7-1~ubuntu.22.04~jammy", "20240318.git3b128b60-0ubuntu2"])("%j is a conventional Debian version", (version) => {
    expect(codes(check(manifest(`package_spec:\n  - "pkg=${version}"\n`)))).toEqual([]);
  });
});
