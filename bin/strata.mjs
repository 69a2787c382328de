#!/usr/bin/env node
// Launcher for the `strata` CLI. It runs the compiled bundle under dist/cli/ (built by `npm ci`), rebuilding it
// first when a source changed since, so a run costs a plain Node start (docs/cli.md). Only when the bundle cannot
// be built (a checkout this user may not write to) does it fall back to transpiling the TypeScript with tsx, which
// works but is several times slower.
import { fileURLToPath, pathToFileURL } from "node:url";
import { buildCliBundle, freshCliBundle } from "../scripts/build-cli.mjs";

let entry = freshCliBundle();
if (entry === null) {
  try {
    entry = await buildCliBundle();
  } catch (error) {
    const reason = error instanceof Error ? error.message.split("\n")[0] : String(error);
    process.stderr.write(`strata: cannot build the CLI bundle (${reason}); running from the TypeScript sources, which is slower.\n`);
  }
}

/** @type {(argv: readonly string[]) => Promise<number>} */
let main;
if (entry !== null) {
  ({ main } = await import(pathToFileURL(entry).href));
} else {
  const { register } = await import("tsx/esm/api");
  // The tsconfig is named explicitly so path aliases resolve the same wherever the command is run from.
  register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });
  ({ main } = await import("../server/cli/main.ts"));
}
process.exitCode = await main(process.argv.slice(2));
