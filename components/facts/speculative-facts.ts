/**
 * The numbers lesson 6 (speculative sampling) quotes in its prose and exercises: the shipped pair's sizes from their
 * configs, the draft's acceptance rate against the target as training/train.py measured it (read from the draft's
 * model card), a 70B target with a 7B draft in the cost model, a verification worked by hand, and the speedups the
 * two papers published. None is typed by hand.
 */
import { analytic, parameterCount, parseConfig, type Source } from '@engine/index';
import { formatInteger, formatNumber, formatSi } from '../charts/format';
import draftCard from '../../public/models/prose-draft/card.json';
import draftConfigJson from '../../public/models/prose-draft/config.json';
import targetConfigJson from '../../public/models/prose-target/config.json';
import { count, fact, figure, published } from './fact';
import { modelCardSource } from './model-card-source';

const target = parseConfig(targetConfigJson);
const draft = parseConfig(draftConfigJson);

const DRAFT_CARD = modelCardSource('prose-draft', 'training/train.py');
const LEVIATHAN: Source = {
  title:
    'Leviathan, Kalman and Matias 2023, Fast Inference from Transformers via Speculative Decoding, abstract',
  url: 'https://arxiv.org/abs/2211.17192',
};
const CHEN: Source = {
  title: 'Chen et al. 2023, Accelerating Large Language Model Decoding with Speculative Sampling, abstract',
  url: 'https://arxiv.org/abs/2302.01318',
};

const acceptanceAt = (temperature: number) => {
  const row = draftCard.acceptance.results.find((r) => r.temperature === temperature);
  if (!row) throw new Error(`prose-draft's card has no acceptance at temperature ${temperature}`);
  return row.alpha;
};
const alpha = acceptanceAt(1);
const EXERCISE_K = 4;

// Llama 2 70B verified, Llama 2 7B drafting, both bf16 on one H100, at a context of 1,024 tokens.
const setup = (id: 'llama-2-70b' | 'llama-2-7b'): analytic.ServingSetup => ({
  model: analytic.modelById(id).shape,
  device: analytic.hardwareById('h100-sxm'),
  weightDtype: 'bf16',
  kvDtype: 'bf16',
});
const [big, small] = [setup('llama-2-70b'), setup('llama-2-7b')];
const CONTEXT = 1024;
const PAIR_ALPHA = 0.8;
const pair = analytic.speculativeCost(big, small, EXERCISE_K, PAIR_ALPHA, CONTEXT);
const plainStep = analytic.decodeStep(big, 1, CONTEXT);
const plainBytes = plainStep.weightBytesRead + plainStep.kvBytesMoved;
const ridge = analytic.ridgeIntensity(big.device, 'bf16');
const h100 = analytic.hardwareById('h100-sxm');

// A verification by hand over three tokens: the draft proposed the second.
const handP = [0.6, 0.3, 0.1];
const handQ = [0.2, 0.5, 0.3];
const handOverlap = handP.reduce((s, p, i) => s + Math.min(p, handQ[i]!), 0);
const handResidual = handP.map((p, i) => Math.max(p - handQ[i]!, 0));
const handResidualMass = handResidual.reduce((s, v) => s + v, 0);
const firstTokenChance =
  handQ[0]! * Math.min(1, handP[0]! / handQ[0]!) + (1 - handOverlap) * (handResidual[0]! / handResidualMass);

const expected = analytic.expectedTokensPerStep(alpha, EXERCISE_K);

export const facts = {
  targetParameters: count(parameterCount(target), 'parameters', 'prose-target, counted from its config'),
  draftParameters: count(parameterCount(draft), 'parameters', 'prose-draft, counted from its config'),
  sizeRatio: fact({
    value: parameterCount(target) / parameterCount(draft),
    unit: '×',
    text: `${formatNumber(parameterCount(target) / parameterCount(draft))} times`,
    provenance: 'analytic',
    about: "prose-target's parameters over prose-draft's",
  }),
  alpha: fact({
    value: alpha,
    unit: '',
    text: formatNumber(alpha, 3),
    provenance: 'measured',
    about: `prose-draft's acceptance rate α against prose-target at temperature 1: the mean of Σ min(p, q) over every position of the ${formatInteger(draftCard.validation.tokens_scored)}-token validation split`,
    source: DRAFT_CARD,
  }),
  alphaCool: fact({
    value: acceptanceAt(0.7),
    unit: '',
    text: formatNumber(acceptanceAt(0.7), 3),
    provenance: 'measured',
    about: "prose-draft's acceptance rate α against prose-target at temperature 0.7, on the validation split",
    source: DRAFT_CARD,
  }),
  leviathanSpeedup: published(
    2,
    '×',
    '2 to 3 times',
    'the speedup of T5-XXL decoding with a small T5 draft, outputs unchanged',
    LEVIATHAN,
  ),
  chenSpeedup: published(
    2,
    '×',
    '2 to 2.5 times',
    'the decoding speedup of Chinchilla 70B with a 4B draft, in a distributed setup',
    CHEN,
  ),
  pairC: figure(
    pair.c,
    '',
    'a Llama 2 7B decode step over a Llama 2 70B one, bf16 on an H100 at 1,024 tokens of context (cost model)',
  ),
  pairSpeedup: figure(
    pair.speedup,
    '×',
    `Llama 2 70B with a Llama 2 7B draft, α = ${PAIR_ALPHA}, K = ${EXERCISE_K}, bf16 on an H100 (cost model)`,
  ),
};

