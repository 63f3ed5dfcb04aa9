"""
Prunes the trained target to about the student's size and heals it by distillation, Minitron's recipe
(Muralidharan et al. 2024, "Compact Language Models via Pruning and Knowledge Distillation", arXiv:2407.14679):
importance from activations on calibration windows of the training split (importance.py); the target cut in width
(embedding channels, attention heads by key/value group, MLP neurons) to the student's widths, and in depth
(whole layers) to the layer count whose size is nearest the student's (slicing.py); each then distilled from the
unpruned target with the student's objective and batches for the heal schedule (configs.py: a fifth of the student's
steps, since Minitron's point is how few tokens healing needs). The better of the two is shipped as prose-pruned,
and training/results.md gets the comparison, each shape on the same tokens: pruned without healing, pruned and
distilled, the same size distilled from random initialisation, and the same size trained from scratch; beside them
the student and its from-scratch twin, trained on the student's whole schedule (from prose-student's card).

    python3 training/prune.py --models public/models [--fixtures training/fixtures] [--tiny] [--device cuda|cpu] [--seed 0]

Run after train.py: it reads prose-target's weights and prose-student's card.
"""

import os
import time

STARTED = time.perf_counter()
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is ever fetched; set before transformers is imported

import argparse
import json
import tempfile
from pathlib import Path

import torch

import data
import report
from card import card, pruning_section
from configs import FULL, TINY, Architecture, Plan
from export import reload
from importance import importance, layers_to_keep
from models import parameter_count
from slicing import depth_pruned, width_pruned
from train import Stopwatch, measured, run_environment, samples, trained_model
from trainer import train

CALIBRATION_WINDOWS = 128  # of CONTEXT tokens, drawn from the training split
ROLE = "pruned: prose-target cut to about the student's size by activation importance, then distilled from it"


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--models", type=Path, required=True, help="the folder holding prose-target/; "
                        "prose-pruned/ is written there")
    parser.add_argument("--fixtures", type=Path, default=Path("training/fixtures"),
                        help="the folder holding validation-ids.json, as train.py wrote it")
    parser.add_argument("--tiny", action="store_true", help="the toy plan, for models train.py --tiny wrote")
    parser.add_argument("--device", choices=["cuda", "cpu"], default="cuda" if torch.cuda.is_available() else "cpu")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--results", type=Path, help="the results.md to add the pruning section to "
                        "(default: training/results.md, or MODELS/results.md with --tiny)")
    return parser.parse_args()


def width_shape(plan: Plan) -> Architecture:
    """The student's widths at the target's depth (with the shipped plan, exactly the student)."""
    s, t = plan.student, plan.target
    if s.num_attention_heads // s.num_key_value_heads > t.num_attention_heads // t.num_key_value_heads:
        raise ValueError("the student has more query heads per key/value group than the target can give")
    return Architecture(s.hidden_size, s.intermediate_size, t.num_hidden_layers, s.num_attention_heads,
                        s.num_key_value_heads, t.head_dim)


def depth_count(plan: Plan, vocab_size: int) -> int:
    """The number of the target's layers whose model is nearest the student in parameters."""
    goal = parameter_count(plan.student, vocab_size)
    t = plan.target

    def size(layers: int) -> int:
        return parameter_count(Architecture(t.hidden_size, t.intermediate_size, layers, t.num_attention_heads,
                                            t.num_key_value_heads, t.head_dim), vocab_size)

    return min(range(1, t.num_hidden_layers), key=lambda layers: abs(size(layers) - goal))


def load_target(models: Path, fixtures: Path, plan: Plan, device: torch.device):
    """(corpus, target): the corpus encoded with the target's own tokenizer, and its exported weights."""
    folder = models / "prose-target"
    corpus = data.load(folder / "tokenizer.json", fixtures / "validation-ids.json")
    return corpus, reload(plan.target, corpus.vocab_size, folder, device)


def results_path(args: argparse.Namespace) -> Path:
    return args.results or (args.models / "results.md" if args.tiny else data.TRAINING / "results.md")


