import { test as base, expect, type APIRequestContext, type Page } from "@playwright/test";
import { E2E_API_TOKEN, E2E_PASSWORD } from "../playwright.config";

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

/**
 * A REST call with the seeded admin token, checking the status (or any 2xx) and answering the JSON body. The server
 * closes idle keep-alive connections; a request written to one that was just closed never reached it (ECONNRESET on
 * reuse), so it is safe to send again once.
 */
export async function restCall<T>(request: APIRequestContext, method: "post" | "put", path: string, data: unknown, status?: number): Promise<T> {
  const call = () => request[method](`/api/v1${path}`, { headers: { authorization: `Bearer ${E2E_API_TOKEN}` }, data });
  const response = await call().catch((error: unknown) => {
    if (error instanceof Error && error.message.includes("ECONNRESET")) return call();
    throw error;
  });
  if (status !== undefined) expect(response.status(), `${path}: ${await response.text()}`).toBe(status);
  else expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}
