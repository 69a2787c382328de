import path from "node:path";
import { defineConfig } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3200);
export const E2E_BASE_URL = `http://127.0.0.1:${port}`;
export const E2E_PASSWORD = "e2e-demo-password";
export const E2E_API_TOKEN = "stk_e2e_demo_token_0123456789abcdef";
const dataDir = path.resolve(process.env.E2E_DATA_DIR ?? "tmp/e2e-data");

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: [["list"], ["json", { outputFile: "test-results/e2e-results.json" }]],
  use: {
    baseURL: E2E_BASE_URL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: [
        "--no-sandbox",
        "--disable-gpu",
        "--disable-dev-shm-usage",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
      ],
    },
  },
  projects: [{ name: "chromium", use: { browserName: "chromium" } }],
  webServer: {
    // The real start path: build if needed, migrate, seed the demo account, serve.
    command: "npm start",
    url: `${E2E_BASE_URL}/login`,
    timeout: 300_000,
    reuseExistingServer: false,
    stdout: "pipe",
    env: {
      PORT: String(port),
      STRATA_DATA_DIR: dataDir,
      STRATA_DEMO_PASSWORD: E2E_PASSWORD,
      STRATA_DEMO_API_TOKEN: E2E_API_TOKEN,
      DATABASE_URL: "",
      // One JSON line per request would bury the test output; warnings and errors still show.
      STRATA_LOG_LEVEL: "warn",
    },
  },
});
