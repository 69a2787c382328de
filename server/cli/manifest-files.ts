/**
 * Which files `strata validate` checks: files named on the command line as they are, and every `manifest.yaml`
 * below a directory named there (docs/cli.md).
 */
import path from "node:path";
import type { CliIo } from "./command";

export const MANIFEST_FILE_NAME = "manifest.yaml";

/** Never manifests of ours: dependencies and git's object store (which can be large). */
const SKIPPED_DIRECTORIES = new Set(["node_modules", ".git"]);

/**
 * Every manifest.yaml under `directory`, depth first in name order so output is the same on every machine.
 * Symbolic links are not followed, so a link cycle cannot make the walk endless.
 */
export async function findManifestFiles(directory: string, io: CliIo): Promise<string[]> {
  const found: string[] = [];
  const entries = (await io.readDirectory(directory)).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const entry of entries) {
    const child = path.join(directory, entry.name);
    if (entry.kind === "directory" && !SKIPPED_DIRECTORIES.has(entry.name)) found.push(...(await findManifestFiles(child, io)));
    else if (entry.kind === "file" && entry.name === MANIFEST_FILE_NAME) found.push(child);
  }
  return found;
}
