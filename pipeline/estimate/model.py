"""Model shapes for the planner: Llama-style decoders from presets, a local HF config.json, or a count.

The planner reasons about the tensors a Llama-style decoder really has (gated SiLU MLP, RMSNorm,
RoPE, grouped-query attention): Llama, Mistral, Qwen2, SmolLM, TinyLlama. A bare `--params` count
gives the model states (weights, gradients, optimizer) but no activations.
"""

from __future__ import annotations

import json
import logging
import math
import os
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import DaptError

logger = logging.getLogger(__name__)

# model_type values whose parameters and saved tensors are exactly the Llama layer's
LLAMA_LIKE = {"llama", "mistral", "qwen2"}


@dataclass(frozen=True)
class ModelShape:
    """The shapes that set memory and FLOPs: one decoder layer repeated `num_layers` times."""

    hidden_size: int
    intermediate_size: int
    num_layers: int
    num_heads: int
    num_kv_heads: int
    vocab_size: int
    head_dim: int
    tie_word_embeddings: bool
    qkv_bias: bool = False
    o_bias: bool = False
    mlp_bias: bool = False

    @property
    def q_dim(self) -> int:
        return self.num_heads * self.head_dim

    @property
    def kv_dim(self) -> int:
        return self.num_kv_heads * self.head_dim

    def linear_tensors(self) -> list[tuple[int, ...]]:
        """One decoder layer's matmul parameters (weights, then biases), as transformers allocates them."""
        h, i, q, kv = self.hidden_size, self.intermediate_size, self.q_dim, self.kv_dim
        tensors: list[tuple[int, ...]] = [(q, h), (kv, h), (kv, h), (h, q), (i, h), (i, h), (h, i)]
        if self.qkv_bias:
            tensors += [(q,), (kv,), (kv,)]
        if self.o_bias:
            tensors += [(h,)]
        if self.mlp_bias:
            tensors += [(i,), (i,), (h,)]
        return tensors

    def layer_tensors(self) -> list[tuple[int, ...]]:
        """One decoder layer's parameters: the matmuls and the two RMSNorm weights."""
        return [*self.linear_tensors(), (self.hidden_size,), (self.hidden_size,)]

    def tensors(self) -> list[tuple[int, ...]]:
        """Every parameter tensor: embedding, layers, final norm, and the LM head unless tied."""
        embedding = (self.vocab_size, self.hidden_size)
        head = [] if self.tie_word_embeddings else [embedding]
        return [embedding, *self.layer_tensors() * self.num_layers, (self.hidden_size,), *head]

    @property
    def params(self) -> int:
        return sum(math.prod(t) for t in self.tensors())

    @property
    def layer_params(self) -> int:
        return sum(math.prod(t) for t in self.layer_tensors())

    @property
    def matmul_params(self) -> int:
        """Parameters used in matrix multiplies: every linear layer and the LM head (tied or not)."""
        per_layer = sum(math.prod(t) for t in self.linear_tensors())
        return per_layer * self.num_layers + self.vocab_size * self.hidden_size

    @property
    def outside_layer_params(self) -> int:
        """Embedding, final norm and LM head: FSDP's root unit when wrapping by decoder layer."""
        return self.params - self.layer_params * self.num_layers


@dataclass(frozen=True)
class Model:
    """What the planner knows of a model: a name, a parameter count, and (usually) its shapes."""

    name: str
    params: int
    shape: ModelShape | None = None

    @classmethod
    def from_shape(cls, name: str, shape: ModelShape) -> Model:
        return cls(name, shape.params, shape)


