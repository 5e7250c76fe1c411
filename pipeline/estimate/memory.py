"""Per-GPU memory of a training step and of inference, counted from the tensors they really hold.

Model states follow the ZeRO paper (Rajbhandari et al. 2020): weights, gradients, optimizer states
and fp32 master weights; ZeRO stage 1 shards the optimizer states (and the master weights where
the model keeps its own 16-bit weights), stage 2 the gradients too, stage 3 and FSDP everything.

Activations follow Korthikanti et al. 2022 ("Reducing Activation Recomputation in Large Transformer
Models"): every tensor autograd saves between forward and backward, counted per decoder layer,
here for the Llama layer as transformers implements it (RMSNorm's fp32 upcast, RoPE, grouped-query
attention, SwiGLU MLP) and torch autocast casts it (one 16-bit copy of a layer's input per linear
layer). Their `5as/h` attention-score term exists only with eager attention: SDPA/flash never store
the scores, and selective recomputation (their section 4.2) recomputes them. Full checkpointing
keeps each layer's input and recomputes one layer at a time during backward; that recomputed layer
saves everything again, eager attention's scores included. Eager attention's backward then holds
three fp32 b * heads * s^2 tensors at a layer's softmax (its saved output, the incoming gradient,
its own gradient): measured on CPU op by op (tests/test_estimate.py), the peak where s^2 dominates.

DeepSpeed ZeRO-1/2/3 build an fp32 partition of the gradients for the optimizer step beside the 16-bit
ones (and free it after: stage_1_and_2.py "get rid of the fp32 gradients"): at the step ZeRO-2 holds
2 + 18/N bytes per parameter (DeepSpeed's estimate_zero2_model_states_mem_needs),
ZeRO-3 counts the 16-bit gradient partition as well (20/N where DeepSpeed's estimator says 18/N) and
the gathered layers under communication buffers. Hybrid sharding (`shard_group`) shards model states
over groups of that many GPUs and replicates them across groups (HSDP; BloombergGPT's ZeRO-3 over 128
of 512 GPUs).

Peak: tensors do not all live at once. Each component has a lifetime: `always` (weights, master
weights, optimizer states, DDP buckets), `forward to backward` (activations, logits and loss,
autocast weight copies) or `backward to step` (gradients, freed by zero_grad(set_to_none=True)
unless gradients accumulate over micro-batches), or `at the optimizer step` (DeepSpeed's fp32
gradients). The peak is the always-resident part plus the heaviest moment: the start of backward
(every activation saved, the cross-entropy's buffers), the optimizer step (every gradient), with
full checkpointing the backward through the layers (a recomputed layer beside the kept layer inputs
and the gradients so far) and, with eager attention, a layer's softmax backward.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from pipeline.errors import DaptError
from pipeline.estimate.model import Model, ModelShape

PRECISIONS = ("fp32", "bf16-mixed", "fp16-mixed", "bf16-pure", "fp8", "int8", "int4")
PRECISION_ALIASES = {
    "bf16": "bf16-mixed",
    "fp16": "fp16-mixed",
    "mixed": "bf16-mixed",
    "amp": "bf16-mixed",
    "bf16-true": "bf16-pure",
    "pure-bf16": "bf16-pure",
}
OPTIMIZERS = ("adamw", "adamw-8bit", "sgd", "adafactor")
STRATEGIES = ("single", "ddp", "zero1", "zero2", "zero3", "fsdp")
CHECKPOINTING = ("none", "selective", "full")
ATTENTION = ("sdpa", "flash", "eager")
QUANTIZATIONS = ("fp32", "bf16", "fp8", "int8", "int4")

ALWAYS, FORWARD_BACKWARD, BACKWARD_STEP = "always", "forward to backward", "backward to step"
STEP = "at the optimizer step"
KEPT, RECOMPUTED = "checkpointed layer inputs", "one recomputed layer"  # full checkpointing's terms
SCORES, MASK = "attention scores (eager)", "causal mask (eager)"
# bytes per score element at the backward of eager attention's softmax: its saved fp32 output, the
# incoming gradient (cast to fp32) and the softmax's own fp32 gradient (transformers' softmax is fp32)
SOFTMAX_BACKWARD_BYTES = 12

# Framework overhead (outside the tensors counted here), stated so that users can adjust:
CUDA_CONTEXT_BYTES = 500_000_000  # CUDA context, kernels and cuBLAS handles (torch 2.x, lazy loading)
NCCL_BYTES = 500_000_000  # NCCL communicators and their buffers when world size > 1
ALLOCATOR_SLACK = 0.05  # caching-allocator fragmentation: reserved beyond the peak allocated

_STAGE = {"single": 0, "ddp": 0, "zero1": 1, "zero2": 2, "zero3": 3, "fsdp": 3}


@dataclass(frozen=True)
class TrainSetup:
    """How one training job runs: precision, optimizer, parallelism, batch, checkpointing, attention."""

    precision: str = "bf16-mixed"
    optimizer: str = "adamw"
    strategy: str = "single"
    world_size: int = 1
    micro_batch_size: int = 1
    seq_len: int = 2048
    grad_accum_steps: int = 1
    checkpointing: str = "none"
    attention: str = "sdpa"
    shard_group: int | None = None  # hybrid sharding: GPUs per sharding group (default: all of them)

    def __post_init__(self) -> None:
        object.__setattr__(self, "precision", PRECISION_ALIASES.get(self.precision, self.precision))
        for name, allowed in (
            ("precision", PRECISIONS),
            ("optimizer", OPTIMIZERS),
            ("strategy", STRATEGIES),
            ("checkpointing", CHECKPOINTING),
            ("attention", ATTENTION),
        ):
            if getattr(self, name) not in allowed:
                raise DaptError(f"unknown {name} {getattr(self, name)!r}; choose from {', '.join(allowed)}")
        for name in ("world_size", "micro_batch_size", "seq_len", "grad_accum_steps"):
            if getattr(self, name) < 1:
                raise DaptError(f"{name} must be at least 1, got {getattr(self, name)}")
        if self.shard_group is not None:
            if not 1 <= self.shard_group <= self.world_size or self.world_size % self.shard_group:
                raise DaptError(
                    f"shard group {self.shard_group} must divide the {self.world_size} GPUs of the job"
                )
            if _STAGE[self.strategy] == 0:
                raise DaptError(
                    f"a shard group needs a sharded strategy (zero1-3, fsdp), not {self.strategy}"
                )
        if self.strategy == "single" and self.world_size > 1:
            raise DaptError(
                f"strategy 'single' runs on one GPU, not {self.world_size}: use ddp, zero1-3 or fsdp"
            )
        if self.precision in ("int8", "int4"):
            raise DaptError(
                f"{self.precision} weights are for inference: every estimate ends with the inference memory "
                f"of each quantization, {self.precision} included (leave --precision out); full-parameter "
                "training needs fp32, bf16-mixed, fp16-mixed, bf16-pure or fp8"
            )

    @property
    def tokens_per_micro_batch(self) -> int:
        return self.micro_batch_size * self.seq_len

    @property
    def sharded_over(self) -> int:
        """GPUs that model states are sharded over (replicated across groups with hybrid sharding)."""
        return self.shard_group or self.world_size


@dataclass(frozen=True)
class _Bytes:
    """Bytes per element of each tensor kind that one precision and strategy keep."""

    weights: int  # stored model weights (0 where the fp32 master weights are the parameters)
    weight_copies: int  # autocast's 16-bit (fp8) copies of matmul weights, saved from forward to backward
    gathered: int  # a weight gathered by FSDP / ZeRO-3 for compute
    master: int
    gradients: int
    states: int  # one optimizer state element
    # activations (see the module docstring)
    residual: int  # a norm's input, kept in fp32 by RMSNorm's upcast
    normed: int  # the normalized hidden state before the norm weight
    matmul_input: int  # a linear layer's saved input
    copy_per_linear: bool  # autocast casts a shared input once per linear layer
    compute: int  # q, k, v, attention output, MLP intermediates
    score: int  # eager attention: softmax output (fp32) and its cast
    layer_input: int  # what full checkpointing keeps per layer


_FP32_ACTS = dict(
    residual=4, normed=4, matmul_input=4, copy_per_linear=False, compute=4, score=4, layer_input=4
)
_AUTOCAST_ACTS = dict(
    residual=4, normed=4, matmul_input=2, copy_per_linear=True, compute=2, score=6, layer_input=4
)
_BF16_ACTS = dict(
    residual=4, normed=2, matmul_input=2, copy_per_linear=False, compute=2, score=6, layer_input=2
)


def _bytes(precision: str, strategy: str) -> _Bytes:
    if precision == "fp32":
        return _Bytes(4, 0, 4, 0, 4, 4, **_FP32_ACTS)
    if precision == "bf16-pure":
        return _Bytes(2, 0, 2, 0, 2, 2, **_BF16_ACTS)
    if precision == "fp8":  # torchao float8 linears under autocast: fp8 copies of weights and linear inputs
        return _Bytes(0, 0 if strategy == "fsdp" else 1, 1, 4, 4, 4, **{**_AUTOCAST_ACTS, "matmul_input": 1})
    if strategy.startswith("zero"):  # DeepSpeed: 16-bit model and gradients, fp32 master inside the optimizer
        return _Bytes(2, 0, 2, 4, 2, 4, **_BF16_ACTS)
    if strategy == "fsdp":  # FSDP mixed precision: fp32 sharded parameters, units gathered in 16 bit
        return _Bytes(0, 0, 2, 4, 4, 4, **_BF16_ACTS)
    return _Bytes(0, 2, 2, 4, 4, 4, **_AUTOCAST_ACTS)  # torch autocast (Accelerate, dapt train)


@dataclass(frozen=True)
class Component:
    bytes: int | None  # None: unknown without the model's shapes
    lifetime: str
    note: str


@dataclass(frozen=True)
class TrainingMemory:
    """Per-GPU memory of one training step."""

    components: dict[str, Component]  # weights, master_weights, gradients, optimizer_states, ...
    activation_terms: dict[str, int]  # the activations row, split by tensor kind
    saved_for_backward: int | None  # what autograd holds when backward starts (validated on CPU)
    peak_allocated: int  # the peak of the tensors counted here (compare with max_memory_allocated)
    peak_phase: str
    total: int  # peak_allocated + framework overhead
    complete: bool  # False when activations are unknown (no model shapes): the total is a lower bound


def optimizer_state_bytes(model: Model, optimizer: str, state_bytes: int) -> int:
    """Bytes of optimizer state, tensor by tensor where the shapes are known (as torch allocates it)."""
    if model.shape is None:
        if optimizer == "adafactor":
            raise DaptError(
                "adafactor's factored state depends on tensor shapes: pass --preset or --model-config"
            )
        per_param = {"adamw": 2 * state_bytes, "adamw-8bit": 2, "sgd": state_bytes}[optimizer]
        return per_param * model.params
    return sum(_tensor_state_bytes(shape, optimizer, state_bytes) for shape in model.shape.tensors())


def _tensor_state_bytes(shape: tuple[int, ...], optimizer: str, state_bytes: int) -> int:
    numel = math.prod(shape)
    if optimizer == "adamw":  # exp_avg, exp_avg_sq, and a float32 `step` tensor
        return 2 * state_bytes * numel + 4
    if optimizer == "sgd":  # momentum_buffer
        return state_bytes * numel
    if optimizer == "adafactor":  # torch.optim.Adafactor: row and column variances, or a full one for 1-D
        factored = shape[0] + shape[1] if len(shape) == 2 else numel
        return state_bytes * factored + 4
    # bitsandbytes AdamW8bit: two uint8 states with an fp32 absmax per 256-element block and two 256-entry
    # quantization maps; tensors under 4096 elements keep 32-bit states
    if numel < 4096:
        return 8 * numel
    return 2 * numel + 2 * 4 * math.ceil(numel / 256) + 2 * 256 * 4


def _layer_per_token(shape: ModelShape, setup: TrainSetup, b: _Bytes) -> dict[str, int]:
    """Bytes per token one decoder layer saves for backward, eager attention's scores aside."""
    h = shape.hidden_size
    kv = shape.q_dim if setup.attention == "eager" else shape.kv_dim  # eager repeats K and V for every head
    inputs = (3 + 2 if b.copy_per_linear else 2) * b.matmul_input * h  # attention's 3 linears, MLP's 2
    return {
        "norm inputs, normalized states": 2 * (b.residual + b.normed) * h,
        "linear-layer inputs": inputs,
        "attention q, k, v, output": b.compute * (2 * shape.q_dim + 2 * kv),
        "SwiGLU MLP (gate, SiLU, up, product)": 4 * b.compute * shape.intermediate_size,
    }


