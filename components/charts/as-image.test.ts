// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { asImage } from './as-image';

describe('asImage', () => {
  it('labels the summarised svg as an image and strips mark group labels', () => {
    const host = document.createElement('figure');
    host.innerHTML =
      '<svg aria-label="legend swatch"></svg><svg aria-label="chart summary"><g aria-label="line"><path/></g></svg>';
    asImage(host);
    expect(host.querySelectorAll('[role="img"]')).toHaveLength(2);
    expect(host.querySelector('g')?.hasAttribute('aria-label')).toBe(false);
  });
});
