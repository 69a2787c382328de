/**
 * Composition engine benchmark.
 *
 *   npx tsx scripts/bench/compose.bench.ts           # prints a table
 *   import { runComposeBench } from "./compose.bench" # used by scripts/bench.ts
 *
 * Synthetic but realistic compositions, generated deterministically (seeded PRNG): Debian-like trees
 * (`/usr/lib/<pkg>/…`, `/usr/share/doc/<pkg>/…`, `/etc/<pkg>/…`, `/usr/bin/…`), ~7% of paths contested
 * (shared libraries, locale files, config modules overriding their parent's /etc files), file_spec such as
 * `/usr/**` or `/etc/nginx/**`, masks such as `/usr/share/man/**` and `*.pyc`, protected_spec literals and
 * subtrees, some of which other modules' file lists reach into.
 *
 * Baseline: inserting every path of every file list once into a fresh Map (`map.set(path, i)`).
 * Memory: `retainedHeapMB` is heapUsed with the result alive minus heapUsed before, both after a forced GC
 * (GC is reached through v8.setFlagsFromString('--expose-gc')); `peakRssMB` is process.resourceUsage().maxRSS,
 * the process-wide peak resident set so far (inputs included), read after the case.
 */
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";
import v8 from "node:v8";
import vm from "node:vm";
import { compose } from "@/server/domain/composition/compose";
import type { ComposeInput, ComposeModule, Variety } from "@/server/domain/composition/types";

export interface BenchRow {
  name: string;
  medianMs: number;
  baselineMs: number;
  ratio: number;
  extra?: Record<string, string | number>;
}

function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const CATEGORIES: Record<string, number> = {
  "system-base": 10,
  "security-hardening": 20,
  "network-overlay": 60,
  "container-runtimes": 70,
  userland: 90,
};
const SLUGS = Object.keys(CATEGORIES);
const EXT = ["so", "py", "json", "txt", "conf", "gz", "png", "h", "pyc", "mo"];
const WORDS = ["core", "util", "net", "io", "data", "proto", "cache", "plugin", "extra", "common", "tools", "lib"];

export interface GenerateOptions {
  modules: number;
  totalPaths: number;
  seed?: number;
  /** Fraction of each module's list drawn from shared paths (contested). Default 0.07. */
  sharedFraction?: number;
}

