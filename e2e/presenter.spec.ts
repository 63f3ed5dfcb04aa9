// Presenter mode (issue 20): lesson 1 projected one slide at a time, in a dark-themed browser. A link with an
// out-of-range slide number opens the last slide with a note; the keyboard steps through the title (black on white),
// the figures, the exercises and the takeaways; a figure's slider keeps its arrow keys; the speaker notes show the
// prose the slide stands for; the page passes axe in this mode; Escape leaves at the exercise shown, and the header's
// Present button starts again from the title. At 1920×1080 a figure fills the screen's width. On the CPU backend: the slides
// hydrate the lesson's engine widgets.
import { expect, seriousViolations, test } from './fixtures';
import { cpuOnlyLaunchOptions } from './chromium';
import { reportFigure } from './figures';

test.use({
  viewport: { width: 1280, height: 720 },
  launchOptions: cpuOnlyLaunchOptions,
});

test('presenter mode steps through a lesson by keyboard, its figures stay live, and Escape leaves', async ({
  page,
}) => {
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.goto('/lessons/prefill-decode/?present=99&calc.B=24');
  const slides =
    1 +
    (await page.locator('.lesson-body > figure.figure').count()) +
    (await page.locator('.lesson-body .exercise').count()) +
    1;
  const bar = page.getByRole('navigation', { name: 'Presenter' });
  await expect(bar).toContainText(`99 is above the maximum; using ${slides}.`);
  await expect(bar).toContainText(`Slide ${slides} of ${slides}: What to take away`);
  await expect(page.locator('.takeaways')).toBeVisible();
  await expect(page.locator('figure.figure:visible, .site-header:visible, .toc:visible')).toHaveCount(0);

  await page.keyboard.press('Home');
  await expect(page.getByRole('heading', { level: 1, name: 'Prefill and decode' })).toBeVisible();
  await expect(bar).toContainText(`Slide 1 of ${slides}: Prefill and decode`);
  await expect(page).toHaveURL(/[?&]present=1(&|$)/);
  await expect(bar.getByRole('button', { name: 'Previous' })).toBeDisabled();
  // Black on white, though the reader's system is dark.
  await expect(page.locator('html')).toHaveCSS('background-color', 'rgb(255, 255, 255)');
  await expect(page.locator('h1')).toHaveCSS('color', 'rgb(0, 0, 0)');

  await page.keyboard.press('ArrowRight');
  await page.keyboard.press('ArrowRight');
  await expect(bar).toContainText(`Slide 3 of ${slides}: Arithmetic intensity and the roofline`);
  const figure = page.locator('figure.figure:visible');
  await expect(figure).toHaveCount(1);
  await expect(figure.locator('[data-widget="intensity-calculator"]')).toBeVisible();
  await expect(page.locator('h1')).toBeHidden();
  const shown = page.locator(`#${await figure.getAttribute('id')}`);
  // Zoomed to the screen's width: the figure spans most of it.
  expect((await figure.boundingBox())!.width).toBeGreaterThan(1100);

  // The slider keeps its arrow keys: the batch moves and the slide does not.
  const batch = figure.locator('[data-url-key="calc.B"]');
  await expect(figure.locator('astro-island[ssr]')).toHaveCount(0, { timeout: 15_000 });
  await batch.getByRole('slider').focus();
  await page.keyboard.press('ArrowRight');
  await expect(batch.getByRole('spinbutton')).not.toHaveValue('24');
  await expect(bar).toContainText(`Slide 3 of ${slides}`);

  const notes = bar.getByRole('button', { name: 'Speaker notes' });
  await notes.click();
  await expect(notes).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByText(/^An operation’s arithmetic intensity is the number/)).toBeVisible();
  expect(await seriousViolations(page)).toEqual([]);

  // The next slide is the section's exercise; Escape leaves there.
  await bar.getByRole('button', { name: 'Next' }).focus();
  await page.keyboard.press('ArrowRight');
  await expect(bar).toContainText(`Slide 4 of ${slides}: Arithmetic intensity and the roofline`);
  const exercise = page.locator('.exercise:visible');
  await expect(exercise).toHaveCount(1);
  await expect(shown).toBeHidden();
  const exerciseId = await exercise.getAttribute('id');
  await page.keyboard.press('Escape');
  await expect(bar).toBeHidden();
  await expect(page).not.toHaveURL(/present=/);
  await expect(page.locator('h1')).toBeVisible();
  await expect(page.locator(`#${exerciseId}`)).toBeInViewport();
  const present = page.getByRole('button', { name: 'Present' });
  await expect(present).toBeFocused();
  await present.click();
  await expect(bar).toContainText(`Slide 1 of ${slides}`);
  await expect(bar.getByRole('button', { name: 'Next' })).toBeFocused();
});

test('at 1920×1080 a figure is zoomed to the screen’s width, its type larger than on the page', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1920, height: 1080 });
  await page.goto('/lessons/prefill-decode/?present=3');
  const figure = page.locator('#intensity-calculator');
  await expect(figure.locator('astro-island[ssr]')).toHaveCount(0, { timeout: 15_000 });
  expect((await figure.boundingBox())!.width).toBeGreaterThan(1700);
  const label = figure.getByText('Sequences B', { exact: true });
  const onSlide = (await label.boundingBox())!.height;
  await page.keyboard.press('Escape');
  await expect(page.getByRole('navigation', { name: 'Presenter' })).toBeHidden();
  const onPage = (await label.boundingBox())!.height;
  expect(onSlide / onPage).toBeGreaterThan(1.25);
  reportFigure(
    `a control's label at 1920×1080: ${onSlide.toFixed(0)} px tall on a slide, ${onPage.toFixed(0)} px on the page`,
  );
});
