"""
Activation-based importance of a trained model's parts, the criteria of Minitron (Muralidharan et al. 2024,
"Compact Language Models via Pruning and Knowledge Distillation", arXiv:2407.14679, section 2.2), measured on
calibration windows of the training split:

- attention head: the mean over calibration tokens of the L2 norm of the head's output (its slice of o_proj's input);
- MLP neuron: the mean |activation| of silu(gate)·up, the down projection's input;
- embedding channel: the mean |activation| of each RMSNorm's output, summed over every norm of the model;
- layer: how much the calibration loss rises when that layer alone is skipped (the perplexity criterion).

The aggregation (a plain mean over batch and sequence) is this project's choice; the paper compares several.
"""

from dataclasses import dataclass

import torch
import torch.nn.functional as F

from models import autocast


@dataclass
class Importance:
    heads: torch.Tensor  # (L, N)
    neurons: torch.Tensor  # (L, F)
    channels: torch.Tensor  # (D,)
    layers: torch.Tensor  # (L,) calibration loss with the layer skipped, minus the full model's


def calibration_loss(model, x: torch.Tensor, y: torch.Tensor) -> float:
    with torch.no_grad(), autocast(x.device, mixed=True):
        logits = model(input_ids=x).logits
    return F.cross_entropy(logits.float().flatten(0, 1), y.flatten()).item()


def skip_losses(model, x: torch.Tensor, y: torch.Tensor, skipped: set[int]) -> dict[int, float]:
    """Calibration loss with each remaining layer skipped in turn, on top of the already skipped ones."""
    full = model.model.layers
    losses = {}
    for i in range(len(full)):
        if i in skipped:
            continue
        model.model.layers = without_layers_of(full, skipped | {i})
        losses[i] = calibration_loss(model, x, y)
    model.model.layers = full
    return losses


def without_layers_of(layers: torch.nn.ModuleList, skipped: set[int]) -> torch.nn.ModuleList:
    return torch.nn.ModuleList([layer for i, layer in enumerate(layers) if i not in skipped])


def importance(model, x: torch.Tensor, y: torch.Tensor) -> Importance:
    """Scores of every head, neuron, channel and layer of model on the calibration batch (x, y), each (B, S)."""
    config = model.config
    L, N, H = config.num_hidden_layers, config.num_attention_heads, config.head_dim
    heads = torch.zeros(L, N, dtype=torch.float64, device=x.device)
    neurons = torch.zeros(L, config.intermediate_size, dtype=torch.float64, device=x.device)
    channels = torch.zeros(config.hidden_size, dtype=torch.float64, device=x.device)
    tokens = x.numel()

    def head_hook(layer):
        def hook(module, inputs):
            heads[layer] += inputs[0].float().unflatten(-1, (N, H)).norm(dim=-1).sum(dim=(0, 1)).double()
        return hook

    def neuron_hook(layer):
        def hook(module, inputs):
            neurons[layer] += inputs[0].float().abs().sum(dim=(0, 1)).double()
        return hook

    def channel_hook(module, inputs, output):
        channels.add_(output.float().abs().sum(dim=(0, 1)).double())

    handles = []
    for i, layer in enumerate(model.model.layers):
        handles.append(layer.self_attn.o_proj.register_forward_pre_hook(head_hook(i)))
        handles.append(layer.mlp.down_proj.register_forward_pre_hook(neuron_hook(i)))
        handles.append(layer.input_layernorm.register_forward_hook(channel_hook))
        handles.append(layer.post_attention_layernorm.register_forward_hook(channel_hook))
    handles.append(model.model.norm.register_forward_hook(channel_hook))
    try:
        full_loss = calibration_loss(model, x, y)
    finally:
        for handle in handles:
            handle.remove()
    skipped = skip_losses(model, x, y, set())
    layers = torch.tensor([skipped[i] - full_loss for i in range(L)], dtype=torch.float64)
    return Importance(heads=(heads / tokens).cpu(), neurons=(neurons / tokens).cpu(),
                      channels=(channels / tokens).cpu(), layers=layers)


def layers_to_keep(model, x: torch.Tensor, y: torch.Tensor, keep: int) -> list[int]:
    """Greedy depth pruning: skip, one at a time, the layer whose absence raises the calibration loss least."""
    skipped: set[int] = set()
    while model.config.num_hidden_layers - len(skipped) > keep:
        losses = skip_losses(model, x, y, skipped)
        skipped.add(min(losses, key=losses.get))
    return [i for i in range(model.config.num_hidden_layers) if i not in skipped]