/** A deterministic composition with file lists summing to `totalPaths` entries. */
export function generateComposition(opts: GenerateOptions): ComposeInput {
  const rnd = mulberry32(opts.seed ?? 42);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  const perModule = Math.floor(opts.totalPaths / opts.modules);
  const sharedFraction = opts.sharedFraction ?? 0.07;

  // Shared pool: paths several modules ship (multiarch libraries, locales, common configs).
  const shared: string[] = [];
  const poolSize = Math.max(200, Math.floor(opts.totalPaths * sharedFraction * 0.5));
  for (let i = 0; i < poolSize; i++) {
    const kind = i % 4;
    if (kind === 0) shared.push(`/usr/lib/x86_64-linux-gnu/libshared${i % 997}.so.${i}`);
    else if (kind === 1) shared.push(`/usr/share/locale/l${i % 61}/LC_MESSAGES/shared${i}.mo`);
    else if (kind === 2) shared.push(`/etc/common/conf${i % 37}.d/${i}.conf`);
    else shared.push(`/usr/share/zoneinfo/z${i % 23}/zone${i}`);
  }

  const modules: ComposeModule[] = [];
  for (let m = 0; m < opts.modules; m++) {
    const name = `mod-${String(m).padStart(3, "0")}`;
    const isConfig = m > 0 && m % 10 === 9;
    const variety: Variety = isConfig ? "config" : m % 25 === 7 ? "instance" : "subscription";
    const category = isConfig ? modules[m - 1]!.category : pick(SLUGS);
    const pkgs = Array.from({ length: Math.max(1, Math.round(perModule / 400)) }, (_, i) => `${name}-p${i}`);
    const files: string[] = [];
    const ownTarget = Math.round(perModule * (1 - sharedFraction));
    if (isConfig) {
      // A config module overrides part of its parent's /etc tree.
      const parentFiles = modules[m - 1]!.files!.filter((p) => p.startsWith("/etc/"));
      for (let i = 0; i < parentFiles.length && files.length < ownTarget / 4; i += 2) files.push(parentFiles[i]!);
    }
    let n = 0;
    while (files.length < ownTarget) {
      const pkg = pkgs[n % pkgs.length]!;
      const sub = pick(WORDS);
      const depth = 1 + Math.floor(rnd() * 3);
      let dir = "";
      const root = rnd();
      if (root < 0.55) dir = `/usr/lib/${pkg}`;
      else if (root < 0.7) dir = `/usr/share/${pkg}`;
      else if (root < 0.8) dir = `/usr/share/doc/${pkg}`;
      else if (root < 0.9) dir = `/etc/${pkg}`;
      else if (root < 0.95) dir = `/usr/lib/python3/dist-packages/${pkg.replace(/-/g, "_")}`;
      else dir = `/usr/share/man/man${1 + (n % 8)}`;
      for (let d = 0; d < depth; d++) dir += `/${sub}${d}`;
      const inDir = 5 + Math.floor(rnd() * 40);
      for (let f = 0; f < inDir && files.length < ownTarget; f++) files.push(`${dir}/${pick(WORDS)}${n}_${f}.${pick(EXT)}`);
      n++;
    }
    const sharedCount = perModule - files.length;
    const start = Math.floor(rnd() * shared.length);
    for (let i = 0; i < sharedCount; i++) files.push(shared[(start + i * 7) % shared.length]!);

    const mainPkg = pkgs[0]!;
    const fileSpec = m % 3 === 0 ? ["/usr/**", "/etc/**"] : [`/usr/lib/**`, "/usr/share/**", "/usr/bin/*", "/etc/**"];
    const mask = m % 4 === 0 ? ["/usr/share/man/**", "*.pyc"] : m % 4 === 1 ? ["/usr/share/doc/*/changelog*"] : [];
    const protectedSpec = [`/etc/${mainPkg}/core0/core${m}_0.conf`, `/etc/${mainPkg}/secrets/**`];
    if (m % 17 === 3) protectedSpec.push(`/etc/common/conf${m % 37}.d/**`);
    modules.push({
      name,
      category,
      variety,
      parentModule: isConfig ? modules[m - 1]!.name : null,
      priority: Math.floor(rnd() * 1000),
      version: `1.${m % 7}.${m % 3}`,
      fileSpec,
      mask,
      protectedSpec,
      requires: m > 0 && m % 5 === 0 ? [`bench/${modules[m - 1]!.name}@^1.0`] : [],
      provides: [`svc.${name}`],
      files,
    });
  }
  // Flat, independently allocated strings, as if read from the database.
  const flat = JSON.parse(JSON.stringify(modules)) as ComposeModule[];
  return { owner: "bench", categories: CATEGORIES, modules: flat };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 === 1 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function getGc(): () => void {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g) return g;
  v8.setFlagsFromString("--expose-gc");
  return vm.runInNewContext("gc") as () => void;
}

function baseline(input: ComposeInput): number {
  const t0 = performance.now();
  const map = new Map<string, number>();
  let i = 0;
  for (const m of input.modules) for (const p of m.files ?? []) map.set(p, i++);
  const t = performance.now() - t0;
  if (map.size === 0) throw new Error("empty baseline");
  return t;
}

interface Case {
  name: string;
  modules: number;
  paths: number;
  runs: number;
}

const CASES: Case[] = [
  { name: "50 modules / 100k paths", modules: 50, paths: 100_000, runs: 11 },
  { name: "50 modules / 200k paths", modules: 50, paths: 200_000, runs: 11 },
  { name: "50 modules / 400k paths", modules: 50, paths: 400_000, runs: 7 },
  { name: "200 modules / 1M paths", modules: 200, paths: 1_000_000, runs: 5 },
];

