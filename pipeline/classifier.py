"""fastText domain classifiers: `dapt classifier train` and the text normalization shared with the filters.

The recipe is DCLM's (a supervised fastText model on word bigrams, a few epochs) on lowercased,
punctuation-split text with digits folded to 0, so that "FY2024" and "FY2025" are one token.
Labels are `__label__domain` (the positive files) and `__label__other` (the negative files); any
binary task works the same way (filters/toxicity.py uses toxic vs clean text as positive vs negative).

Input files, by name:
  .txt                        one document per line
  .jsonl, .jsonl.gz, .json.gz one JSON object per line, its `text` field
  .html, .htm, .xhtml, .md, .txt.gz and their .gz forms
                              one document per file; markup is extracted with resiliparse
                              (main content), so SEC filings (HTML or SGML submissions) can be seeds
Long documents are cut into chunks of at most CHUNK_TOKENS tokens (whole lines where possible), one
training example each. About 15% of each class is held out, whole documents at a time: precision,
recall and F1 on it are saved in `<out>.metrics.json`. For training, the smaller class is repeated
up to the size of the larger.
"""

from __future__ import annotations

import gzip
import json
import logging
import math
import os
import random
import re
import subprocess
import sys
import tempfile
import unicodedata
import zlib
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.errors import DaptError
from pipeline.rundir import write_json_atomic

logger = logging.getLogger(__name__)

POSITIVE_LABEL = "__label__domain"
NEGATIVE_LABEL = "__label__other"
# DCLM trains with wordNgrams=2, lr=0.1, 5 epochs; dim and bucket are smaller than fastText's
# defaults (100, 2M) so that a model is ~56 MB instead of ~800 MB.
FASTTEXT_PARAMS = {"lr": 0.1, "epoch": 5, "wordNgrams": 2, "dim": 64, "bucket": 200_000, "minCount": 1}
# DCLM's 5 epochs assume millions of examples; a seed set of a few hundred lines needs more passes
# (F1 0.89 -> 1.0 on the demo seeds): at least MIN_UPDATES example updates, at most MAX_EPOCHS.
MIN_UPDATES = 25_000
MAX_EPOCHS = 50
CHUNK_TOKENS = 300
MIN_TOKENS = 3
HELDOUT_FRACTION = 0.15
_LINE_SUFFIXES = (".txt",)
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz")
_FILE_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".html.gz", ".htm.gz", ".xhtml.gz", ".md.gz", ".txt.gz")
_TOKEN = re.compile(r"\w+|[^\w\s]")
_MARKUP = re.compile(r"<(?:html|body|div|p|table|tr|td|font|span|br|ix:)\b", re.IGNORECASE)


def normalize_text(text: str) -> str:
    """One line of lowercased tokens (words and punctuation split apart, digits as 0): what the
    models see in training and in the filters."""
    text = unicodedata.normalize("NFKC", text).lower()
    return re.sub(r"\d", "0", " ".join(_TOKEN.findall(text)))


class LazyModel:
    """For pipeline steps that score with a fastText model: loaded on first use, in the worker, so
    that the step pickles without it (datatrove sends steps to workers and SLURM tasks)."""

    model_path: Path | None
    _model = None

    @property
    def model(self):
        if self._model is None:
            self._model = load_model(self.model_path)
        return self._model

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_model": None}


def load_model(path: str | Path):
    """Load a model written by `train_classifier` (a clear error if the file is missing or foreign)."""
    from fasttext.FastText import _FastText  # the class itself: fasttext.load_model prints a warning

    path = Path(path)
    if not path.is_file():
        raise DaptError(f"{path}: fastText model not found (train one with `dapt classifier train`)")
    try:
        model = _FastText(model_path=str(path))
    except ValueError as exc:
        raise DaptError(f"{path}: not a fastText model ({exc})") from exc
    if POSITIVE_LABEL not in model.get_labels():
        raise DaptError(
            f"{path}: has labels {model.get_labels()}, expected {POSITIVE_LABEL} (dapt classifier train)"
        )
    return model


