/**
 * `npm run bench -- ui`: what a first visit to each console route costs in a real browser. The bench builds when
 * `.next` is missing or stale, starts the production server itself (`npm start`, as the e2e's webServer does: a
 * fresh data directory, so the demo seed runs), signs in once in Debian's Chromium, warms each route once and then
 * loads it 5 times with a cold browser cache (a new context each time, same session). Per route it prints:
 *
 * - **first row**: ms from navigation start to the first frame after the route's first data row (the Monaco
 *   editor's first line of text on the manifest editor) is in the document with a box — median of 5. Reported,
 *   not asserted: it depends on the machine's load. With it, the HTML's first byte (the server's share).
 * - **first-load JS**: the gzip (encoded) bytes of the scripts that finished loading by that frame or the load
 *   event, whichever is later (rows rendered on the server come before the scripts that hydrate them), from the
 *   browser's resource timing — median of 5, against the 250 kB target; the manifest editor may ship Monaco.
 *
 * - **route prefetches**: the RSC prefetch requests the page makes in the 3 s after its first row (links in the
 *   viewport prefetch their route when the browser is idle: docs/ui.md, First paint), counted on the warm-up load.
 *
 * `UI_BENCH_PORT` picks the port (default: a free one); `CHROMIUM_PATH` the browser (default /usr/bin/chromium);
 * `UI_BENCH_ROUTES=modules,templates` measures only the routes ending so; `UI_BENCH_SCRIPTS=1` lists each route's
 * scripts with their gzip size (what to trim).
 */
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { chromium, type Browser, type BrowserContextOptions } from "@playwright/test";
import { sourceHash } from "../build-if-needed";
import type { BenchRow } from "./compose.bench";
import { percentile } from "./timing";
import { stopGroup } from "./proc";
import { freePort } from "../../tests/support/postgres-server";

const root = path.resolve(import.meta.dirname, "..", "..");
const TARGET_KB = 250;
const RUNS = 5;
/** How long after its first row a page is watched for route prefetches (the viewport's links prefetch when idle). */
const PREFETCH_WINDOW_MS = 3_000;
const PASSWORD = "e2e-demo-password";
const EMAIL = "operator@powernode.example";

interface Route {
  path: string;
  /** The first data row: a CSS selector; `text` also requires non-blank text (Monaco renders empty lines first). */
  row: string;
  text?: boolean;
  editor?: boolean;
}

const ROUTES: Route[] = [
  { path: "/app/system/modules", row: 'table[aria-label="Modules"] tbody tr[data-row-id]' },
  { path: "/app/system/templates", row: '[data-testid="template-row"]' },
  { path: "/app/system/instances", row: '[data-testid="instance-row"]' },
  { path: "/app/system/approvals", row: '[data-testid="pending-request"], [data-testid="decided-request"]' },
  { path: "/app/system/audit", row: '[data-testid="audit-row"]' },
  { path: "/app/system/pipeline", row: '[data-testid="board-row"]' },
  { path: "/app/system/modules/nginx/manifest", row: ".monaco-editor .view-line", text: true, editor: true },
];

const log = (line: string) => console.log(line);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

// ---------------------------------------------------------------------------------------------------------
// The production build and server

/** Builds when `.next` is missing or older than the sources, and marks it the way `npm start` checks it. */
function buildIfStale(): void {
  const marker = path.join(root, ".next", "strata-source-hash");
  const current = sourceHash();
  const built = fs.existsSync(path.join(root, ".next", "BUILD_ID")) && fs.existsSync(marker) ? fs.readFileSync(marker, "utf8") : "";
  if (built === current) return;
  // Turbopack refuses a git worktree's node_modules symlink; webpack builds there (docs/ui.md, First paint).
  const worktree = fs.statSync(path.join(root, ".git"), { throwIfNoEntry: false })?.isFile() ?? false;
  const args = [path.join(root, "node_modules", "next", "dist", "bin", "next"), "build", ...(worktree ? ["--webpack"] : [])];
  log(`  building (${worktree ? "webpack: git worktree" : "turbopack"}; sources changed since the last build)…`);
  const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit", env: { ...process.env, NEXT_TELEMETRY_DISABLED: "1" } });
  if (result.status !== 0) throw new Error("next build failed; see above");
  fs.writeFileSync(marker, current);
}

interface Served {
  url: string;
  stop: () => Promise<void>;
}