export async function runComposeBench(opts: { cases?: Case[]; log?: (s: string) => void } = {}): Promise<BenchRow[]> {
  const gc = getGc();
  const rows: BenchRow[] = [];
  const cases = opts.cases ?? CASES;
  for (const c of cases) {
    const input = generateComposition({ modules: c.modules, totalPaths: c.paths });
    const listed = input.modules.reduce((s, m) => s + (m.files?.length ?? 0), 0);
    // Warm up both (JIT, string hashes).
    baseline(input);
    compose(input);
    const times: number[] = [];
    const bases: number[] = [];
    for (let r = 0; r < c.runs; r++) {
      gc();
      bases.push(baseline(input));
      gc();
      const t0 = performance.now();
      compose(input);
      times.push(performance.now() - t0);
    }
    gc();
    const heap0 = process.memoryUsage().heapUsed;
    const result = compose(input);
    const heapAfterRun = process.memoryUsage().heapUsed;
    gc();
    const heap1 = process.memoryUsage().heapUsed;
    const medianMs = median(times);
    const baselineMs = median(bases);
    rows.push({
      name: c.name,
      medianMs: round(medianMs),
      baselineMs: round(baselineMs),
      ratio: round(medianMs / baselineMs),
      extra: {
        listedPaths: listed,
        uniquePaths: result.overlay.pathCount,
        contestedPct: round((100 * result.overlay.contestedCount) / result.overlay.pathCount),
        conflicts: result.conflicts.length,
        minMs: round(Math.min(...times)),
        maxMs: round(Math.max(...times)),
        runs: c.runs,
        nsPerPath: round((medianMs * 1e6) / listed),
        retainedHeapMB: round((heap1 - heap0) / 2 ** 20),
        heapGrowthDuringRunMB: round((heapAfterRun - heap0) / 2 ** 20),
        peakRssMB: round(process.resourceUsage().maxRSS / 1024),
      },
    });
    opts.log?.(`${c.name}: median ${round(medianMs)} ms (baseline ${round(baselineMs)} ms)`);
  }
  return rows;
}

function round(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Growth between consecutive sizes, compared with n log n. */
export function growthTable(rows: BenchRow[]): string[] {
  const out: string[] = [];
  for (let i = 1; i < rows.length; i++) {
    const a = rows[i - 1]!;
    const b = rows[i]!;
    const na = Number(a.extra?.listedPaths);
    const nb = Number(b.extra?.listedPaths);
    const nlogn = (nb * Math.log(nb)) / (na * Math.log(na));
    const t = b.medianMs / a.medianMs;
    out.push(
      `${a.name} → ${b.name}: paths ×${round(nb / na)}, time ×${round(t)}, n log n ×${round(nlogn)} ${t <= nlogn * 1.1 ? "(ok)" : "(WORSE than n log n)"}`,
    );
  }
  return out;
}

async function main(): Promise<void> {
  const rows = await runComposeBench({ log: (s) => process.stderr.write(s + "\n") });
  const header = ["case", "median ms", "baseline ms", "ratio", "min/max ms", "ns/path", "unique", "contested %", "retained MB", "peak RSS MB"];
  const table = rows.map((r) => [
    r.name,
    String(r.medianMs),
    String(r.baselineMs),
    `${r.ratio}×`,
    `${r.extra?.minMs}/${r.extra?.maxMs}`,
    String(r.extra?.nsPerPath),
    String(r.extra?.uniquePaths),
    String(r.extra?.contestedPct),
    String(r.extra?.retainedHeapMB),
    String(r.extra?.peakRssMB),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...table.map((row) => row[i]!.length)));
  const line = (cells: string[]): string => cells.map((c, i) => c.padEnd(widths[i]!)).join("  ");
  console.log(line(header));
  console.log(widths.map((w) => "-".repeat(w)).join("  "));
  for (const row of table) console.log(line(row));
  console.log("");
  for (const g of growthTable(rows)) console.log(g);
  const target = rows.find((r) => r.name.includes("200k"));
  if (target)
    console.log(
      `\ntarget 200k: median ${target.medianMs} ms (≤ 300: ${target.medianMs <= 300 ? "met" : "MISSED"}), ratio ${target.ratio}× (≤ 10: ${target.ratio <= 10 ? "met" : "MISSED"})`,
    );
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? "").href) {
  main().catch((err: unknown) => {
    console.error(err);
    process.exit(1);
  });
}
