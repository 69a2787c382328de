import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { diffCompositions } from "./diff";
import { toExternalComposeResult } from "./external";
import { winnerOf } from "./overlay";
import { cat, input, mod } from "./test-fixtures";

const template = () =>
  input(
    [
      mod("base", { category: "system-base", version: "2.0.0", files: ["/etc/hosts", "/etc/ssh/sshd_config"] }),
      mod("web", { version: "1.0.0", versionSource: "live", requires: ["powernode/base@^2"], files: ["/etc/nginx/nginx.conf"] }),
    ],
    { catalog: [cat("tools", { version: "1.0.0", files: ["/usr/bin/tool"] })] },
  );

describe("what-if candidate", () => {
  it("replaces the deploying version of an assigned module", () => {
    const r = compose(template(), {
      candidate: { moduleName: "web", version: "1.1.0", files: ["/etc/nginx/nginx.conf", "/etc/hosts"] },
    });
    const web = r.layers.find((l) => l.name === "web")!;
    expect(web).toMatchObject({ version: "1.1.0", versionSource: "candidate", isCandidate: true, source: "template" });
    // inherited from the replaced version
    expect(web.requires).toEqual(["powernode/base@^2"]);
    expect(winnerOf(r, "/etc/hosts")).toBe("web");
    expect(r.candidate).toEqual({ module: "web", version: "1.1.0", placement: "template" });
  });

  it("a candidate without a file list has unknown files", () => {
    const r = compose(template(), { candidate: { moduleName: "web", version: "1.1.0" } });
    expect(r.layers.find((l) => l.name === "web")!.filesKnown).toBe(false);
    expect(r.overlay.mode).toBe("mixed");
  });

  it("diff shows new conflicts and errors and the paths whose winner changed", () => {
    const before = compose(template());
    const after = compose(template(), {
      candidate: {
        moduleName: "base",
        version: "3.0.0",
        protectedSpec: ["/etc/nginx/**"],
        files: ["/etc/hosts", "/etc/nginx/nginx.conf"],
      },
    });
    const diff = diffCompositions(before, after);
    expect(diff.introducesProblems).toBe(true);
    expect(diff.newConflicts.map((c) => c.code)).toEqual(["composition.protected_drop"]);
    expect(diff.newErrors.map((c) => c.code)).toEqual(["dependency.unsatisfied"]);
    expect(diff.winnerChanges).toEqual([
      { path: "/etc/nginx/nginx.conf", before: "web", after: "base" },
      { path: "/etc/ssh/sshd_config", before: "base", after: null },
    ]);
    expect(diff.winnerChangeCount).toBe(2);
    expect(diff.layerChanges).toEqual([{ module: "base", change: "version", before: "2.0.0", after: "3.0.0" }]);
    const back = diffCompositions(after, before);
    expect(back.resolvedConflicts.map((c) => c.code)).toEqual(["composition.protected_drop"]);
    expect(back.introducesProblems).toBe(false);
  });

  it("an issue whose counts change is neither new nor resolved", () => {
    const before = compose(input([mod("a", { protectedSpec: ["/etc/**"], files: [] }), mod("b", { priority: 1, files: ["/etc/x"] })]));
    const after = compose(input([mod("a", { protectedSpec: ["/etc/**"], files: [] }), mod("b", { priority: 1, files: ["/etc/x", "/etc/y"] })]));
    const diff = diffCompositions(before, after);
    expect(diff.newConflicts).toEqual([]);
    expect(diff.resolvedConflicts).toEqual([]);
  });

  it("caps the listed winner changes", () => {
    const files = Array.from({ length: 50 }, (_, i) => `/f/${i}`);
    const before = compose(input([mod("a", { files })]));
    const after = compose(input([mod("a", { files }), mod("b", { priority: 1, files })]));
    const diff = diffCompositions(before, after, { maxWinnerChanges: 10 });
    expect(diff.winnerChangeCount).toBe(50);
    expect(diff.winnerChanges).toHaveLength(10);
    expect(diff.winnerChangesTruncated).toBe(true);
    expect(diff.layerChanges).toEqual([{ module: "b", change: "added", before: null, after: "1.0.0" }]);
  });

  it("replaces a catalog module's live version; it matters only when pulled in", () => {
    const r = compose(template(), { candidate: { moduleName: "tools", version: "2.0.0" } });
    expect(r.candidate?.placement).toBe("catalog");
    expect(r.layers.map((l) => l.name)).not.toContain("tools");
  });

  it("assign: true adds a catalog module to the template with its registration", () => {
    const r = compose(template(), { candidate: { moduleName: "tools", version: "2.0.0", assign: true, files: ["/usr/bin/tool"] } });
    expect(r.candidate?.placement).toBe("added");
    expect(r.layers.find((l) => l.name === "tools")).toMatchObject({ source: "candidate", category: "system-base", version: "2.0.0", pointer: "/candidate" });
  });

  it("adds an unregistered module when the candidate gives its registration fields", () => {
    const r = compose(template(), {
      candidate: { moduleName: "new", version: "0.1.0", category: "userland", variety: "subscription", priority: 9, fileSpec: ["/opt/**"], files: ["/opt/new"] },
    });
    expect(r.layers.find((l) => l.name === "new")!.effectivePriority).toBe(90009);
    expect(winnerOf(r, "/opt/new")).toBe("new");
  });

  it("rejects a candidate it cannot place", () => {
    const r = compose(template(), { candidate: { moduleName: "ghost", version: "0.1.0" } });
    expect(r.errors.map((e) => e.code)).toEqual(["composition.invalid_candidate"]);
    expect(r.candidate).toBeNull();
  });

  it("the candidate may also come in the input; options win", () => {
    const inInput = compose({ ...template(), candidate: { moduleName: "web", version: "1.2.0" } });
    expect(inInput.layers.find((l) => l.name === "web")!.version).toBe("1.2.0");
    const cleared = compose({ ...template(), candidate: { moduleName: "web", version: "1.2.0" } }, { candidate: null });
    expect(cleared.layers.find((l) => l.name === "web")!.version).toBe("1.0.0");
  });

  it("points issues at the candidate's own fields", () => {
    const r = compose(template(), { candidate: { moduleName: "web", version: "1.1.0", requires: ["powernode/ghost@1"] } });
    expect(r.errors[0]).toMatchObject({ code: "dependency.missing", path: "/candidate/requires/0" });
  });
});

