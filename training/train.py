"""
Trains the notebook's three Llama-architecture models on the prose corpus (training/corpus.py) and exports them
for the engine.

    python3 training/train.py --out public/models --fixtures training/fixtures [--tiny] [--device cuda|cpu] [--seed 0]

Stages: tokenizer (training/tokenizer.py) → encode → train prose-target → train prose-draft → distil
prose-student from the target → train the same student from scratch (the baseline, not shipped) → export each
as float16 and measure it → draft acceptance → parity fixtures → cards and results.md. --tiny runs every stage
with toy shapes and a few dozen steps, for a laptop CPU. See training/README.md.
"""

import os
import time

STARTED = time.perf_counter()
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever fetched; set before transformers is imported

import argparse
import contextlib
import json
import platform
import shlex
import sys
import tempfile
from pathlib import Path

import torch
import transformers

import data
import fixtures
import report
from card import acceptance_section, card, distillation_section
from configs import FULL, TINY, VOCAB, Architecture, Plan
from export import export, reload
from models import build, seed_everything
from scoring import acceptance, sample, validation_results
from trainer import Trained, train

SAMPLE_TEMPERATURE = 0.8
ROLES = {
    "prose-target": "target: the model the lessons run, quantize and prune",
    "prose-draft": "draft: proposes tokens for speculative sampling, verified by prose-target",
    "prose-student": "student: distilled from prose-target's next-token distributions",
}


class Stopwatch:
    """Wall time per stage, with the GPU drained at each stage's end so the time is the stage's own."""

    def __init__(self, device: torch.device):
        self.device = device
        self.stages: list[tuple[str, float]] = []

    @contextlib.contextmanager
    def __call__(self, name: str):
        print(f"== {name}", flush=True)
        started = time.perf_counter()
        yield
        if self.device.type == "cuda":
            torch.cuda.synchronize(self.device)
        seconds = time.perf_counter() - started
        self.stages.append((name, seconds))
        print(f"   {name}: {seconds:.1f} s", flush=True)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", type=Path, required=True, help="model folders go to OUT/<name>/")
    parser.add_argument("--fixtures", type=Path, required=True, help="folder for the engine's parity fixtures")
    parser.add_argument("--tiny", action="store_true", help="toy shapes and a few dozen steps (CPU, minutes)")
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--results", type=Path,
                        help="where to write results.md (default: training/results.md, or OUT/results.md with --tiny)")
    return parser.parse_args()


def device_name(device: torch.device) -> str:
    if device.type == "cuda":
        return torch.cuda.get_device_name(device)
    return f"CPU ({platform.machine()}, {torch.get_num_threads()} threads)"


def run_environment(args: argparse.Namespace, device: torch.device) -> dict:
    """What every card records about the run that made it."""
    return {
        "command": shlex.join(["python3", *sys.argv]),
        "seed": args.seed,
        "device": device_name(device),
        "torch": torch.__version__,
        "transformers": transformers.__version__,
        "precision": "bf16 autocast, float32 weights and optimizer state" if device.type == "cuda" else "float32",
        "tiny": args.tiny,
    }


def samples(model, corpus: data.Corpus, plan: Plan, seed: int, device: torch.device) -> list[dict]:
    """A continuation of the fixed validation prompt (the logits fixture's 32 tokens)."""
    prompt = corpus.validation_ids[:fixtures.PROMPT_TOKENS].tolist()
    continuation = sample(model, prompt, plan.sample_tokens, SAMPLE_TEMPERATURE, seed, device)
    text = corpus.tokenizer.decode
    return [{"temperature": SAMPLE_TEMPERATURE, "seed": seed, "prompt_ids": prompt, "prompt": text(prompt),
             "continuation_ids": continuation, "continuation": text(continuation)}]


def trained_model(arch: Architecture, corpus: data.Corpus, schedule, seed: int, device: torch.device, name: str,
                  **distil) -> tuple[torch.nn.Module, Trained]:
    """Seeds, builds and trains one model; the seed fixes its initialisation and its batches."""
    seed_everything(seed)
    model = build(arch, corpus.vocab_size)
    return model, train(model, corpus, schedule, seed, device, name, **distil)


def measured(model, arch: Architecture, corpus: data.Corpus, folder: Path, device: torch.device):
    """Exports model to folder, reloads the float16 file as float32, and measures validation loss on it."""
    files = export(model, arch, corpus.vocab_size, corpus.tokenizer_path, folder)
    exported = reload(arch, corpus.vocab_size, folder, device)
    return exported, validation_results(exported, corpus, device), files["model.safetensors"]


