// Step times of several benchmark reports side by side (an A/B run: old and new code alternating on one machine
// start), for docs/performance.md: node bench/compare.mjs name=docs/bench/<a>.json name=docs/bench/<b>.json ...
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { table } from './markdown-table.mjs';

const runs = process.argv.slice(2).map((arg) => {
  const [name, path] = arg.includes('=') ? arg.split('=') : [basename(arg, '.json'), arg];
  return { name, report: JSON.parse(readFileSync(path, 'utf8')) };
});
const ms = (s) => (s * 1e3).toFixed(3);
const names = runs.map((r) => r.name);

console.log('Decode step against context (ms, median awaited step):\n');
console.log(
  table(
    ['model', 'context', ...names],
    runs[0].report.context.map((c, i) => [
      c.model,
      c.context,
      ...runs.map((r) => ms(r.report.context[i].stepSeconds)),
    ]),
  ),
);
console.log('\nBatch-1 decode (ms per step, awaited / pipelined):\n');
console.log(
  table(
    ['weights (f32)', ...names],
    runs[0].report.decode
      .map((d, i) => [d, i])
      .filter(([d]) => d.batch === 1)
      .map(([d, i]) => [
        `${(d.weightBytes / 1e6).toFixed(0)} MB`,
        ...runs.map(
          ({ report }) =>
            `${ms(report.decode[i].stepSeconds)} / ${ms(report.decode[i].pipelined.stepSeconds)}`,
        ),
      ]),
  ),
);
