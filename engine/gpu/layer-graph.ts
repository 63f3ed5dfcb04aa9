/**
 * The GPU forward's ops, bound once to the session's buffers, in the order and under the names of
 * engine/cpu/forward.ts (measure/op-costs.ts's HEAD_OPS, layerOps, TAIL_OPS): the embedding, each layer's ops,
 * then the logit rows, the final norm and the output head. Where one kernel computes several ops (a norm folded
 * into the projections after it, a residual add into the projection before it), one bound op covers them all.
 * Also bound: copy-on-write of cache blocks, and the greedy choice of next tokens on the device. Weights stored in a
 * 16-bit or integer scheme (engine/quant) go through the packed kernels, fused alike where that measured faster (see
 * fusedIn); W8A8 weights run one op per projection.
 */
import type { LlamaConfig } from '../model/config';
import { kvCacheOf, writesKv } from '../model/kv-sharing';
import type { SessionShape } from '../model/footprint';
import { HEAD_OPS, layerOps, TAIL_OPS, type LayerOp } from '../measure/op-costs';
import type { DeviceBuffers } from './allocate';
import type { Encode } from './kernel';
import type { Kernels } from './kernels/index';
import type { FoldedNorm, FusedLinear } from './kernels/linear';
import { F32, headScheme } from '../quant/stored-tensors';
import type { WeightScheme } from '../quant/scheme';

/** A bound op under its name, with the ops of engine/measure/op-costs.ts it computes (several when fused). */
export interface BoundOp {
  name: string;
  covers: readonly string[];
  encode: Encode;
}

/** The step's dispatches: copy-on-write per cache, then per token row, then per logit row; and the greedy choice. */
export interface LayerGraph {
  copy: Encode[];
  perToken: BoundOp[];
  perLogitRow: BoundOp[];
  choose: Encode;
}

/** Bind every op of the step to the buffers, the linear layers' weights stored in `scheme`. */
export function bindLayerGraph(
  kernels: Kernels,
  config: LlamaConfig,
  shape: SessionShape,
  buffers: DeviceBuffers,
  scheme: WeightScheme = F32,
): LayerGraph {
  const { hiddenSize: D, vocabSize: V, numKvHeads: K, headDim: H, rmsNormEps: eps } = config;
  const a = buffers.activations;
  const inputs = buffers.stepInputs;
  const w = (name: string) => weight(buffers, name);
  const head = buffers.weights.has('lm_head.weight') ? 'lm_head.weight' : 'model.embed_tokens.weight';
  const layers = Array.from({ length: config.numLayers }, (_, l) =>
    bindLayer(kernels, config, shape, buffers, l, scheme),
  );
  return {
    copy: buffers.kvCaches.flatMap(({ layer, k, v }) => [
      kernels.kvCopy.bind(`layer ${layer} keys`, k, inputs.copies, shape.blockSize, K * H),
      kernels.kvCopy.bind(`layer ${layer} values`, v, inputs.copies, shape.blockSize, K * H),
    ]),
    perToken: [
      ...oneEach(HEAD_OPS, [
        kernels.embedding.bind('tokens', a.x, w('model.embed_tokens.weight'), inputs.tokens, D),
      ]),
      ...layers.flat(),
    ],
    perLogitRow: oneEach(TAIL_OPS, [
      kernels.gatherRows.bind('logit rows', a.last, a.x, inputs.logitRows, D),
      kernels.rmsnorm.bind('final norm', a.h, a.last, w('model.norm.weight'), D, eps),
      linearIn(kernels, headScheme(scheme), shape.maxLogitRows)('output head', a.logits, a.h, w(head), D, V),
    ]),
    choose: kernels.argmax.bind('greedy', a.chosen, inputs.tokens, a.logits, inputs.logitRows, V),
  };
}

