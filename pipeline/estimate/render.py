"""An estimate as JSON (`--json`) or as rich tables for humans. GB = 1e9 bytes throughout."""

from __future__ import annotations

import io

from pipeline.estimate.memory import ALLOCATOR_SLACK, CUDA_CONTEXT_BYTES, NCCL_BYTES
from pipeline.estimate.plan import Estimate

GB = 1e9
LABELS = {
    "weights": "weights",
    "master_weights": "master weights",
    "gradients": "gradients",
    "optimizer_states": "optimizer states",
    "fp32_gradient_partition": "fp32 gradient partition",
    "activations": "activations",
    "logits_and_loss": "logits + loss",
    "communication_buffers": "communication buffers",
    "framework_overhead": "framework overhead",
}
VERDICT_STYLE = {"fits": "bold green", "tight": "bold yellow", "does not fit": "bold red", "unknown": "bold"}


def _gb(value: float | None, digits: int = 3) -> float | None:
    return None if value is None else round(value / GB, digits)


def to_json(est: Estimate) -> dict:
    """The estimate as plain data; every memory figure in GB (`*_gb`, 1e9 bytes) and in bytes."""
    plan, memory, setup, model = est.plan, est.training, est.plan.setup, est.plan.model
    per_gpu = {f"{name}_gb": _gb(c.bytes) for name, c in memory.components.items()}
    per_gpu.update(
        peak_allocated_gb=_gb(memory.peak_allocated),
        total_gb=_gb(memory.total),
        gpu_memory_gb=_gb(plan.gpu.memory_bytes) if plan.gpu else None,
    )
    per_gpu["bytes"] = {name: c.bytes for name, c in memory.components.items()}
    per_gpu["bytes"].update(peak_allocated=memory.peak_allocated, total=memory.total)
    compute = est.compute
    return {
        "units": {"gb": "1e9 bytes"},
        "model": {"name": model.name, "params": model.params, **(vars(model.shape) if model.shape else {})},
        "setup": {**vars(setup), "gpu": plan.gpu.name if plan.gpu else None},
        "memory_per_gpu": per_gpu,
        "lifetimes": {name: c.lifetime for name, c in memory.components.items()},
        "activation_terms_gb": {name: _gb(value) for name, value in memory.activation_terms.items()},
        "saved_for_backward_gb": _gb(memory.saved_for_backward),
        "peak_phase": memory.peak_phase,
        "complete": memory.complete,
        "verdict": est.verdict,
        "suggestions": [
            {"changes": s.changes, "total_gb": _gb(s.total), "flags": s.cli, "config": s.config}
            for s in est.suggestions
        ],
        "inference": {
            "context": plan.context or setup.seq_len,
            "batch": plan.inference_batch,
            "by_quantization": [
                {
                    "quantization": m.quantization,
                    "weights_gb": _gb(m.weights),
                    "kv_cache_gb": _gb(m.kv_cache),
                    "working_gb": _gb(m.working),
                    "overhead_gb": _gb(m.overhead),
                    "total_gb": _gb(m.total),
                    "fits": None if plan.gpu is None else m.total <= plan.gpu.memory_bytes,
                }
                for m in est.inference
            ],
        },
        "compute": {
            "flops_per_token": compute.flops_per_token,
            "hardware_flops_per_token": compute.hardware_flops_per_token,
            "tokens": compute.tokens,
            "tokens_source": compute.tokens_source,
            "total_flops": compute.total_flops,
            "total_hardware_flops": compute.total_hardware_flops,
            "chinchilla_optimal_tokens": compute.chinchilla_tokens,
            "gpus": compute.gpus,
            "utilization_given": compute.utilization_kind,
            "hfu": compute.hfu,
            "mfu": compute.mfu,
            "peak_flops_per_gpu": compute.peak_flops_per_gpu,
            "gpu_hours": compute.gpu_hours,
            "days": compute.days,
        },
        "assumptions": assumptions(),
        "notes": est.notes,
    }


