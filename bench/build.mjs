// Bundles bench/node.ts for Node with esbuild, loading `*.wgsl?raw` imports as text as Vite does, and leaving the
// `webgpu` package (Dawn) to be resolved on the machine that runs it. Usage: node bench/build.mjs OUTFILE
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { build } from 'esbuild';

const wgslRaw = {
  name: 'wgsl-raw',
  setup(b) {
    b.onResolve({ filter: /\.wgsl\?raw$/ }, (args) => ({
      path: path.join(args.resolveDir, args.path.replace(/\?raw$/, '')),
      namespace: 'wgsl',
    }));
    b.onLoad({ filter: /.*/, namespace: 'wgsl' }, async (args) => ({
      contents: await readFile(args.path, 'utf8'),
      loader: 'text',
    }));
  },
};

await build({
  entryPoints: ['bench/node.ts'],
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external: ['webgpu'],
  outfile: process.argv[2] ?? '.gpu-kit/bench.mjs',
  plugins: [wgslRaw],
  logLevel: 'warning',
});