def main() -> None:
    args = parse_args()
    device = torch.device(args.device)
    torch.set_float32_matmul_precision("highest")
    plan = TINY if args.tiny else FULL
    stopwatch = Stopwatch(device)
    seed = args.seed
    environment = run_environment(args, device)
    student_card, target_card = (json.loads((args.models / name / "card.json").read_text(encoding="utf-8"))
                                 for name in ("prose-student", "prose-target"))

    with stopwatch("importance"):
        corpus, target = load_target(args.models, args.fixtures, plan, device)
        x, y = data.Batches(corpus.train_ids, CALIBRATION_WINDOWS, seed + 100, device).next()
        scores = importance(target, x, y)
        kept_layers = layers_to_keep(target, x, y, depth_count(plan, corpus.vocab_size))
    width_arch = width_shape(plan)
    width = width_pruned(target, plan.target, corpus.vocab_size, scores, width_arch)
    depth, depth_arch = depth_pruned(target, plan.target, corpus.vocab_size, kept_layers)

    shapes = {"width": width_arch, "depth": depth_arch}
    pruned = {"width": width, "depth": depth}
    heal = plan.heal_schedule
    with tempfile.TemporaryDirectory() as scratch_dir:
        scratch = Path(scratch_dir)
        with stopwatch("measure unhealed"):
            unhealed = {kind: measured(pruned[kind], shapes[kind], corpus, scratch / f"{kind}-unhealed", device)[1]
                        for kind in shapes}
        healed_runs, baselines, baseline_runs = {}, {}, {}
        for kind, arch in shapes.items():
            with stopwatch(f"distil {kind}-pruned"):
                healed_runs[kind] = train(pruned[kind], corpus, heal, seed + 2, device, f"{kind}-pruned",
                                          teacher=target, distillation=plan.distillation)
            with stopwatch(f"{kind} shape, distilled from random init"):
                random_model, baseline_runs[f"{kind} shape, distilled from random init"] = trained_model(
                    arch, corpus, heal, seed + 2, device, f"{kind}-random", teacher=target,
                    distillation=plan.distillation)
            with stopwatch(f"{kind} shape, from scratch"):
                scratch_model, baseline_runs[f"{kind} shape, from scratch"] = trained_model(
                    arch, corpus, heal, seed + 2, device, f"{kind}-scratch")
            with stopwatch(f"measure {kind} baselines"):
                baselines[kind] = {
                    "random": measured(random_model, arch, corpus, scratch / f"{kind}-random", device)[1],
                    "scratch": measured(scratch_model, arch, corpus, scratch / f"{kind}-scratch", device)[1],
                }
        with stopwatch("export and validate"):
            healed = {kind: measured(pruned[kind], shapes[kind], corpus, scratch / kind, device) for kind in shapes}
        shipped = min(healed, key=lambda kind: healed[kind][1]["nats_per_token"])
        folder = args.models / "prose-pruned"
        model, validation, weight_bytes = measured(healed[shipped][0], shapes[shipped], corpus, folder, device)
        with stopwatch("samples"):
            sampled = samples(model, corpus, plan, seed, device)

    comparison = report.pruning_rows(
        corpus.vocab_size, shapes, unhealed, {kind: v for kind, (_, v, _) in healed.items()}, baselines, heal,
        plan.student, plan.student_schedule, student_card)
    section = pruning_section(shipped, scores, kept_layers, comparison, healed_runs, baseline_runs, heal,
                              CALIBRATION_WINDOWS)
    pruned_card = card("prose-pruned", ROLE, shapes[shipped], corpus, environment, heal, healed_runs[shipped],
                       validation, sampled, weight_bytes, pruning=section)
    (folder / "card.json").write_text(json.dumps(pruned_card, indent=2, ensure_ascii=False) + "\n",
                                      encoding="utf-8")
    text = report.pruning_markdown(comparison, shipped, kept_layers, heal, target_card["validation"]["nats_per_token"],
                                   stopwatch.stages, time.perf_counter() - STARTED, environment)
    path = results_path(args)
    report.replace_section(path, report.PRUNING_HEADING, text)
    print("\n" + text + f"\nWrote {folder}/ and the pruning section of {path}.")


if __name__ == "__main__":
    main()
