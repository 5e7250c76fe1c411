"""The training loop, top to bottom (nanoGPT style). One code path for one process and for N under
`accelerate launch` (DDP; FSDP with train.accelerate_config=configs/accelerate/fsdp.yaml):

    accelerator -> tokenizer and data -> model and AdamW -> resume -> tracker
    -> each step: lr, micro-batches (gradient accumulation), clip, update; log, eval, checkpoint,
       preemption check
    -> final eval and checkpoint -> model/ (HF directory + model card) -> done marker
"""

from __future__ import annotations

import logging
import math
import shutil
import time
from contextlib import nullcontext
from pathlib import Path

import torch
import torch.nn.functional as F

from pipeline.config import RunConfig, TrainConfig, changed_keys
from pipeline.errors import DaptError
from pipeline.evalsets import load_eval_sets
from pipeline.evaluate import bits_per_byte, eval_windows, loss_sums, text_windows
from pipeline.rundir import RunDir
from pipeline.train.checkpoint import (
    INTERRUPTED_EXIT_CODE,
    PREEMPTED,
    PREEMPTED_EXIT_CODE,
    Preemption,
    TrainerState,
    checkpoint_to_resume,
    complete_checkpoints,
    load_checkpoint,
    mark_preempted,
    read_meta,
    resume_view,
    save_checkpoint,
)
from pipeline.train.data import MixedTokens, repetition_warnings, shard_fingerprints
from pipeline.train.model import (
    export_model,
    flops_per_token,
    load_model,
    load_tokenizer,
    memory_gb,
    peak_flops,
    tokenizer_source,
)
from pipeline.train.schedule import lr_at
from pipeline.train.tracking import Tracker

log = logging.getLogger(__name__)


class Preempted(Exception):
    """Raised once the preemption checkpoint is saved; callers exit with `exit_code`:
    PREEMPTED_EXIT_CODE (SIGUSR1, SIGTERM: requeue) or INTERRUPTED_EXIT_CODE (Ctrl-C: stop)."""

    def __init__(self, message: str, interrupted: bool = False):
        super().__init__(message)
        self.exit_code = INTERRUPTED_EXIT_CODE if interrupted else PREEMPTED_EXIT_CODE


