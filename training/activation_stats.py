"""
What AWQ calibrates on, in numpy: the inputs of each layer's linear layers over some calibration tokens, as
engine/quant/activation-stats.ts records them. Three sites per layer, one per group of linear layers sharing an
input: the attention norm's output (q, k, v read it), the MLP norm's output (gate, up) and SwiGLU's output (down).

A Recorder keeps, per site, the mean |x| per channel over every token it saw (summed in float64, token by token,
divided by the count and rounded to float32, as the engine's ActivationRecorder) and the first max_rows rows
themselves. calibration_forward is the shipped Llama's forward over one sequence in float32 storage with float64
sums (each dot product, norm and softmax accumulated in float64 and rounded to float32 once, as the engine's CPU
ops do), recording at each site; its logits are the engine's up to float32 rounding, not to the bit (numpy sums in
another order, and the engine's attention rounds its running output to float32 at every key).

Not an attention implementation for anything but calibration: one sequence, causal, no cache, no sliding window.
Weights are a flat dict under Hugging Face's Llama tensor names (model.layers.{l}.self_attn.q_proj.weight, ...),
float32, as quantize_fixtures.read_safetensors returns them.
"""

import json
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from quantize_fixtures import read_safetensors

SITES = ("attn_input", "mlp_input", "down_input")  # activation-stats.ts INPUT_SITES: attnInput, mlpInput, downInput


@dataclass(frozen=True)
class Config:
    """The fields of a Llama config.json the forward reads; dimension names as the engine's."""

    D: int  # hidden_size
    F: int  # intermediate_size
    L: int  # num_hidden_layers
    N: int  # num_attention_heads
    K: int  # num_key_value_heads
    H: int  # head_dim
    V: int  # vocab_size
    S: int  # max_position_embeddings
    eps: float
    theta: float

    @staticmethod
    def of(config: dict) -> "Config":
        return Config(config["hidden_size"], config["intermediate_size"], config["num_hidden_layers"],
                      config["num_attention_heads"], config["num_key_value_heads"], config["head_dim"],
                      config["vocab_size"], config["max_position_embeddings"], config["rms_norm_eps"],
                      config["rope_theta"])

    def width(self, site: str) -> int:
        return self.F if site == "down_input" else self.D


def read_model(folder: Path) -> tuple[Config, dict[str, np.ndarray]]:
    """An exported model folder's config and every tensor of its model.safetensors as float32."""
    config = json.loads((folder / "config.json").read_text())
    path = folder / "model.safetensors"
    raw = path.read_bytes()
    names = [name for name in json.loads(raw[8:8 + int.from_bytes(raw[:8], "little")]) if name != "__metadata__"]
    return Config.of(config), read_safetensors(path, names)


def layer_key(layer: int, name: str) -> str:
    """model.layers.{layer}.{name}.weight, for name "self_attn.q_proj", "input_layernorm", ..."""
    return f"model.layers.{layer}.{name}.weight"


@dataclass
class Calibration:
    """Per layer and site: mean |x| per channel (float32, (D) or (F)) over every recorded token, and the first T
    rows (float32, (T, D) or (T, F))."""

    stats: list[dict[str, np.ndarray]]
    rows: list[dict[str, np.ndarray]]
    T: int


class Recorder:
    """activation-stats.ts's ActivationRecorder."""

    def __init__(self, config: Config, max_rows: int = 32):
        self.max_rows = max_rows
        self.sums = [{site: np.zeros(config.width(site), dtype=np.float64) for site in SITES} for _ in range(config.L)]
        self.rows = [{site: [] for site in SITES} for _ in range(config.L)]
        self.tokens = [{site: 0 for site in SITES} for _ in range(config.L)]

    def record(self, layer: int, site: str, x: np.ndarray) -> None:
        """Add the rows x (T, width) float32 of site in layer."""
        total = self.sums[layer][site]
        if x.ndim != 2 or x.shape[1] != total.size:
            raise ValueError(f"{site} rows must be (T, {total.size}), not {x.shape}")
        for row in np.abs(x).astype(np.float64):  # token by token, as the engine adds them
            total += row
        kept = self.rows[layer][site]
        kept.extend(x[:max(0, self.max_rows - len(kept))].astype(np.float32))
        self.tokens[layer][site] += x.shape[0]

    def calibration(self) -> Calibration:
        n = self.tokens[0]["attn_input"]
        if n == 0:
            raise ValueError("no calibration tokens were recorded")
        if any(counts[site] != n for counts in self.tokens for site in SITES):
            raise ValueError("the sites were recorded over different numbers of tokens")
        stats = [{site: (sums[site] / n).astype(np.float32) for site in SITES} for sums in self.sums]
        rows = [{site: np.asarray(kept[site], dtype=np.float32) for site in SITES} for kept in self.rows]
        return Calibration(stats, rows, min(n, self.max_rows))


