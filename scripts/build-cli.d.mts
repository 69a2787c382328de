/** Types for scripts/build-cli.mjs (plain JavaScript so bin/strata.mjs can import it without a TypeScript loader). */

/** The repository root this script belongs to. */
export const DEFAULT_ROOT: string;

/** The absolute path of the current bundle's entry when none of its inputs changed since it was built, else null. */
export function freshCliBundle(root?: string): string | null;

/** Bundles server/cli/main.ts into a new dist/cli/<build id>/ and makes it current; returns the entry's path. */
export function buildCliBundle(root?: string): Promise<string>;
