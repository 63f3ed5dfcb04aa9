"""
Builds Hugging Face LlamaForCausalLM models from an Architecture, and checks that what transformers built is the
architecture the engine computes: tied embeddings, no biases, the expected tensor names and shapes, and plain
rotary frequencies inv_freq = 1 / theta^(arange(0, H, 2) / H) with no scaling.
"""

import contextlib
import random

import numpy as np
import torch
from transformers import LlamaConfig, LlamaForCausalLM

from configs import CONTEXT, RMS_NORM_EPS, ROPE_THETA, Architecture


def seed_everything(seed: int) -> None:
    """Seeds Python, NumPy and PyTorch (every CUDA device too)."""
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)


def autocast(device: torch.device, mixed: bool):
    """bf16 autocast on CUDA when mixed is asked for; plain float32 otherwise (and always on the CPU)."""
    if mixed and device.type == "cuda":
        return torch.autocast(device_type="cuda", dtype=torch.bfloat16)
    return contextlib.nullcontext()


def hf_config(arch: Architecture, vocab_size: int, attention: str) -> LlamaConfig:
    """A LlamaConfig for arch. rope_theta is left at its default, 10000 in every transformers version (v5 moved
    it into rope_parameters); build() checks the resulting frequencies instead of trusting a keyword."""
    return LlamaConfig(
        vocab_size=vocab_size,
        hidden_size=arch.hidden_size,
        intermediate_size=arch.intermediate_size,
        num_hidden_layers=arch.num_hidden_layers,
        num_attention_heads=arch.num_attention_heads,
        num_key_value_heads=arch.num_key_value_heads,
        head_dim=arch.head_dim,
        max_position_embeddings=CONTEXT,
        rms_norm_eps=RMS_NORM_EPS,
        hidden_act="silu",
        tie_word_embeddings=True,
        attention_bias=False,
        mlp_bias=False,
        attention_dropout=0.0,
        use_cache=False,
        attn_implementation=attention,
    )


def tensor_shapes(arch: Architecture, vocab_size: int) -> dict[str, tuple[int, ...]]:
    """Every tensor of the exported checkpoint, under Hugging Face's names (the engine's tensorSpecs)."""
    D, F, N, K, H = (arch.hidden_size, arch.intermediate_size, arch.num_attention_heads,
                     arch.num_key_value_heads, arch.head_dim)
    shapes = {"model.embed_tokens.weight": (vocab_size, D)}
    for layer in range(arch.num_hidden_layers):
        p = f"model.layers.{layer}."
        shapes.update({
            p + "input_layernorm.weight": (D,),
            p + "self_attn.q_proj.weight": (N * H, D),
            p + "self_attn.k_proj.weight": (K * H, D),
            p + "self_attn.v_proj.weight": (K * H, D),
            p + "self_attn.o_proj.weight": (D, N * H),
            p + "post_attention_layernorm.weight": (D,),
            p + "mlp.gate_proj.weight": (F, D),
            p + "mlp.up_proj.weight": (F, D),
            p + "mlp.down_proj.weight": (D, F),
        })
    shapes["model.norm.weight"] = (D,)
    return shapes


def parameter_count(arch: Architecture, vocab_size: int) -> int:
    """Elements in the checkpoint: the tied head is the embedding, counted once."""
    return sum(int(np.prod(shape)) for shape in tensor_shapes(arch, vocab_size).values())


def rotary_frequencies(head_dim: int) -> torch.Tensor:
    """inv_freq as the engine computes it: 1 / theta^(2i / H) for i < H/2."""
    return 1.0 / (ROPE_THETA ** (torch.arange(0, head_dim, 2, dtype=torch.float64) / head_dim))


def check_model(model: LlamaForCausalLM, arch: Architecture, vocab_size: int, attention: str) -> None:
    """Raises if transformers built something other than the architecture the engine reproduces."""
    if model.lm_head.weight.data_ptr() != model.model.embed_tokens.weight.data_ptr():
        raise RuntimeError("lm_head is not tied to embed_tokens")
    if any(name.endswith(".bias") for name, _ in model.named_parameters()):
        raise RuntimeError("the model has bias parameters")
    params = dict(model.named_parameters())
    expected = tensor_shapes(arch, vocab_size)
    if set(params) != set(expected):
        raise RuntimeError(f"parameter names differ: {sorted(set(params) ^ set(expected))}")
    for name, shape in expected.items():
        if tuple(params[name].shape) != shape:
            raise RuntimeError(f"{name}: shape {tuple(params[name].shape)}, expected {shape}")
    inv_freq = model.model.rotary_emb.inv_freq.double().cpu()
    if not torch.allclose(inv_freq, rotary_frequencies(arch.head_dim), rtol=1e-6, atol=0):
        raise RuntimeError("rotary inv_freq is not 1/theta^(2i/H) with theta = 10000")
    if getattr(model.model.rotary_emb, "attention_scaling", 1.0) != 1.0:
        raise RuntimeError("rotary embeddings carry an attention scaling")
    if model.config._attn_implementation != attention:
        raise RuntimeError(f"attention is {model.config._attn_implementation!r}, asked for {attention!r}")


def build(arch: Architecture, vocab_size: int, attention: str = "sdpa") -> LlamaForCausalLM:
    """A freshly initialised float32 model (transformers' normal(0, 0.02) init, drawn from torch's global RNG)."""
    model = LlamaForCausalLM(hf_config(arch, vocab_size, attention))
    check_model(model, arch, vocab_size, attention)
    return model