def train(config: RunConfig, force: bool = False) -> None:
    """Train (or continue training) the run's model; every process of a launch calls this."""
    from accelerate import Accelerator
    from accelerate.utils import set_seed

    cfg, run = config.train, RunDir(config.run.output_dir)
    accelerator = Accelerator(
        cpu=not torch.cuda.is_available(), mixed_precision=_mixed_precision(cfg.precision)
    )
    device, rank, world = accelerator.device, accelerator.process_index, accelerator.num_processes
    main = accelerator.is_main_process
    precision = "bf16" if accelerator.mixed_precision == "bf16" else "fp32"
    if run.is_done("train") and not force and not finished_run_goes_on(config, run):
        if main:
            log.info("train is already done: %s (--force to run it again)", run.model)
        return
    set_seed(config.run.seed)

    # ------------------------------------------------------------------------ tokenizer and data
    tokenizer = load_tokenizer(tokenizer_source(config))
    tokens_dir = Path(cfg.tokens_dir or run.tokens)
    data = MixedTokens(tokens_dir, cfg.mix, cfg.seq_len, cfg.eval_tokens, config.run.seed)
    data.check_tokenizer(tokenizer)
    heldout = {name: eval_windows(tokens, cfg.seq_len) for name, tokens in data.heldout().items()}
    heldout_text = {
        text.name: (*text_windows(tokenizer, text.documents, cfg.seq_len), text.n_bytes)
        for text in load_eval_sets(config)
    }
    samples_per_step = cfg.micro_batch_size * cfg.grad_accum_steps * world
    tokens_per_step = samples_per_step * cfg.seq_len

    # ------------------------------------------------------------------------ model and optimizer
    model = load_model(config, tokenizer)
    n_params = sum(p.numel() for p in model.parameters())
    flops_token = flops_per_token(model, cfg.seq_len)
    if cfg.activation_checkpointing:
        model.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": False})
    if cfg.compile:
        model.compile()
    optimizer = make_optimizer(model, cfg, device)
    model, optimizer = accelerator.prepare(model, optimizer)

    # ------------------------------------------------------------------------ resume
    state = TrainerState()
    checkpoint = _checkpoint_to_resume(run, config, accelerator, force)
    if checkpoint is not None:
        state = load_checkpoint(checkpoint, accelerator, model, optimizer)
        if main:
            log.info(
                "resumed from %s: step %d, %s tokens seen", checkpoint, state.step, f"{state.tokens_seen:,}"
            )
    if main:
        (run.checkpoints / PREEMPTED).unlink(missing_ok=True)
    manifest = {**data.manifest(), "report": _report_summary(run, tokens_dir)}
    tracker = Tracker(config, state.step, state.wandb_id, manifest, enabled=main)
    state.wandb_id = tracker.wandb_id
    if main:
        epochs = data.epochs(samples_per_step * cfg.max_steps)
        log.info(
            "training %.1fM parameters for %d steps of %d x %d tokens (%s tokens/step) on %d process(es) "
            "(%s, %s); epochs per source: %s",
            n_params / 1e6,
            cfg.max_steps,
            samples_per_step,
            cfg.seq_len,
            f"{tokens_per_step:,}",
            world,
            device.type,
            precision,
            {name: round(e, 3) for name, e in epochs.items()},
        )
        for warning in repetition_warnings(epochs):
            log.warning("%s", warning)

    # ------------------------------------------------------------------------ the loop
    preemption = Preemption()
    peak = peak_flops(device, precision == "bf16")
    last_saved = state.step if checkpoint is not None else -1
    last_eval, eval_metrics = -1, {}

    def eval_now() -> None:
        nonlocal last_eval, eval_metrics
        eval_metrics = evaluate(model, heldout, accelerator, cfg.micro_batch_size, heldout_text)
        last_eval = state.step
        tracker.log(state.step, eval_metrics)
        if main:
            log.info("eval step %d | %s", state.step, _ppl_line(eval_metrics))

    def checkpoint_now() -> None:
        nonlocal last_saved
        save_checkpoint(
            run.checkpoints, state, accelerator, model, optimizer, config, cfg.checkpoint.keep_last
        )
        last_saved = state.step

    def stop_if_asked() -> None:
        """At a step boundary: after SIGUSR1/SIGTERM/SIGINT on any rank, every rank checkpoints and stops."""
        if preemption.agreed(accelerator):
            if last_saved != state.step:
                checkpoint_now()
            if main:
                mark_preempted(run.checkpoints, state.step)
            raise Preempted(
                f"stopped on request after step {state.step}; resume with the same command",
                interrupted=preemption.interrupted,
            )

    interval_loss, interval_steps = torch.zeros((), device=device), 0
    interval_start, paused = time.perf_counter(), 0.0  # wall clock of the steps since the last log
    model.train()
    try:
        while state.step < cfg.max_steps:
            started = time.perf_counter()
            lr = lr_at(state.step, cfg.lr, cfg.min_lr, cfg.warmup_steps, cfg.max_steps)
            for group in optimizer.param_groups:
                group["lr"] = lr
            micro_batches = [
                data.micro_batch(state.samples_seen, m, rank, world, cfg.micro_batch_size)
                for m in range(cfg.grad_accum_steps)
            ]
            loss, grad_norm = train_step(accelerator, model, optimizer, micro_batches, cfg.grad_clip)
            state.step += 1
            state.samples_seen += samples_per_step
            state.tokens_seen += tokens_per_step
            interval_loss += loss
            interval_steps += 1
            state.train_time_s += time.perf_counter() - started

            if state.step % cfg.log_every == 0 or state.step == cfg.max_steps:
                tokens_per_s = (
                    interval_steps * tokens_per_step / (time.perf_counter() - interval_start - paused)
                )
                metrics = {
                    "train/loss": accelerator.reduce(interval_loss, "mean").item() / interval_steps,
                    "train/lr": lr,
                    "train/grad_norm": grad_norm.item(),
                    "train/tokens_per_s": tokens_per_s,
                    "train/tokens_seen": state.tokens_seen,
                    "train/mfu": flops_token * tokens_per_s / (peak * world) if peak else None,
                    "train/memory_gb": memory_gb(device),
                }
                tracker.log(state.step, metrics)
                if main:
                    log.info("step %d/%d | %s", state.step, cfg.max_steps, _progress(metrics))
                interval_loss, interval_steps = torch.zeros((), device=device), 0
                interval_start, paused = time.perf_counter(), 0.0

            pause_start = time.perf_counter()
            if state.step % cfg.eval_every == 0:
                eval_now()
            if state.step % cfg.checkpoint.every_steps == 0:
                checkpoint_now()
            paused += time.perf_counter() - pause_start
            stop_if_asked()

        # -------------------------------------------------------------------- the end
        if last_saved != state.step:
            checkpoint_now()
        stop_if_asked()  # what is left (eval, export) is redone on resume
        if last_eval != state.step:
            eval_now()
        record = {
            "run_dir": str(run.root),
            "run_name": config.run.name,
            "base_model": config.model.path,
            "model_type": accelerator.unwrap_model(model).config.model_type,
            "parameters": n_params,
            "tokenizer": tokenizer_source(config),
            "seq_len": cfg.seq_len,
            "steps": state.step,
            "tokens_seen": state.tokens_seen,
            "heldout_tokens": {str((tokens_dir / name).resolve()): cfg.eval_tokens for name in data.names},
            "final_eval": {k.removeprefix("eval/ppl/"): v for k, v in eval_metrics.items() if "/ppl/" in k},
            "final_bits_per_byte": {
                k.removeprefix("eval/bpb/"): v for k, v in eval_metrics.items() if "/bpb/" in k
            },
            "eval_sets": {name: {"bytes": n_bytes} for name, (_, _, n_bytes) in heldout_text.items()},
            "compute": {
                "device": torch.cuda.get_device_name(device) if device.type == "cuda" else "cpu",
                "processes": world,
                "precision": precision,
                "train_time_s": round(state.train_time_s, 1),
                "device_hours": round(state.train_time_s * world / 3600, 4),
                "flops": flops_token * state.tokens_seen,
            },
            "wandb_id": state.wandb_id,
            "data": manifest,
            "config": config.model_dump(mode="json"),
        }
        export_model(accelerator, model, tokenizer, run.model, record)
        if main:
            from pipeline.modelcard import write_model_card

            write_model_card(run.root, config)
            data_fingerprints = {
                n: [s["fingerprint"] for s in m["shards"]] for n, m in manifest["sources"].items()
            }
            done = {"steps": state.step, "tokens_seen": state.tokens_seen, "settings": resume_view(config)}
            run.mark_done("train", {**done, "data": data_fingerprints})
    finally:
        preemption.uninstall()
        tracker.finish()
    accelerator.wait_for_everyone()


