/**
 * The checkpoints training/checkpoints.py had transformers write (training/fixtures/checkpoints/), each a folder in a
 * layout people ship, with the logits PyTorch computed from it. Shared by the CPU and WebGPU parity tests, which load
 * the files their own way (from disk in Node, fetched in the browser).
 */
import type { FolderFiles } from '../model/checkpoint-folder';
import type { SessionShape } from '../model/footprint';

export const CHECKPOINT_LAYOUTS = [
  'llama3-scaled',
  'qwen2-bias',
  'llama2-sharded',
  'mistral-window',
] as const;

export type CheckpointLayout = (typeof CHECKPOINT_LAYOUTS)[number];

export const CHECKPOINTS = 'training/fixtures/checkpoints';

/** Room for the fixture prompt's 40 tokens, every row's logits. */
export const CHECKPOINT_SHAPE: SessionShape = {
  numBlocks: 4,
  blockSize: 16,
  maxTokens: 64,
  maxLogitRows: 64,
};

/** Logits differ from PyTorch's by f32 rounding in another summation order: well under this. */
export const CHECKPOINT_LOGIT_TOLERANCE = 2e-3;

/** A layout's folder as the picker gives it, from its file names and a way to load each as a Blob. */
export async function checkpointFolder(
  files: readonly string[],
  load: (path: string) => Promise<Blob>,
  layout: CheckpointLayout,
): Promise<FolderFiles> {
  return new Map(
    await Promise.all(
      files.map(async (name) => [name, await load(`${CHECKPOINTS}/${layout}/${name}`)] as const),
    ),
  );
}
