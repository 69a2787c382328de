/**
 * Preloaded (`tsx --import ./scripts/node/server-process.mjs …`) by the processes that ARE the server: the start
 * script, migrations, seeding and benchmarks. Services and the database client begin with `import "server-only"`
 * so that a client component that reaches them fails the Next build; Next resolves that package with its
 * `react-server` condition to a no-op. A plain Node process has no such condition, so this hook resolves the one
 * specifier `server-only` to the same no-op entry and leaves every other resolution alone (docs/architecture.md).
 */
import { register } from "node:module";

register("./server-only-hooks.mjs", import.meta.url);
