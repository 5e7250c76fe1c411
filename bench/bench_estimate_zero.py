"""The planner's model-state memory against the ZeRO paper (figure 1) and DeepSpeed's own estimators.

DeepSpeed's `estimate_zero2_model_states_mem_needs` / `estimate_zero3_model_states_mem_needs` (what its
`..._all_cold` functions print; no offload) run on CPU when DeepSpeed is installed (a bench-only
dependency: `pip install --no-build-isolation deepspeed==0.19.8`); otherwise their formulas, copied
from deepspeed/runtime/zero/stage_1_and_2.py and stage3.py (0.19.8):
  ZeRO-2: 2 * P + 18 * P / N          ZeRO-3: 4 * largest_layer + 18 * P / N
where largest_layer is the largest module's own parameters (the embedding or the LM head here).
Run: python bench/bench_estimate_zero.py
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.estimate import Model, TrainSetup, preset, training_memory  # noqa: E402

GB = 1e9
STATES = ("weights", "master_weights", "gradients", "optimizer_states", "fp32_gradient_partition")


def deepspeed_estimators():
    """DeepSpeed's two GPU-memory estimators (bytes), and where they come from."""
    try:
        import deepspeed
        from deepspeed.runtime.zero.stage3 import estimate_zero3_model_states_mem_needs
        from deepspeed.runtime.zero.stage_1_and_2 import estimate_zero2_model_states_mem_needs
    except ImportError:
        return (
            lambda p, largest, gpus: 2 * p + int(18 * p / gpus),
            lambda p, largest, gpus: 4 * largest + int(18 * p / gpus),
            "formulas copied from DeepSpeed 0.19.8 (not installed)",
        )
    return (
        lambda p, largest, gpus: estimate_zero2_model_states_mem_needs(p, gpus, cpu_offload=False)[1],
        lambda p, largest, gpus: estimate_zero3_model_states_mem_needs(
            p, largest, gpus, cpu_offload=False, cpu_offload_params=False
        )[1],
        f"DeepSpeed {deepspeed.__version__}, called",
    )


def ours(model: Model, strategy: str, world: int, deepspeed: bool = True) -> float:
    """Model states per GPU at the optimizer step; ZeRO-3 adds the gathered layers (DeepSpeed's
    `4 * largest_layer` term)."""
    components = training_memory(model, TrainSetup(strategy=strategy, world_size=world)).components
    names = STATES if deepspeed else STATES[:-1]
    if strategy == "zero3" and model.shape:
        names = (*names, "communication_buffers")
    return sum(components[name].bytes for name in names if name in components) / GB


def main() -> None:
    zero2, zero3, source = deepspeed_estimators()
    print("ZeRO paper, figure 1 (7.5B, K=12): 120 / 31.4 / 16.6 / 1.9 GB. Ours: its 16-byte convention, then")
    print("with the fp32 gradient partition DeepSpeed builds at the step (and ZeRO-3's gathered layers)")
    paper = Model("7.5B", 7_500_000_000)
    for strategy, world in (("zero1", 1), ("zero1", 64), ("zero2", 64), ("zero3", 64)):
        plain, deepspeed = ours(paper, strategy, world, False), ours(paper, strategy, world)
        print(f"  {strategy:6s} x{world:<3d} ours {plain:7.2f} GB   DeepSpeed convention {deepspeed:7.2f} GB")
    print(f"\nDeepSpeed estimators ({source}) vs ours (model states per GPU, GB)")
    print(f"{'model':14s} {'stage':6s} {'GPUs':>5s} {'DeepSpeed':>10s} {'ours':>8s} {'ratio':>6s}")
    for name in ("llama-1b", "llama-8b", "llama-70b"):
        model = preset(name)
        shape = model.shape
        largest = max(shape.vocab_size * shape.hidden_size, shape.intermediate_size * shape.hidden_size)
        for world in (8, 64):
            for stage, estimator in (("zero2", zero2), ("zero3", zero3)):
                theirs = estimator(model.params, largest, world)
                mine = ours(model, stage, world)
                ratio = mine * GB / theirs
                print(f"{name:14s} {stage:6s} {world:5d} {theirs / GB:10.2f} {mine:8.2f} {ratio:6.3f}")


if __name__ == "__main__":
    main()
