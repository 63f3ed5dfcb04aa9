/**
 * The CPU backend: a Llama forward pass over the paged KV cache in plain Float32Arrays. It is the judge of the
 * WebGPU backend and the fallback where WebGPU is missing. Readable first; each op is in its own file.
 */
import type { Backend, ForwardStep } from '../backend';
import type { LlamaConfig } from '../model/config';
import type { LlamaWeights } from '../model/weights';
import { addInPlace } from './add';
import { attention } from './attention';
import { embedding } from './embedding';
import { gatherRows } from './gather-rows';
import { kvCopyBlocks, kvWrite } from './kv-write';
import { matmul } from './matmul';
import { rmsnorm } from './rmsnorm';
import { rope, ropeTables, type RopeTables } from './rope';
import { swiglu } from './swiglu';

export interface CacheShape {
  numBlocks: number;
  blockSize: number;
}

export class CpuBackend implements Backend {
  readonly kind = 'cpu';
  readonly #config: LlamaConfig;
  readonly #weights: LlamaWeights;
  readonly #blockSize: number;
  readonly #kCache: Float32Array[]; // per layer (slots, K·H)
  readonly #vCache: Float32Array[];
  readonly #rope: RopeTables;

  constructor(config: LlamaConfig, weights: LlamaWeights, { numBlocks, blockSize }: CacheShape) {
    this.#config = config;
    this.#weights = weights;
    this.#blockSize = blockSize;
    this.#rope = ropeTables(config.maxPositions, config.headDim, config.ropeTheta);
    const size = numBlocks * blockSize * config.numKvHeads * config.headDim;
    this.#kCache = Array.from({ length: config.numLayers }, () => new Float32Array(size));
    this.#vCache = Array.from({ length: config.numLayers }, () => new Float32Array(size));
  }

  async forward(step: ForwardStep): Promise<Float32Array> {
    const c = this.#config;
    const { hiddenSize: D, intermediateSize: F, numHeads: N, numKvHeads: K, headDim: H, vocabSize: V } = c;
    const T = step.tokens.length;
    const x = new Float32Array(T * D); // (T, D) residual stream
    const h = new Float32Array(T * D);
    const q = new Float32Array(T * N * H);
    const k = new Float32Array(T * K * H);
    const v = new Float32Array(T * K * H);
    const att = new Float32Array(T * N * H);
    const o = new Float32Array(T * D);
    const gate = new Float32Array(T * F);
    const up = new Float32Array(T * F);
    embedding(x, this.#weights.embed, step.tokens, T, D, V);
    this.#weights.layers.forEach((w, l) => {
      const kCache = this.#kCache[l]!;
      const vCache = this.#vCache[l]!;
      rmsnorm(h, x, w.attnNorm, T, D, c.rmsNormEps);
      matmul(q, h, w.wq, T, D, N * H);
      matmul(k, h, w.wk, T, D, K * H);
      matmul(v, h, w.wv, T, D, K * H);
      rope(q, q, step.positions, this.#rope, T, N, H);
      rope(k, k, step.positions, this.#rope, T, K, H);
      kvCopyBlocks(kCache, step.copies, this.#blockSize, K * H);
      kvCopyBlocks(vCache, step.copies, this.#blockSize, K * H);
      kvWrite(kCache, vCache, k, v, step.slots, T, K * H);
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
      );
      matmul(o, att, w.wo, T, N * H, D);
      addInPlace(x, o, T * D);
      rmsnorm(h, x, w.mlpNorm, T, D, c.rmsNormEps);
      matmul(gate, h, w.wGate, T, D, F);
      matmul(up, h, w.wUp, T, D, F);
      swiglu(gate, up, T * F);
      matmul(o, gate, w.wDown, T, F, D);
      addInPlace(x, o, T * D);
    });
    const R = step.logitRows.length;
    const last = new Float32Array(R * D);
    gatherRows(last, x, step.logitRows, R, D);
    rmsnorm(last, last, this.#weights.finalNorm, R, D, c.rmsNormEps);
    const logits = new Float32Array(R * V);
    matmul(logits, last, this.#weights.lmHead, R, D, V);
    return logits;
  }

  destroy(): void {}
}
