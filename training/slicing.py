"""
Structured pruning by slicing: a trained Llama cut down to a smaller Architecture by keeping the most important
embedding channels, attention heads (whole key/value groups, so grouped-query attention stays consistent), MLP
neurons or layers. The result is an ordinary, smaller model: fewer parameters, fewer bytes, fewer operations.
"""

import torch

from configs import Architecture
from importance import Importance
from models import build


def top(scores: torch.Tensor, k: int) -> torch.Tensor:
    """Indices of the k largest scores, in ascending index order (so kept parts stay in their original order)."""
    return scores.topk(k).indices.sort().values


def kept_heads(scores: torch.Tensor, groups: int, keep_groups: int, keep_heads: int) -> tuple[list[int], list[int]]:
    """(query heads, key/value groups) to keep in one layer: the keep_groups groups whose query heads score most
    in total, and in each the keep_heads // keep_groups best of its query heads. Query head h reads group
    h // (N / K), so heads kept group by group keep that mapping in the smaller model."""
    per_group = len(scores) // groups
    by_group = scores.view(groups, per_group)
    kept_groups = top(by_group.sum(dim=1), keep_groups).tolist()
    heads = []
    for g in kept_groups:
        heads += [g * per_group + h for h in top(by_group[g], keep_heads // keep_groups).tolist()]
    return heads, kept_groups


def rows_of(indices: list[int], size: int) -> torch.Tensor:
    """The rows of a (count·size, ·) projection that belong to the given heads or groups."""
    return torch.cat([torch.arange(i * size, (i + 1) * size) for i in indices])


def width_pruned(model, arch: Architecture, vocab_size: int, scores: Importance, keep: Architecture):
    """model (of shape arch) cut to keep's hidden size, heads, groups and intermediate size, layer count unchanged."""
    if keep.head_dim != arch.head_dim or keep.num_hidden_layers != arch.num_hidden_layers:
        raise ValueError("width pruning keeps the head dimension and the layers")
    H = arch.head_dim
    channels = top(scores.channels, keep.hidden_size)
    source = model.state_dict()
    state = {"model.embed_tokens.weight": source["model.embed_tokens.weight"][:, channels],
             "model.norm.weight": source["model.norm.weight"][channels]}
    for layer in range(arch.num_hidden_layers):
        p = f"model.layers.{layer}."
        heads, groups = kept_heads(scores.heads[layer], arch.num_key_value_heads, keep.num_key_value_heads,
                                   keep.num_attention_heads)
        q_rows, kv_rows = rows_of(heads, H), rows_of(groups, H)
        neurons = top(scores.neurons[layer], keep.intermediate_size)
        state |= {
            p + "self_attn.q_proj.weight": source[p + "self_attn.q_proj.weight"][q_rows][:, channels],
            p + "self_attn.k_proj.weight": source[p + "self_attn.k_proj.weight"][kv_rows][:, channels],
            p + "self_attn.v_proj.weight": source[p + "self_attn.v_proj.weight"][kv_rows][:, channels],
            p + "self_attn.o_proj.weight": source[p + "self_attn.o_proj.weight"][channels][:, q_rows],
            p + "mlp.gate_proj.weight": source[p + "mlp.gate_proj.weight"][neurons][:, channels],
            p + "mlp.up_proj.weight": source[p + "mlp.up_proj.weight"][neurons][:, channels],
            p + "mlp.down_proj.weight": source[p + "mlp.down_proj.weight"][channels][:, neurons],
            p + "input_layernorm.weight": source[p + "input_layernorm.weight"][channels],
            p + "post_attention_layernorm.weight": source[p + "post_attention_layernorm.weight"][channels],
        }
    return loaded(keep, vocab_size, state)


def depth_pruned(model, arch: Architecture, vocab_size: int, layers: list[int]):
    """model with only the given layers, in their order; every width unchanged."""
    keep = Architecture(arch.hidden_size, arch.intermediate_size, len(layers), arch.num_attention_heads,
                        arch.num_key_value_heads, arch.head_dim)
    source = model.state_dict()
    state = {name: t for name, t in source.items() if not name.startswith("model.layers.")}
    for new, old in enumerate(layers):
        prefix = f"model.layers.{old}."
        state |= {f"model.layers.{new}." + name[len(prefix):]: t for name, t in source.items()
                  if name.startswith(prefix)}
    return loaded(keep, vocab_size, state), keep


def loaded(arch: Architecture, vocab_size: int, state: dict):
    """A freshly built model of arch holding state (cloned, float32); the head stays tied to the embedding."""
    model = build(arch, vocab_size)
    state = {name: t.detach().float().clone() for name, t in state.items() if name != "lm_head.weight"}
    missing, unexpected = model.load_state_dict(state, strict=False)
    if unexpected or set(missing) - {"lm_head.weight"}:
        raise RuntimeError(f"sliced state: missing {missing}, unexpected {unexpected}")
    return model
