// Lesson 2, the KV cache: the reader reaches it from home, drives both widgets with mouse and keyboard, shares a
// link that restores them, gets a note for bad linked values, and meets no accessibility violations.
import { readFileSync } from 'node:fs';
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import { KvCacheLesson } from './pages/kv-cache';

const target = JSON.parse(readFileSync('public/models/prose-target/config.json', 'utf8'));
/** The trained model's keys and values per token across its layers, as the engine stores them (f32). */
const TARGET_BYTES_PER_TOKEN =
  2 * target.num_hidden_layers * target.num_key_value_heads * target.head_dim * 4;

const DEFAULT_CALC =
  "Llama 2 7B at 4,096 tokens per sequence: 8 sequences need 30.7 GB (weights 13.5 GB, KV cache 17.2 GB) of the NVIDIA H100 SXM's 80 GB; at most 30 sequences fit.";

test('home lists the lesson and it opens with both widgets drawn @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /The KV cache/ }).click();
  await expect(page).toHaveURL(/\/lessons\/kv-cache\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('The KV cache');
  const lesson = new KvCacheLesson(page);
  await expect((await lesson.calculator()).chart()).toHaveAttribute('aria-label', DEFAULT_CALC);
  await expect((await lesson.reads()).chart()).toHaveAttribute(
    'aria-label',
    /^prose-target \(trained\), batch 1: .* KV overtakes weights at 6,659 tokens/,
  );
  await expect((await lesson.memoryMap()).chart()).toHaveAttribute('aria-label', /^The cache is empty/);
  await expect((await lesson.stepTime()).chart()).toHaveAttribute(
    'aria-label',
    /^Not measured yet\. For this model KV reads overtake weight reads at S = [\d,]+ tokens \(analytic\)\.$/,
  );
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
  await expect(page.getByRole('link', { name: /Efficiently Scaling Transformer Inference/ })).toBeVisible();
});

test('controls change the charts and the URL, and a reload restores them', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open();
  const calc = await lesson.calculator();
  await calc.select('Model').selectOption('llama-3-8b');
  await expect(calc.chart()).toHaveAttribute('aria-label', /^Llama 3 8B .* at most 119 sequences fit\.$/);
  await calc.field('Context length S').fill('16384');
  await calc.field('Context length S').press('Enter');
  await expect(calc.chart()).toHaveAttribute(
    'aria-label',
    /at 16,384 tokens per sequence.* at most 29 sequences/,
  );
  await expect.poll(() => lesson.param('kv.model')).toBe('llama-3-8b');
  await expect.poll(() => lesson.param('kv.S')).toBe('16384');
  await calc.select('Chart memory against').selectOption('context');
  await expect(calc.chart()).toHaveAttribute('aria-label', /each sequence can hold at most 60,977 tokens\.$/);
  await expect.poll(() => lesson.param('kv.axis')).toBe('context');

  const reads = await lesson.reads();
  await reads.select('Model').selectOption('synthetic-xl');
  await reads.slider('Batch B').focus();
  await page.keyboard.press('ArrowRight');
  await expect(reads.chart()).toHaveAttribute('aria-label', /^synthetic xl, batch 2:/);
  await expect.poll(() => lesson.param('reads.B')).toBe('2');
  await expect.poll(() => lesson.param('reads.model')).toBe('synthetic-xl');
  // The engine's own byte counts against the closed form, folded away as a check: they agree to the byte.
  await reads.root.getByText('Check the engine').click();
  await expect(reads.root.locator('.engine-check')).toContainText(
    'the largest gap between them here is 0 B.',
  );

  const map = await lesson.memoryMap();
  await map.slider('Block size').focus();
  await page.keyboard.press('ArrowRight');
  await expect(map.field('Block size')).toHaveValue('32');
  // The trained model takes 256 positions: 8 blocks of 32 in each of its 6 layers' caches.
  await expect(map.root.locator('rect.slot')).toHaveCount(8 * target.num_hidden_layers);
  await expect.poll(() => lesson.param('kvmap.block')).toBe('32');
  const time = await lesson.stepTime();
  await time.select('Model').selectOption('kv-s');
  await time.field('Longest context').fill('512');
  await time.field('Longest context').press('Enter');
  await expect.poll(() => lesson.param('ctime.size')).toBe('kv-s');
  await expect.poll(() => lesson.param('ctime.S')).toBe('512');

  await page.reload();
  const mapAgain = await lesson.memoryMap();
  await expect(mapAgain.field('Block size')).toHaveValue('32');
  await expect(mapAgain.root.locator('rect.slot')).toHaveCount(8 * target.num_hidden_layers);
  const timeAgain = await lesson.stepTime();
  await expect(timeAgain.select('Model')).toHaveValue('kv-s');
  await expect(timeAgain.field('Longest context')).toHaveValue('512');
  const calcAgain = await lesson.calculator();
  await expect(calcAgain.select('Model')).toHaveValue('llama-3-8b');
  await expect(calcAgain.field('Context length S')).toHaveValue('16384');
  await expect(calcAgain.select('Chart memory against')).toHaveValue('context');
  const readsAgain = await lesson.reads();
  await expect(readsAgain.field('Batch B')).toHaveValue('2');
  await expect(readsAgain.chart()).toHaveAttribute('aria-label', /^synthetic xl, batch 2:/);
});