def assumptions() -> list[str]:
    return [
        "activations: every tensor autograd saves in a transformers Llama layer (Korthikanti et al. 2022 "
        "accounting; RMSNorm fp32 upcast, GQA, SwiGLU), one micro-batch per GPU",
        "logits + loss: the logits (kept until backward, as dapt's train loop does), the fp32 log-softmax "
        "of the cross-entropy and its two fp32 gradients at the start of backward",
        "peak = always-resident + the heaviest moment: the start of backward, the optimizer step, (full "
        "checkpointing) the backward of a recomputed layer or (eager) of a layer's attention; "
        "zero_grad(set_to_none=True) frees the gradients",
        "bf16/fp16-mixed: torch autocast with fp32 parameters (single, ddp), FSDP mixed precision (fsdp), "
        "DeepSpeed 16-bit model + fp32 master (zero1-3); AdamW fused (no step temporaries)",
        "model states: the ZeRO paper's 16 bytes per parameter (2 weights + 2 gradients + 12 Adam and "
        "master); DeepSpeed ZeRO also builds an fp32 gradient partition at the optimizer step (4 more: "
        "its estimators' 2 + 18/N), its own row",
        "attention: sdpa (dapt train's) and flash store no seq^2 scores; eager stores the fp32 softmax and "
        "its 16-bit copy, and a layer's backward holds three fp32 seq^2 tensors at its softmax",
        "time: hardware FLOPs (model FLOPs 6N + attention, plus what checkpointing recomputes: ~8N with "
        "full) at the HFU; an MFU given instead counts model FLOPs only",
        f"framework overhead: CUDA context {CUDA_CONTEXT_BYTES / GB:g} GB, NCCL {NCCL_BYTES / GB:g} GB when "
        f"distributed, allocator fragmentation {ALLOCATOR_SLACK:.0%} of the peak",
        "inference: matmul weights quantized (int8: per-row scales, int4: group-128 scale+zero), "
        "embeddings and norms in 16 bit, KV cache in 16 bit",
    ]


# ----------------------------------------------------------------------------------- tables
def render(est: Estimate, console, brief: bool = False) -> None:
    """Print the estimate as rich tables (`brief`: training memory, verdict and suggestions only)."""
    from rich.table import Table

    plan, memory, setup, model = est.plan, est.training, est.plan.setup, est.plan.model
    gpu = plan.gpu
    console.print(f"[bold]{model.name}[/]: {model.params / 1e9:.3g}B parameters")
    console.print(
        f"{setup.precision}, {setup.optimizer}, {setup.strategy} on {setup.world_size} GPU(s)"
        f"{_hybrid(setup)}"
        f"{f' ({gpu.name}, {gpu.memory_bytes / GB:.1f} GB)' if gpu else ''}; "
        f"micro-batch {setup.micro_batch_size}"
        f" x {setup.seq_len} tokens, grad accumulation {setup.grad_accum_steps}, checkpointing "
        f"{setup.checkpointing}, {setup.attention} attention"
    )
    table = Table(title="Training memory per GPU (GB = 1e9 bytes)", title_justify="left")
    table.add_column("component", no_wrap=True, min_width=28)
    table.add_column("GB", justify="right", no_wrap=True, min_width=7)
    table.add_column("alive", min_width=10)
    table.add_column("what", ratio=1)
    for name, component in memory.components.items():
        table.add_row(LABELS[name], _fmt(component.bytes), component.lifetime, component.note)
        if name == "activations":
            for term, value in memory.activation_terms.items():
                table.add_row(f"  {term}", f"[dim]{_fmt(value)}[/]", "", "")
    table.add_section()
    table.add_row(
        "peak allocated",
        _fmt(memory.peak_allocated),
        f"at {memory.peak_phase}",
        "" if memory.complete else "lower bound: activations unknown",
    )
    table.add_row(
        "[bold]total[/]",
        f"[bold]{_fmt(memory.total)}[/]",
        "",
        f"of {gpu.memory_bytes / GB:.1f} GB ({memory.total / gpu.memory_bytes:.0%})" if gpu else "",
    )
    console.print(table)
    console.print(f"verdict: [{VERDICT_STYLE[est.verdict]}]{est.verdict}[/]")
    for suggestion in est.suggestions:
        share = f" ({suggestion.total / gpu.memory_bytes:.0%})"
        line = f"  fits with {suggestion.cli}: {_fmt(suggestion.total)} GB{share}"
        console.print(line + (f"  [dim](run config: {suggestion.config})[/]" if suggestion.config else ""))
    if est.verdict == "does not fit" and memory.complete and not est.suggestions:
        console.print("  no change considered here fits: use more GPUs or a smaller model")
    for note in est.notes:
        console.print(f"[dim]note: {note}[/]")
    if brief:
        return
    console.print(_inference_table(est))
    console.print(_compute_table(est))
    console.print("[dim]assumptions:\n" + "\n".join(f"  - {a}" for a in assumptions()) + "[/]")


