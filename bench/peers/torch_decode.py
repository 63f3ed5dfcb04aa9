"""
The native baseline of docs/performance.md (issue 18's peers): the engine benchmark's synthetic Llama shapes decoded
by a plain PyTorch step on CUDA, in f32 and f16, eager and replayed as CUDA graphs; the device's own copy bandwidth
(a device-to-device copy); and cuBLAS's f32 matrix product at the prefill shapes. Every figure is a wall-clock time
around work on the device, after warm-up, the median of several runs.

On the GPU machine, from the repository's root: python3 bench/peers/torch_decode.py --out $OUT/torch.json
(--int4: only the 7B shape at batch 1, in bf16 and with int4 weights, for lesson 4's step ratio)
Here, to check that it runs (CPU, tiny shapes, no graphs): python3 bench/peers/torch_decode.py --tiny
"""

import argparse
import json
import time

import torch

from synthetic_llama import Shape, SyntheticLlama, step_bytes

# The engine benchmark's decode protocol (bench/run-bench.ts): a prompt of CONTEXT tokens, one untimed step, then
# STEPS timed ones; bytes are counted at the middle step's context.
CONTEXT = 128
STEPS = 20
RUNS = 3

F32_SHAPES = [(1024, 2), (2048, 2), (2048, 4), (4096, 2), (4096, 3)]
BATCHES = [1, 4, 8, 16, 32, 64]
PREFILL_TOKENS = [512, 1024, 2048, 4096]


def synchronize(device: torch.device) -> None:
    if device.type == "cuda":
        torch.cuda.synchronize(device)