describe("external form", () => {
  it("uses snake_case and module names, and includes paths only when asked", () => {
    const r = compose(
      input([
        mod("base", { category: "system-base", protectedSpec: ["/etc/passwd"], files: ["/etc/passwd", "/etc/group"] }),
        mod("app", { requires: ["powernode/base@^1"], files: ["/etc/passwd", "/etc/group", "/opt/app"] }),
      ]),
    );
    const ext = toExternalComposeResult(r);
    expect(ext.overlay.paths).toBeUndefined();
    expect(ext.layers[1]).toMatchObject({
      module: "app",
      effective_priority: 90000,
      derivation: { kind: "derived", category: "userland", category_position: 90, variety_rank: 0, text: "(userland 90 + subscription 0) × 1000 + 0 = 90000" },
      via_dependency_of: [],
      files_known: true,
      counts: { shipped: 2, dropped_by_protection: 1 },
    });
    expect(ext.dependencies[0]).toMatchObject({ from: "app", resolved_module: "base", resolved_version: "1.0.0", pulled_in: false });
    expect(ext.conflicts[0]).toMatchObject({
      code: "composition.protected_drop",
      severity: "conflict",
      related_module: "app",
      range: { start_line: 1, start_column: 1, end_line: 1, end_column: 1 },
    });
    expect(ext.conflicts[0]).not.toHaveProperty("key");
    expect(ext.summary).toEqual({ error_count: 0, warning_count: 0, conflict_count: 1, can_save: true });

    const contested = toExternalComposeResult(r, { includePaths: "contested" }).overlay.paths!;
    expect(contested.map((p) => p.path)).toEqual(["/etc/group", "/etc/passwd"]);
    expect(contested[1]).toEqual({
      path: "/etc/passwd",
      winner: "base",
      shadowed: [],
      dropped: [{ module: "app", reason: "protected", by_module: "base", glob: "/etc/passwd" }],
      protectors: null,
    });
    expect(toExternalComposeResult(r, { includePaths: true }).overlay.paths!.map((p) => p.path)).toEqual([
      "/etc/group",
      "/etc/passwd",
      "/opt/app",
    ]);
    // plain JSON
    expect(JSON.parse(JSON.stringify(ext))).toEqual(ext);
  });

  it("labels modules of other owners owner/name", () => {
    const r = compose(input([mod("app", { requires: ["vendor/lib@^1"] })], { catalog: [cat("lib", { owner: "vendor" })] }));
    expect(r.layers.map((l) => l.label).sort()).toEqual(["app", "vendor/lib"]);
    expect(r.errors).toEqual([]);
  });
});