def positive_probability(model, text: str) -> float:
    """Probability of `__label__domain` for one document (0 for one without words)."""
    normalized = normalize_text(text)
    if not normalized:
        return 0.0
    labels, probs = model.predict(normalized, k=-1)
    scores = dict(zip(labels, probs, strict=True))
    return min(1.0, float(scores.get(POSITIVE_LABEL, 0.0)))


# ----------------------------------------------------------------------------------- reading inputs
def read_documents(path: str | Path) -> Iterator[str]:
    """The documents of one input file (see the module docstring for the formats)."""
    path = Path(path)
    name = path.name.lower()
    if path.is_dir():
        raise DaptError(f"{path}: is a directory; pass its files (e.g. {path}/*.html.gz)")
    if not path.is_file():
        raise DaptError(f"{path}: file not found")
    try:
        if name.endswith(_JSONL_SUFFIXES):
            yield from _read_jsonl(path)
        elif name.endswith(_FILE_SUFFIXES):
            yield _read_whole_document(path)
        elif name.endswith(_LINE_SUFFIXES):
            with open(path, encoding="utf-8", errors="replace") as f:
                yield from (line for line in f if line.strip())
        else:
            accepted = ", ".join(_LINE_SUFFIXES + _JSONL_SUFFIXES + _FILE_SUFFIXES)
            raise DaptError(f"{path}: unknown input format (accepted: {accepted})")
    except (OSError, EOFError, zlib.error) as exc:
        raise DaptError(f"{path}: cannot read ({exc})") from exc


def _open_text(path: Path):
    if path.name.lower().endswith(".gz"):
        return gzip.open(path, "rt", encoding="utf-8", errors="replace")
    return open(path, encoding="utf-8", errors="replace")


def _read_jsonl(path: Path) -> Iterator[str]:
    with _open_text(path) as f:
        for number, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
            except json.JSONDecodeError as exc:
                raise DaptError(f"{path}:{number}: invalid JSON ({exc.msg})") from exc
            text = record.get("text") if isinstance(record, dict) else None
            if not isinstance(text, str):
                raise DaptError(f"{path}:{number}: no string field `text`")
            yield text


def _read_whole_document(path: Path) -> str:
    from resiliparse.extract.html2text import extract_plain_text
    from resiliparse.parse.encoding import bytes_to_str, detect_encoding

    data = path.read_bytes()
    if path.name.lower().endswith(".gz"):
        data = gzip.decompress(data)
    text = bytes_to_str(data, detect_encoding(data))
    if _MARKUP.search(text):
        text = extract_plain_text(text, main_content=True)
    return text


def split_into_chunks(text: str, max_tokens: int = CHUNK_TOKENS) -> list[str]:
    """Normalize a document and cut it into chunks of at most `max_tokens` tokens, at line breaks
    where possible."""
    chunks: list[str] = []
    current: list[str] = []
    for line in text.splitlines():
        tokens = normalize_text(line).split()
        while len(current) + len(tokens) > max_tokens:
            if current and len(tokens) <= max_tokens:
                chunks.append(" ".join(current))  # start the line in a new chunk rather than cut it
                current = []
                continue
            room = max_tokens - len(current)
            chunks.append(" ".join(current + tokens[:room]))
            current, tokens = [], tokens[room:]
        current.extend(tokens)
    if current:
        chunks.append(" ".join(current))
    return chunks


@dataclass
class _Example:
    label: str
    text: str  # normalized, one line
    document: int  # examples of one document (within a label) share it: held out together


def _load_examples(paths: Sequence[str | Path], label: str) -> tuple[list[_Example], int]:
    examples, document, too_short = [], 0, 0
    for path in paths:
        for text in read_documents(path):
            for chunk in split_into_chunks(text):
                if chunk.count(" ") + 1 < MIN_TOKENS:
                    too_short += 1
                    continue
                examples.append(_Example(label, chunk, document))
            document += 1
    return examples, too_short


