"""The model and tokenizer of a run, what a training token costs (FLOPs), and the device's peak.

Tokenizer: `tokenizer.path`, else `<run>/tokenizer/` (trained by `dapt tokenizer train`), else the
model's. Model: `model.path` (a local HF directory or a hub id) or `model.architecture` (a
transformers config for a from-scratch run; vocabulary size and special ids from the tokenizer).
"""

from __future__ import annotations

import json
import logging
import os
import resource
import shutil
from pathlib import Path

import torch

from pipeline.config import RunConfig
from pipeline.errors import DaptError
from pipeline.rundir import RunDir

log = logging.getLogger(__name__)

# Dense bf16 tensor-core peak per device, FLOP/s, from the vendors' data sheets. Order matters: the
# first name found in torch.cuda.get_device_name() wins. Set DAPT_PEAK_TFLOPS for anything else.
PEAK_BF16_FLOPS = [
    ("GH200", 989e12),
    ("H200", 989e12),
    ("H100 PCIe", 756e12),
    ("H100 NVL", 835e12),
    ("H100", 989e12),
    ("H800", 989e12),
    ("B200", 2250e12),
    ("A100", 312e12),
    ("A800", 312e12),
    ("L40S", 362e12),
    ("L4", 121e12),
    ("MI300X", 1307e12),
    ("MI250X", 383e12),
]


def tokenizer_source(config: RunConfig) -> str:
    """Where the run's tokenizer comes from (a directory or hub id)."""
    if config.tokenizer.path:
        return config.tokenizer.path
    trained = RunDir(config.run.output_dir).tokenizer
    if (trained / "tokenizer.json").is_file():
        return str(trained)
    if config.model is not None and config.model.path:
        return config.model.path
    raise DaptError(
        "no tokenizer: set tokenizer.path, train one with `dapt tokenizer train`, or set model.path "
        "(its tokenizer is used)"
    )


def load_tokenizer(source: str):
    """A transformers fast tokenizer with an EOS token."""
    from transformers import AutoTokenizer

    try:
        tokenizer = AutoTokenizer.from_pretrained(source)
    except (OSError, ValueError) as exc:
        raise DaptError(f"cannot load the tokenizer {source!r}: {exc}") from exc
    if not tokenizer.is_fast or tokenizer.eos_token_id is None:
        raise DaptError(f"tokenizer {source!r} must be a fast tokenizer with an EOS token")
    return tokenizer


def load_model(config: RunConfig, tokenizer) -> torch.nn.Module:
    """The pretrained model of `model.path`, or a new one from `model.architecture` (fp32 weights)."""
    from transformers import AutoConfig, AutoModelForCausalLM

    if config.model is None:
        raise DaptError("the run config has no model section: set model.path or model.architecture")
    if config.model.path:
        try:
            model = AutoModelForCausalLM.from_pretrained(
                config.model.path, dtype=torch.float32, attn_implementation="sdpa"
            )
        except (OSError, ValueError) as exc:
            raise DaptError(f"cannot load the model {config.model.path!r}: {exc}") from exc
    else:
        arch = dict(config.model.architecture)
        model_type = arch.pop("model_type", None)
        vocab_size = arch.pop("vocab_size", len(tokenizer))
        if vocab_size < len(tokenizer):
            raise DaptError(
                f"model.architecture.vocab_size {vocab_size} < the tokenizer's {len(tokenizer)} tokens"
            )
        special = {
            "bos_token_id": tokenizer.bos_token_id
            if tokenizer.bos_token_id is not None
            else tokenizer.eos_token_id,
            "eos_token_id": tokenizer.eos_token_id,
            "pad_token_id": tokenizer.pad_token_id,
        }
        try:
            model_config = AutoConfig.for_model(model_type, vocab_size=vocab_size, **{**special, **arch})
        except (TypeError, ValueError, KeyError) as exc:
            raise DaptError(f"model.architecture is not a valid transformers config: {exc}") from exc
        torch.manual_seed(config.run.seed)
        model = AutoModelForCausalLM.from_config(
            model_config, attn_implementation="sdpa", dtype=torch.float32
        )
    embeddings = model.get_input_embeddings().num_embeddings
    if len(tokenizer) > embeddings:
        raise DaptError(f"the tokenizer has {len(tokenizer)} tokens but the model embeds only {embeddings}")
    return model


def flops_per_token(model: torch.nn.Module, seq_len: int) -> float:
    """Training FLOPs per token (forward + backward): 6 N + 12 L d T, as in PaLM (appendix B).

    N counts the matmul weights: every parameter except the input embedding (a lookup), with the
    output projection counted even when tied to it. Call before sharding.
    """
    cfg = model.config
    inputs, outputs = model.get_input_embeddings().weight, model.get_output_embeddings().weight
    n = (
        sum(p.numel() for p in model.parameters())
        - inputs.numel()
        + (outputs.numel() if outputs is inputs else 0)
    )
    head_dim = getattr(cfg, "head_dim", None) or cfg.hidden_size // cfg.num_attention_heads
    return 6.0 * n + 12.0 * cfg.num_hidden_layers * cfg.num_attention_heads * head_dim * seq_len


def peak_flops(device: torch.device, bf16: bool) -> float | None:
    """Peak FLOP/s of one device for MFU: DAPT_PEAK_TFLOPS if set, else the bf16 data-sheet figure of
    a known GPU; None (no MFU) on CPU, in fp32, or on an unknown GPU."""
    if os.environ.get("DAPT_PEAK_TFLOPS"):
        return float(os.environ["DAPT_PEAK_TFLOPS"]) * 1e12
    if device.type != "cuda" or not bf16:
        return None
    name = torch.cuda.get_device_name(device)
    return next((flops for key, flops in PEAK_BF16_FLOPS if key in name), None)


def memory_gb(device: torch.device) -> float:
    """Peak memory so far: allocated on the GPU, resident set size on CPU."""
    if device.type == "cuda":
        return torch.cuda.max_memory_allocated(device) / 1e9
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6  # kilobytes on Linux


def export_model(accelerator, model, tokenizer, out_dir: Path, record: dict) -> None:
    """Write the final HF model directory (safetensors, tokenizer, `dapt_training.json`) atomically.

    Every rank must call it (sharded weights are gathered); rank 0 writes.
    """
    from torch.distributed.checkpoint.state_dict import StateDictOptions, get_model_state_dict

    state = get_model_state_dict(model, options=StateDictOptions(full_state_dict=True, cpu_offload=True))
    if accelerator.is_main_process:
        out_dir = Path(out_dir)
        partial = out_dir.with_name(f".{out_dir.name}.partial")
        shutil.rmtree(partial, ignore_errors=True)
        accelerator.unwrap_model(model).save_pretrained(partial, state_dict=state)
        tokenizer.save_pretrained(partial)
        (partial / "dapt_training.json").write_text(json.dumps(record, indent=2, default=str) + "\n")
        old = out_dir.with_name(f".{out_dir.name}.old")
        shutil.rmtree(old, ignore_errors=True)
        if out_dir.exists():
            out_dir.rename(old)
        partial.rename(out_dir)
        shutil.rmtree(old, ignore_errors=True)
        log.info("model saved to %s", out_dir)
    accelerator.wait_for_everyone()
