"""`dapt classifier train`: a domain (or any binary) classifier from seed files, with figures on
held-out folds and the threshold the run uses.

Labels are in-domain (the positive files) and other (the negative files); any binary task works
the same way (filters/toxicity.py uses toxic vs clean text). Two model families
(pipeline/classifier_models.py): `fasttext` (DCLM's n-gram recipe) and `wordllama` (static word
embeddings with a logistic head).

Input files, by name:
  .txt                        one document per line (leading lines starting with `#`: a header)
  .jsonl, .jsonl.gz, .json.gz one JSON object per line, its `text` field
  .html, .htm, .xhtml, .md, .txt.gz and their .gz forms
                              one document per file; markup is extracted with resiliparse
                              (main content), so SEC filings (HTML or SGML submissions) can be seeds
A seed file may carry a genre (`news=path` on the command line, `{path, genre}` in a config): the
figures are also given per genre.

Documents are cut into chunks of at most CHUNK_TOKENS tokens (whole lines where possible), one
example each. No file may dominate its class. The embedding family trains on every chunk, each
file weighing the same within its class (so the training seed does not change what it learns);
fastText takes no weights, so each file's chunks are capped (a random sample) at the largest count
that keeps every file at or under MAX_FILE_SHARE of its class, where the class has enough files
for that. Both sample down to `max_examples_per_file` when it is given. Held-out figures come
from folds: each seed file is left out in turn and scored by a model trained on the others (a
class with a single file is cut into DOCUMENT_PARTS parts by document instead). The threshold is
the lowest one whose held-out precision (classes, and files within a class, weighted equally)
reaches `target_precision`, unless one is given; it is saved in `<out>.metrics.json` with the
figures at it, per file and per genre, and the held-out scores (so that the figures can be given
again at another threshold: `metrics_at`). The final model is trained on every example (the
smaller class repeated, or weighted, to the size of the larger, as DCLM trains on equal classes).
"""

from __future__ import annotations

import gzip
import json
import logging
import random
import re
import statistics
import tempfile
import zlib
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.classifier_models import (
    FAMILIES,
    NEGATIVE_LABEL,
    POSITIVE_LABEL,
    Classifier,
    EmbeddingClassifier,
    embed,
    fasttext_params,
    load_classifier,
    normalize_text,
    run_fasttext_jobs,
    save_verified,
)
from pipeline.errors import DaptError
from pipeline.rundir import write_json_atomic

logger = logging.getLogger(__name__)

__all__ = ["FAMILIES", "NEGATIVE_LABEL", "POSITIVE_LABEL", "load_model", "normalize_text", "train_classifier"]

CHUNK_TOKENS = 300
MIN_TOKENS = 3
MAX_FILE_SHARE = 0.3  # of its class's examples, at most, for any one seed file
DOCUMENT_PARTS = 5  # a class with one seed file is held out in this many parts, by document
TARGET_PRECISION = 0.99  # of 0.95, 0.98, 0.99 on the finance seeds: BENCHMARKS.md
RECALL_COLLAPSE = 0.5  # a positive file left out and recalled below this: warned
MIN_HELDOUT_AUC = 0.6  # the best-separated positive file below it: refused, it ranks no better than chance
_LINE_SUFFIXES = (".txt",)
_JSONL_SUFFIXES = (".jsonl", ".jsonl.gz", ".json.gz")
_FILE_SUFFIXES = (".html", ".htm", ".xhtml", ".md", ".html.gz", ".htm.gz", ".xhtml.gz", ".md.gz", ".txt.gz")
_MARKUP = re.compile(r"<(?:html|body|div|p|table|tr|td|font|span|br|ix:)\b", re.IGNORECASE)
_GENRE = re.compile(r"^([\w-]+)=(.+)$")


@dataclass(frozen=True)
class SeedFile:
    path: Path
    genre: str | None = None