# ----------------------------------------------------------------------------------- split, train, score
def _heldout_split(examples: list[_Example], seed: int) -> tuple[list[_Example], list[_Example], str]:
    """Hold out 10-20% of one label's examples, whole documents at a time (chunks of one document on
    both sides would inflate the metrics); when the documents are too few or too large for that
    (one long file), fall back to a split by chunk."""
    rng = random.Random(seed)
    by_document: dict[int, list[_Example]] = {}
    for example in examples:
        by_document.setdefault(example.document, []).append(example)
    documents = list(by_document)
    rng.shuffle(documents)
    target, ceiling = HELDOUT_FRACTION * len(examples), 0.2 * len(examples)
    heldout: list[_Example] = []
    for document in documents:
        if len(heldout) >= target:
            break
        if len(heldout) + len(by_document[document]) <= ceiling:
            heldout.extend(by_document[document])
    if target / 2 <= len(heldout) < len(examples):
        chosen = {id(e) for e in heldout}
        return [e for e in examples if id(e) not in chosen], heldout, "by_document"
    shuffled = examples[:]
    rng.shuffle(shuffled)
    cut = max(1, round(HELDOUT_FRACTION * len(shuffled)))
    return shuffled[cut:], shuffled[:cut], "by_chunk"


def binary_metrics(truth: Sequence[bool], predicted: Sequence[bool]) -> dict[str, Any]:
    """Precision, recall, F1 and accuracy of binary predictions (True = positive)."""
    tp = sum(t and p for t, p in zip(truth, predicted, strict=True))
    fp = sum(p and not t for t, p in zip(truth, predicted, strict=True))
    fn = sum(t and not p for t, p in zip(truth, predicted, strict=True))
    tn = len(truth) - tp - fp - fn
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(recall, 4),
        "f1": round(f1, 4),
        "accuracy": round((tp + tn) / len(truth), 4) if truth else 0.0,
        "confusion": {"tp": tp, "fp": fp, "fn": fn, "tn": tn},
    }


