/**
 * Accessibility measured (docs/ui.md, "Accessibility"): axe-core audits every page of the console — every sidebar
 * page, every module tab, the registration form, a template editor with each of its tabs, the approvals queue and a
 * request, the instances list and an instance, the settings tabs and the sign-in page — in the light and the dark
 * theme, and with the promote and add-module dialogs open. Any serious or critical violation fails the run; the
 * message lists each one with the elements it hit. A second test fails when a page under app/app/system has no
 * visit here, so a new page joins the audit.
 *
 * Seeded data (docs/demo-data.md): security-hardening 1.2.0 is in staging (its Bless dialog), wireguard-overlay 1.1.0
 * is blessed (its Request live dialog), nginx 1.3.0 has the pending live request, edge-web is a template with instances. Nothing is changed: every dialog is dismissed.
 */
import fs from "node:fs";
import path from "node:path";
import AxeBuilder from "@axe-core/playwright";
import type { Page, TestInfo } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

type Theme = "light" | "dark";

/** A page to audit: `route` is its file-system route under app/ (brackets for segments), `url` where to go. */
interface Visit {
  name: string;
  route: string;
  url: string | ((page: Page) => Promise<string>);
  /** Opens what should be audited besides the page (a dialog, a tab); audited in the state it leaves. */
  open?: (page: Page) => Promise<void>;
  signedOut?: boolean;
}

const SYSTEM = "/app/system";

/** The href of the first link matching `selector` on `from`: ids (template, request, instance) come from the demo. */
function firstLink(from: string, selector: string) {
  return async (page: Page) => {
    await page.goto(from);
    const link = page.locator(selector).first();
    await expect(link).toBeVisible();
    const href = await link.getAttribute("href");
    if (!href) throw new Error(`no link ${selector} on ${from}`);
    return href;
  };
}

const templatePage = firstLink(`${SYSTEM}/templates`, `[data-testid="template-row"] a:text-is("edge-web")`);
const moduleTabs = ["", "/manifest", "/versions", "/ingest", "/dependencies", "/activity"] as const;
const moduleTabRoutes: Record<(typeof moduleTabs)[number], string> = {
  "": `${SYSTEM}/modules/[name]`,
  "/manifest": `${SYSTEM}/modules/[name]/manifest`,
  "/versions": `${SYSTEM}/modules/[name]/versions`,
  "/ingest": `${SYSTEM}/modules/[name]/ingest`,
  "/dependencies": `${SYSTEM}/modules/[name]/dependencies`,
  "/activity": `${SYSTEM}/modules/[name]/activity`,
};

