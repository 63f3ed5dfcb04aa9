"""Writes the benchmark's synthetic Llama models as ONNX for ONNX Runtime Web (bench/peers/ort-decode.ts).

Same shapes as the engine's synthetic models (engine/model/synthetic-configs.ts): byte vocabulary of 256,
RMSNorm eps 1e-5, RoPE theta 10000 in the "rotate half" convention, SwiGLU MLP, no biases, untied lm_head,
head dim 64 with as many KV heads as query heads, F = ceil(8/3 * D / 32) * 32, all f32.

Two graphs per shape: one of standard ONNX operators only (as a generic exporter writes a Llama), and one
("-fused") with ORT's SimplifiedLayerNormalization and GroupQueryAttention (rotary embedding included), the
operators of the LLMs exported for transformers.js. Each graph serves prefill and decode, as transformers.js's
merged decoders do: input_ids [1, T] and past key/values [1, K, P, 64] (P = 0 for prefill) give logits
[1, T, 256] and present key/values [1, K, P + T, 64]; positions start at P. One graph means the weights are
loaded, and held on the GPU, once.

The graph is written node by node with onnx.helper rather than by torch.onnx.export: that exporter changed
between the torch versions this runs on (1.13 here, 2.11 on the GPU machine, where the TorchScript path is
deprecated and the dynamo path needs onnxscript), and this way every model, the 2.4 GB one too, is the same
file on both. Weights go to one external-data file beside the graph, so no model meets protobuf's 2 GB limit.
The PyTorch module below holds the weights and computes reference greedy tokens (without a KV cache, so the
check also covers ORT's cache feeding); ort-decode compares its tokens with them.

Usage: python3 bench/peers/ort_export.py --out DIR [--tiny]
"""

import argparse
import json
import math
import os

import numpy as np
import onnx
import torch
from onnx import TensorProto, helper, numpy_helper

from synthetic_llama import EPS, HEAD_DIM, VOCAB, mlp_width, rms_norm, rope_tables, rotate

MAX_POSITIONS = 4096
OPSET = 17
IR_VERSION = min(onnx.IR_VERSION, 10)  # onnx 1.23 writes 14 unless told; onnxruntime-web 1.30 reads up to 13

FULL_SHAPES = [(1024, 2), (2048, 2), (2048, 4), (4096, 2), (4096, 3)]
TINY_SHAPES = [(64, 2)]
# The bench's decode protocol, and a short one for quick checks (ort-decode --tiny).
PROTOCOLS = {
    "full": {"promptTokens": 128, "untimedSteps": 1, "timedSteps": 20},
    "short": {"promptTokens": 16, "untimedSteps": 1, "timedSteps": 3},
}


class Layer(torch.nn.Module):
    def __init__(self, width, ffn):
        super().__init__()
        self.attn_norm = torch.nn.Parameter(torch.ones(width))
        self.q = torch.nn.Linear(width, width, bias=False)
        self.k = torch.nn.Linear(width, width, bias=False)
        self.v = torch.nn.Linear(width, width, bias=False)
        self.o = torch.nn.Linear(width, width, bias=False)
        self.mlp_norm = torch.nn.Parameter(torch.ones(width))
        self.gate = torch.nn.Linear(width, ffn, bias=False)
        self.up = torch.nn.Linear(width, ffn, bias=False)
        self.down = torch.nn.Linear(ffn, width, bias=False)


class ReferenceLlama(torch.nn.Module):
    """The reference: a plain Llama forward over a whole sequence, positions from 0, no cache."""

    def __init__(self, width, layers, seed):
        super().__init__()
        self.width, self.heads, self.ffn = width, width // HEAD_DIM, mlp_width(width)
        self.embed = torch.nn.Embedding(VOCAB, width)
        self.layers = torch.nn.ModuleList(Layer(width, self.ffn) for _ in range(layers))
        self.final_norm = torch.nn.Parameter(torch.ones(width))
        self.lm_head = torch.nn.Linear(width, VOCAB, bias=False)
        # Random normal weights with std 0.02; the norms keep their ones, as Llama's initialisation does.
        generator = torch.Generator().manual_seed(seed)
        with torch.no_grad():
            for name, p in self.named_parameters():
                if "norm" not in name:
                    p.copy_(torch.randn(p.shape, generator=generator) * 0.02)

    @torch.no_grad()
    def forward(self, ids):
        t = ids.shape[1]
        cos, sin = rope_tables(t)
        mask = torch.full((t, t), float("-inf")).triu(1)
        x = self.embed(ids)
        for layer in self.layers:
            a = rms_norm(x, layer.attn_norm)
            q, k, v = (p(a).view(1, t, self.heads, HEAD_DIM).transpose(1, 2) for p in (layer.q, layer.k, layer.v))
            q, k = rotate(q, cos, sin), rotate(k, cos, sin)
            scores = q @ k.transpose(-1, -2) / math.sqrt(HEAD_DIM) + mask
            attended = (scores.softmax(-1) @ v).transpose(1, 2).reshape(1, t, self.width)
            x = x + layer.o(attended)
            m = rms_norm(x, layer.mlp_norm)
            x = x + layer.down(torch.nn.functional.silu(layer.gate(m)) * layer.up(m))
        return self.lm_head(rms_norm(x, self.final_norm))

    def greedy(self, prompt, steps):
        """The `steps` tokens greedy decoding picks after `prompt`, recomputing the whole sequence each time."""
        ids = list(prompt)
        for _ in range(steps):
            logits = self(torch.tensor([ids]))
            ids.append(int(logits[0, -1].argmax()))
        return ids[len(prompt):]