def _llama(h: int, i: int, layers: int, heads: int, kv: int, vocab: int, tied: bool, **extra) -> ModelShape:
    head_dim = extra.pop("head_dim", h // heads)
    return ModelShape(h, i, layers, heads, kv, vocab, head_dim, tied, **extra)


# Shapes copied from each model's config.json on the Hugging Face Hub (the id after the preset).
PRESETS: dict[str, tuple[str, ModelShape]] = {
    "smollm2-135m": ("HuggingFaceTB/SmolLM2-135M", _llama(576, 1536, 30, 9, 3, 49152, True)),
    "smollm2-360m": ("HuggingFaceTB/SmolLM2-360M", _llama(960, 2560, 32, 15, 5, 49152, True)),
    "smollm2-1.7b": ("HuggingFaceTB/SmolLM2-1.7B", _llama(2048, 8192, 24, 32, 32, 49152, True)),
    "qwen2.5-0.5b": ("Qwen/Qwen2.5-0.5B", _llama(896, 4864, 24, 14, 2, 151936, True, qkv_bias=True)),
    "qwen2.5-7b": ("Qwen/Qwen2.5-7B", _llama(3584, 18944, 28, 28, 4, 152064, False, qkv_bias=True)),
    "tinyllama-1.1b": ("TinyLlama/TinyLlama_v1.1", _llama(2048, 5632, 22, 32, 4, 32000, False)),
    "llama-1b": ("meta-llama/Llama-3.2-1B", _llama(2048, 8192, 16, 32, 8, 128256, True, head_dim=64)),
    "llama-3b": ("meta-llama/Llama-3.2-3B", _llama(3072, 8192, 28, 24, 8, 128256, True, head_dim=128)),
    "llama-8b": ("meta-llama/Llama-3.1-8B", _llama(4096, 14336, 32, 32, 8, 128256, False)),
    "llama-70b": ("meta-llama/Llama-3.1-70B", _llama(8192, 28672, 80, 64, 8, 128256, False)),
    "llama2-7b": ("meta-llama/Llama-2-7b-hf", _llama(4096, 11008, 32, 32, 32, 32000, False)),
    "llama2-13b": ("meta-llama/Llama-2-13b-hf", _llama(5120, 13824, 40, 40, 40, 32000, False)),
    "mistral-7b": ("mistralai/Mistral-7B-v0.1", _llama(4096, 14336, 32, 32, 8, 32000, False)),
}


def preset(name: str) -> Model:
    """A preset by name (`llama-8b`) or by the hub id it copies (`meta-llama/Llama-3.1-8B`)."""
    key = name.lower()
    for preset_name, (hub_id, shape) in PRESETS.items():
        if key in (preset_name, hub_id.lower()):
            return Model.from_shape(f"{preset_name} ({hub_id})", shape)
    raise DaptError(f"unknown model preset {name!r}; presets: {', '.join(PRESETS)}")


def find_preset(hub_id: str) -> Model | None:
    """The preset that copies this hub id, if any."""
    try:
        return preset(hub_id)
    except DaptError:
        return None


def shape_from_hf_config(config: dict, origin: str) -> ModelShape:
    """A ModelShape from the keys of an HF config.json (or a run config's model.architecture)."""
    config = config.get("text_config", config)  # multimodal configs nest the language model
    model_type = config.get("model_type", "llama")
    if model_type not in LLAMA_LIKE:
        logger.warning("%s: model_type %r is estimated as a Llama-style decoder", origin, model_type)
    required = ("hidden_size", "intermediate_size", "num_hidden_layers", "num_attention_heads", "vocab_size")
    missing = [key for key in required if not isinstance(config.get(key), int)]
    if missing:
        raise DaptError(
            f"{origin}: missing or non-integer field(s) {', '.join(missing)} (a Llama-style config)"
        )
    heads = config["num_attention_heads"]
    return ModelShape(
        hidden_size=config["hidden_size"],
        intermediate_size=config["intermediate_size"],
        num_layers=config["num_hidden_layers"],
        num_heads=heads,
        num_kv_heads=config.get("num_key_value_heads") or heads,
        vocab_size=config["vocab_size"],
        head_dim=config.get("head_dim") or config["hidden_size"] // heads,
        tie_word_embeddings=bool(config.get("tie_word_embeddings", False)),
        qkv_bias=model_type == "qwen2" or bool(config.get("attention_bias")),  # Qwen2: q, k, v only
        o_bias=model_type != "qwen2" and bool(config.get("attention_bias")),
        mlp_bias=bool(config.get("mlp_bias", False)),
    )


def from_hf_dir(path: str | Path) -> Model:
    """A model from a local HF directory (or its config.json)."""
    path = Path(path)
    config_file = path / "config.json" if path.is_dir() else path
    if not config_file.is_file():
        raise DaptError(f"no config.json at {path}")
    try:
        config = json.loads(config_file.read_text())
    except (OSError, json.JSONDecodeError) as exc:
        raise DaptError(f"{config_file}: not readable JSON: {exc}") from exc
    if not isinstance(config, dict):
        raise DaptError(f"{config_file}: the top level must be an object")
    return Model.from_shape(str(path), shape_from_hf_config(config, str(config_file)))


def from_hub_cache(hub_id: str) -> Model | None:
    """A hub model already in the local HF cache (no download), else None."""
    hub = Path(
        os.environ.get("HF_HUB_CACHE") or Path(os.environ.get("HF_HOME", "~/.cache/huggingface")) / "hub"
    )
    snapshots = hub.expanduser() / f"models--{hub_id.replace('/', '--')}" / "snapshots"
    configs = sorted(snapshots.glob("*/config.json"), key=lambda p: p.stat().st_mtime)
    return from_hf_dir(configs[-1]) if configs else None


def parse_count(text: str) -> int:
    """`1e9`, `1000000000`, `7B`, `350M`, `1.5b` -> an integer count."""
    scale = {"k": 1e3, "m": 1e6, "b": 1e9, "g": 1e9, "t": 1e12}
    raw = text.strip().lower().replace("_", "").replace(",", "")
    factor = scale.get(raw[-1:], 1)
    try:
        value = float(raw[:-1] if factor != 1 else raw) * factor
    except ValueError:
        raise DaptError(f"not a count: {text!r} (examples: 1e9, 7B, 350M)") from None
    if value < 1:
        raise DaptError(f"the count must be at least 1, got {text!r}")
    return round(value)
