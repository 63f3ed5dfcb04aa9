/**
 * The numbers lesson 5 (pruning and distillation) quotes in its prose and exercises: the shipped models' sizes from
 * their configs, their validation losses as training/train.py and training/prune.py measured them (read from the model
 * cards), the storage of 2:4 sparsity worked out, and the figures the papers published. None is typed by hand.
 */
import { klDivergence, parameterCount, parseConfig, type Source } from '@engine/index';
import { formatCount, formatInteger, formatNumber } from '../charts/format';
import prunedCard from '../../public/models/prose-pruned/card.json';
import studentCard from '../../public/models/prose-student/card.json';
import targetCard from '../../public/models/prose-target/card.json';
import prunedConfigJson from '../../public/models/prose-pruned/config.json';
import targetConfigJson from '../../public/models/prose-target/config.json';
import { count, fact, published, type Fact } from './fact';
import { modelCardSource } from './model-card-source';
import { unhealedLabel } from '../teacher-match/recorded';

const target = parseConfig(targetConfigJson);
const pruned = parseConfig(prunedConfigJson);

/** A validation loss the training scripts measured over the whole validation split. */
const loss = (value: number, about: string, source: Source): Fact =>
  fact({
    value,
    unit: 'nats/token',
    text: `${value.toPrecision(3)} nats/token`,
    provenance: 'measured',
    about: `${about}, over the ${formatInteger(targetCard.validation.tokens_scored)} tokens of the validation split`,
    source,
  });

/** Training tokens a run saw, as the script that ran it recorded them. */
const tokensSeen = (value: number, about: string, source: Source): Fact =>
  fact({
    value,
    unit: 'tokens',
    text: `${formatNumber(value / 1e6)} M tokens`,
    provenance: 'measured',
    about: `${about}: training tokens seen, as recorded`,
    source,
  });

const comparison = (label: string) => {
  const row = prunedCard.pruning.comparison.find((r) => r.label === label);
  if (!row) throw new Error(`prose-pruned's card compares no "${label}"`);
  return row.nats_per_token;
};
const pruneScript = modelCardSource('prose-pruned', 'training/prune.py');
const trainScript = modelCardSource('prose-student', 'training/train.py');
const shipped = prunedCard.pruning.shipped;
const natsTarget = targetCard.validation.nats_per_token;
const natsPruned = prunedCard.validation.nats_per_token;
const natsUnhealed = comparison(unhealedLabel(shipped));
const natsRandomHeal = comparison(`${shipped} shape, distilled from random init`);
const natsScratchHeal = comparison(`${shipped} shape, from scratch`);
const natsStudent = studentCard.validation.nats_per_token;
const natsScratch = studentCard.distillation.scratch_baseline.validation.nats_per_token;
const healTokens = prunedCard.training.tokens_seen;
const studentTokens = studentCard.training.tokens_seen;

const MINITRON: Source = {
  title:
    'Muralidharan et al. 2024, Compact Language Models via Pruning and Knowledge Distillation (Minitron), abstract',
  url: 'https://arxiv.org/abs/2407.14679',
};
const SPARSE_TENSOR_CORES: Source = {
  title: 'Mishra et al. 2021, Accelerating Sparse Deep Neural Networks, sections 1 and 3',
  url: 'https://arxiv.org/abs/2104.08378',
};

// 2:4 sparsity stored compressed, as sparse tensor cores read it: the two kept 16-bit values of every four weights
// and a 2-bit index for each, saying which of the four it was.
const valueBits = 16;
const indexBits = 2;
const sparseBits = (2 * (valueBits + indexBits)) / 4;

// A teacher and a student over three tokens, for the KL exercise.
const teacherP = [0.7, 0.2, 0.1];
const studentQ = [0.5, 0.3, 0.2];
const kl = klDivergence(teacherP, studentQ);

const perLayer = (c: typeof target) =>
  c.hiddenSize * c.numHeads * c.headDim * 2 +
  c.hiddenSize * c.numKvHeads * c.headDim * 2 +
  3 * c.hiddenSize * c.intermediateSize +
  2 * c.hiddenSize;

