"""Checkpoints that survive preemption and resume exactly, and the preemption signal itself.

A checkpoint is `<run>/checkpoints/step-NNNNNNN/`:

    trainer_state.json                step, tokens and samples seen, W&B run id, config and its hash
    model.safetensors                 weights (model-rankNNNNN.safetensors per rank when sharded: FSDP)
    optimizer.safetensors             AdamW moments and steps; param groups in its metadata (ditto)
    rng-rankNNNNN.safetensors         torch CPU/CUDA generator of every rank; Python and NumPy in metadata
    COMPLETE                          written last

Written atomically: every rank writes into `.tmp-step-NNNNNNN/` and fsyncs, then rank 0 adds the
marker and renames the folder; the last `keep_last` complete checkpoints are kept. Nothing is
pickled: tensors go through safetensors and the rest through JSON, so loading a checkpoint cannot
run code. (Accelerate's save_state pickles the RNG states and its load_state swallows errors
loading them, which would break exact resume silently, hence this module.) The data position needs
no state of its own: batches are a pure function of the step (pipeline/train/data.py).

Preemption: SIGUSR1, SIGTERM or SIGINT sets a flag; the loop checks it at step boundaries, all
ranks agree on it (an all-reduce), save a checkpoint and exit with PREEMPTED_EXIT_CODE
(INTERRUPTED_EXIT_CODE after SIGINT).
"""

from __future__ import annotations

import json
import logging
import random
import re
import shutil
import signal
import time
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

import numpy as np
import torch
from safetensors import safe_open
from safetensors.torch import save_file

from pipeline.config import RunConfig, flat_settings
from pipeline.errors import DaptError
from pipeline.rundir import fsync_path

log = logging.getLogger(__name__)

# The exit code of a run that saved a checkpoint because it was asked to stop (SIGUSR1, SIGTERM):
# EX_TEMPFAIL, "try again later". The SLURM batch script requeues the job on it (`scontrol requeue`);
# `dapt train --nproc N` exits with it too, although `accelerate launch` itself reports a failure.
PREEMPTED_EXIT_CODE = 75
# ... and after Ctrl-C (SIGINT): the same checkpoint, and the shell's code for "interrupted"
INTERRUPTED_EXIT_CODE = 130

COMPLETE = "COMPLETE"
PREEMPTED = "PREEMPTED"  # <run>/checkpoints/PREEMPTED: the last run stopped on request
STEP_DIR = re.compile(r"^step-(\d{7,})$")

# Config keys that may change between a checkpoint and its resume: they do not change what is
# computed (logging, checkpointing, compilation and recomputation, the launcher).
RESUME_IGNORED = (
    "train.resume",
    "train.checkpoint",
    "train.log_every",
    "train.eval_every",
    "train.compile",
    "train.activation_checkpointing",
    "train.accelerate_config",
)


@dataclass
class TrainerState:
    step: int = 0  # optimizer steps done
    tokens_seen: int = 0
    samples_seen: int = 0  # the data position: the next step reads from this sample on
    train_time_s: float = 0.0
    wandb_id: str | None = None


class Preemption:
    """SIGUSR1, SIGTERM and SIGINT (Ctrl-C) set a flag instead of killing the process; `agreed`
    reads it at a step boundary on all ranks at once, so that they all stop after the same step."""

    SIGNALS = (signal.SIGUSR1, signal.SIGTERM, signal.SIGINT)

    def __init__(self) -> None:
        self.requested = False
        self.interrupted = False  # SIGINT: the user stops the run (exit 130), no requeue
        self._previous = {sig: signal.signal(sig, self._handle) for sig in self.SIGNALS}

    def _handle(self, signum: int, frame: Any) -> None:
        if not self.requested:
            log.warning(
                "%s received: saving a checkpoint after this step, then exiting", signal.Signals(signum).name
            )
        self.requested = True
        self.interrupted = self.interrupted or signum == signal.SIGINT

    def agreed(self, accelerator) -> bool:
        if accelerator.num_processes == 1:
            return self.requested
        flag = torch.tensor([1.0 if self.requested else 0.0], device=accelerator.device)
        torch.distributed.all_reduce(flag, op=torch.distributed.ReduceOp.MAX)
        return bool(flag.item())

    def uninstall(self) -> None:
        for sig, handler in self._previous.items():
            signal.signal(sig, handler)


# ----------------------------------------------------------------------------------- config check
def resume_view(config: RunConfig) -> dict[str, Any]:
    """The settings a checkpoint must agree with, as flat dotted keys."""
    flat = flat_settings(config, "run.seed", "model", "tokenizer", "train")
    return {key: value for key, value in flat.items() if not key.startswith(RESUME_IGNORED)}


# ----------------------------------------------------------------------------------- finding
def complete_checkpoints(root: Path) -> list[Path]:
    """Complete checkpoints under `root`, oldest first (partial ones have no COMPLETE marker)."""
    if not root.is_dir():
        return []
    found = [p for p in root.iterdir() if STEP_DIR.match(p.name) and (p / COMPLETE).is_file()]
    return sorted(found, key=lambda p: int(STEP_DIR.match(p.name).group(1)))


