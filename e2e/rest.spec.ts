import { E2E_API_TOKEN } from "../playwright.config";
import { expect, test } from "./fixtures";

test("GET /api/v1/system/whoami: 200 with the seeded token, 401 without", async ({ request }) => {
  const ok = await request.get("/api/v1/system/whoami", { headers: { authorization: `Bearer ${E2E_API_TOKEN}` } });
  expect(ok.status()).toBe(200);
  expect(await ok.json()).toMatchObject({ kind: "token", account: "powernode", role: "admin" });
  const anonymous = await request.get("/api/v1/system/whoami");
  expect(anonymous.status()).toBe(401);
  expect(await anonymous.json()).toMatchObject({ error: { code: "UNAUTHORIZED" } });
});

test("GET /api/v1/system/categories lists the five seeded categories in order", async ({ request }) => {
  const response = await request.get("/api/v1/system/categories", { headers: { authorization: `Bearer ${E2E_API_TOKEN}` } });
  expect(response.status()).toBe(200);
  const body = (await response.json()) as { categories: Array<{ slug: string }> };
  expect(body.categories.map((c) => c.slug)).toEqual(["system-base", "security-hardening", "network-overlay", "container-runtimes", "userland"]);
});

test("GET /api/v1/openapi.json is an OpenAPI 3.1 document", async ({ request }) => {
  const response = await request.get("/api/v1/openapi.json");
  expect(response.status()).toBe(200);
  const doc = (await response.json()) as { openapi: string; paths: Record<string, unknown> };
  expect(doc.openapi).toBe("3.1.0");
  expect(doc.paths).toHaveProperty("/system/whoami");
});
