"""
Tiny Hugging Face checkpoints in the layouts people ship, written by transformers itself, with the logits PyTorch
computes from each: the fixtures of the engine's "bring your own model" loader (issue 21). Nothing is trained and
nothing is downloaded; the weights are random (seeded) and scaled so the logits vary, which a parity test needs.

    python3 training/checkpoints.py --out training/fixtures/checkpoints

writes `<out>/<layout>/` (config.json, one or several safetensors files, tokenizer.json: the shipped models' own)
for each layout below, `<out>/<layout>.logits.json` (a validation prompt's ids and the float32 logits at every
position, from the folder reloaded with `AutoModelForCausalLM.from_pretrained`, eager attention, on the CPU), and
`<out>/refused/<family>.json`: config.json files of model families the engine refuses, as transformers writes them.
"""

import os

os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever fetched; set before transformers is imported

import argparse
import base64
import inspect
import json
import shutil
from pathlib import Path

import numpy as np
import torch
import transformers
from transformers import (AutoModelForCausalLM, LlamaConfig, LlamaForCausalLM, MistralConfig, MistralForCausalLM,
                          Qwen2Config, Qwen2ForCausalLM)

REPO = Path(__file__).resolve().parent.parent
TOKENIZER = REPO / "public/models/prose-draft/tokenizer.json"
VALIDATION_IDS = REPO / "training/fixtures/validation-ids.json"
PROMPT_TOKENS = 40

# Every layout shares these sizes: small enough to commit, wide enough to have grouped heads.
SHAPE = dict(vocab_size=2048, hidden_size=64, intermediate_size=176, num_hidden_layers=2, num_attention_heads=4,
             head_dim=16, rms_norm_eps=1e-5, max_position_embeddings=512)

def rope(theta: float, **scaling) -> dict:
    """RoPE settings in the keyword arguments this transformers takes: `rope_parameters` from version 5, `rope_theta`
    and `rope_scaling` before it (which is also what most checkpoints on the Hub carry)."""
    if "rope_parameters" in inspect.signature(LlamaConfig.__init__).parameters:
        return {"rope_parameters": {"rope_theta": theta, "rope_type": "default", **scaling}}
    return {"rope_theta": theta, "rope_scaling": scaling or None}


LAYOUTS = {
    # Llama 3's frequency-dependent RoPE scaling (Llama 3.1 onwards), bf16, tied embeddings as Llama 3.2 1B.
    "llama3-scaled": dict(
        model=LlamaForCausalLM, dtype=torch.bfloat16, shard=None,
        config=LlamaConfig(**SHAPE, num_key_value_heads=2, tie_word_embeddings=True,
                           **rope(500000.0, rope_type="llama3", factor=8.0, low_freq_factor=1.0,
                                  high_freq_factor=4.0, original_max_position_embeddings=64))),
    # Qwen2: biases on the query, key and value projections.
    "qwen2-bias": dict(
        model=Qwen2ForCausalLM, dtype=torch.bfloat16, shard=None,
        config=Qwen2Config(**SHAPE, num_key_value_heads=2, tie_word_embeddings=True,
                           use_sliding_window=False, **rope(1000000.0))),
    # Llama 2's layout: f16, untied output head, multi-head attention, saved in several shards with an index.
    "llama2-sharded": dict(
        model=LlamaForCausalLM, dtype=torch.float16, shard="150KB",
        config=LlamaConfig(**SHAPE, num_key_value_heads=4, tie_word_embeddings=False)),
    # Mistral: sliding-window attention shorter than the prompt, float32 weights.
    "mistral-window": dict(
        model=MistralForCausalLM, dtype=torch.float32, shard=None,
        config=MistralConfig(**SHAPE, num_key_value_heads=1, tie_word_embeddings=False, sliding_window=8)),
}


def refused_configs() -> dict:
    """Families the engine does not run, each config as transformers writes it (tiny sizes)."""
    from transformers import GemmaConfig, MixtralConfig, Qwen3Config
    tiny = dict(vocab_size=2048, hidden_size=64, intermediate_size=176, num_hidden_layers=2,
                num_attention_heads=4, num_key_value_heads=2, head_dim=16)
    return {
        "mixtral-experts": MixtralConfig(**tiny, num_local_experts=4, num_experts_per_tok=2),
        "qwen3-qk-norm": Qwen3Config(**tiny),
        "gemma-gelu": GemmaConfig(**tiny),
        "llama-yarn": LlamaConfig(**tiny, **rope(10000.0, rope_type="yarn", factor=4.0,
                                                   original_max_position_embeddings=64)),
        "llama-mlp-bias": LlamaConfig(**tiny, mlp_bias=True),
        "qwen2-window": Qwen2Config(**tiny, use_sliding_window=True, sliding_window=8, max_window_layers=1),
    }


def float32_base64(array: np.ndarray) -> str:
    return base64.b64encode(np.ascontiguousarray(array, dtype="<f4").tobytes()).decode("ascii")


@torch.no_grad()
def randomise(model: torch.nn.Module, seed: int) -> None:
    """Seeded weights whose logits vary: matrices N(0, 1/fan-in), norm gains in [0.5, 1.5], biases N(0, 0.5)."""
    generator = torch.Generator().manual_seed(seed)
    for name, parameter in model.named_parameters():
        if parameter.dim() == 2:
            std = 1.0 if "embed_tokens" in name else parameter.shape[1] ** -0.5
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * std)
        elif name.endswith("bias"):
            parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.5)
        else:
            parameter.copy_(0.5 + torch.rand(parameter.shape, generator=generator))


@torch.no_grad()
def write_layout(name: str, layout: dict, out: Path, ids: list[int], seed: int) -> dict:
    folder = out / name
    shutil.rmtree(folder, ignore_errors=True)
    torch.manual_seed(seed)
    model = layout["model"](layout["config"]).eval()
    randomise(model, seed)
    model = model.to(layout["dtype"])
    options = {} if layout["shard"] is None else {"max_shard_size": layout["shard"]}
    model.save_pretrained(folder, **options)
    shutil.copy(TOKENIZER, folder / "tokenizer.json")
    reloaded = AutoModelForCausalLM.from_pretrained(folder, dtype=torch.float32, attn_implementation="eager",
                                                    local_files_only=True).eval()
    logits = reloaded(input_ids=torch.tensor([ids])).logits[0].float().numpy()
    files = sorted(p.name for p in folder.iterdir())
    (out / f"{name}.logits.json").write_text(json.dumps({
        "model": name,
        "ids": ids,
        "logits": float32_base64(logits),
        "shape": list(logits.shape),
        "files": files,
        "computed": (f"PyTorch {torch.__version__} float32 on the CPU, eager attention, from the folder reloaded by "
                     f"transformers {transformers.__version__} AutoModelForCausalLM.from_pretrained"),
        "seed": seed,
    }) + "\n")
    return {"files": files, "logits_std": float(logits.std())}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, default=REPO / "training/fixtures/checkpoints")
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    ids = json.loads(VALIDATION_IDS.read_text())["ids"][:PROMPT_TOKENS]
    for index, (name, layout) in enumerate(LAYOUTS.items()):
        print(name, write_layout(name, layout, args.out, ids, args.seed + index), flush=True)
    refused = args.out / "refused"
    refused.mkdir(exist_ok=True)
    for name, config in refused_configs().items():
        (refused / f"{name}.json").write_text(config.to_json_string())
        print("refused", name, flush=True)


if __name__ == "__main__":
    main()
