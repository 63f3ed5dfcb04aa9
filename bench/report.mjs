// Turn a benchmark report (bench/run-bench.ts's JSON) into the Markdown tables of docs/performance.md, so the
// numbers there are copied by a program, not by hand: node bench/report.mjs docs/bench/<report>.json
import { readFileSync } from 'node:fs';
import { table } from './markdown-table.mjs';

const report = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const ms = (s) => (s * 1e3).toFixed(3);
const gbs = (b) => `${(b / 1e9).toFixed(0)} GB/s`;
const pct = (f) => `${(100 * f).toFixed(0)} %`;

// A --quantized report (lesson 4's part alone) has none of the full run's sections before its own.
if (report.prefill) {
  const peakFlops = Math.max(...report.prefill.map((p) => p.flopsPerSecond));
  /** A decode step's roofline time: bytes at the copy bandwidth, or its matrix FLOPs at the prefill kernel's rate. */
  const roofline = (r) =>
    Math.max(
      (r.achievedBandwidth * r.stepSeconds) / report.copyBandwidth,
      (2 * (r.weightBytes / 4) * r.batch) / peakFlops,
    );

  const o = report.overhead;
  console.log(
    `copy bandwidth ${gbs(report.copyBandwidth)} (read + write) · submit round trip ${(o.submitRoundTrip * 1e6).toFixed(0)} µs · ` +
      `fixed cost ${ms(o.stepSeconds)} ms for a step of ${o.dispatchesPerStep} dispatches (${(o.secondsPerDispatch * 1e6).toFixed(1)} µs each)\n`,
  );
  console.log(
    table(
      ['prefill matmul (T×4096×4096, f32)', 'TFLOP/s'],
      report.prefill.map((p) => [p.tokens, (p.flopsPerSecond / 1e12).toFixed(1)]),
    ),
  );
  console.log();
  console.log(
    table(
      [
        'weights (f32)',
        'D × L',
        'batch',
        'ms per step',
        'of which encoding',
        'bytes moved ÷ time',
        '% of copy',
        'tokens/s',
        ...(report.decode[0]?.pipelined ? ['pipelined: ms per step', '% of copy', '× roofline'] : []),
      ],
      report.decode.map((r) => [
        `${(r.weightBytes / 1e6).toFixed(0)} MB`,
        `${r.width} × ${r.layers}`,
        r.batch,
        ms(r.stepSeconds),
        `${ms(r.encodeSeconds)} ms`,
        gbs(r.achievedBandwidth),
        pct(r.fractionOfCopy),
        r.tokensPerSecond.toFixed(0),
        ...(r.pipelined
          ? [
              ms(r.pipelined.stepSeconds),
              pct(r.pipelined.fractionOfCopy),
              (r.pipelined.stepSeconds / roofline(r)).toFixed(2),
            ]
          : []),
      ]),
    ),
  );
  if (report.decode[0]?.pipelined)
    console.log(
      `\nPipelined: ${report.decode[0].pipelined.method}. × roofline: the pipelined step ÷ the larger of its bytes ÷ ` +
        `the copy bandwidth and its matrix FLOPs (2 × weights × batch; attention's few left out) ÷ the best prefill ` +
        `rate above (${(peakFlops / 1e12).toFixed(1)} TFLOP/s).`,
    );
  if (report.linear?.length) {
    const rows = [...new Set(report.linear.map((r) => r.rows))];
    const shapes = [...new Set(report.linear.map((r) => `${r.I} → ${r.O}`))];
    console.log(
      '\nOne linear layer, each kernel forced, % of copy (weights, input and output bytes ÷ time):\n',
    );
    console.log(
      table(
        ['I → O', 'kernel', ...rows.map((T) => `${T} rows`)],
        shapes.flatMap((shape) =>
          [...new Set(report.linear.map((r) => r.kernel))].map((kernel) => [
            shape,
            kernel,
            ...rows.map((T) => {
              const r = report.linear.find(
                (x) => `${x.I} → ${x.O}` === shape && x.kernel === kernel && x.rows === T,
              );
              return r ? pct(r.fractionOfCopy) : '';
            }),
          ]),
        ),
      ),
    );
  }
  const largest = report.decode.filter((r) => r.ops).at(-1);
  if (largest) {
    console.log(
      `\nBatch-1 step of the ${(largest.weightBytes / 1e6).toFixed(0)} MB model, each dispatch timed on its own (${largest.ops[0].clock}), by kind:\n`,
    );
    const kinds = new Map();
    for (const op of largest.ops) {
      const k = kinds.get(op.kind) ?? { n: 0, s: 0, b: 0 };
      kinds.set(op.kind, { n: k.n + 1, s: k.s + op.seconds, b: k.b + op.bytes });
    }
    const total = largest.ops.reduce((s, op) => s + op.seconds, 0);
    console.log(
      table(
        ['kind', 'dispatches', 'µs', 'bytes ÷ time'],
        [...kinds]
          .map(([kind, k]) => [kind, k.n, (k.s * 1e6).toFixed(1), gbs(k.b / k.s)])
          .concat([
            [
              'all',
              largest.ops.length,
              (total * 1e6).toFixed(1),
              gbs(largest.ops.reduce((s, op) => s + op.bytes, 0) / total),
            ],
          ]),
      ),
    );
    console.log(
      `\nThe whole step took ${ms(largest.stepSeconds)} ms by the wall clock, encoding ${ms(largest.encodeSeconds)} ms of it.`,
    );
  }
  if (report.submissions?.length) {
    console.log('\nThe same batch-1 step split into several submissions:\n');
    console.log(
      table(
        ['ops per submission', 'ms per step', '% of copy'],
        report.submissions.map((r) => [r.opsPerSubmission, ms(r.stepSeconds), pct(r.fractionOfCopy)]),
      ),
    );
  }
  if (report.context?.length) {
    console.log(
      '\nDecode step time against context, KV-heavy models of lesson 2 (one sequence, median awaited step):\n',
    );
    console.log(
      table(
        [
          'model',
          'weights (f32)',
          'context',
          'ms per step',
          'KV share of bytes',
          'bytes moved ÷ time',
          '% of copy',
        ],
        report.context.map((r) => [
          r.model,
          `${(r.weightBytes / 1e6).toFixed(1)} MB`,
          r.context,
          ms(r.stepSeconds),
          pct(r.kvShare),
          gbs(r.achievedBandwidth),
          pct(r.fractionOfCopy),
        ]),
      ),
    );
  }
}
if (report.quantized) {
  const q = report.quantized;
  console.log(
    '\nPacked matrix–vector kernels alone, batch 1 (bytes read: codes, scales, zero-points and the input ÷ time):\n',
  );
  console.log(
    table(
      [
        'weights',
        'I → O',
        'copies',
        'MB read',
        'µs',
        'bytes read ÷ time',
        '% of copy',
        'GPU µs',
        '% of copy (GPU)',
      ],
      q.linear.map((r) => [
        r.weights,
        `${r.I} → ${r.O}`,
        r.copies,
        (r.bytesRead / 1e6).toFixed(1),
        (r.seconds * 1e6).toFixed(1),
        gbs(r.achievedBandwidth),
        pct(r.fractionOfCopy),
        r.gpu ? (r.gpu.seconds * 1e6).toFixed(1) : '',
        r.gpu ? pct(r.gpu.fractionOfCopy) : '',
      ]),
    ),
  );
  if (q.residency) {
    console.log(
      '\nThe packed kernels over rows of 128 features, by workgroup count (GPU µs per dispatch):\n',
    );
    const schemes = [...new Set(q.residency.map((r) => r.weights))];
    const counts = [...new Set(q.residency.map((r) => r.O / 8))];
    console.log(
      table(
        ['workgroups', ...schemes],
        counts.map((n) => [
          n,
          ...schemes.map((w) => {
            const r = q.residency.find((x) => x.weights === w && x.O / 8 === n);
            return r?.gpu ? (r.gpu.seconds * 1e6).toFixed(1) : '';
          }),
        ]),
      ),
    );
  }
  if (q.dispatchFloor) {
    console.log('\nA dispatch that does almost nothing (GPU µs per dispatch, over a pass of 100):\n');
    console.log(
      table(
        ['workgroups of 64', 'each writes what the one before wrote', 'each writes its own buffer'],
        q.dispatchFloor.map((f) => [
          f.workgroups,
          (f.ordered * 1e6).toFixed(1),
          (f.unordered * 1e6).toFixed(1),
        ]),
      ),
    );
  }
  if (q.decode) {
    console.log('\nBatch-1 decode of the Llama-2-7B-shaped synthetic model:\n');
    console.log(
      table(
        [
          'weights',
          'stored',
          'ms per step',
          'tokens/s',
          '% of copy',
          'pipelined: ms per step',
          'tokens/s',
          '% of copy',
        ],
        q.decode.map((r) => [
          r.weights,
          `${(r.weightBytes / 1e9).toFixed(2)} GB`,
          ms(r.stepSeconds),
          r.tokensPerSecond.toFixed(0),
          pct(r.fractionOfCopy),
          ms(r.pipelined.stepSeconds),
          r.pipelined.tokensPerSecond.toFixed(0),
          pct(r.pipelined.fractionOfCopy),
        ]),
      ),
    );
    console.log(
      `\nint4 g128 step ÷ f16 step: ${q.int4OverF16.awaited.toFixed(3)} awaited, ${q.int4OverF16.pipelined.toFixed(3)} pipelined.`,
    );
  }
}