def seed_file(spec: Any) -> SeedFile:
    """A seed file from a path, `genre=path`, a mapping `{path, genre}` or a SeedFile."""
    if isinstance(spec, SeedFile):
        return spec
    if isinstance(spec, dict):
        return SeedFile(Path(spec["path"]), spec.get("genre"))
    if hasattr(spec, "path") and hasattr(spec, "genre"):  # the config's SeedFileConfig
        return SeedFile(Path(spec.path), spec.genre)
    text = str(spec)
    match = _GENRE.match(text)
    if match and not Path(text).exists():
        return SeedFile(Path(match.group(2)), match.group(1))
    return SeedFile(Path(text))


class LazyModel:
    """For pipeline steps that score with a classifier: loaded on first use, in the worker, so
    that the step pickles without it (datatrove sends steps to workers and SLURM tasks)."""

    model_path: Path | None
    _model = None

    @property
    def model(self) -> Classifier:
        if self._model is None:
            self._model = load_model(self.model_path)
        return self._model

    def __getstate__(self) -> dict:
        return {**self.__dict__, "_model": None}


def load_model(path: str | Path) -> Classifier:
    """Load a model written by `train_classifier` (a clear error if the file is missing or foreign)."""
    return load_classifier(path)


def positive_probability(model: Classifier, text: str) -> float:
    """Probability of the positive class for one document (0 for one without words)."""
    normalized = normalize_text(text)
    return model.probabilities([normalized])[0] if normalized else 0.0


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
            yield from _read_lines(path)
        else:
            accepted = ", ".join(_LINE_SUFFIXES + _JSONL_SUFFIXES + _FILE_SUFFIXES)
            raise DaptError(f"{path}: unknown input format (accepted: {accepted})")
    except (OSError, EOFError, zlib.error) as exc:
        raise DaptError(f"{path}: cannot read ({exc})") from exc


def _read_lines(path: Path) -> Iterator[str]:
    with open(path, encoding="utf-8", errors="replace") as f:
        header = True
        for line in f:
            header = header and line.startswith("#")
            if line.strip() and not header:
                yield line


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
    positive: bool
    text: str  # normalized, one line
    file: int  # index into the seed files (positives first)
    document: int  # within its file
    fold: int = -1  # held out together


def _file_chunks(seed: SeedFile) -> tuple[list[tuple[int, str]], int]:
    """(document, chunk) of one seed file, and how many chunks were too short to use."""
    chunks, too_short = [], 0
    for document, text in enumerate(read_documents(seed.path)):
        for chunk in split_into_chunks(text):
            if chunk.count(" ") + 1 < MIN_TOKENS:
                too_short += 1
            else:
                chunks.append((document, chunk))
    return chunks, too_short


def file_cap(counts: Sequence[int], limit: int | None = None) -> int:
    """Chunks kept per file: the largest cap under which no file exceeds MAX_FILE_SHARE of the
    class; with too few files for that, the second-largest count (no file above the others)."""
    counts = sorted(c for c in counts if c > 0)
    if not counts:
        return 0
    if len(counts) * MAX_FILE_SHARE < 1:
        cap = counts[-2] if len(counts) > 1 else counts[-1]
    else:
        cap = 1
        for candidate in range(1, counts[-1] + 1):
            if candidate > MAX_FILE_SHARE * sum(min(c, candidate) for c in counts):
                break
            cap = candidate
    return min(cap, limit) if limit else cap


def _assign_folds(examples: list[_Example], files: list[int], rng: random.Random, next_fold: int) -> int:
    """Fold ids for one class: one per file, or DOCUMENT_PARTS parts (by document, else by chunk)
    when the class has a single file; returns the next free fold id."""
    if len(files) > 1:
        for example in examples:
            example.fold = next_fold + files.index(example.file)
        return next_fold + len(files)
    documents = sorted({e.document for e in examples})
    parts = min(DOCUMENT_PARTS, len(examples))
    if len(documents) >= parts:
        rng.shuffle(documents)
        part_of = {d: i % parts for i, d in enumerate(documents)}
        for example in examples:
            example.fold = next_fold + part_of[example.document]
    else:
        order = list(range(len(examples)))
        rng.shuffle(order)
        for i, index in enumerate(order):
            examples[index].fold = next_fold + i % parts
    return next_fold + parts