export const facts = {
  targetParameters: count(parameterCount(target), 'parameters', 'prose-target, counted from its config'),
  prunedParameters: count(
    parameterCount(pruned),
    'parameters',
    'prose-pruned and prose-student, counted from their config',
  ),
  prunedShare: fact({
    value: parameterCount(pruned) / parameterCount(target),
    unit: '%',
    text: `${formatNumber((100 * parameterCount(pruned)) / parameterCount(target))} %`,
    provenance: 'analytic',
    about: "prose-pruned's parameters as a share of prose-target's, counted from their configs",
  }),
  targetLoss: loss(natsTarget, 'prose-target', modelCardSource('prose-target', 'training/train.py')),
  healTokens: tokensSeen(healTokens, "prose-pruned's healing run", pruneScript),
  studentTokens: tokensSeen(studentTokens, "prose-student's training run", trainScript),
  healShare: fact({
    value: healTokens / studentTokens,
    unit: '%',
    text: `${formatNumber((100 * healTokens) / studentTokens)} %`,
    provenance: 'analytic',
    about: "the tokens prose-pruned healed on as a share of the student's, from their cards",
  }),
  prunedLoss: loss(
    natsPruned,
    'prose-pruned: the target width-pruned by activation importance, then distilled from it',
    pruneScript,
  ),
  unhealedLoss: loss(
    natsUnhealed,
    'the target width-pruned to the same shape, before any training',
    pruneScript,
  ),
  randomHealLoss: loss(
    natsRandomHeal,
    "the same shape from random weights, distilled from the target on the healing run's tokens",
    pruneScript,
  ),
  scratchHealLoss: loss(
    natsScratchHeal,
    "the same shape from random weights, trained on the text alone for the healing run's tokens",
    pruneScript,
  ),
  studentLoss: loss(
    natsStudent,
    "prose-student: the same shape from random weights, distilled from the target on the student's whole run",
    trainScript,
  ),
  scratchLoss: loss(
    natsScratch,
    "the same shape from random weights, trained on the text alone for the student's whole run",
    trainScript,
  ),
  prunedBehindTarget: loss(
    natsPruned - natsTarget,
    "how much higher prose-pruned's loss is than the target's",
    pruneScript,
  ),
  healedOverScratch: loss(
    natsScratchHeal - natsPruned,
    "how much lower prose-pruned's loss is than the same shape trained from scratch on the same tokens",
    pruneScript,
  ),
  prunedBehindStudent: loss(
    natsPruned - natsStudent,
    "how much higher prose-pruned's loss is than prose-student's, which trained on more tokens",
    pruneScript,
  ),
  minitronTokens: published(
    40,
    '×',
    'up to 40 times',
    'fewer training tokens per compressed model than training it from scratch',
    MINITRON,
  ),
  sparseMath: published(
    2,
    '×',
    'twice',
    'the math throughput of a sparse tensor core on 2:4 sparse weights against dense',
    SPARSE_TENSOR_CORES,
  ),
  sparseBits: fact({
    value: sparseBits,
    unit: 'bits',
    text: `${formatNumber(sparseBits)} bits`,
    provenance: 'analytic',
    about: '2:4 sparse f16 weights stored compressed, per weight, indices included',
    source: SPARSE_TENSOR_CORES,
  }),
};

export const exercises = {
  prunedSize: {
    answer: facts.prunedParameters,
    working: [
      `Per layer: the query and output projections hold 2 · D · N · H = 2 · ${pruned.hiddenSize} · ${pruned.numHeads} · ${pruned.headDim}; the key and value projections 2 · D · K · H = 2 · ${pruned.hiddenSize} · ${pruned.numKvHeads} · ${pruned.headDim}; the MLP 3 · D · F = 3 · ${pruned.hiddenSize} · ${pruned.intermediateSize}; two norms 2 · D. That is ${formatInteger(perLayer(pruned))} per layer.`,
      `${pruned.numLayers} layers: ${formatInteger(pruned.numLayers * perLayer(pruned))}. The embedding, shared with the output head: V · D = ${pruned.vocabSize} · ${pruned.hiddenSize} = ${formatInteger(pruned.vocabSize * pruned.hiddenSize)}; the final norm ${pruned.hiddenSize}.`,
      `In all ${formatInteger(parameterCount(pruned))} parameters (${formatCount(parameterCount(pruned), 3)}), against the target's ${formatCount(parameterCount(target), 3)}: ${formatNumber(parameterCount(target) / parameterCount(pruned))} times fewer, and as many fewer bytes for every decode step to read.`,
    ],
  },
  sparseBytes: {
    answer: facts.sparseBits,
    working: [
      `Each group of four weights keeps two 16-bit values: ${2 * valueBits} bits.`,
      `Each kept value needs a ${indexBits}-bit index for its place among the four: ${2 * indexBits} bits more, ${2 * (valueBits + indexBits)} bits per four weights, ${formatNumber(sparseBits)} bits per weight.`,
      `Against ${valueBits} bits dense, a memory-bound step reading only such weights could run at most ${formatNumber(valueBits / sparseBits)} times as fast; stored dense, as here, the zeros cost as much as any other value.`,
    ],
  },
  teacherKl: {
    answer: fact({
      value: kl,
      unit: 'nats',
      text: `${formatNumber(kl, 3)} nats`,
      provenance: 'analytic',
      about: 'KL(teacher ‖ student) for the distributions of the exercise',
    }),
    working: [
      `KL(p ‖ q) = Σ p · ln(p / q) over the tokens, with p the teacher's probabilities and q the student's.`,
      ...teacherP.map(
        (p, i) =>
          `Token ${i + 1}: ${p} · ln(${p} / ${studentQ[i]}) = ${formatNumber(p * Math.log(p / studentQ[i]!), 3)}.`,
      ),
      `The sum is ${formatNumber(kl, 3)} nats: the extra nats per token the student pays, beyond the teacher's own uncertainty, to describe what the teacher would say.`,
    ],
  },
};

export { teacherP, studentQ };

/** prose-pruned's shape, as the size exercise states it. */
export const prunedShape = {
  layers: formatInteger(pruned.numLayers),
  headDim: formatInteger(pruned.headDim),
  hiddenSize: formatInteger(pruned.hiddenSize),
  intermediateSize: formatInteger(pruned.intermediateSize),
  numHeads: formatInteger(pruned.numHeads),
  numKvHeads: formatInteger(pruned.numKvHeads),
  vocabSize: formatInteger(pruned.vocabSize),
};
