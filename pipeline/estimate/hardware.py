"""GPUs the planner knows: memory as `nvidia-smi` reports it, and dense peak TFLOPS per precision."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from pipeline.errors import DaptError

MIB = 2**20


@dataclass(frozen=True)
class Gpu:
    name: str
    memory_bytes: int
    peak_tflops: dict[str, float] = field(default_factory=dict)  # "fp32", "bf16", "fp8"; dense

    def peak_flops(self, precision: str) -> float | None:
        """Peak FLOP/s for the matmul precision of a training precision (bf16 for mixed)."""
        kind = {"fp32": "fp32", "fp8": "fp8"}.get(precision, "bf16")
        tflops = self.peak_tflops.get(kind) or (self.peak_tflops.get("bf16") if kind == "fp8" else None)
        return tflops * 1e12 if tflops else None


# Memory: nvidia-smi's total (MiB). TFLOPS: NVIDIA datasheets, dense (no sparsity); H100 = SXM.
GPUS = {
    "A100-40": Gpu("A100-40", 40960 * MIB, {"fp32": 19.5, "bf16": 312}),
    "A100-80": Gpu("A100-80", 81920 * MIB, {"fp32": 19.5, "bf16": 312}),
    "H100-80": Gpu("H100-80", 81559 * MIB, {"fp32": 67, "bf16": 989.4, "fp8": 1978.9}),
    "H200-141": Gpu("H200-141", 143771 * MIB, {"fp32": 67, "bf16": 989.4, "fp8": 1978.9}),
    "L40S": Gpu("L40S", 46068 * MIB, {"fp32": 91.6, "bf16": 362.05, "fp8": 733}),
}
# SLURM gres names and other spellings; a bare "a100" is taken as the smaller card
ALIASES = {"a100": "A100-40", "h100": "H100-80", "h200": "H200-141"}


def _key(text: str) -> str:
    return re.sub(r"[^a-z0-9]", "", text.lower()).removesuffix("gb")


def parse_gpu(text: str) -> Gpu:
    """A known GPU (`H100-80`, `h100`, `a100_80g`) or a memory size (`24GB` = 24e9 B, `24GiB`, `24`)."""
    size = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(gb|g|gib)?\s*", text.lower())
    if size:
        scale = 2**30 if size.group(2) == "gib" else 1e9
        if not float(size.group(1)) > 0:
            raise DaptError(f"GPU memory must be positive, got {text!r}")
        return Gpu(f"{text.strip()} GPU", round(float(size.group(1)) * scale))
    key = _key(text).removesuffix("g")
    for name, gpu in GPUS.items():
        if key == _key(name):
            return gpu
    if key in ALIASES:
        return GPUS[ALIASES[key]]
    raise DaptError(f"unknown GPU {text!r}: use one of {', '.join(GPUS)} or a memory size such as 24GB")
