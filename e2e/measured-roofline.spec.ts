// Lesson 1's measured roofline on WebGPU (SwiftShader in CI): the device's roof, every dispatch of a prefill and a
// decode step as a measured point, beside a preset's analytic roof. SwiftShader's numbers are not performance.
import { expect, seriousViolations, test } from './fixtures';
import { MeasuredRoofline, stepIntensity } from './pages/measured-roofline';
const CLOCK = /(wall clock|GPU timestamps)( and (wall clock|GPU timestamps))?/.source;

test('plots every dispatch of a prefill and a decode step under the measured roof, from the keyboard', async ({
  page,
}) => {
  // SwiftShader times each short op many times over; a real GPU takes about a second.
  test.setTimeout(240_000);
  const roofline = new MeasuredRoofline(page);
  await roofline.open('?mroof.size=xs&mroof.T=64');
  await roofline.root.getByRole('slider', { name: 'Prompt tokens' }).focus();
  await page.keyboard.press('Home');
  await expect(roofline.root.getByRole('spinbutton', { name: /^Prompt tokens \(/ })).toHaveValue('16');
  await expect.poll(() => new URL(page.url()).searchParams.get('mroof.T')).toBe('16');
  await roofline.button().focus();
  await page.keyboard.press('Enter');
  await roofline.measured();

  await expect(roofline.chart()).toHaveAttribute(
    'aria-label',
    new RegExp(
      `^Measured on this GPU \\(${CLOCK}\\): the 16-token prefill does ${stepIntensity('xs', 0, 16)} FLOP/byte .*` +
        `the decode step does ${stepIntensity('xs', 16, 1)} FLOP/byte`,
    ),
  );
  await expect(roofline.root.getByRole('status')).toHaveText(
    new RegExp(`^Times from the ${CLOCK}; every point is measured on this GPU\\.$`),
  );
  await expect(roofline.readout('Your copy bandwidth')).toHaveText(/^[\d.,]+ [kMGT]?B\/s$/);
  await expect(roofline.readout('NVIDIA H100 SXM f32 ridge')).toHaveText('20 FLOP/byte');
  await expect(
    roofline.root.getByRole('link', { name: 'NVIDIA H100 Tensor Core GPU datasheet' }),
  ).toBeVisible();

  // Dispatches, whatever the kernels fuse: both phases have matmul dispatches, and every row has its rates.
  for (const phase of ['prefill', 'decode'] as const) {
    await expect(roofline.rows(phase).filter({ hasText: 'matmul' }).first()).toBeAttached();
    await expect(roofline.rows(phase).filter({ hasText: 'matmul' }).first()).toContainText(
      /[\d.]+ [kMGT]?FLOP\/s/,
    );
  }

  // Hovering a point names its dispatch and kind. Points overlap (each layer's op sits in one place), so hover
  // without waiting for a point to be the topmost.
  await roofline.chart().locator('g[fill-opacity] path').first().hover({ force: true });
  await expect(roofline.chart().getByText(/^Kind/)).toBeVisible();

  // The preset is only drawn: choosing another does not measure again.
  const preset = roofline.root.getByRole('combobox', { name: 'Compare with' });
  await preset.focus();
  await page.keyboard.press('ArrowDown');
  await expect(preset).toHaveValue('h200');
  await expect(roofline.readout('NVIDIA H200 SXM f32 ridge')).toHaveText('14 FLOP/byte');
  await expect(roofline.button()).toBeEnabled();

  await roofline.root.getByText('Data table').click();
  expect(await seriousViolations(page)).toEqual([]);
});
