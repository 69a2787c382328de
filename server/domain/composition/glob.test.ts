import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { compileGlob, createGlobMatcher, globCovers, globMatches, globsOverlap } from "./glob";
import { GlobIndex, lastSegment } from "./glob-index";

describe("globMatches (rsync-style)", () => {
  it.each([
    ["/etc/passwd", "/etc/passwd", true],
    ["/etc/passwd", "/etc/passwd2", false],
    ["/etc/passwd", "/etc/passw", false],
    // a glob selecting a directory selects its subtree
    ["/etc/nginx", "/etc/nginx/nginx.conf", true],
    ["/etc/nginx", "/etc/nginx-extra/x", false],
    ["/usr/**", "/usr/bin/ls", true],
    ["/usr/**", "/usr/lib/x86_64-linux-gnu/libc.so.6", true],
    ["/usr/**", "/usrx/a", false],
    ["/usr/**", "/etc/usr/a", false],
    ["/usr/lib/*", "/usr/lib/libc.so", true],
    ["/usr/lib/*", "/usr/lib/python3/x.py", true],
    ["/usr/lib/*.so", "/usr/lib/python3/x.so", false],
    ["/usr/lib/*.so", "/usr/lib/libz.so", true],
    ["/etc/*.conf", "/etc/nginx/nginx.conf", false],
    ["/usr/share/doc/*/copyright", "/usr/share/doc/nginx/copyright", true],
    ["/usr/share/doc/*/copyright", "/usr/share/doc/nginx/changelog", false],
    ["/usr/**/bin/*", "/usr/bin/ls", true],
    ["/usr/**/bin/*", "/usr/local/x/bin/ls", true],
    ["/usr/**/bin/*", "/usr/local/sbin/ls", false],
    ["/etc/?.conf", "/etc/a.conf", true],
    ["/etc/?.conf", "/etc/ab.conf", false],
    ["/etc/[ab].conf", "/etc/b.conf", true],
    ["/etc/[ab].conf", "/etc/c.conf", false],
    ["/etc/[!a].conf", "/etc/b.conf", true],
    ["/etc/[!a].conf", "/etc/a.conf", false],
    ["/etc/[^a].conf", "/etc/a.conf", false],
    ["/etc/[a-c]x", "/etc/bx", true],
    ["/etc/[[:digit:]]x", "/etc/7x", true],
    ["/etc/[[:digit:]]x", "/etc/ax", false],
    // dot files are ordinary files
    ["/etc/*", "/etc/.hidden", true],
    ["/home/*/.ssh/**", "/home/bob/.ssh/id_ed25519", true],
    // floating globs (no leading /) match at any depth
    ["*.pyc", "/usr/lib/python3/x.pyc", true],
    ["*.pyc", "/x.pyc", true],
    ["*.pyc", "/usr/lib/x.py", false],
    ["__pycache__", "/usr/lib/python3/__pycache__/a.pyc", true],
    ["cache/*.bin", "/var/lib/app/cache/a.bin", true],
    ["cache/*.bin", "/var/lib/app/xcache/a.bin", false],
    // trailing / = directories only
    ["/etc/nginx/", "/etc/nginx/nginx.conf", true],
    ["/etc/nginx/", "/etc/nginx", false],
    ["/etc/nginx", "/etc/nginx", true],
    // rsync's *** = the directory and everything below
    ["/opt/app/***", "/opt/app/bin/run", true],
    // rsync has no braces or extglobs: these characters are literal
    ["/etc/{a,b}", "/etc/{a,b}", true],
    ["/etc/{a,b}", "/etc/a", false],
    ["/opt/(x)", "/opt/(x)", true],
    ["/opt/(a|b)", "/opt/a", false],
    ["/opt/a+", "/opt/aa", false],
    ["/opt/a+", "/opt/a+", true],
    ["/opt/@(x)", "/opt/@(x)", true],
    ["!/etc/x", "/!/etc/x", true],
    ["/opt/*(x)", "/opt/ab(x)", true],
    // escapes
    ["/opt/\\*", "/opt/*", true],
    ["/opt/\\*", "/opt/a", false],
    ["/opt/[", "/opt/[", true],
    // `**` inside a segment behaves like `*`
    ["/opt/foo**", "/opt/foobar", true],
    ["/opt/foo**.c", "/opt/foo/bar.c", false],
    // …but a segment that matches a directory selects everything below it
    ["/opt/foo**", "/opt/foo/bar", true],
    ["/", "/anything/at/all", true],
    ["/**", "/x", true],
    ["/a//b", "/a/b", true],
  ])("%s vs %s → %s", (glob, path, expected) => {
    expect(globMatches(glob, path)).toBe(expected);
  });

  it("an empty glob matches nothing and says why", () => {
    const g = compileGlob("");
    expect(g.kind).toBe("none");
    expect(g.problem).toMatch(/empty/);
    expect(globMatches(g, "/etc/x")).toBe(false);
  });

  it("rejects globs deeper than 30 segments", () => {
    const deep = "/" + Array.from({ length: 31 }, (_, i) => `d${i}`).join("/");
    const g = compileGlob(deep);
    expect(g.kind).toBe("none");
    expect(g.problem).toMatch(/30 segments/);
  });

  it("classifies globs", () => {
    expect(compileGlob("/usr/**").kind).toBe("literal");
    expect(compileGlob("/usr/**").literalPrefix).toBe("/usr");
    expect(compileGlob("/etc/passwd").kind).toBe("literal");
    expect(compileGlob("/**").kind).toBe("all");
    expect(compileGlob("/usr/lib/*.so").kind).toBe("pattern");
    expect(compileGlob("/usr/lib/*.so").literalPrefix).toBe("/usr/lib");
    expect(compileGlob("*.pyc").floating).toBe(true);
  });

  it("createGlobMatcher returns the first matching glob", () => {
    const m = createGlobMatcher(["/etc/ssh/**", "/etc/**", "*.conf"]);
    expect(m("/etc/ssh/sshd_config")).toBe(0);
    expect(m("/etc/hosts")).toBe(1);
    expect(m("/opt/x.conf")).toBe(2);
    expect(m("/opt/x")).toBe(-1);
  });
});

