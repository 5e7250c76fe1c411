"""Perplexity per source on held-out tokens: `dapt eval MODEL_DIR TOKENS_DIR...`.

A source's held-out set is the first tokens of its token stream, which training never reads
(pipeline/train/data.py). The text is cut into windows of seq_len + 1 tokens; perplexity is
exp(mean next-token loss) over every predicted token. The demo evaluates the base model and the
adapted one on the same windows.
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
from pipeline.rundir import write_json_atomic

log = logging.getLogger(__name__)

DEFAULT_SEQ_LEN = 1024


def eval_windows(tokens: np.ndarray, seq_len: int) -> torch.Tensor:
    """Non-overlapping windows of seq_len + 1 tokens (one shorter window if the text is shorter)."""
    n = (len(tokens) - 1) // seq_len
    if n == 0:
        return (
            torch.from_numpy(np.asarray(tokens, dtype=np.int64)[None, :])
            if len(tokens) > 1
            else torch.zeros(0, 2, dtype=torch.long)
        )
    starts = np.arange(n) * seq_len
    return torch.from_numpy(np.stack([tokens[s : s + seq_len + 1] for s in starts]).astype(np.int64))


@torch.no_grad()
def loss_sums(
    model, windows: torch.Tensor, batch_size: int, device: torch.device, rank: int = 0, world: int = 1
) -> tuple[float, int]:
    """Summed next-token loss and predicted-token count over this rank's share of `windows`.

    Every rank runs the same number of forward passes (sharded models need all ranks in each).
    """
    mine = windows[rank::world]
    passes = math.ceil(math.ceil(len(windows) / world) / batch_size)
    total, count = torch.zeros((), dtype=torch.float64, device=device), 0
    for i in range(passes):
        batch = mine[i * batch_size : (i + 1) * batch_size]
        real = len(batch) > 0
        batch = (batch if real else windows[:1]).to(device)
        logits = model(input_ids=batch[:, :-1], use_cache=False).logits
        nll = F.cross_entropy(logits.float().flatten(0, 1), batch[:, 1:].reshape(-1), reduction="sum")
        if real:
            total += nll.double()
            count += batch[:, 1:].numel()
    return float(total), count


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
) -> dict[str, float]:
    """Perplexity per source (named by its token folder); print a table, write JSON to `out`.

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

    results, tokens_used = {}, {}
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
        results[token_dir.name] = perplexity(model, token_dir, limit, seq_len=seq_len)
        tokens_used[token_dir.name] = limit
    _print_table(model_dir, results)
    if out:
        write_json_atomic(
            out,
            {"model": str(model_dir), "seq_len": seq_len, "max_tokens": tokens_used, "perplexity": results},
        )
    return results


def _print_table(model_dir: Path, results: dict[str, float]) -> None:
    from rich.console import Console
    from rich.table import Table

    table = Table(title=f"Held-out perplexity: {model_dir}")
    table.add_column("source")
    table.add_column("perplexity", justify="right")
    for source, value in results.items():
        table.add_row(source, f"{value:.3f}")
    Console().print(table)
