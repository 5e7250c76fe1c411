"""Eager attention on CPU: the planner's peak against the op-by-op peak of live tensors of a real step.

A 4-layer transformers Llama (hidden 256, 8 heads, vocabulary 1,000), micro-batch 1, sequence 512:
there the b * heads * s^2 attention scores dominate. The measurement is the one tests/test_estimate.py
uses (a TorchDispatchMode that tracks live tensor storages: what torch.cuda.max_memory_allocated
measures on a GPU). Prints MB (1e6 bytes).

    python bench/bench_estimate_eager.py     # about 3 minutes on 2 busy cores
"""

from __future__ import annotations

import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:0] = [str(REPO), str(REPO / "tests")]

from pipeline.estimate import TrainSetup, training_memory  # noqa: E402

CASES = [  # precision, checkpointing, attention
    ("fp32", "full", "eager"),
    ("bf16-mixed", "full", "eager"),
    ("fp32", "none", "eager"),
    ("bf16-mixed", "none", "eager"),
    ("fp32", "full", "sdpa"),
]


def main() -> None:
    import torch
    from test_estimate import live_tensor_peak, tiny_llama

    print("precision   ckpt  attention  measured predicted  ratio  phase")
    for precision, checkpointing, attention in CASES:
        model, planned = tiny_llama(attention)
        if checkpointing == "full":
            model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
        optimizer = torch.optim.AdamW(model.parameters(), fused=True)
        measured = live_tensor_peak(model, optimizer, torch.randint(0, 1000, (1, 513)), precision)
        setup = TrainSetup(precision=precision, seq_len=512, checkpointing=checkpointing, attention=attention)
        memory = training_memory(planned, setup)
        peak = memory.peak_allocated
        print(
            f"{precision:11s} {checkpointing:5s} {attention:9s} {measured / 1e6:9.2f} "
            f"{peak / 1e6:9.2f} {peak / measured:6.3f}  {memory.peak_phase}",
            flush=True,
        )


if __name__ == "__main__":
    main()
