// How the tests launch Chromium: the system browser (Debian's in CI; CHROMIUM_PATH overrides) with WebGPU on
// SwiftShader, so GPU code runs on machines without a GPU. Shared by Playwright and Vitest's browser mode.
export const chromiumLaunchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--enable-unsafe-webgpu',
    '--use-webgpu-adapter=swiftshader',
    '--no-sandbox',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
    '--no-first-run',
  ],
};

/** The same browser with WebGPU unavailable: pages take the CPU backend and show its notice. */
export const cpuOnlyLaunchOptions = {
  ...chromiumLaunchOptions,
  args: chromiumLaunchOptions.args.filter((a) => !a.includes('webgpu')),
};
