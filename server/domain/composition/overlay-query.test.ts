import { describe, expect, it } from "vitest";
import { compose } from "./compose";
import { MIXED, NONE, buildOverlayIndex, describePath, isGlobSearch, listChildren, normalizeDir, overlayPredicate, searchPaths } from "./overlay-query";
import { input, mod } from "./test-fixtures";

function stack() {
  return compose(
    input([
      mod("base", { category: "system-base", fileSpec: ["/etc/*", "/usr/**"], files: ["/etc/hostname", "/etc/issue", "/usr/bin/sh", "/usr/bin/ls"] }),
      mod("hard", { category: "security-hardening", fileSpec: ["/etc/issue"], protectedSpec: ["/etc/issue"], files: ["/etc/issue"] }),
      mod("web", { priority: 1, fileSpec: ["/etc/web/**", "/usr/bin/web"], files: ["/etc/web/a.conf", "/etc/web/b.conf", "/usr/bin/web"] }),
      mod("web-cfg", { priority: 2, fileSpec: ["/etc/web/a.conf"], files: ["/etc/web/a.conf"] }),
      mod("p1", { priority: 3, fileSpec: ["/srv/**"], protectedSpec: ["/srv/shared"], files: ["/srv/shared", "/srv/p1"] }),
      mod("p2", { priority: 4, fileSpec: ["/srv/**"], protectedSpec: ["/srv/shared"], files: ["/srv/shared"] }),
    ]),
  );
}

const layerOf = (r: ReturnType<typeof stack>, name: string) => r.layers.find((l) => l.name === name)!.index;

describe("overlay index: the lazy tree", () => {
  it("lists a directory's child directories then files, sorted, with subtree aggregates", () => {
    const r = stack();
    const index = buildOverlayIndex(r);
    const root = listChildren(index, { dir: "/", limit: 100 });
    expect(root.rows.map((row) => row.path)).toEqual(["/etc", "/srv", "/usr"]);
    expect(root.matchingFiles).toBe(r.overlay.pathCount);
    const etc = root.rows[0]!;
    expect(etc).toMatchObject({ kind: "dir", files: 4, contested: 2, winner: MIXED });
    const children = listChildren(index, { dir: "/etc", limit: 100 });
    expect(children.rows.map((row) => `${row.kind}:${row.name}`)).toEqual(["dir:web", "file:hostname", "file:issue"]);
    expect(children.rows[2]).toMatchObject({ kind: "file", winner: layerOf(r, "hard"), dropped: 1, shadowed: 0, conflict: false });
  });

  it("a directory whose files all have one winner carries that winner; a conflict-only directory has none", () => {
    const r = stack();
    const index = buildOverlayIndex(r);
    const usr = listChildren(index, { dir: "/usr", limit: 10 }).rows[0]!;
    expect(usr).toMatchObject({ path: "/usr/bin", winner: MIXED });
    const usrBin = listChildren(index, { dir: "/usr/bin", limit: 10 });
    expect(usrBin.rows.map((row) => row.name)).toEqual(["ls", "sh", "web"]);
    const srv = listChildren(index, { dir: "/srv", limit: 10 });
    expect(srv.rows.find((row) => row.name === "shared")).toMatchObject({ winner: NONE, conflict: true });
  });

  it("pages with a cursor", () => {
    const index = buildOverlayIndex(stack());
    const first = listChildren(index, { dir: "/usr/bin", limit: 2 });
    expect(first.rows.map((row) => row.name)).toEqual(["ls", "sh"]);
    expect(first.nextCursor).toBe(2);
    expect(first.total).toBe(3);
    const second = listChildren(index, { dir: "/usr/bin", limit: 2, cursor: first.nextCursor! });
    expect(second.rows.map((row) => row.name)).toEqual(["web"]);
    expect(second.nextCursor).toBeNull();
  });

  it("filters keep only directories that contain matching files", () => {
    const r = stack();
    const index = buildOverlayIndex(r);
    expect(listChildren(index, { dir: "", filter: "shadowed", limit: 10 }).rows.map((row) => row.path)).toEqual(["/etc"]);
    expect(listChildren(index, { dir: "/etc", filter: "shadowed", limit: 10 }).rows.map((row) => row.path)).toEqual(["/etc/web"]);
    expect(listChildren(index, { dir: "", filter: "conflicts", limit: 10 }).rows.map((row) => row.path)).toEqual(["/srv"]);
    expect(listChildren(index, { dir: "", filter: "dropped", limit: 10 }).rows.map((row) => row.path)).toEqual(["/etc", "/srv"]);
    const web = listChildren(index, { dir: "", filter: "module", module: "web", limit: 10 });
    expect(web.rows.map((row) => [row.path, row.kind === "dir" ? row.files : 1])).toEqual([
      ["/etc", 2],
      ["/usr", 1],
    ]);
    expect(listChildren(index, { dir: "", filter: "module", module: "nobody", limit: 10 }).rows).toEqual([]);
  });

  it("module filter covers winning, shadowed, dropped and protecting", () => {
    const r = stack();
    const pred = overlayPredicate(r, "module", "base")!;
    const paths = r.overlay.paths.filter((_, id) => pred(id));
    expect([...paths].sort()).toEqual(["/etc/hostname", "/etc/issue", "/usr/bin/ls", "/usr/bin/sh"]);
    expect(overlayPredicate(r, "all")).toBeNull();
  });
});