test('out-of-range linked values are clamped with a visible note @phone', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open(
    '?kv.B=5000&kv.cache=fp64&reads.B=0&reads.model=nope&kvmap.block=5&ctime.S=100&ctime.size=huge',
  );
  const calc = await lesson.calculator();
  await expect(calc.field('Batch B')).toHaveValue('1024');
  await expect(calc.notes().filter({ hasText: '5000 is above the maximum; using 1024.' })).toBeVisible();
  await expect(calc.select('KV cache stored as')).toHaveValue('bf16');
  await expect(
    calc.notes().filter({ hasText: '“fp64” is not one of the options; using bf16.' }),
  ).toBeVisible();
  await expect(calc.chart()).toHaveAttribute('aria-label', /1,024 sequences need/);
  await expect.poll(() => lesson.param('kv.B')).toBe('1024');

  const reads = await lesson.reads();
  await expect(reads.field('Batch B')).toHaveValue('1');
  await expect(reads.notes().filter({ hasText: '0 is below the minimum; using 1.' })).toBeVisible();
  await expect(
    reads.notes().filter({ hasText: '“nope” is not one of the options; using prose-target.' }),
  ).toBeVisible();

  const map = await lesson.memoryMap();
  await expect(map.field('Block size')).toHaveValue('4');
  await expect(map.notes().filter({ hasText: '5 is not a block size offered; using 4.' })).toBeVisible();
  const time = await lesson.stepTime();
  await expect(time.field('Longest context')).toHaveValue('128');
  await expect(time.notes().filter({ hasText: '100 is not a power of two; using 128.' })).toBeVisible();
  await expect(time.select('Model')).toHaveValue('kv-m');
  await expect(
    time.notes().filter({ hasText: '“huge” is not one of the options; using kv-m.' }),
  ).toBeVisible();
  // The map wraps its rows to the column: it never widens the page, even on a phone.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('every control on lesson 2 is reachable with Tab', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open();
  await lesson.calculator();
  await lesson.reads();
  await lesson.memoryMap();
  await lesson.stepTime();
  const { controls, unreached } = await lesson.tabThroughControls();
  // The calculator's and reads' controls, the map's two sliders and its button, the step-time widget's model,
  // slider and button (a slider counts twice: range and field), and 4 exercises of a field and a button each.
  expect(controls.length).toBeGreaterThanOrEqual(29);
  expect(unreached).toEqual([]);
});

test('the widgets and an exercise work from the keyboard alone', async ({ page }) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open();
  const calc = await lesson.calculator();
  await calc.slider('Batch B').focus();
  await page.keyboard.press('Home');
  await expect(calc.field('Batch B')).toHaveValue('1');
  await page.keyboard.press('ArrowRight');
  await expect(calc.field('Batch B')).toHaveValue('2');
  await calc.select('GPU').focus();
  await page.keyboard.press('ArrowDown');
  await expect(calc.select('GPU')).toHaveValue('h200');
  await expect(calc.chart()).toHaveAttribute('aria-label', /2 sequences need .* NVIDIA H200 SXM's 141 GB/);

  const exercise = await lesson.exercise(/How many bytes of KV cache does one token take/);
  await exercise.getByRole('textbox').focus();
  await page.keyboard.type('130000');
  await page.keyboard.press('Enter');
  await expect(exercise.getByRole('status')).toContainText('Answer: 131,072 bytes');
  await expect(exercise.getByRole('status')).toContainText('within 10 %');
});

