/**
 * The fleet in the console (docs/fleet.md, docs/fleet-sim.md): 20 simulated agents talk to the e2e server's agent
 * API over real HTTP; one of them is frozen (never installs). A new module's first version is requested for live
 * over REST and approved in Chromium; the approval page shows the rollout converge to 19/20 with the frozen node
 * lagging, and the Instances page shows that node's drift. Everything waits on what the page shows, never on time.
 *
 * The test builds its own module and template, so the seeded story and the other specs are untouched; the demo
 * fleet's instances run other templates.
 */
import { randomUUID, createHash } from "node:crypto";
import { E2E_API_TOKEN, E2E_BASE_URL } from "../playwright.config";
import { mulberry32, runFleet, type FleetRun } from "../server/fleet-sim";
import { expect, restCall, signIn, test } from "./fixtures";

const AGENTS = 20;
const auth = { authorization: `Bearer ${E2E_API_TOKEN}` };

function digestOf(text: string): string {
  return `sha256:${createHash("sha256").update(text).digest("hex")}`;
}

let fleet: { run: FleetRun; controller: AbortController } | null = null;

test.afterEach(async () => {
  if (!fleet) return;
  fleet.controller.abort();
  await fleet.run.done;
  fleet = null;
});

test("a live promotion converges on the approval page, and a frozen node shows drift on the Instances page", async ({ page, request }) => {
  test.setTimeout(180_000);
  const suffix = randomUUID().slice(0, 6);
  const moduleName = `e2e-fleet-${suffix}`;
  const templateName = `e2e-fleet-tpl-${suffix}`;
  const frozenName = `e2e-frozen-${suffix}`;

  // This spec follows a live version to every node at once; phased waves have their own spec (rollouts.spec.ts).
  const policy = await request.put("/api/v1/system/settings/rollout_policy", {
    headers: auth,
    data: { waves: [{ percent: 100 }], soak_minutes: 0, deadline_minutes: 30, success_percent: 100, auto_rollback: true },
  });
  expect(policy.ok(), await policy.text()).toBe(true);

  // A module with one version, blessed but not live: templates can assign it, nodes are not given it yet.
  await restCall(request, "post", "/system/modules", { name: moduleName, display_name: `Fleet e2e ${suffix}`, category_slug: "userland" }, 201);
  const manifest = `schema_version: 1\nname: ${moduleName}\ndisplay_name: ${moduleName}\nfile_spec:\n  - /etc/${moduleName}/**\n`;
  const version = await restCall<{ id: string }>(
    request,
    "post",
    `/system/modules/${moduleName}/versions`,
    { version: "1.0.0", oci_ref: `registry.example/${moduleName}:1.0.0`, oci_digest: digestOf(`${moduleName}@1.0.0`), manifest_yaml: manifest, file_list: [`/etc/${moduleName}/app.conf`] },
    201,
  );
  await restCall(request, "post", `/system/node_module_versions/${version.id}/promote`, { target_state: "staging", reason: "e2e fleet" });
  await restCall(request, "post", `/system/node_module_versions/${version.id}/promote`, { target_state: "blessed", reason: "e2e fleet" });

  const template = await restCall<{ id: string }>(request, "post", "/system/templates", { name: templateName, description: "Fleet e2e" }, 201);
  await restCall(request, "post", `/system/templates/${template.id}/modules`, { module_name: moduleName, override_reason: "e2e fleet: no live version yet" }, 201);

  // The fleet: one registered node played frozen, nineteen that enroll with an enrollment token.
  const frozen = await restCall<{ id: string; agent_token: string }>(request, "post", "/system/node_instances", { name: frozenName, template_id: template.id, arch: "arm64" }, 201);
  const enrollment = await restCall<{ token: string }>(request, "post", `/system/templates/${template.id}/enrollment_tokens`, { expires_in_hours: 1, max_uses: AGENTS - 1 }, 201);
  const controller = new AbortController();
  const run = runFleet({
    url: E2E_BASE_URL,
    enrollToken: enrollment.token,
    agentTokens: [{ token: frozen.agent_token, profile: "frozen", status: "running", name: frozenName }],
    instances: AGENTS,
    intervalSeconds: 1,
    convergeDelay: [0.2, 1],
    namePrefix: `e2e-sim-${suffix}`,
    concurrency: 4,
    random: mulberry32(7),
    signal: controller.signal,
  });
  fleet = { run, controller };
  // Every agent has enrolled and fetched its (still empty) desired state.
  await expect.poll(() => run.snapshot().agents.starting, { timeout: 60_000 }).toBe(0);

  // The operator's side of the promotion, over REST: a live request that waits for an approver.
  const promoted = await restCall<{ promotion_request_id: string | null }>(request, "post", `/system/node_module_versions/${version.id}/promote`, { target_state: "live", reason: "e2e fleet rollout" });
  expect(promoted.promotion_request_id).toBeTruthy();

  // The approver approves in Chromium; the request page then follows the rollout.
  await signIn(page, "approver@powernode.example");
  await page.goto(`/app/system/approvals/${promoted.promotion_request_id}`);
  await page.getByRole("button", { name: "Approve", exact: true }).click();
  const approve = page.getByRole("alertdialog");
  await approve.getByRole("button", { name: /Approve and go live/ }).click();
  await expect(page.locator('[data-request-status="approved"]')).toBeVisible();

  const progress = page.getByTestId("rollout-progress");
  await expect(progress).toBeVisible();
  const row = progress.locator(`[data-testid="rollout-template"][data-template="${templateName}"]`);
  // Convergence: every node but the frozen one runs 1.0.0's digest (the bar polls every few seconds).
  await expect(row).toHaveAttribute("data-total", String(AGENTS), { timeout: 60_000 });
  await expect(row).toHaveAttribute("data-converged", String(AGENTS - 1), { timeout: 90_000 });
  await expect(row.getByRole("progressbar", { name: `${templateName}: nodes running ${moduleName} 1.0.0` })).toHaveAttribute("aria-valuenow", String(AGENTS - 1));
  await row.getByText("1 lagging node").click();
  await expect(row.getByRole("link", { name: frozenName })).toBeVisible();

  // The Instances page, filtered to the template: the frozen node is the one drifted node.
  await page.goto(`/app/system/instances?template=${template.id}`);
  await expect(page.getByRole("heading", { name: "Instances" })).toBeVisible();
  const medium = page.getByTestId("summary-medium");
  await expect(medium).toContainText("1", { timeout: 30_000 });
  await medium.click();
  await expect(page).toHaveURL(/drift=medium/);
  const rows = page.getByTestId("instance-row");
  await expect(rows).toHaveCount(1);
  await expect(rows.first()).toHaveAttribute("data-instance", frozenName);
  await expect(rows.first()).toContainText("medium drift");
  await expect(rows.first()).toContainText("0/1");
  await expect(page.getByTestId("summary-in-sync")).toContainText(String(AGENTS - 1));

  // Its page: the breadcrumb names it; the module is missing; the drift history has the event.
  await rows.first().getByRole("link", { name: frozenName }).click();
  await expect(page).toHaveURL(new RegExp(`/app/system/instances/${frozen.id}$`));
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).toContainText(frozenName);
  await expect(page.getByRole("navigation", { name: "Breadcrumb" })).not.toContainText(frozen.id);
  await expect(page.locator(`[data-testid="instance-module"][data-module="${moduleName}"]`)).toHaveAttribute("data-state", "missing");
  await expect(page.getByTestId("drift-history")).toContainText("Drift appeared (medium)");
  // An approver may manage instances (operator and above).
  await expect(page.getByRole("button", { name: "Decommission…" })).toBeVisible();
});

test("a viewer sees the fleet but none of its mutating actions", async ({ page }) => {
  await signIn(page, "viewer@powernode.example");
  await page.goto("/app/system/instances");
  await expect(page.getByRole("navigation", { name: "Fleet summary" })).toBeVisible();
  await expect(page.getByTestId("instance-row").first()).toBeVisible();
  await expect(page.getByRole("button", { name: "New instance" })).toHaveCount(0);
  await page.getByTestId("instance-row").first().getByRole("link").first().click();
  await expect(page.getByRole("heading", { name: "Desired vs running" })).toBeVisible();
  await expect(page.getByRole("button", { name: /Rotate token|Revoke token|Decommission/ })).toHaveCount(0);
});
