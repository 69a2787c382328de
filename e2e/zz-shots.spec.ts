import { expect, signIn, test } from "./fixtures";

const PAGES = (process.env.SHOT_PAGES ?? "/app/system/settings?tab=system").split(",");
for (const theme of ["light", "dark"] as const) {
  for (const size of [{ width: 1440, height: 900 }, { width: 1280, height: 720 }]) {
    test.describe(`${theme} ${size.width}`, () => {
      test.use({ colorScheme: theme, viewport: size });
      test(`shots ${theme} ${size.width}`, async ({ page }) => {
        await signIn(page, "admin@powernode.example");
        for (const url of PAGES) {
          await page.goto(url);
          await expect(page.locator("h1").first()).toBeVisible();
          await page.waitForLoadState("networkidle").catch(() => undefined);
          await page.waitForTimeout(800);
          const name = url.replace(/[^a-z0-9]+/gi, "_");
          await page.screenshot({ path: `/tmp/shots/${name}-${theme}-${size.width}.png`, fullPage: false });
        }
      });
    });
  }
}
