"""A plan (model, training setup, GPU) -> an estimate: memory, verdict, suggestions, inference, compute.

Also reads a run config into a plan, and the pre-flight check `dapt train` and `dapt slurm submit` run.
"""

from __future__ import annotations

import dataclasses
import itertools
import logging
from dataclasses import dataclass, field
from pathlib import Path

from pipeline.errors import DaptError
from pipeline.estimate.compute import ComputePlan, compute_plan
from pipeline.estimate.hardware import Gpu, parse_gpu
from pipeline.estimate.memory import (
    QUANTIZATIONS,
    InferenceMemory,
    TrainingMemory,
    TrainSetup,
    inference_memory,
    training_memory,
)
from pipeline.estimate.model import Model, find_preset, from_hf_dir, from_hub_cache, shape_from_hf_config

logger = logging.getLogger(__name__)

TIGHT = 0.9  # above this fraction of GPU memory the verdict is "tight"


@dataclass(frozen=True)
class Plan:
    """Everything an estimate needs; `from_run_config` plans also say their suggestions as config keys."""

    model: Model
    setup: TrainSetup
    gpu: Gpu | None = None
    utilization: float = 0.4  # of the GPUs' peak, on hardware FLOPs (HFU) unless utilization_kind="mfu"
    utilization_kind: str = "hfu"
    tokens: int | None = None
    tokens_source: str = "--tokens"
    peak_tflops: float | None = None
    context: int | None = None  # inference context length (default: the training sequence length)
    inference_batch: int = 1
    from_run_config: bool = False


@dataclass(frozen=True)
class Suggestion:
    changes: dict[str, object]  # TrainSetup fields
    total: int
    cli: str  # the same change as `dapt estimate` flags
    config: str | None  # ... and as run-config overrides, where the config can express it


@dataclass(frozen=True)
class Estimate:
    plan: Plan
    training: TrainingMemory
    verdict: str  # fits | tight | does not fit | unknown
    suggestions: list[Suggestion]
    inference: list[InferenceMemory]
    compute: ComputePlan
    notes: list[str] = field(default_factory=list)


def verdict(memory: TrainingMemory, gpu: Gpu | None) -> str:
    if gpu is None:
        return "unknown"
    if memory.total > gpu.memory_bytes:
        return "does not fit"
    if not memory.complete:
        return "unknown"
    return "tight" if memory.total > TIGHT * gpu.memory_bytes else "fits"


def estimate(plan: Plan) -> Estimate:
    """Memory per GPU, a verdict against the GPU, what would make it fit, inference and compute."""
    setup, model, gpu = plan.setup, plan.model, plan.gpu
    memory = training_memory(model, setup)
    result = verdict(memory, gpu)
    suggestions = suggest(plan) if result == "does not fit" and model.shape else []
    context = plan.context or setup.seq_len
    inference = [inference_memory(model, q, context, plan.inference_batch) for q in QUANTIZATIONS]
    peak = plan.peak_tflops * 1e12 if plan.peak_tflops else gpu and gpu.peak_flops(setup.precision)
    compute = compute_plan(
        model,
        setup.seq_len,
        setup.world_size,
        plan.utilization,
        peak,
        plan.tokens,
        plan.tokens_source,
        setup.checkpointing,
        plan.utilization_kind,
    )
    notes = []
    if not memory.complete:
        notes.append(
            "activations, logits and FSDP buffers need the model's shapes: pass --preset or --model-config"
        )
    if gpu is None:
        notes.append("no GPU given (--gpu or slurm.gpu_type): no verdict")
    if setup.attention == "eager" and result == "does not fit":
        notes.append("eager attention holds batch x heads x seq^2 scores; sdpa (dapt train's) stores none")
    if setup.checkpointing == "selective" and setup.attention != "eager":
        notes.append("selective recomputation only drops attention scores, which SDPA/flash never store")
    return Estimate(plan, memory, result, suggestions, inference, compute, notes)


