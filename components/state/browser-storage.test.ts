import { afterEach, describe, expect, it } from 'vitest';
import { browserStorage } from './browser-storage';

const original = Object.getOwnPropertyDescriptor(globalThis, 'localStorage');

afterEach(() => {
  if (original) Object.defineProperty(globalThis, 'localStorage', original);
  else delete (globalThis as { localStorage?: Storage }).localStorage;
});

describe('browserStorage', () => {
  it('gives the storage where the page may use it', () => {
    const store = { getItem: () => 'off' } as unknown as Storage;
    Object.defineProperty(globalThis, 'localStorage', { value: store, configurable: true });
    expect(browserStorage('localStorage')).toBe(store);
  });

  it('gives undefined where reading it throws, as in a frame of another site with third-party storage blocked', () => {
    Object.defineProperty(globalThis, 'localStorage', {
      get() {
        throw new DOMException('Access is denied for this document.', 'SecurityError');
      },
      configurable: true,
    });
    expect(browserStorage('localStorage')).toBeUndefined();
  });

  it('gives undefined where there is none', () => {
    delete (globalThis as { localStorage?: Storage }).localStorage;
    expect(browserStorage('localStorage')).toBeUndefined();
  });
});
