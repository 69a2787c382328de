/**
 * The promotion pipeline end to end, with TWO people in two browser contexts (docs/promotion-pipeline.md): an operator
 * blesses a staging version and requests it for live with a reason, and sees that they cannot approve it; an approver
 * opens the request, sees the blast radius and the manifest diff, and approves; the version is live and the previous
 * live version is blessed (previously live); the approver rolls back with a reason and both pipelines show it.
 *
 * Seeded data (docs/demo-data.md): security-hardening 1.1.0 is live and 1.2.0 is in staging; the module is in
 * every template (edge-web, k3s-worker, bastion).
 */
import type { Browser, Page } from "@playwright/test";
import { expect, signIn, test } from "./fixtures";

const MODULE = "security-hardening";
const PIPELINE = `/app/system/modules/${MODULE}/versions`;

async function personIn(browser: Browser, email: string): Promise<{ page: Page; close: () => Promise<void> }> {
  const context = await browser.newContext();
  // The same offline guard the default context has: nothing may leave 127.0.0.1.
  const escaped: string[] = [];
  await context.route("**/*", (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === "127.0.0.1" || url.hostname === "localhost" || url.protocol === "data:" || url.protocol === "blob:") return route.continue();
    escaped.push(url.href);
    return route.abort("blockedbyclient");
  });
  const page = await context.newPage();
  await signIn(page, email);
  return {
    page,
    close: async () => {
      await context.close();
      expect(escaped, `requests from ${email} that left 127.0.0.1`).toEqual([]);
    },
  };
}

function lane(page: Page, state: string) {
  return page.getByTestId(`lane-${state}`);
}

function card(page: Page, state: string, version: string) {
  return lane(page, state).locator(`[data-testid="version-card"][data-version="${version}"]`);
}

