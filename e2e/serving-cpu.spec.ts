// Lesson 7's live server with WebGPU unavailable, so the engine runs on the CPU fallback: the stream is cut with a
// notice, served under static and then continuous batching, and what the widget shows agrees with itself: the status's
// step counts with the metrics table, continuous batching never holding a slot idle, no preemption in a pool that
// holds every request, and the generated texts of the first requests; on a phone too, the metrics table fitting.
import { expect, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { ServingLesson } from './pages/serving';

test.use({
  launchOptions: cpuOnlyLaunchOptions,
});

test('on the CPU the stream is cut with a notice, served under both policies, and its figures agree @phone', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const lesson = new ServingLesson(page);
  await lesson.open();
  const live = await lesson.ready('serving-slots');
  await expect(live.getByText('Running on the CPU.')).toBeVisible();
  await expect(live).toContainText('so the stream is cut to at most 6 requests');
  await lesson.runButton(live, 'serving-slots').click();
  const status = lesson.status(live);
  await expect(status).toHaveText(
    /^On the CPU the stream is cut to 6 requests.* Served 6 requests: \d+ steps of static batching and \d+ steps of continuous batching\.$/,
    { timeout: 90_000 },
  );
  const [staticSteps, continuousSteps] = /: (\d+) steps of static batching and (\d+) steps/
    .exec((await status.textContent()) ?? '')!
    .slice(1)
    .map(Number);
  expect(await lesson.metric(live, 'Steps')).toEqual([String(staticSteps), String(continuousSteps)]);
  expect(await lesson.metric(live, 'Preemptions')).toEqual(['0', '0']);
  for (const cell of await lesson.metric(live, 'Throughput')) expect(cell).toMatch(/^[\d.,]+ tokens\/s$/);
  // The metrics fit the widget, a phone's included: no column is left to scroll to.
  const metrics = live.getByRole('region', { name: "Each policy's metrics" });
  expect(await metrics.evaluate((region) => region.scrollWidth - region.clientWidth)).toBeLessThanOrEqual(0);

  // Continuous batching hands a finished request's slot on at once: no slot is ever held idle.
  await expect(lesson.slotChart(live, 'Static')).toHaveAccessibleName(
    /, measured: while steps ran, the slots/,
  );
  await expect(lesson.slotChart(live, 'Continuous')).toHaveAccessibleName(
    /held idle by a request not in the step 0 %/,
  );
  await expect(live.locator('p.summary')).toHaveText(
    /^Served the same 6 requests, continuous batching finished /,
  );

  // The slots held real sequences: the first requests' texts, each with what it generated.
  const texts = lesson.texts(live);
  await expect(texts).toHaveCount(4);
  for (const item of await texts.all())
    await expect(item).toContainText(/Request #\d+, \d+ tokens? generated/);
});
