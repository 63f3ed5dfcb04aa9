// Lesson 3's measured widgets on WebGPU (SwiftShader in CI, so tiny models and short contexts; its timings are
// not performance): KV-head variants side by side, and window and sharing against context, with the cache sizes
// the engine's block pool reports.
import { expect, seriousViolations, test } from './fixtures';
import { MeasuredVariants } from './pages/measured-variants';

const STEP = /^[\d.,]+ [mµn]?s$/;

test('measures MHA against MQA at one context, from the keyboard', async ({ page }) => {
  test.setTimeout(240_000);
  const heads = new MeasuredVariants(page, 'kv-head-variants');
  await heads.open('?kvheads.size=kv-s&kvheads.S=64');
  const field = heads.root.getByRole('spinbutton', { name: /^Context \(/ });
  await heads.root.getByRole('slider', { name: 'Context' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(field).toHaveValue('32');
  await expect.poll(() => new URL(page.url()).searchParams.get('kvheads.S')).toBe('32');
  await heads.measureButton().focus();
  await page.keyboard.press('Enter');
  await heads.measured();

  // kv-s: 4 layers, 8 query heads of 32. 32 tokens and 6 timed steps: 38 tokens in 3 blocks of 16, each block
  // 4 layers × (keys + values) × K × 32 × 4 bytes × 16 tokens; analytic: 38 tokens × 4 × 2 × K × 32 × 4 bytes.
  await expect(heads.summary()).toHaveText(
    /^Measured on this GPU at 32 tokens of context: MHA, K = 8 holds 393 kB of keys and values, MQA, K = 1 49\.2 kB, 8 times less\./,
  );
  const rows = await heads.rows();
  await expect(rows).toHaveCount(4);
  await expect(rows.locator('td:first-child')).toHaveText([
    'MHA, K = 8',
    'GQA, K = 4',
    'GQA, K = 2',
    'MQA, K = 1',
  ]);
  await expect(rows.nth(0).locator('td')).toHaveText([
    'MHA, K = 8',
    '3',
    '393 kB',
    '311 kB',
    STEP,
    STEP,
    /^[\d,]+$/,
  ]);
  await expect(rows.nth(3).locator('td').nth(3)).toHaveText('38.9 kB');
  const batches = await rows.locator('td:last-child').allTextContents();
  const [mha, , , mqa] = batches.map((b) => Number(b.replaceAll(',', '')));
  // An eighth of the bytes per sequence in each layer's cache buffer: eight times the sequences, give or take 8.
  expect(Math.abs(mqa! - 8 * mha!)).toBeLessThanOrEqual(8);
  await expect(heads.readout('KV held, MHA, K = 8 ÷ MQA, K = 1')).toHaveText('8×');
  expect(await seriousViolations(page)).toEqual([]);
});

test('a window keeps the blocks in use flat while full attention and sharing grow', async ({ page }) => {
  test.setTimeout(240_000);
  const savings = new MeasuredVariants(page, 'kv-savings');
  // Two contexts, the fewest the widget measures: SwiftShader is slow, and the CPU journey covers more points.
  await savings.open('?kvsave.size=kv-s&kvsave.S=64&kvsave.W=16&kvsave.n=2');
  await savings.measureButton().click();
  await savings.measured();

  // Contexts 32 and 64, each then 4 timed steps. Full attention holds ⌈(c + 4) / 16⌉ blocks of 131 kB; the window of
  // 16 frees every block wholly behind it; two layers sharing one cache halve every block.
  const rows = await savings.rows();
  await expect(rows).toHaveCount(6);
  const blocks = await rows.locator('td:nth-child(3)').allTextContents();
  expect(blocks).toEqual([...['3', '5'], ...['2', '2'], ...['3', '5']]);
  await expect(savings.summary()).toHaveText(
    /^Measured on this GPU from 32 to 64 tokens of context\. Full attention: 3 → 5 blocks \(393 kB → 655 kB\), .*; window of 16: 2 → 2 blocks \(262 kB → 262 kB\), .*; 2 layers share a cache: 3 → 5 blocks \(197 kB → 328 kB\), /,
  );
  await expect(savings.readout('full ÷ window of 16')).toHaveText('2.5×');
  await expect(savings.readout('full ÷ 2 layers share a cache')).toHaveText('2×');
  expect(await seriousViolations(page)).toEqual([]);
});
