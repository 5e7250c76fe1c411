"""The domain classifier of a run (given, or trained at curation start from seed files) and the
threshold that keeps a top fraction or a token budget of the domain documents.

Selection: the `filter` stage only scores (`domain_score`); the threshold is then picked from the
scores of all domain sources together, never below the run's domain threshold (a budget only
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
    suffix = ".bin" if domain.model == "fasttext" else ".json"
    out = domain.model_path or rundir.work / f"domain_classifier{suffix}"
    if not out.is_file():
        from pipeline.classifier import train_classifier

        log.info(
            "training the %s domain classifier on %d positive / %d negative files",
            domain.model,
            len(domain.positive),
            len(domain.negative),
        )
        train_classifier(
            domain.positive,
            domain.negative,
            out,
            seed=config.run.seed,
            show_table=False,
            family=domain.model,
            threshold=domain.threshold,
            target_precision=domain.target_precision,
            max_examples_per_file=domain.max_examples_per_file,
        )
    return out


def classifier_metrics(model: Path) -> dict | None:
    """What `dapt classifier train` saved beside a model (None for a model trained elsewhere)."""
    path = Path(f"{model}.metrics.json")
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None


def domain_threshold(config: RunConfig, model: Path) -> float:
    """The threshold the run keeps domain documents at: the config's, else the one picked on the
    classifier's held-out folds and saved with it."""
    if config.curate.domain.threshold is not None:
        return config.curate.domain.threshold
    metrics = classifier_metrics(model)
    if not metrics or not isinstance(metrics.get("threshold"), (int, float)):
        raise ConfigError(
            f"curate.domain.threshold: {model} has no held-out threshold ({model}.metrics.json):"
            " set curate.domain.threshold"
        )
    return float(metrics["threshold"])


def classifier_summary(model: Path, threshold: float) -> dict | None:
    """The classifier's held-out figures at the run's threshold (for the manifest and the report)."""
    from pipeline.classifier import metrics_at

    metrics = classifier_metrics(model)
    if not metrics or "heldout" not in metrics:
        return None
    figures = metrics_at(metrics, threshold)
    return {
        "model": str(model),
        "family": metrics.get("family"),
        "trained_threshold": metrics.get("threshold"),
        "threshold_source": metrics.get("threshold_source"),
        "warnings": metrics.get("warnings", []),
        "files": [{**info, **row} for info, row in zip(metrics["files"], figures.pop("files"), strict=True)],
        **figures,
    }


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


def select_threshold(config: RunConfig, rundir: RunDir, model: Path, filtered: list[Path]) -> float:
    """Pick the domain threshold from the scored documents; recorded in work/curate/domain_selection.json."""
    domain = config.curate.domain
    scored = scored_documents(filtered, token_counter(config, rundir))
    floor = domain_threshold(config, model)
    threshold = pick_threshold(scored, floor, domain.keep_fraction, domain.target_tokens)
    kept = [(s, n) for s, n in scored if s >= threshold]
    selection = {
        "threshold": threshold,
        "configured_threshold": floor,
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