class GraphWriter:
    """Collects nodes and initializers; initializers' bytes go straight to one external-data file."""

    def __init__(self, data_path):
        self.nodes, self.initializers, self.count = [], [], 0
        self.data_name = os.path.basename(data_path)
        self.data = open(data_path, "wb")

    def weight(self, name, array):
        array = np.ascontiguousarray(array, dtype=np.float32)
        tensor = TensorProto(name=name, data_type=TensorProto.FLOAT, dims=array.shape)
        tensor.data_location = TensorProto.EXTERNAL
        where = {"location": self.data_name, "offset": self.data.tell(), "length": array.nbytes}
        for key, value in where.items():
            tensor.external_data.add(key=key, value=str(value))
        self.data.write(array.tobytes())
        self.initializers.append(tensor)
        return name

    def constant(self, name, array):
        """Small constants (shapes, axes, scalars) stay inside the graph."""
        self.initializers.append(numpy_helper.from_array(np.asarray(array), name))
        return name

    def op(self, kind, inputs, out=None, **attrs):
        """Adds a node of one output; returns the output's name (`out`, or a fresh one)."""
        return self.op_outputs(kind, inputs, [out or f"{kind.lower()}_{self.count + 1}"], **attrs)[0]

    def op_outputs(self, kind, inputs, outs, **attrs):
        """Adds a node whose outputs have the given names."""
        self.count += 1
        self.nodes.append(helper.make_node(kind, inputs, outs, name=f"{kind.lower()}_{self.count}", **attrs))
        return outs


def linear_weight(linear):
    """nn.Linear keeps [out, in]; MatMul wants [in, out]."""
    return linear.weight.detach().numpy().T


def plain_norm(g, x, weight):
    # RMSNorm in standard operators, Pow → ReduceMean → Add → Sqrt → Div → Mul, the pattern ORT's
    # SimplifiedLayerNormFusion looks for (its log says it fused none of them for the WebGPU EP in 1.30).
    mean = g.op("ReduceMean", [g.op("Pow", [x, "two"])], axes=[-1], keepdims=1)
    return g.op("Mul", [g.op("Div", [x, g.op("Sqrt", [g.op("Add", [mean, "eps"])])]), weight])


def fused_norm(g, x, weight):
    # ORT's own operator, registered in the ONNX domain though ONNX has no such operator.
    return g.op("SimplifiedLayerNormalization", [x, weight], axis=-1, epsilon=EPS)


def plain_attention(g, q, k, v, i, where):
    """Rotary embedding, cache concatenation, masked softmax attention out of standard ONNX operators."""
    q, k, v = (g.op("Transpose", [g.op("Reshape", [t, "shape_heads"])], perm=[0, 2, 1, 3]) for t in (q, k, v))
    q, k = rope_nodes(g, q, where["cos"], where["sin"]), rope_nodes(g, k, where["cos"], where["sin"])
    keys = g.op("Concat", [f"past_key_values.{i}.key", k], out=f"present.{i}.key", axis=2)
    values = g.op("Concat", [f"past_key_values.{i}.value", v], out=f"present.{i}.value", axis=2)
    scores = g.op("MatMul", [q, g.op("Transpose", [keys], perm=[0, 1, 3, 2])])
    scores = g.op("Add", [g.op("Mul", [scores, "scale"]), where["mask"]])
    attended = g.op("MatMul", [g.op("Softmax", [scores], axis=-1), values])
    return g.op("Reshape", [g.op("Transpose", [attended], perm=[0, 2, 1, 3]), "shape_model"])


