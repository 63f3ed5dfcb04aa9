/**
 * The benchmark in Node.js with Dawn (the `webgpu` package), for a GPU machine: see docs/performance.md for the
 * exact commands. Writes the report as JSON to the path given by --out, and prints a line per measurement. With
 * --speculative it runs lesson 6's speculative decoding benchmark instead (bench/speculative-bench.ts), from the
 * repository's root (it reads the shipped models from public/models); with --serving, lesson 7's static against
 * continuous batching benchmark (bench/serving-bench.ts); with --block-size, lesson 8's attention against KV block
 * size (bench/block-size-bench.ts); with --quantized, lesson 4's packed kernels alone (and with --decode the
 * Llama-2-7B-shaped decode in f16 and int4 too), to compare kernel versions on one machine start; with --encoding,
 * the host's cost of encoding a decode step (bench/encode-bench.ts). --no-subgroups keeps the kernels on their sums
 * in workgroup memory where the device offers subgroups, and --no-shader-f16 the packed kernels' arithmetic in f32
 * where it offers shader-f16, to compare the two on one machine start. --f16-on-nvidia sets Dawn's toggle
 * vulkan_enable_f16_on_nvidia: Dawn offers shader-f16 on no NVIDIA GPU under Vulkan without it (crbug.com/42251215),
 * so a reader's Chrome there has none.
 */
import { writeFileSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { acquireGpu } from '../engine/bench-entry';
import { blockSizeBench } from './block-size-bench';
import { encodeBench } from './encode-bench';
import { quantizedBench, runBench } from './run-bench';
import { servingBench } from './serving-bench';
import { speculativeBench } from './speculative-bench';

Object.assign(globalThis, globals);
const args = process.argv.slice(2);
const toggles = args.includes('--f16-on-nvidia') ? ['enable-dawn-features=vulkan_enable_f16_on_nvidia'] : [];
const gpu = create(toggles) as unknown as GPU;
const out = args[args.indexOf('--out') + 1];
const options = { tiny: args.includes('--tiny'), log: (line: string) => console.log(line) };
const acquire = () =>
  acquireGpu(gpu, {
    subgroups: !args.includes('--no-subgroups'),
    shaderF16: !args.includes('--no-shader-f16'),
  });
const report = args.includes('--speculative')
  ? await speculativeBench(acquire, options)
  : args.includes('--serving')
    ? await servingBench(acquire, options)
    : args.includes('--block-size')
      ? await blockSizeBench(acquire, options)
      : args.includes('--quantized')
        ? await quantizedBench(acquire, options, args.includes('--decode'))
        : args.includes('--encoding')
          ? await encodeBench(acquire, options)
          : await runBench(acquire, options);
if (args.includes('--out') && out) writeFileSync(out, JSON.stringify(report, null, 2));
