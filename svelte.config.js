// Svelte compiler options shared by Astro, Vitest and svelte-check: TypeScript in components, runes only.
import { vitePreprocess } from '@astrojs/svelte';

export default {
  preprocess: vitePreprocess(),
  compilerOptions: { runes: true },
};
