import { expect, signIn, test } from "./fixtures";

test("a viewer browses the catalog: filters and sort live in the URL, / focuses search", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  // A filter given in the URL is applied on arrival.
  await page.goto("/app/system/modules?state=staging");
  const table = page.getByRole("table", { name: "Modules" });
  await expect(table.getByRole("row")).toHaveCount(4); // header + chrony, node-exporter, security-hardening
  await expect(page.getByLabel("State of the latest version")).toHaveValue("staging");
  const chrony = table.getByRole("row", { name: "Open chrony" });
  await expect(chrony).toContainText("stale 1.1.0");
  await expect(table.getByRole("row", { name: "Open node-exporter" })).toContainText("ready to bless 1.1.0");
  await expect(page.getByRole("button", { name: "Register module" })).toHaveCount(0);

  // Sidebar counts follow the other filters; choosing a category narrows the table and the URL.
  const categories = page.getByRole("navigation", { name: "Categories" });
  await expect(categories.getByRole("button", { name: /Userland/ })).toContainText("2");
  await categories.getByRole("button", { name: /Security hardening/ }).click();
  await expect(page).toHaveURL(/category=security-hardening/);
  await expect(table.getByRole("row")).toHaveCount(2);

  // Clear, then search with the / shortcut.
  await page.getByRole("button", { name: "Clear filters" }).click();
  await expect(page).toHaveURL(/\/app\/system\/modules$/);
  await page.getByRole("heading", { level: 1, name: "Modules" }).click();
  await page.keyboard.press("/");
  await expect(page.getByRole("searchbox", { name: /Search modules/ })).toBeFocused();
  await page.keyboard.type("nginx");
  await expect(page).toHaveURL(/q=nginx/);
  // Name, display name and description match: nginx, nginx-tls-config, and apache and edge-site-config mention it.
  await expect(table.getByRole("row")).toHaveCount(5);

  // Sorting is in the URL too: numbers sort highest first on the first click, then ascending.
  await page.getByRole("button", { name: "Effective" }).click();
  await expect(page).toHaveURL(/sort=effectivePriority&dir=desc/);
  await expect(table.getByRole("columnheader", { name: "Effective" })).toHaveAttribute("aria-sort", "descending");
  await expect(table.getByRole("row").nth(1)).toContainText("edge-site-config");
  await expect(table.getByRole("row").nth(2)).toContainText("nginx-tls-config");
  await expect(table.getByLabel(/Effective priority 91100: \(userland 90 \+ config 1\) × 1000 \+ 100 = 91100/)).toBeVisible();

  // Back/forward keep the view: reload lands on the same filtered, sorted list.
  await page.reload();
  await expect(table.getByRole("row").nth(2)).toContainText("nginx-tls-config");
  await table.getByRole("link", { name: "nginx-tls-config" }).click();
  await expect(page).toHaveURL(/\/app\/system\/modules\/nginx-tls-config$/);
  await expect(page.getByTestId("priority-derivation")).toHaveText("(userland 90 + config 1) × 1000 + 100 = 91100");
});

