import { describe, expect, it } from "vitest";
import { segmentMatches } from "./match";
import { compileGlob } from "./parse";

describe("matches: the glob matches the path itself", () => {
  it.each([
    ["/etc/**", "/etc/nginx/nginx.conf", true],
    ["/etc/**", "/etc", true],
    ["/etc/**", "/etcetera/x", false],
    ["/etc/*", "/etc/nginx/nginx.conf", false],
    ["/etc/*", "/etc/.hidden", true],
    ["/**/nginx.conf", "/nginx.conf", true],
    ["/**/nginx.conf", "/etc/nginx/nginx.conf", true],
    ["/etc/**/*.conf", "/etc/x.conf", true],
    ["/usr/lib/x*/**", "/usr/lib/x86_64", true],
    ["/etc/[!a]*", "/etc/bcd", true],
    ["/etc/[!a]*", "/etc/abc", false],
    ["/etc/[^a]*", "/etc/abc", false],
    ["/etc/file?.txt", "/etc/file1.txt", true],
    ["/etc/file?.txt", "/etc/file/.txt", false],
    ["/etc/a.b", "/etc/aXb", false],
    ["/etc/(x)+|$^", "/etc/(x)+|$^", true],
    ["/etc/{a,b}", "/etc/{a,b}", true],
    ["/etc/{a,b}", "/etc/a", false],
    ["/etc/\\*", "/etc/*", true],
    ["/etc/\\*", "/etc/x", false],
    ["/etc/a**b", "/etc/a/x/b", false],
    ["/etc/nginx", "/etc/nginx/nginx.conf", false],
    // a trailing / names directories: a path ending in / is a directory
    ["/etc/nginx/", "/etc/nginx", false],
    ["/etc/nginx/", "/etc/nginx/", true],
    ["/etc/nginx", "/etc/nginx/", true],
    ["/", "/", true],
    ["/", "/x", false],
    ["*.pyc", "/a/b/c.pyc", true],
    ["cache/*.bin", "/var/cache/a.bin", true],
    // empty path segments are ignored
    ["/a/b", "/a//b", true],
  ])("%s ~ %s → %s", (glob, path, expected) => {
    expect(compileGlob(glob).matches(path)).toBe(expected);
  });
});

describe("covers: the glob matches the path or an ancestor directory (what file lists select)", () => {
  it.each([
    ["/etc/passwd", "/etc/passwd", true],
    ["/etc/passwd", "/etc/passwd2", false],
    ["/etc/passwd", "/etc/passw", false],
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
    ["/etc/[a-c]x", "/etc/bx", true],
    ["/etc/[[:digit:]]x", "/etc/7x", true],
    ["/etc/[[:digit:]]x", "/etc/ax", false],
    ["/etc/*", "/etc/.hidden", true],
    ["/home/*/.ssh/**", "/home/bob/.ssh/id_ed25519", true],
    // relative globs float: they match at any depth
    ["*.pyc", "/usr/lib/python3/x.pyc", true],
    ["*.pyc", "/x.pyc", true],
    ["*.pyc", "/usr/lib/x.py", false],
    ["__pycache__", "/usr/lib/python3/__pycache__/a.pyc", true],
    ["cache/*.bin", "/var/lib/app/cache/a.bin", true],
    ["cache/*.bin", "/var/lib/app/xcache/a.bin", false],
    // a trailing / selects directories only
    ["/etc/nginx/", "/etc/nginx/nginx.conf", true],
    ["/etc/nginx/", "/etc/nginx", false],
    ["/etc/nginx", "/etc/nginx", true],
    // rsync's *** is the directory and everything below
    ["/opt/app/***", "/opt/app/bin/run", true],
    ["/opt/app/***", "/opt/app", true],
    // rsync has no braces or extglobs: these characters are literal
    ["/opt/(x)", "/opt/(x)", true],
    ["/opt/(a|b)", "/opt/a", false],
    ["/opt/a+", "/opt/aa", false],
    ["/opt/a+", "/opt/a+", true],
    ["/opt/@(x)", "/opt/@(x)", true],
    ["/opt/*(x)", "/opt/ab(x)", true],
    ["/opt/a]", "/opt/a]", true],
    // `**` inside a segment behaves like `*`…
    ["/opt/foo**", "/opt/foobar", true],
    ["/opt/foo**.c", "/opt/foo/bar.c", false],
    // …but a segment that matches a directory covers everything below it
    ["/opt/foo**", "/opt/foo/bar", true],
    ["/", "/anything/at/all", true],
    ["/**", "/x", true],
    ["/a//b", "/a/b", true],
  ])("%s covers %s → %s", (glob, path, expected) => {
    expect(compileGlob(glob).covers(path)).toBe(expected);
  });
});

describe("matching without backtracking", () => {
  it("a pathological glob against a long name answers at once (a backtracking regex takes minutes)", () => {
    const glob = compileGlob(`/x/${"*a".repeat(14)}b`);
    const started = performance.now();
    expect(glob.covers(`/x/${"a".repeat(200)}`)).toBe(false);
    expect(glob.covers(`/x/${"a".repeat(200)}b`)).toBe(true);
    const worst = compileGlob(`/${"*?".repeat(16)}b`);
    for (let i = 0; i < 100; i++) expect(worst.matches(`/${"a".repeat(4000)}`)).toBe(false);
    const deep = compileGlob(`/**/a/**/a/**/a/**/a/**/a/**/b`);
    expect(deep.matches("/a".repeat(2000))).toBe(false);
    // A hang guard with a generous bound; speed belongs to the benchmark.
    expect(performance.now() - started).toBeLessThan(2000);
  });

  it("tests one segment name against a segment pattern", () => {
    const seg = compileGlob("/lib*.so.[0-9]*").segments[0]!;
    expect(segmentMatches(seg, "libssl.so.3")).toBe(true);
    expect(segmentMatches(seg, "libssl.so")).toBe(false);
    expect(segmentMatches(compileGlob("/*").segments[0]!, "")).toBe(false);
  });
});