/** Layer l's ops; throws unless together they cover layerOps(config, l), in order, as the CPU forward runs them. */
function bindLayer(
  kernels: Kernels,
  config: LlamaConfig,
  shape: SessionShape,
  buffers: DeviceBuffers,
  l: number,
  scheme: WeightScheme,
): BoundOp[] {
  const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H } = config;
  const { rmsNormEps: eps, maxPositions } = config;
  const a = buffers.activations;
  const inputs = buffers.stepInputs;
  const { k: kCache, v: vCache } = buffers.kvCaches[kvCacheOf(config, l)]!;
  const p = `model.layers.${l}.`;
  const w = (name: string) => weight(buffers, p + name);
  const op = (names: LayerOp[], encode: Encode) =>
    fused(
      names.map((name) => `layer ${l} ${name}`),
      encode,
    );
  const rotation = {
    q: a.q,
    k: a.k,
    v: a.v,
    kCache,
    vCache,
    positions: inputs.positions,
    slots: inputs.slots,
    table: buffers.ropeTables,
  };
  // A norm before projections: folded into the fused kernels, or its own dispatch into a.h (kernels/linear.ts).
  const norm = (label: string, name: string): FoldedNorm => ({
    weight: w(name),
    eps,
    normed: a.h,
    encode: kernels.rmsnorm.bind(`layer ${l} ${label}`, a.h, a.x, w(name), D, eps),
  });
  const attentionNorm = norm('attention norm', 'input_layernorm.weight');
  // The first layer of a cache-sharing group projects, rotates and writes keys and values; the others only their
  // queries (model/kv-sharing.ts).
  const project = linearIn(kernels, scheme, shape.maxTokens);
  const fusedOps = fusedIn(kernels, scheme);
  const rotate = () =>
    op(
      ['q rotation', 'k rotation', 'KV write'],
      kernels.ropeCache.bind(`layer ${l}`, rotation, N, K, H, maxPositions),
    );
  // Looked up only where used: a layer that shares an earlier one's cache has no key or value weights.
  const qkvWeights = () => ({
    q: w('self_attn.q_proj.weight'),
    k: w('self_attn.k_proj.weight'),
    v: w('self_attn.v_proj.weight'),
  });
  const qkvOut = { q: a.q, k: a.k, v: a.v };
  // The projections' biases, in models that have them: one dispatch per output, before the rotation.
  const biases = (kv: boolean): BoundOp[] => {
    if (!config.attentionBias) return [];
    const add = (out: GPUBuffer, name: string, width: number) =>
      kernels.bias.bind(`layer ${l} ${name}`, out, w(`self_attn.${name}_proj.bias`), width);
    const encodes = [add(a.q, 'q', N * H), ...(kv ? [add(a.k, 'k', K * H), add(a.v, 'v', K * H)] : [])];
    return [op(['QKV bias'], (pass, T) => encodes.forEach((encode) => encode(pass, T)))];
  };
  const attentionInputs = !writesKv(config, l)
    ? [
        op(['attention norm'], attentionNorm.encode),
        op(['q projection'], project(`layer ${l} q`, a.q, a.h, w('self_attn.q_proj.weight'), D, N * H)),
        ...biases(false),
        op(['q rotation'], kernels.ropeCache.bindQueries(`layer ${l}`, rotation, N, H, maxPositions)),
      ]
    : !fusedOps.qkv
      ? [
          op(['attention norm'], attentionNorm.encode),
          op(['q projection'], project(`layer ${l} q`, a.q, a.h, qkvWeights().q, D, N * H)),
          op(['k projection'], project(`layer ${l} k`, a.k, a.h, qkvWeights().k, D, K * H)),
          op(['v projection'], project(`layer ${l} v`, a.v, a.h, qkvWeights().v, D, K * H)),
          ...biases(true),
          rotate(),
        ]
      : [
          op(
            ['attention norm', 'q projection', 'k projection', 'v projection'],
            fusedOps.qkv.bindQkv(`layer ${l}`, qkvOut, a.x, attentionNorm, qkvWeights(), D, N * H, K * H),
          ),
          ...biases(true),
          rotate(),
        ];
  const residual = (label: string, inp: GPUBuffer, name: string, I: number) =>
    project(`layer ${l} ${label}`, a.x, inp, w(name), I, D, true);
  const mlpNorm = norm('MLP norm', 'post_attention_layernorm.weight');
  const swiglu = scaled(kernels.swiglu.bind(`layer ${l}`, a.gate, a.up), F);
  const gateUpWeights = { gate: w('mlp.gate_proj.weight'), up: w('mlp.up_proj.weight') };
  const mlpInputs = !fusedOps.gateUp
    ? [
        op(['MLP norm'], mlpNorm.encode),
        op(['gate projection'], project(`layer ${l} gate`, a.gate, a.h, gateUpWeights.gate, D, F)),
        op(['up projection'], project(`layer ${l} up`, a.up, a.h, gateUpWeights.up, D, F)),
        op(['SwiGLU'], swiglu),
      ]
    : [
        op(
          ['MLP norm', 'gate projection', 'up projection', 'SwiGLU'],
          fusedOps.gateUp.bindGateUp(`layer ${l}`, a.gate, a.up, a.x, mlpNorm, gateUpWeights, D, F, swiglu),
        ),
      ];
  const ops = [
    ...attentionInputs,
    op(
      ['attention'],
      kernels.attention.bind(
        `layer ${l}`,
        {
          out: a.att,
          q: a.q,
          kCache,
          vCache,
          positions: inputs.positions,
          tableStart: inputs.tableStart,
          pageTables: inputs.pageTables,
          partials: a.partials,
        },
        N,
        K,
        H,
        shape.blockSize,
        config.slidingWindow,
      ),
    ),
    op(['o projection', 'attention residual'], residual('o', a.att, 'self_attn.o_proj.weight', N * H)),
    ...mlpInputs,
    op(['down projection', 'MLP residual'], residual('down', a.gate, 'mlp.down_proj.weight', F)),
  ];
  const covered = ops.flatMap((o) => o.covers).join(', ');
  const expected = layerOps(config, l)
    .map((name) => `layer ${l} ${name}`)
    .join(', ');
  if (covered !== expected) throw new Error(`the GPU layer ${l} computes ${covered}; the CPU's ${expected}`);
  return ops;
}

