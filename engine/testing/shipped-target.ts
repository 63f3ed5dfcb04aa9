/**
 * The shipped trained target read from disk, for tests in Node: its files, a CPU session over it with the linear
 * layers in a weight scheme, and the perplexity of the fixture's held-out window (training/fixtures/). Tests only;
 * the site fetches the same files by URL.
 */
import { readFileSync } from 'node:fs';
import { createSession, type Session, type SessionRequest } from '../create-session';
import { readCpuModel, type CpuModel } from '../jobs/cpu-model';
import { scoreText, type TextScore } from '../jobs/score-text';
import type { PerplexityFixture } from '../model/parity-fixtures';
import type { WeightScheme } from '../quant/scheme';

const root = new URL('../../', import.meta.url);

/** A file of the repository. */
export function readRepoFile(path: string) {
  return readFileSync(new URL(path, root));
}

/** A JSON file of the repository, parsed. */
export function readRepoJson(path: string): unknown {
  return JSON.parse(readRepoFile(path).toString('utf8'));
}

/** A shipped model's files: its config and tokenizer parsed, its weights' bytes. */
function shippedFiles(id: string) {
  const folder = `public/models/${id}/`;
  const file = readRepoFile(`${folder}model.safetensors`);
  return {
    configJson: readRepoJson(`${folder}config.json`),
    safetensors: file.buffer.slice(file.byteOffset, file.byteOffset + file.byteLength),
    tokenizerJson: readRepoJson(`${folder}tokenizer.json`),
  };
}

/** A shipped model read onto the CPU: config, f32 weights and tokenizer. */
export const shippedCpuModel = (id: string): CpuModel => readCpuModel(shippedFiles(id));

/** The shipped target read onto the CPU. */
export const targetCpuModel = (): CpuModel => shippedCpuModel('prose-target');

/** The held-out window the perplexity fixture scored with PyTorch. */
export const perplexityFixture = readRepoJson(
  'training/fixtures/target-perplexity.json',
) as PerplexityFixture;

/**
 * A CPU session over the shipped target, its linear layers in `weights` (after AWQ's scales when `awq` asks), sized
 * to prefill a whole window.
 */
export function targetOnCpu(weights?: WeightScheme, awq?: SessionRequest['awq']): Promise<Session> {
  return createSession({
    model: { kind: 'files', ...shippedFiles('prose-target') },
    shape: { numBlocks: 16, blockSize: 16, maxTokens: 256, maxLogitRows: 256 },
    backend: 'cpu',
    ...(weights && { weights }),
    ...(awq && { awq }),
  });
}

/** A CPU session over the shipped target with the shipped draft beside it, for speculative decoding. */
export function speculativeOnCpu(): Promise<Session> {
  return createSession({
    model: { kind: 'files', ...shippedFiles('prose-target') },
    draft: { kind: 'files', ...shippedFiles('prose-draft') },
    shape: { numBlocks: 16, blockSize: 16, maxTokens: 256, maxLogitRows: 256 },
    backend: 'cpu',
  });
}

/** The shipped target's score on the fixture's window, its linear layers in `weights` (after AWQ's, if asked). */
export async function targetWindowScore(
  weights: WeightScheme,
  awq?: SessionRequest['awq'],
): Promise<TextScore> {
  const session = await targetOnCpu(weights, awq);
  const request = { text: perplexityFixture.text, window: perplexityFixture.ids.length, windows: 1 };
  return (await scoreText(session, request))!;
}
