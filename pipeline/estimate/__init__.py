"""`dapt estimate`: per-GPU memory and compute of a training job, before it waits hours in a queue.

Pure arithmetic, no torch: `model` (shapes, presets, HF config.json), `hardware` (GPUs), `memory`
(training and inference memory), `compute` (FLOPs, GPU-hours, Chinchilla), `plan` (plans from flags
or a run config, suggestions, the pre-flight check), `render` (JSON and tables).
"""

from __future__ import annotations

import argparse
import json
import sys

from pipeline.errors import DaptError
from pipeline.estimate.compute import training_flops_per_token
from pipeline.estimate.hardware import GPUS, parse_gpu
from pipeline.estimate.memory import (
    ATTENTION,
    CHECKPOINTING,
    OPTIMIZERS,
    PRECISION_ALIASES,
    PRECISIONS,
    STRATEGIES,
    TrainSetup,
    inference_memory,
    training_memory,
)
from pipeline.estimate.model import PRESETS, Model, ModelShape, from_hf_dir, parse_count, preset
from pipeline.estimate.plan import Estimate, Plan, estimate, plan_from_config, preflight

__all__ = [
    "Estimate",
    "Model",
    "ModelShape",
    "Plan",
    "TrainSetup",
    "add_estimate_arguments",
    "estimate",
    "inference_memory",
    "plan_from_args",
    "preflight",
    "run_estimate_cli",
    "training_flops_per_token",
    "training_memory",
]


def add_estimate_arguments(parser: argparse.ArgumentParser) -> None:
    """The `dapt estimate` arguments. Flags left out come from the run config, else the defaults shown."""
    parser.add_argument("config", nargs="?", help="run config (YAML) whose training job to estimate")
    parser.add_argument("overrides", nargs="*", help="dotted key=value overrides of the run config")
    model = parser.add_argument_group("model (one of; default: the run config's)")
    which = model.add_mutually_exclusive_group()
    which.add_argument("--preset", help=f"one of: {', '.join(PRESETS)} (or the hub id it copies)")
    which.add_argument("--model-config", metavar="DIR", help="local HF model directory or its config.json")
    which.add_argument("--params", help="parameter count (1e9, 7B, 350M): model states only, no activations")
    job = parser.add_argument_group("training job")
    job.add_argument("--precision", choices=[*PRECISIONS, *PRECISION_ALIASES], help="default bf16-mixed")
    job.add_argument("--optimizer", choices=OPTIMIZERS, help="default adamw")
    job.add_argument("--strategy", choices=STRATEGIES, help="default single (ddp with --gpus > 1)")
    job.add_argument("--gpus", type=int, help="world size: GPUs in the job (default 1)")
    job.add_argument(
        "--shard-group",
        type=int,
        metavar="N",
        help="hybrid sharding: shard model states over groups of N GPUs, replicated across groups "
        "(HSDP; default: over all --gpus)",
    )
    job.add_argument("--micro-batch", type=int, help="sequences per GPU per step (default 1)")
    job.add_argument("--seq-len", type=int, help="tokens per sequence (default 2048)")
    job.add_argument("--grad-accum", type=int, help="micro-batches per optimizer step (default 1)")
    job.add_argument("--checkpointing", choices=CHECKPOINTING, help="activation checkpointing (default none)")
    job.add_argument(
        "--attention",
        choices=ATTENTION,
        help="default sdpa, as dapt train (flash: the same memory; eager also stores the seq^2 scores)",
    )
    hardware = parser.add_argument_group("hardware and compute")
    hardware.add_argument("--gpu", help=f"{', '.join(GPUS)}, or a memory size such as 24GB or 24GiB")
    utilization = hardware.add_mutually_exclusive_group()
    utilization.add_argument(
        "--hfu",
        type=float,
        help="hardware FLOPs utilization for the time estimate (default 0.4): of the FLOPs executed, "
        "which full checkpointing raises from 6N to ~8N per token",
    )
    utilization.add_argument(
        "--mfu", type=float, help="model FLOPs utilization (6N + attention per token) instead of --hfu"
    )
    hardware.add_argument("--peak-tflops", type=float, help="peak dense TFLOPS per GPU (default: the GPU's)")
    hardware.add_argument(
        "--tokens", help="training tokens (default: the run config's, else Chinchilla 20/param)"
    )
    hardware.add_argument("--context", type=int, help="inference context length (default: --seq-len)")
    hardware.add_argument("--inference-batch", type=int, default=1, help="inference batch size (default 1)")
    parser.add_argument("--json", action="store_true", help="print the estimate as JSON (GB = 1e9 bytes)")