def train_step(accelerator, model, optimizer, micro_batches: list[torch.Tensor], grad_clip: float):
    """One optimizer step over `micro_batches` (each (batch, seq_len + 1) tokens): gradient
    accumulation without gradient sync until the last micro-batch, clipping, AdamW.

    Returns the mean loss and the gradient norm before clipping, as tensors (no device sync).
    """
    total = torch.zeros((), device=accelerator.device)
    for i, batch in enumerate(micro_batches):
        batch = batch.to(accelerator.device, non_blocking=True)
        inputs, targets = batch[:, :-1], batch[:, 1:]
        last = i == len(micro_batches) - 1
        with nullcontext() if last else accelerator.no_sync(model):
            logits = model(input_ids=inputs, use_cache=False).logits
            loss = F.cross_entropy(logits.float().flatten(0, 1), targets.reshape(-1))
            accelerator.backward(loss / len(micro_batches))
        total += loss.detach()
    grad_norm = accelerator.clip_grad_norm_(model.parameters(), grad_clip)
    optimizer.step()
    optimizer.zero_grad(set_to_none=True)
    if hasattr(grad_norm, "full_tensor"):  # a DTensor under FSDP
        grad_norm = grad_norm.full_tensor()
    return total / len(micro_batches), grad_norm


def make_optimizer(model: torch.nn.Module, cfg: TrainConfig, device: torch.device) -> torch.optim.AdamW:
    """AdamW with weight decay on matrices only (not on norms and biases); the fused kernel on GPU and CPU."""
    params = [p for p in model.parameters() if p.requires_grad]
    groups = [
        {"params": [p for p in params if p.dim() >= 2], "weight_decay": cfg.weight_decay},
        {"params": [p for p in params if p.dim() < 2], "weight_decay": 0.0},
    ]
    return torch.optim.AdamW(
        groups, lr=cfg.lr, betas=cfg.adam_betas, eps=cfg.adam_eps, fused=device.type in ("cuda", "cpu")
    )


