import { test as base, expect, type Page } from "@playwright/test";
import { E2E_PASSWORD } from "../playwright.config";

/**
 * Every page blocks and records requests that leave the machine: Strata must work offline (no CDN, no fonts
 * service). A test that triggered one fails after it ran.
 */
export const test = base.extend<{ offlineGuard: string[] }>({
  offlineGuard: [
    async ({ context }, use) => {
      const escaped: string[] = [];
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
        if (local || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
        escaped.push(route.request().url());
        return route.abort("blockedbyclient");
      });
      await use(escaped);
      expect(escaped, "requests that left 127.0.0.1").toEqual([]);
    },
    { auto: true },
  ],
});
export { expect };

export async function signIn(page: Page, email: string, password = E2E_PASSWORD) {
  await page.goto("/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Sign in" }).click();
  await page.waitForURL(/\/app\/system\//);
}