def checkpoint_to_resume(root: Path, resume: str) -> Path | None:
    """The checkpoint `train.resume` asks for: auto = the latest complete one, never = none."""
    if resume == "never":
        return None
    if resume == "auto":
        found = complete_checkpoints(root)
        return found[-1] if found else None
    path = Path(resume)
    if not (path / COMPLETE).is_file():
        raise DaptError(f"train.resume={resume}: not a complete checkpoint folder (no {COMPLETE} marker)")
    return path


def read_meta(path: Path) -> dict[str, Any]:
    return json.loads((path / "trainer_state.json").read_text())


def mark_preempted(root: Path, step: int) -> None:
    """Note that the run stopped on request after `step` (a checkpoint of it is saved)."""
    (root / PREEMPTED).write_text(f"{step}\n")


def was_preempted(root: Path, since: float) -> bool:
    """Whether a run started at time `since` stopped on request (see PREEMPTED_EXIT_CODE)."""
    marker = root / PREEMPTED
    return marker.is_file() and marker.stat().st_mtime >= since


# ----------------------------------------------------------------------------------- saving


def _local(tensor: torch.Tensor) -> torch.Tensor:
    """A shard's own part of a DTensor (FSDP), or the tensor itself, on CPU."""
    if hasattr(tensor, "to_local"):
        tensor = tensor.to_local()
    return tensor.detach().cpu().contiguous()


def _is_sharded(state: dict[str, Any]) -> bool:
    return any(hasattr(t, "to_local") for t in state.values())