@torch.no_grad()
def evaluate(
    model,
    heldout: dict[str, torch.Tensor],
    accelerator,
    batch_size: int,
    heldout_text: dict[str, tuple[torch.Tensor, torch.Tensor, int]] | None = None,
) -> dict[str, float]:
    """Held-out loss and perplexity per source, and bits per byte per held-out text (`eval.sets`:
    windows, targets, bytes), each rank on its share of the windows."""
    model.eval()
    metrics = {}

    def summed(windows: torch.Tensor, targets: torch.Tensor | None = None) -> tuple[float, float]:
        total, count = loss_sums(
            model,
            windows,
            batch_size,
            accelerator.device,
            accelerator.process_index,
            accelerator.num_processes,
            targets,
        )
        sums = accelerator.reduce(
            torch.tensor([total, count], dtype=torch.float64, device=accelerator.device), "sum"
        )
        return sums[0].item(), sums[1].item()

    for name, windows in heldout.items():
        if len(windows) == 0:
            continue
        total, count = summed(windows)
        metrics[f"eval/loss/{name}"] = total / count
        metrics[f"eval/ppl/{name}"] = math.exp(total / count)
    for name, (windows, targets, n_bytes) in (heldout_text or {}).items():
        metrics[f"eval/bpb/{name}"] = bits_per_byte(summed(windows, targets)[0], n_bytes)
    model.train()
    return metrics


def finished_run_goes_on(config: RunConfig, run: RunDir) -> bool:
    """Whether a finished run trains again: False when the settings and data it finished with still
    hold (or were not recorded: a run of an older dapt); True when only train.max_steps was raised
    (training goes on from the last checkpoint); any other change is a DaptError listing it."""
    done = run.done_info("train") or {}
    if "settings" not in done:
        return False
    recorded, current = done["settings"], resume_view(config)
    tokens_dir = Path(config.train.tokens_dir or run.tokens)
    now = shard_fingerprints(tokens_dir, sorted(done.get("data", {})))
    data = [
        f"token shards of {name!r} in {tokens_dir} differ" for name in now if now[name] != done["data"][name]
    ]
    changes = changed_keys(recorded, current) + data
    if not changes:
        return False
    old_steps, new_steps = recorded.get("train.max_steps"), config.train.max_steps
    only_longer = changed_keys(recorded, {**current, "train.max_steps": old_steps}) == []
    if only_longer and not data and new_steps > old_steps:
        log.info("train.max_steps raised from %d to %d: training goes on", old_steps, new_steps)
        return True
    listed = "\n".join(f"  - {change}" for change in changes)
    raise DaptError(
        f"{run.root} finished training with other settings or data:\n{listed}\n"
        "train again from scratch with --force train.resume=never (or another run.output_dir); "
        "to go on training the finished model, raise train.max_steps alone"
    )


