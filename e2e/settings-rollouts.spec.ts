/**
 * Settings → Approval policy → Rollouts (docs/rollouts.md, Policy): an admin saves the account's rollout policy and
 * overrides it for one category, then clears the override. The effective policy ends as it began, so the other
 * specs' rollouts are unaffected.
 */
import { expect, signIn, test } from "./fixtures";

test("an admin saves the rollout policy and overrides it for a category", async ({ page }) => {
  await signIn(page, "admin@powernode.example");
  await page.goto("/app/system/settings?tab=policy");
  const section = page.getByTestId("rollout-policy");
  await expect(section.getByRole("heading", { name: "Rollouts" })).toBeVisible();
  const waves = section.getByLabel("Waves");
  const saved = await waves.inputValue();
  expect(saved).toMatch(/%/);

  await waves.fill("1, ten%");
  await section.getByRole("button", { name: "Save rollout policy" }).click();
  await expect(section.getByText('"ten%" is not a wave')).toBeVisible();
  await waves.fill(saved);
  await section.getByRole("button", { name: "Save rollout policy" }).click();
  await expect(page.getByText("Rollout policy saved")).toBeVisible();

  const row = section.getByRole("row", { name: /Userland/i });
  await row.getByRole("button", { name: /Edit the rollout policy of/ }).click();
  const dialog = page.getByRole("dialog");
  await dialog.getByLabel("Soak (minutes)").fill("5");
  await dialog.getByRole("button", { name: "Save" }).click();
  await expect(page.getByText(/Rollout policy of .* saved/)).toBeVisible();
  await expect(row).toContainText("soak 5 min");
  await expect(row.getByText("overrides")).toBeVisible();

  await row.getByRole("button", { name: /Edit the rollout policy of/ }).click();
  await page.getByRole("dialog").getByLabel("Soak (minutes)").fill("");
  await page.getByRole("dialog").getByRole("button", { name: "Save" }).click();
  await expect(row.getByText("account policy")).toBeVisible();
});
