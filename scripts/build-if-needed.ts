import { spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import fs from "node:fs";
import path from "node:path";

const root = path.resolve(import.meta.dirname, "..");
const SOURCES = ["app", "components", "server", "public", "prisma/schema.prisma", "next.config.js", "proxy.ts", "postcss.config.mjs", "package-lock.json", "tsconfig.json"];
const SKIP = new Set(["node_modules", ".next", "generated", "data"]);

function walk(entry: string, hash: ReturnType<typeof createHash>) {
  const full = path.join(root, entry);
  if (!fs.existsSync(full)) return;
  const stat = fs.statSync(full);
  if (stat.isDirectory()) {
    for (const child of fs.readdirSync(full).sort()) {
      if (!SKIP.has(child)) walk(path.join(entry, child), hash);
    }
    return;
  }
  // Content, not mtimes: a fresh clone has new mtimes but needs no rebuild of an identical tree.
  hash.update(entry).update("\0").update(fs.readFileSync(full)).update("\0");
}

export function sourceHash(): string {
  const hash = createHash("sha256");
  for (const entry of SOURCES) walk(entry, hash);
  return hash.digest("hex");
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * Replicas started together from one checkout must not run `next build` into the same `.next` at once: the first
 * takes a lock file (its pid inside), the others wait for it and then find the build current. A lock whose process
 * died is taken over.
 */
function withBuildLock(run: () => void): void {
  const lock = path.join(root, ".next-build.lock");
  let announced = false;
  for (;;) {
    try {
      fs.writeFileSync(lock, String(process.pid), { flag: "wx" });
      break;
    } catch {
      const holder = Number(fs.readFileSync(lock, "utf8").trim());
      if (!Number.isInteger(holder) || holder <= 0 || !isAlive(holder)) {
        fs.rmSync(lock, { force: true });
        continue;
      }
      if (!announced) console.log(`Another start (pid ${holder}) is building Strata; waiting for it…`);
      announced = true;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 500);
    }
  }
  try {
    run();
  } finally {
    fs.rmSync(lock, { force: true });
  }
}

/** Runs `next build` when the sources changed since the last build (or there is none). */
export function buildIfNeeded(force = false): void {
  const marker = path.join(root, ".next", "strata-source-hash");
  const current = sourceHash();
  const builtHash = () => (fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "");
  if (!force && builtHash() === current) return;
  withBuildLock(() => {
    if (!force && builtHash() === current) return;
    build(marker, current);
  });
}

function build(marker: string, current: string): void {
  console.log("Building Strata (first start or sources changed)…");
  const started = Date.now();
  const result = spawnSync(process.execPath, [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build"], {
    cwd: root,
    stdio: "inherit",
    env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" },
  });
  if (result.status !== 0) {
    console.error("next build failed; see the output above.");
    process.exit(result.status ?? 1);
  }
  fs.writeFileSync(marker, current);
  console.log(`Built in ${((Date.now() - started) / 1000).toFixed(1)} s.`);
}

if (process.argv[1] && path.resolve(process.argv[1]) === path.resolve(import.meta.filename)) {
  buildIfNeeded(process.argv.includes("--force"));
}
