// Lint rules that hold the architecture in place (docs/architecture.md) and catch promises nobody waits for.
// The toolchain lives in the tools/eslint workspace; docs/decisions.md ("Linting") says why.
import { builtinModules } from "node:module";
import { globals, js, reactHooks, tseslint } from "@strata/eslint-tooling";

/**
 * A relative or `@/` import specifier that reaches the given top-level folders of the repository, e.g.
 * `server/(db|services)` matches `@/server/db/client` and `../../server/db/client`.
 */
const reachesFromOutside = (folders) => `^(@/|(\\.\\./)+)${folders}(/|$)`;

/**
 * A relative specifier from inside server/domain that climbs out into a sibling server layer, e.g.
 * `../services/x` or `../../db/client`, plus the `@/server/...` spelling. Deliberately depth-insensitive: a
 * folder inside server/domain named like a server layer would be caught too, so don't create one.
 */
const SERVER_LAYERS_OUTSIDE_DOMAIN = "services|api|db|auth|jobs";
const domainEscapes = [
  `^@/server/(${SERVER_LAYERS_OUTSIDE_DOMAIN})(/|$)`,
  `^(\\.\\./)+(server/)?(${SERVER_LAYERS_OUTSIDE_DOMAIN})(/|$)`,
];

const nodeBuiltins = {
  paths: builtinModules.map((name) => ({ name, message: "Domain code is pure: take data as arguments, not from Node." })),
  pattern: { regex: "^node:", message: "Domain code is pure: take data as arguments, not from Node." },
};

const domainFrameworkBans = [
  ...domainEscapes.map((regex) => ({
    regex,
    message: "server/domain is the pure core: services, API, DB, auth and jobs depend on it, never the reverse.",
  })),
  { regex: "^(next|react|react-dom)(/|$)", message: "server/domain knows nothing of Next or React." },
  { regex: "^@prisma/", message: "server/domain knows nothing of the database; services map rows to domain values." },
];

const prismaAndDbBans = [
  { regex: "^@prisma/", message: "UI code gets data through tRPC (components) or server/api (app), never Prisma." },
  { regex: reachesFromOutside("server/db"), message: "UI code gets data through tRPC or server/api, never server/db." },
];

// Services may be imported for types only. Forms validate with the same zod schema the procedure does, and those
// schemas live in server/contracts, which has no server dependencies (docs/architecture.md).
const serviceRuntimeBan = {
  regex: `^(@/|(\\.\\./)+)server/services/`,
  allowTypeImports: true,
  message: "UI code calls services through tRPC or server/api; import only types from server/services (input schemas are in server/contracts).",
};

const serviceFrameworkBans = [
  { regex: "^@trpc/", message: "Services are transport-free: the tRPC layer in server/api calls them." },
  { regex: "^next(/|$)", message: "Services are framework-free: server/api and app/ adapt them to Next." },
];

const restrict = (patterns, paths = []) => ["error", { paths, patterns }];

export default tseslint.config(
  {
    ignores: ["**/node_modules/**", ".next/**", "dist/**", "server/db/generated/**", "test-results/**", "playwright-report/**", "data/**", "next-env.d.ts"],
  },
  { linterOptions: { reportUnusedDisableDirectives: "error" } },
  js.configs.recommended,
  {
    files: ["**/*.{ts,tsx,mts,cts}"],
    extends: [tseslint.configs.base],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // TypeScript itself reports undefined names and redeclarations, with types the core rules cannot see.
      "no-undef": "off",
      "no-redeclare": "off",
      // tsc's noUnusedLocals/noUnusedParameters decide unused code; one source of truth.
      "no-unused-vars": "off",
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
    },
  },
  {
    files: ["**/*.{js,mjs,cjs}"],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ["app/**/*.tsx", "components/**/*.{ts,tsx}"],
    plugins: { "react-hooks": reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    // The two hook rules of react-hooks' recommended set. Its other rules are React Compiler diagnostics; Strata
    // does not run the compiler, and the sites they flag are listed in docs/decisions.md ("Linting").
    // exhaustive-deps is an error, not the preset's warning: a missing dependency is a stale-closure bug.
    rules: {
      "react-hooks/rules-of-hooks": "error",
      "react-hooks/exhaustive-deps": "error",
    },
  },

  // Import boundaries (docs/architecture.md). Each block below owns its folder, because a later block's
  // options for the same rule replace an earlier block's.
  {
    files: ["server/domain/**/*.{ts,tsx}"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        [...domainFrameworkBans, nodeBuiltins.pattern],
        nodeBuiltins.paths,
      ),
    },
  },
  {
    // Domain tests read their fixture files from disk; the code under test stays pure.
    files: ["server/domain/**/*.test.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(domainFrameworkBans) },
  },
  {
    files: ["components/**/*.{ts,tsx}", "app/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict([...prismaAndDbBans, serviceRuntimeBan]) },
  },
  {
    // Route handlers are the server's HTTP edge: they may open the database (readiness probe, REST handler).
    files: ["app/**/route.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict([prismaAndDbBans[0], serviceRuntimeBan]) },
  },
  {
    files: ["server/services/**/*.ts"],
    rules: { "@typescript-eslint/no-restricted-imports": restrict(serviceFrameworkBans) },
  },
  {
    // One transaction rule (timing, unique-violation and serialization-failure mapping) in one place.
    files: ["server/services/**/*.ts"],
    ignores: ["server/services/transaction.ts", "server/services/**/*.test.ts"],
    rules: {
      "no-restricted-syntax": [
        "error",
        {
          selector: "MemberExpression[property.name='$transaction']",
          message: "Services open transactions with runInTransaction (server/services/transaction.ts).",
        },
      ],
    },
  },
  {
    // Contracts are the browser-safe zod schemas shared by forms and adapters: they may use the domain (and the
    // pure permission table) but never code that only runs on the server.
    files: ["server/contracts/**/*.ts"],
    rules: {
      "@typescript-eslint/no-restricted-imports": restrict(
        [
          { regex: "^(@/server/|(\\.\\./)+(server/)?)(services|api|db|jobs)(/|$)", message: "server/contracts is imported by the browser: no server-only layers." },
          { regex: "^@prisma/", message: "server/contracts is imported by the browser: no Prisma." },
          { regex: "^server-only$", message: "server/contracts is imported by the browser." },
          nodeBuiltins.pattern,
        ],
        nodeBuiltins.paths,
      ),
    },
  },
);