test("an author registers a module (duplicate name shown on the field), lands on its page and edits the overview", async ({ page }) => {
  await signIn(page, "author@powernode.example");
  await page.goto("/app/system/modules");
  await page.getByRole("link", { name: "Register module" }).click();
  await expect(page).toHaveURL(/\/app\/system\/modules\/new$/);

  const form = page.getByRole("form", { name: "Register a module" });
  // A name that exists: only the server knows, and its answer lands on the Name field.
  await form.getByRole("textbox", { name: "Name", exact: true }).fill("nginx");
  await form.getByRole("textbox", { name: "Display name" }).fill("Edge web (e2e)");
  await form.getByRole("combobox", { name: "Category" }).selectOption("userland");
  await form.getByRole("spinbutton", { name: "Priority" }).fill("7");
  await expect(form.getByText("(userland 90 + subscription 0) × 1000 + 7 = 90007")).toBeVisible();

  // The identity regexp and its live test box.
  const identity = "^https://git\\.powernode\\.example/modules/edge-web-e2e/\\.forgejo/workflows/release\\.yaml@refs/tags/v.*$";
  await form.getByRole("textbox", { name: /Cosign identity regexp/ }).fill(identity);
  await form.getByRole("textbox", { name: "Test against an identity" }).fill("https://git.powernode.example/modules/edge-web-e2e/.forgejo/workflows/release.yaml@refs/tags/v1.0.0");
  await expect(form.getByText("Matches", { exact: true })).toBeVisible();
  await form.getByRole("textbox", { name: "Test against an identity" }).fill("https://evil.example/fork/.forgejo/workflows/release.yaml@refs/tags/v1.0.0");
  await expect(form.getByText("No match", { exact: true })).toBeVisible();

  await form.getByRole("radio", { name: /Blank template/ }).check();
  await form.getByRole("button", { name: "Register module" }).click();
  const nameField = form.getByRole("textbox", { name: "Name", exact: true });
  await expect(form.getByText("This name is taken")).toBeVisible();
  await expect(nameField).toHaveAttribute("aria-invalid", "true");
  await expect(nameField).toBeFocused();
  await expect(page).toHaveURL(/\/app\/system\/modules\/new$/);

  await nameField.fill("edge-web-e2e");
  await form.getByRole("button", { name: "Register module" }).click();
  await expect(page).toHaveURL(/\/app\/system\/modules\/edge-web-e2e$/);
  await expect(page.getByText("Registered edge-web-e2e")).toBeVisible();
  await expect(page.getByRole("heading", { level: 1, name: "Edge web (e2e)" })).toBeVisible();
  await expect(page.getByTestId("priority-derivation")).toHaveText("(userland 90 + subscription 0) × 1000 + 7 = 90007");

  // Edit the overview: display name and priority; the header and derivation follow.
  await page.getByRole("button", { name: "Edit" }).click();
  const edit = page.getByRole("form", { name: "Edit edge-web-e2e" });
  await edit.getByRole("textbox", { name: "Display name" }).fill("Edge web, edited");
  await edit.getByRole("spinbutton", { name: "Priority" }).fill("42");
  await edit.getByRole("button", { name: "Save changes" }).click();
  await expect(page.getByText("Saved edge-web-e2e")).toBeVisible();
  await expect(page.getByTestId("priority-derivation")).toHaveText("(userland 90 + subscription 0) × 1000 + 42 = 90042");
  await expect(page.getByRole("heading", { level: 1, name: "Edge web, edited" })).toBeVisible();

  // The edit is in the module's activity with its before/after.
  await page.getByRole("navigation", { name: "Module sections" }).getByRole("link", { name: "Activity" }).click();
  const rows = page.getByTestId("activity-row");
  await expect(rows.first()).toContainText("module.updated");
  await expect(rows.nth(1)).toContainText("module.registered");
  await rows.first().getByRole("button", { name: "Details" }).click();
  await expect(page.getByText('"priority": 42')).toBeVisible();

  // An unknown module is a 404 inside the console.
  await page.goto("/app/system/modules/no-such-module");
  await expect(page.getByText("Module not found")).toBeVisible();
});

test("an author sees each cosign regexp's safety verdict while typing, read with its field", async ({ page }) => {
  await signIn(page, "author@powernode.example");
  await page.goto("/app/system/modules/new");
  const form = page.getByRole("form", { name: "Register a module" });
  const identity = form.getByRole("textbox", { name: /Cosign identity regexp/ });
  const issuer = form.getByRole("textbox", { name: /Cosign issuer regexp/ });

  // Nested repetition: the server's checker answers under the field, before any submit, with an attack input.
  await identity.fill("^https://git\\.powernode\\.example/(\\w+\\s?)*$");
  await expect(identity).toHaveAccessibleDescription(/Could backtrack catastrophically \(exponential/);
  await expect(form.getByText("Slow on inputs like")).toBeVisible();

  // A shape problem is shown at once, by the same check the server runs.
  await identity.fill("^https://a\\.example$|^https://b\\.example$");
  await expect(identity).toHaveAccessibleDescription(/top-level \|/);

  await identity.fill("^https://git\\.powernode\\.example/modules/[a-z0-9-]+/\\.forgejo/workflows/release\\.yaml@refs/tags/v.*$");
  await expect(identity).toHaveAccessibleDescription(/Safe: cannot backtrack catastrophically/);

  // The issuer has its own verdict; the identity's stays.
  await issuer.fill("^https://(a+)+\\.example$");
  await expect(issuer).toHaveAccessibleDescription(/Could backtrack catastrophically/);
  await expect(identity).toHaveAccessibleDescription(/Safe: cannot backtrack catastrophically/);
});
