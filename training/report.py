"""
The run's results as Markdown, built only from measured numbers (the cards, the stage timer, the fixtures):
printed at the end of a run and written to results.md, so the README never needs numbers typed by hand.
"""

from dataclasses import asdict

from configs import CONTEXT, Schedule
from models import parameter_count

PRUNING_HEADING = "## Pruned and healed"


def ordering(cards: dict, scratch: dict) -> str:
    """The margins the lessons rely on: the target ahead of every smaller model, distillation ahead of scratch."""
    target = cards["prose-target"]["validation"]["nats_per_token"]
    others = {name: card["validation"]["nats_per_token"] for name, card in cards.items() if name != "prose-target"}
    nearest = min(others, key=others.get)
    student = cards["prose-student"]["validation"]["nats_per_token"]
    return (f"The target is {others[nearest] - target:.4f} nats/token ahead of the nearest smaller model ({nearest}); "
            f"the distilled student is {scratch['validation']['nats_per_token'] - student:.4f} nats/token ahead of "
            "its from-scratch twin.")


def table(header: list[str], rows: list[list]) -> list[str]:
    """A Markdown table with padded columns, as Prettier writes it (so the committed file passes its check)."""
    cells = [header, *[[str(cell) for cell in row] for row in rows]]
    widths = [max(3, *(len(row[i]) for row in cells)) for i in range(len(header))]

    def line(row: list[str]) -> str:
        return "| " + " | ".join(cell.ljust(width) for cell, width in zip(row, widths)) + " |"

    return [line(header), line(["-" * w for w in widths]), *[line(row) for row in cells[1:]]]


def model_row(label: str, card: dict, validation: dict, training: dict, weight_bytes) -> list:
    return [
        label, f"{card['parameters']:,}", shape(card["architecture"]),
        training["steps"], f"{training['tokens_seen'] / 1e6:.1f} M ({training['epochs']:.1f})",
        training["best_step"], f"{validation['nats_per_token']:.4f}", f"{validation['nats_per_char']:.4f}",
        f"{validation['perplexity']:.2f}", weight_bytes,
    ]


def overfitting_line(name: str, curve: list[dict], best_step: int) -> str:
    best = min(point["val_loss"] for point in curve)
    last = curve[-1]
    return (f"- {name}: best validation loss {best:.4f} at step {best_step} of {last['step']}; last point "
            f"{last['val_loss']:.4f} (train {last['train_loss']:.4f}), {last['val_loss'] - best:+.4f} from the best")


def markdown(cards: dict[str, dict], stages: list[tuple[str, float]], total: float, fixture: dict) -> str:
    """total: the whole process's wall seconds, imports and writing included."""
    target, draft, student = cards["prose-target"], cards["prose-draft"], cards["prose-student"]
    run = target["training"]
    out = [
        "## Measured results",
        "",
        f"`{run['command']}`: seed {run['seed']}, {run['device']}, torch {run['torch']}, "
        f"transformers {run['transformers']}; {total:.0f} s wall time in all.",
        "",
        *table(["stage", "wall seconds"], [[name, f"{seconds:.1f}"] for name, seconds in stages]),
        "",
        "Validation on the whole validation split, float32 forward of the exported float16 weights "
        f"({target['corpus']['validation_tokens']:,} tokens; tokenizer: {target['tokenizer']['vocab_size']} ids, "
        f"{target['tokenizer']['chars_per_token_validation']:.3f} characters per token). "
        "Shape is D/F/L/N/K/H; epochs are passes over the "
        f"{target['corpus']['train_tokens']:,} training tokens.",
        "",
    ]
    scratch = student["distillation"]["scratch_baseline"]
    rows = [model_row(name, card, card["validation"], card["training"], f"{card['weights']['bytes'] / 1e6:.1f} MB")
            for name, card in cards.items()]
    rows.append(model_row("student from scratch (not shipped)", student, scratch["validation"],
                          {**student["training"], "best_step": scratch["best_step"]}, "—"))
    out += table(["model", "parameters", "shape", "steps", "tokens seen (epochs)", "best step", "nats/token",
                  "nats/char", "perplexity per token", "float16 weights"], rows)
    shipped = sum(card["weights"]["bytes"] for card in cards.values())
    out += [
        "",
        f"Shipped weights: {shipped / 1e6:.1f} MB in all. {ordering(cards, scratch)}",
        "",
        "Overfitting (validation loss during training, bf16 autocast):",
        "",
        *[overfitting_line(name, card["curve"], card["training"]["best_step"]) for name, card in cards.items()],
        overfitting_line("student from scratch", scratch["curve"], scratch["best_step"]),
        "",
        "Draft acceptance against the target over every validation position (α = mean Σ min(p, q); expected "
        "tokens per target call with K drafted = (1 − α^(K+1)) / (1 − α)):",
        "",
    ]
    acceptance = draft["acceptance"]["results"]
    ks = [e["k"] for e in acceptance[0]["expected_tokens_per_verification"]]
    out += table(["temperature", "α", *[f"K = {k}" for k in ks]],
                 [[r["temperature"], f"{r['alpha']:.4f}",
                   *[f"{e['tokens']:.3f}" for e in r["expected_tokens_per_verification"]]] for r in acceptance])
    d = student["distillation"]
    out += [
        "",
        f"Distillation: temperature {d['temperature']}, objective {d['objective']} with kl_weight "
        f"{d['kl_weight']}. Same architecture, initialisation, batches and steps from scratch: "
        f"{scratch['validation']['nats_per_token']:.4f} nats/token against the distilled student's "
        f"{student['validation']['nats_per_token']:.4f}.",
        "",
        f"Parity fixtures (PyTorch float32, CPU): target mean NLL over the first {fixture['tokens']} validation "
        f"tokens {fixture['mean_nll']:.6f} (perplexity {fixture['perplexity']:.4f}); transformers' own "
        f"from_pretrained on the exported folder differs from the fixture's logits by at most "
        f"{fixture['transformers_max_abs_diff']:.2e}.",
        "",
    ]
    for name, card in cards.items():
        sample = card["samples"][0]
        out += [f"{name}: {len(sample['continuation_ids'])} tokens sampled at temperature "
                f"{sample['temperature']}, seed {sample['seed']}, after the prompt", "",
                "```text", sample["prompt"], "```", "", "```text", sample["continuation"], "```", ""]
    return "\n".join(out).rstrip("\n")