/** `npm start` with the e2e's environment on a fresh data directory; resolves once /login answers. */
async function startServer(): Promise<Served> {
  const port = Number(process.env.UI_BENCH_PORT) || (await freePort());
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "strata-ui-bench-"));
  const child = spawn("npm", ["start"], {
    cwd: root,
    detached: true,
    stdio: ["ignore", "pipe", "pipe"],
    env: {
      ...process.env,
      PORT: String(port),
      STRATA_DATA_DIR: dataDir,
      STRATA_DEMO_PASSWORD: PASSWORD,
      DATABASE_URL: "",
      STRATA_LOG_LEVEL: "warn",
      NEXT_TELEMETRY_DISABLED: "1",
    },
  });
  const output: string[] = [];
  const remember = (chunk: Buffer) => {
    output.push(chunk.toString("utf8"));
    if (output.length > 200) output.shift();
  };
  child.stdout?.on("data", remember);
  child.stderr?.on("data", remember);
  let exited = false;
  child.once("exit", () => (exited = true));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    await stopGroup(child);
    fs.rmSync(dataDir, { recursive: true, force: true });
  };
  const deadline = Date.now() + 15 * 60_000;
  for (;;) {
    if (exited) {
      await stop();
      throw new Error(`npm start exited before serving:\n${output.join("").slice(-3000)}`);
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error("npm start did not serve /login within 15 minutes");
    }
    try {
      if ((await fetch(`${url}/login`)).ok) return { url, stop };
    } catch {
      // Not listening yet.
    }
    await sleep(500);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The browser

declare global {
  interface Window {
    __strataFirstRow?: number;
  }
}

/**
 * Runs in the page before its scripts: records performance.now() at the first animation frame after an element
 * matching the selector (with non-blank text when asked) is in the document with a box. A string, not a function:
 * tsx would wrap the function's inner functions in a `__name` helper the page does not have.
 */
function watchFirstRow(selector: string, text: boolean): string {
  return `(() => {
  const selector = ${JSON.stringify(selector)};
  const text = ${JSON.stringify(text)};
  performance.setResourceTimingBufferSize(2000);
  let done = false;
  const observer = new MutationObserver(() => {
    if (done) return;
    for (const element of document.querySelectorAll(selector)) {
      const box = element.getBoundingClientRect();
      if (box.width > 0 && box.height > 0 && (!text || (element.textContent || "").trim().length > 0)) {
        done = true;
        observer.disconnect();
        requestAnimationFrame(() => { window.__strataFirstRow = performance.now(); });
        return;
      }
    }
  });
  observer.observe(document, { childList: true, subtree: true, characterData: true });
})();`;
}

interface Sample {
  /** Each script counted, "12.3 kB /_next/static/chunks/…": printed with UI_BENCH_SCRIPTS=1. */
  list: string[];
  ms: number;
  jsKb: number;
  scripts: number;
  htmlKb: number;
  /** ms from navigation start to the HTML's first byte: the server's share of the first row. */
  ttfbMs: number;
}

/** Route prefetches (RSC requests marked `next-router-prefetch`) a page makes in its first `windowMs` after load. */
async function countPrefetches(browser: Browser, baseUrl: string, storageState: BrowserContextOptions["storageState"], route: Route, windowMs: number): Promise<number> {
  const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    let prefetches = 0;
    page.on("request", (request) => {
      if (request.headers()["next-router-prefetch"] !== undefined) prefetches++;
    });
    await page.goto(`${baseUrl}${route.path}`, { waitUntil: "load" });
    await page.waitForSelector(route.row, { timeout: 30_000 });
    await sleep(windowMs);
    return prefetches;
  } finally {
    await context.close();
  }
}

