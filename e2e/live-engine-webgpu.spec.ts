// The live engine widget in lesson 1 on WebGPU (SwiftShader in CI).
import { expect, test } from './fixtures';
import { LiveEngine } from './pages/live-engine';

test('the synthetic model prefills and decodes on the GPU, streaming its tokens', async ({ page }) => {
  const live = new LiveEngine(page);
  await live.open('?live.size=xs&live.tokens=6');
  await live.run(6);
  await expect(live.backend()).toHaveText('WebGPU (google swiftshader)');
  await expect(live.root.getByText(/\d+ tokens in [\d.]+ [mµ]?s/)).toBeVisible();
  await expect(live.root.getByText(/[\d.]+ tokens\/s/)).toBeVisible();
  await expect(live.root.getByText('Running on the CPU.')).toHaveCount(0);
  const prompt = await live.root.getByRole('textbox', { name: /Prompt/ }).inputValue();
  expect((await live.output().innerText()).length).toBeGreaterThan(prompt.length);
});