def _unshared(tensors: dict[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """safetensors refuses tensors sharing memory (tied embeddings): copy the repeats."""
    seen, out = set(), {}
    for key, tensor in tensors.items():
        ptr = (tensor.untyped_storage().data_ptr(), tensor.storage_offset())
        out[key] = tensor.clone() if ptr in seen else tensor
        seen.add(ptr)
    return out


def _rng_state(device: torch.device) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    tensors = {"torch_cpu": torch.get_rng_state()}
    if device.type == "cuda":
        tensors["torch_cuda"] = torch.cuda.get_rng_state(device)
    kind, keys, pos, has_gauss, gauss = np.random.get_state()
    version, internal, gauss_next = random.getstate()
    meta = {
        "numpy": json.dumps([kind, keys.tolist(), pos, has_gauss, gauss]),
        "python": json.dumps([version, list(internal), gauss_next]),
    }
    return tensors, meta


def save_checkpoint(
    root: Path,
    state: TrainerState,
    accelerator,
    model,
    optimizer,
    config: RunConfig,
    keep_last: int,
) -> Path:
    """Save a complete checkpoint of step `state.step` (every rank calls this) and prune old ones."""
    from torch.distributed.checkpoint.state_dict import get_model_state_dict, get_optimizer_state_dict

    rank, world = accelerator.process_index, accelerator.num_processes
    final = root / f"step-{state.step:07d}"
    tmp = root / f".tmp-{final.name}"
    started = time.perf_counter()
    if accelerator.is_main_process:
        shutil.rmtree(tmp, ignore_errors=True)
        tmp.mkdir(parents=True)
    accelerator.wait_for_everyone()

    model_state = get_model_state_dict(model)
    optim_state = get_optimizer_state_dict(model, _raw(optimizer))
    sharded = _is_sharded(model_state)
    written = []
    if sharded or rank == 0:
        suffix = f"-rank{rank:05d}" if sharded else ""
        tensors = _unshared({k: _local(v) for k, v in model_state.items()})
        written.append(tmp / f"model{suffix}.safetensors")
        save_file(tensors, written[-1], metadata={"format": "pt"})
        tensors, scalars = {}, {}
        for fqn, values in optim_state["state"].items():
            for name, value in values.items():
                if isinstance(value, torch.Tensor):
                    tensors[f"{fqn}/{name}"] = _local(value)
                else:
                    scalars[f"{fqn}/{name}"] = value
        groups = {"param_groups": json.dumps(optim_state["param_groups"]), "scalars": json.dumps(scalars)}
        written.append(tmp / f"optimizer{suffix}.safetensors")
        save_file(tensors, written[-1], metadata=groups)
    rng_tensors, rng_meta = _rng_state(accelerator.device)
    written.append(tmp / f"rng-rank{rank:05d}.safetensors")
    save_file(rng_tensors, written[-1], metadata=rng_meta)
    for path in written:
        fsync_path(path)
    accelerator.wait_for_everyone()

    if accelerator.is_main_process:
        meta = {
            **asdict(state),
            "world_size": world,
            "sharded": sharded,
            "config_hash": config.fingerprint("model", "tokenizer", "train"),
            "config": resume_view(config),
            "saved_at": time.time(),
        }
        (tmp / "trainer_state.json").write_text(json.dumps(meta, indent=2) + "\n")
        fsync_path(tmp / "trainer_state.json")
        (tmp / COMPLETE).write_text(f"{state.step}\n")
        fsync_path(tmp / COMPLETE)
        fsync_path(tmp)
        old = root / f".old-{final.name}"
        if final.exists():
            final.rename(old)
        tmp.rename(final)
        fsync_path(root)
        shutil.rmtree(old, ignore_errors=True)
        for stale in complete_checkpoints(root)[:-keep_last]:
            shutil.rmtree(stale)
        for partial in root.glob(".tmp-step-*"):
            shutil.rmtree(partial, ignore_errors=True)
        size = sum(f.stat().st_size for f in final.iterdir())
        log.info("checkpoint %s: %.1f MB in %.2f s", final, size / 1e6, time.perf_counter() - started)
    accelerator.wait_for_everyone()
    return final


def _raw(optimizer):
    """The torch optimizer inside Accelerate's wrapper."""
    return getattr(optimizer, "optimizer", optimizer)


# ----------------------------------------------------------------------------------- loading
def _read_safetensors(path: Path) -> tuple[dict[str, torch.Tensor], dict[str, str]]:
    if not path.is_file():
        raise DaptError(f"checkpoint file missing: {path}")
    with safe_open(path, framework="pt") as f:
        tensors = {key: f.get_tensor(key) for key in f.keys()}  # noqa: SIM118 (safe_open is no dict)
        return tensors, f.metadata() or {}


def _like(template, loaded: torch.Tensor, dtype: torch.dtype | None = None):
    """`loaded` (a local shard or a whole tensor) placed like `template` (a parameter), in `dtype` or
    the parameter's."""
    local = loaded.to(template.device, dtype or template.dtype)
    if hasattr(template, "to_local") and loaded.dim() > 0:
        from torch.distributed.tensor import DTensor

        return DTensor.from_local(
            local, template.device_mesh, template.placements, shape=template.shape, stride=template.stride()
        )
    return local


def load_checkpoint(path: Path, accelerator, model, optimizer) -> TrainerState:
    """Restore model, optimizer and this rank's RNG from `path`; return the trainer state saved there."""
    from torch.distributed.checkpoint.state_dict import (
        get_model_state_dict,
        set_model_state_dict,
        set_optimizer_state_dict,
    )

    meta = read_meta(path)
    rank, world = accelerator.process_index, accelerator.num_processes
    model_state = get_model_state_dict(model)
    sharded = _is_sharded(model_state)
    if sharded != meta["sharded"] or (sharded and world != meta["world_size"]):
        saved = f"{meta['world_size']} process(es) {'with' if meta['sharded'] else 'without'} sharding (FSDP)"
        now = f"{world} {'with' if sharded else 'without'}"
        raise DaptError(f"{path} was saved by {saved}; this run has {now}: resume it the same way")
    suffix = f"-rank{rank:05d}" if sharded else ""

    weights, _ = _read_safetensors(path / f"model{suffix}.safetensors")
    unknown = sorted(set(model_state) ^ set(weights))
    if unknown:
        raise DaptError(f"{path}: the checkpoint's weights do not match the model: {unknown[:5]}")
    set_model_state_dict(model, {k: _like(v, weights[k]) for k, v in model_state.items()})

    tensors, optim_meta = _read_safetensors(path / f"optimizer{suffix}.safetensors")
    state: dict[str, dict[str, Any]] = {}
    for key, value in tensors.items():
        fqn, name = key.rsplit("/", 1)
        state.setdefault(fqn, {})[name] = _like(model_state[fqn], value, dtype=value.dtype)
    for key, value in json.loads(optim_meta["scalars"]).items():
        fqn, name = key.rsplit("/", 1)
        state.setdefault(fqn, {})[name] = value
    groups = json.loads(optim_meta["param_groups"])
    for group in groups:
        if "betas" in group:
            group["betas"] = tuple(group["betas"])
    set_optimizer_state_dict(model, _raw(optimizer), {"state": state, "param_groups": groups})

    rng_file = path / f"rng-rank{rank:05d}.safetensors"
    if rng_file.is_file():
        rng, rng_meta = _read_safetensors(rng_file)
        torch.set_rng_state(rng["torch_cpu"])
        if "torch_cuda" in rng and accelerator.device.type == "cuda":
            torch.cuda.set_rng_state(rng["torch_cuda"], accelerator.device)
        kind, keys, pos, has_gauss, gauss = json.loads(rng_meta["numpy"])
        np.random.set_state((kind, np.array(keys, dtype=np.uint32), pos, has_gauss, gauss))
        version, internal, gauss_next = json.loads(rng_meta["python"])
        random.setstate((version, tuple(internal), gauss_next))
    else:
        log.warning("%s has no RNG state for rank %d (saved by %d processes)", path, rank, meta["world_size"])
    fields = TrainerState.__dataclass_fields__
    return TrainerState(**{k: v for k, v in meta.items() if k in fields})
