/**
 * ONNX Runtime Web's WebGPU execution provider (the engine under transformers.js) on the benchmark's synthetic
 * Llama models, in Node.js with Dawn (the `webgpu` package), for comparing with bench/run-bench.ts's decode rows.
 *
 * For each model that bench/peers/ort_export.py wrote (listed in ort-models.json): prefill the prompt, then one
 * untimed decode step and the timed ones at batch 1, greedily, as our benchmark does. The KV cache stays on the
 * GPU between steps (the present outputs are kept as GPU buffers and fed back as the next step's past, as
 * transformers.js does); each step's logits are read back and awaited before the next step. Reports load and
 * prefill seconds, seconds per decode step, whether the greedy tokens equal PyTorch's, which nodes ORT placed on
 * the CPU, and why any model failed.
 *
 * Usage: node ort-decode.mjs --models DIR [--out FILE.json] [--tiny] [--only NAME,NAME]
 *   --tiny: the short protocol (16 prompt tokens, 3 timed steps) instead of the bench's (128 and 20).
 *   --only: just the models of these names (as in ort-models.json), to split a long run.
 * ONNX Runtime's .wasm must lie beside this file once bundled (bench/peers/ort-kit.sh puts it there).
 */
import { closeSync, fstatSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { create, globals } from 'webgpu';
import * as ort from 'onnxruntime-web/webgpu';

interface Protocol {
  promptTokens: number;
  untimedSteps: number;
  timedSteps: number;
}

interface ExportedModel {
  name: string;
  ops: string;
  width: number;
  layers: number;
  kvHeads: number;
  headDim: number;
  weightBytes: number;
  graph: string;
  data: string;
  referenceTokens: Record<string, number[]>;
}

interface Manifest {
  prompt: number[];
  protocols: Record<string, Protocol>;
  models: ExportedModel[];
}

const WASM_FILE = 'ort-wasm-simd-threaded.asyncify.wasm';

const args = process.argv.slice(2);
const option = (name: string) => (args.includes(name) ? args[args.indexOf(name) + 1] : undefined);
const modelsDir = option('--models');
if (!modelsDir)
  throw new Error('usage: node ort-decode.mjs --models DIR [--out FILE.json] [--tiny] [--only NAME,NAME]');
const protocolName = args.includes('--tiny') ? 'short' : 'full';

const gpu = useDawn();
const caught = catchConsole();
// ORT 1.30 does not expose the adapter it picked; on a machine with one GPU it is the one a plain request gets.
const adapterInfo = (await gpu.requestAdapter())?.info;
// One thread: the CPU does little here, and more threads would start workers running this very bundle.
ort.env.wasm.numThreads = 1;
ort.env.wasm.proxy = false;
ort.env.wasm.wasmBinary = readFileSync(path.join(path.dirname(fileURLToPath(import.meta.url)), WASM_FILE));

const manifest = JSON.parse(readFileSync(path.join(modelsDir, 'ort-models.json'), 'utf8')) as Manifest;
const protocol = manifest.protocols[protocolName];
if (!protocol) throw new Error(`ort-models.json has no "${protocolName}" protocol`);
const prompt = manifest.prompt.slice(0, protocol.promptTokens);

const only = option('--only')?.split(',');
const results: Awaited<ReturnType<typeof measure>>[] = [];
const failures: { name: string; width: number; layers: number; stage: string; error: string }[] = [];
for (const model of manifest.models.filter((m) => !only || only.includes(m.name))) {
  console.log(
    `${model.name}: ${(model.weightBytes / 1e6).toFixed(0)} MB of f32 weights, ${model.ops} operators`,
  );
  const stage = { now: 'loading' };
  try {
    const result = await measure(model, stage);
    console.log(
      `  load ${result.loadSeconds.toFixed(2)} s, prefill ${protocol.promptTokens} tokens ${result.prefillSeconds.toFixed(4)} s ` +
        `(first ${result.prefillFirstSeconds.toFixed(3)} s), decode ${(result.decodeSecondsPerStep * 1e3).toFixed(3)} ms/step ` +
        `= ${result.tokensPerSecond.toFixed(1)} tokens/s, tokens match PyTorch: ${result.tokensMatchReference}, ` +
        `MatMuls on WebGPU: ${result.matMulsOnWebGpu}`,
    );
    results.push(result);
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    console.log(`  failed while ${stage.now}: ${message}`);
    failures.push({
      name: model.name,
      width: model.width,
      layers: model.layers,
      stage: stage.now,
      error: message,
    });
  }
  // After every model, so that a crash or a time limit later still leaves the models done so far.
  writeReport();
}

function writeReport() {
  const out = option('--out');
  if (!out) return;
  const report = {
    engine: 'onnxruntime-web (WebGPU execution provider)',
    ortVersion: ort.env.versions.web,
    node: process.version,
    adapter: adapterInfo && {
      vendor: adapterInfo.vendor,
      architecture: adapterInfo.architecture,
      device: adapterInfo.device,
      description: adapterInfo.description,
    },
    protocol: { name: protocolName, ...protocol, batch: 1, greedy: true, logitsReadBackEachStep: true },
    timing:
      'load: InferenceSession.create from the bytes in memory; wall clock around each awaited session.run (its ' +
      'logits copied to the host); prefill timed on its second run, ' +
      'the first (which compiles the shaders) reported as prefillFirstSeconds; decode: the mean of the timed steps',
    models: results,
    failures,
  };
  writeFileSync(out, JSON.stringify(report, null, 2));
}

/** Dawn as WebGPU, with the one change ONNX Runtime Web needs from it. */
function useDawn() {
  Object.assign(globalThis, globals);
  const gpu = create([]) as GPU;
  if (!('navigator' in globalThis))
    Object.defineProperty(globalThis, 'navigator', { value: {}, configurable: true });
  Object.defineProperty(globalThis.navigator, 'gpu', { value: gpu, configurable: true });
  // ORT hands writeBuffer views of its WebAssembly memory, which is a SharedArrayBuffer; Dawn's Node binding
  // rejects shared views ("Invalid argument"), so copy those into a plain buffer first.
  const writeBuffer = GPUQueue.prototype.writeBuffer;
  GPUQueue.prototype.writeBuffer = function (this: GPUQueue, ...call: Parameters<GPUQueue['writeBuffer']>) {
    const data = call[2];
    if (ArrayBuffer.isView(data) && data.buffer instanceof SharedArrayBuffer && !(data instanceof DataView)) {
      call[2] = (data as Uint8Array).slice();
    }
    return writeBuffer.apply(this, call);
  };
  return gpu;
}

/**
 * ORT's WebAssembly module keeps the console functions it finds when it starts, so the console is wrapped once,
 * before that: lines go to `caught.lines` while it is set (probePlacement sets it), to the console otherwise.
 */
function catchConsole() {
  const caught: { lines: string[] | undefined } = { lines: undefined };
  for (const level of ['log', 'info', 'warn', 'error'] as const) {
    const write = console[level].bind(console);
    console[level] = (...parts: unknown[]) => {
      const line = parts.map(String).join(' ');
      if (caught.lines)
        caught.lines.push(line.replace(/\x1b\[[0-9;]*m/g, '')); // without colour codes
      else write(...parts);
    };
  }
  return caught;
}

/** A whole file's bytes; fs.readFileSync stops at 2 GiB, and the largest model's weights are 2.4 GB. */
function readWhole(file: string): Uint8Array {
  const fd = openSync(file, 'r');
  const bytes = new Uint8Array(fstatSync(fd).size);
  for (let done = 0; done < bytes.length;) {
    done += readSync(fd, bytes, done, Math.min(1 << 30, bytes.length - done), done);
  }
  closeSync(fd);
  return bytes;
}

async function measure(model: ExportedModel, stage: { now: string }) {
  const presentNames = Array.from({ length: model.layers }, (_, i) => [
    `present.${i}.key`,
    `present.${i}.value`,
  ]).flat();
  const graph = readWhole(path.join(modelsDir!, model.graph));
  const data = readWhole(path.join(modelsDir!, model.data));
  const options: ort.SessionOptions = {
    executionProviders: ['webgpu'],
    externalData: [{ path: model.data, data }],
    graphOptimizationLevel: 'all',
    preferredOutputLocation: {
      logits: 'cpu',
      ...Object.fromEntries(presentNames.map((name) => [name, 'gpu-buffer' as const])),
    },
  };
  const placement = await probePlacement(graph, options);
  const loadStart = performance.now();
  const session = await ort.InferenceSession.create(graph, options);
  const loadSeconds = (performance.now() - loadStart) / 1e3;

  const emptyPast = () =>
    Object.fromEntries(
      presentNames.map((name) => [
        name.replace('present', 'past_key_values'),
        new ort.Tensor('float32', new Float32Array(0), [1, model.kvHeads, 0, model.headDim]),
      ]),
    );
  let past: Record<string, ort.Tensor> = {};
  const tokens: number[] = [];
  /** One awaited run over `ids` after the cache in `past`; keeps its present values as the next past. */
  const step = async (ids: number[]) => {
    const start = performance.now();
    // The present outputs are GPU-buffer tensors (what Tensor.fromGpuBuffer makes), fed back as they are.
    const outputs = await session.run({
      input_ids: new ort.Tensor('int64', BigInt64Array.from(ids, BigInt), [1, ids.length]),
      ...past,
    });
    const seconds = (performance.now() - start) / 1e3;
    for (const tensor of Object.values(past)) if (tensor.location === 'gpu-buffer') tensor.dispose();
    past = Object.fromEntries(
      presentNames.map((name) => [name.replace('present', 'past_key_values'), outputs[name]!]),
    );
    tokens.push(argmaxOfLastRow(outputs['logits']!.data as Float32Array));
    return seconds;
  };

  const decodeSteps: number[] = [];
  let prefillFirstSeconds: number, prefillSeconds: number;
  // The session is released even when a step fails, so that the next model gets the GPU's memory.
  try {
    stage.now = 'prefilling';
    past = emptyPast();
    prefillFirstSeconds = await step(prompt);
    past = emptyPast();
    tokens.length = 0;
    prefillSeconds = await step(prompt);

    stage.now = 'decoding';
    for (let i = 0; i < protocol!.untimedSteps; i++) await step([tokens.at(-1)!]);
    for (let i = 0; i < protocol!.timedSteps; i++) decodeSteps.push(await step([tokens.at(-1)!]));
  } finally {
    for (const tensor of Object.values(past)) if (tensor.location === 'gpu-buffer') tensor.dispose();
    await session.release();
  }
  const decodeSecondsPerStep = decodeSteps.reduce((a, b) => a + b, 0) / decodeSteps.length;
  const reference = model.referenceTokens[protocolName];
  return {
    name: model.name,
    ops: model.ops,
    width: model.width,
    layers: model.layers,
    weightBytes: model.weightBytes,
    loadSeconds,
    prefillTokens: prompt.length,
    prefillFirstSeconds,
    prefillSeconds,
    prefillTokensPerSecond: prompt.length / prefillSeconds,
    decodeSecondsPerStep,
    decodeStepSeconds: decodeSteps,
    tokensPerSecond: 1 / decodeSecondsPerStep,
    tokens,
    tokensMatchReference: reference !== undefined && tokens.join() === reference.join(),
    placement,
    matMulsOnWebGpu: matMulsOnWebGpu(placement),
  };
}

function argmaxOfLastRow(logits: Float32Array): number {
  const row = logits.subarray(logits.length - 256);
  let best = 0;
  for (let i = 1; i < row.length; i++) if (row[i]! > row[best]!) best = i;
  return best;
}

/**
 * Where ORT places each node, from a session created only to be asked: at verbose level ORT lists, while creating
 * a session, the nodes it placed on each execution provider; but that session would then log every kernel it runs,
 * so the timed session is another one, at the default level. Returns, per provider, how many nodes of each
 * operator it got. If creating fails, the error carries ORT's own error lines, which say more than the exception.
 */
async function probePlacement(graph: Uint8Array, options: ort.SessionOptions) {
  const lines: string[] = [];
  caught.lines = lines;
  try {
    const session = await ort.InferenceSession.create(graph, { ...options, logSeverityLevel: 0 });
    await session.release();
    return placementOf(lines);
  } catch (error) {
    const ortErrors = lines.filter((line) => /\[[EF]:onnxruntime/.test(line)).slice(-5);
    throw new Error([String(error instanceof Error ? error.message : error), ...ortErrors].join('\n'));
  } finally {
    caught.lines = undefined;
  }
}

/**
 * {provider: {operator: nodes}} from ORT's lines "Node(s) placed on [X]. …", each followed by a line per node
 * ("  MatMul (name)"), or, when one provider took every node, {X: {'all nodes': count}} from "All nodes placed on
 * [X]. Number of nodes: N".
 */
function placementOf(lines: string[]): Record<string, Record<string, number>> {
  const placement: Record<string, Record<string, number>> = {};
  let ops: Record<string, number> | undefined;
  for (const line of lines) {
    const all = /All nodes placed on \[(\w+)\]\. Number of nodes: (\d+)/.exec(line);
    const provider = /Node\(s\) placed on \[(\w+)\]/.exec(line)?.[1];
    const node = /VerifyEachNodeIsAssignedToAnEp\] {3}(\w+) \(/.exec(line)?.[1];
    if (all) placement[all[1]!] = { 'all nodes': Number(all[2]) };
    if (provider) ops = placement[provider] = {};
    else if (node && ops) ops[node] = (ops[node] ?? 0) + 1;
    else ops = undefined;
  }
  return placement;
}

/** Whether ORT put the MatMuls on the GPU: it listed some under WebGPU and none under the CPU. */
function matMulsOnWebGpu(placement: Record<string, Record<string, number>>): boolean {
  const gpu = placement['WebGpuExecutionProvider'] ?? {};
  const cpu = placement['CPUExecutionProvider'] ?? {};
  return (gpu['all nodes'] !== undefined || (gpu['MatMul'] ?? 0) > 0) && !cpu['MatMul'] && !cpu['all nodes'];
}