export const exercises = {
  expectedTokens: {
    answer: figure(
      expected,
      'tokens',
      `expected tokens per verification at α = ${formatNumber(alpha, 3)}, K = ${EXERCISE_K}`,
    ),
    working: [
      `The first drafted token is accepted with probability α, the first two with α², and so on: the step emits the accepted run plus one more token (resampled or the bonus).`,
      `Expected tokens = 1 + α + α² + … + α^K = (1 − α^(K+1)) / (1 − α).`,
      `With α = ${formatNumber(alpha, 3)} and K = ${EXERCISE_K}: (1 − ${formatNumber(alpha, 3)}^${EXERCISE_K + 1}) / (1 − ${formatNumber(alpha, 3)}) = ${formatNumber(1 - alpha ** (EXERCISE_K + 1), 3)} / ${formatNumber(1 - alpha, 3)} = ${formatNumber(expected, 3)} tokens per target forward, against 1 without a draft.`,
    ],
  },
  handVerification: {
    answer: figure(firstTokenChance, '', 'the chance the step emits token A, worked by hand'),
    working: [
      `The draft proposes A with q = ${handQ[0]}; since p(A) = ${handP[0]} ≥ q(A), it is always accepted: ${formatNumber(handQ[0]! * Math.min(1, handP[0]! / handQ[0]!), 2)}.`,
      `A proposal is rejected with probability 1 − Σ min(p, q) = 1 − (${handP.map((p, i) => formatNumber(Math.min(p, handQ[i]!), 2)).join(' + ')}) = ${formatNumber(1 - handOverlap, 2)}.`,
      `The residual max(p − q, 0) is (${handResidual.map((v) => formatNumber(v, 2)).join(', ')}): normalised, all its mass is on A, so every rejection resamples A.`,
      `P(A) = ${formatNumber(handQ[0]!, 2)} + ${formatNumber(1 - handOverlap, 2)} · 1 = ${formatNumber(firstTokenChance, 2)}: exactly the target's p(A). Every token works out the same way: min(p, q) from accepting plus p − min(p, q) from resampling is p.`,
    ],
  },
  pairSpeedup: {
    answer: facts.pairSpeedup,
    working: [
      `In the cost model a Llama 2 70B decode step reads ${formatSi(plainBytes, 'B')} and takes ${formatNumber(pair.targetStepSeconds * 1000, 3)} ms; a Llama 2 7B step takes ${formatNumber(pair.draftStepSeconds * 1000, 3)} ms, so c = ${formatNumber(pair.c, 3)}.`,
      `Verifying ${EXERCISE_K} drafted tokens runs the 70B over ${EXERCISE_K + 1} positions: it still reads the weights once and stays ${pair.verify.bound}-bound, ${formatNumber(pair.verify.seconds * 1000, 3)} ms.`,
      `One speculative step: ${EXERCISE_K} · ${formatNumber(pair.draftStepSeconds * 1000, 3)} + ${formatNumber(pair.verify.seconds * 1000, 3)} = ${formatNumber(pair.stepSeconds * 1000, 3)} ms for ${formatNumber(pair.expectedTokens, 3)} tokens on average at α = ${PAIR_ALPHA}.`,
      `Plain decoding makes one token per ${formatNumber(pair.targetStepSeconds * 1000, 3)} ms, so the speedup is ${formatNumber(pair.expectedTokens, 3)} · ${formatNumber(pair.targetStepSeconds * 1000, 3)} / ${formatNumber(pair.stepSeconds * 1000, 3)} = ${formatNumber(pair.speedup, 3)}×. The paper's formula, which takes the verification as exactly one step, gives ${formatNumber(pair.paperSpeedup, 3)}×.`,
    ],
  },
  verifyRidge: {
    answer: count(
      Math.floor(ridge),
      'tokens',
      'tokens a bf16 verification on an H100 SXM scores at once before it turns compute-bound',
      h100.source,
    ),
    working: [
      `Verifying T tokens at batch 1 multiplies every bf16 weight (2 bytes) by T vectors: 2·T FLOPs per 2 bytes, an arithmetic intensity of about T FLOPs per byte.`,
      `The H100 SXM computes ${formatSi(h100.peakBf16, 'FLOP/s')} in bf16 and moves ${formatSi(h100.bandwidth, 'B/s')}: its ridge point is ${formatNumber(ridge, 3)} FLOPs per byte.`,
      `So a verification stays memory-bound, and costs about one decode step, until T nears ${formatInteger(Math.floor(ridge))} tokens: any K a draft could keep right is far below that.`,
    ],
  },
};

/** The context of the 70B / 7B example, as the prose writes it. */
const contextTokens = formatInteger(CONTEXT);

export { handP, handQ, EXERCISE_K, PAIR_ALPHA, contextTokens };
