"""Held-out evaluation: `dapt eval MODEL_DIR [TOKENS_DIR...] [--config CONFIG]`.

Two kinds of held-out data:
- a source's token stream: its first tokens, which training never reads (pipeline/train/data.py);
  cut into windows of seq_len + 1 tokens; perplexity is exp(mean next-token loss).
- held-out text (`eval.sets`, pipeline/evalsets.py): documents tokenized by the model's own
  tokenizer, so the number of UTF-8 bytes is exact, and evaluated in bits per byte,
  BPB = (summed next-token loss in nats) / ln 2 / (UTF-8 bytes of the text), which does not depend on
  the tokenizer (BloombergGPT reports its held-out FinPile results so), next to perplexity.
  Each document is scored after one start token (BOS, else EOS), documents back to back as in training.
"""

from __future__ import annotations

import json
import logging
import math
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

from pipeline.errors import DaptError
from pipeline.evalsets import EvalText
from pipeline.rundir import write_json_atomic

log = logging.getLogger(__name__)

DEFAULT_SEQ_LEN = 1024


def eval_windows(tokens: np.ndarray, seq_len: int) -> torch.Tensor:
    """Non-overlapping windows of seq_len + 1 tokens (one shorter window if the text is shorter)."""
    n = (len(tokens) - 1) // seq_len
    if n <= 0:
        return (
            torch.from_numpy(np.asarray(tokens, dtype=np.int64)[None, :])
            if len(tokens) > 1
            else torch.zeros(0, 2, dtype=torch.long)
        )
    starts = np.arange(n) * seq_len
    return torch.from_numpy(np.stack([tokens[s : s + seq_len + 1] for s in starts]).astype(np.int64))


IGNORED = -100  # a target that is not scored (a start token, padding)


def text_windows(tokenizer, documents: list[str], seq_len: int) -> tuple[torch.Tensor, torch.Tensor]:
    """Windows of seq_len + 1 tokens over `documents` (each after a start token) and their targets:
    the next tokens, IGNORED where the next token is a start token or padding."""
    start = tokenizer.bos_token_id if tokenizer.bos_token_id is not None else tokenizer.eos_token_id
    if start is None:
        raise DaptError(f"{tokenizer.name_or_path}: the tokenizer has neither a BOS nor an EOS token")
    encoded = tokenizer(documents, add_special_tokens=False, verbose=False)["input_ids"]
    ids = np.concatenate([np.asarray([start, *doc], dtype=np.int64) for doc in encoded])
    scored = np.concatenate([np.arange(len(doc) + 1) > 0 for doc in encoded])
    n = max(1, math.ceil((len(ids) - 1) / seq_len))
    padded = np.full(n * seq_len + 1, start, dtype=np.int64)
    padded[: len(ids)] = ids
    keep = np.zeros(n * seq_len + 1, dtype=bool)
    keep[: len(ids)] = scored
    starts = np.arange(n) * seq_len
    windows = np.stack([padded[s : s + seq_len + 1] for s in starts])
    targets = np.where(np.stack([keep[s + 1 : s + seq_len + 1] for s in starts]), windows[:, 1:], IGNORED)
    return torch.from_numpy(windows), torch.from_numpy(targets)


def bits_per_byte(nll_nats: float, n_bytes: int) -> float:
    """Summed loss in nats over a text -> bits per UTF-8 byte of that text."""
    return nll_nats / math.log(2) / n_bytes


@torch.no_grad()
def loss_sums(
    model,
    windows: torch.Tensor,
    batch_size: int,
    device: torch.device,
    rank: int = 0,
    world: int = 1,
    targets: torch.Tensor | None = None,
) -> tuple[float, int]:
    """Summed next-token loss and scored-token count over this rank's share of `windows` (targets:
    the next tokens, or `targets` where given, IGNORED ones not scored).

    Every rank runs the same number of forward passes (sharded models need all ranks in each).
    """
    targets = windows[:, 1:] if targets is None else targets
    mine, my_targets = windows[rank::world], targets[rank::world]
    passes = math.ceil(math.ceil(len(windows) / world) / batch_size)
    total, count = torch.zeros((), dtype=torch.float64, device=device), 0
    for i in range(passes):
        batch, target = (
            mine[i * batch_size : (i + 1) * batch_size],
            my_targets[i * batch_size : (i + 1) * batch_size],
        )
        real = len(batch) > 0
        batch, target = (batch, target) if real else (windows[:1], targets[:1])
        batch, target = batch.to(device), target.to(device)
        logits = model(input_ids=batch[:, :-1], use_cache=False).logits
        nll = F.cross_entropy(
            logits.float().flatten(0, 1), target.reshape(-1), reduction="sum", ignore_index=IGNORED
        )
        if real:
            total += nll.double()
            count += int((target != IGNORED).sum())
    return float(total), count


