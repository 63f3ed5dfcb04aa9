// The first thing a lesson page runs, inline in its head: an address with `embed=` (site/embed/embed-mode.ts) marks
// the page for embed mode before anything is drawn, so site/styles/embed.css hides the lesson around the figure from
// the first paint instead of after the deferred module scripts run. Its hash goes into the Content-Security-Policy
// (astro.config.mjs), which allows no other inline script.
import { createHash } from 'node:crypto';

/** The script's text; `embed` is EMBED_KEY (components/export/page-modes.ts; a test checks they agree). */
export const EARLY_EMBED_SCRIPT =
  "if (new URLSearchParams(location.search).has('embed')) document.documentElement.dataset.embed = '';";

/** The script's hash, as the Content-Security-Policy's script-src lists it. */
export const EARLY_EMBED_HASH = `sha256-${createHash('sha256').update(EARLY_EMBED_SCRIPT).digest('base64')}`;
