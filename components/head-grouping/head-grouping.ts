/**
 * Grouped-query attention for one model: N query heads sharing K key/value heads, each serving a group of N/K
 * adjacent query heads, and the cache per token against multi-head attention's. Multi-head is K = N, multi-query
 * K = 1 (Shazeer 2019), grouped-query anything between (Ainslie et al. 2023). Analytic: bytes per token from
 * engine/analytic for the model's published shape with K replaced.
 */
import { analytic } from '@engine/index';
import { formatNumber, formatSi } from '../charts/format';

/** The divisors of n in increasing order: the key/value head counts that split N query heads evenly. */
export function divisors(n: number): number[] {
  const found: number[] = [];
  for (let d = 1; d <= n; d++) if (n % d === 0) found.push(d);
  return found;
}

export interface HeadGrouping {
  modelName: string;
  /** Query heads. */
  N: number;
  /** Key/value heads, a divisor of N. */
  K: number;
  /** KV cache bytes per token with K heads, and with K = N. */
  bytesPerToken: number;
  mhaBytesPerToken: number;
}

/** The grouping of a model's N query heads onto K key/value heads, and its cache in `dtype`. */
export function headGrouping(
  { name, shape }: analytic.ModelPreset,
  K: number,
  dtype: analytic.DType = 'bf16',
): HeadGrouping {
  if (shape.N % K !== 0) throw new Error(`K = ${K} does not divide N = ${shape.N}`);
  return {
    modelName: name,
    N: shape.N,
    K,
    bytesPerToken: analytic.kvBytesPerToken({ ...shape, K }, dtype),
    mhaBytesPerToken: analytic.kvBytesPerToken({ ...shape, K: shape.N }, dtype),
  };
}

/** Which query heads (numbered from 1) read each key/value head, one row per key/value head. */
export function groupRows({ N, K }: Pick<HeadGrouping, 'N' | 'K'>): [string, string][] {
  const share = N / K;
  return Array.from({ length: K }, (_, k) => {
    const first = k * share + 1;
    const last = (k + 1) * share;
    return [`${k + 1}`, first === last ? `${first}` : `${first}–${last}`];
  });
}

/** What the attention with K of N heads is called. */
export function variantName({ N, K }: Pick<HeadGrouping, 'N' | 'K'>): string {
  if (K === N) return 'multi-head attention';
  if (K === 1) return 'multi-query attention';
  return 'grouped-query attention';
}

/** One sentence stating the grouping and its cache, for screen readers and the live summary. */
export function describeHeadGrouping(g: HeadGrouping): string {
  const share = g.N / g.K;
  const who =
    share === 1
      ? `each of the ${g.N} query heads has its own key/value head`
      : `${g.N} query heads share ${g.K} key/value head${g.K === 1 ? '' : 's'}, ${share} per head`;
  return (
    `${g.modelName} with ${variantName(g)}: ${who}; the cache holds ${formatSi(g.bytesPerToken, 'B')} per token, ` +
    `${formatNumber((100 * g.bytesPerToken) / g.mhaBytesPerToken)} % of multi-head's ${formatSi(g.mhaBytesPerToken, 'B')}.`
  );
}
