"""`dapt estimate` against a real GPU: predicted peak memory vs torch.cuda.max_memory_allocated.

Each configuration builds a transformers Llama-style model on the GPU (fp32 parameters, SDPA) and
runs real training steps the way dapt's train loop does (bf16 autocast, logits kept until backward,
fp32 cross-entropy, clipping, fused AdamW, zero_grad(set_to_none=True)); the peak over the steps is
compared with the planner's `peak_allocated` (CUDA context and allocator slack are not in
max_memory_allocated, so they are left out of the comparison; reserved memory is printed too).

    python bench/gpu_estimate_check.py            # on one H100/H200: about a minute
    python bench/gpu_estimate_check.py --dry-run  # the predictions only (no GPU, no torch needed)

Prints JSON: per configuration predicted and measured GB (1e9 bytes) and their ratio.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from pipeline.estimate import Model, TrainSetup, preset, training_memory  # noqa: E402
from pipeline.estimate.model import ModelShape  # noqa: E402

# (name, preset, micro-batch, sequence length, checkpointing): ~360M and ~1.2B Llama-style models,
# peaks bound by activations and by gradients, with and without full activation checkpointing
CONFIGS = [
    ("smollm2-360m mb8 s2048", "smollm2-360m", 8, 2048, "none"),
    ("smollm2-360m mb16 s2048 ckpt", "smollm2-360m", 16, 2048, "full"),
    ("llama-1b mb2 s2048", "llama-1b", 2, 2048, "none"),
    ("llama-1b mb4 s2048 ckpt", "llama-1b", 4, 2048, "full"),
    ("llama-1b mb1 s512 ckpt (gradient-bound)", "llama-1b", 1, 512, "full"),
]
STEPS = 3
GB = 1e9


def predict(model: Model, micro_batch: int, seq_len: int, checkpointing: str) -> dict:
    setup = TrainSetup(
        precision="bf16-mixed",
        optimizer="adamw",
        micro_batch_size=micro_batch,
        seq_len=seq_len,
        checkpointing=checkpointing,
        attention="sdpa",
    )
    memory = training_memory(model, setup)
    return {
        "predicted_peak_allocated_gb": round(memory.peak_allocated / GB, 3),
        "predicted_total_gb": round(memory.total / GB, 3),
        "predicted_peak_phase": memory.peak_phase,
    }


def hf_config(shape: ModelShape, seq_len: int):
    from transformers import LlamaConfig

    return LlamaConfig(
        hidden_size=shape.hidden_size,
        intermediate_size=shape.intermediate_size,
        num_hidden_layers=shape.num_layers,
        num_attention_heads=shape.num_heads,
        num_key_value_heads=shape.num_kv_heads,
        head_dim=shape.head_dim,
        vocab_size=shape.vocab_size,
        tie_word_embeddings=shape.tie_word_embeddings,
        max_position_embeddings=seq_len,
        attn_implementation="sdpa",
    )


def measure(shape: ModelShape, micro_batch: int, seq_len: int, checkpointing: str) -> dict:
    """Peak allocated and reserved bytes over STEPS real training steps, as dapt's train_step runs them."""
    import gc

    import torch
    import torch.nn.functional as F
    from transformers import LlamaForCausalLM

    gc.collect()
    torch.cuda.empty_cache()
    torch.cuda.reset_peak_memory_stats()
    before = torch.cuda.memory_allocated()
    with torch.device("cuda"):
        model = LlamaForCausalLM(hf_config(shape, seq_len)).train()
    if checkpointing == "full":
        if hasattr(model, "activation_checkpointing_enable"):  # transformers >= 5.24
            model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
        else:
            model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    optimizer = torch.optim.AdamW(model.parameters(), lr=1e-4, fused=True)
    batch = torch.randint(0, shape.vocab_size, (micro_batch, seq_len + 1), device="cuda")
    inputs, targets = batch[:, :-1], batch[:, 1:]
    started = time.perf_counter()
    for _ in range(STEPS):
        with torch.autocast("cuda", dtype=torch.bfloat16):
            logits = model(input_ids=inputs, use_cache=False).logits
            loss = F.cross_entropy(logits.float().flatten(0, 1), targets.reshape(-1))
        loss.backward()
        del logits, loss
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        optimizer.zero_grad(set_to_none=True)
    torch.cuda.synchronize()
    seconds = time.perf_counter() - started
    result = {
        "measured_max_allocated_gb": round((torch.cuda.max_memory_allocated() - before) / GB, 3),
        "measured_max_reserved_gb": round(torch.cuda.max_memory_reserved() / GB, 3),
        "seconds_per_step": round(seconds / STEPS, 3),
    }
    del model, optimizer, batch, inputs, targets
    return result


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--dry-run", action="store_true", help="print the predictions only")
    parser.add_argument("--out", help="also write the JSON here")
    args = parser.parse_args()
    report: dict = {"steps": STEPS, "results": []}
    if not args.dry_run:
        import torch
        import transformers

        if not torch.cuda.is_available():
            sys.exit("no CUDA device: run with --dry-run for the predictions only")
        report.update(
            device=torch.cuda.get_device_name(),
            torch=torch.__version__,
            transformers=transformers.__version__,
        )
    for name, preset_name, micro_batch, seq_len, checkpointing in CONFIGS:
        model = preset(preset_name)
        row = {
            "name": name,
            "params": model.params,
            "micro_batch": micro_batch,
            "seq_len": seq_len,
            "checkpointing": checkpointing,
            **predict(model, micro_batch, seq_len, checkpointing),
        }
        if not args.dry_run:
            try:
                row.update(measure(model.shape, micro_batch, seq_len, checkpointing))
                row["ratio_predicted_over_measured"] = round(
                    row["predicted_peak_allocated_gb"] / row["measured_max_allocated_gb"], 3
                )
            except Exception as exc:  # an OOM or a kernel problem in one configuration: report it, go on
                row["error"] = f"{type(exc).__name__}: {exc}"[:500]
        report["results"].append(row)
        print(json.dumps(row), file=sys.stderr, flush=True)
    ratios = [
        r["ratio_predicted_over_measured"] for r in report["results"] if "ratio_predicted_over_measured" in r
    ]
    if ratios:
        report["max_abs_error"] = round(max(abs(r - 1) for r in ratios), 3)
        report["all_within_10_percent"] = all(abs(r - 1) <= 0.10 for r in ratios)
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n")


if __name__ == "__main__":
    main()
