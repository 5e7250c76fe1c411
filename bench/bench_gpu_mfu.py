"""GPU benchmark: model FLOPs utilization (MFU) of dapt's own training step on a Llama-style model.

Our `train_step` (bf16 autocast, fp32 master weights, fused AdamW, clipping) on random tokens at
sequence 2048, one GPU; prints JSON: tokens/s, MFU against the GPU's dense bf16 peak, peak memory
allocated, and `dapt estimate`'s prediction of that peak. Target (issue 4): MFU >= 45% on H100/H200.

    python bench/bench_gpu_mfu.py                        # TinyLlama-1.1B shape, micro-batch 8
    python bench/bench_gpu_mfu.py --model 350m --micro-batch 16
    python bench/bench_gpu_mfu.py --compile              # torch.compile (adds ~1 min of compiling)
    python bench/bench_gpu_mfu.py --model tiny --steps 2 --warmup 1   # smoke test, runs on CPU too

Needs only torch, transformers, accelerate and this package; nothing is downloaded. About 1-2
minutes on one H100 without --compile.
"""

from __future__ import annotations

import argparse
import json
import time

import torch

MODELS = {  # Llama-style shapes; vocabulary 32,000 (Llama 2 / TinyLlama)
    "tiny": {
        "hidden_size": 64,
        "intermediate_size": 176,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "num_key_value_heads": 4,
    },
    "350m": {
        "hidden_size": 1024,
        "intermediate_size": 2816,
        "num_hidden_layers": 24,
        "num_attention_heads": 16,
        "num_key_value_heads": 16,
    },
    "1b": {
        "hidden_size": 2048,
        "intermediate_size": 5632,
        "num_hidden_layers": 22,
        "num_attention_heads": 32,
        "num_key_value_heads": 4,
    },  # TinyLlama-1.1B
}


def predicted_peak_bytes(model_config, micro_batch: int, seq_len: int, checkpointing: bool) -> int | None:
    """`dapt estimate`'s peak allocated memory for this job (None if the planner is unavailable)."""
    try:
        from pipeline.estimate import Model, TrainSetup, training_memory
        from pipeline.estimate.model import shape_from_hf_config
    except ImportError:
        return None
    shape = shape_from_hf_config(model_config.to_dict(), "bench")
    setup = TrainSetup(
        precision="bf16-mixed",
        optimizer="adamw",
        micro_batch_size=micro_batch,
        seq_len=seq_len,
        checkpointing="full" if checkpointing else "none",
        attention="sdpa",
    )
    return training_memory(Model.from_shape("bench", shape), setup).peak_allocated


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", choices=MODELS, default="1b")
    parser.add_argument("--seq-len", type=int, default=2048)
    parser.add_argument("--micro-batch", type=int, default=8)
    parser.add_argument("--steps", type=int, default=20, help="timed steps")
    parser.add_argument("--warmup", type=int, default=5, help="untimed steps first")
    parser.add_argument("--compile", action="store_true")
    parser.add_argument("--activation-checkpointing", action="store_true")
    args = parser.parse_args()

    from accelerate import Accelerator
    from transformers import AutoModelForCausalLM, LlamaConfig

    from pipeline.config import TrainConfig
    from pipeline.train.loop import make_optimizer, train_step
    from pipeline.train.model import flops_per_token, memory_gb, peak_flops

    cuda = torch.cuda.is_available()
    accelerator = Accelerator(cpu=not cuda, mixed_precision="bf16" if cuda else "no")
    device = accelerator.device
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=32000, max_position_embeddings=args.seq_len, **MODELS[args.model])
    with torch.device(device):
        model = AutoModelForCausalLM.from_config(config, attn_implementation="sdpa", dtype=torch.float32)
    params = sum(p.numel() for p in model.parameters())
    flops = flops_per_token(model, args.seq_len)
    if args.activation_checkpointing:
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    if args.compile:
        model.compile()
    optimizer = make_optimizer(model, TrainConfig(lr=3e-4), device)
    model, optimizer = accelerator.prepare(model, optimizer)
    model.train()
    batches = [torch.randint(0, config.vocab_size, (args.micro_batch, args.seq_len + 1)) for _ in range(4)]

    def sync() -> None:
        if cuda:
            torch.cuda.synchronize()

    started = time.perf_counter()
    for step in range(args.warmup):
        train_step(accelerator, model, optimizer, [batches[step % 4]], 1.0)
    sync()
    warmup_s = time.perf_counter() - started
    times = []
    for step in range(args.steps):
        start = time.perf_counter()
        loss, _ = train_step(accelerator, model, optimizer, [batches[step % 4]], 1.0)
        sync()
        times.append(time.perf_counter() - start)
    tokens_per_s = args.steps * args.micro_batch * args.seq_len / sum(times)
    peak = peak_flops(device, bf16=cuda)
    predicted = predicted_peak_bytes(config, args.micro_batch, args.seq_len, args.activation_checkpointing)
    measured = torch.cuda.max_memory_allocated(device) if cuda else None
    print(
        json.dumps(
            {
                "device": torch.cuda.get_device_name(device) if cuda else "cpu",
                "torch": torch.__version__,
                "model": args.model,
                "parameters": params,
                "seq_len": args.seq_len,
                "micro_batch": args.micro_batch,
                "compile": args.compile,
                "activation_checkpointing": args.activation_checkpointing,
                "flops_per_token": flops,
                "tokens_per_s": round(tokens_per_s),
                "step_s_median": round(sorted(times)[len(times) // 2], 4),
                "warmup_s": round(warmup_s, 1),
                "mfu": round(flops * tokens_per_s / peak, 4) if peak else None,
                "peak_tflops": peak / 1e12 if peak else None,
                "peak_memory_allocated_gb": round(measured / 1e9, 2)
                if measured
                else round(memory_gb(device), 2),
                "estimate_peak_allocated_gb": round(predicted / 1e9, 2) if predicted else None,
                "final_loss": round(loss.item(), 4),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
