import path from "node:path";
import { defineConfig } from "prisma/config";

// The native schema engine cannot be downloaded on our machines; `prisma generate` only needs the variable to
// point at a file. Migrations run through the WASM engine (scripts/db-migrate.ts), never through this binary.
process.env.PRISMA_SCHEMA_ENGINE_BINARY ??= path.resolve(import.meta.dirname, "package.json");

export default defineConfig({
  schema: path.join("prisma", "schema.prisma"),
  migrations: { path: path.join("prisma", "migrations") },
});
