import { expect, signIn, test } from "./fixtures";

/**
 * The operator UX pass (docs/ui.md): the attention home as landing page, the command palette, names instead of
 * ids in titles and breadcrumbs, dialogs that never clip, the Problems panel in view, read-only notes for viewers
 * and comparing two versions by URL.
 */
test.use({ viewport: { width: 1440, height: 900 } });

test("sign-in lands on the attention home, whose counts link to their lists", async ({ page }) => {
  await signIn(page, "approver@powernode.example");
  await expect(page).toHaveURL(/\/app\/system\/home$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("Needs attention");
  await expect(page).toHaveTitle("Home · Strata");
  const approvals = page.locator('[data-attention="approvals-mine"]');
  await expect(approvals).toBeVisible();
  await approvals.getByRole("link").first().click();
  await expect(page).toHaveURL(/\/app\/system\/approvals$/);
});

test("command palette: Ctrl+K, a module's name, Enter opens it; Promote… asks for a module", async ({ page }) => {
  await signIn(page, "operator@powernode.example");
  await page.keyboard.press("Control+k");
  const palette = page.getByTestId("command-palette");
  const box = palette.getByRole("combobox", { name: "Go to or run" });
  await expect(box).toBeFocused();
  await box.fill("nginx-tls");
  await expect(palette.getByRole("option", { name: /nginx-tls-config/ })).toBeVisible();
  await page.keyboard.press("ArrowDown");
  await expect(box).toHaveAttribute("aria-activedescendant", /option/);
  // The first option under "Modules" after the matching pages/actions (none match "nginx-tls").
  await box.press("Enter");
  await expect(page).toHaveURL(/\/app\/system\/modules\/nginx-tls-config$/);

  await page.keyboard.press("Control+k");
  await box.fill("promo");
  await box.press("Enter");
  await expect(box).toHaveValue("promote ");
  await box.pressSequentially("wireguard");
  await expect(palette.getByRole("option", { name: "Promote wireguard-overlay…" })).toBeVisible();
  await box.press("Enter");
  await expect(page).toHaveURL(/\/modules\/wireguard-overlay\/versions$/);
  await page.keyboard.press("?");
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toContainText("Command palette");
});

test("the shell's menus load on demand and open from the keyboard and the pointer", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/modules");
  await expect(page.locator('table[aria-label="Modules"] tbody tr[data-row-id]').first()).toBeVisible();
  // Before its code is loaded the theme button already says it opens a menu; Enter loads and opens it.
  const theme = page.getByRole("button", { name: "Change theme" });
  await expect(theme).toHaveAttribute("aria-haspopup", "menu");
  await expect(async () => {
    await theme.focus();
    await page.keyboard.press("Enter");
    await expect(page.getByRole("menu")).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await expect(page.getByRole("menuitemradio").first()).toBeFocused();
  await page.keyboard.press("Escape");
  await expect(page.getByRole("menu")).toBeHidden();
  await expect(theme).toBeFocused();
  await theme.click();
  await page.getByRole("menuitemradio", { name: "Dark" }).click();
  await expect(page.locator("html")).toHaveClass(/\bdark\b/);

  await page.getByRole("button", { name: /switch account/ }).click();
  await expect(page.getByRole("menu")).toContainText("Accounts");
  await page.keyboard.press("Escape");
  await page.getByRole("button", { name: /user menu/ }).click();
  await page.getByRole("menuitem", { name: "Keyboard shortcuts" }).click();
  await expect(page.getByRole("dialog", { name: "Keyboard shortcuts" })).toBeVisible();
});

test("list rows prefetch their page on hover, the sidebar when in view", async ({ page }) => {
  const prefetched = new Set<string>();
  page.on("request", (request) => {
    if (request.headers()["next-router-prefetch"] !== undefined) prefetched.add(new URL(request.url()).pathname);
  });
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/modules");
  const link = page.locator('table[aria-label="Modules"] tbody tr[data-row-id]').first().getByRole("link").first();
  await expect(link).toBeVisible();
  // The sidebar's links prefetch once the page is idle; the rows, in view at the same time, do not.
  await expect.poll(() => prefetched.has("/app/system/templates"), { timeout: 20_000 }).toBe(true);
  const modulePages = () => [...prefetched].filter((path) => /^\/app\/system\/modules\/[^/]+$/.test(path) && path !== "/app/system/modules/new");
  expect(modulePages()).toEqual([]);
  const href = await link.getAttribute("href");
  await link.hover();
  await expect.poll(() => modulePages()).toEqual([href]);
});

test.describe("on a phone", () => {
  test.use({ viewport: { width: 390, height: 844 } });

  test("the navigation drawer loads when opened, and following a link closes it", async ({ page }) => {
    await signIn(page, "viewer@powernode.example");
    await page.goto("/app/system/modules");
    const open = page.getByRole("button", { name: "Open navigation" });
    await expect(async () => {
      await open.click();
      await expect(page.getByRole("dialog", { name: "Navigation" })).toBeVisible({ timeout: 1_000 });
    }).toPass({ timeout: 20_000 });
    const drawer = page.getByRole("dialog", { name: "Navigation" });
    await drawer.getByRole("link", { name: "Templates" }).click();
    await expect(page).toHaveURL(/\/app\/system\/templates$/);
    await expect(drawer).toBeHidden();
    await open.click();
    await expect(drawer).toBeVisible();
    await drawer.getByRole("button", { name: "Close navigation" }).click();
    await expect(drawer).toBeHidden();
    await expect(open).toBeFocused();
  });
});

test("template and live request pages name their entity in the breadcrumb and the tab title", async ({ page }) => {
  await signIn(page, "admin@powernode.example");
  await page.goto("/app/system/templates");
  await page.getByRole("link", { name: "edge-web", exact: true }).click();
  await page.waitForURL(/\/templates\/[0-9a-f-]{36}/);
  const crumbs = page.getByRole("navigation", { name: "Breadcrumb" });
  await expect(crumbs).toContainText("edge-web");
  await expect(crumbs).not.toContainText(/[0-9a-f]{8}-[0-9a-f]{4}/);
  await expect(page).toHaveTitle("edge-web · Template · Strata");
  await page.goto("/app/system/modules/nginx/manifest");
  await expect(page).toHaveTitle("nginx · Manifest · Strata");
  await page.goto("/app/system/modules/nginx");
  await expect(page).toHaveTitle("nginx · Overview · Strata");
});

test("adding a clashing module: the dialog keeps the new errors and Add anyway inside its edges", async ({ page }) => {
  await signIn(page, "operator@powernode.example");
  await page.goto("/app/system/templates?new=1");
  const name = `ux-${Date.now().toString(36)}`;
  await page.getByLabel("Name").fill(name);
  await page.getByRole("button", { name: "Create template" }).click();
  await page.waitForURL(/\/app\/system\/templates\/[0-9a-f-]{36}$/);
  for (const module of ["nginx", "apache"]) {
    await page.getByRole("button", { name: "Add module" }).first().click();
    const picker = page.getByRole("dialog", { name: "Add a module" });
    await picker.getByLabel("Search modules").fill(module);
    await picker.getByRole("button", { name: `Add ${module}`, exact: true }).click();
    const confirm = page.getByRole("alertdialog", { name: `Add ${module} to this template?` });
    await expect(confirm.getByTestId("change-diff")).toBeVisible();
    if (module === "nginx") {
      await confirm.getByRole("button", { name: "Add nginx", exact: true }).click();
      await expect(confirm).toBeHidden();
      continue;
    }
    await expect(confirm.getByText("New errors")).toBeVisible();
    const dialog = (await confirm.boundingBox())!;
    for (const inner of [confirm.getByTestId("change-diff"), confirm.getByRole("button", { name: "Add apache anyway" })]) {
      const b = (await inner.boundingBox())!;
      expect(b.x + b.width, "inside the dialog's right edge").toBeLessThanOrEqual(dialog.x + dialog.width + 0.5);
    }
    expect(await confirm.evaluate((el) => el.scrollWidth <= el.clientWidth + 1), "no horizontal overflow").toBe(true);
    await page.screenshot({ path: "/tmp/shots/ux-add-apache-dialog.png" });
    await confirm.getByRole("button", { name: "Cancel" }).click();
  }
});

test("manifest editor at 1440×900: the Problems panel is on screen without scrolling", async ({ page }) => {
  await signIn(page, "author@powernode.example");
  await page.goto("/app/system/modules/nginx/manifest");
  const problems = page.getByTestId("problems-panel");
  await expect(problems).toBeVisible();
  const box = (await problems.boundingBox())!;
  expect(box.y + 60, "the panel's header is above the fold").toBeLessThanOrEqual(900);
  await expect(page.getByRole("separator", { name: "Resize the editor and the Problems panel" })).toBeVisible();
});

test("viewers see why the actions are missing", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/modules/nginx/versions");
  await expect(page.getByTestId("read-only-notice")).toContainText("Your role (viewer) can see the pipeline but not promote");
  await page.goto("/app/system/templates");
  await expect(page.getByTestId("read-only-notice")).toContainText("can see templates but not create or change them");
});

test("compare two versions by URL: manifest diff, files, composition effect", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/modules/wireguard-overlay/versions/compare?from=1.0.0&to=1.1.0");
  const comparison = page.getByTestId("version-comparison");
  await expect(comparison).toBeVisible();
  await expect(comparison.getByTestId("manifest-diff")).toBeVisible();
  await expect(comparison.getByTestId("file-diff")).toBeVisible();
  await expect(page).toHaveTitle("wireguard-overlay · 1.0.0 → 1.1.0 · Compare versions · Strata");
});

