// Bring your own model (issue 21) on the CPU backend: a checkpoint folder transformers wrote (Llama 3's RoPE scaling,
// bf16, tied) is chosen in lesson 1's measured roofline, its fit said before anything loads, then kept: the roofline
// measures it, and on lesson 4 (another page) the decode speed per format and the quality per scheme measure it too,
// as do lesson 1's decode breakdown, batch sweep and live engine and lesson 2's step-time sweep. A folder the engine
// cannot run (a shard missing) is refused naming the file.
import { fileURLToPath } from 'node:url';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatCount, formatNumber } from '../components/charts/format';
import { longestContext, sweepContexts } from '../components/context-time/context-time';
import { parseConfig, stepOpCounts, sumCosts } from '../engine/index';
import { expect, seriousViolations, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { FormatSpeed } from './pages/format-speed';
import { KvCacheLesson } from './pages/kv-cache';
import { LiveEngine } from './pages/live-engine';
import { MeasuredRoofline } from './pages/measured-roofline';
import { QuantQuality } from './pages/quant-quality';
import { MeasuredSweep } from './pages/measured-sweep';

test.use({ launchOptions: cpuOnlyLaunchOptions });

const checkpoints = fileURLToPath(new URL('../training/fixtures/checkpoints/', import.meta.url));

test('a picked checkpoint is checked, kept and measured in lessons 1, 2 and 4', async ({ page }) => {
  test.setTimeout(180_000);
  const roofline = new MeasuredRoofline(page);
  await roofline.open('?mroof.T=16');
  const picker = roofline.root.locator('.own-model');
  await picker.locator('summary').click();

  const broken = mkdtempSync(join(tmpdir(), 'sharded-'));
  cpSync(join(checkpoints, 'llama2-sharded'), join(broken, 'llama2-sharded'), { recursive: true });
  rmSync(join(broken, 'llama2-sharded', 'model-00003-of-00004.safetensors'));
  await picker.locator('input[type=file]').setInputFiles(join(broken, 'llama2-sharded'));
  await expect(picker.getByRole('alert')).toHaveText(
    /^llama2-sharded cannot be loaded: model\.safetensors\.index\.json puts tensor "[^"]+" in "model-00003-of-00004\.safetensors", which is not in the folder$/,
  );

  await picker.locator('input[type=file]').setInputFiles(join(checkpoints, 'llama3-scaled'));
  const figures = picker.getByLabel('The checkpoint in llama3-scaled, computed from its files');
  // Tied: the embedding 2,048 × 64; a layer: q and o 64 × 64, k and v 32 × 64, the MLP 3 × 64 × 176, two norms of 64;
  // the final norm 64. bf16: 2 bytes each. KV: 2 layers × 2 heads × 16, keys and values, 4 bytes.
  const parameters = 2048 * 64 + 2 * (2 * 64 * 64 + 2 * 32 * 64 + 3 * 64 * 176 + 2 * 64) + 64;
  await expect(figures).toHaveText(
    new RegExp(
      [
        'Family llama',
        'Shape 2 layers, width 64, MLP 176, 4 query and 2 key/value heads of 16, 512 positions, vocabulary 2,048 (2,048 in tokenizer.json), output head tied to the embedding',
        `Parameters ${parameters.toLocaleString('en-US')}`,
        `Stored in the files ${((2 * parameters) / 1000).toPrecision(3)} kB as BF16 in 1 file`,
        `Tab memory at least ${((4 * parameters) / 1000).toPrecision(3)} kB while it loads`,
        'KV cache 512 B a token',
        'On this device, f32 fits, with up to 512 tokens of context',
      ]
        .map((part) => part.replace(/[()]/g, '\\$&').replace(/ /g, '\\s+'))
        .join('[\\s\\S]*'),
    ),
  );
  expect(await seriousViolations(page)).toEqual([]);
  await picker.getByRole('button', { name: 'Use llama3-scaled in the measured widgets' }).click();
  await expect(picker.locator('.kept')).toHaveText(
    /In use: llama3-scaled, offered as “yours” \(kept in this browser/,
  );
  await expect(picker.getByLabel('Model card of llama3-scaled, computed from its files')).toContainText(
    new RegExp(`Parameters\\s+${parameters.toLocaleString('en-US')}`),
  );

  const choice = roofline.root.getByLabel('Model size');
  await choice.selectOption('yours');
  await expect(page).toHaveURL(/mroof\.size=yours/);
  await roofline.button().click();
  await roofline.measured();
  const config = parseConfig(
    JSON.parse(readFileSync(join(checkpoints, 'llama3-scaled', 'config.json'), 'utf8')),
  );
  const decode = sumCosts(stepOpCounts(config, [{ cached: 16, newTokens: 1 }], 1));
  await expect(roofline.chart()).toHaveAttribute(
    'aria-label',
    new RegExp(
      `the decode step does ${formatNumber(decode.flops / decode.bytes).replace('.', '\\.')} FLOP/byte`,
    ),
  );

  const speed = new FormatSpeed(page);
  await speed.open('?fspeed.size=yours&fspeed.steps=2');
  await expect(speed.root.getByLabel('Model size')).toHaveValue('yours');
  await speed.measureButton().click();
  await speed.measured(120_000);
  // Widths 64, 64 and 176: groups of 32 do not divide 176, nor do groups of 128, so int4 is left out.
  await expect(
    speed.root.getByText(
      'int4 g32 and int4 g128 are left out: their groups do not divide every input width of this model (D 64, N·H 64, F 176).',
    ),
  ).toBeVisible();
  await expect(speed.rows()).toHaveCount(3);
  await expect(speed.rows().last().locator('td').first()).toHaveText('int8 per channel');

  // Lesson 4's quality widget scores it under each scheme its widths allow (no PyTorch reference: that scored ours).
  const quality = new QuantQuality(page);
  await quality.open('?qq.size=yours&qq.windows=1');
  await expect(quality.root.getByLabel('Model', { exact: true })).toHaveValue('yours');
  await expect(
    quality.root.getByText(
      /^int4 g128, int4 g64, int4 g32, int4 g128 zp, int3 g64, int2 g64, AWQ int4 g128\s+are left out: their groups do not divide every input width of this model\.$/,
    ),
  ).toBeVisible();
  await quality.measureButton().click();
  await expect(quality.chart()).toHaveAttribute(
    'aria-label',
    /^Measured on the CPU, one window of 256 held-out tokens \(255 predictions per scheme\): f32 scores a perplexity of [\d.,]+ /,
    { timeout: 120_000 },
  );
  await expect(quality.measureButton()).toBeEnabled({ timeout: 120_000 });
  const scored = await quality.rows();
  expect(scored.map((row) => row[0])).toEqual([
    'f32',
    'f16',
    'int8 per channel',
    'W8A8',
    'W8A8 + f32 outliers ≥ 6',
  ]);
  expect(scored.every((row) => row.length === 7)).toBe(true);

  // Back on lesson 1, the decode breakdown (which measures on its own) and the batch sweep run it too.
  await page.goto('/lessons/prefill-decode/?breakdown.size=yours&breakdown.S=16');
  const breakdown = page.locator('[data-widget="decode-breakdown"]');
  await breakdown.scrollIntoViewIfNeeded();
  await expect(breakdown.getByLabel('Model size')).toHaveValue('yours');
  await expect(breakdown.locator('caption')).toHaveText(/^One decode step after 16 cached tokens/, {
    timeout: 60_000,
  });
  const sweep = new MeasuredSweep(page);
  await sweep.measure('?msweep.size=yours&msweep.B=2');
  await expect(sweep.root.getByLabel('Model size')).toHaveValue('yours');
  await expect(sweep.rows()).toHaveCount(2);

  // The live engine generates with it, its prompt split by the checkpoint's own tokenizer.
  const live = new LiveEngine(page);
  await live.open('?live.size=yours&live.tokens=4&live.temp=0');
  await expect(live.root.getByLabel('Model', { exact: true })).toHaveValue('yours');
  await expect(live.root.getByText(/split into tokens by your model’s own tokenizer/)).toBeVisible();
  await live.run(4);
  await expect(live.root.locator('.readout')).toContainText(`${formatCount(parameters, 3)} params`);

  // Lesson 2's step-time sweep measures it too, stopping where its 512 positions end.
  const lesson2 = new KvCacheLesson(page);
  await lesson2.open('?ctime.size=yours&ctime.S=1024');
  const time = await lesson2.stepTime();
  await expect(time.select('Model')).toHaveValue('yours');
  const longest = longestContext(config);
  await expect(
    time.root.getByText(
      `This model holds 512 positions, so the sweep stops at ${longest} tokens: the last context and its 5 timed steps.`,
    ),
  ).toBeVisible();
  await lesson2.press(time, 'Measure on this device');
  await expect(time.root.locator('tbody tr')).toHaveCount(sweepContexts(longest).length, { timeout: 60_000 });
  await expect(time.root.locator('tbody tr').last().locator('td').first()).toHaveText(String(longest));
});

test('a checkpoint dropped onto the picker is read the same way', async ({ page }) => {
  const roofline = new MeasuredRoofline(page);
  await roofline.open('?mroof.T=16');
  const picker = roofline.root.locator('.own-model');
  await picker.locator('summary').click();
  const folder = join(checkpoints, 'qwen2-bias');
  const files = readdirSync(folder).map((name) => ({
    name,
    base64: readFileSync(join(folder, name)).toString('base64'),
  }));
  await picker.getByRole('group', { name: 'Drop a checkpoint folder here' }).evaluate((target, dropped) => {
    const transfer = new DataTransfer();
    for (const { name, base64 } of dropped)
      transfer.items.add(new File([Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))], name));
    target.dispatchEvent(
      new DragEvent('dragover', { dataTransfer: transfer, bubbles: true, cancelable: true }),
    );
    target.dispatchEvent(new DragEvent('drop', { dataTransfer: transfer, bubbles: true, cancelable: true }));
  }, files);
  const figures = picker.getByLabel('The checkpoint in the chosen files, computed from its files');
  await expect(figures).toContainText(/Family\s+qwen2/);
  // The Llama 3 folder's 223,552 parameters and the biases (64 + 32 + 32 a layer), 2 bytes each: 447,616 bytes.
  await expect(figures).toContainText(/Stored in the files\s+448\s+kB as BF16 in 1\s+file/);
});
