import { execFileSync, spawnSync } from "node:child_process";
import fs from "node:fs";

/**
 * Playwright cannot download its browser here; we use Debian's Chromium. Installed automatically when missing and
 * we are root (as on CI); otherwise the exact command is printed.
 */
export function ensureChromium(): string {
  const path = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
  if (fs.existsSync(path)) return path;
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  if (!isRoot || process.env.CHROMIUM_PATH) {
    console.error(
      `Chromium is not installed at ${path}. Install it with:\n` +
        "  sudo apt-get update && sudo apt-get install -y --no-install-recommends chromium\n" +
        "or set CHROMIUM_PATH to an existing Chromium binary.",
    );
    process.exit(1);
  }
  console.log("Installing Debian's Chromium for the e2e tests (apt-get)…");
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const result = spawnSync("apt-get", ["install", "-y", "-qq", "--no-install-recommends", "chromium"], { stdio: "inherit", env });
  if (result.status !== 0 || !fs.existsSync(path)) {
    console.error("apt-get install chromium failed; see above.");
    process.exit(1);
  }
  return path;
}
