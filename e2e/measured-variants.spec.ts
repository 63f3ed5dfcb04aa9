// Lesson 3's measured widgets on WebGPU (SwiftShader in CI, so tiny models and short contexts; its timings are
// not performance): KV-head variants side by side, and window and sharing against context, with the cache sizes
// the engine's block pool reports.
import { expect, seriousViolations, test } from './fixtures';
import { MeasuredVariants } from './pages/measured-variants';

const STEP = /^[\d.,]+ [mµn]?s$/;

test('measures MHA against MQA at one context, from the keyboard', async ({ page }) => {
  test.setTimeout(240_000);
  const heads = new MeasuredVariants(page, 'kv-head-variants');
  await heads.open('?kvheads.size=xs&kvheads.S=64');
  const field = heads.root.getByRole('spinbutton', { name: /^Context \(/ });
  await heads.root.getByRole('slider', { name: 'Context' }).focus();
  await page.keyboard.press('ArrowLeft');
  await expect(field).toHaveValue('32');
  await expect.poll(() => new URL(page.url()).searchParams.get('kvheads.S')).toBe('32');
  await heads.measureButton().focus();
  await page.keyboard.press('Enter');
  await heads.measured();

  // xs: 2 layers, 2 query heads of 64. 32 tokens and 6 timed steps: 38 tokens in 3 blocks of 16, each block
  // 2 layers × (keys + values) × K × 64 × 4 bytes × 16 tokens; analytic: 38 tokens × 2 × 2 × K × 64 × 4 bytes.
  await expect(heads.summary()).toHaveText(
    /^Measured on this GPU at 32 tokens of context: MHA, K = 2 holds 98\.3 kB of keys and values, MQA, K = 1 49\.2 kB, 2 times less\./,
  );
  const rows = await heads.rows();
  await expect(rows).toHaveCount(2);
  await expect(rows.nth(0).locator('td')).toHaveText([
    'MHA, K = 2',
    '3',
    '98.3 kB',
    '77.8 kB',
    STEP,
    STEP,
    /^[\d,]+$/,
  ]);
  await expect(rows.nth(1).locator('td').nth(3)).toHaveText('38.9 kB');
  const batches = await rows.locator('td:last-child').allTextContents();
  const [mha, mqa] = batches.map((b) => Number(b.replaceAll(',', '')));
  // Half the heads, half the bytes per sequence in each layer's cache buffer: twice the sequences, give or take one.
  expect(Math.abs(mqa! - 2 * mha!)).toBeLessThanOrEqual(1);
  await expect(heads.readout('KV held, MHA, K = 2 ÷ MQA, K = 1')).toHaveText('2×');
  expect(await seriousViolations(page)).toEqual([]);
});

test('a window keeps the blocks in use flat while full attention and sharing grow', async ({ page }) => {
  test.setTimeout(240_000);
  const savings = new MeasuredVariants(page, 'kv-savings');
  await savings.open('?kvsave.size=xs&kvsave.S=64&kvsave.W=16');
  await savings.measureButton().click();
  await savings.measured();

  // Contexts 8, 16, … 64, each then 4 timed steps. Full attention holds ⌈(c + 4) / 16⌉ blocks of 32.8 kB; the
  // window of 16 frees every block wholly behind it; two layers sharing one cache halve every block.
  const rows = await savings.rows();
  await expect(rows).toHaveCount(24);
  const blocks = await rows.locator('td:nth-child(3)').allTextContents();
  expect(blocks).toEqual([
    ...['1', '2', '2', '3', '3', '4', '4', '5'],
    ...['1', '2', '2', '2', '2', '2', '2', '2'],
    ...['1', '2', '2', '3', '3', '4', '4', '5'],
  ]);
  await expect(savings.summary()).toHaveText(
    /^Measured on this GPU from 8 to 64 tokens of context\. full attention: 1 → 5 blocks \(32\.8 kB → 164 kB\), .*; window of 16: 1 → 2 blocks \(32\.8 kB → 65\.5 kB\), .*; 2 layers share a cache: 1 → 5 blocks \(16\.4 kB → 81\.9 kB\), /,
  );
  await expect(savings.readout('full ÷ window of 16')).toHaveText('2.5×');
  await expect(savings.readout('full ÷ 2 layers share a cache')).toHaveText('2×');
  expect(await seriousViolations(page)).toEqual([]);
});