def _balanced(positives: list[_Example], negatives: list[_Example], rng: random.Random) -> list[_Example]:
    """Both classes, the smaller one repeated up to the size of the larger (as DCLM trains on equal
    classes): with 120 filing chunks against 7,000 book lines, a model trained on them as they are
    calls almost nothing in-domain (held-out F1 0.56; balanced: 1.0)."""
    small, large = sorted((positives, negatives), key=len)
    repeated = small * (len(large) // len(small)) + rng.sample(small, len(large) % len(small))
    return repeated + large


# Trains and saves one model in a fresh interpreter (see _train_fasttext).
_FIT = """
import json, sys
import fasttext
train_file, params, out = sys.argv[1], json.loads(sys.argv[2]), sys.argv[3]
fasttext.train_supervised(input=train_file, verbose=0, **params).save_model(out)
"""


def _train_fasttext(train_file: Path, out: Path, examples: int, seed: int) -> dict[str, Any]:
    """Train with FASTTEXT_PARAMS into `out`; return the parameters used. fastText runs in a fresh
    interpreter: inside a long-lived process (the test suite, after ~200 other tests) it failed
    with "Encountered NaN" on a file and seed that train cleanly in a new process, at any learning
    rate (20x the default trains fine there: not a divergence)."""
    epoch = min(MAX_EPOCHS, max(FASTTEXT_PARAMS["epoch"], math.ceil(MIN_UPDATES / examples)))
    # one thread: the same seed gives the same model
    params = {**FASTTEXT_PARAMS, "epoch": epoch, "seed": seed, "thread": 1}
    command = [sys.executable, "-c", _FIT, str(train_file), json.dumps(params), str(out)]
    result = subprocess.run(command, capture_output=True, text=True)
    if result.returncode != 0:
        error = (result.stderr.strip().splitlines() or [f"exit code {result.returncode}"])[-1]
        raise DaptError(f"fastText training failed on {train_file}: {error}")
    return params


def train_classifier(
    positive: Sequence[str | Path],
    negative: Sequence[str | Path],
    out: Path,
    seed: int = 0,
    show_table: bool = True,
) -> dict[str, Any]:
    """Train a fastText classifier (positive files vs negative files), write it to `out` and its
    held-out metrics to `<out>.metrics.json`; return the metrics."""
    import fasttext

    out = Path(out)
    positives, short_positive = _load_examples(positive, POSITIVE_LABEL)
    negatives, short_negative = _load_examples(negative, NEGATIVE_LABEL)
    for label, examples, files in (("positive", positives, positive), ("negative", negatives, negative)):
        if len(examples) < 2:
            where = ", ".join(map(str, files))
            raise DaptError(
                f"{where}: only {len(examples)} {label} examples of {MIN_TOKENS}+ tokens (need 2)"
            )
    train_pos, held_pos, split_pos = _heldout_split(positives, seed)
    train_neg, held_neg, split_neg = _heldout_split(negatives, seed)
    rng = random.Random(seed)
    train = _balanced(train_pos, train_neg, rng)
    rng.shuffle(train)
    logger.info("training on %d positive and %d negative examples", len(train_pos), len(train_neg))

    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out.parent, prefix=f".{out.name}.") as tmp:
        train_file = Path(tmp) / "train.txt"
        train_file.write_text("".join(f"{e.label} {e.text}\n" for e in train), encoding="utf-8")
        tmp_model = Path(tmp) / out.name
        params = _train_fasttext(train_file, tmp_model, len(train), seed)
        model = fasttext.load_model(str(tmp_model))
        os.replace(tmp_model, out)

    heldout = held_pos + held_neg
    labels, probs = model.predict([e.text for e in heldout], k=-1)
    scores = [
        float(dict(zip(ls, ps, strict=True)).get(POSITIVE_LABEL, 0.0))
        for ls, ps in zip(labels, probs, strict=True)
    ]
    metrics = {
        "model": str(out),
        "threshold": 0.5,
        **binary_metrics([e.label == POSITIVE_LABEL for e in heldout], [s >= 0.5 for s in scores]),
        "examples": {
            "train": {"positive": len(train_pos), "negative": len(train_neg)},
            "train_balanced": len(train),
            "heldout": {"positive": len(held_pos), "negative": len(held_neg)},
            "skipped_too_short": {"positive": short_positive, "negative": short_negative},
        },
        "heldout_split": {"positive": split_pos, "negative": split_neg},
        "inputs": {"positive": [str(p) for p in positive], "negative": [str(p) for p in negative]},
        "fasttext": params,
        "labels": {"positive": POSITIVE_LABEL, "negative": NEGATIVE_LABEL},
    }
    write_json_atomic(f"{out}.metrics.json", metrics)
    logger.info("wrote %s and %s.metrics.json", out, out)
    if show_table:
        print_metrics(metrics)
    return metrics


def print_metrics(metrics: dict[str, Any]) -> None:
    """The held-out metrics as a table on the console."""
    from rich.console import Console
    from rich.table import Table

    examples = metrics["examples"]
    table = Table(title=f"held-out metrics of {metrics['model']} (threshold {metrics['threshold']})")
    for column in ("precision", "recall", "F1", "accuracy", "held-out pos/neg", "train pos/neg"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{metrics['precision']:.3f}",
        f"{metrics['recall']:.3f}",
        f"{metrics['f1']:.3f}",
        f"{metrics['accuracy']:.3f}",
        f"{examples['heldout']['positive']}/{examples['heldout']['negative']}",
        f"{examples['train']['positive']}/{examples['train']['negative']}",
    )
    Console().print(table)