describe("globsOverlap", () => {
  it.each([
    ["/etc/**", "/etc/ssh/sshd_config", true],
    ["/etc/ssh/sshd_config", "/etc/ssh/sshd_config", true],
    ["/etc/ssh/sshd_config", "/etc/ssh/ssh_config", false],
    ["/etc/*.conf", "/etc/*.pyc", false],
    ["/etc/*.conf", "/etc/nginx*", true],
    ["/usr/lib/*", "/usr/share/**", false],
    ["*.pyc", "/usr/**", true],
    ["/usr/*.pyc", "/usr/lib", false],
    // every glob also selects the subtree of a matching directory, so a floating glob reaches below it
    ["*.pyc", "/usr/lib/*.py", true],
    ["/a/x*", "/a/*y", true],
    ["/a/[ab]", "/a/[cd]", false],
    ["/a/[ab]", "/a/[!a]", true],
    ["/a/[!a]", "/a/[!b]", true],
    ["/etc/nginx/", "/etc/nginx", true],
    ["/etc/nginx/", "/etc/nginx/nginx.conf", true],
    ["/usr/lib/*", "/usr/lib/x/y", true],
    ["/usr/**/bin", "/usr/local/bin/x", true],
    ["/usr/**/bin/x", "/usr/local/sbin/*", true],
    ["/usr/**/bin/x", "/opt/*", false],
    ["/opt/?", "/opt/ab", false],
    ["/opt/?", "/opt/a*", true],
    ["/", "/x", true],
    ["", "/x", false],
  ])("%s ∩ %s → %s", (a, b, expected) => {
    expect(globsOverlap(a, b)).toBe(expected);
    expect(globsOverlap(b, a)).toBe(expected);
  });
});

describe("globCovers", () => {
  it.each([
    ["/usr/share/doc/**", "/usr/share/doc/*/copyright", true],
    ["/usr/share/doc", "/usr/share/doc/x", true],
    ["/usr/share/doc/**", "/usr/share/**", false],
    ["/**", "/anything/*.x", true],
    ["/etc/x/", "/etc/x", false],
    ["/etc/x/", "/etc/x/y", true],
    ["*.pyc", "*.pyc", true],
    ["*.pyc", "/usr/**", false],
  ])("%s ⊇ %s → %s", (outer, inner, expected) => {
    expect(globCovers(outer, inner)).toBe(expected);
  });
});

// ---------------------------------------------------------------------------------------------------------
// Property tests over a small alphabet so that random globs and paths actually meet.

const name = fc.constantFrom("a", "b", "ab", "ba", ".x", "a.c");
const segmentGlob = fc.constantFrom("a", "b", "ab", "*", "a*", "*b", "?", "[ab]", "[!a]", "**", "*.c", ".x");
const pathArb = fc.array(name, { minLength: 1, maxLength: 5 }).map((s) => "/" + s.join("/"));
const globArb = fc
  .tuple(fc.array(segmentGlob, { minLength: 1, maxLength: 4 }), fc.boolean(), fc.boolean())
  .map(([segs, floating, dirOnly]) => (floating ? "" : "/") + segs.join("/") + (dirOnly ? "/" : ""));

describe("properties", () => {
  it("globsOverlap is sound: a path matched by both globs implies overlap", () => {
    fc.assert(
      fc.property(globArb, globArb, pathArb, (a, b, p) => {
        if (globMatches(a, p) && globMatches(b, p)) expect(globsOverlap(a, b)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("globCovers is sound: covered globs select nothing the cover misses", () => {
    fc.assert(
      fc.property(globArb, globArb, pathArb, (a, b, p) => {
        if (globCovers(a, b) && globMatches(b, p)) expect(globMatches(a, p)).toBe(true);
      }),
      { numRuns: 3000 },
    );
  });

  it("the directory-cached index agrees with the reference matcher", () => {
    fc.assert(
      fc.property(fc.array(globArb, { minLength: 1, maxLength: 6 }), fc.array(pathArb, { maxLength: 20 }), (globs, paths) => {
        const entries = globs.map((g, i) => {
          const glob = compileGlob(g);
          return { glob, last: lastSegment(glob), i };
        });
        const index = new GlobIndex(entries);
        for (const p of paths) {
          const slash = p.lastIndexOf("/");
          const state = index.stateFor(p.slice(0, slash));
          const hit = new Set(state.all.map((e) => e.i));
          state.forEachFileMatch(p.slice(slash + 1), (e) => hit.add(e.i));
          const expected = new Set(entries.filter((e) => globMatches(e.glob, p)).map((e) => e.i));
          expect([...hit].sort()).toEqual([...expected].sort());
        }
      }),
      { numRuns: 1500 },
    );
  });
});
