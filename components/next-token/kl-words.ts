/**
 * What the next-token comparison's numbers mean, computed from them: the readout's figures, and KL(teacher ‖ student)
 * in plain words. KL(p ‖ q) = E over the teacher's tokens of log(p / q), so e^−KL is the student's probability over
 * the teacher's, on average (geometric, weighted by the teacher) over what the teacher would write; and the
 * distillation loss, the cross-entropy H(p, q) = H(p) + KL, falls to the teacher's entropy when the two match
 * (Hinton et al. 2015, arXiv:1503.02531).
 */
import { formatNumber } from '../charts/format';
import { formatPercent } from '../number-formats/value-text';
import type { Comparison } from './distributions';
import type { ModelNames } from './next-token-chart';
import { promptTokensText, type PromptWindow } from './prompt-window';

/** Below this, nats, the two distributions are the same to double precision. */
const SAME = 1e-12;

const nats = (value: number) => `${formatNumber(value)} nats`;

/** KL(teacher ‖ student) for this prompt and temperature, in words. */
export function klSentence(c: Comparison, names: ModelNames): string {
  const kl = `KL(${names.teacher} ‖ ${names.student}) is ${nats(Math.max(c.kl, 0))} at temperature ${formatNumber(c.temperature)}`;
  if (c.kl < SAME)
    return `${kl}: the two distributions are the same, token for token, and distillation would have nothing left to match.`;
  return (
    `${kl}: on the tokens the teacher would write next, the student gives on average ` +
    `${formatNumber(Math.exp(-c.kl))} times the teacher's probability (e^−KL, a geometric mean weighted by the ` +
    `teacher), so coding the teacher's choices with the student's probabilities costs ${nats(c.kl)} ` +
    `(${formatNumber(c.kl / Math.LN2)} bits) a token more than with its own. Distillation's loss here is the ` +
    `cross-entropy, the teacher's entropy plus the KL: ${nats(c.teacherEntropy)} + ${nats(c.kl)} = ` +
    `${nats(c.teacherEntropy + c.kl)}; training can lower only the KL, to 0 when the student matches the teacher.`
  );
}

/** The readout's figures, every one from the models' logits. */
export function readoutItems(c: Comparison, r: PromptWindow) {
  return [
    { label: 'KL(teacher ‖ student)', value: nats(Math.max(c.kl, 0)) },
    { label: "Teacher's entropy", value: nats(c.teacherEntropy) },
    { label: "Student's entropy", value: nats(c.studentEntropy) },
    { label: 'Same most likely token', value: c.teacherTop === c.studentTop ? 'yes' : 'no' },
    { label: "Teacher's probability shown", value: formatPercent(c.mass.teacher) },
    { label: "Student's probability shown", value: formatPercent(c.mass.student) },
    { label: 'Prompt tokens read', value: promptTokensText(r) },
  ].map((item) => ({ ...item, provenance: 'measured' as const }));
}
