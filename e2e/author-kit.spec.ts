/**
 * The author kit in the console (docs/authoring.md): an instance-variety module whose manifest uses
 * `${instance.hostname}` and `${instance.site}` is delivered to a node; the instance page warns about the unbound
 * placeholders until an operator sets the node's metadata in the Edit metadata dialog. The module's Signing & ingest
 * tab downloads the starter repository as a zip. The spec builds its own module, template and node over REST.
 */
import { createHash, randomUUID } from "node:crypto";
import { readFileSync } from "node:fs";
import type { APIRequestContext } from "@playwright/test";
import { E2E_API_TOKEN } from "../playwright.config";
import { expect, signIn, test } from "./fixtures";

const auth = { authorization: `Bearer ${E2E_API_TOKEN}` };

async function send<T>(request: APIRequestContext, method: "post" | "put", path: string, data: unknown): Promise<T> {
  const response = await request[method](`/api/v1${path}`, { headers: auth, data });
  expect(response.ok(), `${path}: ${await response.text()}`).toBe(true);
  return (await response.json()) as T;
}

test("unbound ${instance.*} placeholders are reported until the node's metadata is set; the starter repo downloads", async ({ page, request }) => {
  test.setTimeout(120_000);
  const suffix = randomUUID().slice(0, 6);
  const moduleName = `e2e-kit-${suffix}`;
  await send(request, "post", "/system/modules", {
    name: moduleName,
    display_name: `Kit ${suffix}`,
    category_slug: "userland",
    variety: "instance",
    repository_url: `https://git.example.com/acme/${moduleName}`,
  });
  const manifest = [
    "schema_version: 1",
    `name: ${moduleName}`,
    "file_spec:",
    `  - /etc/${moduleName}/**`,
    "services:",
    "  - name: web",
    "    start_command: /usr/bin/web --host ${instance.hostname}",
    "    env:",
    '      SITE: "${instance.site}"',
    "",
  ].join("\n");
  const version = await send<{ id: string }>(request, "post", `/system/modules/${moduleName}/versions`, {
    version: "1.0.0",
    oci_ref: `registry.example/${moduleName}:1.0.0`,
    oci_digest: `sha256:${createHash("sha256").update(moduleName).digest("hex")}`,
    manifest_yaml: manifest,
  });
  await send(request, "post", `/system/node_module_versions/${version.id}/promote`, { target_state: "staging", reason: "e2e kit" });
  await send(request, "post", `/system/node_module_versions/${version.id}/promote`, { target_state: "blessed", reason: "e2e kit" });
  const template = await send<{ id: string }>(request, "post", "/system/templates", { name: `e2e-kit-tpl-${suffix}`, description: "" });
  // Pinned to the blessed version: nodes are given blessed pins, so no approval is needed for this spec.
  await send(request, "post", `/system/templates/${template.id}/modules`, { module_name: moduleName, pinned_version: "1.0.0", override_reason: "e2e kit" });
  const node = await send<{ id: string }>(request, "post", "/system/node_instances", { name: `e2e-kit-node-${suffix}`, template_id: template.id, arch: "amd64" });

  await signIn(page, "operator@powernode.example");
  await page.goto(`/app/system/instances/${node.id}`);
  const warning = page.getByTestId("unbound-placeholders");
  await expect(warning).toContainText("${instance.hostname}");
  await expect(warning).toContainText("${instance.site}");

  await page.getByRole("button", { name: "Edit metadata…" }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Hostname").fill("bad host");
  await dialog.getByRole("button", { name: "Save metadata" }).click();
  await expect(dialog.getByText("A DNS hostname")).toBeVisible();
  await dialog.getByLabel("Hostname").fill(`edge-${suffix}.fra1.example`);
  await dialog.getByLabel("Site").fill("fra1");
  await dialog.getByLabel("Labels").fill("rack=r4");
  await dialog.getByRole("button", { name: "Save metadata" }).click();
  await expect(page.getByText("Metadata saved")).toBeVisible();
  await expect(warning).toHaveCount(0);
  const binding = page.locator(`[data-testid="instance-binding"][data-module="${moduleName}"]`);
  await expect(binding).toContainText(`\${instance.hostname} → edge-${suffix}.fra1.example`);
  await expect(binding).toContainText("${instance.labels.rack} → r4");

  await page.goto(`/app/system/modules/${moduleName}/ingest`);
  const downloading = page.waitForEvent("download");
  await page.getByRole("button", { name: "Download starter repo" }).click();
  const download = await downloading;
  expect(download.suggestedFilename()).toBe(`${moduleName}-starter.zip`);
  const zip = readFileSync(await download.path()).toString("latin1");
  expect(zip).toContain(`${moduleName}/manifest.yaml`);
  expect(zip).toContain(`${moduleName}/.gitea/workflows/build.yaml`);
  // The identity the registered repository's workflow will sign with, and this console's webhook.
  expect(zip).toContain(`^https://git\\.example\\.com/acme/${moduleName}/\\.gitea/workflows/build\\.yaml@refs/(heads/main|tags/v.*)$`);
  expect(zip).toMatch(/STRATA_URL: http:\/\/(127\.0\.0\.1|localhost):\d+/);
  await expect(page.getByText("Starter repository downloaded")).toBeVisible();
});