test('lesson 2 with its widgets drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  const lesson = new KvCacheLesson(page);
  await lesson.open('?kv.B=99999');
  await lesson.calculator();
  await lesson.reads();
  await lesson.memoryMap();
  await lesson.stepTime();
  const exercise = await lesson.exercise(/sequences of/);
  await exercise.getByRole('textbox').fill('50');
  await exercise.getByRole('button', { name: 'Reveal the answer' }).click();
  await expect(exercise.getByRole('status')).toContainText('Answer: 59 sequences');
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('the memory map fills block by block as the trained model generates on the GPU', async ({ page }) => {
  test.setTimeout(180_000); // SwiftShader runs the 10 M-parameter model at seconds per token
  const lesson = new KvCacheLesson(page);
  await lesson.open('?kvmap.block=8&kvmap.tokens=2');
  const map = await lesson.memoryMap();
  await lesson.press(map, 'Generate and watch the cache');
  await expect(map.root.getByText('Done: 2 tokens generated.')).toBeVisible({ timeout: 150_000 });
  await expect(map.root.getByText('Running on the CPU.')).toHaveCount(0);
  // The chart draws a frame after the text around it: wait until its label tells the last token's state.
  await expect(map.root.locator('.plot-chart[data-pending]')).toHaveCount(0);
  const summary = (await map.chart().getAttribute('aria-label')) ?? '';
  const [, held, prompt, blocks] = summary
    .match(
      /^The cache holds (\d+) tokens \((\d+) from the prompt\) in (\d+) of the pool's 32 blocks of 8 tokens/,
    )!
    .map(Number);
  // Two tokens generated: the first is fed back, the last is not yet in the cache.
  expect(held).toBe(prompt! + 1);
  expect(blocks).toBe(Math.ceil(held! / 8));
  await expect(lesson.figure(map, 'KV bytes per token')).toHaveText(
    `${TARGET_BYTES_PER_TOKEN.toLocaleString('en-US')} B`,
  );
  // Full blocks are drawn full in every layer; the data table lists each block the sequence holds.
  await expect(map.root.locator('rect.fill.full')).toHaveCount(
    Math.floor(held! / 8) * target.num_hidden_layers,
  );
  await expect(map.root.locator('tbody tr')).toHaveCount(blocks!);
  const output = await map.root.getByRole('log', { name: 'Model output' }).innerText();
  expect(output).toMatch(/^It is a truth universally acknowledged, that./s);
});

test('decode step time is measured against context on the GPU, beside the analytic step', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const lesson = new KvCacheLesson(page);
  await lesson.open('?ctime.size=kv-s&ctime.S=128');
  const time = await lesson.stepTime();
  await lesson.press(time, 'Measure on this device');
  await expect(time.root.locator('tbody tr')).toHaveCount(3, { timeout: 150_000 });
  await expect(time.chart()).toHaveAttribute(
    'aria-label',
    /^Measured on this GPU: a decode step takes [\d.]+ [mµ]?s at 64 tokens of context and [\d.]+ [mµ]?s at 128, [\d.]+ times as long\. The analytic model, from your measured bandwidth and peak, predicts/,
  );
  // After each context's timed steps the sequence holds context + 5 tokens, in blocks of 16 of 8,192 bytes a token.
  const rows = time.root.locator('tbody tr');
  for (const [i, context, blocks, kv] of [
    [0, '64', '5', '655 kB'],
    [1, '96', '7', '918 kB'],
    [2, '128', '9', '1.18 MB'],
  ] as const) {
    await expect(rows.nth(i).locator('td').nth(0)).toHaveText(context);
    await expect(rows.nth(i).locator('td').nth(2)).toHaveText(/^[\d.]+ [mµn]?s$/);
    await expect(rows.nth(i).locator('td').nth(4)).toHaveText(blocks);
    await expect(rows.nth(i).locator('td').nth(5)).toHaveText(kv);
  }
});
