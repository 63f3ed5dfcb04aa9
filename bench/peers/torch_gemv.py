"""
The native baseline for lesson 4's packed kernels (docs/performance.md, issue 13): one linear layer at batch 1 on CUDA
at the shapes bench/run-bench.ts's packedKernels times, with the weights in f16 (cuBLAS, through torch's linear) and
in int4 with a bf16 scale and zero per group of 128 (PyTorch's own int4 kernel, torch._weight_int4pack_mm, the one
gpt-fast and torchao's int4 weight-only path call), and int8 per channel where torch._weight_int8pack_mm runs on CUDA.
As in our benchmark, several copies of the weights adding up to 256 MB are read in turn, so that they come from memory
and not the 50 MB last-level cache; a pass of 100 calls is captured as a CUDA graph and timed by CUDA events, the
median of 5 replays. Bytes count what each kernel reads: codes, scales and zeros, and the input row.

On the GPU machine, from the repository's root: python3 bench/peers/torch_gemv.py --out $OUT/torch-gemv.json
"""

import argparse
import json

import torch

from synthetic_llama import Int4Linear

SHAPES = [(4096, 11008), (11008, 4096), (4096, 6 * 11008), (11008, 6 * 4096)]
GROUP = 128
REPS = 100
RUNS = 5
UNCACHED_BYTES = 256 << 20


def copy_bandwidth(nbytes: int) -> float:
    """
    Read + write bytes per second of a device-to-device copy (torch's copy_, as torch_decode.py times it), the median
    of RUNS passes of 20. Not in a CUDA graph: there the copy becomes a memcpy node, which read 2.8 TB/s at one start
    of an H200, where copy_ on the stream read 4.25 at the next.
    """
    src = torch.empty(nbytes, dtype=torch.uint8, device="cuda")
    dst = torch.empty_like(src)
    return 2 * nbytes / median_call_seconds(lambda i: dst.copy_(src), 20, graph=False)


def median_call_seconds(call, reps: int = REPS, graph: bool = True) -> float:
    """
    Seconds per call of call(i), i = 0 … reps − 1, by CUDA events around a pass of them, the median of RUNS passes;
    with `graph`, the pass is captured once as a CUDA graph and replayed, so that launching costs the GPU nothing.
    """
    def run_pass():
        for i in range(reps):
            call(i)

    run_pass()
    torch.cuda.synchronize()
    if graph:
        captured = torch.cuda.CUDAGraph()
        with torch.cuda.graph(captured):
            run_pass()
        run = captured.replay
    else:
        run = run_pass
    run()
    torch.cuda.synchronize()
    times = []
    for _ in range(RUNS):
        start, end = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
        start.record()
        run()
        end.record()
        torch.cuda.synchronize()
        times.append(start.elapsed_time(end) / 1e3 / reps)
    return sorted(times)[len(times) // 2]


def copies_for(nbytes: int) -> int:
    return max(2, -(-UNCACHED_BYTES // nbytes))


def f16_linear(I: int, O: int):
    weight_bytes = O * I * 2
    weights = [torch.randn(O, I, device="cuda", dtype=torch.float16) * 0.02 for _ in range(copies_for(weight_bytes))]
    x = torch.randn(1, I, device="cuda", dtype=torch.float16)
    out = torch.empty(1, O, device="cuda", dtype=torch.float16)
    seconds = median_call_seconds(lambda i: torch.mm(x, weights[i % len(weights)].t(), out=out))
    return seconds, weight_bytes + I * 2


def int4_linear(I: int, O: int):
    first = Int4Linear(O, I, GROUP, "cuda")
    weights = [first] + [Int4Linear(O, I, GROUP, "cuda") for _ in range(copies_for(first.nbytes) - 1)]
    x = torch.randn(1, I, device="cuda", dtype=torch.bfloat16)
    seconds = median_call_seconds(lambda i: weights[i % len(weights)](x))
    return seconds, first.nbytes + I * 2


def int8_linear(I: int, O: int):
    weight_bytes = O * I + O * 2
    weights = [
        torch.randint(-127, 128, (O, I), device="cuda", dtype=torch.int8) for _ in range(copies_for(weight_bytes))
    ]
    scales = torch.rand(O, device="cuda", dtype=torch.bfloat16) * 0.01
    x = torch.randn(1, I, device="cuda", dtype=torch.bfloat16)
    seconds = median_call_seconds(lambda i: torch._weight_int8pack_mm(x, weights[i % len(weights)], scales))
    return seconds, weight_bytes + I * 2


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--out")
    args = parser.parse_args()
    copy = copy_bandwidth(1 << 30)
    report = {
        "device": torch.cuda.get_device_name(),
        "torch": torch.__version__,
        "cuda": torch.version.cuda,
        "copyBandwidth": copy,
        "linear": [],
    }
    print(f"{report['device']}, torch {report['torch']}: copy {copy / 1e9:.0f} GB/s (read + write)")
    for I, O in SHAPES:
        for name, run in [("f16", f16_linear), ("int8 per channel", int8_linear), ("int4 g128", int4_linear)]:
            try:
                seconds, nbytes = run(I, O)
            except (RuntimeError, NotImplementedError) as error:
                print(f"{name} {I} → {O}: not run ({str(error).splitlines()[0]})")
                report["linear"].append({"weights": name, "I": I, "O": O, "error": str(error).splitlines()[0]})
                continue
            fraction = nbytes / seconds / copy
            print(f"{name} {I} → {O}: {seconds * 1e6:.1f} µs, {nbytes / 1e6:.1f} MB, {100 * fraction:.0f} % of copy")
            report["linear"].append(
                {"weights": name, "I": I, "O": O, "seconds": seconds, "bytesRead": nbytes, "fractionOfCopy": fraction}
            )
            torch.cuda.empty_cache()
    if args.out:
        with open(args.out, "w") as f:
            json.dump(report, f, indent=2)


if __name__ == "__main__":
    main()