# ----------------------------------------------------------------------------------- suggestions
def suggest(plan: Plan, limit: int = 3) -> list[Suggestion]:
    """The smallest changes (checkpointing, FSDP, micro-batch, precision, more GPUs) after which the job
    fits with 10% headroom (the verdict "fits"), fewest changes first."""
    setup = plan.setup
    options = [
        [{}] if setup.checkpointing == "full" else [{}, {"checkpointing": "full"}],
        [{}] if setup.world_size == 1 or setup.strategy in ("zero3", "fsdp") else [{}, {"strategy": "fsdp"}],
        [{}] if setup.precision != "fp32" else [{}, {"precision": "bf16-mixed"}],
    ]
    found = []
    for parts in itertools.product(*options):
        changes = {key: value for part in parts for key, value in part.items()}
        for micro_batch in [setup.micro_batch_size, *_halvings(setup.micro_batch_size)]:
            if micro_batch != setup.micro_batch_size:
                changes = {**changes, "micro_batch_size": micro_batch}
            suggestion = _try(plan, changes) if changes else None
            if suggestion:  # the largest micro-batch that fits with these changes
                found.append(suggestion)
                break
    rank = {"checkpointing": 0, "strategy": 1, "micro_batch_size": 2, "precision": 3}
    found.sort(key=lambda s: (len(_keys(s)), min(rank[k] for k in _keys(s))))
    kept: list[Suggestion] = []
    for suggestion in found:  # more changes are worth it only for a larger micro-batch
        if not any(
            _keys(k) <= _keys(suggestion) and _batch(k, setup) >= _batch(suggestion, setup) for k in kept
        ):
            kept.append(suggestion)
    return kept[:limit] or _more_gpus(plan)


def _keys(suggestion: Suggestion) -> set[str]:
    return set(suggestion.changes) - {"grad_accum_steps"}


def _batch(suggestion: Suggestion, setup: TrainSetup) -> int:
    return suggestion.changes.get("micro_batch_size", setup.micro_batch_size)


def _halvings(n: int) -> list[int]:
    out = []
    while n > 1:
        n //= 2
        out.append(n)
    return out


def _try(plan: Plan, changes: dict[str, object]) -> Suggestion | None:
    setup = plan.setup
    if "micro_batch_size" in changes:  # keep the global batch with more accumulation
        factor = setup.micro_batch_size // changes["micro_batch_size"]
        changes = {**changes, "grad_accum_steps": setup.grad_accum_steps * factor}
    memory = training_memory(plan.model, dataclasses.replace(setup, **changes))
    if memory.total > TIGHT * plan.gpu.memory_bytes:  # a suggestion leaves 10% headroom
        return None
    return Suggestion(changes, memory.total, _as_flags(changes), _as_overrides(plan, changes))


def _more_gpus(plan: Plan) -> list[Suggestion]:
    """The fewest GPUs (doubling) on which FSDP with full checkpointing and micro-batch 1 fits."""
    world = plan.setup.world_size
    while world < 65536:
        world *= 2
        suggestion = _try(
            plan, {"strategy": "fsdp", "checkpointing": "full", "micro_batch_size": 1, "world_size": world}
        )
        if suggestion:
            return [suggestion]
    return []


def _as_flags(changes: dict[str, object]) -> str:
    flag = {
        "strategy": "--strategy",
        "checkpointing": "--checkpointing",
        "micro_batch_size": "--micro-batch",
        "grad_accum_steps": "--grad-accum",
        "world_size": "--gpus",
        "precision": "--precision",
    }
    return " ".join(f"{flag[k]} {v}" for k, v in changes.items())


def _as_overrides(plan: Plan, changes: dict[str, object]) -> str | None:
    """The change in run-config terms; None when the plan does not come from a run config."""
    if not plan.from_run_config:
        return None
    words = {
        "checkpointing": lambda v: f"train.activation_checkpointing={str(v == 'full').lower()}",
        "micro_batch_size": lambda v: f"train.micro_batch_size={v}",
        "grad_accum_steps": lambda v: f"train.grad_accum_steps={v}",
        "precision": lambda v: "train.precision=bf16",
        "strategy": lambda v: "train.accelerate_config=<an Accelerate FSDP config>",
        "world_size": lambda v: f"{v} GPUs (slurm.nodes x slurm.gpus_per_node)",
    }
    return " ".join(words[k](v) for k, v in changes.items())


# ----------------------------------------------------------------------------------- run configs
def model_from_config(config) -> Model | None:
    """The model a run config trains: its architecture, a local HF directory, a preset hub id or the cache."""
    section = config.model
    if section is None:
        return None
    if section.architecture is not None:
        architecture = dict(section.architecture)
        if "vocab_size" not in architecture:  # dapt train sizes the embedding to the tokenizer
            tokenizer = config.tokenizer
            vocab = tokenizer.train.vocab_size if tokenizer.train else _tokenizer_size(tokenizer.path)
            architecture["vocab_size"] = vocab
        return Model.from_shape(
            "model.architecture", shape_from_hf_config(architecture, "model.architecture")
        )
    if Path(section.path).exists():
        return from_hf_dir(section.path)
    return find_preset(section.path) or from_hub_cache(section.path)


