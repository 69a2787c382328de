/**
 * A phased rollout that fails on its canary (docs/rollouts.md): a module runs 1.0.0 on a template of simulated
 * agents; 2.0.0 is requested live over REST, its rollout plan is on the approval page, an approver approves in
 * Chromium, the canary installs 2.0.0 and reports `error` (fleet-sim's `failDigests`, the CLI's `--fail-digest`),
 * the rollout job halts the rollout and rolls back, and the page shows it rolled back with the failing instance and
 * 2.0.0 marked bad — on the approval page, the module's versions and the pipeline board. Waits on what the page
 * shows, never on time.
 */
import { createHash, randomUUID } from "node:crypto";
import { E2E_BASE_URL } from "../playwright.config";
import { mulberry32, runFleet, type FleetRun } from "../server/fleet-sim";
import { expect, restCall, signIn, test } from "./fixtures";

const AGENTS = 6;

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

test("a version that fails on the canary is halted, rolled back and marked bad", async ({ page, request }) => {
  test.setTimeout(240_000);
  const suffix = randomUUID().slice(0, 6);
  const moduleName = `e2e-roll-${suffix}`;
  const manifest = `schema_version: 1\nname: ${moduleName}\ndisplay_name: ${moduleName}\nfile_spec:\n  - /etc/${moduleName}/**\n`;
  // The default waves (1 instance, 10 %, 50 %, 100 %) with automatic rollback; the soak does not matter here.
  await restCall(request, "put", "/system/settings/rollout_policy", {
    waves: [{ instances: 1 }, { percent: 10 }, { percent: 50 }, { percent: 100 }],
    soak_minutes: 10,
    deadline_minutes: 30,
    success_percent: 100,
    auto_rollback: true,
  });

  await restCall(request, "post", "/system/modules", { name: moduleName, display_name: `Rollout e2e ${suffix}`, category_slug: "userland" }, 201);
  const shipVersion = async (version: string) => {
    const created = await restCall<{ id: string }>(
      request,
      "post",
      `/system/modules/${moduleName}/versions`,
      { version, oci_ref: `registry.example/${moduleName}:${version}`, oci_digest: digestOf(`${moduleName}@${version}`), manifest_yaml: manifest },
      201,
    );
    await restCall(request, "post", `/system/node_module_versions/${created.id}/promote`, { target_state: "staging", reason: "e2e rollout" });
    await restCall(request, "post", `/system/node_module_versions/${created.id}/promote`, { target_state: "blessed", reason: "e2e rollout" });
    return created.id;
  };
  // 1.0.0 goes live before any node exists (its rollout has no waves), approved in the console below first.
  const v1 = await shipVersion("1.0.0");
  const template = await restCall<{ id: string }>(request, "post", "/system/templates", { name: `e2e-roll-tpl-${suffix}`, description: "Rollout e2e" }, 201);
  await restCall(request, "post", `/system/templates/${template.id}/modules`, { module_name: moduleName, override_reason: "e2e rollout: no live version yet" }, 201);

  await signIn(page, "approver@powernode.example");
  const approve = async (requestId: string) => {
    await page.goto(`/app/system/approvals/${requestId}`);
    await page.getByRole("button", { name: "Approve", exact: true }).click();
    await page.getByRole("alertdialog").getByRole("button", { name: /Approve and go live/ }).click();
    await expect(page.locator('[data-request-status="approved"]')).toBeVisible();
  };
  const first = await restCall<{ promotion_request_id: string }>(request, "post", `/system/node_module_versions/${v1}/promote`, { target_state: "live", reason: "e2e: 1.0.0" });
  await approve(first.promotion_request_id);

  const enrollment = await restCall<{ token: string }>(request, "post", `/system/templates/${template.id}/enrollment_tokens`, { expires_in_hours: 1, max_uses: AGENTS }, 201);
  const badDigest = digestOf(`${moduleName}@2.0.0`);
  const controller = new AbortController();
  const run = runFleet({
    url: E2E_BASE_URL,
    enrollToken: enrollment.token,
    instances: AGENTS,
    intervalSeconds: 1,
    convergeDelay: [0.2, 0.5],
    namePrefix: `e2e-roll-${suffix}`,
    concurrency: 4,
    failDigests: [badDigest],
    random: mulberry32(11),
    signal: controller.signal,
  });
  fleet = { run, controller };
  await expect.poll(() => run.snapshot().agents.starting, { timeout: 60_000 }).toBe(0);
  await expect.poll(() => run.snapshot().installs.completed, { timeout: 60_000 }).toBeGreaterThanOrEqual(AGENTS);

  // 2.0.0: the approval page shows the plan (which node goes first) before anyone approves.
  const v2 = await shipVersion("2.0.0");
  const second = await restCall<{ promotion_request_id: string }>(request, "post", `/system/node_module_versions/${v2}/promote`, { target_state: "live", reason: "e2e: 2.0.0" });
  await page.goto(`/app/system/approvals/${second.promotion_request_id}`);
  const plan = page.getByTestId("rollout-plan");
  await expect(plan).toContainText("Wave 1");
  await expect(plan).toContainText("1 instance");
  await approve(second.promotion_request_id);

  // The canary installs 2.0.0 and reports error; the rollout job (every 15 s) halts and rolls back.
  const track = page.getByTestId("rollout-track");
  await expect(track).toBeVisible();
  await expect(track.getByTestId("rollout-state")).toHaveText("rolled back", { timeout: 120_000 });
  await expect(track.getByTestId("rollout-failure")).toContainText("reports error on the new version");
  await expect(track.getByTestId("rollout-failure")).toContainText(`e2e-roll-${suffix}`);
  await expect(track.getByTestId("bad-badge")).toBeVisible();
  // The request itself refreshes every 30 s: it then says the version is no longer live.
  await expect(page.getByTestId("rollout-ended")).toBeVisible({ timeout: 60_000 });

  // The module's versions: the rollout and the retired version, both marked bad.
  await page.goto(`/app/system/modules/${moduleName}/versions`);
  await expect(page.getByTestId("rollout-track").getByTestId("rollout-state")).toHaveText("rolled back");
  await expect(page.getByTestId("bad-badge").first()).toBeVisible();
});
