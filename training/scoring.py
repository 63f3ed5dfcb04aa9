"""
Measurements on the validation split: loss (nats per token, nats per character, perplexity), the draft's
acceptance rate against the target, and seeded samples.
"""

import math

import numpy as np
import torch
import torch.nn.functional as F

from configs import CONTEXT
from data import Corpus, scoring_windows
from models import autocast


def window_batches(ids: np.ndarray, batch_size: int, device: torch.device):
    """Yields (inputs, targets), each (B, S), over scoring_windows(ids); the short last window comes alone."""
    windows = scoring_windows(ids)
    full = [w for w in windows if len(w[0]) == CONTEXT]
    for i in range(0, len(full), batch_size):
        chunk = full[i:i + batch_size]
        yield (torch.from_numpy(np.stack([x for x, _ in chunk])).to(device),
               torch.from_numpy(np.stack([y for _, y in chunk])).to(device))
    for x, y in windows[len(full):]:
        yield torch.from_numpy(x)[None].to(device), torch.from_numpy(y)[None].to(device)


@torch.no_grad()
def total_nll(model, ids: np.ndarray, device: torch.device, mixed: bool, batch_size: int = 64) -> tuple[float, int]:
    """(sum of next-token NLL in nats, tokens predicted) over every token of ids after the first."""
    model.eval()
    total = torch.zeros((), dtype=torch.float64, device=device)
    count = 0
    for x, y in window_batches(ids, batch_size, device):
        with autocast(device, mixed):
            logits = model(input_ids=x).logits  # (B, S, V)
        total += F.cross_entropy(logits.float().flatten(0, 1), y.flatten(), reduction="sum").double()
        count += y.numel()
    return total.item(), count


def validation_results(model, corpus: Corpus, device: torch.device) -> dict:
    """Float32 loss over the whole validation split. Characters scored are the text's, less the first token's
    (the one token nothing predicts)."""
    nll, tokens = total_nll(model, corpus.validation_ids, device, mixed=False)
    first = corpus.tokenizer.decode(corpus.validation_ids[:1].tolist(), skip_special_tokens=False)
    chars = len(corpus.validation_text) - len(first)
    return {
        "nats_per_token": nll / tokens,
        "nats_per_char": nll / chars,
        "perplexity": math.exp(nll / tokens),
        "tokens_scored": tokens,
        "chars_scored": chars,
        "method": f"float32 forward of the exported float16 weights over the whole validation split, in"
                  f" non-overlapping {CONTEXT}-token windows",
    }


def expected_tokens(alpha: float, k: int) -> float:
    """Tokens produced per target call with k drafted tokens, acceptance alpha (Leviathan et al. 2023, eq. 1)."""
    return k + 1.0 if alpha >= 1.0 else (1.0 - alpha ** (k + 1)) / (1.0 - alpha)


@torch.no_grad()
def acceptance(target, draft, ids: np.ndarray, device: torch.device, temperatures=(1.0, 0.7),
               ks=(2, 4, 8), batch_size: int = 32) -> list[dict]:
    """alpha = mean over validation positions of sum_v min(p(v), q(v)), p the target's and q the draft's
    next-token distributions at temperature T: the chance that speculative sampling accepts a drafted token
    (Leviathan, Kalman & Matias 2023, arXiv:2211.17192). Float32."""
    target.eval()
    draft.eval()
    overlap = {t: torch.zeros((), dtype=torch.float64, device=device) for t in temperatures}
    count = 0
    for x, _ in window_batches(ids, batch_size, device):
        p_logits = target(input_ids=x).logits.float()  # (B, S, V)
        q_logits = draft(input_ids=x).logits.float()  # (B, S, V)
        for t in temperatures:
            p = torch.softmax(p_logits / t, dim=-1)
            q = torch.softmax(q_logits / t, dim=-1)
            overlap[t] += torch.minimum(p, q).sum(dim=-1).double().sum()
        count += x.numel()
    results = []
    for t in temperatures:
        alpha = overlap[t].item() / count
        results.append({
            "temperature": t,
            "alpha": alpha,
            "expected_tokens_per_verification": [{"k": k, "tokens": expected_tokens(alpha, k)} for k in ks],
        })
    return results


@torch.no_grad()
def sample(model, prompt: list[int], new_tokens: int, temperature: float, seed: int,
           device: torch.device) -> list[int]:
    """Ancestral sampling at a temperature, float32, the last CONTEXT tokens as context. The draws come from a
    seeded CPU generator, so a run is repeatable on one device."""
    model.eval()
    generator = torch.Generator().manual_seed(seed)
    ids = list(prompt)
    for _ in range(new_tokens):
        x = torch.tensor([ids[-CONTEXT:]], device=device)  # (1, T)
        logits = model(input_ids=x).logits[0, -1].float().cpu()  # (V)
        probs = torch.softmax(logits / temperature, dim=-1)
        ids.append(int(torch.multinomial(probs, 1, generator=generator)))
    return ids[len(prompt):]
