import { defineConfig } from "vitest/config";
import path from "node:path";

const alias = {
  "@": path.resolve(import.meta.dirname),
  // `server-only` throws unless resolved with the `react-server` condition, which Next sets for server code.
  // Tests run server modules in plain Node on purpose, so they get the package's no-op entry (docs/architecture.md).
  "server-only": path.resolve(import.meta.dirname, "node_modules/server-only/empty.js"),
};

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: "unit",
          include: [
            "server/domain/**/*.test.ts",
            "server/**/*.unit.test.ts",
            "components/**/*.test.ts",
            "tests/lint/**/*.test.ts",
          ],
          environment: "node",
        },
      },
      {
        resolve: { alias },
        test: {
          name: "integration",
          include: ["server/**/*.int.test.ts", "tests/integration/**/*.test.ts"],
          environment: "node",
          globalSetup: ["tests/integration/global-setup.ts"],
          setupFiles: ["tests/integration/setup-each-file.ts"],
          testTimeout: 60_000,
          hookTimeout: 120_000,
          // Each file gets its own PGlite (or its own PostgreSQL database); two workers fit 2 cores.
          maxWorkers: 2,
        },
      },
    ],
  },
});
