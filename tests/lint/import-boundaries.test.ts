// Proves each import boundary in eslint.config.mjs fires on a planted violation and lets the allowed import through
// (docs/architecture.md, "Import boundaries"). The code is linted as text under made-up paths, without type
// information: the boundary rule reads specifiers only, and skipping the TypeScript program keeps this fast.
import path from "node:path";
import { describe, expect, it } from "vitest";
import { ESLint, tseslint } from "@strata/eslint-tooling";

const root = path.resolve(import.meta.dirname, "../..");
// The import boundaries, plus the syntax rule that keeps transactions in one place.
const BOUNDARY_RULES = new Set(["@typescript-eslint/no-restricted-imports", "no-restricted-syntax"]);

const eslint = new ESLint({
  cwd: root,
  overrideConfigFile: path.join(root, "eslint.config.mjs"),
  overrideConfig: [{ files: ["**/*.{ts,tsx}"], ...tseslint.configs.disableTypeChecked }],
});

/** The boundary findings for `source` linted as if it lived at `filePath`; throws on any other problem. */
async function boundaryFindings(filePath: string, source: string): Promise<string[]> {
  const [result] = await eslint.lintText(source, { filePath: path.join(root, filePath) });
  if (!result) throw new Error(`ESLint returned no result for ${filePath}`);
  const others = result.messages.filter((message) => !BOUNDARY_RULES.has(message.ruleId ?? ""));
  expect(others, `unexpected findings in ${filePath}`).toEqual([]);
  return result.messages.map((message) => message.message);
}

async function expectBlocked(filePath: string, importLine: string) {
  const findings = await boundaryFindings(filePath, `${importLine}\nexport const used = [imported];\n`);
  expect(findings, `${importLine} from ${filePath}`).toHaveLength(1);
}

async function expectAllowed(filePath: string, importLine: string) {
  expect(await boundaryFindings(filePath, `${importLine}\nexport const used = [imported];\n`)).toEqual([]);
}

describe("server/domain imports no outer layer, framework, database or Node builtin", () => {
  const file = "server/domain/composition/planted.ts";
  it.each([
    'import { imported } from "../../services/modules";',
    'import { imported } from "../../../server/services/modules";',
    'import { imported } from "@/server/services/modules";',
    'import { imported } from "../../db/client";',
    'import { imported } from "@/server/api/root";',
    'import { imported } from "../../auth/actor";',
    'import { imported } from "../../jobs/index";',
    'import { imported } from "next/headers";',
    'import { imported } from "react";',
    'import { imported } from "@prisma/client";',
    'import { imported } from "node:fs";',
    'import { imported } from "fs";',
    'import { type imported } from "@/server/services/modules";',
  ])("blocks %s", (importLine) => expectBlocked(file, importLine));

  it("allows other domain modules and plain libraries", async () => {
    await expectAllowed(file, 'import { imported } from "../manifest/schema";');
    await expectAllowed(file, 'import { imported } from "@/server/domain/manifest/schema";');
    await expectAllowed(file, 'import { imported } from "zod";');
  });

  it("lets domain tests read fixtures from disk, but not reach services", async () => {
    await expectAllowed("server/domain/composition/planted.test.ts", 'import { imported } from "node:fs";');
    await expectBlocked("server/domain/composition/planted.test.ts", 'import { imported } from "../../services/modules";');
  });
});

describe("components/ and app/ reach data only through tRPC or server/api", () => {
  it.each([
    ["components/modules/planted.tsx", 'import { imported } from "@/server/db/client";'],
    ["components/modules/planted.tsx", 'import { imported } from "../../server/db/client";'],
    ["components/modules/planted.tsx", 'import { imported } from "@prisma/client";'],
    ["components/modules/planted.tsx", 'import type { imported } from "@prisma/client";'],
    ["components/modules/planted.tsx", 'import { imported } from "@/server/services/modules";'],
    ["components/modules/planted.tsx", 'import { imported } from "../../server/services/modules";'],
    ["app/app/system/planted/page.tsx", 'import { imported } from "@/server/db/client";'],
    ["app/app/system/planted/page.tsx", 'import { imported } from "@/server/services/auth";'],
    ["app/api/planted/route.ts", 'import { imported } from "@prisma/client";'],
    ["app/api/planted/route.ts", 'import { imported } from "@/server/services/auth";'],
  ])("blocks %s: %s", (file, importLine) => expectBlocked(file, importLine));

  it("allows service types, contracts, server/api and, in route handlers, the database", async () => {
    await expectAllowed("components/modules/planted.tsx", 'import type { imported } from "@/server/services/modules";');
    await expectAllowed("components/modules/planted.tsx", 'import { imported } from "@/server/contracts/modules";');
    await expectAllowed("app/app/system/planted/page.tsx", 'import { imported } from "@/server/api/rsc";');
    await expectAllowed("app/api/planted/route.ts", 'import { imported } from "@/server/db/client";');
  });
});

describe("server/contracts stays browser-safe", () => {
  const file = "server/contracts/planted.ts";
  it.each([
    'import { imported } from "../services/modules";',
    'import { imported } from "../db/client";',
    'import { imported } from "@/server/api/trpc";',
    'import { imported } from "@prisma/client";',
    'import "server-only";',
    'import { imported } from "node:fs";',
  ])("blocks %s", (importLine) => expectBlocked(file, importLine));

  it("allows the domain, the permission table and zod", async () => {
    await expectAllowed(file, 'import { imported } from "../domain/manifest/schema";');
    await expectAllowed(file, 'import { imported } from "../auth/permissions";');
    await expectAllowed(file, 'import { imported } from "zod";');
  });
});

describe("server/services is transport- and framework-free", () => {
  const file = "server/services/planted.ts";
  it.each([
    'import { imported } from "@trpc/server";',
    'import { imported } from "next/headers";',
    'import { imported } from "next";',
  ])("blocks %s", (importLine) => expectBlocked(file, importLine));

  it("opens transactions only through runInTransaction", async () => {
    await expectBlocked(file, "export const planted = (db: { $transaction: (run: () => void) => void }) => db.$transaction(() => {});");
    await expectAllowed("server/services/transaction.ts", "export const planted = (db: { $transaction: (run: () => void) => void }) => db.$transaction(() => {});");
  });

  it("allows the domain, the database and plain libraries", async () => {
    await expectAllowed(file, 'import { imported } from "../domain/manifest";');
    await expectAllowed(file, 'import { imported } from "../db/client";');
    await expectAllowed(file, 'import { imported } from "zod";');
  });
});

describe('server/services and server/db are marked `import "server-only"`', () => {
  it("every non-test module in them imports server-only, so a client component reaching one fails the build", async () => {
    const fs = await import("node:fs");
    const unmarked: string[] = [];
    for (const folder of ["server/services", "server/db"]) {
      for (const name of fs.readdirSync(path.join(root, folder))) {
        if (!name.endsWith(".ts") || name.endsWith(".test.ts")) continue;
        const source = fs.readFileSync(path.join(root, folder, name), "utf8");
        if (!/^import "server-only";$/m.test(source)) unmarked.push(`${folder}/${name}`);
      }
    }
    expect(unmarked).toEqual([]);
  });
});
