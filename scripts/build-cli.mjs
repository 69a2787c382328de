/**
 * The `strata` CLI as a compiled bundle. Transpiling the TypeScript with tsx on every run made a one-file
 * `strata validate` cost about five bare Node processes; a pre-built ESM bundle costs about one
 * (docs/decisions.md, "The CLI runs from an esbuild bundle").
 *
 *   node scripts/build-cli.mjs                                       # `npm ci` runs this (postinstall)
 *   import { freshCliBundle, buildCliBundle } from "./build-cli.mjs"  # bin/strata.mjs, on every run
 *
 * Plain JavaScript on purpose: bin/strata.mjs imports this module on every run to find the bundle, and must not pay
 * for a TypeScript loader to do so. esbuild itself is imported only when a build is needed.
 *
 * Layout (dist/ is gitignored):
 *   dist/cli/<build id>/strata.mjs        the entry (server/cli/main.ts, exports main())
 *   dist/cli/<build id>/chunks/*.mjs      code split off by esbuild: each command is imported only when it runs
 *   dist/cli/current.json                 which build is current, and the inputs it was built from
 *
 * Every build gets its own directory and current.json is replaced by an atomic rename, so two processes that build
 * at the same moment (parallel hooks, parallel tests) never load a half-written bundle.
 *
 * Freshness, checked on every run and cheaply: current.json lists each input with its mtime, size and SHA-256 —
 * every project source file esbuild bundled, the package.json of every bundled dependency (a version change
 * rewrites it), tsconfig.json and this script. An input whose mtime and size are unchanged is fresh (one stat); one
 * whose mtime moved (a git checkout touches files) is hashed, and only different content makes the bundle stale.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { fileURLToPath } from "node:url";

const STAMP_FORMAT = 1;
const ENTRY_SOURCE = "server/cli/main.ts";
/** Older builds are removed by the next build, once no process can still be loading their lazy chunks. */
const STALE_BUILD_AGE_MS = 10 * 60 * 1000;
/**
 * esbuild turns a bundled CommonJS package's `require("node:process")` into a call of a `require` it expects in
 * scope; an ES module has none, so the bundle makes one.
 */
const REQUIRE_SHIM = 'import { createRequire as __strataCreateRequire } from "node:module";\nconst require = __strataCreateRequire(import.meta.url);';

export const DEFAULT_ROOT = fileURLToPath(new URL("..", import.meta.url));

/**
 * @typedef {{ path: string; mtimeMs: number; size: number; sha256: string }} StampedInput
 * @typedef {{ format: number; build: string; entry: string; inputs: StampedInput[] }} Stamp
 */

/** @param {string} root */
function cliDir(root) {
  return path.join(root, "dist", "cli");
}

/** @param {string} root */
function stampPath(root) {
  return path.join(cliDir(root), "current.json");
}

const require = createRequire(import.meta.url);

/** @param {Uint8Array} bytes */
function sha256(bytes) {
  // Loaded on first use: node:crypto costs a run about 10 ms, and an unchanged checkout never hashes.
  /** @type {typeof import("node:crypto")} */
  const crypto = require("node:crypto");
  return crypto.createHash("sha256").update(bytes).digest("hex");
}

/** @param {string} root @param {Stamp} stamp */
function writeStamp(root, stamp) {
  const target = stampPath(root);
  const temporary = `${target}.${process.pid}.tmp`;
  writeFileSync(temporary, JSON.stringify(stamp, null, 1) + "\n");
  renameSync(temporary, target);
}

/**
 * The absolute path of the current bundle's entry when every input is unchanged since it was built, else null.
 * Costs one small JSON read and one stat per input (about 45) when nothing changed.
 * @param {string} [root]
 * @returns {string | null}
 */