def shape(a: dict) -> str:
    """D/F/L/N/K/H of an architecture given as its fields."""
    return "/".join(str(a[field]) for field in ("hidden_size", "intermediate_size", "num_hidden_layers",
                                                "num_attention_heads", "num_key_value_heads", "head_dim"))


def pruning_rows(vocab_size: int, shapes: dict, unhealed: dict, healed: dict, baselines: dict, heal: Schedule,
                 student_arch, student_schedule: Schedule, student_card: dict) -> list[dict]:
    """Every model of the pruning comparison with its shape, size, training tokens and validation loss: per pruned
    shape, the cut before and after healing and the same shape from random weights on the same tokens; then the
    student and its from-scratch twin on the student's whole schedule."""
    def row(label: str, arch, steps: int, schedule: Schedule, validation: dict) -> dict:
        return {"label": label, "shape": shape(asdict(arch)), "parameters": parameter_count(arch, vocab_size),
                "steps": steps, "tokens": steps * schedule.batch_size * CONTEXT,
                "nats_per_token": validation["nats_per_token"], "perplexity": validation["perplexity"]}

    rows = []
    for kind, arch in shapes.items():
        rows += [
            row(f"{kind}-pruned target, not healed", arch, 0, heal, unhealed[kind]),
            row(f"{kind}-pruned target, distilled", arch, heal.steps, heal, healed[kind]),
            row(f"{kind} shape, distilled from random init", arch, heal.steps, heal, baselines[kind]["random"]),
            row(f"{kind} shape, from scratch", arch, heal.steps, heal, baselines[kind]["scratch"]),
        ]
    steps = student_schedule.steps
    return rows + [
        row("student shape, distilled from random init (prose-student)", student_arch, steps, student_schedule,
            student_card["validation"]),
        row("student shape, from scratch", student_arch, steps, student_schedule,
            student_card["distillation"]["scratch_baseline"]["validation"]),
    ]


def pruning_margins(rows: list[dict], shipped: str, target_nats: float) -> str:
    """The margins lesson 5 relies on: the target ahead of the shipped pruned model, and healing ahead of the same
    shape from random weights on the same tokens."""
    nats = {r["label"]: r["nats_per_token"] for r in rows}
    healed = nats[f"{shipped}-pruned target, distilled"]
    return (f"The target is {healed - target_nats:.4f} nats/token ahead of prose-pruned; on the same tokens, the "
            f"{shipped}-pruned model is {nats[f'{shipped} shape, distilled from random init'] - healed:.4f} "
            f"nats/token ahead of its shape distilled from random weights and "
            f"{nats[f'{shipped} shape, from scratch'] - healed:.4f} ahead of it trained from scratch.")


def pruning_markdown(rows: list[dict], shipped: str, kept_layers: list[int], heal: Schedule, target_nats: float,
                     stages: list[tuple[str, float]], total: float, environment: dict) -> str:
    """The section prune.py adds to results.md."""
    out = [
        PRUNING_HEADING,
        "",
        f"`{environment['command']}`: seed {environment['seed']}, {environment['device']}, torch "
        f"{environment['torch']}; {total:.0f} s wall time in all.",
        "",
        *table(["stage", "wall seconds"], [[name, f"{seconds:.1f}"] for name, seconds in stages]),
        "",
        f"Validation on the whole validation split, as above. Every pruned shape is healed for {heal.steps} steps of "
        f"{heal.batch_size} × {CONTEXT} tokens with the student's objective and batches, and the same shape from "
        "random weights gets the same tokens; the last two rows are the student and its from-scratch twin on the "
        "student's whole schedule (from its card). Depth pruning kept layers "
        f"{', '.join(map(str, kept_layers))} of the target. Shipped as prose-pruned: the {shipped}-pruned model.",
        "",
        *table(["model", "shape", "parameters", "steps", "tokens", "nats/token", "perplexity per token"],
               [[r["label"], r["shape"], f"{r['parameters']:,}", str(r["steps"]), f"{r['tokens'] / 1e6:.1f} M",
                 f"{r['nats_per_token']:.4f}", f"{r['perplexity']:.2f}"] for r in rows]),
        "",
        pruning_margins(rows, shipped, target_nats),
    ]
    return "\n".join(out)


def replace_section(path, heading: str, text: str) -> None:
    """Writes text as the section of the Markdown file at path that starts with heading (to the end of the file),
    replacing that section if it is there already."""
    current = path.read_text(encoding="utf-8") if path.exists() else ""
    kept = current.split("\n" + heading + "\n")[0].rstrip("\n")
    path.write_text((kept + "\n\n" if kept else "") + text + "\n", encoding="utf-8")