/** Binds a linear layer out (T, O) (+)= inp (T, I) · weightᵀ for weights stored in `scheme`. */
type BindLinear = (
  label: string,
  out: GPUBuffer,
  inp: GPUBuffer,
  weight: GPUBuffer,
  I: number,
  O: number,
  accumulate?: boolean,
) => Encode;

/**
 * The linear kernels for weights stored in `scheme`, for up to maxRows rows: f32 ones, the packed ones that decode
 * them, or W8A8's, which quantize the activations too.
 */
function linearIn(kernels: Kernels, scheme: WeightScheme, maxRows: number): BindLinear {
  return (label, out, inp, weight, I, O, accumulate = false) =>
    scheme.kind === 'f32'
      ? kernels.linear.bind(label, out, inp, weight, I, O, { accumulate })
      : scheme.kind === 'w8a8'
        ? kernels.w8a8.bind(label, out, inp, weight, scheme, I, O, { accumulate, maxRows })
        : kernels.packedLinear.bind(label, out, inp, weight, scheme, I, O, { accumulate });
}

/**
 * The fused kernels for weights stored in `scheme`, for the attention inputs and for the MLP's: f32 and integer codes
 * fuse both; f16 only the MLP's, since its fused q/k/v kernel was slower on an H200 than the norm and three separate
 * projections (67 µs against 42 µs a layer at Llama 2 7B's widths) while its fused gate/up/SwiGLU was faster (60 µs
 * against 69 µs; docs/performance.md). W8A8, whose kernels also quantize the activations, fuses neither.
 */
function fusedIn(kernels: Kernels, scheme: WeightScheme): { qkv?: FusedLinear; gateUp?: FusedLinear } {
  if (scheme.kind === 'f32') return { qkv: kernels.linear, gateUp: kernels.linear };
  if (scheme.kind === 'w8a8') return {};
  const packed = kernels.packedLinear.fused(scheme);
  return scheme.kind === 'int' ? { qkv: packed, gateUp: packed } : { gateUp: packed };
}

/** A weight's buffer by tensor name. */
function weight(buffers: DeviceBuffers, name: string): GPUBuffer {
  const buffer = buffers.weights.get(name);
  if (!buffer) throw new Error(`no buffer holds ${name}`);
  return buffer;
}

/** Pair encoders with op names, one op each, in order. */
function oneEach(names: readonly string[], encodes: readonly Encode[]): BoundOp[] {
  if (names.length !== encodes.length) throw new Error(`${encodes.length} ops for ${names.length} names`);
  return encodes.map((encode, i) => fused([names[i]!], encode));
}

/** One bound op computing the ops `covers` names. */
function fused(covers: readonly string[], encode: Encode): BoundOp {
  return { name: covers.join(' + '), covers, encode };
}

/** Elementwise ops get n = T · width. */
function scaled(encode: Encode, width: number): Encode {
  return (pass, T) => encode(pass, T * width);
}
