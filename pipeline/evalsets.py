"""The held-out evaluation texts of a run (`eval.sets`): read from files, or from the documents a
source held back before curation (rejected/holdout/<source>/), capped at `max_bytes` each.

Reading is deterministic: files in sorted order, held-back documents sorted by id (the same text
whatever the number of curation tasks). The cap is shared out over every document (a short one
whole, the others an equal window from their middle, cut at character boundaries): a set of eleven
filings is eleven filings' prose, not the cover page of the first.
"""

from __future__ import annotations

import glob
import gzip
import json
from dataclasses import dataclass
from pathlib import Path

from pipeline.config import EvalSetConfig, RunConfig
from pipeline.errors import DaptError
from pipeline.rundir import RunDir, write_text_atomic


@dataclass(frozen=True)
class EvalText:
    """One evaluation set's documents."""

    name: str
    role: str
    documents: list[str]

    @property
    def n_bytes(self) -> int:
        return sum(len(doc.encode("utf-8")) for doc in self.documents)


def load_eval_sets(config: RunConfig) -> list[EvalText]:
    """Every `eval.sets` entry of the run, read and capped. A source's held-back share is read from
    the run that curated the training tokens (`train.tokens_dir`'s run directory, else this one)."""
    tokens_dir = config.train.tokens_dir
    curation_dir = Path(tokens_dir).parent if tokens_dir else config.run.output_dir
    return [read_eval_set(s, curation_dir) for s in config.eval.sets]


def read_eval_set(eval_set: EvalSetConfig, run_dir: Path) -> EvalText:
    """One evaluation set's text (a source's held-back share is read from `run_dir`)."""
    documents = [doc.encode("utf-8") for doc in _documents(eval_set, Path(run_dir))]
    documents = [doc for doc in documents if doc.strip()]
    if not documents:
        raise DaptError(f"eval set {eval_set.name!r}: no text to evaluate on ({_where(eval_set, run_dir)})")
    shares = fair_shares([len(doc) for doc in documents], eval_set.max_bytes)
    texts = [middle_window(doc, share) for doc, share in zip(documents, shares, strict=True)]
    return EvalText(eval_set.name, eval_set.role, [text for text in texts if text.strip()])


def fair_shares(lengths: list[int], budget: int) -> list[int]:
    """Bytes taken from each document: shorter ones whole, the rest an equal share of what is left."""
    shares = [0] * len(lengths)
    left, remaining = budget, len(lengths)
    for index in sorted(range(len(lengths)), key=lambda i: lengths[i]):
        shares[index] = min(lengths[index], left // remaining)
        left -= shares[index]
        remaining -= 1
    return shares


def middle_window(data: bytes, size: int) -> str:
    """`size` bytes from the middle of `data`, without a partial character at either end."""
    start = (len(data) - size) // 2
    return data[start : start + size].decode("utf-8", errors="ignore")


def _where(eval_set: EvalSetConfig, run_dir: Path) -> str:
    if eval_set.source:
        return str(RunDir(run_dir).rejected_step("holdout", eval_set.source))
    return ", ".join(eval_set.paths)


def _documents(eval_set: EvalSetConfig, run_dir: Path):
    from pipeline.classifier import read_documents

    if eval_set.source:
        folder = RunDir(run_dir).rejected_step("holdout", eval_set.source)
        files = sorted(folder.glob("*.jsonl.gz"))
        if not files:
            raise DaptError(
                f"eval set {eval_set.name!r}: {folder} holds no held-back documents: curate the run with"
                " this eval set in its config (`dapt curate --force`)"
            )
        records = []
        for path in files:
            with gzip.open(path, "rt", encoding="utf-8") as f:
                records += [json.loads(line) for line in f if line.strip()]
        if eval_set.genres:
            records = [r for r in records if (r.get("metadata") or {}).get("genre") in eval_set.genres]
        yield from (r["text"] for r in sorted(records, key=lambda r: str(r["id"])))
        return
    for pattern in eval_set.paths:
        for path in sorted(glob.glob(pattern)):
            if eval_set.format == "text":
                opener = gzip.open if path.endswith(".gz") else open
                with opener(path, "rt", encoding="utf-8", errors="replace") as f:
                    yield f.read()
            else:
                yield from read_documents(path)


def write_eval_sets(texts: list[EvalText], folder: Path) -> list[dict]:
    """Write each set to `<folder>/<name>.jsonl` (atomically); return `eval.sets` entries reading them,
    so that runs elsewhere (ablation variants) evaluate on exactly this text."""
    entries = []
    for text in texts:
        path = Path(folder) / f"{text.name}.jsonl"
        write_text_atomic(path, "".join(json.dumps({"text": doc}) + "\n" for doc in text.documents))
        entries.append(
            {"name": text.name, "role": text.role, "paths": [str(path)], "max_bytes": text.n_bytes}
        )
    return entries
