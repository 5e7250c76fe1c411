"""Training compute: FLOPs per token, GPU-hours and days at a given MFU, Chinchilla-optimal tokens."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.estimate.model import Model

CHINCHILLA_TOKENS_PER_PARAM = (
    20  # Hoffmann et al. 2022: compute-optimal training sees ~20 tokens per parameter
)


def training_flops_per_token(model: Model, seq_len: int) -> float:
    """Model FLOPs to train on one token (the numerator of MFU).

    6 per parameter (2 forward, 4 backward) except the input embedding, a lookup (the LM head counts
    even when tied to it), plus attention's QK^T and AV products: 12 * layers * heads * head_dim *
    seq_len (PaLM, Chowdhery et al. 2022, appendix B). The same count as dapt train's MFU;
    recomputation by checkpointing is not model FLOPs.
    """
    shape = model.shape
    if shape is None:
        return 6.0 * model.params
    embedding = 0 if shape.tie_word_embeddings else shape.vocab_size * shape.hidden_size
    attention = 12 * shape.num_layers * shape.num_heads * shape.head_dim * seq_len
    return 6.0 * (shape.params - embedding) + attention


def recomputed_flops_per_token(model: Model, seq_len: int, checkpointing: str) -> float:
    """FLOPs per token that activation checkpointing runs again in backward: hardware FLOPs, not model
    FLOPs (BloombergGPT's 102 TFLOP/s per A100 count them).

    Full: the decoder layers' forward (2 per layer parameter, plus attention's 4 * heads * head_dim *
    seq_len), ~2N; the LM head is not recomputed. Selective: the attention scores' QK^T and AV products.
    """
    shape = model.shape
    if checkpointing == "none":
        return 0.0
    if shape is None:
        return 2.0 * model.params if checkpointing == "full" else 0.0
    attention = 4 * shape.num_layers * shape.num_heads * shape.head_dim * seq_len
    if checkpointing == "selective":
        return float(attention)
    return 2.0 * shape.num_layers * shape.layer_params + attention


@dataclass(frozen=True)
class ComputePlan:
    """Training compute. The time divides the FLOPs of the given kind by the peak times the utilization:
    model FLOPs at an MFU, or hardware FLOPs (with recomputation) at an HFU; each implies the other."""

    flops_per_token: float  # model FLOPs: what MFU counts
    hardware_flops_per_token: float  # model FLOPs plus recomputation: what HFU counts
    tokens: int
    tokens_source: str  # "chinchilla", "--tokens" or "run config"
    chinchilla_tokens: int
    gpus: int
    utilization: float
    utilization_kind: str  # "hfu" or "mfu"
    peak_flops_per_gpu: float | None  # None: unknown GPU; pass --peak-tflops

    @property
    def total_flops(self) -> float:
        return self.flops_per_token * self.tokens

    @property
    def total_hardware_flops(self) -> float:
        return self.hardware_flops_per_token * self.tokens

    @property
    def hfu(self) -> float:
        if self.utilization_kind == "hfu":
            return self.utilization
        return self.utilization * self.hardware_flops_per_token / self.flops_per_token

    @property
    def mfu(self) -> float:
        return self.hfu * self.flops_per_token / self.hardware_flops_per_token

    @property
    def gpu_hours(self) -> float | None:
        if not self.peak_flops_per_gpu:
            return None
        return self.total_hardware_flops / (self.peak_flops_per_gpu * self.hfu) / 3600

    @property
    def days(self) -> float | None:
        hours = self.gpu_hours
        return None if hours is None else hours / self.gpus / 24


def compute_plan(
    model: Model,
    seq_len: int,
    gpus: int,
    utilization: float,
    peak_flops_per_gpu: float | None,
    tokens: int | None = None,
    tokens_source: str = "--tokens",
    checkpointing: str = "none",
    utilization_kind: str = "hfu",
) -> ComputePlan:
    """The compute of training `model` on `tokens` (default: Chinchilla-optimal) on `gpus` GPUs at a
    utilization of their peak (an HFU, or an MFU with `utilization_kind="mfu"`)."""
    chinchilla = CHINCHILLA_TOKENS_PER_PARAM * model.params
    if tokens is None:
        tokens, tokens_source = chinchilla, "chinchilla"
    flops = training_flops_per_token(model, seq_len)
    return ComputePlan(
        flops,
        flops + recomputed_flops_per_token(model, seq_len, checkpointing),
        tokens,
        tokens_source,
        chinchilla,
        gpus,
        utilization,
        utilization_kind,
        peak_flops_per_gpu,
    )
