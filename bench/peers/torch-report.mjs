// PyTorch's decode and prefill report (bench/peers/torch_decode.py's JSON) as Markdown, with our engine's figures
// from the same machine start beside it (our benchmark's JSON):
//   node bench/peers/torch-report.mjs torch.json --ours bench.json
import { readFileSync } from 'node:fs';
import { table } from '../markdown-table.mjs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const args = process.argv.slice(2);
const oursAt = args.indexOf('--ours');
if (oursAt < 0 || !args[0] || oursAt === 0)
  throw new Error('usage: node bench/peers/torch-report.mjs torch.json --ours bench.json');
const torch = read(args[0]);
const ours = read(args[oursAt + 1]);

const ms = (s) => (s * 1e3).toFixed(3);
const pct = (x) => `${Math.round(x * 100)} %`;
const ratio = (x) => x.toFixed(2);
const gb = (bytes) => (bytes / 1e9).toFixed(2);
const nativeCopy = torch.copyBandwidth;
const wgslCopy = ours.copyBandwidth;

console.log(
  `${torch.device}, torch ${torch.torch}, CUDA ${torch.cuda}. Copy bandwidth (read + write): native ` +
    `\`copy_\` ${(nativeCopy / 1e9).toFixed(0)} GB/s, our WGSL kernel ${(wgslCopy / 1e9).toFixed(0)} GB/s ` +
    `(${pct(wgslCopy / nativeCopy)} of native). PyTorch: ${torch.method}.\n`,
);

console.log(
  table(
    ['prefill matmul (T×4096×4096, f32)', 'ours TFLOP/s', 'cuBLAS TFLOP/s (TF32 off)', 'ours ÷ cuBLAS'],
    torch.prefill.map((p) => {
      const mine = ours.prefill.find((o) => o.tokens === p.tokens && o.I === p.I && o.O === p.O);
      return [
        p.tokens,
        mine ? (mine.flopsPerSecond / 1e12).toFixed(1) : '—',
        (p.flopsPerSecond / 1e12).toFixed(1),
        mine ? ratio(mine.flopsPerSecond / p.flopsPerSecond) : '—',
      ];
    }),
  ),
);

/** Our decode row of the same shape, batch and weight format, from the f32 sweep or the 7B-shaped runs. */
const oursFor = (t) => {
  const weights = t.dtype === 'float32' ? 'f32' : 'f16';
  const rows = [...ours.decode, ...(ours.quantized?.decode ?? [])];
  return rows.find(
    (o) => o.weights === weights && o.width === t.width && o.layers === t.layers && o.batch === t.batch,
  );
};

for (const dtype of ['float32', 'float16']) {
  const rows = torch.decode
    .filter((t) => t.dtype === dtype)
    .map((t) => {
      const mine = oursFor(t);
      const s = t.stepSeconds;
      const oursPipelined = mine?.pipelined.stepSeconds;
      return [
        `${gb(t.weightBytes)} GB`,
        `${t.width} × ${t.layers}`,
        t.batch,
        ms(s.eagerAwaited),
        ms(s.graphAwaited),
        ms(s.graphPipelined),
        pct(t.bytesPerStep / s.graphPipelined / nativeCopy),
        mine ? ms(mine.stepSeconds) : '—',
        mine ? ms(oursPipelined) : '—',
        mine
          ? `${pct(mine.pipelined.fractionOfCopy)} / ${pct(mine.pipelined.achievedBandwidth / nativeCopy)}`
          : '—',
        mine ? ratio(s.graphPipelined / oursPipelined) : '—',
      ];
    });
  console.log(`\nDecode, ${dtype} weights, ms per step:\n`);
  console.log(
    table(
      [
        'weights',
        'D × L',
        'batch',
        'PyTorch eager',
        'PyTorch graphs',
        'PyTorch graphs, pipelined',
        '% of native copy',
        'ours',
        'ours, pipelined',
        '% of copy (WGSL / native)',
        'PyTorch graphs ÷ ours (pipelined)',
      ],
      rows,
    ),
  );
}
