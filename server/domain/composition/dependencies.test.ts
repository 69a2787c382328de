import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { capabilityMatches, parseProvided, parseRequirement } from "./dependencies";
import { cat, input, mod } from "./test-fixtures";

const codes = (issues: Array<{ code: string }>): string[] => issues.map((i) => i.code);

describe("parseRequirement", () => {
  it.each([
    ["powernode/nginx@^1.0", { kind: "module", owner: "powernode", module: "nginx", range: "^1.0" }],
    ["powernode/nginx", { kind: "module", owner: "powernode", module: "nginx", range: null }],
    ["powernode/nginx@>=1.2 <2", { kind: "module", range: ">=1.2 <2" }],
    ["capability:http-server", { kind: "capability", tag: "http-server", range: null }],
    ["capability:http-server@^2", { kind: "capability", tag: "http-server", range: "^2" }],
    ["capability:http.port:80", { kind: "capability", tag: "http.port:80", range: null }],
  ])("%s", (raw, expected) => {
    expect(parseRequirement(raw)).toMatchObject(expected);
  });

  it.each(["nginx@^1", "powernode/nginx@not-a-range", "capability:", "capability:x@", "a/b/c@1", ""])("rejects %j", (raw) => {
    expect(parseRequirement(raw).kind).toBe("invalid");
  });

  it("parses provided tags", () => {
    expect(parseProvided("http-server")).toEqual({ name: "http-server", version: null, exclusive: false });
    expect(parseProvided("http-server@2.4.1")).toEqual({ name: "http-server", version: "2.4.1", exclusive: false });
    expect(parseProvided("http.port:80")).toEqual({ name: "http.port:80", version: null, exclusive: true });
  });

  it("a key requirement is answered by any key:value", () => {
    expect(capabilityMatches("http.port", "http.port:80")).toBe(true);
    expect(capabilityMatches("http.port:80", "http.port:80")).toBe(true);
    expect(capabilityMatches("http.port:80", "http.port:8080")).toBe(false);
    expect(capabilityMatches("http", "http.port:80")).toBe(false);
  });
});