def text_metrics(
    model, tokenizer, documents: list[str], seq_len: int, batch_size: int = 8
) -> dict[str, float]:
    """Bits per byte, perplexity, loss and sizes of `model` on held-out `documents` (one process)."""
    windows, targets = text_windows(tokenizer, documents, seq_len)
    device = next(model.parameters()).device
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda")
    was_training = model.training
    model.eval()
    with autocast:
        nll, tokens = loss_sums(model, windows, batch_size, device, targets=targets)
    model.train(was_training)
    n_bytes = sum(len(doc.encode("utf-8")) for doc in documents)
    return {
        "bits_per_byte": bits_per_byte(nll, n_bytes),
        "perplexity": math.exp(nll / tokens),
        "nll_nats": nll,
        "tokens": tokens,
        "bytes": n_bytes,
    }


def perplexity(
    model, token_dir: Path, max_tokens: int, seq_len: int | None = None, batch_size: int = 8
) -> float:
    """Perplexity of `model` on the first `max_tokens` held-out tokens of one source."""
    from pipeline.train.data import heldout_tokens

    seq_len = seq_len or _default_seq_len(model)
    windows = eval_windows(heldout_tokens(Path(token_dir), max_tokens), seq_len)
    if len(windows) == 0:
        raise DaptError(f"{token_dir}: fewer than 2 held-out tokens to evaluate on")
    device = next(model.parameters()).device
    autocast = torch.autocast("cuda", dtype=torch.bfloat16, enabled=device.type == "cuda")
    was_training = model.training
    model.eval()
    with autocast:
        total, count = loss_sums(model, windows, batch_size, device)
    model.train(was_training)
    return math.exp(total / count)


def _default_seq_len(model) -> int:
    return min(DEFAULT_SEQ_LEN, getattr(model.config, "max_position_embeddings", DEFAULT_SEQ_LEN))


def run_eval(
    model_dir: Path,
    token_dirs: list[Path],
    max_tokens: int = 50_000,
    out: str | None = None,
    seq_len: int | None = None,
    texts: list[EvalText] = (),
) -> dict:
    """Perplexity per source (named by its token folder) and bits per byte and perplexity per
    held-out text; print a table, write the result (returned) as JSON to `out`.

    A model trained by dapt records its sequence length and each source's held-out size
    (`dapt_training.json`): evaluation uses that length and never reads past the held-out tokens.
    """
    from transformers import AutoModelForCausalLM, AutoTokenizer

    from pipeline.train.data import TokenStream

    model_dir = Path(model_dir)
    if not (model_dir / "config.json").is_file():
        raise DaptError(f"{model_dir}: not a model directory (no config.json)")
    record_file = model_dir / "dapt_training.json"
    record = json.loads(record_file.read_text()) if record_file.is_file() else {}
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tokenizer = AutoTokenizer.from_pretrained(model_dir)
    model = AutoModelForCausalLM.from_pretrained(
        model_dir, dtype=torch.float32, attn_implementation="sdpa"
    ).to(device)
    seq_len = seq_len or record.get("seq_len") or _default_seq_len(model)
    heldout = record.get("heldout_tokens", {})

    perplexities, tokens_used = {}, {}
    for token_dir in map(Path, token_dirs):
        TokenStream(token_dir).check_tokenizer(tokenizer)
        limit = max_tokens
        trained_on = heldout.get(str(token_dir.resolve()))
        if trained_on is not None and limit > trained_on:
            log.warning(
                "%s: only the first %d tokens were held out from training; evaluating on those",
                token_dir,
                trained_on,
            )
            limit = trained_on
        perplexities[token_dir.name] = perplexity(model, token_dir, limit, seq_len=seq_len)
        tokens_used[token_dir.name] = limit
    sets = {text.name: text_metrics(model, tokenizer, text.documents, seq_len) for text in texts}
    for text in texts:
        sets[text.name]["role"] = text.role
    result = {
        "model": str(model_dir),
        "seq_len": seq_len,
        "max_tokens": tokens_used,
        "perplexity": perplexities,
        "bits_per_byte": {name: metrics["bits_per_byte"] for name, metrics in sets.items()},
        "eval_sets": sets,
    }
    _print_table(model_dir, result)
    if out:
        write_json_atomic(out, result)
    return result


def _print_table(model_dir: Path, result: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Held-out evaluation: {model_dir}")
    for column in ("source / eval set", "perplexity", "bits per byte", "bytes"):
        table.add_column(column, justify="left" if column.startswith("source") else "right")
    for source, value in result["perplexity"].items():
        table.add_row(source, f"{value:.3f}", "-", "-")
    for name, metrics in result["eval_sets"].items():
        table.add_row(
            f"{name} ({metrics['role']})",
            f"{metrics['perplexity']:.3f}",
            f"{metrics['bits_per_byte']:.4f}",
            f"{metrics['bytes']:,}",
        )
    Console().print(table)
