/**
 * `npm run bench -- ui`: per console route, the first-load JavaScript (gzip) a browser downloads — the root files
 * every page loads plus the route's own client entries (its layouts' and page's chunks), read from the production
 * build in `.next` (`build-manifest.json` and each page's `page_client-reference-manifest.js`: the chunks of the client modules its root layout, layouts and page use). The baseline is the
 * target, 250 kB gzip for every route except the manifest editor, which is allowed Monaco. Build first
 * (`npx next build --webpack` in a worktree). Time to first row in Chromium is not measured yet (docs/ui.md).
 */
import fs from "node:fs";
import path from "node:path";
import { gzipSync } from "node:zlib";
import type { BenchRow } from "./compose.bench";

const root = path.resolve(import.meta.dirname, "..", "..");
const next = path.join(root, ".next");
const TARGET_KB = 250;
/** Routes allowed past the target: the editor ships Monaco. */
const EDITOR_ROUTES = new Set(["/app/system/modules/[name]/manifest"]);

function gzipKb(files: Iterable<string>): number {
  let bytes = 0;
  for (const file of files) {
    const full = path.join(next, file);
    if (fs.existsSync(full)) bytes += gzipSync(fs.readFileSync(full), { level: 9 }).length;
  }
  return bytes / 1024;
}

function pageManifests(dir: string, out: string[] = []): string[] {
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) pageManifests(full, out);
    else if (entry.name === "page_client-reference-manifest.js") out.push(full);
  }
  return out;
}

export async function runUiBench(): Promise<BenchRow[]> {
  const buildManifest = path.join(next, "build-manifest.json");
  if (!fs.existsSync(buildManifest)) throw new Error("No production build in .next: run `npx next build --webpack` first.");
  const rootFiles: string[] = JSON.parse(fs.readFileSync(buildManifest, "utf8")).rootMainFiles ?? [];
  const appDir = path.join(next, "server", "app");
  const rows: BenchRow[] = [];
  for (const manifest of pageManifests(path.join(appDir, "app", "system")).sort()) {
    const route = `/${path.relative(appDir, path.dirname(manifest)).split(path.sep).join("/")}`;
    const text = fs.readFileSync(manifest, "utf8");
    // `globalThis.__RSC_MANIFEST["/route/page"] = {…}`: the client modules with the chunks each needs.
    const json = text.slice(text.indexOf("]={") + 2, text.lastIndexOf("}") + 1);
    const modules = (JSON.parse(json) as { clientModules?: Record<string, { chunks: string[] }> }).clientModules ?? {};
    // The route's own segment files: the root layout, every layout above the page, and the page.
    const segments = route.split("/").filter(Boolean).map((s) => encodeURIComponent(s).replace(/%2F/g, "/"));
    const own = new Set<string>(["static/chunks/app/layout-"]);
    for (let i = 1; i <= segments.length; i++) own.add(`static/chunks/app/${segments.slice(0, i).join("/")}/layout-`);
    own.add(`static/chunks/app/${segments.join("/")}/page-`);
    const mine = (chunk: string) => [...own].some((prefix) => chunk.startsWith(prefix));
    const files = new Set<string>(rootFiles);
    for (const m of Object.values(modules)) {
      const chunkFiles = m.chunks.filter((c) => c.endsWith(".js"));
      if (chunkFiles.some(mine)) for (const f of chunkFiles) files.add(f);
    }
    const kb = gzipKb(files);
    const target = EDITOR_ROUTES.has(route) ? Number.NaN : TARGET_KB;
    rows.push({
      name: route,
      medianMs: kb,
      baselineMs: Number.isNaN(target) ? kb : target,
      ratio: Number.isNaN(target) ? 1 : kb / target,
      extra: { unit: "kB gzip", target: Number.isNaN(target) ? "editor (Monaco allowed)" : `≤ ${TARGET_KB} kB`, files: files.size },
    });
  }
  return rows;
}
