// The Content-Security-Policy every page carries: scripts only from the site or hashed by Astro, requests and workers
// only to the site. Every journey fails on a violation (the shared fixture fails on the console error Chromium logs
// for one); this checks that each built page has the policy and that it is enforced: a script or a request that
// markup from elsewhere would add is refused.
import { expect, test } from './fixtures';
import { builtPages } from './pages/built-pages';

for (const path of builtPages()) {
  test(`${path} carries a policy that allows scripts only from the site`, async ({ page }) => {
    await page.goto(path);
    const policy = await page.locator('meta[http-equiv="content-security-policy"]').getAttribute('content');
    const directives = new Map(
      policy!
        .split(';')
        .map((d) => d.trim().split(/\s+/))
        .filter((d) => d[0])
        .map(([name, ...values]) => [name!, values]),
    );
    expect(directives.get('default-src')).toEqual(["'self'"]);
    expect(directives.get('connect-src')).toEqual(["'self'"]);
    expect(directives.get('object-src')).toEqual(["'none'"]);
    const scripts = directives.get('script-src')!;
    expect(scripts[0]).toBe("'self'");
    expect(scripts.slice(1).every((source) => /^'sha256-[A-Za-z0-9+/=]+'$/.test(source))).toBe(true);
  });
}

test('an inline script or a request elsewhere is refused, and reported', async ({ page, consoleErrors }) => {
  await page.goto('/lessons/kv-cache/');
  const refused = await page.evaluate(async () => {
    const seen: string[] = [];
    document.addEventListener('securitypolicyviolation', (event) => seen.push(event.effectiveDirective));
    const script = document.createElement('script');
    script.textContent = 'window.ranInline = true';
    document.body.append(script);
    await fetch('http://example.invalid/upload').catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { seen, ran: 'ranInline' in window };
  });
  expect(refused.ran).toBe(false);
  expect(refused.seen).toEqual(['script-src-elem', 'connect-src']);
  // Chromium logs each refusal as a console error, which the fixture would count against the page: these are the ones
  // this test caused, and only those are taken out.
  const caused = consoleErrors.filter((e) => /Content Security Policy/.test(e));
  expect(caused.length).toBeGreaterThanOrEqual(2);
  expect(caused.every((e) => /inline script|example\.invalid/.test(e))).toBe(true);
  consoleErrors.splice(0, consoleErrors.length, ...consoleErrors.filter((e) => !caused.includes(e)));
});
