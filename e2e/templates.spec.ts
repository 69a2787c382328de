import { expect, signIn, test } from "./fixtures";

/**
 * The templates walk-through (docs/templates.md) on the seeded demo: build a template in the editor, add nginx and
 * apache and see the http.port:80 clash, remove one, open the overlay, find /etc/nginx/nginx.conf with its winner and
 * the layer it shadows, then override a priority and see the winner change.
 */
test("compose a template: port clash, overlay winner, priority override", async ({ page }) => {
  test.setTimeout(120_000);
  await signIn(page, "operator@powernode.example");
  await page.goto("/app/system/templates");
  // The three seeded templates (specs share one database: e2e/fleet.spec.ts adds a template of its own).
  for (const name of ["bastion", "edge-web", "k3s-worker"]) {
    await expect(page.getByTestId("template-row").filter({ has: page.getByRole("link", { name, exact: true }) })).toHaveCount(1);
  }

  await page.getByRole("button", { name: "New template" }).click();
  await page.getByLabel("Name").fill("e2e-web");
  await page.getByLabel("Description").fill("Built by the e2e walk-through");
  await page.getByRole("button", { name: "Create template" }).click();
  await page.waitForURL(/\/app\/system\/templates\/[0-9a-f-]{36}$/);
  await expect(page.getByRole("heading", { level: 1 })).toHaveText("e2e-web");
  await expect(page.getByText("No modules yet")).toBeVisible();

  const addModule = async (name: string, { reason }: { reason?: string } = {}) => {
    await page.getByRole("button", { name: "Add module" }).first().click();
    const picker = page.getByRole("dialog", { name: "Add a module" });
    await picker.getByLabel("Search modules").fill(name);
    await picker.getByRole("button", { name: `Add ${name}`, exact: true }).click();
    const confirm = page.getByRole("alertdialog", { name: `Add ${name} to this template?` });
    await expect(confirm.getByTestId("change-diff")).toBeVisible();
    if (reason) {
      await expect(confirm.getByText("New errors")).toBeVisible();
      await confirm.getByLabel("Override reason").fill(reason);
      await confirm.getByRole("button", { name: `Add ${name} anyway` }).click();
    } else {
      await confirm.getByRole("button", { name: `Add ${name}`, exact: true }).click();
    }
    await expect(confirm).toBeHidden();
    await expect(page.locator(`[data-testid="layer-row"][data-module="${name}"]`)).toBeVisible();
  };

  await addModule("nginx");
  const stack = page.getByTestId("layer-stack");
  // nginx requires system-base: pulled in, shown "via nginx".
  await expect(stack.locator('[data-module="system-base"]').getByTestId("via-dependency")).toHaveText("via nginx");
  await expect(stack.locator('[data-module="nginx"]').getByTestId("derivation")).toHaveText("(userland 90 + subscription 0) × 1000 + 100 = 90100");

  // apache also provides http.port:80: the preview in the confirmation shows the clash and asks for a reason.
  await addModule("apache", { reason: "e2e: both web servers for one migration window" });
  const errors = page.getByTestId("issues-errors");
  await expect(errors.locator('[data-code="capability.exclusive_clash"]')).toContainText("http.port:80");
  await expect(page.getByTestId("health-badge").first()).toHaveAttribute("data-health", "errors");

  // Remove apache: the clash is gone.
  await stack.locator('[data-module="apache"]').getByRole("button", { name: "Remove apache" }).click();
  const removal = page.getByRole("alertdialog", { name: "Remove apache from this template?" });
  await removal.getByRole("button", { name: "Remove apache" }).click();
  await expect(removal).toBeHidden();
  await expect(errors).toContainText("Errors (0)");
  await expect(stack.locator('[data-module="apache"]')).toHaveCount(0);

  // The TLS config replaces nginx's nginx.conf.
  await addModule("nginx-tls-config");

  await page.getByRole("tab", { name: /Overlay/ }).click();
  await page.getByLabel("Search paths").fill("nginx.conf");
  const match = page.getByRole("listbox", { name: "Matching paths" }).locator('[data-path="/etc/nginx/nginx.conf"]');
  await match.click();
  const detail = page.getByTestId("path-detail");
  await expect(detail.getByTestId("detail-path")).toHaveText("/etc/nginx/nginx.conf");
  await expect(detail.getByTestId("detail-winner")).toContainText("nginx-tls-config");
  await expect(detail.getByTestId("detail-shadowed")).toContainText("nginx");
  await expect(detail.getByTestId("detail-shadowed")).not.toContainText("nginx-tls-config");

  // Override nginx above its TLS config: the what-if runs as the number is typed, then the change is saved.
  await page.getByRole("tab", { name: "Layer stack" }).click();
  const nginxRow = stack.locator('[data-module="nginx"]');
  await nginxRow.getByLabel("nginx effective priority override").fill("95000");
  await expect(nginxRow.getByTestId("what-if")).toContainText("1 path change");
  await nginxRow.getByRole("button", { name: "Apply" }).click();
  const override = page.getByRole("alertdialog", { name: /Override nginx's effective priority to 95000/ });
  await expect(override.getByTestId("change-diff")).toContainText("/etc/nginx/nginx.conf: nginx-tls-config → nginx");
  await override.getByRole("button", { name: "Apply override" }).click();
  await expect(override).toBeHidden();
  await expect(nginxRow.getByTestId("effective-priority")).toHaveText("95000");
  await expect(nginxRow.getByTestId("derivation")).toHaveText("override 95000 (derived would be 90100)");
  // The top of the stack wins: nginx is first now.
  await expect(stack.getByTestId("layer-row").first()).toHaveAttribute("data-module", "nginx");

  await page.getByRole("tab", { name: /Overlay/ }).click();
  await expect(detail.getByTestId("detail-winner")).toContainText("nginx");
  await expect(detail.getByTestId("detail-winner")).not.toContainText("nginx-tls-config");
  await expect(detail.getByTestId("detail-shadowed")).toContainText("nginx-tls-config");

  // The list shows the new template with its counts and health.
  await page.goto("/app/system/templates");
  const row = page.getByTestId("template-row").filter({ hasText: "e2e-web" });
  // Two assigned modules (system-base is only pulled in); the override leaves nginx-tls-config below its parent: a warning.
  await expect(row.getByRole("cell").nth(1)).toHaveText("2");
  await expect(row.getByTestId("health-badge")).toHaveAttribute("data-health", "warnings");
});

test("the overlay tree is keyboard navigable and links to a path", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/templates");
  await page.getByRole("link", { name: "edge-web" }).click();
  await page.waitForURL(/templates\/[0-9a-f-]{36}$/);
  const url = page.url();
  await page.goto(`${url}?tab=overlay&path=/etc/login.defs`);
  const detail = page.getByTestId("path-detail");
  await expect(detail.getByTestId("detail-winner")).toContainText("security-hardening");
  await expect(detail.getByTestId("detail-shadowed")).toContainText("system-base");
  // Viewers see no editing controls.
  await expect(page.getByRole("button", { name: "Add module" })).toHaveCount(0);

  const tree = page.getByTestId("overlay-tree");
  await tree.focus();
  await page.keyboard.press("Home");
  // The first row is a directory; → expands it, ↓ moves into it.
  const first = tree.locator('[data-testid="overlay-dir"]').first();
  const firstPath = await first.getAttribute("data-path");
  await page.keyboard.press("ArrowRight");
  await expect(first).toHaveAttribute("aria-expanded", "true");
  await page.keyboard.press("ArrowLeft");
  await expect(first).toHaveAttribute("aria-expanded", "false");
  expect(firstPath).toMatch(/^\/[a-z]+$/);

  // The dependency graph lays the modules out, nginx-tls-config above the nginx it requires.
  await page.getByRole("tab", { name: "Dependency graph" }).click();
  await expect(page.getByTestId("dependency-graph").getByTestId("graph-node")).toHaveCount(10);
  await page.getByRole("tab", { name: /Overlay/ }).click();

  // Filters: only dropped copies → /etc/issue (system-base's copy dropped by security-hardening's protection).
  await page.getByRole("button", { name: "Dropped only" }).click();
  await page.getByLabel("Search paths").fill("/etc/issue");
  const matches = page.getByRole("listbox", { name: "Matching paths" });
  await expect(matches.getByTestId("overlay-file")).toHaveCount(2);
  await matches.locator('[data-path="/etc/issue"]').click();
  await expect(detail.getByTestId("detail-dropped")).toContainText("system-base");
  await expect(detail.getByTestId("detail-dropped")).toContainText("security-hardening");
  await expect(detail.getByTestId("detail-dropped")).toContainText("/etc/issue");
});
