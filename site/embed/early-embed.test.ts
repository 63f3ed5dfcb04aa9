// Embed mode's first line: it marks the page for embed mode exactly when embed-mode.ts will show one figure, and the
// hash the Content-Security-Policy allows is the hash of the text the page holds.
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { EMBED_KEY } from '../../components/export/page-modes';
import { EARLY_EMBED_HASH, EARLY_EMBED_SCRIPT } from './early-embed.mjs';

/** The page's `data-embed` after the script runs at `search`. */
function marked(search: string): boolean {
  const dataset: Record<string, string> = {};
  new Function('location', 'document', EARLY_EMBED_SCRIPT)({ search }, { documentElement: { dataset } });
  return 'embed' in dataset;
}

describe('the early embed script', () => {
  it('marks the page only when the address has the embed key', () => {
    expect(marked(`?calc.B=8&${EMBED_KEY}=intensity-calculator`)).toBe(true);
    expect(marked(`?${EMBED_KEY}=`)).toBe(true);
    expect(marked('?calc.B=8')).toBe(false);
    expect(marked(`?not${EMBED_KEY}=x`)).toBe(false);
  });

  it('is allowed by the hash of its own text', () => {
    const digest = createHash('sha256').update(EARLY_EMBED_SCRIPT, 'utf8').digest('base64');
    expect(EARLY_EMBED_HASH).toBe(`sha256-${digest}`);
  });
});