export function freshCliBundle(root = DEFAULT_ROOT) {
  /** @type {Stamp} */
  let stamp;
  try {
    stamp = JSON.parse(readFileSync(stampPath(root), "utf8"));
  } catch {
    return null;
  }
  if (stamp.format !== STAMP_FORMAT || !Array.isArray(stamp.inputs)) return null;
  let touched = false;
  for (const input of stamp.inputs) {
    const full = path.join(root, input.path);
    const stat = statSync(full, { throwIfNoEntry: false });
    if (!stat || stat.size !== input.size) return null;
    if (stat.mtimeMs === input.mtimeMs) continue;
    if (sha256(readFileSync(full)) !== input.sha256) return null;
    input.mtimeMs = stat.mtimeMs;
    touched = true;
  }
  const entry = path.join(cliDir(root), stamp.entry);
  if (!existsSync(entry)) return null;
  if (touched) {
    // Same content under a new mtime: remember the mtime so the next run is back to one stat per input.
    try {
      writeStamp(root, stamp);
    } catch {
      // A read-only checkout still works; it just hashes those files on every run.
    }
  }
  return entry;
}

/**
 * The files whose change must rebuild the bundle, from esbuild's metafile: project sources as they are, bundled
 * dependencies by their package.json.
 * @param {string} root @param {Record<string, unknown>} metafileInputs
 */
function inputsToStamp(root, metafileInputs) {
  // esbuild's own version decides the output too.
  const esbuildPackage = path.join(path.dirname(require.resolve("esbuild")), "..", "package.json");
  const paths = new Set(["tsconfig.json", path.relative(root, fileURLToPath(import.meta.url)), path.relative(root, esbuildPackage)]);
  for (const input of Object.keys(metafileInputs)) {
    const at = input.lastIndexOf("node_modules/");
    if (at === -1) {
      paths.add(input);
      continue;
    }
    const [scopeOrName = "", name = ""] = input.slice(at + "node_modules/".length).split("/");
    const packageDir = scopeOrName.startsWith("@") ? `${scopeOrName}/${name}` : scopeOrName;
    paths.add(`${input.slice(0, at)}node_modules/${packageDir}/package.json`);
  }
  return [...paths].sort();
}

/**
 * Bundles server/cli/main.ts into a new dist/cli/<build id>/ and makes it current. Returns the entry's path.
 * @param {string} [root]
 * @returns {Promise<string>}
 */
export async function buildCliBundle(root = DEFAULT_ROOT) {
  const esbuild = await import("esbuild");
  const startedAt = Date.now();
  const build = `${startedAt}-${process.pid}`;
  const outdir = path.join(cliDir(root), build);
  mkdirSync(outdir, { recursive: true });
  let result;
  try {
    result = await esbuild.build({
      absWorkingDir: root,
      entryPoints: { strata: ENTRY_SOURCE },
      tsconfig: path.join(root, "tsconfig.json"),
      outdir,
      entryNames: "[name]",
      chunkNames: "chunks/[name]-[hash]",
      outExtension: { ".js": ".mjs" },
      bundle: true,
      splitting: true,
      format: "esm",
      platform: "node",
      target: "node20",
      banner: { js: REQUIRE_SHIM },
      metafile: true,
      logLevel: "silent",
    });
  } catch (error) {
    rmSync(outdir, { recursive: true, force: true });
    throw error;
  } finally {
    await esbuild.stop();
  }

  /** @type {StampedInput[]} */
  const inputs = [];
  for (const input of inputsToStamp(root, result.metafile.inputs)) {
    const full = path.join(root, input);
    const bytes = readFileSync(full);
    const { mtimeMs, size } = statSync(full);
    if (mtimeMs >= startedAt) {
      // Changed while esbuild was reading it: the bundle may hold the old text, so the next run must rebuild.
      inputs.push({ path: input, mtimeMs: -1, size, sha256: "changed during the build" });
    } else {
      inputs.push({ path: input, mtimeMs, size, sha256: sha256(bytes) });
    }
  }
  writeStamp(root, { format: STAMP_FORMAT, build, entry: `${build}/strata.mjs`, inputs });
  removeOldBuilds(root, build);
  return path.join(outdir, "strata.mjs");
}

/** @param {string} root @param {string} current */
function removeOldBuilds(root, current) {
  for (const name of readdirSync(cliDir(root))) {
    const builtAt = Number(name.split("-")[0]);
    if (name === current || !Number.isFinite(builtAt) || Date.now() - builtAt < STALE_BUILD_AGE_MS) continue;
    rmSync(path.join(cliDir(root), name), { recursive: true, force: true });
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const started = Date.now();
  const entry = await buildCliBundle();
  console.log(`strata CLI bundle: ${path.relative(process.cwd(), entry)} (${Date.now() - started} ms)`);
}
