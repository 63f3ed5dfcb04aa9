/**
 * The browser's local or session storage, or undefined where there is none to use: the server render, or a page
 * that may not touch it (a figure framed in another site's page with third-party storage blocked, where merely
 * reading the property throws). What the notebook keeps there is a convenience, so it carries on without it.
 */
export function browserStorage(kind: 'localStorage' | 'sessionStorage'): Storage | undefined {
  try {
    return typeof globalThis[kind] === 'undefined' ? undefined : globalThis[kind];
  } catch {
    return undefined;
  }
}
