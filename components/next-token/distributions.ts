/**
 * A teacher's and a student's next-token distributions compared at one temperature, from the logits the next-token
 * job returns: the rows a chart draws (the union of both models' most likely tokens), KL(teacher ‖ student) and both
 * entropies in nats, whether the most likely tokens agree, and how much probability the rows hold. Pure, on the main
 * thread, so a temperature control redraws without running the models again.
 */
import { entropy, klDivergence, softmaxAt, topIds } from '@engine/index';

/** One token's probability under each model. */
export interface TokenRow {
  id: number;
  teacher: number;
  student: number;
}

export interface Comparison {
  temperature: number;
  /** Each model's `k` most likely tokens, together, the teacher's most likely first. */
  rows: TokenRow[];
  /** KL(teacher ‖ student) = Σ p log(p / q), nats. */
  kl: number;
  /** Entropies, nats. */
  teacherEntropy: number;
  studentEntropy: number;
  /** Each model's most likely token; the same at every temperature. */
  teacherTop: number;
  studentTop: number;
  /** The probability the rows hold under each model. */
  mass: { teacher: number; student: number };
}

/** The two distributions softmax(logits / temperature) compared, with each model's `k` most likely tokens as rows. */
export function compareDistributions(
  teacherLogits: readonly number[], // (V)
  studentLogits: readonly number[], // (V)
  temperature: number,
  k: number,
): Comparison {
  const p = softmaxAt(teacherLogits, temperature);
  const q = softmaxAt(studentLogits, temperature);
  // Softmax keeps the logits' order, so the tokens shown do not change with the temperature.
  const [teacherIds, studentIds] = [topIds(teacherLogits, k), topIds(studentLogits, k)];
  const rows = [...new Set([...teacherIds, ...studentIds])]
    .map((id) => ({ id, teacher: p[id]!, student: q[id]! }))
    .sort((a, b) => b.teacher - a.teacher || b.student - a.student);
  const sum = (pick: (row: TokenRow) => number) => rows.reduce((s, row) => s + pick(row), 0);
  return {
    temperature,
    rows,
    kl: klDivergence(p, q),
    teacherEntropy: entropy(p),
    studentEntropy: entropy(q),
    teacherTop: teacherIds[0]!,
    studentTop: studentIds[0]!,
    mass: { teacher: sum((row) => row.teacher), student: sum((row) => row.student) },
  };
}
