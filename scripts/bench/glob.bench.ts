/**
 * Glob benchmark (docs/globs.md).
 *
 * Run with `npm run bench glob` (scripts/bench.ts prints the table).
 *
 * 1. Hostile manifests: validation time of manifests built to make the glob checks slow (long `*?` runs, many
 *    globs at the length and wildcard bounds, globs just small enough to compare, nested `**`, bracket classes,
 *    and an account of 40 modules with maximal protected globs), against validating the 80-line nginx fixture
 *    (server/domain/manifest/fixtures/nginx.manifest.yaml). Median of repeated runs after a warm-up.
 *
 * 2. Glob engine at scale: 10,000 globs against 200,000 paths. The globs are what a large composition has: per
 *    package subtrees (`/usr/lib/<pkg>/**`), wildcard files (`/etc/<pkg>/*.conf`, `/usr/share/doc/<pkg>/*`),
 *    literal files, a few relative masks (`*.pyc`) and `**` globs; the paths are the compose benchmark's
 *    Debian-like trees. Measured: building the directory index (`GlobIndex`, the composer's approach: literal
 *    prefixes and per-directory states, so a path costs one cached directory lookup plus a base-name test) and
 *    finding, for every path, every glob that covers it. Baseline: a `Map` of the 10,000 globs' texts, looked up
 *    once per path — what it would cost if every glob were a literal path. A third row tests every glob against
 *    every path with `covers` (no index) on a sample of 100 paths, scaled to 200,000.
 */
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { compileGlob, type Glob, GlobIndex, lastSegment, MAX_GLOB_LENGTH, MAX_GLOB_WILDCARDS } from "@/server/domain/glob";
import type { AccountContext } from "@/server/domain/manifest/account-checks";
import { validateManifest } from "@/server/domain/manifest/validate";
import { type BenchRow, generateComposition } from "./compose.bench";

const ROOT = path.resolve(import.meta.dirname, "..", "..");

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}

function timeRuns(fn: () => unknown, runs: number, warmup: number): number {
  for (let i = 0; i < warmup; i++) fn();
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    fn();
    times.push(performance.now() - t0);
  }
  return median(times);
}

// ---------------------------------------------------------------------------------------------------------------
// 1. Hostile manifests

const list = (key: string, globs: readonly string[]) => `${key}:\n` + globs.map((g) => `  - "${g}"\n`).join("");
const manifestWith = (...sections: string[]) => "schema_version: 1\nname: hostile\n" + sections.join("");
const starQuestion = (pairs: number, tail: string) => "/" + "*?".repeat(pairs) + tail;
/** As many wildcards as allowed, padded with literal characters to the length bound, starting with a wildcard. */
const atBounds = (i: number, filler: string) =>
  starQuestion(MAX_GLOB_WILDCARDS / 2, filler.repeat(MAX_GLOB_LENGTH - 3 - MAX_GLOB_WILDCARDS - String(i).length) + i);
const range = (n: number) => Array.from({ length: n }, (_, i) => i);

interface HostileCase {
  name: string;
  text: string;
  context?: AccountContext;
}

