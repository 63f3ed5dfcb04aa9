/**
 * A reader's Llama 2 folder on the CPU backend, for job tests in Node: the sharded f16 checkpoint transformers wrote,
 * with the SentencePiece-layout tokenizer.json whose template starts every text with <s> (id 1), config.json patched.
 */
import { createSession, type Session } from '../create-session';
import { BpeTokenizer } from '../model/bpe-tokenizer';
import { CHECKPOINT_SHAPE, CHECKPOINTS, checkpointFolder } from './checkpoint-fixtures';
import { readRepoFile, readRepoJson } from './shipped-target';

const TOKENIZER = 'training/fixtures/tokenizers/llama2-legacy/tokenizer.json';

export const llama2Tokenizer = (): BpeTokenizer =>
  BpeTokenizer.fromJson(JSON.parse(readRepoFile(TOKENIZER).toString('utf8')));

export async function llama2Session(config: Record<string, unknown> = {}): Promise<Session> {
  const { files: names } = readRepoJson(`${CHECKPOINTS}/llama2-sharded.logits.json`) as { files: string[] };
  const files = new Map(
    await checkpointFolder(names, async (path) => new Blob([readRepoFile(path)]), 'llama2-sharded'),
  );
  const shipped = JSON.parse(await files.get('config.json')!.text()) as Record<string, unknown>;
  files.set('config.json', new Blob([JSON.stringify({ ...shipped, ...config })]));
  files.set('tokenizer.json', new Blob([readRepoFile(TOKENIZER)]));
  return createSession({ model: { kind: 'folder', files }, shape: CHECKPOINT_SHAPE, backend: 'cpu' });
}
