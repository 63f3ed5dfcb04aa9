"""
The engine's synthetic Llama (engine/model/synthetic-configs.ts) as a plain PyTorch decode step for the native
baseline: byte vocabulary, RMSNorm, rotary positions (rotate-half), SwiGLU, untied head, one KV head per query head.
The query, key and value projections are one matrix, as are gate and up, so a step launches few kernels. The KV cache
is a static tensor and each step attends over the positions written so far, so a step can be captured as a CUDA
graph. Weights are random: a step's time does not depend on their values. With `int4_group`, the projections' and the
MLP's weights are int4 codes with a bf16 scale and zero per group of that many input features, multiplied by
PyTorch's int4 kernel (torch._weight_int4pack_mm, CUDA, bf16 activations), as gpt-fast and torchao run int4 weights.
"""

import math
from dataclasses import dataclass

import torch

VOCAB = 256
HEAD_DIM = 64
EPS = 1e-5
THETA = 10000.0


def mlp_width(width: int) -> int:
    """F as syntheticConfig sets it: 8/3 of D rounded up to a multiple of 32."""
    return math.ceil(width * 8 / 3 / 32) * 32


@dataclass(frozen=True)
class Shape:
    width: int
    layers: int
    mlp_width: int
    heads: int

    @staticmethod
    def llama_proportions(width: int, layers: int) -> "Shape":
        """As syntheticConfig: heads of 64, and its MLP width."""
        return Shape(width, layers, mlp_width(width), max(1, width // HEAD_DIM))

    @property
    def head_dim(self) -> int:
        return self.width // self.heads


def step_bytes(shape: Shape, dtype: torch.dtype, batch: int, context: int) -> int:
    """Bytes a decode step must move: every weight once (the embedding only its rows), each sequence's cached keys and
    values read over `context` positions and one position written."""
    D, F, L = shape.width, shape.mlp_width, shape.layers
    weights = L * (4 * D * D + 3 * D * F + 2 * D) + D + VOCAB * D + batch * D
    kv = 2 * L * batch * D * (context + 1)
    return (weights + kv) * torch.finfo(dtype).bits // 8


class Int4Linear:
    """A weight (rows, columns) as int4 codes in PyTorch's packed layout and a bf16 (scale, zero) per group and row."""

    def __init__(self, rows: int, columns: int, group: int, device: torch.device):
        codes = torch.randint(0, 256, (rows, columns // 2), device=device, dtype=torch.uint8)
        self.packed = torch._convert_weight_to_int4pack(codes, 8)
        self.scales = torch.rand(columns // group, rows, 2, device=device, dtype=torch.bfloat16) * 0.01
        self.group = group
        self.nbytes = rows * columns // 2 + self.scales.numel() * self.scales.element_size()

    def __call__(self, x: torch.Tensor) -> torch.Tensor:
        return torch._weight_int4pack_mm(x, self.packed, self.group, self.scales)


def linear(x: torch.Tensor, weight) -> torch.Tensor:
    """x · weightᵀ, the weight dense or Int4Linear."""
    return weight(x) if isinstance(weight, Int4Linear) else x @ weight.T


def rms_norm(x: torch.Tensor, gain: torch.Tensor) -> torch.Tensor:
    y = x.float()
    return (y * torch.rsqrt(y.pow(2).mean(-1, keepdim=True) + EPS)).to(x.dtype) * gain


def rope_tables(positions: int, head_dim: int = HEAD_DIM) -> tuple[torch.Tensor, torch.Tensor]:
    """cos and sin (positions, head_dim) in f32, computed in f64, each half repeated for the rotate-half convention."""
    frequencies = 1.0 / THETA ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim)
    angles = torch.outer(torch.arange(positions, dtype=torch.float64), frequencies)
    angles = torch.cat((angles, angles), dim=-1)
    return angles.cos().float(), angles.sin().float()


def rotate(x: torch.Tensor, cos: torch.Tensor, sin: torch.Tensor) -> torch.Tensor:
    """Rotary positions in the rotate-half convention (Hugging Face's Llama)."""
    first, second = x.chunk(2, dim=-1)
    return x * cos + torch.cat((-second, first), dim=-1) * sin


class SyntheticLlama:
    def __init__(self, shape: Shape, dtype: torch.dtype, max_batch: int, positions: int, device: torch.device,
                 int4_group: int | None = None):
        D, F, L, N, H = shape.width, shape.mlp_width, shape.layers, shape.heads, shape.head_dim
        self.shape = shape

        def weight(*size: int) -> torch.Tensor:
            return (torch.randn(*size, device=device) * 0.02).to(dtype)

        def projection(rows: int, columns: int):
            return Int4Linear(rows, columns, int4_group, device) if int4_group else weight(rows, columns)

        self.embed = weight(VOCAB, D)
        self.layers = [{
            "attn_norm": torch.ones(D, device=device, dtype=dtype),
            "qkv": projection(3 * N * H, D),
            "out": projection(D, N * H),
            "mlp_norm": torch.ones(D, device=device, dtype=dtype),
            "gate_up": projection(2 * F, D),
            "down": projection(D, F),
        } for _ in range(L)]
        self.final_norm = torch.ones(D, device=device, dtype=dtype)
        self.head = weight(VOCAB, D)
        cos, sin = rope_tables(positions, H)
        self.cos, self.sin = cos.to(device, dtype), sin.to(device, dtype)
        self.keys = torch.zeros(L, max_batch, N, positions, H, device=device, dtype=dtype)
        self.values = torch.zeros_like(self.keys)

    def weight_bytes(self) -> int:
        tensors = [self.embed, self.final_norm, self.head] + [t for layer in self.layers for t in layer.values()]
        return sum(t.nbytes if isinstance(t, Int4Linear) else t.numel() * t.element_size() for t in tensors)

    def prefill(self, context: int) -> None:
        """Fill the first `context` cached positions of every sequence (their values do not change a step's time)."""
        self.keys[:, :, :, :context].normal_()
        self.values[:, :, :, :context].normal_()

    def step(self, tokens: torch.Tensor, position: int) -> torch.Tensor:
        """One decode step of `tokens` (B), every sequence at `position`: the logits (B, VOCAB)."""
        B, N, H = tokens.shape[0], self.shape.heads, self.shape.head_dim
        cos, sin = self.cos[position], self.sin[position]
        x = self.embed[tokens]
        for l, layer in enumerate(self.layers):
            q, k, v = linear(rms_norm(x, layer["attn_norm"]), layer["qkv"]).view(B, 3, N, H).unbind(1)
            self.keys[l, :B, :, position] = rotate(k, cos, sin)
            self.values[l, :B, :, position] = v
            keys = self.keys[l, :B, :, : position + 1]
            scores = (rotate(q, cos, sin).unsqueeze(2) @ keys.transpose(-1, -2)).float() / math.sqrt(H)
            attended = torch.softmax(scores, dim=-1).to(x.dtype) @ self.values[l, :B, :, : position + 1]
            x = x + linear(attended.reshape(B, N * H), layer["out"])
            gate, up = linear(rms_norm(x, layer["mlp_norm"]), layer["gate_up"]).chunk(2, dim=-1)
            x = x + linear(torch.nn.functional.silu(gate) * up, layer["down"])
        return rms_norm(x, self.final_norm) @ self.head.T
