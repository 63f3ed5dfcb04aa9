// The svelte project's setup: jsdom has no matchMedia, which svelte/motion's prefersReducedMotion reads as it loads.
// This one answers "(prefers-reduced-motion: reduce)" as a test sets `reducedMotion.on`, and no to any other query.
export const reducedMotion = { on: false };

window.matchMedia = (media: string) =>
  ({
    media,
    get matches() {
      return media.includes('prefers-reduced-motion') && reducedMotion.on;
    },
    addEventListener() {},
    removeEventListener() {},
  }) as unknown as MediaQueryList;