const VISITS: Visit[] = [
  { name: "sign-in", route: "/login", url: "/login", signedOut: true },
  // /app/system redirects to the attention home.
  { name: "attention home", route: `${SYSTEM}/home`, url: `${SYSTEM}/home` },
  { name: "system index (redirects home)", route: SYSTEM, url: SYSTEM },
  { name: "modules", route: `${SYSTEM}/modules`, url: `${SYSTEM}/modules` },
  { name: "module registration form", route: `${SYSTEM}/modules/new`, url: `${SYSTEM}/modules/new` },
  ...moduleTabs.map((tab) => ({ name: `nginx tab ${tab || "/overview"}`, route: moduleTabRoutes[tab], url: `${SYSTEM}/modules/nginx${tab}` })),
  {
    name: "promote dialog (Bless security-hardening 1.2.0)",
    route: `${SYSTEM}/modules/[name]/versions`,
    url: `${SYSTEM}/modules/security-hardening/versions`,
    open: async (page) => {
      await page.getByTestId("lane-staging").locator('[data-testid="version-card"][data-version="1.2.0"]').getByRole("button", { name: "Bless" }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
    },
  },
  {
    name: "promote dialog (Request live wireguard-overlay 1.1.0)",
    route: `${SYSTEM}/modules/[name]/versions`,
    url: `${SYSTEM}/modules/wireguard-overlay/versions`,
    open: async (page) => {
      // The Request live dialog with its reason box: wireguard-overlay 1.1.0 is blessed, its last request rejected.
      await page.getByTestId("lane-blessed").locator('[data-testid="version-card"][data-version="1.1.0"]').getByRole("button", { name: "Request live…" }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
    },
  },
  {
    name: "compare versions (wireguard-overlay 1.0.0 → 1.1.0)",
    route: `${SYSTEM}/modules/[name]/versions/compare`,
    url: `${SYSTEM}/modules/wireguard-overlay/versions/compare?from=1.0.0&to=1.1.0`,
  },
  { name: "pipeline board", route: `${SYSTEM}/pipeline`, url: `${SYSTEM}/pipeline` },
  { name: "templates", route: `${SYSTEM}/templates`, url: `${SYSTEM}/templates` },
  ...(["layers", "graph", "overlay", "instances"] as const).map((tab) => ({
    name: `template editor (edge-web, ${tab})`,
    route: `${SYSTEM}/templates/[id]`,
    url: async (page: Page) => `${await templatePage(page)}?tab=${tab}`,
  })),
  {
    name: "add-module dialog (picker)",
    route: `${SYSTEM}/templates/[id]`,
    url: templatePage,
    open: async (page) => {
      await page.getByRole("button", { name: "Add module" }).first().click();
      await expect(page.getByRole("dialog", { name: "Add a module" })).toBeVisible();
    },
  },
  {
    name: "add-module dialog (confirm)",
    route: `${SYSTEM}/templates/[id]`,
    url: templatePage,
    open: async (page) => {
      await page.getByRole("button", { name: "Add module" }).first().click();
      const picker = page.getByRole("dialog", { name: "Add a module" });
      // A module edge-web doesn't have; the exact name, because the list re-renders as the search narrows it.
      await picker.getByLabel("Search modules").fill("containerd");
      await picker.getByRole("button", { name: "Add containerd", exact: true }).click();
      await expect(page.getByRole("alertdialog")).toBeVisible();
    },
  },
  { name: "approvals (pending)", route: `${SYSTEM}/approvals`, url: `${SYSTEM}/approvals` },
  { name: "approvals (history)", route: `${SYSTEM}/approvals`, url: `${SYSTEM}/approvals?tab=history` },
  { name: "approval request", route: `${SYSTEM}/approvals/[id]`, url: firstLink(`${SYSTEM}/approvals`, '[data-testid="request-link"]') },
  { name: "instances", route: `${SYSTEM}/instances`, url: `${SYSTEM}/instances` },
  { name: "instance", route: `${SYSTEM}/instances/[id]`, url: firstLink(`${SYSTEM}/instances`, `a[href^="${SYSTEM}/instances/"]`) },
  { name: "audit", route: `${SYSTEM}/audit`, url: `${SYSTEM}/audit` },
  ...(["members", "tokens", "policy", "signing", "system"] as const).map((tab) => ({
    name: `settings (${tab})`,
    route: `${SYSTEM}/settings`,
    url: `${SYSTEM}/settings?tab=${tab}`,
  })),
];

/** Waits until the page has rendered its data: a heading, no loading region, an editor's line numbers. */
async function settle(page: Page) {
  await expect(page.locator("h1").first()).toBeVisible();
  await expect(page.locator('[aria-busy="true"]')).toHaveCount(0, { timeout: 20_000 });
  await page.waitForLoadState("networkidle", { timeout: 5_000 }).catch(() => undefined);
  if ((await page.locator(".monaco-editor").count()) > 0) await expect(page.locator(".monaco-editor .line-numbers").first()).toBeVisible();
}

interface Finding {
  visit: string;
  rule: string;
  impact: string;
  help: string;
  nodes: string[];
}

async function audit(page: Page, visit: string, testInfo: TestInfo): Promise<Finding[]> {
  const results = await new AxeBuilder({ page }).analyze();
  await testInfo.attach(`axe ${visit}`, { body: JSON.stringify(results.violations, null, 2), contentType: "application/json" });
  return results.violations
    .filter((v) => v.impact === "serious" || v.impact === "critical")
    .map((v) => ({
      visit,
      rule: v.id,
      impact: v.impact ?? "",
      help: v.help,
      nodes: v.nodes.map((n) => `${n.target.join(" ")} — ${n.failureSummary?.replace(/\s+/g, " ") ?? ""}`),
    }));
}

function report(findings: Finding[]): string {
  return findings.map((f) => `\n[${f.impact}] ${f.rule} on ${f.visit}: ${f.help}\n  ${f.nodes.slice(0, 6).join("\n  ")}`).join("");
}

for (const theme of ["light", "dark"] as const satisfies Theme[]) {
  test.describe(`${theme} theme`, () => {
    // The theme follows the system (next-themes, defaultTheme "system"); each test checks <html> took it.
    test.use({ colorScheme: theme });

    for (const visit of VISITS) {
      test(`${visit.name} has no serious or critical axe violation (${theme})`, async ({ page }, testInfo) => {
        if (!visit.signedOut) await signIn(page, "admin@powernode.example");
        const url = typeof visit.url === "string" ? visit.url : await visit.url(page);
        await page.goto(url);
        await expect(page.locator("html")).toHaveClass(theme === "dark" ? /\bdark\b/ : /^(?![\s\S]*\bdark\b)/);
        await settle(page);
        if (visit.open) {
          await visit.open(page);
          // Dialogs animate in; audit the settled state.
          await page.waitForTimeout(300);
        }
        const findings = await audit(page, visit.name, testInfo);
        expect(findings, `serious or critical axe violations on ${visit.name} (${theme}):${report(findings)}`).toEqual([]);
      });
    }
  });
}

/** Every page.tsx under app/app/system as its route ("/app/system/modules/[name]/versions"). */
function systemRoutes(): string[] {
  const root = path.resolve(import.meta.dirname, "..", "app");
  const routes: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === "page.tsx") {
        // Route groups ("(auth)") are not part of the URL.
        const segments = path.relative(root, dir).split(path.sep).filter((s) => !/^\(.*\)$/.test(s));
        routes.push(`/${segments.join("/")}`);
      }
    }
  };
  walk(path.join(root, "app", "system"));
  return routes.sort();
}

test("every page under app/app/system has an accessibility visit", () => {
  const visited = new Set(VISITS.map((v) => v.route));
  const routes = systemRoutes();
  expect(routes.length).toBeGreaterThan(10);
  expect(
    routes.filter((route) => !visited.has(route)),
    "pages with no visit in e2e/accessibility.spec.ts (add one to VISITS)",
  ).toEqual([]);
});
