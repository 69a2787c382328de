/** `npm run test:e2e`: Playwright in Debian's Chromium against a real `npm start` on a fresh embedded database. */
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ensureChromium } from "./ensure-chromium";

const root = path.resolve(import.meta.dirname, "..");
const chromium = ensureChromium();
const dataDir = path.join(root, "tmp", "e2e-data");
// Each run starts from an empty database so the demo seed (and the sign-in it prints) is exercised every time.
fs.rmSync(dataDir, { recursive: true, force: true });
const result = spawnSync(process.execPath, [path.join(root, "node_modules", "@playwright", "test", "cli.js"), "test", ...process.argv.slice(2)], {
  cwd: root,
  stdio: "inherit",
  env: { ...process.env, CHROMIUM_PATH: chromium, E2E_DATA_DIR: dataDir },
});
process.exit(result.status ?? 1);