def run_estimate_cli(args: argparse.Namespace) -> None:
    """`dapt estimate`: print the estimate as tables, or as JSON with --json."""
    from pipeline.estimate.render import render, to_json
    from pipeline.logs import setup_logging

    setup_logging(None, quiet=args.quiet or args.json)
    result = estimate(plan_from_args(args))
    if args.json:
        sys.stdout.write(json.dumps(to_json(result), indent=2) + "\n")
        return
    from rich.console import Console

    render(result, Console())


def plan_from_args(args: argparse.Namespace) -> Plan:
    """A plan from `dapt estimate` arguments: the run config's job (if any), then the flags."""
    _check_positive(args)
    base, model = None, _model_from_flags(args)
    if args.config:
        from pipeline.config import load_config

        base = plan_from_config(load_config(args.config, args.overrides, check_inputs=False), model)
        model = base and base.model
    elif args.overrides:
        raise DaptError(f"overrides {args.overrides} need a run config")
    if model is None:
        where = f"the model of {args.config} cannot be resolved offline; " if args.config else ""
        raise DaptError(f"{where}give a model: --preset, --model-config or --params")
    setup = base.setup if base else TrainSetup()
    world = args.gpus or setup.world_size
    strategy = args.strategy or setup.strategy
    if not args.strategy and strategy in ("single", "ddp"):
        strategy = "ddp" if world > 1 else "single"
    for name in ("mfu", "hfu"):
        value = getattr(args, name)
        if value is not None and not 0 < value <= 1:
            raise DaptError(f"--{name} is a fraction in (0, 1], got {value}")
    flags = {
        "precision": args.precision,
        "optimizer": args.optimizer,
        "micro_batch_size": args.micro_batch,
        "seq_len": args.seq_len,
        "grad_accum_steps": args.grad_accum,
        "checkpointing": args.checkpointing,
        "attention": args.attention,
    }
    fields = {**vars(setup), **{k: v for k, v in flags.items() if v is not None}}
    shard_group = args.shard_group or setup.shard_group
    setup = TrainSetup(**{**fields, "strategy": strategy, "world_size": world, "shard_group": shard_group})
    tokens, tokens_source = (parse_count(args.tokens), "--tokens") if args.tokens else (None, "chinchilla")
    if tokens is None and base:
        tokens, tokens_source = base.tokens, base.tokens_source
    return Plan(
        model=model,
        setup=setup,
        gpu=parse_gpu(args.gpu) if args.gpu else base and base.gpu,
        utilization=args.mfu or args.hfu or 0.4,
        utilization_kind="mfu" if args.mfu else "hfu",
        tokens=tokens,
        tokens_source=tokens_source,
        peak_tflops=args.peak_tflops,
        context=args.context,
        inference_batch=args.inference_batch,
        from_run_config=base is not None,
    )


def _check_positive(args: argparse.Namespace) -> None:
    """Counts and rates the planner divides by or multiplies with: a 0 or negative one is a usage error."""
    for flag in ("gpus", "shard_group", "micro_batch", "seq_len", "grad_accum", "context", "inference_batch"):
        value = getattr(args, flag)
        if value is not None and value < 1:
            raise DaptError(f"--{flag.replace('_', '-')} must be at least 1, got {value}")
    if args.peak_tflops is not None and not args.peak_tflops > 0:
        raise DaptError(f"--peak-tflops must be positive, got {args.peak_tflops}")


def _model_from_flags(args: argparse.Namespace) -> Model | None:
    if args.preset:
        return preset(args.preset)
    if args.model_config:
        return from_hf_dir(args.model_config)
    if args.params:
        count = parse_count(args.params)
        return Model("--params (no shapes)", count)
    return None