def _inference_table(est: Estimate):
    from rich.table import Table

    context = est.plan.context or est.plan.setup.seq_len
    table = Table(
        title=f"Inference memory (batch {est.plan.inference_batch}, context {context}; GB)",
        title_justify="left",
    )
    for column in ("weights", "GB", "KV cache", "prefill", "total", "fits"):
        table.add_column(column, justify="left" if column == "weights" else "right")
    for m in est.inference:
        fits = "" if est.plan.gpu is None else ("yes" if m.total <= est.plan.gpu.memory_bytes else "no")
        table.add_row(m.quantization, _fmt(m.weights), _fmt(m.kv_cache), _fmt(m.working), _fmt(m.total), fits)
    return table


def _compute_table(est: Estimate):
    from rich.table import Table

    c = est.compute
    table = Table(title="Training compute", title_justify="left", show_header=False)
    table.add_column(justify="left")
    table.add_column(justify="right")
    table.add_row("model FLOPs per token (6N + attention; MFU counts these)", f"{c.flops_per_token:.3e}")
    table.add_row(
        f"hardware FLOPs per token (checkpointing {est.plan.setup.checkpointing}; HFU counts these)",
        f"{c.hardware_flops_per_token:.3e}",
    )
    table.add_row(f"tokens ({c.tokens_source})", f"{c.tokens:.3e}")
    table.add_row("Chinchilla-optimal tokens (20 per parameter)", f"{c.chinchilla_tokens:.3e}")
    table.add_row("total model FLOPs", f"{c.total_flops:.3e}")
    table.add_row("total hardware FLOPs", f"{c.total_hardware_flops:.3e}")
    if c.gpu_hours is None:
        table.add_row("GPU-hours", "unknown GPU peak: pass --gpu or --peak-tflops")
    else:
        table.add_row(
            f"GPU-hours at {c.hfu:.0%} HFU ({c.mfu:.0%} MFU; {c.peak_flops_per_gpu / 1e12:g} TFLOPS peak)",
            f"{c.gpu_hours:,.1f}",
        )
        table.add_row(f"days on {c.gpus} GPU(s)", f"{c.days:,.2f}")
    return table


def _hybrid(setup) -> str:
    if setup.shard_group is None:
        return ""
    return f" (sharded over {setup.shard_group}, {setup.world_size // setup.shard_group} replicas)"


def _fmt(value: int | None) -> str:
    return "?" if value is None else f"{value / GB:,.2f}"


def render_text(est: Estimate, width: int = 120, brief: bool = True) -> str:
    """The tables as plain text (for error messages and logs)."""
    from rich.console import Console

    buffer = io.StringIO()
    console = Console(file=buffer, width=width, color_system=None, force_terminal=False, soft_wrap=True)
    render(est, console, brief=brief)
    return buffer.getvalue().rstrip()
