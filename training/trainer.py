"""
One training loop for every model: AdamW, linear warmup then cosine decay, bf16 autocast on CUDA, gradient
clipping, residual dropout, random windows of the train ids, validation on the whole validation split every
eval_every steps, and the weights of the best validation loss kept. With a teacher it distils (distill.py).
"""

import contextlib
import math
import time
from dataclasses import dataclass

import torch
import torch.nn.functional as F

from configs import CONTEXT, Distillation, Schedule
from data import Batches, Corpus
from distill import distillation_loss
from models import autocast
from scoring import total_nll


@dataclass
class Trained:
    curve: list[dict]  # {step, tokens, train_loss, val_loss}, losses in nats per token
    best_step: int
    best_val_loss: float
    tokens_seen: int
    wall_seconds: float


def learning_rate(schedule: Schedule, step: int) -> float:
    """Linear warmup from peak/warmup to peak, then cosine from peak to final at the last step."""
    if step < schedule.warmup_steps:
        return schedule.peak_lr * (step + 1) / schedule.warmup_steps
    progress = (step - schedule.warmup_steps) / max(1, schedule.steps - 1 - schedule.warmup_steps)
    return schedule.final_lr + 0.5 * (schedule.peak_lr - schedule.final_lr) * (1 + math.cos(math.pi * progress))


def optimizer(model, schedule: Schedule, device: torch.device) -> torch.optim.AdamW:
    """AdamW; weight decay on matrices and the (tied) embedding, none on norm gains."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": schedule.weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(groups, lr=schedule.peak_lr, betas=schedule.betas, eps=1e-8,
                             fused=device.type == "cuda")


@contextlib.contextmanager
def residual_dropout(model, p: float):
    """Dropout on the embedding output and on each attention and MLP output before it joins the residual
    stream (GPT-2's resid_pdrop), attached as forward hooks: HF Llama has no such dropout of its own. It acts
    only in training mode, and the hooks are removed afterwards, so the exported model is plain Llama."""

    def drop(module, inputs, output):
        if isinstance(output, tuple):
            return (F.dropout(output[0], p, module.training), *output[1:])
        return F.dropout(output, p, module.training)

    modules = [model.model.embed_tokens]
    for layer in model.model.layers:
        modules += [layer.self_attn, layer.mlp]
    handles = [m.register_forward_hook(drop) for m in modules] if p > 0 else []
    try:
        yield
    finally:
        for handle in handles:
            handle.remove()


def objective(model, x: torch.Tensor, y: torch.Tensor, device: torch.device, teacher,
              distillation: Distillation | None) -> tuple[torch.Tensor, torch.Tensor]:
    """(loss to minimise, hard next-token cross-entropy) on one batch; x, y: (B, S)."""
    with autocast(device, mixed=True):
        logits = model(input_ids=x).logits  # (B, S, V)
    hard = F.cross_entropy(logits.float().flatten(0, 1), y.flatten())
    if teacher is None:
        return hard, hard
    with torch.no_grad(), autocast(device, mixed=True):
        teacher_logits = teacher(input_ids=x).logits  # (B, S, V)
    return distillation_loss(logits, teacher_logits, hard, distillation), hard


def train(model, corpus: Corpus, schedule: Schedule, seed: int, device: torch.device, name: str,
          teacher=None, distillation: Distillation | None = None) -> Trained:
    """Trains model in place and leaves it holding its best-validation weights. train_loss in the curve is
    always the hard next-token cross-entropy (averaged since the previous point, dropout active), also when
    distilling, so a distilled and a from-scratch curve compare directly."""
    started = time.perf_counter()
    model.to(device).train()
    opt = optimizer(model, schedule, device)
    batches = Batches(corpus.train_ids, schedule.batch_size, seed, device)
    curve: list[dict] = []
    best_val, best_step, best_state = math.inf, 0, None
    running, since = torch.zeros((), device=device), 0
    with residual_dropout(model, schedule.dropout):
        for step in range(schedule.steps):
            for group in opt.param_groups:
                group["lr"] = learning_rate(schedule, step)
            loss, hard = objective(model, *batches.next(), device, teacher, distillation)
            opt.zero_grad(set_to_none=True)
            loss.backward()
            torch.nn.utils.clip_grad_norm_(model.parameters(), schedule.grad_clip)
            opt.step()
            running += hard.detach()
            since += 1
            done = step + 1
            if done % schedule.eval_every and done != schedule.steps:
                continue
            nll, count = total_nll(model, corpus.validation_ids, device, mixed=True)
            model.train()
            point = {"step": done, "tokens": done * schedule.batch_size * CONTEXT,
                     "train_loss": running.item() / since, "val_loss": nll / count}
            curve.append(point)
            running.zero_()
            since = 0
            print(f"  {name:16} step {done:5d}  lr {learning_rate(schedule, step):.2e}  "
                  f"train {point['train_loss']:.4f}  val {point['val_loss']:.4f}", flush=True)
            if point["val_loss"] < best_val:
                best_val, best_step = point["val_loss"], done
                best_state = {k: v.detach().clone() for k, v in model.state_dict().items()}
    model.load_state_dict(best_state)
    model.eval()
    if device.type == "cuda":
        torch.cuda.synchronize(device)
    return Trained(curve=curve, best_step=best_step, best_val_loss=best_val,
                   tokens_seen=schedule.steps * schedule.batch_size * CONTEXT,
                   wall_seconds=time.perf_counter() - started)
