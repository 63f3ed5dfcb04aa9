// Lesson 5's measured widgets with WebGPU unavailable, so the engine runs on the CPU fallback: the next-token match
// draws the teacher's and the student's distributions with their KL and redraws at a new temperature without running
// the models again; a live cut by weight magnitude of half the layers gives a smaller model that reads fewer bytes
// per step, with its perplexity measured, and its settings live in the URL; and the teacher and its smaller models
// are scored side by side on one window, the scratch model's measured columns marked not shipped.
// Kept cheap for CI: magnitude scores in a few seconds where activations take ~20 s on two cores, and the sweep and
// the sparsity contrast (each ~40 s here, on the same PruneRun as the live cut) are left to their unit tests.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { count, firstNumber, PruningLesson, ratio } from './pages/pruning';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('the next-token match draws both distributions with their KL, and the temperature redraws without a run', async ({
  page,
}) => {
  const lesson = new PruningLesson(page);
  await lesson.open();
  const ntok = await lesson.find('next-token-match');
  await expect(ntok.getByText('Running on the CPU.')).toBeVisible({ timeout: 30_000 });
  // It runs by itself once the device is known: the default prompt through the teacher and the pruned student.
  await lesson.drawn(ntok, 'next-token-match', 60_000);
  await expect(lesson.chart(ntok)).toHaveAttribute(
    'aria-label',
    /^The next token's probability under prose-target \(the teacher\) and prose-pruned \(the student\) at temperature 1, for the \d+ tokens either model ranks among its most likely: /,
  );
  const kl = lesson.figure(ntok, 'KL(teacher ‖ student)');
  const teacherEntropy = lesson.figure(ntok, "Teacher's entropy");
  await expect(kl).toHaveText(/^[\d.]+ nats$/);
  await expect(teacherEntropy).toHaveText(/^[\d.]+ nats$/);
  const kl1 = firstNumber(await kl.textContent());
  const entropy1 = firstNumber(await teacherEntropy.textContent());
  expect(kl1).toBeGreaterThan(0);
  expect(entropy1).toBeGreaterThan(0);
  expect(firstNumber(await lesson.figure(ntok, 'Prompt tokens read').textContent())).toBeGreaterThan(10);
  await expect(
    ntok.getByText(/^KL\(prose-target ‖ prose-pruned\) is [\d.]+ nats at temperature 1: /),
  ).toBeVisible();

  // Both distributions, token by token: probabilities between 0 and 100 %, the ratio column their quotient, and each
  // column's total the share of its model's probability the readout says the chart shows.
  const rows = await lesson.rows(ntok);
  expect(rows.length).toBeGreaterThanOrEqual(8);
  const percent = (cell: string) => {
    expect(cell).toMatch(/^[\d.]+(e-\d+)? %$/);
    return Number(cell.replace(' %', ''));
  };
  let teacherShown = 0;
  let studentShown = 0;
  for (const [, id, teacher, student, quotient] of rows) {
    expect(id).toMatch(/^\d+$/);
    const [p, q] = [percent(teacher!), percent(student!)];
    expect(p).toBeLessThanOrEqual(100);
    expect(q).toBeLessThanOrEqual(100);
    if (p > 1 && q > 1) expect(Math.abs(firstNumber(quotient!) / (q / p) - 1)).toBeLessThan(0.02);
    teacherShown += p;
    studentShown += q;
  }
  expect(teacherShown).toBeCloseTo(
    firstNumber(await lesson.figure(ntok, "Teacher's probability shown").textContent()),
    0,
  );
  expect(studentShown).toBeCloseTo(
    firstNumber(await lesson.figure(ntok, "Student's probability shown").textContent()),
    0,
  );

  // From here on nothing may run: record any progress bar or busy result that appears in the widget.
  await page.evaluate(() => {
    const root = document.querySelector('[data-widget="next-token-match"]')!;
    const seen = ((window as unknown as { runSeen: string[] }).runSeen = [] as string[]);
    new MutationObserver(() => {
      if (root.querySelector('progress')) seen.push('progress');
      if (root.querySelector('[aria-busy="true"]')) seen.push('busy');
    }).observe(root, { subtree: true, childList: true, attributes: true });
  });
  const temperature = ntok.getByRole('spinbutton', { name: /^Temperature \(/ });
  await temperature.fill('0.5');
  await temperature.press('Enter');
  // A lower temperature sharpens both distributions: the teacher's entropy falls, and the KL moves at once.
  await expect(
    ntok.getByText(/^KL\(prose-target ‖ prose-pruned\) is [\d.]+ nats at temperature 0.5: /),
  ).toBeVisible({
    timeout: 2_000,
  });
  const kl2 = firstNumber(await kl.textContent());
  expect(kl2).not.toBe(kl1);
  expect(firstNumber(await teacherEntropy.textContent())).toBeLessThan(entropy1);
  await expect(lesson.chart(ntok)).toHaveAttribute('aria-label', /at temperature 0.5, for the \d+ tokens/);
  await expect.poll(() => lesson.param('ntok.temp')).toBe('0.5');
  // Longer than the frame's re-run delay (400 ms): had the temperature been part of the request, a run would start.
  await page.waitForTimeout(1_000);
  await expect(lesson.status(ntok)).toHaveText('');
  expect(await page.evaluate(() => (window as unknown as { runSeen: string[] }).runSeen)).toEqual([]);
});