def _checkpoint_to_resume(run: RunDir, config: RunConfig, accelerator, force: bool) -> Path | None:
    """The checkpoint to resume from, after checking that the config still agrees with it."""
    resume = config.train.resume
    if resume == "never":
        earlier = complete_checkpoints(run.checkpoints)
        if earlier and not force:
            raise DaptError(
                f"train.resume=never, but {run.checkpoints} holds checkpoints of an earlier run "
                f"({earlier[-1].name}); pass --force to delete them and start over"
            )
        if earlier and accelerator.is_main_process:
            log.warning(
                "deleting the earlier run's checkpoints in %s (train.resume=never, --force)", run.checkpoints
            )
            shutil.rmtree(run.checkpoints)
        accelerator.wait_for_everyone()
        return None
    path = checkpoint_to_resume(run.checkpoints, resume)
    if path is None:
        return None
    meta, current = read_meta(path), resume_view(config)
    saved_steps = meta["config"].get("train.max_steps")
    if meta["step"] == saved_steps and config.train.max_steps > saved_steps:
        # the last checkpoint of a finished run: it goes on, on the cosine schedule of the new length
        cfg = config.train
        before = lr_at(saved_steps - 1, cfg.lr, cfg.min_lr, cfg.warmup_steps, saved_steps)
        after = lr_at(saved_steps, cfg.lr, cfg.min_lr, cfg.warmup_steps, cfg.max_steps)
        if accelerator.is_main_process:
            log.warning(
                "continuing the finished run from step %d to %d: the learning rate follows the cosine "
                "schedule of %d steps (%.2e at step %d, %.2e next)",
                saved_steps, cfg.max_steps, cfg.max_steps, before, saved_steps, after,
            )  # fmt: skip
        current["train.max_steps"] = saved_steps
    changes = changed_keys(meta["config"], current)
    if changes and not force:
        listed = "\n".join(f"  - {change}" for change in changes)
        raise DaptError(
            f"the config changed since checkpoint {path}:\n{listed}\n"
            "resume anyway with --force, or start over with train.resume=never (or another run.output_dir)"
        )
    if changes and accelerator.is_main_process:
        log.warning("resuming from %s although the config changed (--force): %s", path, "; ".join(changes))
    return path


def _report_summary(run: RunDir, tokens_dir: Path) -> dict | None:
    from pipeline.modelcard import find_report, funnel

    path = find_report(run.root, tokens_dir)
    return funnel(path) if path else None


def _mixed_precision(precision: str) -> str:
    if precision == "fp32":
        return "no"
    if precision == "bf16":
        return "bf16"
    return "bf16" if torch.cuda.is_available() and torch.cuda.is_bf16_supported() else "no"


def _progress(metrics: dict[str, float]) -> str:
    """The compact stdout line of a log step."""
    speed, mfu = metrics["train/tokens_per_s"], metrics["train/mfu"]
    return " | ".join(
        [
            f"loss {metrics['train/loss']:.4f}",
            f"lr {metrics['train/lr']:.2e}",
            f"gnorm {metrics['train/grad_norm']:.2f}",
            f"{speed / 1e3:.1f}k tok/s" if speed >= 1e3 else f"{speed:.0f} tok/s",
            f"mfu {'-' if mfu is None else f'{mfu:.1%}'}",
            f"mem {metrics['train/memory_gb']:.1f} GB",
        ]
    )


def _ppl_line(metrics: dict[str, float]) -> str:
    return " | ".join(
        [
            f"ppl {k.removeprefix('eval/ppl/')} {v:.2f}"
            for k, v in metrics.items()
            if k.startswith("eval/ppl/")
        ]
        + [
            f"bpb {k.removeprefix('eval/bpb/')} {v:.3f}"
            for k, v in metrics.items()
            if k.startswith("eval/bpb/")
        ]
    )
