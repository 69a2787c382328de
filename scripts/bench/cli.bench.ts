/**
 * `strata validate` as a whole process — what a pre-commit hook or a CI step pays per run.
 *
 * Run with `npm run bench cli` (scripts/bench.ts prints the table).
 *
 * Subject: `node bin/strata.mjs validate <file>` (what `npx strata validate` runs, minus npx's own start-up).
 * Baseline: a bare `node -e` process that imports `yaml` and parses the same file — the least any Node CLI that
 * reads YAML can cost. Target: the subject costs ≤ 1.5× the baseline, in wall time and in CPU time.
 *
 * Wall time is measured by this process around the spawn (process creation to exit). CPU time (user + system) is
 * the child's own: each child is started with `--require` of a tiny reporter that writes its
 * `process.resourceUsage()` to file descriptor 3 on exit — both processes load the same reporter, so it cancels
 * out. Subject and baseline alternate run by run, so load from other processes on a shared machine hits both
 * alike; each figure is the median of all runs after a warm-up (which also builds the CLI bundle if it is stale).
 */
import { spawn } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { BenchRow } from "./compose.bench";

const ROOT = path.resolve(import.meta.dirname, "..", "..");
const TARGET_RATIO = 1.5;

const REPORTER = `"use strict";
process.on("exit", () => {
  const u = process.resourceUsage();
  require("node:fs").writeSync(3, JSON.stringify({ cpuMicros: u.userCPUTime + u.systemCPUTime }));
});
`;

interface Sample {
  wallMs: number;
  cpuMs: number;
  exitCode: number | null;
}

function runOnce(args: string[]): Promise<Sample> {
  return new Promise((resolve, reject) => {
    const t0 = performance.now();
    const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ["ignore", "ignore", "pipe", "pipe"] });
    let report = "";
    let stderr = "";
    child.stdio[3]?.on("data", (chunk: Buffer) => (report += chunk.toString("utf8")));
    child.stderr?.on("data", (chunk: Buffer) => (stderr += chunk.toString("utf8")));
    child.on("error", reject);
    child.on("close", (exitCode) => {
      const wallMs = performance.now() - t0;
      if (!report) return reject(new Error(`no resource report from \`node ${args.join(" ")}\` (exit ${exitCode}): ${stderr}`));
      const { cpuMicros } = JSON.parse(report) as { cpuMicros: number };
      resolve({ wallMs, cpuMs: cpuMicros / 1000, exitCode });
    });
  });
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

function round(x: number): number {
  return Math.round(x * 10) / 10;
}

interface Case {
  name: string;
  files: string[];
}

export async function runCliBench(opts: { runs?: number; log?: (s: string) => void } = {}): Promise<BenchRow[]> {
  const runs = opts.runs ?? 11;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), "strata-cli-bench-"));
  const reporter = path.join(tmp, "report-rusage.cjs");
  fs.writeFileSync(reporter, REPORTER);
  const cases: Case[] = [{ name: "validate nginx fixture (80 lines)", files: ["server/domain/manifest/fixtures/nginx.manifest.yaml"] }];
  const rows: BenchRow[] = [];
  try {
    for (const c of cases) {
      const subject = ["--require", reporter, "bin/strata.mjs", "validate", ...c.files];
      const bareParse = `import { parse } from "yaml"; import { readFileSync } from "node:fs"; for (const f of ${JSON.stringify(c.files)}) parse(readFileSync(f, "utf8"));`;
      const baseline = ["--require", reporter, "--input-type=module", "-e", bareParse];
      for (let i = 0; i < 2; i++) {
        const warm = await runOnce(subject);
        if (warm.exitCode !== 0) throw new Error(`${c.name}: strata validate exited ${warm.exitCode}; the benchmark needs a valid manifest`);
        await runOnce(baseline);
      }
      const s: Sample[] = [];
      const b: Sample[] = [];
      for (let i = 0; i < runs; i++) {
        s.push(await runOnce(subject));
        b.push(await runOnce(baseline));
      }
      for (const [measure, pick] of [
        ["wall", (x: Sample) => x.wallMs],
        ["CPU", (x: Sample) => x.cpuMs],
      ] as const) {
        const subjectMs = median(s.map(pick));
        const baselineMs = median(b.map(pick));
        const ratio = subjectMs / baselineMs;
        rows.push({
          name: `${c.name}, ${measure}`,
          medianMs: round(subjectMs),
          baselineMs: round(baselineMs),
          ratio: Math.round(ratio * 100) / 100,
          extra: { runs, target: `≤${TARGET_RATIO}× ${ratio <= TARGET_RATIO ? "met" : "MISSED"}` },
        });
        opts.log?.(`${c.name} ${measure}: median ${round(subjectMs)} ms, bare parse ${round(baselineMs)} ms`);
      }
    }
  } finally {
    fs.rmSync(tmp, { recursive: true, force: true });
  }
  return rows;
}
