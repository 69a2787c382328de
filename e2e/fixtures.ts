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
      // A script, style or worker blocked by the Content-Security-Policy is a broken page: record and fail on it.
      const blockedByPolicy: string[] = [];
      context.on("page", (page) =>
        page.on("console", (message) => {
          if (/Content Security Policy/i.test(message.text())) blockedByPolicy.push(message.text());
        }),
      );
      await context.route("**/*", (route) => {
        const url = new URL(route.request().url());
        const local = url.hostname === "127.0.0.1" || url.hostname === "localhost";
        if (local || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
        escaped.push(route.request().url());
        return route.abort("blockedbyclient");
      });
      await use(escaped);
      expect(escaped, "requests that left 127.0.0.1").toEqual([]);
      expect(blockedByPolicy, "content blocked by the Content-Security-Policy").toEqual([]);
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
