import { expect, signIn, test } from "./fixtures";

test("an unauthenticated visit goes to sign-in and comes back after it", async ({ page }) => {
  await page.goto("/app/system/audit");
  await expect(page).toHaveURL(/\/login\?next=%2Fapp%2Fsystem%2Faudit/);
  await page.getByLabel("Email").fill("admin@powernode.example");
  await page.getByLabel("Password").fill("e2e-demo-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page).toHaveURL(/\/app\/system\/audit$/);
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
});

// Raw query strings as a phishing link would carry them; the offline guard also fails the test if the browser
// ever tries to reach evil.example. The rule: docs/security-auth.md.
const hostileNext = ["/%5Cevil.example", "/%09/evil.example", "%2F%2Fevil.example", "/app/..%2F%5Cevil.example", encodeURIComponent("https://evil.example/app/system/modules")];

for (const next of hostileNext) {
  test(`sign-in with next=${next} lands on the default page, never another origin`, async ({ page }) => {
    await page.goto(`/login?next=${next}`);
    await page.getByLabel("Email").fill("viewer@powernode.example");
    await page.getByLabel("Password").fill("e2e-demo-password");
    await page.getByRole("button", { name: "Sign in" }).click();
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/app\/system\/home$/);
    // Already signed in, the page redirects on the server by the same rule.
    await page.goto(`/login?next=${next}`);
    await expect(page).toHaveURL(/^http:\/\/127\.0\.0\.1:\d+\/app\/system\/home$/);
  });
}

test("a wrong password shows an error and stays on sign-in", async ({ page }) => {
  await page.goto("/login");
  await page.getByLabel("Email").fill("viewer@powernode.example");
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Sign in" }).click();
  await expect(page.getByRole("alert").filter({ hasText: "Email or password is incorrect" })).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test("the admin signs in, sees the shell, checks the audit log and signs out", async ({ page }) => {
  await signIn(page, "admin@powernode.example");
  const nav = page.getByRole("navigation");
  for (const section of ["Modules", "Templates", "Approvals", "Instances", "Audit", "Settings"]) {
    await expect(nav.getByRole("link", { name: section })).toBeVisible();
  }
  await nav.getByRole("link", { name: "Audit" }).click();
  await expect(page.getByRole("heading", { name: "Audit log" })).toBeVisible();
  const rows = page.getByTestId("audit-row");
  await expect(rows.first()).toBeVisible();
  // The seeded history and this sign-in are both there, newest first.
  await expect(rows.first()).toContainText("user.signed_in");
  await page.getByLabel("Action").selectOption("promotion_request.created");
  await expect(page).toHaveURL(/action=promotion_request.created/);
  await expect(rows.first()).toContainText("promotion_request.created");
  for (const text of await rows.allInnerTexts()) expect(text).toContain("promotion_request.created");
  await rows.filter({ hasText: "nginx@1.3.0" }).getByRole("button", { name: "Details" }).click();
  await expect(page.getByText('"status": "pending"')).toBeVisible();

  await page.getByRole("button", { name: /Adrian Keller/ }).click();
  await page.getByRole("menuitem", { name: "Sign out" }).click();
  await expect(page).toHaveURL(/\/login/);
  await page.goto("/app/system/audit");
  await expect(page).toHaveURL(/\/login/);
});

test("the g-shortcuts navigate and ? lists them", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/settings");
  // The shortcut listener attaches at hydration, which a busy machine delays: press again until it has.
  await expect(async () => {
    await page.keyboard.press("g");
    await page.keyboard.press("u");
    await expect(page).toHaveURL(/\/app\/system\/audit/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  await page.keyboard.press("Shift+?");
  await expect(page.getByRole("dialog")).toContainText("Keyboard shortcuts");
});

test("an admin creates an API token, sees it once, and it works over REST", async ({ page, request }) => {
  await signIn(page, "admin@powernode.example");
  await page.goto("/app/system/settings?tab=tokens");
  await page.getByRole("button", { name: "New token" }).click();
  await page.getByLabel("Name").fill("e2e pipeline");
  await page.getByLabel("Role").selectOption("operator");
  await page.getByRole("button", { name: "Create token" }).click();
  const secret = await page.getByRole("textbox", { name: "New API token", exact: true }).inputValue();
  expect(secret).toMatch(/^stk_/);
  await page.getByRole("button", { name: "Done" }).click();
  await expect(page.getByRole("row", { name: /e2e pipeline/ })).toBeVisible();
  const whoami = await request.get("/api/v1/system/whoami", { headers: { authorization: `Bearer ${secret}` } });
  expect(whoami.status()).toBe(200);
  expect(await whoami.json()).toMatchObject({ role: "operator", token_name: "e2e pipeline", account: "powernode" });
});

test("Settings → System shows each background job's last run to admins", async ({ page }) => {
  await signIn(page, "admin@powernode.example");
  await page.goto("/app/system/settings?tab=system");
  const status = page.getByTestId("system-status");
  await expect(status).toContainText("On the embedded database: this process runs every job on its own timer.");
  // Every job runs once at start, so each row has an outcome rather than "never ran".
  const expiry = page.getByRole("row", { name: /expire-promotion-requests/ });
  await expect(expiry).toContainText("every minute");
  await expect(expiry.getByText("succeeded")).toBeVisible();
  await expect(page.getByRole("row", { name: /mark-stale-instances/ })).toBeVisible();
  await expect(page.getByRole("row", { name: /cleanup/ })).toContainText("hourly");
});

test("Settings → System tells a viewer the jobs are for admins", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/settings?tab=system");
  await expect(page.getByText("Only admins can see the deployment's background jobs.")).toBeVisible();
});
