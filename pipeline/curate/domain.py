"""The domain classifier of a run (given, or trained at curation start from seed files) and the
threshold that keeps a top fraction or a token budget of the domain documents.

Selection: the `filter` stage only scores (`domain_score`); the threshold is then picked from the
scores of all domain sources together, never below `curate.domain.threshold` (a budget only
tightens it), and applied by the `select` stage. Tokens are counted with the run's tokenizer when
it is a pretrained one, else estimated at 4 UTF-8 bytes per token (the tokenizer is trained on
the curated text, after selection).
"""

from __future__ import annotations

import gzip
import json
import logging
import math
from collections.abc import Callable
from pathlib import Path

from pipeline.config import ConfigError, RunConfig
from pipeline.rundir import RunDir, write_json_atomic

log = logging.getLogger(__name__)

BYTES_PER_TOKEN = 4


def domain_model(config: RunConfig, rundir: RunDir) -> Path | None:
    """The domain classifier to filter with (None: no domain step), trained now if needed."""
    domain = config.curate.domain
    if not domain.enabled or not any(s.role == "domain" for s in config.sources):
        return None
    if domain.model_path is not None and domain.model_path.is_file():
        return domain.model_path
    if not domain.positive or not domain.negative:
        raise ConfigError(
            "curate.domain: set model_path (a trained classifier) or positive and negative seed files,"
            " or enabled: false"
        )
    out = domain.model_path or rundir.work / "domain_classifier.bin"
    if not out.is_file():
        from pipeline.classifier import train_classifier

        log.info(
            "training the domain classifier on %d positive / %d negative files",
            len(domain.positive),
            len(domain.negative),
        )
        train_classifier(domain.positive, domain.negative, out, seed=config.run.seed, show_table=False)
    return out


def token_counter(config: RunConfig, rundir: RunDir) -> Callable[[list[str]], list[int]]:
    if config.tokenizer.train is None:
        from tokenizers import Tokenizer

        from pipeline.tokenizer import resolve_tokenizer, tokenizer_file

        tokenizer = Tokenizer.from_file(tokenizer_file(resolve_tokenizer(config, rundir)))
        return lambda texts: [len(e.ids) for e in tokenizer.encode_batch(texts, add_special_tokens=False)]
    return lambda texts: [math.ceil(len(t.encode("utf-8")) / BYTES_PER_TOKEN) for t in texts]


def scored_documents(
    folders: list[Path], count_tokens: Callable[[list[str]], list[int]]
) -> list[tuple[float, int]]:
    """(domain_score, tokens) of every document in the given folders."""
    scored = []
    for folder in folders:
        for path in sorted(folder.glob("*.jsonl.gz")):
            with gzip.open(path, "rt", encoding="utf-8") as f:
                docs = [json.loads(line) for line in f if line.strip()]
            tokens = count_tokens([doc["text"] for doc in docs])
            scored += [
                (float(doc["metadata"].get("domain_score", 0.0)), n)
                for doc, n in zip(docs, tokens, strict=True)
            ]
    return scored


def pick_threshold(
    scored: list[tuple[float, int]], floor: float, keep_fraction: float | None, target_tokens: int | None
) -> float:
    """The lowest threshold that keeps at most `keep_fraction` of the documents and at most
    `target_tokens` tokens (the best-scored first), and at least `floor`."""
    ranked = sorted(scored, key=lambda item: -item[0])
    threshold = floor
    if keep_fraction is not None and ranked:
        keep = max(1, math.floor(keep_fraction * len(ranked)))
        threshold = max(threshold, _just_above(ranked, keep))
    if target_tokens is not None:
        total, keep = 0, 0
        while keep < len(ranked) and total + ranked[keep][1] <= target_tokens:
            total += ranked[keep][1]
            keep += 1
        threshold = max(threshold, _just_above(ranked, keep))
    return threshold


def _just_above(ranked: list[tuple[float, int]], keep: int) -> float:
    """A threshold keeping the `keep` best-ranked documents (fewer on ties at the cut)."""
    if keep >= len(ranked):
        return 0.0
    cut = ranked[keep][0]
    return math.nextafter(cut, math.inf)


def select_threshold(config: RunConfig, rundir: RunDir, filtered: list[Path]) -> float:
    """Pick the domain threshold from the scored documents; recorded in work/curate/domain_selection.json."""
    domain = config.curate.domain
    scored = scored_documents(filtered, token_counter(config, rundir))
    threshold = pick_threshold(scored, domain.threshold, domain.keep_fraction, domain.target_tokens)
    kept = [(s, n) for s, n in scored if s >= threshold]
    selection = {
        "threshold": threshold,
        "configured_threshold": domain.threshold,
        "keep_fraction": domain.keep_fraction,
        "target_tokens": domain.target_tokens,
        "token_unit": "tokens"
        if config.tokenizer.train is None
        else f"estimated ({BYTES_PER_TOKEN} bytes/token)",
        "docs_scored": len(scored),
        "docs_kept": len(kept),
        "tokens_scored": sum(n for _, n in scored),
        "tokens_kept": sum(n for _, n in kept),
    }
    write_json_atomic(rundir.work / "curate" / "domain_selection.json", selection)
    log.info("domain threshold %.4f keeps %d of %d documents", threshold, len(kept), len(scored))
    return threshold