async function loadOnce(browser: Browser, baseUrl: string, storageState: BrowserContextOptions["storageState"], route: Route): Promise<Sample> {
  const context = await browser.newContext({ storageState, viewport: { width: 1440, height: 900 } });
  try {
    const page = await context.newPage();
    await page.addInitScript(watchFirstRow(route.row, Boolean(route.text)));
    await page.goto(`${baseUrl}${route.path}`, { waitUntil: "commit" });
    await page.waitForFunction(() => window.__strataFirstRow !== undefined, undefined, { timeout: 30_000, polling: 50 });
    // Rows rendered on the server show before the page's scripts arrive: count every script of the first load, up
    // to the later of the first row and the load event (which waits for the HTML's scripts), not beyond.
    await page.waitForLoadState("load");
    return await page.evaluate(() => {
      const at = window.__strataFirstRow ?? 0;
      const navigation = performance.getEntriesByType("navigation")[0] as PerformanceNavigationTiming | undefined;
      const until = Math.max(at, navigation?.loadEventEnd ?? 0);
      const resources = performance.getEntriesByType("resource") as PerformanceResourceTiming[];
      const scripts = resources.filter((r) => (r.initiatorType === "script" || /\.m?js(\?|$)/.test(new URL(r.name).pathname)) && r.responseEnd <= until);
      return {
        list: scripts.map((r) => `${(r.encodedBodySize / 1024).toFixed(1)} kB ${new URL(r.name).pathname}`),
        ms: at,
        jsKb: scripts.reduce((sum, r) => sum + r.encodedBodySize, 0) / 1024,
        scripts: scripts.length,
        htmlKb: (navigation?.encodedBodySize ?? 0) / 1024,
        ttfbMs: navigation?.responseStart ?? 0,
      };
    });
  } finally {
    await context.close();
  }
}

const median = (values: number[]) => percentile([...values].sort((a, b) => a - b), 50);

export async function runUiBench(): Promise<BenchRow[]> {
  buildIfStale();
  log("  starting the production server (fresh demo data)…");
  const served = await startServer();
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
    args: ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
  });
  const rows: BenchRow[] = [];
  try {
    const signIn = await browser.newContext();
    const page = await signIn.newPage();
    await page.goto(`${served.url}/login`);
    await page.getByLabel("Email").fill(EMAIL);
    await page.getByLabel("Password").fill(PASSWORD);
    await page.getByRole("button", { name: "Sign in" }).click();
    await page.waitForURL(/\/app\/system\//);
    const storageState = await signIn.storageState();
    await signIn.close();

    const only = process.env.UI_BENCH_ROUTES?.split(",").filter(Boolean);
    for (const route of ROUTES.filter((r) => !only || only.some((o) => r.path.endsWith(o)))) {
      try {
        // Warms the server's route code and caches, and counts what the page prefetches once idle.
        const prefetches = await countPrefetches(browser, served.url, storageState, route, PREFETCH_WINDOW_MS);
        const samples: Sample[] = [];
        for (let i = 0; i < RUNS; i++) samples.push(await loadOnce(browser, served.url, storageState, route));
        if (process.env.UI_BENCH_SCRIPTS === "1") for (const line of samples[0]?.list ?? []) log(`    ${line}`);
        const ms = median(samples.map((s) => s.ms));
        const kb = median(samples.map((s) => s.jsKb));
        const html = median(samples.map((s) => s.htmlKb));
        const scripts = median(samples.map((s) => s.scripts));
        const ttfb = median(samples.map((s) => s.ttfbMs));
        const times = samples.map((s) => Math.round(s.ms)).join("/");
        log(`  ${route.path}: first row ${ms.toFixed(0)} ms (${times}; HTML's first byte ${ttfb.toFixed(0)} ms), JS ${kb.toFixed(1)} kB gzip in ${scripts} scripts, HTML ${html.toFixed(1)} kB, ${prefetches} route prefetches`);
        rows.push({
          name: `${route.path} · first ${route.editor ? "editor text" : "row"}`,
          medianMs: ms,
          baselineMs: ms,
          ratio: 1,
          extra: { target: "reported, not asserted", runs: times, ttfbMs: Math.round(ttfb), prefetches },
        });
        rows.push({
          name: `${route.path} · first-load JS kB`,
          medianMs: kb,
          baselineMs: route.editor ? kb : TARGET_KB,
          ratio: route.editor ? 1 : kb / TARGET_KB,
          extra: { unit: "kB gzip", target: route.editor ? "editor (Monaco allowed)" : `≤ ${TARGET_KB} kB`, scripts, htmlKb: html.toFixed(1) },
        });
      } catch (error) {
        log(`  ${route.path}: failed: ${error instanceof Error ? error.message.split("\n")[0] : String(error)}`);
        rows.push({ name: `${route.path} · failed`, medianMs: Number.NaN, baselineMs: Number.NaN, ratio: Number.NaN, extra: { error: "no first row within 30 s" } });
      }
    }
  } finally {
    await browser.close();
    await served.stop();
  }
  return rows;
}
