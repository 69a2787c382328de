/**
 * Signed ingest in the console (docs/ingest.md): a real loopback registry, an openssl test PKI as the trusted
 * root, one artifact signed by the module's signer and one by someone else. The module page shows the rejected
 * attempt with its reason; the versions page shows the verified signer on hover and the SBOM's packages.
 */
import { E2E_API_TOKEN } from "../playwright.config";
import { createTestPki, type TestPki } from "../tests/support/sigstore-pki";
import { RegistryPusher, attachBundle, attachReferrer, pushModuleArtifact, startTestRegistry, type TestRegistry } from "../tests/support/oci-registry";
import { expect, signIn, test } from "./fixtures";

let registry: TestRegistry;
let pki: TestPki;
const name = `signed-${Date.now().toString(36)}`;
const auth = { authorization: `Bearer ${E2E_API_TOKEN}` };
const manifestYaml = `schema_version: 1\nname: ${name}\ndisplay_name: ${name}\nfile_spec:\n  - /etc/${name}/**\n`;

test.beforeAll(async ({ request }) => {
  registry = await startTestRegistry();
  pki = createTestPki();
  const repo = `powernode/modules/${name}`;
  const registered = await request.post("/api/v1/system/modules", {
    headers: auth,
    data: {
      name,
      display_name: name,
      category_slug: "userland",
      manifest_yaml: manifestYaml,
      cosign_identity_regexp: "^https://git\\.example/powernode/modules/\\.forgejo/workflows/release\\.yaml@refs/heads/main$",
      cosign_issuer_regexp: "^https://git\\.example$",
      oci_repository: `${registry.host}/${repo}`,
    },
  });
  expect(registered.status(), await registered.text()).toBe(201);
  const policy = await request.put("/api/v1/system/settings/signing", {
    headers: auth,
    data: { trusted_root_json: pki.trustedRootJson, use_public_good: true, tlog_threshold: 0, ctlog_threshold: 0, timestamp_threshold: 1 },
  });
  expect(policy.status(), await policy.text()).toBe(200);
  const pusher = new RegistryPusher(registry.url);
  const good = await pushModuleArtifact(pusher, repo, "1.0.0", { manifestYaml, fileList: [`/etc/${name}/a.conf`] });
  await attachBundle(pusher, repo, good, pki.sign(good.bytes));
  const sbom = { bomFormat: "CycloneDX", specVersion: "1.5", components: [{ name: "nginx-common", version: "1.22.1-9", licenses: [{ license: { id: "BSD-2-Clause" } }] }] };
  await attachReferrer(pusher, repo, good, Buffer.from(JSON.stringify(sbom)), "application/vnd.cyclonedx+json");
  const evil = await pushModuleArtifact(pusher, repo, "1.0.1", { manifestYaml, fileList: [`/etc/${name}/a.conf`] });
  await attachBundle(pusher, repo, evil, pki.sign(evil.bytes, { identity: "https://git.example/mallory/.forgejo/workflows/release.yaml@refs/heads/main" }));
  const poll = await request.post(`/api/v1/system/modules/${name}/ingest/poll`, { headers: auth, data: {} });
  expect(poll.status(), await poll.text()).toBe(200);
});

test.afterAll(async () => {
  await registry?.stop();
  pki?.close();
});

test("the module page shows the rejected attempt and the versions page the verified signer", async ({ page }) => {
  await signIn(page, "admin@powernode.example");
  await page.goto(`/app/system/modules/${name}/ingest`);
  const rejected = page.locator('[data-testid="ingest-attempts"] tr[data-tag="1.0.1"]');
  await expect(rejected).toHaveAttribute("data-outcome", "rejected");
  await expect(rejected).toContainText("IDENTITY_MISMATCH");
  await expect(rejected).toContainText("mallory");
  await expect(page.locator('[data-testid="ingest-attempts"] tr[data-tag="1.0.0"]')).toHaveAttribute("data-outcome", "accepted");

  await page.goto(`/app/system/modules/${name}/versions`);
  const card = page.locator('[data-testid="version-card"][data-version="1.0.0"]');
  await expect(card).toBeVisible();
  await expect(page.locator('[data-testid="version-card"][data-version="1.0.1"]')).toHaveCount(0);
  await card.getByTestId("signer").hover();
  const details = page.getByTestId("signer-details").first();
  await expect(details).toContainText("Verified Sigstore signature");
  await expect(details).toContainText("https://git.example");
  await expect(details).toContainText("strata-test-fulcio-root");

  await card.getByTestId("packages-button").click();
  const dialog = page.getByRole("dialog", { name: "Packages of 1.0.0" });
  await expect(dialog.getByRole("row", { name: /nginx-common\s+1\.22\.1-9\s+BSD-2-Clause/ })).toBeVisible();
});
