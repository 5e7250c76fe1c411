"""`dapt classifier score`: a trained classifier on files it never saw, with the scoring of the
curate step's domain filter, so that a user measures selection on their own labelled text (not the
seeds) before a run.

Each input file (any format `dapt classifier train` reads; `LABEL=PATH` groups files) gets the
fraction of its documents kept at the threshold (recall for in-domain files, false positives for
the others) and its score quantiles; `--out` writes one JSON line per document.
"""

from __future__ import annotations

import json
import logging
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline.classifier import load_model, positive_probability, quantiles, read_documents, seed_file
from pipeline.curate.domain import classifier_metrics
from pipeline.errors import DaptError
from pipeline.rundir import open_atomic

logger = logging.getLogger(__name__)

PREVIEW_CHARS = 80


@dataclass
class _Group:
    label: str
    files: list[str] = field(default_factory=list)
    scores: list[float] = field(default_factory=list)


def model_threshold(model: Path) -> float:
    """The threshold saved beside a model by `dapt classifier train` (`<model>.metrics.json`)."""
    metrics = classifier_metrics(model)
    if not metrics or not isinstance(metrics.get("threshold"), (int, float)):
        raise DaptError(f"{model}.metrics.json: no saved threshold; pass --threshold")
    return float(metrics["threshold"])


def score_files(
    model_path: str | Path, inputs: list[str], threshold: float | None = None, out: str | Path | None = None
) -> dict[str, Any]:
    """Score every document of `inputs` (paths or `LABEL=PATH`) with the model; return per label the
    documents, the fraction at or above the threshold and the score quantiles; with `out`, write
    each document's score there (JSONL, written whole or not at all)."""
    model_path = Path(model_path)
    if threshold is None:
        threshold = model_threshold(model_path)
    model = load_model(model_path)
    groups: dict[str, _Group] = {}
    with open_atomic(out) if out else nullcontext() as sink:
        for spec in inputs:
            seed = seed_file(spec)
            label = seed.genre or seed.path.name
            group = groups.setdefault(label, _Group(label))
            group.files.append(str(seed.path))
            for index, text in enumerate(read_documents(seed.path)):
                score = round(positive_probability(model, text), 4)
                group.scores.append(score)
                if sink is not None:
                    row = {"file": str(seed.path), "label": label, "document": index, "score": score}
                    row |= {"kept": score >= threshold, "start": " ".join(text.split())[:PREVIEW_CHARS]}
                    sink.write(json.dumps(row, ensure_ascii=False) + "\n")
    result = {"model": str(model_path), "threshold": threshold, "groups": []}
    for group in groups.values():
        if not group.scores:
            logger.warning("%s: no documents", ", ".join(group.files))
        kept = sum(score >= threshold for score in group.scores)
        result["groups"].append(
            {
                "label": group.label,
                "files": group.files,
                "documents": len(group.scores),
                "kept": kept,
                "kept_fraction": round(kept / len(group.scores), 4) if group.scores else None,
                "scores": quantiles(group.scores) if group.scores else None,
            }
        )
    return result


def print_scores(result: dict[str, Any]) -> None:
    """The per-label table on the console."""
    from rich.console import Console
    from rich.table import Table

    console = Console() if Console().is_terminal else Console(width=150)
    table = Table(title=f"{result['model']}: documents kept at threshold {result['threshold']:.4f}")
    for column in ("label", "documents", "kept", "kept %", "p10", "median", "p90"):
        table.add_column(column, justify="left" if column == "label" else "right")
    for group in result["groups"]:
        scores = group["scores"] or {}
        fraction = group["kept_fraction"]
        table.add_row(
            group["label"],
            str(group["documents"]),
            str(group["kept"]),
            "" if fraction is None else f"{fraction:.1%}",
            *(f"{scores[q]:.3f}" if q in scores else "" for q in ("p10", "median", "p90")),
        )
    console.print(table)
    console.print("kept % is recall for in-domain text and the false-positive rate for other text")
