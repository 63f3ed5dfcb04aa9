// ONNX Runtime Web's decode reports (bench/peers/ort-decode.ts's JSON; several when a run was split with --only)
// as Markdown, with our engine's batch-1 f32 prefill and decode steps beside them when our benchmark's JSON is given:
//   node bench/peers/ort-report.mjs ort.json [ort-2.json …] [--ours bench.json]
import { readFileSync } from 'node:fs';
import { table } from '../markdown-table.mjs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const args = process.argv.slice(2);
const oursAt = args.indexOf('--ours');
const ours = oursAt >= 0 ? read(args[oursAt + 1]) : undefined;
const reports = args.filter((_, i) => oursAt < 0 || (i !== oursAt && i !== oursAt + 1)).map(read);
// The runs of one split share the machine and the protocol; their models and failures are put together.
const report = {
  ...reports[0],
  models: reports.flatMap((r) => r.models),
  failures: reports.flatMap((r) => r.failures),
};
const ms = (s) => (s * 1e3).toFixed(3);
const mb = (bytes) => (bytes / 1e6).toFixed(0);

/** Our engine's f32 batch-1 decode row for the same width and depth, if our report has it. */
const oursFor = (m) =>
  ours?.decode?.find(
    (r) => r.batch === 1 && r.weights === 'f32' && r.width === m.width && r.layers === m.layers,
  );

const a = report.adapter ?? {};
console.log(
  `onnxruntime-web ${report.ortVersion}, WebGPU EP, Node ${report.node}; adapter: ` +
    `${[a.vendor, a.architecture, a.description].filter(Boolean).join(', ') || 'unknown'}. ` +
    `Prompt ${report.protocol.promptTokens} tokens, then ${report.protocol.untimedSteps} untimed and ` +
    `${report.protocol.timedSteps} timed decode steps at batch 1. ${report.timing}.\n`,
);
const head = [
  'model',
  'ops',
  'MB',
  'load s',
  'prefill s (first)',
  'decode ms/step',
  'tokens/s',
  'tokens = PyTorch',
];
if (ours) head.push('ours: prefill s', 'ours: awaited ms/step', 'ours: pipelined ms/step');
console.log(
  table(
    head,
    report.models.map((m) => {
      const row = [
        m.name,
        m.ops,
        mb(m.weightBytes),
        m.loadSeconds.toFixed(2),
        `${m.prefillSeconds.toFixed(4)} (${m.prefillFirstSeconds.toFixed(2)})`,
        ms(m.decodeSecondsPerStep),
        m.tokensPerSecond.toFixed(1),
        m.tokensMatchReference ? 'yes' : 'no',
      ];
      const r = oursFor(m);
      if (ours)
        row.push(
          r?.prefill ? r.prefill.seconds.toFixed(4) : '–',
          r ? ms(r.stepSeconds) : '–',
          r ? ms(r.pipelined.stepSeconds) : '–',
        );
      return row;
    }),
  ),
);
for (const m of report.models) {
  const cpu = m.placement.CPUExecutionProvider ?? {};
  console.log(
    `\n${m.name}: MatMuls on WebGPU: ${m.matMulsOnWebGpu ? 'yes' : 'NO'}; on the CPU: ` +
      (Object.entries(cpu)
        .map(([op, n]) => `${op} ×${n}`)
        .join(', ') || 'nothing'),
  );
}
for (const f of report.failures) console.log(`\nFailed: ${f.name} while ${f.stage}: ${f.error}`);
