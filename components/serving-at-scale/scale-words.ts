/**
 * The analytic sweep in words, every claim computed from its values: the summary under the charts, each chart's
 * text alternative, the status line while the sweep runs and once it is done, and the fine print's assumptions.
 */
import { analytic, MEMORY_FRACTION, SCALE_BLOCK_SIZE } from '@engine/index';
import { formatInteger, formatNumber, formatSeconds } from '../charts/format';
import { POLICIES, POLICY_LABEL, type RateSweep, type SweepProgress } from './rate-sweep';
import { longestRequest, STATIC_TIMEOUT, TOKEN_BUDGET, type ScaleRequest } from './scale-request';
import { KEEPS_UP, type PolicyFigures, type SweepFigures } from './sweep-figures';

const perSecond = (rate: number) => `${formatNumber(rate)} requests/s`;
const tokens = (throughput: number) => `${formatNumber(throughput)} tokens/s`;

/** Which policy serves more at the heaviest load, and by how much; level within 5 %. */
function throughputClause({ static: still, continuous: moving, ratio }: SweepFigures): string {
  const [s, c] = [still.heaviest.throughput, moving.heaviest.throughput];
  if (ratio >= 1.05)
    return `continuous batching serves ${tokens(c)}, ×${formatNumber(ratio)} static batching's ${tokens(s)}`;
  if (ratio <= 1 / 1.05)
    return `static batching serves ${tokens(s)}, ×${formatNumber(1 / ratio)} continuous batching's ${tokens(c)}`;
  return `both serve about the same: ${tokens(c)} continuous, ${tokens(s)} static`;
}

/** Where each policy's median latency doubles, without claiming an order the grid does not show. */
function kneeClause({ static: still, continuous: moving }: SweepFigures, heaviest: number): string {
  if (still.knee === undefined && moving.knee === undefined)
    return `median latency stays under twice its light-load value up to ${perSecond(heaviest)} under both policies`;
  const at = ({ policy, knee }: PolicyFigures) =>
    knee === undefined
      ? `does not double up to ${perSecond(heaviest)} under ${POLICY_LABEL[policy]}`
      : `at ${perSecond(knee)} under ${POLICY_LABEL[policy]}`;
  return `median latency doubles its light-load value ${at(still)} and ${at(moving)}`;
}

/** The paragraph under the charts. */
export function describeScale(sweep: RateSweep, figures: SweepFigures): string {
  const { request } = sweep;
  const heaviest = sweep.rates.at(-1)!;
  const setting =
    `${analytic.modelById(request.modelId).name} on one ${analytic.hardwareById(request.deviceId).name} ` +
    `with ${formatInteger(request.slots)} slots, on the cost model`;
  return (
    `${setting}: at ${perSecond(heaviest)} ${throughputClause(figures)}; ` +
    `${kneeClause(figures, heaviest)}.`
  );
}

/** The throughput chart's text alternative. */
export function describeThroughput(sweep: RateSweep, figures: SweepFigures): string {
  const share = `${formatNumber(100 * KEEPS_UP)} %`;
  const parts = POLICIES.map((policy) => {
    const { keepsUpTo, heaviest } = figures[policy];
    const keeps =
      keepsUpTo === undefined
        ? `serves less than ${share} of the demand from the lightest load`
        : `serves at least ${share} of the demand up to ${perSecond(keepsUpTo)}`;
    return `${POLICY_LABEL[policy]} ${keeps} and ends at ${tokens(heaviest.throughput)}`;
  });
  return (
    `Throughput against arrival rate (log scale) from ${perSecond(sweep.rates[0]!)} to ` +
    `${perSecond(sweep.rates.at(-1)!)}, analytic: ${parts.join('; ')}.`
  );
}

/** The latency chart's text alternative. */
export function describeLatency(figures: SweepFigures): string {
  const parts = POLICIES.map((policy) => {
    const { points, knee } = figures[policy];
    const [first, last] = [points[0]!, points.at(-1)!];
    const kneeText = knee === undefined ? 'no knee on the grid' : `knee at ${perSecond(knee)}`;
    return (
      `${POLICY_LABEL[policy]}'s median goes from ${formatSeconds(first.p50)} to ${formatSeconds(last.p50)} ` +
      `and its p99 from ${formatSeconds(first.p99)} to ${formatSeconds(last.p99)}, ${kneeText}`
    );
  });
  return `Median and 99th-percentile latency against arrival rate (log scale), analytic: ${parts.join('; ')}.`;
}

/** The status line while a sweep runs: which rate of how many, under which policy. */
export function progressText({ rate, index, total, policy }: SweepProgress, requests: number): string {
  return (
    `Serving ${formatInteger(requests)} requests at ${perSecond(rate)} under ${POLICY_LABEL[policy]}: ` +
    `rate ${formatInteger(index + 1)} of ${formatInteger(total)}…`
  );
}

/** The status line once a sweep is done. */
export function doneText(sweep: RateSweep): string {
  return (
    `Swept ${formatInteger(sweep.rates.length)} arrival rates from ${perSecond(sweep.rates[0]!)} to ` +
    `${perSecond(sweep.rates.at(-1)!)}, ${formatInteger(sweep.request.requests)} requests each, under both policies.`
  );
}

/** What the cost model and the scheduler assume, for the fine print: all of it analytic. */
export function costModelNote(request: ScaleRequest): string {
  return (
    `Analytic, not measured: the scheduler's every step is priced by the cost model instead of run. A step reads ` +
    `the weights once, reads each sequence's cached keys and values and writes its new ones, and does 2 FLOPs per ` +
    `weight per token plus attention; it takes the longer of moving those bytes at the GPU's peak bandwidth and ` +
    `doing those FLOPs at its bf16 peak. Arrivals are Poisson. A step processes at most ` +
    `${formatInteger(TOKEN_BUDGET)} tokens, a long prompt split over several (chunked prefill); a static batch ` +
    `starts once its slots fill or its first request has waited ${formatSeconds(STATIC_TIMEOUT)}. The server fills ` +
    `${formatNumber(100 * MEMORY_FRACTION)} % of the memory and pages the KV cache in blocks of ` +
    `${formatInteger(SCALE_BLOCK_SIZE)} tokens, vLLM's defaults; a full-length request (longest prompt and longest ` +
    `output) takes ${formatInteger(longestRequest(request))} tokens, and a request that finds no free block makes ` +
    `the one admitted last give its blocks up and start over.`
  );
}

/** How the rates were chosen, and what latency past saturation depends on. */
export function gridNote({ capacity }: RateSweep): string {
  return (
    `The rates run from a sixteenth to four times a decode-only estimate of the capacity, ` +
    `${perSecond(capacity.rate)} (${formatInteger(capacity.batch)} sequences at ${formatInteger(capacity.context)} ` +
    `tokens of context, ${formatSeconds(capacity.stepSeconds)} a step); prefill makes the real ceiling lower. Past ` +
    `saturation the queue grows for as long as requests arrive, so latency there depends on the stream's length.`
  );
}

/** Where the memory share and block size come from. */
export const VLLM_DEFAULTS = {
  title: 'vLLM engine arguments: gpu_memory_utilization, block_size',
  url: 'https://docs.vllm.ai/en/latest/configuration/engine_args.html',
};