def median_seconds(device: torch.device, run, repeats: int = RUNS) -> float:
    """The median wall-clock seconds of `run()` over `repeats` timed calls, after one untimed."""
    run()
    synchronize(device)
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        run()
        synchronize(device)
        times.append(time.perf_counter() - start)
    return sorted(times)[len(times) // 2]


def copy_bandwidth(device: torch.device, nbytes: int) -> float:
    """Read + write bytes per second of a device-to-device copy (torch's copy_, cudaMemcpyAsync on CUDA)."""
    src = torch.empty(nbytes, dtype=torch.uint8, device=device)
    dst = torch.empty_like(src)
    reps = 20

    def run():
        for _ in range(reps):
            dst.copy_(src)

    return 2 * nbytes * reps / median_seconds(device, run)


def matmul_flops(device: torch.device, tokens: int, width: int) -> dict:
    """FLOP/s of a (tokens × width) · (width × width) product in f32, TF32 off: CUDA cores, as WGSL's f32."""
    torch.backends.cuda.matmul.allow_tf32 = False
    a = torch.randn(tokens, width, device=device)
    b = torch.randn(width, width, device=device)
    reps = 10

    def run():
        for _ in range(reps):
            a @ b

    seconds = median_seconds(device, run) / reps
    return {"tokens": tokens, "I": width, "O": width, "seconds": seconds,
            "flopsPerSecond": 2 * tokens * width * width / seconds}


class Decoder:
    """Greedy decode of `batch` sequences of one model, each step's tokens the argmax of the step before."""

    def __init__(self, model: SyntheticLlama, batch: int, device: torch.device):
        self.model = model
        self.device = device
        self.tokens = torch.zeros(batch, dtype=torch.long, device=device)
        model.prefill(CONTEXT)
        self.first = CONTEXT + 1  # the untimed step's position is CONTEXT
        self.graphs: list[torch.cuda.CUDAGraph] = []
        self.outputs: list[torch.Tensor] = []  # each graph's logits

    def step(self, position: int) -> torch.Tensor:
        logits = self.model.step(self.tokens, position)
        self.tokens.copy_(logits.argmax(dim=-1))
        return logits

    def eager(self, awaited: bool) -> None:
        for i in range(STEPS):
            logits = self.step(self.first + i)
            if awaited:
                logits.cpu()

    def capture(self) -> None:
        """One CUDA graph per timed step (each attends over its own number of cached positions)."""
        stream = torch.cuda.Stream(self.device)
        stream.wait_stream(torch.cuda.current_stream(self.device))
        with torch.cuda.stream(stream):
            for i in range(STEPS):
                self.step(self.first + i)
        torch.cuda.current_stream(self.device).wait_stream(stream)
        pool = None
        for i in range(STEPS):
            graph = torch.cuda.CUDAGraph()
            with torch.cuda.graph(graph, pool=pool):
                self.outputs.append(self.step(self.first + i))
            pool = graph.pool()
            self.graphs.append(graph)

    def replay(self, awaited: bool) -> None:
        for graph, logits in zip(self.graphs, self.outputs):
            graph.replay()
            if awaited:
                logits.cpu()


def decode_rows(shape: Shape, dtype: torch.dtype, batches: list[int], device: torch.device,
                int4_group: int | None = None) -> list[dict]:
    model = SyntheticLlama(shape, dtype, max_batch=max(batches), positions=CONTEXT + STEPS + 8, device=device,
                           int4_group=int4_group)
    rows = []
    for batch in batches:
        decoder = Decoder(model, batch, device)
        times = {}
        for awaited in (True, False):
            times[f"eager{'Awaited' if awaited else 'Pipelined'}"] = (
                median_seconds(device, lambda: decoder.eager(awaited)) / STEPS)
        if device.type == "cuda":
            decoder.capture()
            for awaited in (True, False):
                times[f"graph{'Awaited' if awaited else 'Pipelined'}"] = (
                    median_seconds(device, lambda: decoder.replay(awaited)) / STEPS)
        rows.append({
            "width": shape.width, "layers": shape.layers, "mlpWidth": shape.mlp_width, "heads": shape.heads,
            "dtype": str(dtype).removeprefix("torch."), "int4Group": int4_group, "batch": batch,
            "context": CONTEXT + 1 + STEPS // 2,
            "weightBytes": model.weight_bytes(),
            # step_bytes counts every weight in `dtype`; int4 rows have their weights' bytes in weightBytes only.
            "bytesPerStep": None if int4_group else step_bytes(shape, dtype, batch, CONTEXT + 1 + STEPS // 2),
            "stepSeconds": times,
        })
        print(json.dumps(rows[-1]), flush=True)
        del decoder
    del model
    if device.type == "cuda":
        torch.cuda.empty_cache()
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--out", help="write the report here as JSON")
    parser.add_argument("--tiny", action="store_true", help="tiny shapes, to check that the code runs")
    parser.add_argument("--int4", action="store_true",
                        help="only the Llama-2-7B shape at batch 1, bf16 and int4 g128 (PyTorch's int4 kernel, CUDA)")
    args = parser.parse_args()
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    torch.manual_seed(0)
    tiny = args.tiny
    llama7b = Shape(width=128, layers=1, mlp_width=128, heads=2) if tiny else Shape(4096, 32, 11008, 32)
    f32_shapes = [Shape.llama_proportions(64, 2)] if tiny else [Shape.llama_proportions(*s) for s in F32_SHAPES]
    batches = [1, 2] if tiny else BATCHES
    report = {
        "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "copyBandwidth": copy_bandwidth(device, (4 << 20) if tiny else (1 << 30)),
        "method": (f"greedy decode after a prompt of {CONTEXT} tokens and one untimed step; {STEPS} timed steps, "
                   f"median of {RUNS} runs; awaited: each step's logits copied to the host before the next; "
                   "pipelined: the host never waits; graphs: one CUDA graph per step, replayed"),
    }
    print(f"{report['device']}: copy {report['copyBandwidth'] / 1e9:.0f} GB/s", flush=True)
    if args.int4:
        report["decode"] = (decode_rows(llama7b, torch.bfloat16, [1], device)
                            + decode_rows(llama7b, torch.bfloat16, [1], device, int4_group=128))
        if args.out:
            with open(args.out, "w") as f:
                json.dump(report, f, indent=1)
        return
    report["prefill"] = [matmul_flops(device, t, 64 if tiny else 4096) for t in ([32] if tiny else PREFILL_TOKENS)]
    # f16 as well on CUDA (a CPU build may have no f16 matrix product).
    dtypes = [torch.float32, torch.float16] if device.type == "cuda" else [torch.float32]
    decode = []
    for shape in f32_shapes:
        for dtype in dtypes:
            decode += decode_rows(shape, dtype, batches, device)
    for dtype in reversed(dtypes):
        decode += decode_rows(llama7b, dtype, [1], device)
    report["decode"] = decode
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=1)


if __name__ == "__main__":
    main()
