import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { lookupPath, overlayEntries, pathId, summarizeLayers, winnerOf } from "./overlay";
import { input, mod } from "./test-fixtures";

const codes = (issues: Array<{ code: string }>): string[] => issues.map((i) => i.code);

describe("per-file overlay", () => {
  it("the higher layer wins a path both ship and shadows the lower one", () => {
    const r = compose(
      input([
        mod("low", { priority: 1, files: ["/etc/hosts", "/etc/low-only"] }),
        mod("high", { priority: 2, files: ["/etc/hosts", "/etc/high-only"] }),
      ]),
    );
    expect(lookupPath(r, "/etc/hosts")).toMatchObject({ winner: "high", shadowed: ["low"], dropped: [] });
    expect(winnerOf(r, "/etc/low-only")).toBe("low");
    expect(winnerOf(r, "/etc/high-only")).toBe("high");
    expect(winnerOf(r, "/nowhere")).toBeNull();
    expect(r.overlay.mode).toBe("files");
    expect(r.overlay.pathCount).toBe(3);
    expect(r.overlay.contestedCount).toBe(1);
    expect(r.errors).toEqual([]);
    expect(r.conflicts).toEqual([]);
  });

  it("lists every shadowed layer, lowest first", () => {
    const r = compose(
      input([
        mod("c", { priority: 3, files: ["/x"] }),
        mod("a", { priority: 1, files: ["/x"] }),
        mod("b", { priority: 2, files: ["/x"] }),
      ]),
    );
    expect(lookupPath(r, "/x")).toMatchObject({ winner: "c", shadowed: ["a", "b"] });
  });

  it("two modules protecting the same path: a conflict, neither ships it", () => {
    const r = compose(
      input([
        mod("ssh", { priority: 1, protectedSpec: ["/etc/ssh/**"], files: ["/etc/ssh/sshd_config", "/etc/ssh/moduli"] }),
        mod("hardening", {
          category: "security-hardening",
          protectedSpec: ["/etc/ssh/sshd_config"],
          files: ["/etc/ssh/sshd_config"],
        }),
      ]),
    );
    const e = lookupPath(r, "/etc/ssh/sshd_config")!;
    expect(e.winner).toBeNull();
    expect(e.protectors?.sort()).toEqual(["hardening", "ssh"]);
    expect(e.dropped.map((d) => [d.module, d.reason]).sort()).toEqual([
      ["hardening", "protected_conflict"],
      ["ssh", "protected_conflict"],
    ]);
    const byHardening = e.dropped.find((d) => d.module === "hardening")!;
    expect(byHardening).toMatchObject({ byModule: "ssh", glob: "/etc/ssh/**" });
    // the path only one of them protects is unaffected
    expect(winnerOf(r, "/etc/ssh/moduli")).toBe("ssh");
    expect(r.overlay.conflictPathCount).toBe(1);
    const conflict = r.conflicts.find((c) => c.code === "composition.protected_conflict")!;
    expect(conflict.severity).toBe("conflict");
    expect(conflict.message).toContain("neither ships them");
    expect(conflict.message).toContain("1 listed file affected, e.g. /etc/ssh/sshd_config");
    expect(conflict.relatedModule).toBe("ssh");
    expect(conflict.path).toBe("/modules/0/protectedSpec/0");
  });

  it("reports a protected-path conflict from globs alone, even when no listed file is affected", () => {
    const r = compose(
      input([
        mod("a", { protectedSpec: ["/etc/ssl/**"], files: [] }),
        mod("b", { priority: 1, protectedSpec: ["/etc/ssl/private/*"] }),
      ]),
    );
    const c = r.conflicts.filter((i) => i.code === "composition.protected_conflict");
    expect(c).toHaveLength(1);
    expect(c[0]!.message).toContain("No listed file is affected yet");
    expect(r.overlay.globOverlaps).toContainEqual(
      expect.objectContaining({ kind: "protected_conflict", globA: "/etc/ssl/**", globB: "/etc/ssl/private/*" }),
    );
  });

  it("a lower module protecting a path a higher one ships: dropped from the higher one", () => {
    const r = compose(
      input([
        mod("base", { category: "system-base", protectedSpec: ["/etc/passwd"], files: ["/etc/passwd", "/etc/group"] }),
        mod("app", { files: ["/etc/passwd", "/etc/group", "/opt/app/run"] }),
      ]),
    );
    expect(lookupPath(r, "/etc/passwd")).toMatchObject({
      winner: "base",
      shadowed: [],
      dropped: [{ module: "app", reason: "protected", byModule: "base", glob: "/etc/passwd" }],
    });
    expect(lookupPath(r, "/etc/group")).toMatchObject({ winner: "app", shadowed: ["base"] });
    const drop = r.conflicts.find((c) => c.code === "composition.protected_drop")!;
    expect(drop.relatedModule).toBe("app");
    expect(drop.message).toContain('base protects "/etc/passwd"');
    expect(drop.path).toBe("/modules/1/files");
    const app = summarizeLayers(r).find((l) => l.module === "app")!;
    expect(app).toMatchObject({ shipped: 2, winning: 2, dropped: 1, droppedByProtection: 1 });
  });

  it("a module still ships its own protected paths", () => {
    const r = compose(input([mod("base", { protectedSpec: ["/etc/**"], files: ["/etc/x"] })]));
    expect(winnerOf(r, "/etc/x")).toBe("base");
    expect(r.conflicts).toEqual([]);
  });

  it("an override of effective priority changes the winner", () => {
    const modules = [
      mod("a", { category: "system-base", files: ["/etc/motd"] }),
      mod("b", { category: "userland", files: ["/etc/motd"] }),
    ];
    expect(winnerOf(compose(input(modules)), "/etc/motd")).toBe("b");
    const overridden = compose(input([{ ...modules[0]!, effectivePriorityOverride: 99_999 }, modules[1]!]));
    expect(winnerOf(overridden, "/etc/motd")).toBe("a");
    expect(overridden.layers.map((l) => l.name)).toEqual(["b", "a"]);
    expect(overridden.layers[1]!.derivation.text).toBe("override 99999 (derived would be 10000)");
  });

  it("a config-variety module beats its parent", () => {
    const r = compose(
      input([
        mod("nginx-conf", { variety: "config", parentModule: "nginx", priority: 0, files: ["/etc/nginx/nginx.conf"] }),
        mod("nginx", { priority: 999, files: ["/etc/nginx/nginx.conf", "/usr/sbin/nginx"] }),
      ]),
    );
    expect(r.layers.map((l) => l.name)).toEqual(["nginx", "nginx-conf"]);
    expect(lookupPath(r, "/etc/nginx/nginx.conf")).toMatchObject({ winner: "nginx-conf", shadowed: ["nginx"] });
    expect(r.warnings).toEqual([]);
  });

  it("warns when a config module sits below its parent or its parent is absent", () => {
    const below = compose(
      input([
        mod("conf", { category: "system-base", variety: "config", parentModule: "app" }),
        mod("app", { category: "userland" }),
      ]),
    );
    expect(codes(below.warnings)).toContain("variety.config_below_parent");
    const orphan = compose(input([mod("conf", { variety: "config", parentModule: "app" })]));
    expect(codes(orphan.warnings)).toContain("variety.missing_parent");
    const unnamed = compose(input([mod("conf", { variety: "config" })]));
    expect(codes(unnamed.warnings)).toContain("variety.missing_parent");
  });

  it("ambiguous order: equal effective priority and an overlapping path", () => {
    const r = compose(
      input([
        mod("zeta", { priority: 5, files: ["/etc/shared.conf", "/etc/z"] }),
        mod("alpha", { priority: 5, files: ["/etc/shared.conf", "/etc/a"] }),
      ]),
    );
    expect(winnerOf(r, "/etc/shared.conf")).toBe("zeta");
    const w = r.warnings.filter((i) => i.code === "composition.ambiguous_order");
    expect(w).toHaveLength(1);
    expect(w[0]!.message).toContain("alpha and zeta have the same effective priority 90005");
    expect(w[0]!.message).toContain("zeta wins only because of name order");
    expect(w[0]!.relatedModule).toBe("zeta");
  });

  it("no ambiguity warning when equal-priority modules ship disjoint paths, or priorities differ", () => {
    const disjoint = compose(input([mod("a", { priority: 5, files: ["/a"] }), mod("b", { priority: 5, files: ["/b"] })]));
    expect(codes(disjoint.warnings)).not.toContain("composition.ambiguous_order");
    const ordered = compose(input([mod("a", { priority: 5, files: ["/x"] }), mod("b", { priority: 6, files: ["/x"] })]));
    expect(codes(ordered.warnings)).not.toContain("composition.ambiguous_order");
  });

  it("reports every pair of equal-priority modules that share a path", () => {
    const r = compose(
      input([mod("a", { priority: 5, files: ["/x"] }), mod("b", { priority: 5, files: ["/x"] }), mod("c", { priority: 5, files: ["/x"] })]),
    );
    expect(r.warnings.filter((i) => i.code === "composition.ambiguous_order")).toHaveLength(3);
  });

  it("the own mask drops the module's copy and names the glob", () => {
    const r = compose(
      input([
        mod("low", { priority: 1, files: ["/usr/share/doc/x/README"] }),
        mod("high", { priority: 2, mask: ["/usr/share/doc/**"], files: ["/usr/share/doc/x/README", "/usr/bin/x"] }),
      ]),
    );
    expect(lookupPath(r, "/usr/share/doc/x/README")).toMatchObject({
      winner: "low",
      shadowed: [],
      dropped: [{ module: "high", reason: "mask", byModule: null, glob: "/usr/share/doc/**" }],
    });
    expect(r.conflicts).toEqual([]);
  });

  it("a mask only applies to its own module", () => {
    const r = compose(input([mod("a", { priority: 1, mask: ["*.pyc"], files: ["/l/a.pyc"] }), mod("b", { priority: 0, files: ["/l/a.pyc"] })]));
    expect(lookupPath(r, "/l/a.pyc")).toMatchObject({ winner: "b", dropped: [{ module: "a", reason: "mask", glob: "*.pyc" }] });
  });

  it("file-level masks and protections inside a shipped directory", () => {
    const r = compose(
      input([
        mod("base", { priority: 1, protectedSpec: ["/etc/app/secret.key"], files: [] }),
        mod("app", {
          priority: 2,
          fileSpec: ["/etc/app/*.conf", "/etc/app/secret.key", "/etc/app/local.pyc"],
          mask: ["*.pyc"],
          files: ["/etc/app/a.conf", "/etc/app/secret.key", "/etc/app/local.pyc", "/etc/app/readme.txt"],
        }),
      ]),
    );
    expect(winnerOf(r, "/etc/app/a.conf")).toBe("app");
    expect(lookupPath(r, "/etc/app/secret.key")!.dropped).toEqual([
      { module: "app", reason: "protected", byModule: "base", glob: "/etc/app/secret.key" },
    ]);
    expect(lookupPath(r, "/etc/app/local.pyc")!.dropped[0]).toMatchObject({ reason: "mask", glob: "*.pyc" });
    expect(lookupPath(r, "/etc/app/readme.txt")!.dropped[0]).toMatchObject({ reason: "outside_file_spec" });
  });

  it("files outside file_spec are not shipped and are reported", () => {
    const r = compose(input([mod("a", { fileSpec: ["/usr/**"], files: ["/usr/bin/a", "/etc/stray", "/etc/stray2"] })]));
    expect(winnerOf(r, "/etc/stray")).toBeNull();
    expect(lookupPath(r, "/etc/stray")!.dropped).toEqual([{ module: "a", reason: "outside_file_spec", byModule: null, glob: null }]);
    const w = r.warnings.find((i) => i.code === "composition.outside_file_spec")!;
    expect(w.message).toContain("2 listed files of a match none of its file_spec globs");
    expect(summarizeLayers(r)[0]).toMatchObject({ shipped: 1, outsideFileSpec: 2, dropped: 2 });
  });

  it("ignores invalid entries and duplicates in a file list", () => {
    const r = compose(input([mod("a", { files: ["/etc/a", "etc/relative", "/etc/dir/", "", "/etc/a"] })]));
    expect(r.overlay.pathCount).toBe(1);
    expect(r.layers[0]!.counts).toMatchObject({ listed: 5, shipped: 1, invalidPaths: 3, duplicates: 1 });
    expect(codes(r.warnings)).toContain("composition.invalid_path");
  });

  it("handles files at the root and unsorted lists", () => {
    const r = compose(
      input([
        mod("a", { priority: 1, protectedSpec: ["/b/x"], files: ["/top", "/b/x", "/a/x", "/b/y", "/a/y"] }),
        mod("b", { priority: 2, files: ["/a/x", "/top", "/b/x"] }),
      ]),
    );
    expect(winnerOf(r, "/top")).toBe("b");
    expect(winnerOf(r, "/a/x")).toBe("b");
    expect(winnerOf(r, "/b/x")).toBe("a");
    expect(winnerOf(r, "/a/y")).toBe("a");
  });

  it("summarizeLayers gives per-layer counts", () => {
    const r = compose(
      input([
        mod("low", { priority: 1, files: ["/a", "/b", "/c"] }),
        mod("high", { priority: 2, mask: ["/c"], files: ["/a", "/c", "/d"] }),
      ]),
    );
    expect(summarizeLayers(r)).toEqual([
      expect.objectContaining({ module: "low", shipped: 3, winning: 2, shadowed: 1, dropped: 0 }),
      expect.objectContaining({ module: "high", shipped: 2, winning: 2, shadowed: 0, dropped: 1, droppedByMask: 1 }),
    ]);
  });

  it("iterates entries, contested only and sorted", () => {
    const r = compose(input([mod("a", { priority: 1, files: ["/z", "/m", "/a"] }), mod("b", { priority: 2, files: ["/m"] })]));
    expect([...overlayEntries(r, { sorted: true })].map((e) => e.path)).toEqual(["/a", "/m", "/z"]);
    expect([...overlayEntries(r, { contestedOnly: true })].map((e) => e.path)).toEqual(["/m"]);
    expect(pathId(r.overlay, "/m")).toBe(1);
    expect(pathId(r.overlay, "/q")).toBeUndefined();
  });
});