describe("module references", () => {
  it("^1.0 is satisfied by 1.4.2", () => {
    const r = compose(input([mod("app", { requires: ["powernode/lib@^1.0"] }), mod("lib", { version: "1.4.2" })]));
    expect(r.errors).toEqual([]);
    expect(r.dependencies).toEqual([
      expect.objectContaining({
        from: "app",
        requirement: "powernode/lib@^1.0",
        kind: "module",
        target: "powernode/lib",
        range: "^1.0",
        status: "satisfied",
        resolvedModule: "lib",
        resolvedVersion: "1.4.2",
        pulledIn: false,
      }),
    ]);
  });

  it("^1.0 is not satisfied by 2.0.0, with a hint when another version would do", () => {
    const r = compose(
      input([
        mod("app", { requires: ["powernode/lib@^1.0"] }),
        mod("lib", { version: "2.0.0", availableVersions: ["1.4.2", "2.0.0"] }),
      ]),
    );
    expect(r.dependencies[0]).toMatchObject({ status: "unsatisfied", resolvedModule: "lib", resolvedVersion: null });
    const e = r.errors.find((i) => i.code === "dependency.unsatisfied")!;
    expect(e.message).toBe("app requires powernode/lib@^1.0, but lib would deploy 2.0.0, which does not satisfy ^1.0.");
    expect(e.hint).toContain("lib 1.4.2 satisfies ^1.0");
    expect(e.path).toBe("/modules/0/requires/0");
    expect(e.relatedModule).toBe("app");
  });

  it("a module with no deployable version satisfies nothing", () => {
    const r = compose(input([mod("app", { requires: ["powernode/lib@*"] }), mod("lib", { version: null })]));
    expect(codes(r.errors)).toContain("dependency.unsatisfied");
    expect(codes(r.warnings)).toContain("composition.no_deployable_version");
  });

  it("reports a missing module", () => {
    const r = compose(input([mod("app", { requires: ["powernode/ghost@^1"] })]));
    expect(r.dependencies[0]!.status).toBe("missing");
    expect(r.errors[0]).toMatchObject({ code: "dependency.missing", path: "/modules/0/requires/0", relatedModule: "app" });
  });

  it("names a foreign owner in the missing message", () => {
    const r = compose(input([mod("app", { requires: ["other/lib@^1"] })]));
    expect(r.errors[0]!.message).toContain('owner "other" is not this account');
  });

  it("does not pull back a disabled assignment", () => {
    const r = compose(
      input([mod("app", { requires: ["powernode/lib@^1"] }), mod("lib", { enabled: false })], { catalog: [cat("lib")] }),
    );
    expect(r.dependencies[0]!.status).toBe("disabled");
    expect(codes(r.errors)).toEqual(["dependency.disabled"]);
    expect(r.layers.map((l) => l.name)).toEqual(["app"]);
  });

  it("disabled assignments take no part at all", () => {
    const r = compose(
      input([
        mod("off", { enabled: false, requires: ["powernode/ghost@1"], protectedSpec: ["/etc/**"], files: ["/etc/x"] }),
        mod("on", { files: ["/etc/x"] }),
      ]),
    );
    expect(r.layers.map((l) => l.name)).toEqual(["on"]);
    expect(r.errors).toEqual([]);
    expect(r.conflicts).toEqual([]);
  });

  it("pulls in registered modules as dependencies, transitively, and shows who pulled them in", () => {
    const r = compose(
      input([mod("web", { requires: ["powernode/nginx@^1"] }), mod("site", { requires: ["powernode/nginx@>=1.2"] })], {
        catalog: [
          cat("nginx", { category: "userland", version: "1.25.3", requires: ["powernode/openssl@^3"] }),
          cat("openssl", { version: "3.0.13" }),
          cat("unused", { version: "1.0.0" }),
        ],
      }),
    );
    expect(r.errors).toEqual([]);
    const byName = new Map(r.layers.map((l) => [l.name, l]));
    expect([...byName.keys()].sort()).toEqual(["nginx", "openssl", "site", "web"]);
    expect(byName.get("nginx")).toMatchObject({ source: "dependency", viaDependencyOf: ["site", "web"], version: "1.25.3", versionSource: "live" });
    expect(byName.get("openssl")).toMatchObject({ source: "dependency", viaDependencyOf: ["nginx"], pointer: "/catalog/1" });
    expect(byName.get("web")).toMatchObject({ source: "template", viaDependencyOf: [] });
    expect(r.dependencies.find((d) => d.from === "nginx")).toMatchObject({ status: "satisfied", pulledIn: true, resolvedVersion: "3.0.13" });
  });

  it("pulled-in modules' files take part in the overlay", () => {
    const r = compose(
      input([mod("web", { priority: 1, requires: ["powernode/lib@*"], files: ["/usr/lib/x.so"] })], {
        catalog: [cat("lib", { files: ["/usr/lib/x.so", "/usr/lib/y.so"] })],
      }),
    );
    expect(r.overlay.pathCount).toBe(2);
  });

  it("does not pull in a catalog module without a live version", () => {
    const r = compose(input([mod("web", { requires: ["powernode/lib@*"] })], { catalog: [cat("lib", { version: null })] }));
    expect(r.layers.map((l) => l.name)).toEqual(["web"]);
    expect(r.errors[0]!.message).toContain("has no live version");
  });

  it("reports a cycle a → b → c → a with its path", () => {
    const r = compose(
      input([
        mod("a", { requires: ["powernode/b@*"] }),
        mod("b", { requires: ["powernode/c@*"] }),
        mod("c", { requires: ["powernode/a@*"] }),
      ]),
    );
    const cycles = r.errors.filter((e) => e.code === "dependency.cycle");
    expect(cycles).toHaveLength(1);
    expect(cycles[0]!.message).toBe("Dependency cycle: a → b → c → a.");
    expect(cycles[0]!.path).toBe("/modules/0/requires/0");
  });

  it("reports the shortest cycle through the first module, through pulled-in modules too", () => {
    const r = compose(
      input([mod("a", { requires: ["powernode/b@*", "powernode/d@*"] })], {
        catalog: [cat("b", { requires: ["powernode/c@*"] }), cat("c", { requires: ["powernode/a@*"] }), cat("d", { requires: ["powernode/a@*"] })],
      }),
    );
    const cycles = r.errors.filter((e) => e.code === "dependency.cycle");
    expect(cycles.map((c) => c.message)).toEqual(["Dependency cycle: a → d → a."]);
  });

  it("reports a self-dependency as a cycle a → a", () => {
    const r = compose(input([mod("a", { requires: ["powernode/a@*"] })]));
    expect(r.errors.map((e) => e.message)).toContain("Dependency cycle: a → a.");
  });

  it("reports separate cycles separately", () => {
    const r = compose(
      input([
        mod("a", { requires: ["powernode/b@*"] }),
        mod("b", { requires: ["powernode/a@*"] }),
        mod("x", { requires: ["powernode/y@*"] }),
        mod("y", { requires: ["powernode/x@*"] }),
      ]),
    );
    expect(r.errors.filter((e) => e.code === "dependency.cycle").map((e) => e.message)).toEqual([
      "Dependency cycle: a → b → a.",
      "Dependency cycle: x → y → x.",
    ]);
  });

  it("reports an invalid reference", () => {
    const r = compose(input([mod("a", { requires: ["nonsense"] })]));
    expect(r.errors[0]).toMatchObject({ code: "dependency.invalid_reference", path: "/modules/0/requires/0" });
    expect(r.dependencies[0]!.status).toBe("invalid");
  });
});