describe("path search", () => {
  it("substring (case-insensitive) or glob, sorted, filtered, paged", () => {
    const index = buildOverlayIndex(stack());
    expect(searchPaths(index, { query: "CONF", limit: 10 }).rows.map((row) => row.path)).toEqual(["/etc/web/a.conf", "/etc/web/b.conf"]);
    const glob = searchPaths(index, { query: "/usr/bin/*", limit: 10 });
    expect(glob.mode).toBe("glob");
    expect(glob.rows.map((row) => row.path)).toEqual(["/usr/bin/ls", "/usr/bin/sh", "/usr/bin/web"]);
    expect(searchPaths(index, { query: "*.conf", filter: "shadowed", limit: 10 }).rows.map((row) => row.path)).toEqual(["/etc/web/a.conf"]);
    const paged = searchPaths(index, { query: "/", limit: 3, cursor: 3 });
    expect(paged.total).toBe(index.result.overlay.pathCount);
    expect(paged.rows).toHaveLength(3);
    expect(isGlobSearch("/etc/[ab].conf")).toBe(true);
    // The glob engine's rules: a glob covers what lies below what it matches; an invalid glob is searched as text.
    expect(searchPaths(index, { query: "/e*", limit: 10 }).rows.map((row) => row.path)).toEqual(["/etc/hostname", "/etc/issue", "/etc/web/a.conf", "/etc/web/b.conf"]);
    const invalid = searchPaths(index, { query: "/etc/web/[a", limit: 10 });
    expect([invalid.mode, invalid.total]).toEqual(["substring", 0]);
    expect(isGlobSearch("nginx.conf")).toBe(false);
  });
});

describe("describePath", () => {
  it("tells the winner, the shadowed layers (highest first) and the globs that selected them", () => {
    const story = describePath(stack(), "/etc/web/a.conf");
    expect(story).toMatchObject({
      listed: true,
      winner: { module: "web-cfg", fileSpecGlob: "/etc/web/a.conf" },
      shadowed: [{ module: "web", fileSpecGlob: "/etc/web/**" }],
      dropped: [],
      protectors: null,
    });
  });

  it("tells which protecting module and glob dropped a copy, and a protected-path conflict's protectors", () => {
    const r = stack();
    expect(describePath(r, "/etc/issue").dropped).toEqual([expect.objectContaining({ module: "base", reason: "protected", byModule: "hard", glob: "/etc/issue" })]);
    const shared = describePath(r, "/srv/shared");
    expect(shared.winner).toBeNull();
    expect(shared.protectors).toEqual(["p1", "p2"]);
    expect(shared.dropped.map((d) => d.reason)).toEqual(["protected_conflict", "protected_conflict"]);
  });

  it("for an unlisted path, lists the layers whose globs would select it", () => {
    const story = describePath(stack(), "/etc/web/c.conf");
    expect(story.listed).toBe(false);
    expect(story.selectedBy.map((s) => s.module)).toEqual(["web", "base"]);
  });

  it("normalizes directory arguments", () => {
    expect(normalizeDir("/")).toBe("");
    expect(normalizeDir("etc/")).toBe("/etc");
    expect(normalizeDir("/etc/nginx/")).toBe("/etc/nginx");
  });
});

describe("scale", () => {
  it("builds the index and serves the root of 200,000 paths without touching every path per request", () => {
    const files: string[] = [];
    for (let d = 0; d < 2000; d++) for (let f = 0; f < 100; f++) files.push(`/usr/share/pkg${d}/file${f}`);
    const r = compose(input([mod("big", { fileSpec: ["/usr/**"], files })]));
    const index = buildOverlayIndex(r);
    const root = listChildren(index, { dir: "/usr/share", limit: 50 });
    expect(root.total).toBe(2000);
    expect(root.rows).toHaveLength(50);
    expect(root.rows[0]).toMatchObject({ kind: "dir", files: 100, winner: 0 });
    expect(searchPaths(index, { query: "/usr/share/pkg1999/**", limit: 10 }).total).toBe(100);
  });
});
