"""
Writes a model folder the engine (and transformers) can load: config.json, model.safetensors in float16 under
Hugging Face's Llama tensor names, and tokenizer.json; and reads one back as a float32 model.

The checkpoint is written with safetensors directly rather than save_pretrained, so its tensor names and
config.json fields do not depend on the transformers version (v5 writes rope_parameters instead of rope_theta,
and may add or rename keys). The tied lm_head is not stored, and neither is any buffer (rotary inv_freq).
"""

import json
import shutil
import struct
from pathlib import Path

import torch
from safetensors.torch import load_file, save_file

from configs import CONTEXT, RMS_NORM_EPS, ROPE_THETA, Architecture
from models import build, tensor_shapes


def config_json(arch: Architecture, vocab_size: int) -> dict:
    """config.json in Hugging Face's Llama field names, with every field the engine reads spelled out."""
    return {
        "architectures": ["LlamaForCausalLM"],
        "model_type": "llama",
        "vocab_size": vocab_size,
        "hidden_size": arch.hidden_size,
        "intermediate_size": arch.intermediate_size,
        "num_hidden_layers": arch.num_hidden_layers,
        "num_attention_heads": arch.num_attention_heads,
        "num_key_value_heads": arch.num_key_value_heads,
        "head_dim": arch.head_dim,
        "hidden_act": "silu",
        "max_position_embeddings": CONTEXT,
        "rms_norm_eps": RMS_NORM_EPS,
        "rope_theta": ROPE_THETA,
        "rope_scaling": None,
        "tie_word_embeddings": True,
        "attention_bias": False,
        "mlp_bias": False,
        "attention_dropout": 0.0,
        "initializer_range": 0.02,
        "torch_dtype": "float16",
    }


def safetensors_header(path: Path) -> dict:
    """The tensor entries of a safetensors file, read as the engine reads them: an 8-byte little-endian header
    length, then a JSON header; the optional __metadata__ entry left out."""
    with path.open("rb") as f:
        (length,) = struct.unpack("<Q", f.read(8))
        header = json.loads(f.read(length))
    header.pop("__metadata__", None)
    return header


def export(model, arch: Architecture, vocab_size: int, tokenizer_path: Path, folder: Path) -> dict:
    """Writes the folder; returns {file name: bytes}. Raises if the written tensors are not exactly the
    expected names, shapes and dtype."""
    folder.mkdir(parents=True, exist_ok=True)
    shapes = tensor_shapes(arch, vocab_size)
    state = model.state_dict()
    dropped = set(state) - set(shapes)
    if dropped - {"lm_head.weight"}:
        raise RuntimeError(f"unexpected tensors in the state dict: {sorted(dropped)}")
    tensors = {name: state[name].detach().to("cpu", torch.float16).contiguous() for name in shapes}
    overflowed = [name for name, t in tensors.items() if not torch.isfinite(t).all()]
    if overflowed:
        raise RuntimeError(f"float16 cannot hold {overflowed}")
    save_file(tensors, str(folder / "model.safetensors"), metadata={"format": "pt"})
    (folder / "config.json").write_text(json.dumps(config_json(arch, vocab_size), indent=2) + "\n")
    shutil.copyfile(tokenizer_path, folder / "tokenizer.json")

    written = safetensors_header(folder / "model.safetensors")
    if set(written) != set(shapes):
        raise RuntimeError(f"written tensors differ: {sorted(set(written) ^ set(shapes))}")
    for name, entry in written.items():
        if tuple(entry["shape"]) != shapes[name] or entry["dtype"] != "F16":
            raise RuntimeError(f"{name}: written as {entry['dtype']} {entry['shape']}")
    return {p.name: p.stat().st_size for p in sorted(folder.iterdir())}


def reload(arch: Architecture, vocab_size: int, folder: Path, device: torch.device) -> torch.nn.Module:
    """The exported float16 weights in a float32 model with eager attention: what every reported number and
    every parity fixture is computed from."""
    model = build(arch, vocab_size, attention="eager")
    tensors = {name: t.float() for name, t in load_file(str(folder / "model.safetensors")).items()}
    missing, unexpected = model.load_state_dict(tensors, strict=False)
    if unexpected or set(missing) - {"lm_head.weight"}:
        raise RuntimeError(f"reload: missing {missing}, unexpected {unexpected}")
    if model.lm_head.weight.data_ptr() != model.model.embed_tokens.weight.data_ptr():
        raise RuntimeError("reload untied lm_head from embed_tokens")
    return model.to(device).eval()
