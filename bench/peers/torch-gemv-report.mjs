// PyTorch's matrix–vector times (bench/peers/torch_gemv.py's JSON) beside our packed kernels alone from the same
// machine start (bench.mjs --quantized's JSON), as Markdown; both as a share of PyTorch's copy, the native one:
//   node bench/peers/torch-gemv-report.mjs torch-gemv.json --ours bench.json
import { readFileSync } from 'node:fs';
import { table } from '../markdown-table.mjs';

const read = (file) => JSON.parse(readFileSync(file, 'utf8'));
const args = process.argv.slice(2);
const oursAt = args.indexOf('--ours');
if (oursAt < 1)
  throw new Error('usage: node bench/peers/torch-gemv-report.mjs torch-gemv.json --ours bench.json');
const torch = read(args[0]);
const ours = read(args[oursAt + 1]);
const copy = torch.copyBandwidth;
const us = (s) => (s * 1e6).toFixed(1);
const pct = (x) => `${Math.round(x * 100)} %`;

console.log(
  `${torch.device}, torch ${torch.torch}, CUDA ${torch.cuda}: native copy (read + write) ` +
    `${(copy / 1e9).toFixed(0)} GB/s; ours by the GPU's timestamps, PyTorch by CUDA events around a graph of ` +
    `100 calls.\n`,
);
console.log(
  table(
    ['weights', 'I → O', 'ours: µs', '% of native copy', 'PyTorch: µs', '% of native copy', 'PyTorch ÷ ours'],
    ours.quantized.linear
      .filter((r) => r.gpu && torch.linear.some((p) => p.I === r.I && p.O === r.O))
      .map((r) => {
        const peer = torch.linear.find((p) => p.weights === r.weights && p.I === r.I && p.O === r.O);
        const mine = r.gpu.seconds;
        return [
          r.weights,
          `${r.I} → ${r.O}`,
          us(mine),
          pct(r.bytesRead / mine / copy),
          peer?.seconds ? us(peer.seconds) : 'not run',
          peer?.seconds ? pct(peer.fractionOfCopy) : '',
          peer?.seconds ? (peer.seconds / mine).toFixed(2) : '',
        ];
      }),
  ),
);