def _tokenizer_size(path: str | None) -> int | None:
    """The number of tokens of a local tokenizer directory (its tokenizer.json), else None."""
    import json

    file = Path(path) / "tokenizer.json" if path else None
    if file is None or not file.is_file():
        return None
    data = json.loads(file.read_text())
    vocab = data.get("model", {}).get("vocab") or {}
    ids = set(vocab.values()) if isinstance(vocab, dict) else set(range(len(vocab)))
    return len(ids | {token["id"] for token in data.get("added_tokens") or []})


def strategy_from_accelerate(path: Path) -> tuple[str, bool]:
    """The strategy an Accelerate config file sets up: ddp, zero1-3 (DeepSpeed) or fsdp / zero2 (FSDP),
    and whether FSDP shards within a node only (HYBRID_SHARD: replicated across nodes)."""
    import yaml

    try:
        accelerate = yaml.safe_load(Path(path).read_text()) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise DaptError(f"train.accelerate_config: cannot read {path}: {exc}") from None
    kind = str(accelerate.get("distributed_type", "MULTI_GPU")).upper()
    if kind == "FSDP":
        sharding = str(
            (accelerate.get("fsdp_config") or {}).get("fsdp_sharding_strategy", "FULL_SHARD")
        ).upper()
        hybrid = sharding in ("HYBRID_SHARD", "4", "HYBRID_SHARD_ZERO2", "5")
        strategy = {"SHARD_GRAD_OP": "zero2", "2": "zero2", "HYBRID_SHARD_ZERO2": "zero2", "5": "zero2"}
        return {**strategy, "NO_SHARD": "ddp", "3": "ddp"}.get(sharding, "fsdp"), hybrid
    if kind == "DEEPSPEED":
        stage = int((accelerate.get("deepspeed_config") or {}).get("zero_stage", 0))
        return (f"zero{stage}" if stage else "ddp"), False
    return "ddp", False


def plan_from_config(config, model: Model | None = None) -> Plan | None:
    """The plan of a run config's training job, of `model` if given, else of the config's model
    (None if that cannot be resolved offline)."""
    model = model or model_from_config(config)
    if model is None:
        return None
    train, slurm = config.train, config.slurm
    gpus = slurm.nodes * slurm.gpus_per_node if slurm.gpus_per_node else 1
    on_gpu = bool(slurm.gpus_per_node or slurm.gpu_type)
    precision = {"auto": "bf16-mixed" if on_gpu else "fp32", "bf16": "bf16-mixed"}.get(
        train.precision, train.precision
    )
    strategy, hybrid = (
        strategy_from_accelerate(train.accelerate_config)
        if train.accelerate_config and gpus > 1
        else (None, False)
    )
    setup = TrainSetup(
        precision=precision,
        strategy=strategy or ("ddp" if gpus > 1 else "single"),
        world_size=gpus,
        micro_batch_size=train.micro_batch_size,
        seq_len=train.seq_len,
        grad_accum_steps=train.grad_accum_steps,
        checkpointing="full" if train.activation_checkpointing else "none",
        shard_group=slurm.gpus_per_node if hybrid and slurm.nodes > 1 else None,
    )
    tokens = train.max_steps * train.grad_accum_steps * setup.tokens_per_micro_batch * gpus
    gpu = parse_gpu(slurm.gpu_type) if slurm.gpu_type else None
    return Plan(model, setup, gpu, tokens=tokens, tokens_source="run config", from_run_config=True)


def preflight(config, force: bool = False) -> None:
    """Refuse a training job that cannot fit its GPUs (a DaptError with the table); `force` only warns.

    A CPU-only run (no GPUs per node, no GPU type) passes; so does one whose model or GPU the
    planner cannot resolve offline (with a warning).
    """
    slurm = config.slurm
    if not slurm.gpus_per_node and not slurm.gpu_type:
        return
    try:
        plan = plan_from_config(config)
    except DaptError as exc:
        logger.warning("memory pre-flight skipped: %s", exc)
        return
    if plan is None or plan.gpu is None:
        what = "the model" if plan is None else "the GPU (set slurm.gpu_type)"
        logger.warning("memory pre-flight skipped: cannot resolve %s offline", what)
        return
    result = estimate(plan)
    if result.verdict != "does not fit":
        logger.info(
            "memory pre-flight: %.1f GB of %.1f GB per GPU (%s)",
            result.training.total / 1e9,
            plan.gpu.memory_bytes / 1e9,
            result.verdict,
        )
        return
    from pipeline.estimate.render import render_text

    message = f"this job does not fit its GPUs:\n{render_text(result)}"
    if force:
        logger.warning("%s\n--force: running anyway", message)
        return
    raise DaptError(f"{message}\nfix the config as suggested, or pass --force to run anyway")
