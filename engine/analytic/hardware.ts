/**
 * Published peak figures for accelerators the lessons compare. Each device lists the document its numbers come
 * from. FLOP/s are dense (no structured sparsity). Memory sizes use the vendor's decimal gigabytes.
 */
import type { Source } from './source';
import { presetById } from './preset';

export interface Hardware {
  id: string;
  name: string;
  /** Peak dense 16-bit (bf16) matrix FLOP/s, with f32 accumulation where the vendor distinguishes. */
  peakBf16: number;
  /** Peak f32 FLOP/s without tensor cores. */
  peakF32: number;
  /** Peak memory bandwidth in bytes per second. */
  bandwidth: number;
  /** Device memory in bytes. */
  memoryBytes: number;
  source: Source;
}

const T = 1e12;
const GB = 1e9;

export const HARDWARE = [
  {
    id: 'h100-sxm',
    name: 'NVIDIA H100 SXM',
    peakBf16: 989.4 * T,
    peakF32: 67 * T,
    bandwidth: 3350 * GB,
    memoryBytes: 80 * GB,
    source: {
      title: 'NVIDIA H100 Tensor Core GPU datasheet',
      url: 'https://resources.nvidia.com/en-us-tensor-core/nvidia-tensor-core-gpu-datasheet',
      note: 'H100 SXM column: BF16 Tensor Core 1,979 TFLOPS with sparsity (989.4 dense), FP32 67 TFLOPS, 80 GB HBM3 at 3.35 TB/s.',
    },
  },
  {
    id: 'h200',
    name: 'NVIDIA H200 SXM',
    peakBf16: 989.4 * T,
    peakF32: 67 * T,
    bandwidth: 4800 * GB,
    memoryBytes: 141 * GB,
    source: {
      title: 'NVIDIA H200 Tensor Core GPU datasheet',
      url: 'https://www.nvidia.com/en-us/data-center/h200/',
      note: 'H200 SXM column: BF16 Tensor Core 1,979 TFLOPS with sparsity (989.4 dense), FP32 67 TFLOPS, 141 GB HBM3e at 4.8 TB/s.',
    },
  },
  {
    id: 'a100-80gb',
    name: 'NVIDIA A100 80GB SXM',
    peakBf16: 312 * T,
    peakF32: 19.5 * T,
    bandwidth: 2039 * GB,
    memoryBytes: 80 * GB,
    source: {
      title: 'NVIDIA A100 Tensor Core GPU datasheet',
      url: 'https://www.nvidia.com/content/dam/en-zz/Solutions/Data-Center/a100/pdf/nvidia-a100-datasheet-nvidia-us-2188504-web.pdf',
      note: 'A100 80GB SXM column: BF16 Tensor Core 312 TFLOPS dense, FP32 19.5 TFLOPS, 80 GB HBM2e at 2,039 GB/s.',
    },
  },
  {
    id: 'rtx-4090',
    name: 'NVIDIA GeForce RTX 4090',
    peakBf16: 165.2 * T,
    peakF32: 82.6 * T,
    bandwidth: 1008 * GB,
    memoryBytes: 24 * GB,
    source: {
      title: 'NVIDIA Ada GPU Architecture whitepaper, appendix A',
      url: 'https://images.nvidia.com/aem-dam/Solutions/geforce/ada/nvidia-ada-gpu-architecture.pdf',
      note: 'RTX 4090: peak BF16 Tensor TFLOPS with FP32 accumulate 165.2 dense, peak FP32 82.6 TFLOPS, 24 GB GDDR6X at 1,008 GB/s.',
    },
  },
  {
    id: 'apple-m1-max',
    name: 'Apple M1 Max (32-core GPU)',
    peakBf16: 10.4 * T,
    peakF32: 10.4 * T,
    bandwidth: 400 * GB,
    memoryBytes: 64 * GB,
    source: {
      title: 'Apple unveils game-changing MacBook Pro (Apple Newsroom, 18 October 2021)',
      url: 'https://www.apple.com/newsroom/2021/10/introducing-m1-pro-and-m1-max-the-most-powerful-chips-apple-has-ever-built/',
      note: 'M1 Max: 10.4 teraflops GPU, 400 GB/s memory bandwidth, up to 64 GB unified memory. Apple publishes one FLOP/s figure; the 16-bit peak is taken as equal to it.',
    },
  },
  {
    id: 'apple-m1-ultra',
    name: 'Apple M1 Ultra (64-core GPU)',
    peakBf16: 21 * T,
    peakF32: 21 * T,
    bandwidth: 800 * GB,
    memoryBytes: 128 * GB,
    source: {
      title: 'Apple unveils M1 Ultra (Apple Newsroom, 8 March 2022)',
      url: 'https://www.apple.com/newsroom/2022/03/apple-unveils-m1-ultra-the-worlds-most-powerful-chip-for-a-personal-computer/',
      note: 'M1 Ultra: 21 teraflops GPU, 800 GB/s memory bandwidth, up to 128 GB unified memory. Apple publishes one FLOP/s figure; the 16-bit peak is taken as equal to it.',
    },
  },
] as const satisfies readonly Hardware[];

export type HardwareId = (typeof HARDWARE)[number]['id'];

/** The preset with this id. */
export function hardwareById(id: HardwareId): Hardware {
  return presetById(HARDWARE, id, 'hardware');
}
