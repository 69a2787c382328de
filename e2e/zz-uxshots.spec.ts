import type { Page } from "@playwright/test";
import { expect, restCall, signIn, test } from "./fixtures";

/**
 * Screenshots of the pages the UX pass changed, in both themes at 1440×900 and 1280×720, for a person to look at
 * (`UX_SHOTS=1 npm run test:e2e -- e2e/zz-uxshots.spec.ts`; PNGs in /tmp/shots). Skipped otherwise.
 */
async function openShellMenu(page: Page, name: string | RegExp): Promise<void> {
  await page.goto("/app/system/approvals");
  await page.getByRole("button", { name }).click();
  await expect(page.getByRole("menu")).toBeVisible();
}

const VISITS: Array<{ name: string; go: (page: Page) => Promise<void> }> = [
  { name: "home", go: async (page) => void (await page.goto("/app/system/home")) },
  { name: "templates", go: async (page) => void (await page.goto("/app/system/templates")) },
  { name: "modules", go: async (page) => void (await page.goto("/app/system/modules")) },
  // The shell's menus and sheet, which load on demand: each must open where its button is and look the same.
  { name: "account-menu", go: (page) => openShellMenu(page, /switch account/) },
  { name: "user-menu", go: (page) => openShellMenu(page, /user menu/) },
  { name: "theme-menu", go: (page) => openShellMenu(page, "Change theme") },
  {
    name: "shortcuts-sheet",
    go: async (page) => {
      await page.goto("/app/system/audit");
      await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
      await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
    },
  },
  {
    // A template where nginx and apache both claim http.port:80: the graph's clash edge and its label.
    name: "template-graph-clash",
    go: async (page) => {
      const template = await restCall<{ id: string }>(page.request, "post", "/system/templates", { name: `shots-clash-${Date.now().toString(36)}`, description: "Screenshots" }, 201);
      for (const module of ["nginx", "apache"]) {
        await restCall(page.request, "post", `/system/templates/${template.id}/modules`, { module_name: module, override_reason: "screenshot of a clash" }, 201);
      }
      await page.goto(`/app/system/templates/${template.id}`);
      await page.getByRole("tab", { name: "Dependency graph" }).click();
    },
  },
  {
    name: "palette",
    go: async (page) => {
      await page.goto("/app/system/home");
      await page.keyboard.press("Control+k");
      await page.getByRole("combobox", { name: "Go to or run" }).fill("ng");
      await expect(page.getByRole("option").first()).toBeVisible();
    },
  },
  {
    name: "template-layers",
    go: async (page) => {
      await page.goto("/app/system/templates");
      await page.getByRole("link", { name: "edge-web", exact: true }).click();
      await page.waitForURL(/templates\/[0-9a-f-]{36}/);
    },
  },
  {
    name: "template-graph",
    go: async (page) => {
      await page.goto("/app/system/templates");
      await page.getByRole("link", { name: "edge-web", exact: true }).click();
      await page.waitForURL(/templates\/[0-9a-f-]{36}/);
      await page.getByRole("tab", { name: "Dependency graph" }).click();
    },
  },
  { name: "manifest-editor", go: async (page) => void (await page.goto("/app/system/modules/nginx/manifest")) },
  { name: "versions", go: async (page) => void (await page.goto("/app/system/modules/nginx/versions")) },
  { name: "compare", go: async (page) => void (await page.goto("/app/system/modules/wireguard-overlay/versions/compare?from=1.0.0&to=1.1.0")) },
  { name: "pipeline", go: async (page) => void (await page.goto("/app/system/pipeline")) },
  {
    name: "approval",
    go: async (page) => {
      await page.goto("/app/system/approvals?tab=history");
      await page.locator("main table a, main [role=row] a").first().click();
      await page.waitForURL(/approvals\/[0-9a-f-]{36}/);
    },
  },
];

for (const theme of ["light", "dark"] as const) {
  for (const size of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
    test.describe(`ux shots ${theme} ${size.width}`, () => {
      test.use({ colorScheme: theme, viewport: size });
      test(`ux shots ${theme} ${size.width}`, async ({ page }) => {
        test.skip(!process.env.UX_SHOTS, "set UX_SHOTS=1 to take the screenshots");
        test.setTimeout(180_000);
        await signIn(page, process.env.UX_SHOTS_USER ?? "admin@powernode.example");
        for (const visit of VISITS) {
          await visit.go(page);
          await expect(page.locator("h1").first()).toBeVisible();
          await page.waitForLoadState("networkidle").catch(() => undefined);
          await page.waitForTimeout(900);
          await page.screenshot({ path: `/tmp/shots/ux-${visit.name}-${theme}-${size.width}.png` });
          await page.keyboard.press("Escape");
        }
      });
    });
  }
}
