// The model card pages: one per shipped model, drawn from its files, reachable from lesson 1's live engine.
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';

test(`the target's card shows its shape, training and validation, accessibly in light and dark @phone`, async ({
  page,
}) => {
  await page.goto('/model-cards/prose-target/');
  await expect(page.getByRole('heading', { level: 1, name: 'prose-target' })).toBeVisible();
  await expect(page.getByRole('row', { name: /Parameters \(counted by the engine/ })).toContainText(
    '10,228,608',
  );
  await expect(page.getByRole('row', { name: /Perplexity/ })).toContainText(/\d+\.\d+/);
  await page.locator('.figure').scrollIntoViewIfNeeded();
  await expect(page.locator('.figure svg').first()).toBeVisible({ timeout: 15_000 });
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('the draft shows its acceptance against the target, and the student its scratch baseline', async ({
  page,
}) => {
  await page.goto('/model-cards/prose-draft/');
  await expect(page.getByRole('heading', { name: 'As a draft for prose-target' })).toBeVisible();
  await expect(page.getByRole('columnheader', { name: 'Tokens per verification, K = 4' })).toBeVisible();
  await page.goto('/model-cards/prose-student/');
  await expect(page.getByText(/Distilled from prose-target/)).toBeVisible();
  await page.locator('.figure').scrollIntoViewIfNeeded();
  await page.locator('.figure summary').click();
  await expect(page.getByRole('cell', { name: 'Same model from scratch' }).first()).toBeVisible({
    timeout: 15_000,
  });
});

test('the pruned model names its source and the comparison that chose it', async ({ page }) => {
  await page.goto('/model-cards/prose-pruned/');
  await expect(page.getByRole('heading', { name: 'Pruned from prose-target' })).toBeVisible();
  const healed = page.getByRole('row', { name: /^width-pruned target, distilled/ });
  const fromRandom = page.getByRole('row', { name: /^width shape, distilled from random init/ });
  await expect(healed).toContainText('2,755,008');
  const cell = async (row: typeof healed, column: number) =>
    (await row.getByRole('cell').nth(column).textContent())!;
  // Training, then loss: on the same healing run, starting from the teacher's weights beats starting from random ones.
  expect(await cell(healed, 2)).toMatch(/^600 steps, [\d.]+ M tokens$/);
  expect(await cell(healed, 2)).toBe(await cell(fromRandom, 2));
  expect(Number(await cell(healed, 3))).toBeLessThan(Number(await cell(fromRandom, 3)));
});

test('the weights file the card links to is served', async ({ page, request }) => {
  await page.goto('/model-cards/prose-target/');
  const href = await page.getByRole('link', { name: 'model.safetensors' }).getAttribute('href');
  const response = await request.get(href!);
  expect(response.status()).toBe(200);
  expect((await response.body()).length).toBeGreaterThan(1e6);
});