def _post_attention_per_token(shape: ModelShape, b: _Bytes) -> int:
    """Of those, what a layer's backward frees before it reaches the attention: the second norm's, the
    MLP's inputs and intermediates, the attention output."""
    h = shape.hidden_size
    mlp_inputs = (2 if b.copy_per_linear else 1) * b.matmul_input * h
    return (b.residual + b.normed) * h + mlp_inputs + b.compute * (shape.q_dim + 4 * shape.intermediate_size)


def score_elements(shape: ModelShape, setup: TrainSetup) -> int:
    """Elements of one layer's attention scores: micro-batch x heads x seq_len^2."""
    return setup.micro_batch_size * shape.num_heads * setup.seq_len**2


def activation_terms(shape: ModelShape, setup: TrainSetup) -> dict[str, int]:
    """Bytes autograd saves for backward in the decoder layers and final norm (per GPU, one micro-batch)."""
    b = _bytes(setup.precision, setup.strategy)
    tokens, h = setup.tokens_per_micro_batch, shape.hidden_size
    layer = {name: tokens * value for name, value in _layer_per_token(shape, setup, b).items()}
    eager = setup.attention == "eager"
    if eager and setup.checkpointing != "selective":  # full: the recomputed layer
        layer[SCORES] = score_elements(shape, setup) * b.score
    final = {"final norm, LM-head input": tokens * (b.residual + b.normed + b.matmul_input) * h}
    if setup.checkpointing == "full":
        kept = {KEPT: shape.num_layers * tokens * b.layer_input * h}
        if eager:  # eager's 4-D causal mask (model dtype): an input every checkpointed layer keeps
            kept[MASK] = setup.micro_batch_size * setup.seq_len**2 * b.layer_input
        return {**kept, **final, RECOMPUTED: sum(layer.values())}
    return {**{name: shape.num_layers * value for name, value in layer.items()}, **final}


