// Turn the serving benchmark's report (bench/serving-bench.ts's JSON) into the Markdown of docs/performance.md:
// node bench/serving-report.mjs docs/bench/<report>.json
import { readFileSync } from 'node:fs';
import { table } from './markdown-table.mjs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ms = (s) => (s * 1e3).toFixed(1);
const sec = (s) => s.toFixed(2);
const rate = (r) => r.toFixed(0);
const times = (x) => `${x.toFixed(2)}×`;
const length = (d) =>
  d.kind === 'fixed'
    ? `${d.tokens}`
    : d.kind === 'uniform'
      ? `uniform ${d.min}–${d.max}`
      : `geometric, mean ${d.mean}, at most ${d.max}`;

const { adapter, model, stream, scheduler, stepTimes, capacity } = report;
const c = model.config;
console.log(
  `Device: ${[adapter.vendor, adapter.architecture, adapter.description].filter(Boolean).join(', ')}. ` +
    `Model: synthetic, D ${c.hiddenSize}, ${c.numLayers} layers, ${c.numHeads} query heads and ${c.numKvHeads} KV heads of ${c.headDim}, F ${c.intermediateSize}, vocabulary ${c.vocabSize}: ` +
    `${model.parameters.toLocaleString('en')} parameters, ${(model.weightBytes / 1e9).toFixed(2)} GB of ${model.weights} weights.\n`,
);
console.log(
  `Stream: ${stream.requests} requests, seed ${stream.seed}, Poisson arrivals; prompts ${length(stream.promptTokens)} tokens (mean ${stream.meanPromptTokens.toFixed(1)}), ` +
    `outputs ${length(stream.outputTokens)} (mean ${stream.meanOutputTokens.toFixed(1)}). ` +
    `Scheduler: ${scheduler.slots} slots, ${scheduler.numBlocks} KV blocks of ${scheduler.blockSize} tokens, token budget ${scheduler.tokenBudget} a step, ` +
    `chunked prefill ${scheduler.chunkedPrefill ? 'on' : 'off'}, static timeout ${scheduler.staticTimeout} s. ${report.method}.\n`,
);
console.log(`Step times (awaited, logits read back; decode at ${stepTimes.context} cached tokens):\n`);
console.log(
  table(
    ['step', 'ms', 'tokens/s'],
    [
      ...stepTimes.decode.map((d) => [`decode, batch ${d.batch}`, ms(d.seconds), rate(d.batch / d.seconds)]),
      ...stepTimes.prefill.map((p) => [
        `prefill, ${p.tokens} tokens`,
        ms(p.seconds),
        rate(p.tokens / p.seconds),
      ]),
    ],
  ),
);
console.log();
console.log(
  `Estimated capacity (${capacity.method}): static ${capacity.static.toFixed(2)} requests/s, continuous ${capacity.continuous.toFixed(2)} requests/s ` +
    `(${times(capacity.continuous / capacity.static)}).\n`,
);
for (const { load, rate: r, basis, offeredTokensPerSecond } of report.rates) {
  const runs = report.runs.filter((run) => run.load === load);
  console.log(
    `${load[0].toUpperCase()}${load.slice(1)} load: ${r.toFixed(2)} requests/s (${basis}), ${rate(offeredTokensPerSecond)} tokens/s offered.\n`,
  );
  console.log(
    table(
      [
        'policy',
        'tokens/s',
        'latency p50, s',
        'latency p99, s',
        'TTFT p50, ms',
        'TTFT p99, ms',
        'TPOT p50, ms',
        'utilisation',
        'makespan, s',
        'steps',
        'preemptions',
      ],
      runs.map(({ policy, metrics: m, steps, preemptions }) => [
        policy,
        rate(m.throughput),
        sec(m.latency.p50),
        sec(m.latency.p99),
        ms(m.ttft.p50),
        ms(m.ttft.p99),
        ms(m.tpot.p50),
        `${(100 * m.utilisation).toFixed(0)} %`,
        sec(m.makespan),
        steps,
        preemptions,
      ]),
    ),
  );
  const [still, moving] = ['static', 'continuous'].map((p) => runs.find((run) => run.policy === p)?.metrics);
  if (still && moving)
    console.log(
      `\nContinuous ÷ static: throughput ${times(moving.throughput / still.throughput)}, latency p50 ${times(moving.latency.p50 / still.latency.p50)}, p99 ${times(moving.latency.p99 / still.latency.p99)}.`,
    );
  console.log();
}
