// Turn the speculative benchmark's report (bench/speculative-bench.ts's JSON) into the Markdown tables of
// docs/performance.md: node bench/speculative-report.mjs docs/bench/<report>.json
import { readFileSync } from 'node:fs';
import { table } from './markdown-table.mjs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ms = (s) => (s * 1e3).toFixed(3);
const rate = (r) => r.toFixed(0);
const times = (x) => `${x.toFixed(2)}×`;

const { shipped, synthetic } = report;
const plain = shipped.target;
console.log(
  `Shipped pair (${shipped.targetParameters.toLocaleString('en')} and ${shipped.draftParameters.toLocaleString('en')} parameters, f32), temperature ${shipped.temperature}, ${shipped.tokens} tokens per run, prompt of ${shipped.tokensRead} tokens: ` +
    `target alone ${ms(plain.stepSeconds)} ms per step (${rate(plain.tokensPerSecond)} tokens/s), draft alone ${ms(shipped.draft.stepSeconds)} ms (c = ${(shipped.draft.stepSeconds / plain.stepSeconds).toFixed(2)}).\n`,
);
console.log(
  table(
    [
      'K',
      'α (measured)',
      'tokens per verification',
      'draft forward, ms',
      'verification, ms',
      'verification ÷ target step',
      'tokens/s',
      'speedup',
    ],
    shipped.points.map((p) => [
      p.draftTokens,
      p.alpha.toFixed(3),
      p.tokensPerStep.toFixed(2),
      ms(p.draftForwardSeconds),
      ms(p.verifySeconds),
      (p.verifySeconds / plain.stepSeconds).toFixed(2),
      rate(p.tokensPerSecond),
      times(p.tokensPerSecond / plain.tokensPerSecond),
    ]),
  ),
);
console.log();
console.log(
  `Synthetic pair (${(synthetic.target.parameters / 1e9).toFixed(2)} B and ${(synthetic.draft.parameters / 1e9).toFixed(2)} B parameters, ${synthetic.target.weights}), context ${synthetic.context}: ` +
    `target alone ${ms(synthetic.targetStepSeconds)} ms per step (${rate(1 / synthetic.targetStepSeconds)} tokens/s), draft alone ${ms(synthetic.draftStepSeconds)} ms (c = ${(synthetic.draftStepSeconds / synthetic.targetStepSeconds).toFixed(2)}); ${synthetic.method}.\n`,
);
console.log(
  table(
    [
      'α (simulated)',
      'K',
      'tokens per verification',
      'draft forward, ms',
      'verification, ms',
      'verification ÷ target step',
      'tokens/s',
      'speedup',
    ],
    synthetic.points.map((p) => [
      p.alpha,
      p.draftTokens,
      p.tokensPerStep.toFixed(2),
      ms(p.draftForwardSeconds),
      ms(p.verifySeconds),
      (p.verifySeconds / synthetic.targetStepSeconds).toFixed(2),
      rate(p.tokensPerSecond),
      times(p.speedup),
    ]),
  ),
);
