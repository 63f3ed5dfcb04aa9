// The built site as the browser tests and the CPU benchmark open it: `astro preview` on a fixed local port, run from
// `root` (the repository's root, relative to the config that asks).
export const PREVIEW_PORT = 4322;

export const previewServer = (reuseExistingServer: boolean, root = '.') => ({
  cwd: root,
  command: `npx astro preview --host 127.0.0.1 --port ${PREVIEW_PORT}`,
  url: `http://127.0.0.1:${PREVIEW_PORT}/`,
  reuseExistingServer,
  timeout: 60_000,
});