def _linear(x: np.ndarray, weight: np.ndarray) -> np.ndarray:
    """x (T, I) @ weight (O, I).T summed in float64, rounded to float32: (T, O)."""
    return (x.astype(np.float64) @ weight.astype(np.float64).T).astype(np.float32)


def _rmsnorm(x: np.ndarray, gain: np.ndarray, eps: float) -> np.ndarray:
    x64 = x.astype(np.float64)
    scale = 1 / np.sqrt((x64 * x64).sum(axis=1, keepdims=True) / x.shape[1] + eps)
    return (x64 * scale * gain.astype(np.float64)).astype(np.float32)


def _rope_tables(T: int, H: int, theta: float) -> tuple[np.ndarray, np.ndarray]:
    """cos and sin (T, H/2) of pos * theta^(-2i/H), the frequency rounded to float32 and the angle taken in float32,
    the cosine in float64 (cpu/rope.ts ropeTables)."""
    inv_freq = (float(theta) ** -(2 * np.arange(H // 2, dtype=np.float64) / H)).astype(np.float32)
    angle = (np.arange(T, dtype=np.float32)[:, None] * inv_freq[None, :]).astype(np.float64)
    return np.cos(angle).astype(np.float32), np.sin(angle).astype(np.float32)


def _rope(x: np.ndarray, cos: np.ndarray, sin: np.ndarray, heads: int, H: int) -> np.ndarray:
    """Hugging Face's rotate_half on x (T, heads*H): dimension i pairs with i + H/2."""
    T = x.shape[0]
    x = x.reshape(T, heads, H).astype(np.float64)
    x1, x2 = x[..., :H // 2], x[..., H // 2:]
    c, s = cos[:, None, :].astype(np.float64), sin[:, None, :].astype(np.float64)
    return np.concatenate([x1 * c - x2 * s, x2 * c + x1 * s], axis=-1).astype(np.float32).reshape(T, heads * H)


def _attention(q: np.ndarray, k: np.ndarray, v: np.ndarray, c: Config) -> np.ndarray:
    """Causal grouped-query attention over one sequence: q (T, N*H), k and v (T, K*H) to (T, N*H)."""
    T = q.shape[0]
    q = q.reshape(T, c.N, c.H).transpose(1, 0, 2).astype(np.float64)  # (N, T, H)
    kv_head = np.arange(c.N) // (c.N // c.K)
    k = k.reshape(T, c.K, c.H).transpose(1, 0, 2).astype(np.float64)[kv_head]  # (N, T, H)
    v = v.reshape(T, c.K, c.H).transpose(1, 0, 2).astype(np.float64)[kv_head]
    scores = (q @ k.transpose(0, 2, 1) * (1 / np.sqrt(c.H))).astype(np.float32).astype(np.float64)  # (N, T, T)
    scores[:, np.triu(np.ones((T, T), dtype=bool), 1)] = -np.inf
    p = np.exp(scores - scores.max(axis=2, keepdims=True)).astype(np.float32).astype(np.float64)
    out = (p / p.sum(axis=2, keepdims=True)) @ v  # (N, T, H)
    return out.transpose(1, 0, 2).reshape(T, c.N * c.H).astype(np.float32)


def calibration_forward(c: Config, weights: dict[str, np.ndarray], ids: np.ndarray,
                        recorder: Recorder | None = None) -> np.ndarray:
    """The model's logits (T, V) over ids (T), positions 0 ... T-1, recording each linear layer's input."""
    T = len(ids)
    if T > c.S:
        raise ValueError(f"{T} tokens are more than the model's {c.S} positions")
    cos, sin = _rope_tables(T, c.H, c.theta)
    x = weights["model.embed_tokens.weight"][np.asarray(ids)].astype(np.float32)  # (T, D) residual stream
    for l in range(c.L):
        w = lambda name: weights[layer_key(l, name)]  # noqa: E731
        h = _rmsnorm(x, w("input_layernorm"), c.eps)
        if recorder:
            recorder.record(l, "attn_input", h)
        q = _rope(_linear(h, w("self_attn.q_proj")), cos, sin, c.N, c.H)
        k = _rope(_linear(h, w("self_attn.k_proj")), cos, sin, c.K, c.H)
        v = _linear(h, w("self_attn.v_proj"))
        x = (x + _linear(_attention(q, k, v, c), w("self_attn.o_proj"))).astype(np.float32)
        h = _rmsnorm(x, w("post_attention_layernorm"), c.eps)
        if recorder:
            recorder.record(l, "mlp_input", h)
        gate = _linear(h, w("mlp.gate_proj")).astype(np.float64)
        act = (gate / (1 + np.exp(-gate)) * _linear(h, w("mlp.up_proj"))).astype(np.float32)  # SwiGLU, (T, F)
        if recorder:
            recorder.record(l, "down_input", act)
        x = (x + _linear(act, w("mlp.down_proj"))).astype(np.float32)
    x = _rmsnorm(x, weights["model.norm.weight"], c.eps)
    head = weights.get("lm_head.weight", weights["model.embed_tokens.weight"])
    return _linear(x, head)
