/**
 * What a sweep comes to, per policy: its points in rate order, its throughput at the heaviest load swept (where
 * both are saturated, if the grid reached far enough), the knee where median latency doubles (the engine's
 * latencyKnee), and the highest rate up to which it keeps up with the demand.
 */
import { latencyKnee } from '@engine/index';
import { POLICIES, type Policy, type RateSweep, type SweepPoint } from './rate-sweep';

/** A policy's throughput counts as keeping up while it is at least this share of the demand. */
export const KEEPS_UP = 0.9;

export interface PolicyFigures {
  policy: Policy;
  points: SweepPoint[];
  /** The point at the highest rate swept. */
  heaviest: SweepPoint;
  /** The lowest rate whose median latency is twice the lightest load's, if any. */
  knee: number | undefined;
  /** The highest rate up to which every point served at least KEEPS_UP of the demand, if even the first did. */
  keepsUpTo: number | undefined;
}

export function policyFigures(sweep: RateSweep, policy: Policy): PolicyFigures {
  const points = sweep.points.filter((p) => p.policy === policy).sort((a, b) => a.rate - b.rate);
  const falling = points.findIndex((p) => p.throughput < KEEPS_UP * p.demand);
  const keeping = falling === -1 ? points : points.slice(0, falling);
  return {
    policy,
    points,
    heaviest: points.at(-1)!,
    knee: latencyKnee(points),
    keepsUpTo: keeping.at(-1)?.rate,
  };
}

export interface SweepFigures {
  static: PolicyFigures;
  continuous: PolicyFigures;
  /** Continuous over static throughput at the heaviest load. */
  ratio: number;
}

export function sweepFigures(sweep: RateSweep): SweepFigures {
  const [still, moving] = POLICIES.map((policy) => policyFigures(sweep, policy));
  return {
    static: still!,
    continuous: moving!,
    ratio: moving!.heaviest.throughput / still!.heaviest.throughput,
  };
}
