// Lesson 5's live cut on WebGPU (SwiftShader here): half the target's layers cut by weight magnitude, the sliced
// model loaded on the GPU as its own session and measured beside the unpruned one on one held-out window. The GPU
// forward of sliced weights is checked against the CPU reference in engine/prune/sliced.gpu.test.ts; this journey is
// the reader's path through the page. Kept to one window (the linked `prune.windows`) because SwiftShader runs the
// 10 M-parameter target slowly.
import { readFileSync } from 'node:fs';
import { expect, test } from './fixtures';
import { count, firstNumber, PruningLesson, ratio } from './pages/pruning';

/** PyTorch's perplexity of the unpruned target on the first held-out window (training/train.py's parity fixture). */
const PYTORCH_PERPLEXITY: number = JSON.parse(
  readFileSync('training/fixtures/target-perplexity.json', 'utf8'),
).perplexity;

test('half the layers cut on the GPU make a smaller model that reads fewer bytes, measured beside the unpruned one', async ({
  page,
}) => {
  // The run took 5.9 min in a full CI run on two cores, and past 7 min when the machine was busier still.
  test.setTimeout(600_000);
  const lesson = new PruningLesson(page);
  await lesson.open('?prune.by=magnitude&prune.cut=layers&prune.windows=1');
  const prune = await lesson.ready('prune-live');
  await expect(prune.getByRole('spinbutton', { name: /^Held-out windows \(/ })).toHaveValue('1');
  await lesson.runButton(prune, 'prune-live').click();
  await lesson.drawn(prune, 'prune-live', 580_000);
  await expect(lesson.chart(prune)).toHaveAttribute(
    'aria-label',
    /^50 % of layers cut by weight magnitude: [\d.]+ million of [\d.]+ million parameters, [\d.]+ [kM]B read per decode step \(×[\d.]+\), and decodes ×[\d.]+ as many tokens per second on this GPU; perplexity on the same [\d,]+ held-out tokens went from [\d.,]+ to [\d.,]+ \(×[\d.,]+\)\.$/,
  );

  const [unpruned, pruned, ...rest] = await lesson.rows(prune);
  expect(rest).toEqual([]);
  expect(unpruned![0]).toBe('unpruned');
  const [baseParams, cutParams] = [count(unpruned![1]!), count(pruned![1]!)];
  expect(cutParams / baseParams).toBeGreaterThan(0.5);
  expect(cutParams / baseParams).toBeLessThan(0.8);
  const [basePpl, cutPpl] = [firstNumber(unpruned![3]!), firstNumber(pruned![3]!)];
  // The unpruned target on the GPU scores the first window as PyTorch did, to the three figures the table shows.
  expect(Math.abs(basePpl / PYTORCH_PERPLEXITY - 1)).toBeLessThan(0.005);
  expect(cutPpl).toBeGreaterThan(basePpl);
  for (const row of [unpruned!, pruned!]) expect(firstNumber(row[5]!)).toBeGreaterThan(0);
  const bytes = await lesson.figure(prune, 'Bytes per decode step').textContent();
  expect(ratio(bytes)).toBeLessThan(1);
  expect(ratio(bytes)).toBeGreaterThan(0.4);
});