test("operator requests live, approver reviews the blast radius and approves, then rolls back", async ({ page, browser }) => {
  test.setTimeout(120_000);
  // The default page is the operator.
  const operator = page;
  await signIn(operator, "operator@powernode.example");
  await operator.goto(PIPELINE);
  await expect(card(operator, "staging", "1.2.0")).toBeVisible();
  await expect(card(operator, "live", "1.1.0")).toBeVisible();

  // Bless 1.2.0: the card moves to the blessed lane.
  await card(operator, "staging", "1.2.0").getByRole("button", { name: "Bless" }).click();
  const bless = operator.getByRole("alertdialog");
  await expect(bless).toContainText(`Bless ${MODULE} 1.2.0?`);
  await bless.getByRole("button", { name: "Bless" }).click();
  await expect(card(operator, "blessed", "1.2.0")).toBeVisible();
  await expect(operator.getByText(`${MODULE} 1.2.0 is blessed`)).toBeVisible();

  // Request live with a reason.
  await card(operator, "blessed", "1.2.0").getByRole("button", { name: "Request live…" }).click();
  const request = operator.getByRole("alertdialog");
  await expect(request).toContainText("It goes live when 1 approver other than you approves.");
  await request.getByRole("button", { name: "Request live" }).click();
  await expect(request.getByText("A reason is required.")).toBeVisible();
  await request.getByLabel("Why should this version go live?").fill("CIS 2.1 benchmark update; 5 h clean in staging");
  await request.getByRole("button", { name: "Request live" }).click();
  await expect(operator.getByText(`Live request for ${MODULE} 1.2.0 sent`)).toBeVisible();
  const awaiting = card(operator, "blessed", "1.2.0").getByRole("link", { name: /Awaiting approval/ });
  await expect(awaiting).toContainText("0/1");
  await expect(awaiting).toHaveAttribute("href", /\/app\/system\/approvals\/[0-9a-f-]{36}$/);

  // The operator opens their request: the Approve button is disabled and says why.
  await awaiting.click();
  await operator.waitForURL(/\/app\/system\/approvals\/[0-9a-f-]{36}$/);
  const requestUrl = operator.url();
  await expect(operator.getByText("CIS 2.1 benchmark update; 5 h clean in staging").first()).toBeVisible();
  await expect(operator.getByRole("button", { name: "Approve", exact: true })).toBeDisabled();
  await expect(operator.getByTestId("approve-why")).toHaveText("You requested this promotion; another approver must approve it.");
  await expect(operator.getByRole("button", { name: "Reject", exact: true })).toBeDisabled();

  // The approver, in a second browser context, finds it in the queue.
  const approverSession = await personIn(browser, "approver@powernode.example");
  const approver = approverSession.page;
  await approver.goto("/app/system/approvals");
  const row = approver.getByTestId("pending-request").filter({ hasText: MODULE });
  await expect(row).toContainText("operator@powernode.example");
  await expect(row).toContainText("CIS 2.1 benchmark update");
  await expect(row).toContainText("0 / 1");
  await row.getByTestId("request-link").click();
  await approver.waitForURL(requestUrl);

  // The blast radius is in front of the approver before they click approve.
  const radius = approver.getByTestId("blast-radius");
  await expect(radius.getByTestId("stat-templates")).toContainText("3 of 3");
  await expect(radius.getByTestId("stat-instances")).toContainText("30");
  await expect(radius.getByTestId("blast-template").filter({ hasText: "edge-web" })).toContainText("changes");
  await expect(radius.getByTestId("blast-instance").first()).toBeVisible();
  // The manifest diff: Monaco's diff editor, bundled locally, with the live and the candidate snapshots.
  const diff = radius.getByTestId("manifest-diff");
  await expect(diff).toContainText(`${MODULE} 1.1.0 (live)`);
  await expect(diff.locator(".monaco-diff-editor")).toBeVisible({ timeout: 20_000 });
  await expect(diff.locator(".monaco-diff-editor .modified")).toContainText("security-hardening");
  await expect(radius.getByTestId("file-diff")).toContainText("added");

  await expect(approver.getByRole("button", { name: "Approve", exact: true })).toBeEnabled();
  await approver.getByRole("button", { name: "Approve", exact: true }).click();
  const approve = approver.getByRole("alertdialog");
  await expect(approve).toContainText("Yours is the last approval needed");
  await approve.getByLabel("Comment").fill("Blast radius reviewed: 3 templates, 30 instances");
  await approve.getByRole("button", { name: "Approve and go live" }).click();
  await expect(approver.getByText(`${MODULE} 1.2.0 is live`)).toBeVisible();
  await expect(approver.locator('[data-request-status="approved"]')).toBeVisible();

  // The pipeline: 1.2.0 live, 1.1.0 back in blessed, marked previously live.
  await approver.goto(PIPELINE);
  await expect(card(approver, "live", "1.2.0")).toBeVisible();
  const previous = card(approver, "blessed", "1.1.0");
  await expect(previous).toBeVisible();
  await expect(previous).toContainText("previously live");

  // The approver rolls back with a reason.
  await card(approver, "live", "1.2.0").getByRole("button", { name: "Roll back to 1.1.0…" }).click();
  const rollback = approver.getByRole("alertdialog");
  await expect(rollback).toContainText("1.2.0 (live) is retired and 1.1.0");
  await rollback.getByLabel("Why are you rolling back?").fill("sshd rejects the new ciphers on bastion-ams-01");
  await rollback.getByRole("button", { name: "Roll back to 1.1.0" }).click();
  await expect(card(approver, "live", "1.1.0")).toBeVisible();
  await expect(card(approver, "retired", "1.2.0")).toContainText("sshd rejects the new ciphers");
  await expect(approver.getByText(`Rolled back ${MODULE}`)).toBeVisible();
  // The timeline shows 1.2.0's short life: built, staging, blessed, live, retired.
  const timelineRow = approver.getByTestId("pipeline-timeline").locator('g[data-version="1.2.0"] rect');
  await expect(timelineRow).toHaveCount(5);

  // The operator's view agrees after a reload.
  await operator.goto(PIPELINE);
  await expect(card(operator, "live", "1.1.0")).toBeVisible();
  await expect(card(operator, "retired", "1.2.0")).toBeVisible();
  // An operator has no rollback action.
  await expect(card(operator, "live", "1.1.0").getByRole("button", { name: /Roll back/ })).toHaveCount(0);
  await approverSession.close();
});

test("the fleet board shows what needs attention and links to the approvals queue", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/pipeline");
  await expect(page.getByRole("heading", { name: "Pipeline board" })).toBeVisible();
  await expect(page.getByTestId("board-row").filter({ hasText: "nginx" }).first()).toBeVisible();
  await page.getByLabel("Show").selectOption("awaiting");
  await expect(page).toHaveURL(/attention=awaiting/);
  // The seeded story has one pending live request: nginx 1.3.0.
  const rows = page.getByTestId("board-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-module", "nginx");
  await expect(rows.first().getByTestId("board-version").filter({ hasText: "1.3.0" })).toContainText("0/1");
  await page.getByLabel("Show").selectOption("stale");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-module", "chrony");
  await page.getByRole("link", { name: "Approvals" }).first().click();
  await expect(page).toHaveURL(/\/app\/system\/approvals$/);
});
