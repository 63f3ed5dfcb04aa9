/**
 * The CPU backend: a Llama forward pass over the paged KV cache in plain Float32Arrays. It is the judge of the
 * WebGPU backend and the fallback where WebGPU is missing. Readable first; each op is in its own file.
 */
import type { Backend, ForwardStep, OpTime } from '../backend';
import type { LlamaConfig } from '../model/config';
import { kvCacheOf, kvWritingLayers } from '../model/kv-sharing';
import type { LlamaWeights } from '../model/weights';
import { layerOps, type LayerOp } from '../measure/op-costs';
import { addBias, addInPlace } from './add';
import { attention } from './attention';
import { embedding } from './embedding';
import { gatherRows } from './gather-rows';
import { kvCopyBlocks, kvWrite } from './kv-write';
import { linear } from './linear';
import { rmsnorm } from './rmsnorm';
import { rope, ropeTables, type RopeTables } from './rope';
import { swiglu } from './swiglu';

interface NamedOp {
  name: string;
  run: () => void;
}

export interface CacheShape {
  numBlocks: number;
  blockSize: number;
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu';
  readonly #config: LlamaConfig;
  readonly #weights: LlamaWeights;
  readonly #blockSize: number;
  readonly #kCache: Float32Array[]; // per cache, one per layer without sharing: (slots, K·H)
  readonly #vCache: Float32Array[];
  readonly #rope: RopeTables;

  constructor(config: LlamaConfig, weights: LlamaWeights, { numBlocks, blockSize }: CacheShape) {
    this.#config = config;
    this.#weights = weights;
    this.#blockSize = blockSize;
    this.#rope = ropeTables(config.maxPositions, config.headDim, config.ropeTheta, config.ropeScaling);
    const size = numBlocks * blockSize * config.numKvHeads * config.headDim;
    const caches = kvWritingLayers(config).length;
    this.#kCache = Array.from({ length: caches }, () => new Float32Array(size));
    this.#vCache = Array.from({ length: caches }, () => new Float32Array(size));
  }

  async forward(step: ForwardStep): Promise<Float32Array> {
    const { ops, logits } = this.#ops(step);
    for (const op of ops) op.run();
    return logits;
  }

  /** Run the step, timing each op on the wall clock. */
  async timeOps(step: ForwardStep): Promise<OpTime[]> {
    return this.#ops(step).ops.map(({ name, run }) => {
      const start = performance.now();
      run();
      return { name, covers: [name], seconds: (performance.now() - start) / 1000, clock: 'wall-clock' };
    });
  }

  /** The step as named ops in order (names as engine/measure/op-costs.ts gives them), and where the logits land. */
  #ops(step: ForwardStep): { ops: NamedOp[]; logits: Float32Array } {
    const c = this.#config;
    const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
    const T = step.tokens.length;
    const R = step.logitRows.length;
    const x = new Float32Array(T * D); // (T, D) residual stream
    const h = new Float32Array(T * D);
    const q = new Float32Array(T * N * H);
    const k = new Float32Array(T * K * H);
    const v = new Float32Array(T * K * H);
    const att = new Float32Array(T * N * H);
    const o = new Float32Array(T * D);
    const gate = new Float32Array(T * F);
    const up = new Float32Array(T * F);
    const last = new Float32Array(R * D);
    const logits = new Float32Array(R * V);
    const ops: NamedOp[] = [
      { name: 'embedding', run: () => embedding(x, this.#weights.embed, step.tokens, T, D, V) },
    ];
    this.#weights.layers.forEach((w, l) => {
      const kCache = this.#kCache[kvCacheOf(c, l)]!;
      const vCache = this.#vCache[kvCacheOf(c, l)]!;
      const layer: Record<LayerOp, () => void> = {
        'attention norm': () => rmsnorm(h, x, w.attnNorm, T, D, c.rmsNormEps),
        'q projection': () => linear(q, h, w.wq, T, D, N * H),
        'k projection': () => linear(k, h, w.wk!, T, D, K * H),
        'v projection': () => linear(v, h, w.wv!, T, D, K * H),
        'QKV bias': () => {
          addBias(q, w.bq!, T, N * H);
          if (w.bk) addBias(k, w.bk, T, K * H);
          if (w.bv) addBias(v, w.bv, T, K * H);
        },
        'q rotation': () => rope(q, q, step.positions, this.#rope, T, N, H),
        'k rotation': () => rope(k, k, step.positions, this.#rope, T, K, H),
        'KV write': () => {
          kvCopyBlocks(kCache, step.copies, this.#blockSize, K * H);
          kvCopyBlocks(vCache, step.copies, this.#blockSize, K * H);
          kvWrite(kCache, vCache, k, v, step.slots, T, K * H);
        },
        attention: () =>
          attention(
            att,
            q,
            kCache,
            vCache,
            step.positions,
            step.tableStart,
            step.pageTables,
            T,
            N,
            K,
            H,
            this.#blockSize,
            c.slidingWindow,
          ),
        'o projection': () => linear(o, att, w.wo, T, N * H, D),
        'attention residual': () => addInPlace(x, o, T * D),
        'MLP norm': () => rmsnorm(h, x, w.mlpNorm, T, D, c.rmsNormEps),
        'gate projection': () => linear(gate, h, w.wGate, T, D, F),
        'up projection': () => linear(up, h, w.wUp, T, D, F),
        SwiGLU: () => swiglu(gate, up, T * F),
        'down projection': () => linear(o, gate, w.wDown, T, F, D),
        'MLP residual': () => addInPlace(x, o, T * D),
      };
      // A layer sharing an earlier layer's cache skips the key and value work (layerOps leaves it out).
      for (const name of layerOps(c, l)) ops.push({ name: `layer ${l} ${name}`, run: layer[name] });
    });
    ops.push(
      { name: 'logit rows', run: () => gatherRows(last, x, step.logitRows, R, D) },
      { name: 'final norm', run: () => rmsnorm(last, last, this.#weights.finalNorm, R, D, c.rmsNormEps) },
      { name: 'output head', run: () => linear(logits, last, this.#weights.lmHead, R, D, V) },
    );
    return { ops, logits };
  }

  destroy(): void {}
}
