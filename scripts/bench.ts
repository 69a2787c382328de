/**
 * `npm run bench [-- <suite> ...]`: runs the benchmark suites and prints every figure with its baseline and the
 * ratio to it. Suites live in scripts/bench/<name>.bench.ts and are registered below. Benchmarks measure speed;
 * tests never do.
 */
import type { BenchRow } from "./bench/compose.bench";
import { runComposeBench } from "./bench/compose.bench";
import { runGlobBench } from "./bench/glob.bench";
import { runModulesListBench } from "./bench/modules-list.bench";
import { runManifestBench } from "./bench/manifest.bench";
import { runCliBench } from "./bench/cli.bench";
import { fleetBenchOptions, runFleetBench } from "./bench/fleet.bench";
import { runMcpBench } from "./bench/mcp.bench";
import { runIngestBench } from "./bench/ingest.bench";
import { runScaleBench, scaleBenchOptions } from "./bench/scale.bench";
import { runUiBench } from "./bench/ui.bench";

interface Suite {
  name: string;
  description: string;
  /** `options`: the `--name value` arguments, for suites that take any (`fleet --instances 2000 --duration 20`). */
  run: (options: Readonly<Record<string, string>>) => Promise<BenchRow[]>;
}

const suites: Suite[] = [
  { name: "compose", description: "composition engine vs inserting every path into a Map", run: () => runComposeBench() },
  {
    name: "modules-list",
    description: "modules.list on seed:large in a throwaway PostgreSQL 15, 200 varied calls vs a bare 50-row SELECT",
    run: () => runModulesListBench(),
  },
  {
    name: "glob",
    description:
      "hostile manifests' validation vs the 80-line nginx fixture; 10,000 globs × 200,000 paths through the directory index vs a Map lookup per path",
    run: () => runGlobBench(),
  },
  {
    name: "manifest",
    description: "validateManifest vs a bare YAML.parseDocument of the same text (target ≤ 3×); browser keystroke→markers vs 100 ms",
    run: () => runManifestBench(),
  },
  {
    name: "cli",
    description: "`strata validate` as a whole process vs a bare `node -e` that imports yaml and parses the same file (target ≤ 1.5×, wall and CPU)",
    run: () => runCliBench(),
  },
  {
    name: "fleet",
    description:
      "the agent API under 10,000 simulated instances (heartbeat + desired-state poll every 30 s) against one `npm start`, on PostgreSQL 15 and PGlite, vs the same fleet against a trivial Node http server (--instances, --duration, --interval, --fail-rate, --engine)",
    run: (options) => runFleetBench(fleetBenchOptions(options)),
  },
  {
    name: "mcp",
    description: "a tools/call over HTTP on the demo data (fresh server per request) vs the same operation through its REST twin",
    run: () => runMcpBench(),
  },
  {
    name: "ingest",
    description:
      "signed ingest: one bundle's verification vs a bare ECDSA verify; a first poll of 50 signed tags and a re-poll against a loopback docker-registry vs bare fetches of the same registry calls",
    run: () => runIngestBench(),
  },
  {
    name: "scale",
    description:
      "every list and lookup on `seed:large --scale N` (default 10) in a throwaway PostgreSQL 15: p50/p95 of 200 varied calls vs a bare 50-row SELECT, target p95 ≤ 100 ms (--scale, --cases, --explain <file>)",
    run: (options) => runScaleBench(scaleBenchOptions(options)),
  },
  {
    name: "ui",
    description:
      "per console route in Chromium against `npm start` on the demo data (warm server, cold browser cache, median of 5): ms to the first data row (the editor's first text) and the first-load JavaScript (gzip kB) vs the 250 kB target (the JS rows read kB, not ms; the manifest editor may ship Monaco)",
    run: () => runUiBench(),
  },
];

function format(rows: BenchRow[]): string {
  const header = ["case", "median ms", "baseline ms", "ratio", "extra"];
  const lines = rows.map((row) => [
    row.name,
    row.medianMs.toFixed(1),
    row.baselineMs.toFixed(1),
    `${row.ratio.toFixed(2)}×`,
    Object.entries(row.extra ?? {})
      .map(([k, v]) => `${k}=${v}`)
      .join(" "),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...lines.map((l) => (l[i] ?? "").length)));
  return [header, ...lines].map((cols) => cols.map((c, i) => c.padEnd(widths[i] ?? 0)).join("  ")).join("\n");
}

/** Suite names, and `--name value` (or `--name=value`) options handed to the suites. */
function parseBenchArgs(argv: readonly string[]): { wanted: string[]; options: Record<string, string> } {
  const wanted: string[] = [];
  const options: Record<string, string> = {};
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] ?? "";
    if (!arg.startsWith("-")) wanted.push(arg);
    else if (arg.startsWith("--") && arg.includes("=")) options[arg.slice(2, arg.indexOf("="))] = arg.slice(arg.indexOf("=") + 1);
    else if (arg.startsWith("--") && argv[i + 1] !== undefined && !(argv[i + 1] ?? "").startsWith("-")) options[arg.slice(2)] = argv[++i] ?? "";
  }
  return { wanted, options };
}

const { wanted, options } = parseBenchArgs(process.argv.slice(2));
const unknown = wanted.filter((w) => !suites.some((s) => s.name === w));
if (unknown.length) {
  console.error(`unknown suite(s): ${unknown.join(", ")}; available: ${suites.map((s) => s.name).join(", ")}`);
  process.exit(2);
}
for (const suite of suites.filter((s) => wanted.length === 0 || wanted.includes(s.name))) {
  console.log(`\n## ${suite.name}: ${suite.description}`);
  const rows = await suite.run(options);
  console.log(format(rows));
}
process.exit(0);