def fused_attention(g, q, k, v, i, where):
    """ORT's GroupQueryAttention with its rotary embedding: the attention transformers.js's exported LLMs use."""
    inputs = [q, k, v, f"past_key_values.{i}.key", f"past_key_values.{i}.value", where["seqlens_k"], where["total"],
              "rope_cos_half", "rope_sin_half"]
    outs = [f"attended_{i}", f"present.{i}.key", f"present.{i}.value"]
    heads = where["heads"]
    g.op_outputs("GroupQueryAttention", inputs, outs, domain="com.microsoft", num_heads=heads, kv_num_heads=heads,
                 do_rotary=1, rotary_interleaved=0, scale=1.0 / math.sqrt(HEAD_DIM))
    return outs[0]


def rope_nodes(g, x, cos, sin):
    first, second = g.op_outputs("Split", [x, "halves"], [f"{x}_first", f"{x}_second"], axis=-1)
    rotated = g.op("Concat", [g.op("Neg", [second]), first], axis=-1)
    return g.op("Add", [g.op("Mul", [x, cos]), g.op("Mul", [rotated, sin])])


def build_graph(model, g, fused):
    """The graph from standard operators, or (fused) with ORT's RMSNorm and attention operators."""
    heads, width = model.heads, model.width
    g.constant("two", np.float32(2.0))
    g.constant("eps", np.float32(EPS))
    g.constant("scale", np.float32(1.0 / math.sqrt(HEAD_DIM)))
    g.constant("masked", np.float32(-1e9))
    g.constant("zero_f", np.float32(0.0))
    g.constant("zero", np.int64(0))
    g.constant("one", np.int64(1))
    g.constant("axis0", np.array([0], dtype=np.int64))
    g.constant("axis1", np.array([1], dtype=np.int64))
    g.constant("halves", np.array([HEAD_DIM // 2, HEAD_DIM // 2], dtype=np.int64))
    g.constant("shape_model", np.array([1, -1, width], dtype=np.int64))
    g.constant("shape_heads", np.array([1, -1, heads, HEAD_DIM], dtype=np.int64))
    cos_table, sin_table = rope_tables(MAX_POSITIONS)

    # P, the cached length (past_key_values.0.key is [1, K, P, 64]), and P + T.
    past = g.op("Squeeze", [g.op("Shape", ["past_key_values.0.key"], start=2, end=3), "axis0"])
    new = g.op("Squeeze", [g.op("Shape", ["input_ids"], start=1, end=2), "axis0"])
    total = g.op("Add", [past, new])
    where = {"heads": heads}
    if fused:
        # GroupQueryAttention takes half-width tables, the length of each sequence less one, and P + T.
        g.weight("rope_cos_half", cos_table[:, : HEAD_DIM // 2].numpy())
        g.weight("rope_sin_half", sin_table[:, : HEAD_DIM // 2].numpy())
        where["total"] = g.op("Cast", [total], to=TensorProto.INT32)
        last = g.op("Cast", [g.op("Sub", [total, "one"])], to=TensorProto.INT32)
        where["seqlens_k"] = g.op("Unsqueeze", [last, "axis0"])
    else:
        positions = g.op("Range", [past, total, "one"])
        where["cos"] = g.op("Gather", [g.weight("rope_cos", cos_table.numpy()), positions])
        where["sin"] = g.op("Gather", [g.weight("rope_sin", sin_table.numpy()), positions])
        # Causal mask [T, P+T]: a query at position p sees keys at positions ≤ p.
        future = g.op("Less", [g.op("Unsqueeze", [positions, "axis1"]), g.op("Range", ["zero", total, "one"])])
        where["mask"] = g.op("Where", [future, "masked", "zero_f"])
    norm, attention = (fused_norm, fused_attention) if fused else (plain_norm, plain_attention)

    x = g.op("Gather", [g.weight("embed", model.embed.weight.detach().numpy()), "input_ids"])
    for i, layer in enumerate(model.layers):
        w = lambda name, array: g.weight(f"layers.{i}.{name}", array)  # noqa: E731
        a = norm(g, x, w("attn_norm", layer.attn_norm.detach().numpy()))
        q, k, v = (g.op("MatMul", [a, w(name, linear_weight(getattr(layer, name)))]) for name in ("q", "k", "v"))
        attended = attention(g, q, k, v, i, where)
        x = g.op("Add", [x, g.op("MatMul", [attended, w("o", linear_weight(layer.o))])])
        m = norm(g, x, w("mlp_norm", layer.mlp_norm.detach().numpy()))
        gate = g.op("MatMul", [m, w("gate", linear_weight(layer.gate))])
        up = g.op("MatMul", [m, w("up", linear_weight(layer.up))])
        swiglu = g.op("Mul", [g.op("Mul", [gate, g.op("Sigmoid", [gate])]), up])
        x = g.op("Add", [x, g.op("MatMul", [swiglu, w("down", linear_weight(layer.down))])])
    normed = norm(g, x, g.weight("final_norm", model.final_norm.detach().numpy()))
    g.op("MatMul", [normed, g.weight("lm_head", linear_weight(model.lm_head))], out="logits")

    def kv(name, length):
        return helper.make_tensor_value_info(name, TensorProto.FLOAT, [1, heads, length, HEAD_DIM])

    layers = range(len(model.layers))
    inputs = [helper.make_tensor_value_info("input_ids", TensorProto.INT64, [1, "sequence_length"])]
    inputs += [kv(f"past_key_values.{i}.{part}", "past_sequence_length") for i in layers for part in ("key", "value")]
    outputs = [helper.make_tensor_value_info("logits", TensorProto.FLOAT, [1, "sequence_length", VOCAB])]
    outputs += [kv(f"present.{i}.{part}", "total_sequence_length") for i in layers for part in ("key", "value")]
    graph = helper.make_graph(g.nodes, "synthetic_llama", inputs, outputs, g.initializers)
    opsets = [helper.make_opsetid("", OPSET)] + ([helper.make_opsetid("com.microsoft", 1)] if fused else [])
    # Unused small constants (the plain graph's mask values, say) would only draw warnings.
    used = {name for node in graph.node for name in node.input}
    kept = [t for t in graph.initializer if t.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    return helper.make_model(graph, opset_imports=opsets, producer_name="ort_export.py", ir_version=IR_VERSION)


# The two graphs written per shape: standard ONNX operators only, as torch.onnx.export writes a Llama, and one with
# ORT's fused RMSNorm and GroupQueryAttention, as the LLMs exported for transformers.js use.
VARIANTS = {"": False, "-fused": True}


def export(width, layers, out_dir, prompt):
    """Writes both graphs of one shape; returns their entries for ort-models.json."""
    name = f"llama-d{width}-l{layers}"
    model = ReferenceLlama(width, layers, seed=width * 100 + layers)
    # Every token a run picks: one from the prefill's logits, then one per decode step.
    references = {
        key: model.greedy(prompt[: p["promptTokens"]], 1 + p["untimedSteps"] + p["timedSteps"])
        for key, p in PROTOCOLS.items()
    }
    weight_bytes = sum(p.numel() * 4 for p in model.parameters())
    print(f"{name}: {weight_bytes / 1e6:.0f} MB of weights, reference tokens {references['full'][:6]}…", flush=True)
    entries = []
    for suffix, fused in VARIANTS.items():
        graph_path = os.path.join(out_dir, f"{name}{suffix}.onnx")
        writer = GraphWriter(graph_path + ".data")
        onnx.save_model(build_graph(model, writer, fused), graph_path)
        writer.data.close()
        if not fused:  # onnx's checker does not know ORT's operators
            onnx.checker.check_model(graph_path)
        entries.append({
            "name": name + suffix,
            "ops": "ORT fused (SimplifiedLayerNormalization, GroupQueryAttention)" if fused else "standard ONNX",
            "width": width,
            "layers": layers,
            "heads": model.heads,
            "kvHeads": model.heads,
            "headDim": HEAD_DIM,
            "mlpWidth": model.ffn,
            "weightBytes": weight_bytes,
            "graph": os.path.basename(graph_path),
            "data": os.path.basename(graph_path) + ".data",
            "referenceTokens": references,
        })
    return entries


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, help="folder for the .onnx graphs, their .data and ort-models.json")
    parser.add_argument("--tiny", action="store_true", help="one tiny model (D 64, L 2) for local tests")
    args = parser.parse_args()
    os.makedirs(args.out, exist_ok=True)
    # The prompt is byte ids from a fixed seed: the text does not matter for speed, only that both sides agree.
    prompt = torch.randint(0, VOCAB, (PROTOCOLS["full"]["promptTokens"],), generator=torch.Generator().manual_seed(0))
    prompt = prompt.tolist()
    models = [entry for w, l in (TINY_SHAPES if args.tiny else FULL_SHAPES) for entry in export(w, l, args.out, prompt)]
    manifest = {"opset": OPSET, "torch": torch.__version__, "onnx": onnx.__version__, "prompt": prompt,
                "protocols": PROTOCOLS, "models": models}
    with open(os.path.join(args.out, "ort-models.json"), "w") as f:
        json.dump(manifest, f, indent=1)


if __name__ == "__main__":
    main()
