// @vitest-environment jsdom
import { describe, expect, it } from 'vitest';
import { figureName } from './figure-name';

describe('figureName', () => {
  it("is the enclosing figure's id, else the widget's name, else 'figure'", () => {
    document.body.innerHTML = `
      <figure id="fig-roofline"><div data-widget="roofline"><span id="in-figure"></span></div></figure>
      <div data-widget="kv-map"><span id="in-widget"></span></div>`;
    expect(figureName(document.getElementById('in-figure')!)).toBe('fig-roofline');
    expect(figureName(document.getElementById('in-widget')!)).toBe('kv-map');
    expect(figureName(document.body)).toBe('figure');
    expect(figureName(undefined)).toBe('figure');
  });
});