function hostileCases(): HostileCase[] {
  const decidable = (i: number, filler: string) => starQuestion(MAX_GLOB_WILDCARDS / 2, filler.repeat(95) + i);
  const nested = (i: number, last: string) => "/**/a*" + "/**/*a*".repeat(9) + `/**/${last}${i}`;
  const classes = (i: number, last: string) => "/" + "[a-z]*".repeat(MAX_GLOB_WILDCARDS / 2) + last.repeat(200) + i;
  const other = (m: number) => ({
    name: `m${m}`,
    protectedSpec: range(50).map((i) => atBounds(i, "c")),
    fileSpec: [],
    provides: [],
    requires: [],
    versions: [],
  });
  return [
    {
      name: "*? runs, 3 globs of 1,601 chars (over the length bound)",
      text: manifestWith(list("file_spec", [starQuestion(800, "x")]), list("mask", [starQuestion(800, "y")]), list("protected_spec", [starQuestion(800, "z")])),
    },
    {
      name: "*? runs, 3 globs of 661 chars (over the wildcard bound)",
      text: manifestWith(list("file_spec", [starQuestion(330, "a")]), list("mask", [starQuestion(330, "b")]), list("protected_spec", [starQuestion(330, "c")])),
    },
    {
      name: "100 file_spec × 100 mask globs at the bounds (undecided)",
      text: manifestWith(list("file_spec", range(100).map((i) => atBounds(i, "a"))), list("mask", range(100).map((i) => atBounds(i, "b")))),
    },
    {
      name: "400 × 400 decidable 32-wildcard globs (budget runs out)",
      text: manifestWith(list("file_spec", range(400).map((i) => decidable(i, "a"))), list("mask", range(400).map((i) => decidable(i, "b")))),
    },
    {
      name: "3 × 300 globs of nested ** segments",
      text: manifestWith(
        list("file_spec", range(300).map((i) => nested(i, "x"))),
        list("mask", range(300).map((i) => nested(i, "y"))),
        list("protected_spec", range(300).map((i) => nested(i, "z"))),
      ),
    },
    {
      name: "150 × 150 globs of bracket classes",
      text: manifestWith(
        list("file_spec", range(150).map((i) => classes(i, "x"))),
        list("mask", range(150).map((i) => "/" + "*[!b]".repeat(MAX_GLOB_WILDCARDS / 2) + "y".repeat(200) + i)),
      ),
    },
    {
      name: "200 globs at the bounds vs an account of 40 modules × 50",
      text: manifestWith(list("file_spec", range(100).map((i) => atBounds(i, "a"))), list("protected_spec", range(100).map((i) => atBounds(i, "b")))),
      context: { owner: "acme", modules: range(40).map(other) },
    },
  ];
}

function runHostile(log: (s: string) => void): BenchRow[] {
  const nginx = fs.readFileSync(path.join(ROOT, "server/domain/manifest/fixtures/nginx.manifest.yaml"), "utf8");
  const baselineMs = timeRuns(() => validateManifest({ manifestYaml: nginx, moduleName: "nginx" }), 200, 50);
  const rows: BenchRow[] = [];
  for (const c of hostileCases()) {
    const result = validateManifest({ manifestYaml: c.text }, c.context);
    const codes = new Map<string, number>();
    for (const issue of [...result.errors, ...result.warnings, ...result.conflicts]) codes.set(issue.code, (codes.get(issue.code) ?? 0) + 1);
    const ms = timeRuns(() => validateManifest({ manifestYaml: c.text }, c.context), 15, 3);
    rows.push({
      name: `hostile: ${c.name}`,
      medianMs: round(ms),
      baselineMs: round(baselineMs),
      ratio: round(ms / baselineMs),
      extra: {
        kB: Math.round(Buffer.byteLength(c.text) / 1024),
        issues: [...codes].map(([code, n]) => `${code}×${n}`).join(","),
      },
    });
    log(`${c.name}: ${round(ms)} ms (nginx fixture ${round(baselineMs)} ms)`);
  }
  return rows;
}

// ---------------------------------------------------------------------------------------------------------------
// 2. The engine at scale

