// Lesson 6, speculative sampling: the reader reaches it from home and finds its four figures, gets a note for a
// linked value that is not allowed, meets no accessibility violations with the exactness test and the cost model
// drawn, sees the live stream's first verification on WebGPU (SwiftShader here) and stops it, and moves the cost
// model's α and weight format. The engine widgets' runs on the CPU fallback have their journey in speculative-cpu.
import { expect, seriousViolationsInBothSchemes, test } from './fixtures';
import type { LessonFigure } from './pages/lesson-page';
import { firstNumber, SpeculativeLesson } from './pages/speculative';

/** The lesson's figures, in order, with their provenance and the first words of their captions. */
const FIGURES: LessonFigure[] = [
  ['speculative-stream', 'measured', /^Speculative decoding live: the shipped draft proposes K tokens/],
  ['speculative-exactness', 'measured', /^Exactness by sampling: the first token after your prompt/],
  ['speculative-cost', 'analytic', /^The cost model's speculative decoding: Llama 2 70B verifying/],
  ['speculative-payoff', 'measured', /^Speculative decoding measured on your device/],
];

test('home lists the lesson and it opens with its four figures @phone', async ({ page }) => {
  await page.goto('/');
  await page.getByRole('link', { name: /Speculative sampling/ }).click();
  await expect(page).toHaveURL(/\/lessons\/speculative-sampling\/$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Speculative sampling');
  const lesson = new SpeculativeLesson(page);
  await lesson.expectFigures(FIGURES);
  // Before a run, the payoff (which waits for its button) says what it will measure.
  await expect(lesson.root('speculative-payoff')).toContainText(
    'Press the button: both models decode alone, then speculate at every K',
  );
  await expect(page.getByRole('heading', { name: 'Sources' })).toBeVisible();
});

test('linked values out of range or not among the options are corrected with a note', async ({ page }) => {
  const lesson = new SpeculativeLesson(page);
  await lesson.open('?spec.K=12&spec.temp=-0.5&cost.device=bogus&exact.samples=50000');

  const stream = await lesson.find('speculative-stream');
  await expect(
    stream.getByRole('spinbutton', { name: /^Drafted tokens per verification \(K\) \(/ }),
  ).toHaveValue('8');
  await expect(stream.getByRole('spinbutton', { name: /^Temperature \(/ })).toHaveValue('0');
  await expect(lesson.controlNotes(stream)).toHaveText([
    '', // the prompt was not linked
    '12 is above the maximum; using 8.',
    '-0.5 is below the minimum; using 0.',
    '', // nor the seed
    '', // nor the tokens
  ]);
  await expect.poll(() => lesson.param('spec.K')).toBe('8');
  await expect.poll(() => lesson.param('spec.temp')).toBe('0');

  const exact = await lesson.find('speculative-exactness');
  await expect(exact.getByRole('spinbutton', { name: /^Samples per sampler \(/ })).toHaveValue('20000');
  await expect(
    lesson.controlNotes(exact).filter({ hasText: '50000 is above the maximum; using 20000.' }),
  ).toBeVisible();
  // 20,000 is the default, so the key leaves the address.
  await expect.poll(() => lesson.param('exact.samples')).toBeNull();

  const cost = (await lesson.cost()).root;
  await expect(cost.getByRole('combobox', { name: 'Device' })).toHaveValue('h100-sxm');
  await expect(
    lesson.controlNotes(cost).filter({ hasText: '“bogus” is not one of the options; using h100-sxm.' }),
  ).toBeVisible();
  await expect.poll(() => lesson.param('cost.device')).toBeNull();
  await expect(cost.locator('p.summary')).toHaveText(/ on the NVIDIA H100 SXM at α = 0.8, /);
});

test('lesson 6 with the exactness test and the cost model drawn has no serious accessibility violations in light and dark @phone', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const lesson = new SpeculativeLesson(page);
  await lesson.open();
  // The exactness test first: it runs its two models on the CPU in the engine's worker in seconds, while the
  // stream's first WebGPU verification on SwiftShader takes half a minute, and the engine runs one job at a time.
  const exact = await lesson.find('speculative-exactness');
  await lesson.drawn(exact, 'speculative-exactness', 60_000);
  await lesson.cost();
  // The stream starts its run once in view; the scan does not wait for it.
  for (const name of ['speculative-payoff', 'speculative-stream'] as const) await lesson.find(name);
  for (const details of await page.locator('details').all()) await details.locator('summary').click();
  expect(await seriousViolationsInBothSchemes(page)).toEqual({ light: [], dark: [] });
});

test('on WebGPU the stream shows its first verification, and Stop ends the run', async ({ page }) => {
  // SwiftShader compiles the shaders on the first verification (~35 s on two cores).
  test.setTimeout(150_000);
  const lesson = new SpeculativeLesson(page);
  await lesson.open('?spec.tokens=16&spec.K=2');
  const stream = await lesson.find('speculative-stream');
  const stop = stream.getByRole('button', { name: 'Stop', exact: true });
  const first = await lesson.announced(/^Verification 1 of \d+: /, 90_000);
  await stop.click();
  expect(first).toMatch(
    /^Verification 1 of \d+: [0-2] of 2 drafted tokens accepted(, then the bonus ‘.+’|; ‘.+’ rejected and ‘.+’ resampled)\.$/,
  );
  await expect(stream.getByText('Running on the CPU.')).toHaveCount(0);
  const tokens = await lesson.tokenLabels(stream);
  expect(tokens.length).toBeGreaterThanOrEqual(1);
  expect(tokens[0]).toMatch(/, (drafted and accepted|drafted and rejected|resampled|bonus), verification 1$/);

  // Stopped: the run button is back, Stop is not, and the status says how far the run got, short of 16 tokens.
  // The stop lands before the next forward; on SwiftShader a forward of a new shape compiles its shaders first.
  await expect(lesson.runButton(stream, 'speculative-stream')).toBeEnabled({ timeout: 45_000 });
  await expect(stop).toBeDisabled();
  const status = lesson.status(stream);
  await expect(status).toHaveText(/^Stopped: \d+ verifications? emitted \d+ tokens\.$/);
  const [verifications, emitted] = ((await status.textContent()) ?? '').match(/\d+/g)!.map(Number);
  expect(verifications).toBeGreaterThanOrEqual(1);
  expect(emitted).toBeLessThan(16);
  expect(firstNumber(await lesson.figure(stream, 'Verifications run').textContent())).toBe(verifications);
  // Nothing resumes by itself.
  await page.waitForTimeout(1_000);
  await expect(status).toHaveText(/^Stopped: /);
});

test('the cost model: a higher α gives a higher speedup, and int4 weights fit the H100', async ({ page }) => {
  const lesson = new SpeculativeLesson(page);
  await lesson.open();
  const cost = (await lesson.cost()).root;
  const speedup = lesson.figure(cost, 'Speedup');
  const tokens = lesson.figure(cost, 'Tokens per verification');
  const alpha = cost.getByRole('slider', { name: 'Acceptance rate α' });
  const alphaField = cost.getByRole('spinbutton', { name: /^Acceptance rate α \(/ });
  await expect(alphaField).toHaveValue('0.8');
  await expect(speedup).toHaveText(/^×[\d.]+$/);
  const at = async () => firstNumber((await speedup.textContent())!.replace('×', ''));
  const base = await at();
  expect(base).toBeGreaterThan(1);

  // One step up by the keyboard: α = 0.85, and at K = 4 the formula's (1 − α⁵) / (1 − α) tokens per verification.
  await alpha.focus();
  await alpha.press('ArrowRight');
  await expect(alphaField).toHaveValue('0.85');
  await expect.poll(() => lesson.param('cost.alpha')).toBe('0.85');
  await expect(tokens).toHaveText(((1 - 0.85 ** 5) / (1 - 0.85)).toPrecision(3));
  const higher = await at();
  expect(higher).toBeGreaterThan(base);

  // A lower α typed in the field: fewer tokens per verification, a smaller speedup.
  await alphaField.fill('0.5');
  await alphaField.press('Enter');
  await expect(tokens).toHaveText(((1 - 0.5 ** 5) / (1 - 0.5)).toPrecision(3));
  expect(await at()).toBeLessThan(base);
  await expect(cost.locator('p.summary')).toHaveText(/ at α = 0.5, context 1,024 tokens: K = 4 gives ×/);

  // The weights: bf16 overflows one H100, int4 fits and leaves room for the KV caches.
  const fit = cost.locator('.fine-print').first();
  await expect(fit).toContainText("together, more than the NVIDIA H100 SXM's 80 GB");
  await cost.getByRole('combobox', { name: 'Weights stored as' }).selectOption('int4');
  await expect(fit).toContainText("together fit in the NVIDIA H100 SXM's 80 GB, leaving");
  await expect.poll(() => lesson.param('cost.weights')).toBe('int4');
});
