import { chromium } from '@playwright/test';
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox'] });
for (const scheme of ['light','dark']) {
const page = await browser.newPage({ viewport: { width: 1280, height: 1000 }, colorScheme: scheme });
page.on('pageerror', (e) => console.log('pageerror', e.message));
await page.goto('http://127.0.0.1:4322/lessons/prefill-decode/');
for (const w of ['intensity-calculator', 'attention-intensity', 'batch-sweep']) {
  const fig = page.locator(`figure:has([data-widget=${w}])`);
  await fig.scrollIntoViewIfNeeded();
  await page.waitForTimeout(1200);
  await fig.screenshot({ path: `/tmp/shots/w-${w}-${scheme}.png` });
}
}
await browser.close();
