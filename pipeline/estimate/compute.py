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


def executed_flops_per_token(model: Model, seq_len: int, checkpointing: str) -> float:
    """FLOPs the GPUs execute per token: the model FLOPs, plus the forward pass again (a third of them,
    ~8N instead of 6N) when full activation checkpointing recomputes every layer during backward.
    This is what hardware FLOPs utilization counts (BloombergGPT's 102 TFLOP/s per A100 includes it)."""
    model_flops = training_flops_per_token(model, seq_len)
    return model_flops * 4 / 3 if checkpointing == "full" else model_flops


@dataclass(frozen=True)
class ComputePlan:
    flops_per_token: float  # model FLOPs (6N + attention): what MFU counts
    executed_flops_per_token: float  # with full checkpointing's recomputed forward (8N): sets the time
    tokens: int
    tokens_source: str  # "chinchilla", "--tokens" or "run config"
    chinchilla_tokens: int
    gpus: int
    mfu: float
    peak_flops_per_gpu: float | None  # None: unknown GPU; pass --peak-tflops

    @property
    def total_flops(self) -> float:
        return self.flops_per_token * self.tokens

    @property
    def gpu_hours(self) -> float | None:
        """Executed FLOPs at `mfu` of the peak: with recomputation a step runs 4/3 as many FLOPs."""
        if not self.peak_flops_per_gpu:
            return None
        return self.executed_flops_per_token * self.tokens / (self.peak_flops_per_gpu * self.mfu) / 3600

    @property
    def days(self) -> float | None:
        hours = self.gpu_hours
        return None if hours is None else hours / self.gpus / 24


def compute_plan(
    model: Model,
    seq_len: int,
    gpus: int,
    mfu: float,
    peak_flops_per_gpu: float | None,
    tokens: int | None = None,
    tokens_source: str = "--tokens",
    checkpointing: str = "none",
) -> ComputePlan:
    """The compute of training `model` on `tokens` (default: Chinchilla-optimal) on `gpus` GPUs at `mfu`."""
    chinchilla = CHINCHILLA_TOKENS_PER_PARAM * model.params
    if tokens is None:
        tokens, tokens_source = chinchilla, "chinchilla"
    return ComputePlan(
        training_flops_per_token(model, seq_len),
        executed_flops_per_token(model, seq_len, checkpointing),
        tokens,
        tokens_source,
        chinchilla,
        gpus,
        mfu,
        peak_flops_per_gpu,
    )