test('half the layers cut by weight magnitude make a smaller model that reads fewer bytes, and the URL keeps the cut', async ({
  page,
}) => {
  test.setTimeout(150_000);
  const lesson = new PruningLesson(page);
  await lesson.open();
  let prune = await lesson.ready('prune-live');
  await prune.getByRole('combobox', { name: 'Importance by' }).selectOption('magnitude');
  await prune.getByRole('combobox', { name: 'Prune' }).selectOption('layers');
  await expect(prune.getByRole('spinbutton', { name: /^Share pruned \(/ })).toHaveValue('50');
  await expect.poll(() => lesson.param('prune.by')).toBe('magnitude');
  await expect.poll(() => lesson.param('prune.cut')).toBe('layers');
  // The cut is in the address: a reload restores it, and nothing runs before the button is pressed.
  await page.reload();
  prune = await lesson.ready('prune-live');
  await expect(prune.getByRole('combobox', { name: 'Importance by' })).toHaveValue('magnitude');
  await expect(prune.getByRole('combobox', { name: 'Prune' })).toHaveValue('layers');
  await expect(prune.getByRole('spinbutton', { name: /^Share pruned \(/ })).toHaveValue('50');
  await expect(prune.getByText(/^Press Prune and measure: /)).toBeVisible();

  await lesson.runButton(prune, 'prune-live').click();
  await lesson.drawn(prune, 'prune-live', 120_000);
  await expect(lesson.chart(prune)).toHaveAttribute(
    'aria-label',
    /^50 % of layers cut by weight magnitude: [\d.]+ million of [\d.]+ million parameters, [\d.]+ [kM]B read per decode step \(×[\d.]+\), and decodes ×[\d.]+ as many tokens per second on the CPU; perplexity on the same [\d,]+ held-out tokens went from [\d.,]+ to [\d.,]+ \(×[\d.,]+\)\.$/,
  );

  // The table's two rows, the unpruned model first, read as numbers.
  const [unpruned, pruned, ...rest] = await lesson.rows(prune);
  expect(rest).toEqual([]);
  expect(unpruned![0]).toBe('unpruned');
  expect(pruned![0]).toBe('50 % of layers cut by weight magnitude');
  const [baseParams, cutParams] = [count(unpruned![1]!), count(pruned![1]!)];
  expect(cutParams).toBeLessThan(baseParams);
  // Half the blocks go; the embedding (shared with the head) stays, so a little over half the parameters remain.
  expect(cutParams / baseParams).toBeGreaterThan(0.5);
  expect(cutParams / baseParams).toBeLessThan(0.8);
  const [basePpl, cutPpl] = [firstNumber(unpruned![3]!), firstNumber(pruned![3]!)];
  expect(basePpl).toBeGreaterThan(1);
  expect(cutPpl).toBeGreaterThan(basePpl);
  for (const row of [unpruned!, pruned!]) expect(firstNumber(row[5]!)).toBeGreaterThan(0);

  // The readout: each figure beside its multiple of the unpruned model's.
  const params = await lesson.figure(prune, 'Parameters kept').textContent();
  expect(ratio(params)).toBeCloseTo(cutParams / baseParams, 1);
  const bytes = await lesson.figure(prune, 'Bytes per decode step').textContent();
  expect(ratio(bytes)).toBeLessThan(1);
  expect(ratio(bytes)).toBeGreaterThan(0.4);
  const perplexity = await lesson.figure(prune, 'Perplexity').textContent();
  expect(firstNumber(perplexity)).toBeCloseTo(cutPpl, 1);
  expect(ratio(perplexity)).toBeGreaterThan(1);
  await expect(lesson.figure(prune, 'Decode tokens/s')).toHaveText(/^[\d.,]+ \(×[\d.]+\)$/);
  expect(lesson.param('prune.share')).toBeNull(); // the default share is not written
});

test('the teacher and its smaller models are scored side by side on one window, scratch not shipped', async ({
  page,
}) => {
  // Four models scored against the teacher, the unhealed cut scored by activations first: ~45 s alone on two cores,
  // ~70 s beside another journey.
  test.setTimeout(210_000);
  const lesson = new PruningLesson(page);
  await lesson.open('?tmatch.windows=1');
  const match = await lesson.ready('teacher-match');
  await expect(match.getByRole('spinbutton', { name: /^Held-out windows \(/ })).toHaveValue('1');
  await lesson.runButton(match, 'teacher-match').click();
  await lesson.drawn(match, 'teacher-match', 180_000);

  const rows = await lesson.rows(match);
  expect(rows.map((r) => r[0])).toEqual([
    'prose-target (teacher)',
    'prose-target pruned, not healed',
    'prose-pruned (pruned, healed)',
    'prose-student (distilled from random init)',
    'scratch (same shape, not shipped)',
  ]);
  const [teacher, unhealed, healed, student, scratch] = rows as string[][];
  // Scratch was never shipped: only its parameter count and recorded loss, every measured column marked.
  expect(scratch!.slice(2, 7)).toEqual(Array(5).fill('not shipped'));
  expect(firstNumber(scratch![7]!)).toBeGreaterThan(0);
  for (const row of [teacher!, unhealed!, healed!, student!]) {
    expect(row.slice(2, 8).join(' ')).not.toMatch(/—|scoring|not shipped/);
    expect(firstNumber(row[3]!)).toBeGreaterThan(1); // perplexity
  }
  // The teacher agrees with itself; the cut models are smaller, and healing brings the pruned one closer.
  expect(firstNumber(teacher![4]!)).toBe(100);
  expect(firstNumber(teacher![5]!)).toBe(0);
  expect(count(healed![1]!)).toBeLessThan(count(teacher![1]!));
  expect(count(unhealed![1]!)).toBe(count(healed![1]!));
  expect(firstNumber(healed![5]!)).toBeLessThan(firstNumber(unhealed![5]!));
  expect(firstNumber(healed![3]!)).toBeLessThan(firstNumber(unhealed![3]!));
  await expect(lesson.chart(match)).toHaveAttribute(
    'aria-label',
    /^Measured on one window of [\d,]+ held-out tokens/,
  );
  await expect(
    match.getByText(/its weights were not shipped, so nothing of it is measured here/).first(),
  ).toBeVisible();
});