def training_memory(model: Model, setup: TrainSetup) -> TrainingMemory:
    """Per-GPU memory of one training step of `model` run as `setup`."""
    b = _bytes(setup.precision, setup.strategy)
    stage, world, n, shape = _STAGE[setup.strategy], setup.sharded_over, model.params, model.shape
    checkpointed = shape is not None and setup.checkpointing == "full"

    def shard(value: int, sharded: bool) -> int:
        return math.ceil(value / world) if sharded else value

    # autocast's weight copies saved for backward: all matmul weights; with full checkpointing the LM
    # head's, and those of the one layer being recomputed
    layer_linear = sum(math.prod(t) for t in shape.linear_tensors()) if shape else 0
    head_copies = (shape.vocab_size * shape.hidden_size if shape else n) * b.weight_copies
    layer_copies = layer_linear * b.weight_copies
    all_copies = (shape.matmul_params if shape else n) * b.weight_copies
    if b.weights:
        weights = Component(shard(n * b.weights, stage == 3), ALWAYS, f"{b.weights}-byte parameters")
    elif b.weight_copies:
        weights = Component(
            head_copies + layer_copies if checkpointed else all_copies,
            FORWARD_BACKWARD,
            f"{b.weight_copies}-byte autocast copies of the matmul weights",
        )
    else:
        weights = Component(0, ALWAYS, "the sharded fp32 master weights, gathered in 16 bit for compute")
    grads_life = ALWAYS if setup.grad_accum_steps > 1 else BACKWARD_STEP
    components = {
        "weights": weights,
        "master_weights": Component(
            shard(n * b.master, stage >= 1 if b.weights else stage == 3),
            ALWAYS,
            "fp32 parameters the optimizer updates" if b.master else "none",
        ),
        "gradients": Component(
            shard(n * b.gradients, stage >= 2), grads_life, f"{b.gradients}-byte gradients"
        ),
        "optimizer_states": Component(
            shard(optimizer_state_bytes(model, setup.optimizer, b.states), stage >= 1),
            ALWAYS,
            f"{setup.optimizer}, {b.states}-byte states",
        ),
        "activations": Component(None, FORWARD_BACKWARD, "unknown: needs the model's shapes"),
        "logits_and_loss": Component(None, FORWARD_BACKWARD, "unknown: needs the model's shapes"),
        "communication_buffers": _communication(model, setup, b),
    }
    if setup.strategy.startswith("zero") and b.master:  # built and freed in DeepSpeed's optimizer step
        components["fp32_gradient_partition"] = Component(
            shard(4 * n, True), STEP, "DeepSpeed's fp32 gradients for the optimizer"
        )
    terms: dict[str, int] = {}
    saved = recompute = logits = 0
    if shape:
        terms = activation_terms(shape, setup)
        recompute = terms.get(RECOMPUTED, 0)
        logits = setup.tokens_per_micro_batch * shape.vocab_size
        components["activations"] = Component(sum(terms.values()), FORWARD_BACKWARD, "saved for backward")
        components["logits_and_loss"] = Component(  # dapt's train_step keeps `logits` until backward
            (b.compute + 12) * logits, FORWARD_BACKWARD, "logits, fp32 log-softmax and its two fp32 gradients"
        )
        copies = head_copies if checkpointed else all_copies
        saved = sum(terms.values()) - recompute - terms.get(MASK, 0) + 4 * logits + copies

    # the peak: what is always resident plus the heaviest moment of the step
    def alive(lifetime: str) -> int:
        return sum(c.bytes or 0 for c in components.values() if c.lifetime == lifetime)

    resident, gradients = alive(ALWAYS), alive(BACKWARD_STEP)
    not_yet = recompute + (layer_copies if checkpointed and not b.weights else 0)
    phases = {
        "the start of backward": resident + alive(FORWARD_BACKWARD) - not_yet,
        "the optimizer step": resident + gradients + alive(STEP),
    }
    eager = shape is not None and setup.attention == "eager"
    if eager:  # a layer's backward at its softmax (SOFTMAX_BACKWARD_BYTES), after its MLP's
        layer_saved = sum(_layer_per_token(shape, setup, b).values()) * setup.tokens_per_micro_batch
        post_attention = _post_attention_per_token(shape, b) * setup.tokens_per_micro_batch
        at_softmax = layer_saved - post_attention + SOFTMAX_BACKWARD_BYTES * score_elements(shape, setup)
    if checkpointed:  # recomputing a layer: its inputs kept below, its gradients above, the logits held
        kept = terms[KEPT]
        comm = components["communication_buffers"]
        gathered = comm.bytes if comm.lifetime == FORWARD_BACKWARD else 0
        outside = gradients * shape.outside_layer_params // n
        held = (
            resident
            + b.compute * logits
            + terms.get(MASK, 0)
            + gathered
            + (layer_copies if not b.weights else 0)
            + max(kept + outside, kept // shape.num_layers + gradients)
        )
        phases["the backward of a recomputed layer"] = held + recompute
        if eager:
            phases["the backward of eager attention"] = held + at_softmax
    elif eager:  # in the last layer: the loss's buffers, the final norm's and the LM head's freed
        last_layer = layer_saved + terms.get(SCORES, 0) // shape.num_layers
        phases["the backward of eager attention"] = (
            resident
            + alive(FORWARD_BACKWARD)
            - 12 * logits
            - terms["final norm, LM-head input"]
            - head_copies
            - last_layer
            + at_softmax
            + gradients * shape.outside_layer_params // n
        )
    phase = max(phases, key=phases.get)
    peak = phases[phase]
    overhead = (
        CUDA_CONTEXT_BYTES + (NCCL_BYTES if setup.world_size > 1 else 0) + round(ALLOCATOR_SLACK * peak)
    )
    components["framework_overhead"] = Component(
        overhead,
        ALWAYS,
        "CUDA context 0.5 GB" + (", NCCL 0.5 GB" if setup.world_size > 1 else "") + ", allocator 5%",
    )
    return TrainingMemory(
        components, terms, saved or None, peak, phase, peak + overhead, complete=shape is not None
    )


def _communication(model: Model, setup: TrainSetup, b: _Bytes) -> Component:
    stage, shape = _STAGE[setup.strategy], model.shape
    if setup.strategy == "ddp":  # gradient_as_bucket_view=False (the default): buckets copy every gradient
        return Component(model.params * b.gradients, ALWAYS, "DDP gradient buckets")
    if stage == 3 and shape:  # the root unit and two decoder layers gathered, one layer's full gradients
        gathered = (shape.outside_layer_params + 2 * shape.layer_params) * b.gathered
        return Component(
            gathered + shape.layer_params * b.gathered,
            FORWARD_BACKWARD,
            "gathered root unit and two layers, one layer's unsharded gradients",
        )
    if stage == 3:
        return Component(None, FORWARD_BACKWARD, "unknown: needs the model's shapes")
    return Component(0, ALWAYS, "none" if stage == 0 else "ZeRO buckets not modeled")


# ----------------------------------------------------------------------------------- inference
@dataclass(frozen=True)
class InferenceMemory:
    quantization: str
    weights: int
    kv_cache: int | None
    working: int | None
    overhead: int

    @property
    def total(self) -> int:
        return self.weights + (self.kv_cache or 0) + (self.working or 0) + self.overhead


def inference_memory(model: Model, quantization: str, context: int, batch: int = 1) -> InferenceMemory:
    """Weights (matmul weights quantized, embeddings and norms in 16 bit), KV cache, prefill working set."""
    width = {"fp32": 4, "bf16": 2, "fp8": 1, "int8": 1, "int4": 0.5}[quantization]
    dense = 4 if quantization == "fp32" else 2  # unquantized tensors, KV cache and activations
    shape = model.shape
    if shape is None:
        return InferenceMemory(quantization, math.ceil(model.params * width), None, None, CUDA_CONTEXT_BYTES)
    quantized = rows = 0
    for tensor in shape.linear_tensors():
        if len(tensor) == 2:
            quantized, rows = quantized + math.prod(tensor), rows + tensor[0]
    quantized, rows = quantized * shape.num_layers, rows * shape.num_layers
    scales = {"int8": 4 * rows, "int4": 4 * math.ceil(quantized / 128), "fp8": 4 * 7 * shape.num_layers}
    weights = math.ceil(quantized * width) + scales.get(quantization, 0) + (shape.params - quantized) * dense
    tokens = batch * context
    kv_cache = 2 * shape.num_layers * shape.kv_dim * tokens * dense
    working = (
        tokens * (3 * shape.intermediate_size + 4 * shape.hidden_size) * dense + batch * shape.vocab_size * 4
    )
    return InferenceMemory(quantization, weights, kv_cache, working, CUDA_CONTEXT_BYTES)
