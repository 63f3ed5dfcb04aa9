import { describe, expect, it } from 'vitest';
import { embedCode } from './embed-code';

describe('embedCode', () => {
  it('points an iframe at the figure alone with the settings of the address, titled by its caption', () => {
    const code = embedCode({
      href: 'https://example.org/memory-bound/lessons/kv-cache/?kv.B=8&calc.S=2#old-figure',
      figureId: 'kv-calculator',
      title: 'The “KV cache” of a batch <B> & its bytes',
      height: 612.4,
    });
    expect(code).toBe(
      '<iframe src="https://example.org/memory-bound/lessons/kv-cache/?kv.B=8&amp;calc.S=2&amp;embed=kv-calculator" ' +
        'title="The “KV cache” of a batch &lt;B&gt; &amp; its bytes" width="100%" height="613" style="border: 0" ' +
        'loading="lazy" allow="clipboard-write"></iframe>',
    );
  });

  it('replaces an embed key already in the address, and drops a presenter slide', () => {
    const code = embedCode({
      href: 'http://h/l/?embed=a&present=3',
      figureId: 'b',
      title: 'x"y',
      height: 10,
    });
    expect(code).toContain('src="http://h/l/?embed=b"');
    expect(code).toContain('title="x&quot;y"');
  });
});