def main() -> None:
    args = parse_args()
    device = torch.device(args.device)
    torch.set_float32_matmul_precision("highest")  # float32 means float32 (no TF32) in every measurement
    plan = TINY if args.tiny else FULL
    stopwatch = Stopwatch(device)
    seed = args.seed
    environment = run_environment(args, device)
    print(f"{environment['command']}\n{environment['device']}, torch {torch.__version__}, "
          f"transformers {transformers.__version__}", flush=True)

    with tempfile.TemporaryDirectory() as scratch_dir:
        tokenizer_path = Path(scratch_dir) / "tokenizer.json"
        ids_path = args.fixtures / "validation-ids.json"
        args.fixtures.mkdir(parents=True, exist_ok=True)
        with stopwatch("tokenizer"):
            data.make_tokenizer(VOCAB, tokenizer_path, ids_path)
        with stopwatch("encode"):
            corpus = data.load(tokenizer_path, ids_path)
            print(f"   vocab {corpus.vocab_size}, train {len(corpus.train_ids):,} tokens, "
                  f"validation {len(corpus.validation_ids):,} tokens", flush=True)

        with stopwatch("train prose-target"):
            target, target_run = trained_model(plan.target, corpus, plan.target_schedule, seed, device,
                                               "prose-target")
        with stopwatch("train prose-draft"):
            draft, draft_run = trained_model(plan.draft, corpus, plan.draft_schedule, seed + 1, device,
                                             "prose-draft")
        with stopwatch("distil prose-student"):
            student, student_run = trained_model(plan.student, corpus, plan.student_schedule, seed + 2, device,
                                                 "prose-student", teacher=target,
                                                 distillation=plan.distillation)
        with stopwatch("student from scratch"):
            baseline, baseline_run = trained_model(plan.student, corpus, plan.student_schedule, seed + 2, device,
                                                   "student-scratch")

        with stopwatch("export and validate"):
            shipped = {}
            for name, model, arch in (("prose-target", target, plan.target), ("prose-draft", draft, plan.draft),
                                      ("prose-student", student, plan.student)):
                shipped[name] = measured(model, arch, corpus, args.out / name, device)
            _, baseline_validation, _ = measured(baseline, plan.student, corpus,
                                                 Path(scratch_dir) / "student-scratch", device)
        with stopwatch("samples"):
            sampled = {name: samples(model, corpus, plan, seed, device) for name, (model, _, _) in shipped.items()}
        with stopwatch("draft acceptance"):
            accepted = acceptance(shipped["prose-target"][0], shipped["prose-draft"][0], corpus.validation_ids,
                                  device)
        with stopwatch("parity fixtures (CPU)"):
            folder = args.out / "prose-target"
            cpu_target = reload(plan.target, corpus.vocab_size, folder, torch.device("cpu"))
            fixture = fixtures.write(cpu_target, "prose-target", folder, corpus, args.fixtures)

    runs = {"prose-target": (plan.target, plan.target_schedule, target_run),
            "prose-draft": (plan.draft, plan.draft_schedule, draft_run),
            "prose-student": (plan.student, plan.student_schedule, student_run)}
    extras = {
        "prose-target": {},
        "prose-draft": {"acceptance": acceptance_section(accepted)},
        "prose-student": {"distillation": distillation_section(plan.distillation, baseline_run, baseline_validation)},
    }
    cards = {}
    for name, (arch, schedule, run) in runs.items():
        _, validation, weight_bytes = shipped[name]
        cards[name] = card(name, ROLES[name], arch, corpus, environment, schedule, run, validation, sampled[name],
                           weight_bytes, **extras[name])
        text = json.dumps(cards[name], indent=2, ensure_ascii=False) + "\n"
        (args.out / name / "card.json").write_text(text, encoding="utf-8")

    results = report.markdown(cards, stopwatch.stages, time.perf_counter() - STARTED, fixture)
    results_path = args.results or (args.out / "results.md" if args.tiny else data.TRAINING / "results.md")
    results_path.write_text(results + "\n", encoding="utf-8")
    print("\n" + results + f"\nWrote {args.out}/<model>/, {args.fixtures}/ and {results_path}.")


if __name__ == "__main__":
    main()