def _repeated_to_balance(examples: list[_Example], rng: random.Random) -> list[_Example]:
    """The examples for fastText (which takes no weights), repeated as `_file_weights` weighs
    them: each file's up to the largest file's count, then the class with fewer files up to the
    size of the other (as DCLM trains on equal classes: with 120 filing chunks against 7,000 book
    lines, a model trained on them as they are calls almost nothing in-domain)."""
    by_file: dict[int, list[_Example]] = {}
    for example in examples:
        by_file.setdefault(example.file, []).append(example)
    largest = max(map(len, by_file.values()))
    classes: dict[bool, list[_Example]] = {True: [], False: []}
    for mine in by_file.values():
        repeated = mine * (largest // len(mine)) + rng.sample(mine, largest % len(mine))
        classes[mine[0].positive] += repeated
    small, large = sorted(classes.values(), key=len)
    balanced = small * (len(large) // len(small)) + rng.sample(small, len(large) % len(small)) + large
    rng.shuffle(balanced)
    return balanced


def _file_weights(examples: Sequence[_Example]) -> Any:
    """Example weights under which each class weighs the same, and each seed file the same within
    its class: a book of thousands of lines counts as much as fifteen paragraphs of news."""
    import numpy as np

    per_file = Counter(e.file for e in examples)
    files = {label: len({e.file for e in examples if e.positive == label}) for label in (True, False)}
    return np.array([1.0 / (files[e.positive] * per_file[e.file]) for e in examples])


def _heldout_scores_fasttext(examples: list[_Example], folds: list[int], seed: int, tmp: Path) -> list[float]:
    jobs, rng = [], random.Random(seed)
    for fold in folds:
        train = _repeated_to_balance([e for e in examples if e.fold != fold], rng)
        (tmp / f"train-{fold}.txt").write_text(
            "".join(f"{POSITIVE_LABEL if e.positive else NEGATIVE_LABEL} {e.text}\n" for e in train),
            encoding="utf-8",
        )
        (tmp / f"score-{fold}.txt").write_text(
            "".join(f"{e.text}\n" for e in examples if e.fold == fold), encoding="utf-8"
        )
        jobs.append(
            {
                "train": str(tmp / f"train-{fold}.txt"),
                "params": fasttext_params(len(train), seed),
                "score": str(tmp / f"score-{fold}.txt"),
                "scores": str(tmp / f"scores-{fold}.json"),
            }
        )
    run_fasttext_jobs(jobs)
    scores = [0.0] * len(examples)
    for fold in folds:
        fold_scores = iter(json.loads((tmp / f"scores-{fold}.json").read_text()))
        for i, example in enumerate(examples):
            if example.fold == fold:
                scores[i] = next(fold_scores)
    return scores


def _heldout_scores_embedding(examples: list[_Example], folds: list[int], vectors: Any) -> list[float]:
    import numpy as np

    scores = np.zeros(len(examples))
    fold_of = np.array([e.fold for e in examples])
    labels = np.array([e.positive for e in examples])
    for fold in folds:
        train = fold_of != fold
        kept = [e for e, t in zip(examples, train, strict=True) if t]
        head = EmbeddingClassifier.fit(vectors[train], labels[train], _file_weights(kept))
        scores[~train] = head.probabilities_of(vectors[~train])
    return [float(s) for s in scores]


def _save_fasttext(examples: list[_Example], out: Path, seed: int, tmp: Path) -> tuple[Classifier, dict]:
    train = _repeated_to_balance(examples, random.Random(seed))
    train_file = tmp / "train.txt"
    train_file.write_text(
        "".join(f"{POSITIVE_LABEL if e.positive else NEGATIVE_LABEL} {e.text}\n" for e in train),
        encoding="utf-8",
    )
    params = fasttext_params(len(train), seed)
    model = save_verified(
        out, lambda path: run_fasttext_jobs([{"train": str(train_file), "params": params, "save": str(path)}])
    )
    return model, {"fasttext": params, "train_balanced": len(train)}


def _save_embedding(examples: list[_Example], vectors: Any, out: Path) -> tuple[Classifier, dict]:
    import numpy as np

    from pipeline.classifier_models import EMBEDDINGS, L2_PENALTY

    labels = np.array([e.positive for e in examples])
    head = EmbeddingClassifier.fit(vectors, labels, _file_weights(examples))
    model = save_verified(out, lambda path: path.write_text(head.to_json(), encoding="utf-8"))
    return model, {"embeddings": EMBEDDINGS, "head": "logistic regression", "l2_penalty": L2_PENALTY}


# ----------------------------------------------------------------------------------- figures
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


def _file_rates(truth: Sequence[bool], files: Sequence[int] | None) -> Any:
    """Each example's weight in its class's rates: 1 / the examples of its seed file, so that every
    file counts the same (as in training), and a book of thousands of easy lines cannot hide the
    false positives of a smaller genre. Without files, every example weighs the same."""
    import numpy as np

    if files is None:
        return np.ones(len(truth))
    per_file = Counter(files)
    return np.array([1.0 / per_file[f] for f in files])


def balanced_metrics(
    truth: Sequence[bool], scores: Sequence[float], threshold: float, files: Sequence[int] | None = None
) -> dict[str, Any]:
    """Precision, recall, F1 and accuracy at a threshold with both classes weighted equally
    (precision = TPR / (TPR + FPR)), and with `files` each seed file weighted equally within its
    class: independent of how many examples a class or a file happens to have. The confusion
    counts are the raw ones."""
    import numpy as np

    raw = binary_metrics(truth, [s >= threshold for s in scores])
    weights, positive = _file_rates(truth, files), np.array(truth, dtype=bool)
    kept = np.array(scores) >= threshold
    tpr = float(weights[positive & kept].sum() / weights[positive].sum()) if positive.any() else 0.0
    fpr = float(weights[~positive & kept].sum() / weights[~positive].sum()) if (~positive).any() else 0.0
    precision = tpr / (tpr + fpr) if tpr + fpr else 0.0
    f1 = 2 * precision * tpr / (precision + tpr) if precision + tpr else 0.0
    return {
        "precision": round(precision, 4),
        "recall": round(tpr, 4),
        "f1": round(f1, 4),
        "accuracy": round((tpr + 1 - fpr) / 2, 4),
        "false_positive_rate": round(fpr, 4),
        "confusion": raw["confusion"],
    }


def ranking_auc(truth: Sequence[bool], scores: Sequence[float]) -> float:
    """The chance that a positive example outscores a negative one (ROC AUC; ties count half):
    what the classifier learned, whatever threshold a run later picks."""
    ranked = sorted(zip(scores, truth, strict=True))
    rank_sum, index = 0.0, 0
    while index < len(ranked):
        end = index
        while end < len(ranked) and ranked[end][0] == ranked[index][0]:
            end += 1
        mean_rank = (index + 1 + end) / 2
        rank_sum += mean_rank * sum(1 for _, t in ranked[index:end] if t)
        index = end
    positives = sum(truth)
    negatives = len(truth) - positives
    if not positives or not negatives:
        return 0.0
    return (rank_sum - positives * (positives + 1) / 2) / (positives * negatives)


def pick_threshold(
    truth: Sequence[bool],
    scores: Sequence[float],
    target_precision: float,
    files: Sequence[int] | None = None,
) -> tuple[float, bool]:
    """The lowest threshold whose balanced precision (as `balanced_metrics` weighs it) reaches the
    target (the most recall at that precision); when none does, the lowest with the best
    precision. Returns (threshold, reached)."""
    import numpy as np

    scores_ = np.array(scores, dtype=float)
    positive = np.array(truth, dtype=bool)
    weights = _file_rates(truth, files)
    candidates = np.unique(scores_)
    order = np.argsort(-scores_, kind="stable")
    # the weight kept at each candidate: everything scoring at or above it
    kept_positive = np.cumsum(np.where(positive[order], weights[order], 0.0))
    kept_negative = np.cumsum(np.where(positive[order], 0.0, weights[order]))
    last = np.searchsorted(-scores_[order], -candidates, side="right") - 1
    tpr = kept_positive[last] / max(weights[positive].sum(), 1e-300)
    fpr = kept_negative[last] / max(weights[~positive].sum(), 1e-300)
    with np.errstate(invalid="ignore", divide="ignore"):
        precision = np.round(np.where(tpr + fpr > 0, tpr / (tpr + fpr), 0.0), 4)
    reached = np.flatnonzero(precision >= target_precision)
    first = reached[0] if len(reached) else int(np.flatnonzero(precision == precision.max())[0])
    return float(candidates[first]), bool(len(reached))


def quantiles(scores: Sequence[float]) -> dict[str, float]:
    """min, p10, median, p90 and max of a non-empty list of scores."""
    ordered = sorted(scores)
    at = lambda q: round(ordered[min(len(ordered) - 1, int(q * len(ordered)))], 4)  # noqa: E731
    return {
        "min": ordered[0],
        "p10": at(0.1),
        "median": round(statistics.median(ordered), 4),
        "p90": at(0.9),
        "max": ordered[-1],
    }


def _histogram(scores: Sequence[float], bins: int = 10) -> list[int]:
    counts = [0] * bins
    for score in scores:
        counts[min(bins - 1, int(score * bins))] += 1
    return counts


def metrics_at(metrics: dict[str, Any], threshold: float) -> dict[str, Any]:
    """The held-out figures of a trained classifier at another threshold (e.g. the run's): overall,
    per seed file (the fraction kept: recall for positive files, false positives for negative ones)
    and per genre."""
    held = metrics["heldout"]
    scores, truth, files = held["scores"], [bool(p) for p in held["positive"]], held["file"]
    figures = {"threshold": threshold, **balanced_metrics(truth, scores, threshold, files)}
    per_file, per_genre = [], {}
    for index, info in enumerate(metrics["files"]):
        mine = [s for s, f in zip(scores, files, strict=True) if f == index]
        kept = sum(s >= threshold for s in mine)
        per_file.append({"path": info["path"], "kept": kept, "heldout": len(mine)})
        genre = per_genre.setdefault(
            info["genre"] or "(untagged)", {"label": info["label"], "kept": 0, "heldout": 0}
        )
        genre["kept"] += kept
        genre["heldout"] += len(mine)
    for row in [*per_file, *per_genre.values()]:
        row["kept_fraction"] = round(row["kept"] / row["heldout"], 4) if row["heldout"] else None
    return {**figures, "files": per_file, "genres": per_genre}


# ----------------------------------------------------------------------------------- training
def train_classifier(
    positive: Sequence[Any],
    negative: Sequence[Any],
    out: Path,
    seed: int = 0,
    show_table: bool = True,
    family: str = "wordllama",
    threshold: float | None = None,
    target_precision: float = TARGET_PRECISION,
    max_examples_per_file: int | None = None,
) -> dict[str, Any]:
    """Train a classifier (positive seed files vs negative ones), write it to `out` and its
    held-out figures to `<out>.metrics.json`; return them. `threshold` pins the threshold the
    figures are given at; by default it is picked on the held-out folds for `target_precision`."""
    if family not in FAMILIES:
        raise DaptError(f"unknown classifier family {family!r} (one of: {', '.join(FAMILIES)})")
    out = Path(out)
    seeds = [seed_file(p) for p in positive] + [seed_file(p) for p in negative]
    is_positive = [True] * len(positive) + [False] * len(negative)
    rng = random.Random(seed)
    weighted = family != "fasttext"  # the embedding head takes a weight per example
    what = "weight" if weighted else "examples"
    chunks, too_short = zip(*(_file_chunks(s) for s in seeds), strict=True) if seeds else ((), ())
    examples: list[_Example] = []
    files_info: list[dict[str, Any]] = []
    caps, warnings, next_fold = {}, [], 0
    for label, positive_class in (("positive", True), ("negative", False)):
        indices = [i for i, p in enumerate(is_positive) if p == positive_class]
        total = sum(len(chunks[i]) for i in indices)
        if total < 2:
            where = ", ".join(str(seeds[i].path) for i in indices)
            raise DaptError(f"{where}: only {total} {label} examples of {MIN_TOKENS}+ tokens (need 2)")
        if weighted:
            cap = caps[label] = max_examples_per_file
        else:
            cap = caps[label] = file_cap([len(chunks[i]) for i in indices], max_examples_per_file)
        mine = []
        for i in indices:
            sample = chunks[i] if cap is None or len(chunks[i]) <= cap else rng.sample(chunks[i], cap)
            mine += [_Example(positive_class, text, i, document) for document, text in sample]
        used_files = [i for i in indices if chunks[i]]
        next_fold = _assign_folds(mine, used_files, rng, next_fold)
        examples += mine
        for i in indices:
            used = len(chunks[i]) if cap is None else min(len(chunks[i]), cap)
            # the file's share of its class in training: of the weight, or of the examples
            share = (1 / len(used_files) if used else 0.0) if weighted else used / len(mine)
            files_info.append(
                {
                    "path": str(seeds[i].path),
                    "label": label,
                    "genre": seeds[i].genre,
                    "chunks": len(chunks[i]),
                    "used": used,
                    "share": round(share, 4),
                    "too_short": too_short[i],
                }
            )
            if share > MAX_FILE_SHARE:
                warnings.append(
                    f"{seeds[i].path} carries {share:.0%} of the {label} {what}"
                    f" (over {MAX_FILE_SHARE:.0%}): the classifier may learn this file, not the domain;"
                    f" add {label} seed files"
                )
    folds = sorted({e.fold for e in examples})
    logger.info(
        "training a %s classifier on %d positive and %d negative examples (%d held-out folds)",
        family,
        sum(e.positive for e in examples),
        sum(not e.positive for e in examples),
        len(folds),
    )
    with tempfile.TemporaryDirectory(prefix="dapt-classifier-") as tmp:
        if family == "fasttext":
            scores = _heldout_scores_fasttext(examples, folds, seed, Path(tmp))
        else:
            vectors = embed([e.text for e in examples])
            scores = _heldout_scores_embedding(examples, folds, vectors)
        truth = [e.positive for e in examples]
        scores = [round(s, 4) for s in scores]
        if threshold is None:
            files = [e.file for e in examples]
            threshold, reached = pick_threshold(truth, scores, target_precision, files)
            source = f"held-out folds: lowest with precision >= {target_precision} (files weighted equally)"
            if not reached:
                source = f"held-out folds: best precision ({target_precision} not reached)"
                warnings.append(
                    f"no threshold reaches held-out precision {target_precision}:"
                    f" {threshold:.4f} has the best"
                )
        else:
            source = "given"
        metrics: dict[str, Any] = {
            "model": str(out),
            "family": family,
            "seed": seed,
            "threshold_source": source,
            "target_precision": target_precision,
            "files": files_info,
            "heldout": {
                "scores": scores,
                "positive": [int(t) for t in truth],
                "file": [e.file for e in examples],
            },
        }
        figures = metrics_at(metrics, threshold)
        # per positive file against every negative: one file unlike the rest (a warning below) must
        # not hide that the others are learnt; all of them near 0.5 means nothing is
        negatives = [s for s, t in zip(scores, truth, strict=True) if not t]
        auc = max(
            ranking_auc(
                [True] * len(mine) + [False] * len(negatives),
                mine + negatives,
            )
            for index in sorted({e.file for e in examples if e.positive})
            if (mine := [s for s, e in zip(scores, examples, strict=True) if e.file == index])
        )
        if auc < MIN_HELDOUT_AUC:
            raise DaptError(
                f"{out}: held-out ROC AUC {auc:.2f} at best over the positive seed files: the classifier"
                " separates nothing (a positive example outscores a negative one no more often than"
                " chance); check the seed files (are the positive and negative files alike?)"
            )
        held_out_by = {
            label: "file"
            if sum(1 for c, p in zip(chunks, is_positive, strict=True) if c and p == cls) > 1
            else "document"
            for label, cls in (("positive", True), ("negative", False))
        }
        if held_out_by["positive"] == "file":
            for info, row in zip(files_info, figures["files"], strict=True):
                if info["label"] == "positive" and row["heldout"] and row["kept_fraction"] < RECALL_COLLAPSE:
                    warnings.append(
                        f"{info['path']}: left out of training, only {row['kept_fraction']:.0%} of its chunks"
                        f" score above {threshold:.4f}: the other positive files do not teach what it holds"
                    )
        if family == "fasttext":
            _, params = _save_fasttext(examples, out, seed, Path(tmp))
        else:
            _, params = _save_embedding(examples, vectors, out)

    positives = [s for s, t in zip(scores, truth, strict=True) if t]
    negatives = [s for s, t in zip(scores, truth, strict=True) if not t]
    metrics.update(
        {
            **{k: v for k, v in figures.items() if k not in ("files", "genres")},
            "genres": figures["genres"],
            "held_out_by": held_out_by,
            "best_file_auc": round(auc, 4),
            "examples": {
                "positive": len(positives),
                "negative": len(negatives),
                "cap_per_file": caps,
                "skipped_too_short": sum(too_short),
            },
            "distributions": {
                "positive": {"quantiles": quantiles(positives), "histogram": _histogram(positives)},
                "negative": {"quantiles": quantiles(negatives), "histogram": _histogram(negatives)},
            },
            "warnings": warnings,
            "params": params,
            "labels": {"positive": POSITIVE_LABEL, "negative": NEGATIVE_LABEL},
        }
    )
    for index, (info, row) in enumerate(zip(files_info, figures["files"], strict=True)):
        mine = [s for s, e in zip(scores, examples, strict=True) if e.file == index]
        info.update({"heldout": row["heldout"], "kept_fraction": row["kept_fraction"]})
        info["scores"] = quantiles(mine) if mine else None
    write_json_atomic(f"{out}.metrics.json", metrics)
    for warning in warnings:
        logger.warning(warning)
    logger.info("wrote %s and %s.metrics.json", out, out)
    if show_table:
        print_metrics(metrics)
    return metrics


def print_metrics(metrics: dict[str, Any]) -> None:
    """The held-out figures as tables on the console: overall, per seed file, per genre."""
    from rich.console import Console
    from rich.table import Table

    console = Console() if Console().is_terminal else Console(width=150)
    threshold = metrics["threshold"]
    examples = metrics["examples"]
    table = Table(
        title=f"{metrics['model']} ({metrics['family']}): held-out figures at threshold {threshold:.4f}"
    )
    for column in ("precision", "recall", "F1", "false positives", "examples pos/neg", "held out by"):
        table.add_column(column, justify="right")
    table.add_row(
        f"{metrics['precision']:.3f}",
        f"{metrics['recall']:.3f}",
        f"{metrics['f1']:.3f}",
        f"{metrics['false_positive_rate']:.3f}",
        f"{examples['positive']}/{examples['negative']}",
        f"{metrics['held_out_by']['positive']}/{metrics['held_out_by']['negative']}",
    )
    console.print(table)
    console.print(f"threshold: {metrics['threshold_source']}; precision and F1 weigh both classes equally")
    files = Table(
        title="per seed file, scored by a model trained without it"
        " (kept: recall of positive files, false positives of negative files)"
    )
    for column in ("file", "class", "genre", "chunks", "used", "share", "median score", "kept"):
        files.add_column(column, justify="left" if column in ("file", "class", "genre") else "right")
    for info in metrics["files"]:
        median = info["scores"]["median"] if info["scores"] else None
        kept = info["kept_fraction"]
        files.add_row(
            Path(info["path"]).name,
            info["label"],
            info["genre"] or "",
            str(info["chunks"]),
            str(info["used"]),
            f"{info['share']:.0%}",
            "" if median is None else f"{median:.3f}",
            "" if kept is None else f"{kept:.1%}",
        )
    console.print(files)
    genres = Table(title="per genre")
    for column in ("genre", "class", "held out", "kept"):
        genres.add_column(column, justify="left" if column in ("genre", "class") else "right")
    for genre, row in metrics["genres"].items():
        kept = "" if row["kept_fraction"] is None else f"{row['kept_fraction']:.1%}"
        genres.add_row(genre, row["label"], str(row["heldout"]), kept)
    console.print(genres)
    for label, distribution in metrics["distributions"].items():
        bars = " ".join(f"{n:>4}" for n in distribution["histogram"])
        console.print(f"held-out scores of the {label} examples, in tenths 0.0-0.1 .. 0.9-1.0: {bars}")
