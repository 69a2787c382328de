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

/** Runs `next build` when the sources changed since the last build (or there is none). */
export function buildIfNeeded(force = false): void {
  const marker = path.join(root, ".next", "strata-source-hash");
  const current = sourceHash();
  const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "";
  if (!force && built === current) return;
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