describe("capabilities", () => {
  it("is satisfied by a module of the composition that provides the tag", () => {
    const r = compose(input([mod("app", { requires: ["capability:sql"] }), mod("pg", { provides: ["sql"] }), mod("maria", { priority: 1, provides: ["sql"] })]));
    expect(r.errors).toEqual([]);
    expect(r.dependencies[0]).toMatchObject({ kind: "capability", target: "sql", status: "satisfied", providers: ["maria", "pg"], resolvedModule: "maria" });
  });

  it("checks the range against the tag's version, else the module's version", () => {
    const r = compose(
      input([
        mod("app", { requires: ["capability:sql@^15", "capability:http@^2"] }),
        mod("pg", { version: "15.4.0", provides: ["sql"] }),
        mod("web", { version: "9.9.9", provides: ["http@2.4.1"] }),
      ]),
    );
    expect(r.errors).toEqual([]);
    expect(r.dependencies.map((d) => [d.target, d.resolvedVersion])).toEqual([
      ["sql", "15.4.0"],
      ["http", "2.4.1"],
    ]);
  });

  it("reports a capability whose providers do not satisfy the range", () => {
    const r = compose(input([mod("app", { requires: ["capability:sql@^16"] }), mod("pg", { version: "15.4.0", provides: ["sql"] })]));
    expect(r.errors[0]!.code).toBe("capability.unsatisfied");
    expect(r.errors[0]!.message).toContain("pg 15.4.0");
  });

  it("reports a missing capability and names registered providers", () => {
    const r = compose(input([mod("app", { requires: ["capability:sql"] })], { catalog: [cat("pg", { provides: ["sql"] })] }));
    expect(r.errors[0]).toMatchObject({ code: "capability.missing", hint: "Registered modules that provide it: pg — assign one to the template." });
    expect(r.layers).toHaveLength(1);
  });

  it("two providers of http.port:80 clash", () => {
    const r = compose(input([mod("nginx", { provides: ["http.port:80"] }), mod("apache", { priority: 1, provides: ["http.port:80", "http-server"] })]));
    const clash = r.errors.filter((e) => e.code === "capability.exclusive_clash");
    expect(clash).toHaveLength(1);
    expect(clash[0]!.message).toBe("http.port:80 is an exclusive capability but 2 modules of this composition provide it: apache, nginx. Composed together they clash: an error (a template keeps it only with an override reason).");
    expect(clash[0]!.relatedModule).toBe("apache");
    expect(clash[0]!.path).toBe("/modules/1/provides/0");
  });

  it("different values of an exclusive key do not clash; non-exclusive tags never do", () => {
    const r = compose(
      input([mod("a", { provides: ["http.port:80", "http-server"] }), mod("b", { provides: ["http.port:8080", "http-server"] })]),
    );
    expect(r.errors).toEqual([]);
  });

  it("a key requirement is satisfied by a key:value provider", () => {
    const r = compose(input([mod("app", { requires: ["capability:http.port"] }), mod("nginx", { provides: ["http.port:80"] })]));
    expect(r.errors).toEqual([]);
  });
});

describe("varieties", () => {
  it("warns about more than one instance-variety module in a category", () => {
    const r = compose(
      input([
        mod("i1", { variety: "instance" }),
        mod("i2", { variety: "instance", priority: 1 }),
        mod("i3", { variety: "instance", category: "system-base" }),
      ]),
    );
    const w = r.warnings.filter((i) => i.code === "variety.multiple_instances");
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain("Category userland has 2 instance-variety modules: i1, i2");
  });
});
