#!/usr/bin/env node
// Launcher for the `strata` CLI: the CLI is TypeScript, so register tsx's loader first. The tsconfig is named
// explicitly so path aliases resolve the same wherever the command is run from.
import { fileURLToPath } from "node:url";
import { register } from "tsx/esm/api";

register({ tsconfig: fileURLToPath(new URL("../tsconfig.json", import.meta.url)) });

const { main } = await import("../server/cli/main.ts");
process.exitCode = await main(process.argv.slice(2));
