"""
The distillation objective: the student matches the target's softened next-token distributions, with a little
of the ordinary next-token loss mixed in (Hinton, Vinyals & Dean 2015).
"""

import torch
import torch.nn.functional as F

from configs import Distillation


def distillation_loss(student_logits: torch.Tensor, target_logits: torch.Tensor, hard_loss: torch.Tensor,
                      settings: Distillation) -> torch.Tensor:
    """weight·T²·KL(softmax(target/T) ‖ softmax(student/T)) + (1 − weight)·hard_loss, the KL averaged over
    positions. T² keeps the soft term's gradients on the scale of the hard term's as T grows.
    student_logits, target_logits: (B, S, V)."""
    t = settings.temperature
    student = F.log_softmax(student_logits.float().flatten(0, 1) / t, dim=-1)  # (B·S, V)
    target = F.log_softmax(target_logits.float().flatten(0, 1) / t, dim=-1)  # (B·S, V)
    kl = F.kl_div(student, target, reduction="batchmean", log_target=True)
    return settings.kl_weight * t * t * kl + (1.0 - settings.kl_weight) * hard_loss
