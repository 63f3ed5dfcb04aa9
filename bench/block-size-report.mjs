// Turn the block-size benchmark's report (bench/block-size-bench.ts's JSON) into the Markdown of docs/performance.md:
// node bench/block-size-report.mjs docs/bench/<report>.json
import { readFileSync } from 'node:fs';
import { table } from './markdown-table.mjs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const { adapter, method, runs } = report;
console.log(
  `Device: ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(', ')}. ${method}.\n`,
);
for (const { setup, points } of runs) {
  const { name, N, K, H, B, S } = setup;
  const fastest = Math.min(...points.map((p) => p.seconds));
  console.log(
    `${name} (N ${N}, K ${K}, H ${H}), ${B} sequences of ${S} tokens: ${(points[0].bytes / 1e6).toFixed(0)} MB of keys, values and queries a call.\n`,
  );
  console.log(
    table(
      ['block size (tokens)', 'µs a call', 'GB/s', '× the fastest'],
      points.map((p) => [
        String(p.blockSize),
        (p.seconds * 1e6).toFixed(0),
        (p.bytes / p.seconds / 1e9).toFixed(0),
        `${(p.seconds / fastest).toFixed(2)}×`,
      ]),
    ),
  );
  console.log();
}