describe("glob-level analysis (file lists unknown)", () => {
  it("reports file_spec overlaps between layers, with the winner above", () => {
    const r = compose(
      input([
        mod("base", { category: "system-base", fileSpec: ["/etc/**", "/usr/**"] }),
        mod("web", { fileSpec: ["/etc/nginx/**"] }),
        mod("db", { fileSpec: ["/var/lib/postgresql/**"] }),
      ]),
    );
    expect(r.overlay.mode).toBe("globs");
    expect(r.overlay.globOverlaps).toEqual([
      { kind: "shadow", layerA: 0, globA: "/etc/**", layerB: 2, globB: "/etc/nginx/**", ambiguous: false, example: "/etc/nginx" },
    ]);
  });

  it("reports ambiguous order from globs", () => {
    const r = compose(input([mod("a", { fileSpec: ["/etc/a/**"] }), mod("b", { fileSpec: ["/etc/*/x"] })]));
    expect(r.overlay.globOverlaps[0]).toMatchObject({ kind: "shadow", ambiguous: true });
    expect(codes(r.warnings)).toContain("composition.ambiguous_order");
  });

  it("ignores overlaps the effective mask covers", () => {
    const r = compose(
      input([
        mod("base", { category: "system-base", fileSpec: ["/etc/**"] }),
        mod("web", { fileSpec: ["/etc/nginx/**"], mask: ["/etc/nginx"] }),
      ]),
    );
    expect(r.overlay.globOverlaps).toEqual([]);
  });

  it("reports protection drops when the dropped module's files are unknown", () => {
    const r = compose(
      input([
        mod("base", { category: "system-base", protectedSpec: ["/etc/ssh/**"], files: ["/etc/ssh/sshd_config"] }),
        mod("app", { fileSpec: ["/etc/**"] }),
      ]),
    );
    expect(r.overlay.mode).toBe("mixed");
    expect(r.overlay.globOverlaps).toContainEqual({
      kind: "protected_drop",
      layerA: 1,
      globA: "/etc/**",
      layerB: 0,
      globB: "/etc/ssh/**",
      ambiguous: false,
      example: "/etc/ssh",
    });
    const drop = r.conflicts.find((c) => c.code === "composition.protected_drop")!;
    expect(drop.message).toContain(`app's file_spec "/etc/**" reaches into "/etc/ssh/**" (both match /etc/ssh)`);
    expect(drop.path).toBe("/modules/1/fileSpec/0");
  });

  it("does not compare glob-level shadows for pairs whose files are both known", () => {
    const r = compose(input([mod("a", { files: ["/a"] }), mod("b", { priority: 1, files: ["/b"] })]));
    expect(r.overlay.globOverlaps).toEqual([]);
  });

  it("reports an invalid glob, saying why, and keeps the others", () => {
    const r = compose(input([mod("a", { fileSpec: ["", "/etc/[x", "/etc/**"], files: ["/etc/a"] })]));
    expect(r.errors.map((e) => [e.code, e.path])).toEqual([
      ["composition.invalid_glob", "/modules/0/fileSpec/0"],
      ["composition.invalid_glob", "/modules/0/fileSpec/1"],
    ]);
    expect(r.errors[1]!.message).toContain("has a [ that is never closed");
    expect(lookupPath(r, "/etc/a")).toMatchObject({ winner: "a" });
  });

  it("counts an overlap the search cannot decide within its step limit as an overlap, without an example", () => {
    const wide = (tail: string) => "/" + "*?".repeat(15) + "a".repeat(300) + tail;
    const r = compose(input([mod("a", { fileSpec: [wide("b")] }), mod("b", { priority: 1, fileSpec: [wide("c")] })]));
    expect(r.overlay.globOverlaps).toEqual([
      { kind: "shadow", layerA: 0, globA: wide("b"), layerB: 1, globB: wide("c"), ambiguous: false, example: null },
    ]);
  });
});