/** 10,000 globs shaped like a large composition's, drawn deterministically from the paths. */
function generateGlobs(paths: readonly string[], count: number): string[] {
  const packages = new Set<string>();
  for (const p of paths) {
    const m = /^\/usr\/lib\/([^/]+)\//.exec(p);
    if (m) packages.add(m[1]!);
  }
  const pkgs = [...packages];
  const out = new Set<string>(["*.pyc", "__pycache__/", "/usr/share/man/**", "/usr/share/doc/*/changelog*", "/usr/lib/**/*.a", "/etc/**/*.dpkg-old"]);
  let k = 0;
  while (out.size < count) {
    const pkg = pkgs[k % pkgs.length]!;
    const sample = paths[(k * 7919) % paths.length]!;
    switch (k % 8) {
      case 0:
        out.add(`/usr/lib/${pkg}/**`);
        break;
      case 1:
        out.add(`/etc/${pkg}/*.conf`);
        break;
      case 2:
        out.add(`/usr/share/doc/${pkg}/*`);
        break;
      case 3:
        out.add(`/usr/share/${pkg}/core0/*.json`);
        break;
      case 4:
      case 5:
        out.add(sample);
        break;
      case 6:
        out.add(`/usr/lib/${pkg}/*/lib${k % 50}*.so*`);
        break;
      default:
        out.add(`${sample.slice(0, sample.lastIndexOf("/"))}/`);
    }
    k++;
  }
  return [...out];
}

interface Entry {
  readonly glob: Glob;
  readonly last: ReturnType<typeof lastSegment>;
  readonly id: number;
}

function coveringByIndex(globs: readonly Glob[], paths: readonly string[]): number {
  const index = new GlobIndex<Entry>(globs.map((glob, id) => ({ glob, last: lastSegment(glob), id })));
  let hits = 0;
  for (const p of paths) {
    const slash = p.lastIndexOf("/");
    const state = index.stateFor(p.slice(0, slash));
    hits += state.all.length;
    state.forEachFileMatch(p.slice(slash + 1), () => hits++);
  }
  return hits;
}

function runEngine(log: (s: string) => void): BenchRow[] {
  const input = generateComposition({ modules: 50, totalPaths: 230_000 });
  const paths = [...new Set(input.modules.flatMap((m) => m.files ?? []))].slice(0, 200_000);
  const sources = generateGlobs(paths, 10_000);
  const globs = sources.map(compileGlob);
  if (paths.length !== 200_000 || globs.length !== 10_000) throw new Error(`bench data: ${paths.length} paths, ${globs.length} globs`);

  // The index must give the same verdicts as testing every glob (checked on a sample, outside the timing).
  const sample = paths.filter((_, i) => i % 2000 === 0);
  const naive = (ps: readonly string[]) => {
    let hits = 0;
    for (const p of ps) for (const g of globs) if (g.covers(p)) hits++;
    return hits;
  };
  if (coveringByIndex(globs, sample) !== naive(sample)) throw new Error("the directory index disagrees with covers()");

  const baseline = () => {
    const map = new Map<string, number>();
    sources.forEach((s, i) => map.set(s, i));
    let hits = 0;
    for (const p of paths) if (map.get(p) !== undefined) hits++;
    return hits;
  };
  const baselineMs = timeRuns(baseline, 11, 3);
  const indexMs = timeRuns(() => coveringByIndex(globs, paths), 7, 2);
  const naiveSampleMs = timeRuns(() => naive(sample), 1, 0);
  const hits = coveringByIndex(globs, paths);
  log(`index: ${round(indexMs)} ms, map: ${round(baselineMs)} ms, covers() on ${sample.length} paths: ${round(naiveSampleMs)} ms`);
  const scale = paths.length / sample.length;
  return [
    {
      name: "glob engine: 10,000 globs × 200,000 paths, directory index (build + every covering glob)",
      medianMs: round(indexMs),
      baselineMs: round(baselineMs),
      ratio: round(indexMs / baselineMs),
      extra: { coveringPairs: hits, globs: globs.length, paths: paths.length },
    },
    {
      name: "glob engine: 10,000 globs × 200,000 paths, covers() per glob and path (no index)",
      medianMs: round(naiveSampleMs * scale),
      baselineMs: round(baselineMs),
      ratio: round((naiveSampleMs * scale) / baselineMs),
      extra: { sampled: `${sample.length} paths ×${scale}` },
    },
  ];
}

export async function runGlobBench(opts: { log?: (s: string) => void } = {}): Promise<BenchRow[]> {
  const log = opts.log ?? (() => {});
  return [...runHostile(log), ...runEngine(log)];
}
