/**
 * `npm test`: every test — unit, integration (PGlite by default, PostgreSQL when TEST_DATABASE_URL is set), e2e in
 * Chromium — then one summary line `N passed, N failed`.
 */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const resultsDir = path.join(root, "test-results");
fs.mkdirSync(resultsDir, { recursive: true });
const only = process.argv.slice(2);

interface Tally {
  passed: number;
  failed: number;
  skipped: number;
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 };
let exitCode = 0;

function run(label: string, command: string, args: string[], readTally: () => Tally | undefined) {
  if (only.length && !only.includes(label)) return;
  console.log(`\n━━ ${label} ━━`);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: process.env });
  const tally = readTally();
  if (tally) {
    total.passed += tally.passed;
    total.failed += tally.failed;
    total.skipped += tally.skipped;
  }
  console.log(`━━ ${label}: ${result.status === 0 ? "ok" : "FAILED"} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  if (result.status !== 0) {
    exitCode = 1;
    // A runner that failed without failing tests (crash, server that did not start) still counts as a failure.
    if (!tally || tally.failed === 0) total.failed += 1;
  }
}

function vitestTally(file: string) {
  return (): Tally | undefined => {
    if (!fs.existsSync(file)) return undefined;
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as { numPassedTests: number; numFailedTests: number; numPendingTests: number; numTodoTests: number };
    return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests };
  };
}

function playwrightTally(file: string) {
  return (): Tally | undefined => {
    if (!fs.existsSync(file)) return undefined;
    const report = JSON.parse(fs.readFileSync(file, "utf8")) as { stats: { expected: number; unexpected: number; flaky: number; skipped: number } };
    return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped };
  };
}

const vitest = path.join(root, "node_modules", "vitest", "vitest.mjs");
for (const project of ["unit", "integration"]) {
  const out = path.join(resultsDir, `${project}.json`);
  fs.rmSync(out, { force: true });
  run(project, process.execPath, [vitest, "run", "--project", project, "--reporter=default", "--reporter=json", `--outputFile.json=${out}`], vitestTally(out));
}
const e2eOut = path.join(resultsDir, "e2e-results.json");
fs.rmSync(e2eOut, { force: true });
run("e2e", process.execPath, [path.join(root, "node_modules", "tsx", "dist", "cli.mjs"), path.join(root, "scripts", "e2e.ts")], playwrightTally(e2eOut));

console.log(`\n${total.passed} passed, ${total.failed} failed, ${total.skipped} skipped`);
process.exit(exitCode || (total.failed > 0 ? 1 : 0));
