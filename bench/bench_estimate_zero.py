"""The planner's model-state memory against the ZeRO paper (figure 1) and DeepSpeed's own estimators.

DeepSpeed 0.19.8, no offload (deepspeed/runtime/zero/stage_1_and_2.py and stage3.py, formulas copied
here so that the benchmark needs no DeepSpeed install):
  ZeRO-2: 2 * P + 18 * P / N          ZeRO-3: 4 * largest_layer + 18 * P / N
Run: python bench/bench_estimate_zero.py
"""

from __future__ import annotations

from pipeline.estimate import Model, TrainSetup, preset, training_memory

GB = 1e9
STATES = ("weights", "master_weights", "gradients", "optimizer_states", "fp32_gradient_partition")


def ours(model: Model, strategy: str, world: int, deepspeed: bool = True) -> float:
    """Model states per GPU; ZeRO-3 adds the gathered layers (DeepSpeed's `4 * largest_layer` term)."""
    components = training_memory(model, TrainSetup(strategy=strategy, world_size=world)).components
    names = STATES if deepspeed else STATES[:-1]
    if strategy == "zero3" and model.shape:
        names = (*names, "communication_buffers")
    return sum(components[name].bytes for name in names if name in components) / GB


def main() -> None:
    print("ZeRO paper, figure 1 (7.5B, K=12): 120 / 31.4 / 16.6 / 1.9 GB. Ours: its 16-byte convention, then")
    print("with the fp32 gradient partition DeepSpeed keeps (and ZeRO-3's gathered layers)")
    paper = Model("7.5B", 7_500_000_000)
    for strategy, world in (("zero1", 1), ("zero1", 64), ("zero2", 64), ("zero3", 64)):
        plain, deepspeed = ours(paper, strategy, world, False), ours(paper, strategy, world)
        print(f"  {strategy:6s} x{world:<3d} ours {plain:7.2f} GB   DeepSpeed convention {deepspeed:7.2f} GB")
    print("\nDeepSpeed estimators vs ours (model states per GPU, GB)")
    print(f"{'model':14s} {'stage':6s} {'GPUs':>5s} {'DeepSpeed':>10s} {'ours':>8s} {'ratio':>6s}")
    for name in ("llama-1b", "llama-8b", "llama-70b"):
        model = preset(name)
        largest = max(model.shape.layer_params, model.shape.vocab_size * model.shape.hidden_size)
        for world in (8, 64):
            for stage, deepspeed in (
                ("zero2", 2 * model.params + 18 * model.params / world),
                ("zero3", 4 * largest + 18 * model.params / world),
            ):
                mine = ours(model, stage, world)
                ratio = mine * GB / deepspeed
                print(f"{name:14s} {stage:6s} {world:5d} {deepspeed / GB:10.2f} {mine:8.2f} {ratio:6.3f}")


if __name__ == "__main__":
    main()
