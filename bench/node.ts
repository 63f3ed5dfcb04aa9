/**
 * The benchmark in Node.js with Dawn (the `webgpu` package), for a GPU machine: see docs/performance.md for the
 * exact commands. Writes the report as JSON to the path given by --out, and prints a line per measurement.
 */
import { writeFileSync } from 'node:fs';
import { create, globals } from 'webgpu';
import { acquireGpu } from '../engine/bench-entry';
import { runBench } from './run-bench';

Object.assign(globalThis, globals);
const gpu = create([]) as unknown as GPU;
const args = process.argv.slice(2);
const out = args[args.indexOf('--out') + 1];
const report = await runBench(() => acquireGpu(gpu), {
  tiny: args.includes('--tiny'),
  log: (line) => console.log(line),
});
if (args.includes('--out') && out) writeFileSync(out, JSON.stringify(report, null, 2));