test("blessing on the Versions tab updates the module header's chips without a reload", async ({ page }) => {
  // node-exporter 1.1.0 is ready to bless in the demo data and no other spec promotes it (the promotion spec moves
  // security-hardening 1.2.0 along the pipeline, so this test must not depend on it).
  await signIn(page, "operator@powernode.example");
  await page.goto("/app/system/modules/node-exporter/versions");
  const header = page.getByTestId("module-header-versions");
  await expect(header).not.toContainText("blessed 1.1.0");
  await page.getByTestId("lane-staging").locator('[data-testid="version-card"][data-version="1.1.0"]').getByRole("button", { name: "Bless" }).click();
  const dialog = page.getByRole("alertdialog");
  await dialog.getByRole("button", { name: /^Bless/ }).click();
  await expect(page.getByTestId("lane-blessed").locator('[data-version="1.1.0"]')).toBeVisible();
  await expect(header.getByTitle(/Latest blessed version: 1\.1\.0/)).toBeVisible();
  await expect(page.getByTestId("compare-picker")).toBeVisible();
});

test("the pipeline board promotes with the module page's dialog, from the keyboard", async ({ page }) => {
  await signIn(page, "operator@powernode.example");
  await page.goto("/app/system/pipeline");
  const row = page.locator('[data-testid="board-row"]').filter({ has: page.locator('[data-action="blessed"]') }).first();
  const moduleName = await row.getAttribute("data-module");
  const bless = row.locator('[data-action="blessed"]').first();
  await bless.focus();
  await page.keyboard.press("Enter");
  const dialog = page.getByRole("alertdialog", { name: new RegExp(`^Bless ${moduleName} `) });
  await expect(dialog).toBeVisible();
  await expect(dialog.getByRole("button", { name: "Bless" })).toBeVisible();
  await page.keyboard.press("Escape");
  await expect(dialog).toBeHidden();
  // Viewers get no actions on the board.
  await page.context().clearCookies();
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/pipeline");
  await expect(page.locator('[data-testid="board-row"]').first()).toBeVisible();
  await expect(page.getByTestId("board-action")).toHaveCount(0);
});
